"""The rankings page (pages/rankings.py): ranks over the years, trends and the citywide trend.

``sections`` (cached sections), ``trends`` (cached trend statistics), ``charts`` and ``texts``.
May import the ui core and analysis; never another page's folder.
"""
