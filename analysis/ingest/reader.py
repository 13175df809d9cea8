"""Tolerant reader for uploaded PAR Index tables (CSV or XLSX) into a plain :class:`RawTable`.

The tables Hà Nội's offices publish are made for printing, not for machines: title rows
above the header, headers spread over two or three rows with merged cells, a leading
"STT" column, decimal commas, footers with averages and signatures, and CSV exports in
whatever encoding the office computer used. This module reads all of that into one
header row and a list of data rows of cell *texts*, keeping each row's number as a
spreadsheet shows it, and says in ``notes`` what it dropped and why.

It never interprets the figures (that is :mod:`analysis.ingest.matching`) and never evaluates a
spreadsheet formula: XLSX files are opened with ``read_only=True, data_only=True,
keep_links=False`` and macros are not loaded; a formula cell without a saved value is
reported as a problem. Anything that cannot be read raises :class:`TableError` with a
message naming the file, never another exception.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from analysis.ingest.headers import block_of, classify_header
from analysis.ingest.phrase import Args, Phrase, cut, phrase
from analysis.ingest.text import clean_cell, fold_text, parse_number, shorten
from analysis.ingest.text import words as _words

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_UNPACKED_BYTES",
    "Problem",
    "RawTable",
    "TableError",
    "first_sheet_grid",
    "read_table",
    "too_large",
    "too_large_message",
]

# Column names join up to three header rows: quoted longer than a cell, never whole.
_HEADER_QUOTE = 120

DEFAULT_MAX_BYTES = 5_000_000
# An XLSX file is a zip archive; refuse archives that unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 100_000_000
_MAX_ROWS = 5_000
_MAX_COLUMNS = 256
_HEADER_SEARCH_ROWS = 30
_MAX_HEADER_ROWS = 3
# Every dimension of a workbook is bounded before any work that grows with it: a file of a
# few kilobytes can declare a million rows, 400,000 merged ranges or a 94 MB cell.
_MAX_CELL_CHARS = 32_767  # what a spreadsheet cell can hold
_MAX_SHEET_PART_BYTES = 24_000_000  # one worksheet's XML, unpacked
_MAX_SHARED_STRINGS_BYTES = 8_000_000  # the workbook's shared strings, unpacked
_MAX_OTHER_PART_BYTES = 8_000_000  # styles, workbook, relationships …
_MAX_MERGED_RANGES = 2_000
_MAX_MERGE_FILL = 2_000_000  # cells filled from merged ranges, in all
# The delimiter guess reads at most this much (a linear count; csv.Sniffer's regular
# expressions can hold the interpreter for seconds on a crafted line).
_SNIFF_BYTES = 20_000
_SNIFF_LINES = 50


class TableError(Exception):
    """A file that cannot be read as a table; ``row``/``column`` locate the problem if known.

    ``message`` is the English sentence; ``phrase`` carries it with its code and values
    (:mod:`analysis.ingest.phrase`), so the app can word it in the reader's language. A
    plain string has no code.

    Examples
    --------
    >>> str(TableError("t.csv is empty"))
    't.csv is empty'
    >>> TableError(phrase("file.empty", "t.csv is empty", file="t.csv")).code
    'file.empty'
    """

    def __init__(self, message: str | Phrase, row: int | None = None, column: str | None = None):
        said = message if isinstance(message, Phrase) else Phrase("", str(message))
        super().__init__(said.text)
        self.message = said.text
        self.phrase = said
        self.row = row
        self.column = column

    @property
    def code(self) -> str:
        """The message's code ("" when it was given as a plain string)."""
        return self.phrase.code


@dataclass(frozen=True)
class Problem:
    """One problem found in a table: ``severity`` is ``"error"`` (blocks the import) or ``"warning"``.

    ``message`` is complete on its own ("row 14, column 'Tổng điểm': 104,2 is outside 0–100");
    ``row`` (as a spreadsheet shows it) and ``column`` (header text) repeat where it is.
    ``code`` and ``args`` are what the message is made from (:mod:`analysis.ingest.phrase`):
    the app words them in the reader's language, the command line prints ``message``.

    Examples
    --------
    >>> str(Problem(9, None, "row 9: unknown unit 'x'"))
    "row 9: unknown unit 'x'"
    >>> p = Problem.of(9, None, phrase("unit.unknown", "row 9: unknown unit 'x'", row=9, unit="x"))
    >>> p.message, p.code, p.args
    ("row 9: unknown unit 'x'", 'unit.unknown', (('row', 9), ('unit', 'x')))
    """

    row: int | None
    column: str | None
    message: str
    severity: str = "error"
    code: str = ""
    args: Args = ()

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of(
        cls, row: int | None, column: str | None, said: Phrase, severity: str = "error"
    ) -> Problem:
        """A problem whose message, code and arguments are those of ``said``."""
        return cls(row, column, said.text, severity, said.code, said.args)

    @property
    def phrase(self) -> Phrase:
        """The message with its code and arguments (to wrap it in another message)."""
        return Phrase(self.code, self.message, self.args)

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready dict (row, column, message, severity, code)."""
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "severity": self.severity,
            "code": self.code,
        }


@dataclass
class RawTable:
    """A table as read: one merged header, data rows of cell texts, and what was dropped.

    Attributes
    ----------
    filename : str
        Name of the uploaded file (used in messages).
    header : list of str
        Column names; header rows spanning 2–3 lines are joined with spaces after
        filling merged (blank) cells, e.g. ``"Chỉ số CCHC Xếp hạng"``.
    rows : list of list of str
        Data rows, each exactly ``len(header)`` cell texts (stripped, NFC).
    row_numbers : list of int
        Each data row's number as a spreadsheet shows it (1-based).
    sheet : str or None
        Sheet read (XLSX), else None.
    encoding, delimiter : str or None
        How a CSV file was decoded and split (None for XLSX).
    header_rows : list of int
        Row numbers of the header lines.
    title : list of str
        Texts of the rows above the header (titles).
    notes : list of str
        What the reader dropped or assumed (footer, blank and numbering rows, the STT column…).
    problems : list of Problem
        Cells that could not be read faithfully (a formula without a saved value, bytes
        that are not valid text); :func:`analysis.ingest.matching.validate_table` reports them.
    sha256 : str
        SHA-256 of the file's bytes.
    format : str
        ``"csv"`` or ``"xlsx"``.
    source_columns : list of int
        Each header column's position in the file (1-based, as a spreadsheet shows it).
    blocks : list of str
        For each data row, the text of the block row above it ("I. KHỐI PHƯỜNG"), or "".
    """

    filename: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_rows: list[int] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    format: str = "csv"
    source_columns: list[int] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)


def _is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


# --------------------------------------------------------------------------- row classes

_FOOTER_ROW = re.compile(
    r"^(trung binh|binh quan|tong cong|tong so|tong|cong|gia tri trung binh|diem trung binh"
    r"|average|mean|total|sum)\b"
)
# After one of these nothing more is data: notes, sources and the signature block.
_TERMINAL_ROW = re.compile(
    r"^(nguoi lap|nguoi lap bieu|lap bieu|noi nhan|ghi chu|chu thich|chu y|nguon|luu|ky ten"
    r"|tm|t m|kt|k t|q chu tich|chu tich|pho chu tich|giam doc|pho giam doc|truong phong"
    r"|thu truong|ha noi ngay|ngay \d+ thang|notes?|source|prepared by)\b"
)
_SECTION_ROW = re.compile(r"^([ivx]+|[a-d])( |$)|^(khoi|nhom|cac quan|cac huyen|quan huyen)\b")


def _first_text(cells: list[str]) -> str:
    for c in cells:
        if c and not re.fullmatch(r"\(?\d{1,3}\)?\.?|[ivxIVX]+\.?", c):
            return c
    return ""


def _known_cells(cells: list[str]) -> tuple[int, bool]:
    """How many distinct cells of a row are known column names, and whether one names units."""
    seen = {fold_text(c) for c in cells if c and len(c) <= 160}
    kinds = [classify_header(c) for c in seen]
    known = [k for k in kinds if k is not None]
    return len(known), any(k in {"unit", "stt"} for k in known)


def _find_header(grid: list[tuple[int, list[str]]]) -> tuple[int, int] | None:
    """The header row and how many known columns it names.

    The first of the first rows naming ≥2 known columns, one of them the unit (or STT)
    column; failing that, the first naming ≥2 known columns (titles such as "BẢNG TỔNG
    HỢP ĐIỂM … Xếp hạng" rarely name a unit column).
    """
    fallback = None
    for i, (_, cells) in enumerate(grid[:_HEADER_SEARCH_ROWS]):
        k, names_units = _known_cells(cells)
        if k >= 2 and names_units:
            return i, k
        if k >= 2 and fallback is None:
            fallback = (i, k)
    return fallback


def _is_numbering_row(cells: list[str]) -> bool:
    """Rows like "(1) (2) (3) …" or "A B 1 2 3" printed under a header."""
    items = [c for c in cells if c]
    if len(items) < 3 or not all(re.fullmatch(r"\(?(\d{1,2}|[A-Z])\)?", c) for c in items):
        return False
    numbers = [int(re.sub(r"\D", "", c)) for c in items if re.search(r"\d", c)]
    return len(numbers) >= 2 and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


# --------------------------------------------------------------------------- grid → table


def _width(cells: list[str]) -> int:
    n = len(cells)
    while n and not cells[n - 1]:
        n -= 1
    return n


def _merge_header(lines: list[list[str]], width: int) -> list[str]:
    grid = [list(line[:width]) + [""] * (width - len(line[:width])) for line in lines]
    # Fill blank cells of a group header (a cell with sub-headers below) to the right.
    for r in range(len(grid) - 1):
        for j in range(1, width):
            left_has_sub = any(grid[k][j - 1] for k in range(r + 1, len(grid)))
            if not grid[r][j] and grid[r][j - 1] and left_has_sub:
                grid[r][j] = grid[r][j - 1]
    header = []
    for j in range(width):
        parts: list[str] = []
        for r in range(len(grid)):
            part = " ".join(grid[r][j].split())
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        header.append(" ".join(parts))
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if name:
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                header[j] = f"{name} [{seen[name]}]"
    return header


def _table_from_grid(
    grid: list[tuple[int, list[str]]],
    filename: str,
    sheet: str | None,
    notes: list[str],
    strict_width: bool,
) -> RawTable:
    found = _find_header(grid)
    if found is None:
        expected = (
            f"no header row found in the first {_HEADER_SEARCH_ROWS} rows; "
            "expected a row naming at least two known columns such as 'STT', 'Đơn vị', "
            "'Tổng điểm' or 'Xếp hạng'"
        )
        if sheet is None:
            raise TableError(
                phrase(
                    "header.not_found",
                    f"{filename}: {expected}",
                    file=filename,
                    rows=_HEADER_SEARCH_ROWS,
                )
            )
        raise TableError(
            phrase(
                "header.not_found_in_sheet",
                f"{filename}, sheet '{shorten(sheet)}': {expected}",
                file=filename,
                sheet=cut(sheet),
                rows=_HEADER_SEARCH_ROWS,
            )
        )
    h, _ = found
    title = [" ".join(c for c in cells if c) for _, cells in grid[:h] if any(cells)]
    first = grid[h][1]
    unit_col = next((j for j, c in enumerate(first) if c and classify_header(c) == "unit"), None)
    header_idx = [h]
    k = h + 1
    while k < len(grid) and len(header_idx) < _MAX_HEADER_ROWS:
        cells = grid[k][1]
        if not any(cells) or any(_is_number(c) for c in cells if c) or _is_numbering_row(cells):
            break
        unit_cell = cells[unit_col] if unit_col is not None and unit_col < len(cells) else ""
        if unit_cell and classify_header(unit_cell) != "unit":
            break
        # A section row ("KHỐI QUẬN") has text only left of the figure columns.
        if unit_col is not None and not any(cells[unit_col + 1 :]):
            break
        if _SECTION_ROW.match(_words(_first_text(cells))) and len({c for c in cells if c}) <= 2:
            break
        header_idx.append(k)
        k += 1
    width = max(_width(grid[i][1]) for i in header_idx)
    header = _merge_header([grid[i][1] for i in header_idx], width)
    header_rows = [grid[i][0] for i in header_idx]
    if len(header_idx) > 1:
        notes.append(f"header spans rows {header_rows[0]}–{header_rows[-1]}; parts joined")
    if title:
        notes.append(f"{len(title)} title row(s) above the header skipped")

    rows: list[list[str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    blank: list[int] = []
    footer: list[str] = []
    row_blocks: list[str] = []
    block = ""
    rest = grid[k:]
    if rest and _is_numbering_row(rest[0][1]):
        notes.append(f"row {rest[0][0]}: column numbering row under the header dropped")
        rest = rest[1:]
    for idx, (number, cells) in enumerate(rest):
        if not any(cells):
            blank.append(number)
            continue
        text = _words(_first_text(cells))
        if _TERMINAL_ROW.match(text):
            dropped = [n for n, c in rest[idx:] if any(c)]
            footer.append(
                f"rows {dropped[0]}–{dropped[-1]} (from '{_first_text(cells)[:40]}') dropped: "
                "notes and signatures below the table"
            )
            break
        has_number = any(_is_number(c) for c in cells if c)
        if _FOOTER_ROW.match(text):
            footer.append(f"row {number}: summary row '{_first_text(cells)[:40]}' dropped")
            continue
        if has_number and block_of(_first_text(cells)):
            block = " ".join(c for c in dict.fromkeys(cells) if c and not _is_number(c))
            footer.append(
                f"row {number}: block row '{block[:40]}' sets the block below (its figures, "
                "block averages, are not read)"
            )
            continue
        if not has_number and _SECTION_ROW.match(text) and len({c for c in cells if c}) <= 2:
            label = " ".join(c for c in dict.fromkeys(cells) if c)
            if block_of(label) or block_of(_first_text(cells)):
                block = label
                footer.append(f"row {number}: block row '{label[:40]}' sets the block below")
            else:
                footer.append(f"row {number}: section row '{_first_text(cells)[:40]}' dropped")
            continue
        extra = [c for c in cells[width:] if c]
        if extra:
            if strict_width:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "row.too_wide",
                            f"row {number} has {_width(cells)} cells but the header has {width} "
                            "columns (a decimal comma in a comma-separated file? quote such "
                            "numbers or use ';' as the separator)",
                            row=number,
                            cells=_width(cells),
                            columns=width,
                        ),
                    )
                )
            else:
                notes.append(f"row {number}: cells right of the last header column ignored")
        row = list(cells[:width]) + [""] * (width - min(len(cells), width))
        rows.append(row)
        numbers.append(number)
        row_blocks.append(block)
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        notes.append(f"blank row(s) {shown} dropped")
    notes.extend(footer)
    # Drop STT columns (they carry no figures) and columns blank in header and data alike.
    keep = []
    for j, name in enumerate(header):
        if classify_header(name) == "stt":
            notes.append(f"column '{name}' (row numbering) dropped")
            continue
        if not name and not any(r[j] for r in rows):
            continue
        keep.append(j)
    return RawTable(
        filename=filename,
        header=[header[j] for j in keep],
        rows=[[r[j] for j in keep] for r in rows],
        row_numbers=numbers,
        header_rows=header_rows,
        title=title,
        notes=notes,
        problems=problems,
        source_columns=[j + 1 for j in keep],
        blocks=row_blocks,
    )


# --------------------------------------------------------------------------- CSV


def _too_many_rows(filename: str, sheet: str | None = None, limit: int = _MAX_ROWS) -> TableError:
    where = f", sheet '{sheet}'," if sheet else ""
    code = "rows.too_many_in_sheet" if sheet else "rows.too_many"
    values: dict[str, object] = {"file": filename, "sheet": sheet} if sheet else {"file": filename}
    if limit != _MAX_ROWS:  # an export of the app's figures, not a table of units
        return TableError(
            phrase(
                f"{code}.export",
                f"{filename}{where} has more than {limit:,} rows; is this the right file?",
                **values,
                limit=limit,
            )
        )
    return TableError(
        phrase(
            code,
            f"{filename}{where} has more than {_MAX_ROWS} rows; a PAR Index table has one row "
            "per unit — is this the right file?",
            **values,
            limit=_MAX_ROWS,
        )
    )


def _empty(filename: str) -> Phrase:
    return phrase("file.empty", f"{filename} is empty", file=filename)


def _decode(data: bytes, filename: str) -> tuple[str, str, list[str]]:
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[3:]
        text = body.decode("utf-8", errors="replace")
    elif data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        raise TableError(
            phrase(
                "file.utf32",
                f"{filename} is UTF-32 text, which is not supported; save it as UTF-8",
                file=filename,
            )
        )
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        le = data.startswith(codecs.BOM_UTF16_LE)
        encoding, body = ("utf-16-le" if le else "utf-16-be"), data[2:]
        if len(body) % 2:
            notes.append("the file ends in the middle of a character (truncated?)")
        text = body.decode(encoding, errors="replace")
    elif len(data) >= 4 and data.count(0) > len(data) // 4:
        even = sum(1 for b in data[0::2] if b == 0)
        odd = sum(1 for b in data[1::2] if b == 0)
        if max(even, odd) < len(data) // 4:
            raise TableError(_binary(filename))
        encoding = "utf-16-be" if even > odd else "utf-16-le"
        notes.append(f"no byte order mark; read as {encoding.upper()}")
        text = data.decode(encoding, errors="replace")
    else:
        try:
            encoding, text = "utf-8", data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
            bad = text.count("\ufffd")
            if good and good >= 2 * bad:
                encoding = "utf-8"
                notes.append(f"{bad} byte sequence(s) are not valid UTF-8")
            else:
                encoding = "cp1258"
                text = data.decode("cp1258", errors="replace")
                notes.append("not UTF-8; read as Windows-1258 (Vietnamese)")
    if "\x00" in text:
        raise TableError(_binary(filename))
    text = unicodedata.normalize("NFC", text)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if controls > max(2, len(text) // 100):
        raise TableError(_binary(filename))
    return text, encoding, notes


def _binary(filename: str) -> Phrase:
    return phrase(
        "file.binary",
        f"{filename} does not look like a text table (it contains binary data)",
        file=filename,
    )


def _csv_rows(
    text: str, delimiter: str, filename: str
) -> tuple[list[tuple[int, list[str]]] | None, Phrase | None]:
    """The rows split at ``delimiter`` (None when the csv module refuses) and why not."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for i, cells in enumerate(reader, start=1):
            if i > _MAX_ROWS:
                raise _too_many_rows(filename)
            rows.append((i, [clean_cell(c) for c in cells[:_MAX_COLUMNS]]))
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            return None, phrase(
                "csv.cell_too_long",
                f"line {line}: a cell holds more than {limit:,} characters (the most a CSV "
                "cell may hold here); is a quote mark '\"' left open?",
                line=line,
                limit=limit,
            )
        # The csv module's own words ("unexpected end of data") are kept as they are.
        return None, phrase("csv.line_error", f"line {line}: {exc}", line=line, detail=str(exc))
    return rows, None


def _guess_delimiter(text: str) -> str | None:
    """The separator most first lines share, by a linear count of ``,``, ``;`` and tabs.

    Examples
    --------
    >>> _guess_delimiter("STT;Đơn vị;Tổng điểm\\n1;Ba Đình;95,1\\n")
    ';'
    >>> _guess_delimiter("no separators here") is None
    True
    """
    lines = [line for line in text[:_SNIFF_BYTES].splitlines()[:_SNIFF_LINES] if line.strip()]
    best: tuple[int, int] | None = None
    choice = None
    for delimiter in (",", ";", "\t"):
        counts = [line.count(delimiter) for line in lines]
        used = [c for c in counts if c]
        if not used:
            continue
        mode = max(set(used), key=used.count)
        # Lines sharing one count beat many separators on a few lines (decimal commas).
        score = (used.count(mode), sum(used))
        if best is None or score > best:
            best, choice = score, delimiter
    return choice


def _read_csv(data: bytes, filename: str) -> RawTable:
    text, encoding, notes = _decode(data, filename)
    if not text.strip():
        raise TableError(_empty(filename))
    sniffed = _guess_delimiter(text)
    reasons: list[Phrase] = []
    best: tuple[tuple[int, float, float, int, int], str, list[tuple[int, list[str]]]] | None = None
    for delimiter in (",", ";", "\t"):
        grid, reason = _csv_rows(text, delimiter, filename)
        if grid is None and reason is not None:
            reasons.append(reason)
            continue
        if grid is None:
            continue
        found = _find_header(grid)
        counts = [len(c) for _, c in grid if any(c)]
        mode = max(set(counts), key=counts.count) if counts else 0
        steady = round(counts.count(mode) / len(counts), 2) if mode > 1 else 0.0
        if found is None:
            score: tuple[int, float, float, int, int] = (
                0,
                steady,
                0.0,
                0,
                int(delimiter == sniffed),
            )
        else:
            # Prefer the separator giving every line the same number of fields (as
            # spreadsheet exports do), then the one under which the data rows fit the
            # header's width, then the one naming more known columns, then the sniffer's.
            h, known = found
            width = max(_width(c) for _, c in grid[h : h + _MAX_HEADER_ROWS])
            body = [c for _, c in grid[h + 1 :] if any(c)]
            fit = sum(1 for c in body if _width(c) <= width) / len(body) if body else 0.0
            score = (1, steady, round(fit, 2), known, int(delimiter == sniffed))
        if best is None or score > best[0]:
            best = (score, delimiter, grid)
    if best is None:
        why = next((r for r in reasons if r.code == "csv.cell_too_long"), None)
        why = why or (reasons[0] if reasons else None)
        if why is None:
            raise TableError(
                phrase("csv.unreadable", f"{filename} is not a readable CSV file", file=filename)
            )
        raise TableError(
            phrase(
                "csv.unreadable_because",
                f"{filename} is not a readable CSV file ({why})",
                file=filename,
                why=why,
            )
        )
    _, delimiter, grid = best
    table = _table_from_grid(grid, filename, None, notes, strict_width=True)
    table.encoding = encoding
    table.delimiter = delimiter
    table.format = "csv"
    if not text.endswith(("\n", "\r")) and table.row_numbers:
        last = table.row_numbers[-1]
        if last == grid[-1][0]:
            table.problems.append(
                Problem.of(
                    last,
                    None,
                    phrase(
                        "file.no_final_newline",
                        f"row {last}: the file does not end with a line break; check that row "
                        f"{last} is complete (truncated file?)",
                        row=last,
                    ),
                    "warning",
                )
            )
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        for name, cell in zip(table.header, row, strict=True):
            if "\ufffd" in cell:
                table.problems.append(
                    Problem.of(
                        number,
                        name,
                        phrase(
                            "cell.bad_bytes",
                            f"row {number}, column '{shorten(name, _HEADER_QUOTE)}': "
                            f"'{shorten(cell)}' contains bytes that are not valid "
                            f"{encoding.upper()} text",
                            row=number,
                            column=cut(name, _HEADER_QUOTE),
                            cell=cut(cell),
                            encoding=encoding.upper(),
                        ),
                    )
                )
    return table


# --------------------------------------------------------------------------- XLSX

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _decimals_of_format(number_format: str) -> int:
    m = re.search(r"0\.(0+)", (number_format or "").split(";")[0])
    return len(m.group(1)) if m else 0


def _float_text(value: float, min_decimals: int) -> str:
    if not math.isfinite(value):
        return str(value)
    text = format(value, ".15g")
    if "e" in text:
        text = format(value, ".15f").rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    if decimals < min_decimals:
        text = f"{text}{'' if '.' in text else '.'}{'0' * (min_decimals - decimals)}"
    return text


def _xlsx_text(value: object, number_format: str | None) -> str:
    """A cell's value as text; numbers keep the decimals their format shows (never fewer)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        if "%" in (number_format or ""):
            return f"{value * 100}%"
        return str(value)
    if isinstance(value, float):
        fmt = number_format or ""
        decimals = _decimals_of_format(fmt)
        if "%" in fmt:
            return _float_text(value * 100, decimals) + "%"
        return _float_text(value, decimals)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return clean_cell(str(value))


def _check_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        kind = ""
        if "mimetype" in names:
            kind = archive.read("mimetype")[:100].decode("ascii", errors="replace")
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, NotImplementedError …
        raise TableError(
            phrase(
                "zip.damaged",
                f"{filename} is a damaged zip archive, not a readable XLSX workbook",
                file=filename,
            )
        ) from exc
    if "opendocument.spreadsheet" in kind:
        raise TableError(
            phrase(
                "file.ods",
                f"{filename} is an OpenDocument spreadsheet (.ods), which is not supported; "
                "save it as XLSX or CSV",
                file=filename,
            )
        )
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        raise TableError(
            phrase(
                "zip.not_xlsx",
                f"{filename} is a zip archive but not an XLSX workbook",
                file=filename,
            )
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError(
            phrase(
                "zip.too_large",
                f"{filename} unpacks to {unpacked / 1e6:.0f} MB; the limit is "
                f"{MAX_UNPACKED_BYTES / 1e6:g} MB",
                file=filename,
                size_mb=unpacked / 1e6,
                limit_mb=MAX_UNPACKED_BYTES / 1e6,
            )
        )
    for info in archive.infolist():
        name = info.filename.lower()
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            limit, what = _MAX_SHEET_PART_BYTES, phrase("part.worksheet", "a worksheet")
        elif name.endswith("sharedstrings.xml"):
            limit, what = (
                _MAX_SHARED_STRINGS_BYTES,
                phrase("part.shared_strings", "the shared texts part (sharedStrings.xml)"),
            )
        elif name.endswith((".xml", ".rels")):
            part = cut(info.filename)
            limit, what = _MAX_OTHER_PART_BYTES, phrase("part.other", f"the part {part}", part=part)
        else:
            continue  # images, macros …: never read
        if info.file_size > limit:
            raise TableError(
                phrase(
                    "zip.part_too_large",
                    f"{filename}: {what} unpacks to {_mb(info.file_size)}; the limit is "
                    f"{_mb(limit)} (a PAR Index table is far smaller — is this the right file?)",
                    file=filename,
                    part=what,
                    size_mb=_mb_value(info.file_size),
                    limit_mb=_mb_value(limit),
                )
            )
    return archive


def _mb_value(size: int) -> float:
    """Bytes as MB (10⁶), rounded up to 0.1 so a size over a limit never shows as the limit."""
    return math.ceil(size / 1e5) / 10


def _mb(size: int) -> str:
    """:func:`_mb_value` written with its unit ("94.1 MB")."""
    return f"{_mb_value(size):g} MB"


def _sheet_xml(archive: zipfile.ZipFile, ws: Any) -> str:
    """The worksheet's XML text ("" when it cannot be found), read from the archive."""
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return ""
    try:
        return archive.read(str(path).lstrip("/")).decode("utf-8", errors="replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ""


_MERGE = re.compile(r"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+\d+:[A-Z]+\d+)\"")
# The last value, inline text or formula of a sheet (anchored, greedy: one backward scan).
_LAST_CONTENT = re.compile(r".*<(?:\w+:)?(?:v|is|f)[\s>/]", re.S)
_LAST_REF = re.compile(r".*<(?:\w+:)?(?:c|row)\b[^>]*?\br=\"[A-Z]{0,3}(\d+)\"", re.S)
_CELL_COLUMN = re.compile(r"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})\d+\"")
_ROW_TAG = re.compile(r"<(?:\w+:)?row[\s>/]")


def _sheet_bounds(
    xml: str, filename: str, title: str, max_rows: int = _MAX_ROWS
) -> tuple[int, int]:
    """(last row with content, last column) of a worksheet, from its XML in linear time.

    The declared ``<dimension>`` is not trusted (a 2 KB file can declare 1,048,576 rows):
    the rows read stop at the last cell holding a value, and more than ``_MAX_ROWS`` rows
    with content are refused before any is read.
    """
    if not xml:
        return max_rows, _MAX_COLUMNS
    content = _LAST_CONTENT.match(xml)
    if content is None:
        return 0, 0
    head = xml[: content.end()]
    ref = _LAST_REF.match(head)
    last_row = int(ref.group(1)) if ref else len(_ROW_TAG.findall(head))
    if last_row > max_rows:
        raise _too_many_rows(filename, title, max_rows)
    from openpyxl.utils.cell import column_index_from_string

    letters = set(_CELL_COLUMN.findall(xml))
    last_col = max((column_index_from_string(c) for c in letters), default=_MAX_COLUMNS)
    return max(last_row, 1), min(max(last_col, 1), _MAX_COLUMNS)


def _merged_ranges(
    xml: str, filename: str = "", title: str = ""
) -> list[tuple[int, int, int, int]]:
    from openpyxl.utils.cell import range_boundaries

    refs = []
    for m in _MERGE.finditer(xml):
        if len(refs) >= _MAX_MERGED_RANGES:
            raise TableError(
                phrase(
                    "sheet.too_many_merges",
                    f"{filename}, sheet '{shorten(title)}' has more than {_MAX_MERGED_RANGES:,} "
                    "merged cell ranges; a PAR Index table has a few dozen — is this the right "
                    "file?",
                    file=filename,
                    sheet=cut(title),
                    limit=_MAX_MERGED_RANGES,
                )
            )
        refs.append(m.group(1))
    out = []
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if (max_col - min_col + 1) * (max_row - min_row + 1) <= 20_000:
            out.append((min_col, min_row, max_col, max_row))
    return out


def _sheet_grid(ws: Any, xml: str, filename: str, max_rows: int = _MAX_ROWS) -> list[list[str]]:
    """Cell texts by row (index 0 = row 1), merged ranges filled with their top-left text.

    Reads only up to the last row with content and the last used column (at most
    ``_MAX_ROWS`` × ``_MAX_COLUMNS``); a cell longer than a spreadsheet cell can be is refused.
    """
    merges = _merged_ranges(xml, filename, ws.title)  # counted before any cell is read
    last_row, last_col = _sheet_bounds(xml, filename, ws.title, max_rows)
    ws.reset_dimensions()
    grid: list[list[str]] = []
    if last_row == 0:
        return grid
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col), 1):
        if r > max_rows:
            if any(c.value is not None for c in row):
                raise _too_many_rows(filename, ws.title, max_rows)
            break
        cells = []
        for c in row:
            value = c.value
            if isinstance(value, str) and len(value) > _MAX_CELL_CHARS:
                where = getattr(c, "coordinate", None) or phrase("where.row", f"row {r}", row=r)
                raise TableError(
                    phrase(
                        "cell.too_long",
                        f"{filename}, sheet '{shorten(ws.title)}', cell {where} holds "
                        f"{len(value):,} characters (it begins '{shorten(value)}'); a cell of "
                        f"a PAR Index table holds far fewer — the most a spreadsheet cell holds "
                        f"is {_MAX_CELL_CHARS:,}",
                        file=filename,
                        sheet=cut(ws.title),
                        cell=where,
                        length=len(value),
                        begins=cut(value),
                        limit=_MAX_CELL_CHARS,
                    ),
                    row=r,
                )
            cells.append(_xlsx_text(value, getattr(c, "number_format", None)))
        grid.append(cells)
    budget = _MAX_MERGE_FILL
    for min_col, min_row, max_col, max_row in merges:
        if min_row > len(grid):
            continue
        max_col = min(max_col, last_col)
        top = grid[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else ""
        if not value or min_col > max_col:
            continue
        max_row = min(max_row, len(grid))
        budget -= (max_row - min_row + 1) * (max_col - min_col + 1)
        if budget < 0:
            raise TableError(
                phrase(
                    "sheet.merges_too_large",
                    f"{filename}, sheet '{shorten(ws.title)}': its merged cell ranges cover more "
                    f"than {_MAX_MERGE_FILL:,} cells; is this the right file?",
                    file=filename,
                    sheet=cut(ws.title),
                    limit=_MAX_MERGE_FILL,
                )
            )
        for r in range(min_row, max_row + 1):
            cells = grid[r - 1]
            if len(cells) < max_col:
                cells.extend([""] * (max_col - len(cells)))
            for c in range(min_col, max_col + 1):
                if not cells[c - 1]:
                    cells[c - 1] = value
    return grid


def _formulas(data: bytes, title: str, bounds: tuple[int, int]) -> dict[tuple[int, int], str]:
    """Formula texts by (row, column) — read, never evaluated."""
    import openpyxl

    out: dict[tuple[int, int], str] = {}
    wb = openpyxl.load_workbook(
        io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
    )
    try:
        ws = wb[title]
        ws.reset_dimensions()
        last_row, last_col = bounds
        if not last_row:
            return out
        rows = ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col, values_only=True)
        for r, row in enumerate(rows):
            if r >= _MAX_ROWS:
                break
            for c, value in enumerate(row):
                text = getattr(value, "text", value)  # ArrayFormula keeps its text in .text
                if isinstance(text, str) and text.startswith("="):
                    out[(r + 1, c + 1)] = text
    finally:
        wb.close()
    return out


def first_sheet_grid(
    data: bytes, filename: str, *, max_rows: int = _MAX_ROWS, header_only: bool = False
) -> tuple[list[list[str]], str]:
    """The cell texts of a workbook's first visible sheet, and its name, within every bound
    of :func:`read_table` (parts, merged ranges, cells, rows up to ``max_rows``).

    ``header_only`` reads the first row alone. For readers of other layouts (the app's own
    exports): a workbook goes through the same bounds whoever reads it.

    Raises
    ------
    TableError
        For a damaged, foreign or oversized workbook, or one without a visible sheet.
    """
    with _workbook(data, filename) as (archive, wb):
        visible = [
            t
            for t in wb.sheetnames
            if hasattr(wb[t], "iter_rows") and getattr(wb[t], "sheet_state", "visible") == "visible"
        ]
        if not visible:
            raise TableError(
                phrase(
                    "workbook.no_visible_sheet", f"{filename} has no visible sheet", file=filename
                )
            )
        ws = wb[visible[0]]
        if header_only:
            ws.reset_dimensions()
            rows = ws.iter_rows(min_row=1, max_row=1, max_col=_MAX_COLUMNS, values_only=True)
            first = next(iter(rows), ())
            cells = [_xlsx_text(v, None) for v in first]
            if any(len(c) > _MAX_CELL_CHARS for c in cells):
                raise TableError(
                    phrase(
                        "cell.first_row_too_long",
                        f"{filename}: a cell of the first row is too long",
                        file=filename,
                    )
                )
            return [cells], ws.title
        return _sheet_grid(ws, _sheet_xml(archive, ws), filename, max_rows), ws.title


@contextlib.contextmanager
def _workbook(data: bytes, filename: str) -> Iterator[tuple[zipfile.ZipFile, Any]]:
    """The checked archive and the workbook (read-only, no links, no macros), closed after.

    Any failure inside that is not already a :class:`TableError` becomes one naming the file.
    """
    import openpyxl

    archive = _check_zip(data, filename)  # every part's size, before openpyxl reads any
    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False
        )
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise TableError(_unreadable_xlsx(filename, exc)) from exc
    try:
        yield archive, wb
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_unreadable_xlsx(filename, exc)) from exc
    finally:
        wb.close()


def _unreadable_xlsx(filename: str, exc: Exception) -> Phrase:
    return phrase(
        "xlsx.unreadable",
        f"{filename} is not a readable XLSX workbook ({type(exc).__name__})",
        file=filename,
        error=type(exc).__name__,
    )


def _read_xlsx(data: bytes, filename: str, sheet: str | None) -> RawTable:
    with _workbook(data, filename) as (archive, wb):
        titles = list(wb.sheetnames)
        if sheet is not None and sheet not in titles:
            shown = ", ".join(f"'{shorten(t)}'" for t in titles[:20])
            raise TableError(
                phrase(
                    "sheet.not_found",
                    f"{filename} has no sheet '{shorten(sheet)}' (sheets: {shown})",
                    file=filename,
                    sheet=cut(sheet),
                    sheets=shown,  # names as in the file, pre-joined
                )
            )
        # Hidden sheets are never read unless named: a reader sees only the visible ones.
        hidden = [t for t in titles if getattr(wb[t], "sheet_state", "visible") != "visible"]
        grids = [t for t in titles if hasattr(wb[t], "iter_rows")]  # not chart sheets
        order = [sheet] if sheet is not None else [t for t in grids if t not in hidden]
        last_error: TableError | None = None
        for title in order:
            xml = _sheet_xml(archive, wb[title])
            grid = _sheet_grid(wb[title], xml, filename)
            numbered = [(i + 1, cells) for i, cells in enumerate(grid)]
            notes: list[str] = []
            try:
                table = _table_from_grid(numbered, filename, title, notes, False)
            except TableError as exc:
                last_error = exc
                continue
            table.notes.insert(0, _sheet_note(title, titles, hidden))
            table.sheet = title
            table.format = "xlsx"
            # Formulas are looked up (never evaluated) only when the sheet has any.
            if not xml or re.search(r"<(?:\w+:)?f[\s>/]", xml):
                _formula_problems(table, data, title, _sheet_bounds(xml, filename, title))
            return table
    if last_error is not None and sheet is not None:
        raise last_error
    if last_error is not None and len(order) == 1 and not hidden:
        raise last_error
    expected = (
        "has a header row (a row naming at least two known columns such "
        "as 'STT', 'Đơn vị', 'Tổng điểm' or 'Xếp hạng')"
    )
    if not hidden:
        raise TableError(
            phrase("workbook.no_header", f"{filename}: no sheet {expected}", file=filename)
        )
    names = ", ".join(repr(shorten(t)) for t in hidden)
    raise TableError(
        phrase(
            "workbook.no_header_visible",
            f"{filename}: no visible sheet {expected}; hidden sheets are not read unless named: "
            f"{names}",
            file=filename,
            hidden=names,  # names as in the file, pre-joined
        )
    )


def _sheet_note(title: str, titles: list[str], hidden: list[str]) -> str:
    """Which sheet was read, and what became of the others (hidden ones named as such)."""
    note = f"sheet '{shorten(title)}' read"
    if title in hidden:
        note += " (a hidden sheet, read because it was named)"
    others = [t for t in titles if t != title and t not in hidden]
    unread = [t for t in hidden if t != title]
    if others:
        note += f"; other sheets ignored: {', '.join(shorten(t) for t in others)}"
    if unread:
        note += f"; hidden sheets not read: {', '.join(shorten(t) for t in unread)}"
    return note


def _formula_problems(
    table: RawTable, data: bytes, title: str, bounds: tuple[int, int] = (_MAX_ROWS, _MAX_COLUMNS)
) -> None:
    formulas = _formulas(data, title, bounds)
    if not formulas:
        return
    position = {r: i for i, r in enumerate(table.row_numbers)}
    column = {c: j for j, c in enumerate(table.source_columns)}
    cached = 0
    for (r, c), formula in sorted(formulas.items()):
        if r not in position or c not in column:
            continue
        name = table.header[column[c]]
        if table.rows[position[r]][column[c]] == "":
            table.problems.append(
                Problem.of(
                    r,
                    name,
                    phrase(
                        "cell.formula_unsaved",
                        f"row {r}, column '{shorten(name, _HEADER_QUOTE)}': a formula "
                        f"({shorten(formula)}) without a saved value; formulas are never "
                        "evaluated here — open the file in a spreadsheet program and save it "
                        "again, or paste the values",
                        row=r,
                        column=cut(name, _HEADER_QUOTE),
                        formula=cut(formula),
                    ),
                )
            )
        else:
            cached += 1
    if cached:
        table.notes.append(
            f"{cached} formula cell(s): their saved values were used (not evaluated)"
        )


# --------------------------------------------------------------------------- entry point


def too_large(filename: str, size: int, limit: int) -> Phrase:
    """The message for a file over the size limit, with its code (see :func:`too_large_message`).

    Examples
    --------
    >>> too_large("big.xlsx", 7_200_000, 5_000_000).code
    'file.too_large'
    """
    if size < limit * 1.1:
        return phrase(
            "file.too_large_bytes",
            f"{filename} is {size:,} bytes; the limit is {limit:,} bytes ({limit / 1e6:g} MB)",
            file=filename,
            size=size,
            limit=limit,
            limit_mb=limit / 1e6,
        )
    return phrase(
        "file.too_large",
        f"{filename} is {_mb(size)}; the limit is {limit / 1e6:g} MB",
        file=filename,
        size_mb=_mb_value(size),
        limit_mb=limit / 1e6,
    )


def too_large_message(filename: str, size: int, limit: int) -> str:
    """The message for a file over the size limit (sizes in MB of 10⁶ bytes, rounded up).

    A size within a tenth of the limit is given in bytes: "5 MB; the limit is 5 MB" would
    say nothing.

    Examples
    --------
    >>> too_large_message("big.xlsx", 7_200_000, 5_000_000)
    'big.xlsx is 7.2 MB; the limit is 5 MB'
    >>> too_large_message("big.csv", 5_000_013, 5_000_000)
    'big.csv is 5,000,013 bytes; the limit is 5,000,000 bytes (5 MB)'
    """
    return too_large(filename, size, limit).text


def read_table(
    data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES, sheet: str | None = None
) -> RawTable:
    """Read an uploaded table (CSV or XLSX) into a :class:`RawTable`.

    The format is taken from the content, not the name. CSV may be UTF-8 (with or
    without BOM), UTF-16 (with BOM) or Windows-1258, separated by commas, semicolons
    or tabs. XLSX/XLSM is read without evaluating formulas or loading macros or external
    links; the first sheet with a header row is used unless ``sheet`` is given.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    filename : str
        The file's name, used in messages (and to reject ``.xls``).
    max_bytes : int
        Largest file accepted (5 MB by default).
    sheet : str, optional
        Sheet to read from a workbook.

    Raises
    ------
    TableError
        For a file that is too large, empty, not a table (binary, PDF, a zip that is not
        a workbook, old ``.xls``), or has no recognisable header row.

    Examples
    --------
    >>> t = read_table("BẢNG XẾP HẠNG\\nSTT;Đơn vị;Tổng điểm\\n1;Q. Ba Đình;95,10\\n"
    ...                "Trung bình;;95,10\\n".encode("utf-8"), "t.csv")
    >>> t.header, t.rows, t.row_numbers, t.delimiter
    (['Đơn vị', 'Tổng điểm'], [['Q. Ba Đình', '95,10']], [3], ';')
    >>> read_table(b"", "empty.csv")
    Traceback (most recent call last):
    ...
    analysis.ingest.reader.TableError: empty.csv is empty
    """
    name = filename or "the file"
    if len(data) > max_bytes:
        raise TableError(too_large(name, len(data), max_bytes))
    if not data or not data.strip():
        raise TableError(_empty(name))
    digest = hashlib.sha256(data).hexdigest()
    lower = name.lower()
    if data.startswith(_OLE_MAGIC):
        raise TableError(
            phrase(
                "file.xls",
                f"{name} is an old binary Excel file (.xls), which is not supported; "
                "open it and save it as .xlsx or CSV",
                file=name,
            )
        )
    if data.startswith(b"%PDF"):
        raise TableError(
            phrase(
                "file.pdf",
                f"{name} is a PDF, not a table; export the table to XLSX or CSV",
                file=name,
            )
        )
    if data.startswith(_ZIP_MAGIC):
        table = _read_xlsx(data, name, sheet)
    elif lower.endswith(".xls"):
        raise TableError(
            phrase(
                "file.xls_name",
                f"{name}: .xls files are not supported; open it and save it as .xlsx or CSV",
                file=name,
            )
        )
    else:
        table = _read_csv(data, name)
        if lower.endswith((".xlsx", ".xlsm")):
            table.notes.insert(0, f"{name} is CSV text despite its name; read as CSV")
    table.sha256 = digest
    return table
