"""Tables in: reading official appendices as printed (:mod:`.reader`, cell text in
:mod:`.text`), knowing what their headers name (:mod:`.headers`), matching unit names and
validating figures (:mod:`.matching`), the import into the seeds or a session
(:mod:`.importer`), and checking an upload in a worker process with a time and a memory limit
(:mod:`.sandbox`).

Dependencies inside run ``text`` ← ``headers`` ← ``reader`` ← ``matching`` ← ``importer`` ←
``sandbox``.
May import :mod:`analysis.stats`, :mod:`analysis.warehouse`, :mod:`analysis.codes` and
:mod:`analysis.paths`; never reports, the command line, ``ui`` or Streamlit.
"""
