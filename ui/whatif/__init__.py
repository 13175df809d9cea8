"""The what-if page (pages/whatif.py): component changes, the simulated total and target rank.

``sections`` (cached sections), ``simulation`` (weights, sliders, simulation and target),
``charts`` and ``texts``. May import the ui core and analysis; never another page's folder.
"""
