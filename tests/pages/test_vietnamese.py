"""Every page in Vietnamese, on published and demo data: no English text the app controls.

English is recognised by the app's own vocabulary: a word that the English side of the texts
uses and no Vietnamese text does ("the", "score", "choose") is English wherever it shows up.
Raw field names (snake_case), "None"/"nan" and numbers written with a decimal point are
caught too. Checked: titles, markdown, captions, alerts, metrics, widget labels, placeholders
and shown options, table headers and number cells, and chart specs (titles, axes, legends,
tooltips, the Vega description).
"""

from __future__ import annotations

import json
import re

import pytest

from tests.pages.conftest import open_tables
from ui.texts import TEXT

PAGES = [
    "pages/overview.py",
    "pages/rankings.py",
    "pages/components.py",
    "pages/change.py",
    "pages/profile.py",
    "pages/whatif.py",
    "pages/data.py",
    "pages/upload.py",
]
_WORD = re.compile(r"[A-Za-z]{3,}")
# Proper nouns, units and file formats that are the same in both languages.
ALLOWED = {
    "CSV",
    "Excel",
    "PNG",
    "PDF",
    "UTF",
    "SHA",
    "PAR",
    "SIPAS",
    "OCHA",
    "ROAP",
    "COD",
    "HDX",
    "IGO",
    "Wilcoxon",
    "Spearman",
    "Pearson",
    "Bonferroni",
    "Holm",
    "Hochberg",
    "Benjamini",
    "Cohen",
    "Kendall",
    "Theil",
    "Sen",
    "Mann",
    "Kenny",
    "Hanoi",
    "demo",
    "Demo",
    "DEMO",
}
ALWAYS_ENGLISH = {"None", "nan", "NaN", "True", "False", "Choose", "options", "null"}


# Quoted on purpose: the demo panel's locator of a figure equal to a published one, as the
# table below stores it, and the uploader's button, whose text Streamlit does not let us set.
QUOTED_DATA = ("SIMULATED; equals the published figure", "“Upload”", "“5MB per file”")
_FIELD = re.compile(r"\{[^}]*\}")
_QUOTE = re.compile(r"“[^”]*”")


def _english_words() -> set[str]:
    # Placeholders ({unit}) and quotations are not Vietnamese words.
    vi_words = {
        w.lower()
        for vi, _ in TEXT.values()
        for w in _WORD.findall(_QUOTE.sub(" ", _FIELD.sub(" ", vi)))
    }
    en_words = {w for _, en in TEXT.values() for w in _WORD.findall(en)}
    return {w for w in en_words if w.lower() not in vi_words and w not in ALLOWED}


ENGLISH = _english_words()
_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")
_SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def problems(text: str, *, where: str) -> list[str]:
    """What in ``text`` is English, a raw field name, a missing marker or a decimal point."""
    found = []
    text = text.replace("CC BY 3.0", "CC BY")  # a licence's name
    for quoted in QUOTED_DATA:
        text = text.replace(quoted, " ")
    for word in _WORD.findall(text):
        if word in ALWAYS_ENGLISH or (word in ENGLISH and word not in ALLOWED):
            found.append(f"{where}: English word {word!r} in {text[:120]!r}")
    for m in _SNAKE.findall(text):
        found.append(f"{where}: raw field name {m!r} in {text[:120]!r}")
    for m in _DECIMAL_POINT.findall(text):
        found.append(f"{where}: decimal point in {m!r} in {text[:120]!r}")
    return found


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _spec_texts(spec: dict) -> list[str]:
    """The texts a chart shows a reader: titles, subtitles, axis/legend titles, tooltips."""
    out: list[str] = []

    def visit(obj, parent_key=None):
        if isinstance(obj, dict):
            if parent_key == "tooltip" or (parent_key is None and "field" in obj and False):
                pass
            for k, v in obj.items():
                if k in ("title", "subtitle", "description") and isinstance(v, str | list):
                    out.extend([v] if isinstance(v, str) else [str(x) for x in v])
                elif k == "title" and isinstance(v, dict):
                    visit(v, k)
                elif k == "text" and parent_key == "title":
                    out.extend([v] if isinstance(v, str) else [str(x) for x in v])
                elif k == "tooltip":
                    for item in v if isinstance(v, list) else [v]:
                        if isinstance(item, dict) and "field" in item:
                            # A tooltip shows its title, or its field name when it has none.
                            out.append(str(item.get("title", item["field"])))
                    visit(v, k)
                elif k in ("datasets", "data"):
                    continue
                else:
                    visit(v, k)
        elif isinstance(obj, list):
            for item in obj:
                visit(item, parent_key)

    visit(spec)
    return out


def shown_texts(at) -> list[tuple[str, str]]:
    """(where, text) for everything the app put on the page that a reader sees."""
    out: list[tuple[str, str]] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title"):
        out += [(kind, str(e.value)) for e in getattr(at, kind)]
    out += [("subheader", str(e.value)) for e in at.subheader]
    out += [("metric", f"{m.label} {m.value}") for m in at.metric]
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None:
            continue
        if kind == "vega_lite_chart":
            spec = json.loads(proto.spec)
            out += [("chart", text) for text in _spec_texts(spec)]
            # The summary is the chart's alt (its accessible name); the spec Streamlit gets
            # carries no description then (Streamlit warns when both are set).
            if not getattr(proto, "alt", ""):
                out.append(("chart", "missing_description"))
            else:
                out.append(("chart alt", proto.alt))
            continue
        for attr in ("label", "placeholder"):
            value = getattr(proto, attr, None)
            if isinstance(value, str) and value:
                out.append((f"{kind}.{attr}", value))
        if kind in ("selectbox", "multiselect", "radio"):
            out += [(f"{kind}.option", str(o)) for o in getattr(node, "options", [])]
    for table in at.dataframe:
        config = json.loads(table.proto.columns or "{}")
        frame = table.value
        for column in frame.columns:
            label = config.get(str(column), {}) if isinstance(config, dict) else {}
            if label is None or (isinstance(label, dict) and label.get("hidden")):
                continue
            text = label.get("label") if isinstance(label, dict) and label.get("label") else column
            out.append(("table header", str(text)))
        hidden = {
            str(c)
            for c, v in (config.items() if isinstance(config, dict) else [])
            if v is None or (isinstance(v, dict) and v.get("hidden"))
        }
        out += _table_cells(table, hidden)
    return out


def _table_cells(table, hidden: set[str]) -> list[tuple[str, str]]:
    import pyarrow as pa

    raw = table.proto.arrow_data.styler.display_values
    if not raw:
        return [("table", "no number format (no Styler)")]
    shown = pa.ipc.open_stream(raw).read_all().to_pandas()
    values = table.value
    out = []
    for i, column in enumerate(values.columns):
        if str(column) in hidden:
            continue
        kind = values[column].dtype.kind
        cells = shown.iloc[:, i].astype(str)
        if kind in "fiu":
            out += [("table number", c) for c in cells.head(200)]
        out += [
            ("table cell", f"untranslated_key {c}" if c in TEXT else c)
            for c in cells.head(200)
            if c in ALWAYS_ENGLISH or c in TEXT
        ]
    return out


def _check(at, where: str) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    found = []
    for kind, text in shown_texts(at):
        if text in TEXT or any(part in TEXT for part in text.split()):
            found.append(f"{where} {kind}: a text key shown as is: {text[:80]!r}")
        if kind == "chart" and text == "missing_description":
            found.append(f"{where}: a chart without a description (alternative text)")
            continue
        found += problems(text, where=f"{where} {kind}")
    return found


def test_the_detector_knows_english_from_vietnamese():
    assert problems("Điểm trung bình 94,27", where="x") == []
    assert problems("Choose options", where="x")
    assert problems("value_text", where="x")
    assert problems("94.27", where="x")
    assert problems("Score of the unit", where="x")
    assert problems("12.345 đơn vị; năm 2024", where="x") == []


@pytest.mark.parametrize("dataset", ["published", "demo"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_vietnamese_shows_no_english(app, page, dataset):
    at = app(page, dataset=dataset, years="2017-2024", lang="vi")
    open_tables(at)
    found = _check(at, f"{page} ({dataset})")
    assert not found, "\n".join(sorted(set(found))[:60])
