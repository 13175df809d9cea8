"""The unit profile page (pages/profile.py): one unit's history, components and sources.

``sections`` (cached sections), ``report_card`` (history, benchmarks, figures and sources
tables and sentences), ``charts`` and ``texts``. May import the ui core and analysis; never
another page's folder.
"""
