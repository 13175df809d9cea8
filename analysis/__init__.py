"""Backend of the Hanoi PAR Index Explorer: seeds → DuckDB build, queries, statistics, import.

Nothing in this package imports Streamlit; the app and the command line both use it.
"""
