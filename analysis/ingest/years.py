"""Where a read table says which year it is for: a year column, the sheet name, a title
line or the column headers.

:func:`year_clues` lists every place a table names its year; :func:`year_column` finds a
column of years (long tables, one row per unit and year). The matching decides between
them and a ``--year`` given by the user. Pure, no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analysis.ingest.headers import YEAR, classify_header
from analysis.ingest.phrase import Phrase, phrase
from analysis.ingest.reader import RawTable
from analysis.ingest.text import fold_text

__all__ = ["FIRST_YEAR", "YearClue", "column_year", "year_clues", "year_column"]

#: The first year of the index in the method periods (seeds/method_periods.csv).
FIRST_YEAR = 2012

# "năm 2023" but not a date "ngày 5 tháng 3 năm 2024" or "05/3/2024".
_NAMED = re.compile(r"\b(?:nam|year|ky)\s+(20\d\d)\b")
_DATE_BEFORE = re.compile(r"(?:thang\s*\d{1,2}\s*|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*)$")
_DATE_AROUND = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(20\d\d)")


class YearClue(NamedTuple):
    """A year a table names and where: ``kind`` is ``"sheet"``, ``"title"`` or ``"column"``.

    ``where`` reads "sheet name '…'" or "title line '…'" (a phrase: messages quote it).
    """

    year: int
    kind: str
    where: Phrase


def _years_in(text: str) -> list[int]:
    """Years a title or sheet name states, dates ("ngày 5 tháng 3 năm 2024") left out."""
    folded = fold_text(text)
    named = []
    dated = False
    for m in _NAMED.finditer(folded):
        if _DATE_BEFORE.search(folded[: m.start()]):
            dated = True
        else:
            named.append(int(m.group(1)))
    if named or dated:
        return sorted(set(named))
    dates = {m.start(1) for m in _DATE_AROUND.finditer(folded)}
    bare = {int(m.group(1)) for m in YEAR.finditer(folded) if m.start(1) not in dates}
    bare = {y for y in bare if y >= FIRST_YEAR}
    return sorted(bare) if len(bare) == 1 else []


def column_year(header: str) -> int | None:
    """The one year a column header names ("Tổng điểm năm 2023" → 2023), else None.

    Examples
    --------
    >>> column_year("Chỉ số CCHC năm 2023 (%)"), column_year("Xếp hạng")
    (2023, None)
    """
    years = {int(y) for y in YEAR.findall(fold_text(header))}
    return years.pop() if len(years) == 1 else None


def year_column(raw: RawTable) -> int | None:
    """Index of the column of years ("Năm", "Year"), or None.

    Examples
    --------
    >>> t = RawTable("t.csv", ["Đơn vị", "Năm", "Tổng điểm"], [["Ba Vì", "2023", "90"]], [2])
    >>> year_column(t)
    1
    """
    for j, name in enumerate(raw.header):
        if classify_header(name) == "year":
            return j
    return None


def year_clues(raw: RawTable) -> list[YearClue]:
    """Every year the sheet name and the title lines state, in that order.

    Column headers are not clues for the whole table: each column keeps its own year
    (:func:`column_year`).

    Examples
    --------
    >>> t = RawTable("t.csv", ["Đơn vị"], [], [], sheet="Năm 2022",
    ...              title=["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023", "(Kèm theo QĐ ngày 5 tháng 3 năm 2024)"])
    >>> [(c.year, c.kind) for c in year_clues(t)]
    [(2022, 'sheet'), (2023, 'title')]
    """
    clues: list[YearClue] = []
    if raw.sheet:
        for y in _years_in(raw.sheet):
            where = phrase("where.sheet_name", f"sheet name '{raw.sheet}'", sheet=raw.sheet)
            clues.append(YearClue(y, "sheet", where))
    for line in raw.title:
        for y in _years_in(line):
            where = phrase("where.title_line", f"title line '{line[:80]}'", line=line[:80])
            clues.append(YearClue(y, "title", where))
    return clues
