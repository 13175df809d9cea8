"""The change page (pages/change.py): year-over-year change, its tests and ordinary variation.

``sections`` (cached sections), ``yoy`` (cached tests and band), ``charts`` and ``texts``.
May import the ui core and analysis; never another page's folder.
"""
