"""The data and sources page (pages/data.py): figures, coverage, sources, method, corrections.

``sections`` (cached sections), ``charts`` and ``texts``. May import the ui core and
analysis; never another page's folder.
"""
