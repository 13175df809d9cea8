"""An upload's problems in the reader's language: every code worded in Vietnamese and English,
the English exactly the ingest's message (the command line's), over every bad table we have."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.phrase import Phrase, phrase
from analysis.ingest.reader import Problem
from tests.fixtures.bad_tables import bad_problems
from tests.fixtures.hostile import ANSWERS, ANSWERS_VI
from ui.i18n import num
from ui.texts.columns import MEASURES
from ui.texts.problems import JOINS, PROBLEMS
from ui.upload.problems import phrase_text, problem_text

ROOT = Path(__file__).resolve().parents[3]
INGEST = sorted((ROOT / "analysis" / "ingest").glob("*.py"))


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> dict[str, list[Problem]]:
    """Every problem of every bad table, by the table's label."""
    return bad_problems(tmp_path_factory.mktemp("bad"))


def _phrases(said: Phrase):
    """``said`` and every phrase inside it."""
    yield said
    for _, value in said.args:
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Phrase):
                yield from _phrases(item)


def _fields(template: str) -> set[tuple[str, str]]:
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- the invariant


def test_every_bad_table_gives_problems_and_each_has_a_code(found) -> None:
    assert [label for label, problems in found.items() if not problems] == []
    uncoded = [f"{label}: {p.message}" for label, ps in found.items() for p in ps if not p.code]
    assert uncoded == []


def test_the_english_template_filled_in_is_the_message_exactly(found) -> None:
    differ = [
        (label, p.code, p.message, phrase_text(p.phrase, "en"))
        for label, problems in found.items()
        for p in problems
        if phrase_text(p.phrase, "en") != p.message
    ]
    assert differ == []


def test_every_code_the_bad_tables_raise_has_both_templates(found) -> None:
    codes = {q.code for ps in found.values() for p in ps for q in _phrases(p.phrase) if q.code}
    assert sorted(codes - set(PROBLEMS)) == []
    assert len(codes) >= 90  # the corpus reaches nearly every kind of problem


def test_no_template_names_a_value_its_problem_does_not_carry(found) -> None:
    missing = []
    for problems in found.values():
        for p in problems:
            for said in _phrases(p.phrase):
                names = {name for name, _ in said.args}
                for template in PROBLEMS.get(said.code, ()):
                    missing += [(said.code, n) for n, _ in _fields(template) if n not in names]
    assert missing == []


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_both_templates_of_a_code_use_the_same_values_and_formats(code: str) -> None:
    vi, en = PROBLEMS[code]
    assert _fields(vi) == _fields(en)
    # A list's join, or a number's format (written in the reader's format).
    assert {spec for _, spec in _fields(en)} <= {*JOINS, "", ",", "g", ".0f"}


# --------------------------------------------------------------------------- the sources


def _constant_codes(node: ast.expr, names: dict[str, set[str]]) -> set[str] | None:
    """The codes an expression can give, or None when it cannot be read from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        a, b = _constant_codes(node.body, names), _constant_codes(node.orelse, names)
        return None if a is None or b is None else a | b
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.JoinedStr):
        out = {""}
        for part in node.values:
            if isinstance(part, ast.Constant):
                out = {o + part.value for o in out}
                continue
            values = _constant_codes(part.value, names)
            if values is None:
                values = _DYNAMIC.get(ast.unparse(part.value))
            if values is None:
                return None
            out = {o + v for o in out for v in values}
        return out
    return None


# Values of parts of codes that only run time knows, by their source text.
_DYNAMIC = {
    "measure": set(MEASURES),
    "f['measure']": set(MEASURES),
    "level": {"district", "commune"},
}
_SANDBOX = {"code": {"timeout", "memory", "cancelled", "failed"}}


def _codes_in(path: Path) -> tuple[set[str], list[str]]:
    """The codes the module's ``phrase(...)`` calls give, and the calls that cannot be read."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, set[str]] = dict(_SANDBOX) if path.name == "sandbox.py" else {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id not in names:
                values = _constant_codes(node.value, {})
                if values is not None and all(
                    re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", v) for v in values
                ):
                    names[target.id] = values
    codes: set[str] = set()
    unread: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "phrase":
            values = _constant_codes(node.args[0], names) if node.args else None
            if values is None:
                unread.append(f"{path.name}:{node.lineno}")
            else:
                codes |= {v for v in values if v}  # "" is a reason of no kind (ours only)
    return codes, unread


def test_every_code_used_in_the_ingest_has_a_vietnamese_and_an_english_template() -> None:
    codes: set[str] = set()
    unread: list[str] = []
    for path in INGEST:
        more, cannot = _codes_in(path)
        codes |= more
        unread += cannot
    assert unread == []
    assert len(codes) > 90
    assert sorted(codes - set(PROBLEMS)) == []
    # …and no template is left over from a site that is gone.
    assert sorted(set(PROBLEMS) - codes) == []


# --------------------------------------------------------------------------- Vietnamese

_WORD = re.compile(r"[A-Za-z]{3,}")
_QUOTED = re.compile(r"“[^”]*”|\([A-Z]+[^)]*\)")
_FIELD = re.compile(r"\{[^}]*\}")
# File formats, units and names that are the same in both languages.
_SAME = {"CSV", "XLSX", "xlsx", "xls", "ods", "UTF", "PDF", "Excel", "OpenDocument", "zip"}
_SAME |= {"sharedStrings", "xml", "seeds", "MB", "YYYY", "STT", "SIMULATED", "demo", "byte"}


def _english_words() -> set[str]:
    vi_words = {
        w.lower() for vi, _ in PROBLEMS.values() for w in _WORD.findall(_FIELD.sub(" ", vi))
    }
    en_words = {w for _, en in PROBLEMS.values() for w in _WORD.findall(_FIELD.sub(" ", en))}
    return {w for w in en_words if w.lower() not in vi_words and w not in _SAME}


ENGLISH = _english_words() | {"row", "column", "unknown", "sheet", "file", "the", "not"}


def _masked(said: Phrase) -> Phrase:
    """``said`` with the file's text (every string value, every phrase of no template) as «»."""
    args = []
    for name, value in said.args:
        if isinstance(value, Phrase):
            value = _masked(value) if value.code in PROBLEMS else "«»"
        elif isinstance(value, tuple):
            value = tuple(_masked(v) if isinstance(v, Phrase) else "«»" for v in value)
        elif isinstance(value, str):
            value = "«»"
        args.append((name, value))
    return Phrase(said.code, said.text, tuple(args))


def test_vietnamese_wording_has_no_english_words(found) -> None:
    english = []
    for label, problems in found.items():
        for p in problems:
            shown = phrase_text(_masked(p.phrase), "vi")
            words = _WORD.findall(re.sub(r"--\w+", " ", shown))
            english += [(label, w, shown) for w in words if w in ENGLISH or w.lower() in ENGLISH]
    assert english == []


def test_vietnamese_wording_keeps_every_value_of_the_file(found) -> None:
    lost = []
    for label, problems in found.items():
        for p in problems:
            shown = phrase_text(p.phrase, "vi")
            for said in _phrases(p.phrase):
                lost += [
                    (label, v)
                    for _, v in said.args
                    if isinstance(v, str)
                    and v not in shown
                    and said.code in PROBLEMS
                    and not said.code.startswith("measure.")
                ]
    assert lost == []


@pytest.mark.parametrize("label", sorted(ANSWERS))
def test_a_hostile_file_is_answered_in_both_languages(found, label: str) -> None:
    [first, *_] = found[f"hostile: {label}"]
    assert ANSWERS_VI[label] in problem_text(first, "vi")
    assert ANSWERS[label] in problem_text(first, "en")


@pytest.mark.parametrize(
    ("said", "vi", "en"),
    [
        (
            phrase("unit.unknown", "row 9: unknown unit 'x'", row=9, unit="x"),
            "dòng 9: đơn vị “x” không có trong danh mục đơn vị",
            "row 9: unknown unit 'x'",
        ),
        (
            phrase(
                "file.too_large_bytes",
                "…",
                file="a.csv",
                size=5_000_013,
                limit=5_000_000,
                limit_mb=5.0,
            ),
            "tệp a.csv có dung lượng 5.000.013 byte; giới hạn là 5.000.000 byte (5 MB)",
            "a.csv is 5,000,013 bytes; the limit is 5,000,000 bytes (5 MB)",
        ),
        (
            phrase("file.too_large", "…", file="a.csv", size_mb=7.2, limit_mb=5.0),
            "tệp a.csv có dung lượng 7,2 MB; giới hạn là 5 MB",
            "a.csv is 7.2 MB; the limit is 5 MB",
        ),
        (
            phrase("rank.tie", "…", column="Xếp hạng", rank=3.0, rows=(4, 7)),
            "cột “Xếp hạng”: thứ hạng 3 trùng nhau ở các dòng 4 và 7 (đồng hạng?)",
            "column 'Xếp hạng': rank 3 is shared by rows 4 and 7 (a tie?)",
        ),
        (
            phrase(
                "unit.unknown_near",
                "…",
                row=3,
                unit="Ba Dinhh",
                hint=phrase("unit.did_you_mean", "…", names=("phường Ba Đình", "quận Ba Đình")),
            ),
            "dòng 3: đơn vị “Ba Dinhh” không có trong danh mục đơn vị — có phải là phường Ba Đình "
            "hoặc quận Ba Đình?",
            "row 3: unknown unit 'Ba Dinhh' — did you mean phường Ba Đình or quận Ba Đình?",
        ),
        (
            phrase(
                "year.out_of_range",
                "…",
                where=phrase("where.row", "…", row=4),
                year=2030,
                first=2012,
                last=2026,
            ),
            "dòng 4: năm 2030 nằm ngoài khoảng 2012–2026 (các năm có Chỉ số CCHC)",
            "row 4: year 2030 is outside 2012–2026 (the years of the index)",
        ),
    ],
    ids=["unit", "bytes", "megabytes", "tie", "suggestion", "year"],
)
def test_a_problem_reads_in_each_language(said: Phrase, vi: str, en: str) -> None:
    assert (phrase_text(said, "vi"), phrase_text(said, "en")) == (vi, en)
    p = Problem.of(1, None, said)
    assert (problem_text(p, "vi"), problem_text(p, "en")) == (vi, en)


@pytest.mark.parametrize(
    "said",
    [
        Phrase("", "the seeds are locked"),  # no code
        phrase("no.such.code", "a message of a newer ingest", x=1),
        phrase("unit.unknown", "row 9: unknown unit 'x'", row=9),  # a value missing
        phrase("rank.tie", "column 'X': rank 3 is shared …", column="X", rank=3, rows="4, 7"),
    ],
    ids=["no-code", "unknown-code", "value-missing", "list-not-a-tuple"],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_problem_without_a_fitting_template_reads_as_its_message(said, language) -> None:
    assert phrase_text(said, language) == said.text


# --------------------------------------------------------------------------- the wording


@given(
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    decimals=st.integers(min_value=0, max_value=4),
)
def test_numbers_read_as_ui_i18n_writes_them(value: float, decimals: int) -> None:
    with mock.patch.dict(PROBLEMS, {"test.number": (f"{{x:,.{decimals}f}}",) * 2}):
        said = phrase("test.number", "…", x=value)
        assert phrase_text(said, "vi") == num(value, decimals, "vi")
        assert phrase_text(said, "en") == num(value, decimals, "en")


@given(
    text=st.text(),
    items=st.lists(st.text(), max_size=5),
    year=st.integers(min_value=1000, max_value=9999),
)
def test_texts_stay_as_written_years_unmarked_and_lists_joined(text, items, year) -> None:
    templates = {"test.mixed": ("«{t}» {y} [{items:and}]", "«{t}» {y} [{items:and}]")}
    with mock.patch.dict(PROBLEMS, templates):
        said = phrase("test.mixed", "…", t=text, y=year, items=tuple(items))
        assert phrase_text(said, "vi") == f"«{text}» {year} [{' và '.join(items)}]"
        assert phrase_text(said, "en") == f"«{text}» {year} [{' and '.join(items)}]"
