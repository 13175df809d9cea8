"""The one-page unit report ("Báo cáo một trang") as a printable A4 PDF.

* :mod:`.content` gathers the figures of one unit and year from a store into a
  :class:`~.content.UnitPage` (history, components against the unit's group and the block,
  the year's change, what is missing, the sources); numbers only, no language.
* :mod:`.texts` holds the Vietnamese and English texts and the number formats.
* :mod:`.layout` draws the page with fpdf2 (vector charts, the embedded DejaVu Sans font
  from ``static/fonts``) and returns the PDF's bytes.

Entry point: :func:`unit_report_pdf`. Same imports as :mod:`analysis.reports`.
"""

from analysis.reports.pdf.content import ReportError, UnitPage, resolve_unit, unit_page
from analysis.reports.pdf.layout import render, unit_report_pdf

__all__ = ["ReportError", "UnitPage", "render", "resolve_unit", "unit_page", "unit_report_pdf"]
