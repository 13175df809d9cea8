"""The Streamlit side of the app: a shared core and one folder per page (see ARCHITECTURE.md).

Core modules (flat here): ``sidebar`` (filters), ``state`` (URL state), ``i18n`` (texts and
number format), ``texts`` (the text registry), ``layout`` (page frame, tables, charts),
``charts`` (shared chart builders and sizes), ``chartspec`` (converted chart specs),
``downloads``, ``queries`` (cached database access), ``memo`` (value-keyed caches),
``labels`` (p-values, intervals, short names), ``unit_picker``, ``meeting`` (projector
mode). Page folders may import the core and ``analysis``; the core imports no page folder
(except the text registry, which reads each page's ``texts``).
"""
