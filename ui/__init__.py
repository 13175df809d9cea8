"""Shared Streamlit pieces of the app: sidebar filters, data access, charts, downloads, texts.

Pages import from here and stay thin; the statistics and queries live in ``analysis``.
"""
