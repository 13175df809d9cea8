"""Tables in: reading official appendices as printed (:mod:`.reader`, cell text in
:mod:`.text`, every message with its code and values in :mod:`.phrase`), knowing what their headers name (:mod:`.headers`), where a table says its
year (:mod:`.years`), matching unit names and validating figures (:mod:`.matching`), the
app's own exports read back (:mod:`.roundtrip`), the import into the seeds or a session
(:mod:`.importer`), where an official table and a report disagree (:mod:`.disagree`) and
workspaces kept on the server under a token, with their promotion into the seeds
(:mod:`.workspace`), and checking an upload in a worker process with a time and a memory
limit (:mod:`.sandbox`).

Dependencies inside run ``phrase`` ← ``text`` ← ``headers`` ← ``reader`` ← ``years`` ← ``matching`` ←
``roundtrip`` ← ``importer`` ← ``workspace``, ``sandbox`` (``disagree`` needs only the warehouse).
May import :mod:`analysis.stats`, :mod:`analysis.warehouse`, :mod:`analysis.codes` and
:mod:`analysis.paths`; never reports, the command line, ``ui`` or Streamlit.
"""
