"""The data and sources page (pages/data.py): figures, coverage, sources, method, corrections.

``sections`` (cached sections), ``codebook`` (the codebook's downloads), ``charts`` and
``texts``. May import the ui core and analysis; never another page's folder.
"""
