"""The data warehouse: curated seeds (:mod:`.seeds`), the staged DuckDB build (:mod:`.build`:
raw → typed staging → documented public views, with data tests), read-only queries and keeping
the file fresh (:mod:`.store`), seed changes as one unit that survives a kill and the cleaning
up after killed builds (:mod:`.journal`), the simulated demo panels (:mod:`.demo`), safe
exports (:mod:`.export`) and the analysts' files in ``static/data`` (:mod:`.publish`).

May import :mod:`analysis.stats`, :mod:`analysis.codes` and :mod:`analysis.paths`; never
ingest, reports, the command line, ``ui`` or Streamlit.
"""
