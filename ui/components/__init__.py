"""The components page (pages/components.py): how the PAR component indices move together.

``sections`` (cached sections), ``correlations`` (cached correlation analysis, tables and
sentences), ``charts`` and ``texts``. May import the ui core and analysis; never another
page's folder.
"""
