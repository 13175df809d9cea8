"""Tables and summaries people read: the command-line reports of trend, correlation and
change (:mod:`.tables`, written as JSON by :mod:`.json_table`), the rankings tables
(:mod:`.ranking`), a unit's report card (:mod:`.unit_report`), a year's headline and
coverage (:mod:`.summary`) and the one-page unit report as PDF (:mod:`.pdf`).

May import :mod:`analysis.stats`, :mod:`analysis.warehouse`, :mod:`analysis.codes` and
:mod:`analysis.paths`; never ingest, the command line, ``ui`` or Streamlit.
"""
