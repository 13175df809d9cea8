"""Backend of the Hanoi PAR Index Explorer; nothing in this package imports Streamlit.

Rooms (each ``__init__`` says what it owns and may import):

* :mod:`analysis.stats` — the statistics; pure functions on frames, no I/O.
* :mod:`analysis.warehouse` — seeds, the staged DuckDB build, the store, demo panels, export.
* :mod:`analysis.ingest` — reading official tables, matching names and headers, importing.
* :mod:`analysis.reports` — tables and summaries for the command line and the pages.
* :mod:`analysis.codes` and :mod:`analysis.paths` — the codebook's ids and where files live;
  every room may import them.
* :mod:`analysis.cli` — the command line (``python -m analysis``); it may import every room.

Dependencies run one way: ``stats`` ← ``warehouse`` ← ``ingest``/``reports`` ← ``cli``
(``tests/test_architecture.py`` checks it).
"""
