"""Tables in: reading official appendices as printed (:mod:`.reader`, cell text in
:mod:`.text`), knowing what their headers name (:mod:`.headers`), matching unit names and
validating figures (:mod:`.matching`), and the import into the seeds or a session
(:mod:`.importer`).

Dependencies inside run ``text`` ← ``headers`` ← ``reader`` ← ``matching`` ← ``importer``.
May import :mod:`analysis.stats`, :mod:`analysis.warehouse`, :mod:`analysis.codes` and
:mod:`analysis.paths`; never reports, the command line, ``ui`` or Streamlit.
"""
