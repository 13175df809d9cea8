"""Statistics of the PAR Index: trends, correlations, year-over-year change, multiplicity,
what-if weighting, method periods and the one result vocabulary (:mod:`.result`) they share.

Pure functions on pandas/NumPy inputs, no I/O: they may import only each other,
:mod:`analysis.codes`, NumPy, pandas, SciPy and statsmodels — never the warehouse, ingest,
reports, the command line, ``ui`` or Streamlit. One module per statistical family.
"""
