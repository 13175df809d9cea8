"""Page furniture: header with the dataset banner, method warnings, empty states, chart blocks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis.stats.periods import comparability_warning, period_of
from ui import charts, plain, queries, tables
from ui.charts import GEO_URL, localised
from ui.chartspec import Spec, as_spec, with_texts
from ui.downloads import download_row
from ui.i18n import lang, t
from ui.sidebar import Filters
from ui.texts import TEXT

tables.install()

__all__ = [
    "chart_setting",
    "figure",
    "page_header",
    "dataset_banner",
    "data_caption",
    "method_warning",
    "empty_state",
    "chart_block",
    "draw_chart",
    "chart_texts",
    "geo_url",
    "table_view",
    "column_labels",
    "as_arrow",
    "lazy_expander",
    "TABLE_ROW_CAP",
]

# A table in the browser beyond this many rows is slow to send and to scroll, and nobody reads
# it there (a national panel has a million figures); downloads always have every row.
TABLE_ROW_CAP = 5_000


class PageEnd(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a page that has nothing more to show; the router catches it."""


def end_page() -> None:
    """End the page here (instead of st.stop(), which would also stop the router's URL update)."""
    raise PageEnd


def as_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame converted exactly as ``st.dataframe`` converts it.

    Cached sections keep their display tables in this form, so a rerun sends them without
    converting or even fingerprinting them again (an Arrow table cannot be changed).
    """
    from streamlit import dataframe_util

    return dataframe_util.convert_pandas_df_to_arrow_table(frame)


def table_view(
    frame: pd.DataFrame | pa.Table, *, where=None, caption: str | None = None, **kwargs
) -> None:
    """``st.dataframe`` (in ``where``, default the page) of at most :data:`TABLE_ROW_CAP` rows.

    Says so when it cuts. Numbers stay numeric and show in the reader's number format, missing
    cells as "—" (a Styler kept per content, :mod:`ui.tables`); known column names get their
    label in the reader's language (``col_<name>`` texts) unless ``column_config`` names them.
    ``caption`` is said above the table (every table gets one; a screen reader reads it).
    Index hidden and full width unless ``kwargs`` say otherwise.
    """
    where = st if where is None else where
    if caption:
        where.caption(caption)
    if len(frame) > TABLE_ROW_CAP:
        where.caption(t("table_capped", shown=TABLE_ROW_CAP, n=len(frame)))
        frame = (
            frame.slice(0, TABLE_ROW_CAP)
            if isinstance(frame, pa.Table)
            else frame.head(TABLE_ROW_CAP)
        )
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    # The grid draws a missing cell as "None" whatever the Styler's text for it says.
    kwargs.setdefault("placeholder", tables.MISSING)
    names = frame.column_names if isinstance(frame, pa.Table) else list(frame.columns)
    kwargs["column_config"] = column_labels(names, kwargs.get("column_config"))
    where.dataframe(tables.styled(frame, lang()), **kwargs)


def column_labels(names: list, given: dict | None = None) -> dict:
    """Column config giving each known column its label in the reader's language.

    What ``given`` says about a column wins; a config of the caller without a label gets one.
    """
    out = dict(given or {})
    for name in names:
        key = f"col_{name}"
        if key not in TEXT:
            continue
        label = t(key)
        if name not in out:
            out[name] = label
        elif isinstance(out[name], dict) and not out[name].get("label"):
            out[name] = {**out[name], "label": label}
    return out


@contextmanager
def lazy_expander(label: str, *, key: str) -> Iterator[bool]:
    """An expander that says whether it is open; build its content only then.

    Opening it reruns the page. A closed table is then never converted for the browser: most
    reruns (a slider moved) show no tables, and each one costs a conversion to Arrow.
    """
    with st.expander(label, key=f"tbl_{key}", on_change="rerun") as box:
        yield bool(box.open)


def dataset_banner(f: Filters) -> None:
    """The banner every page shows for simulated or uploaded data."""
    if f.dataset == "demo":
        st.warning(t("banner_demo"))
    elif f.dataset == "upload":
        st.info(t("banner_upload", name=plain.text(f.upload_name or "?")))
    elif f.dataset == "workspace":
        st.info(t("banner_workspace", name=plain.text(f.upload_name or "?")))


def page_header(title_key: str, f: Filters, intro_key: str | None = None) -> None:
    """Title, the dataset banner and an optional one-line introduction."""
    st.title(t(title_key))
    dataset_banner(f)
    if f.level == "commune":
        block = " · ".join(t(f"block_{b}") for b in f.types) or "—"
        st.caption(t("level_shown_commune", block=block))
    else:
        st.caption(t("level_shown_district"))
    if intro_key:
        st.caption(t(intro_key))


def data_caption(f: Filters) -> str:
    """The caption under every chart: says SIMULATED for the demo panel."""
    return t(
        {
            "demo": "caption_demo",
            "upload": "caption_upload",
            "workspace": "caption_workspace",
        }.get(f.dataset, "caption_published")
    )


def method_warning(f: Filters, year_a: int, year_b: int) -> str | None:
    """Show (and return) the warning when two years lie in different method periods."""
    periods = queries.periods(f.key)
    if comparability_warning(year_a, year_b, periods) is None:
        return None
    pa, pb = period_of(year_a, periods), period_of(year_b, periods)
    name = (lambda p: p.name_vi) if lang() == "vi" else (lambda p: p.name_en)
    text = t("method_warning", a=name(pa) if pa else year_a, b=name(pb) if pb else year_b)
    st.warning(text)
    return text


def empty_state(f: Filters, what: str) -> None:
    """Say what is missing instead of drawing an empty chart."""
    hint = t("empty_published_hint") if f.dataset == "published" else ""
    st.info(f"**{t('empty_title')}** — {what}\n\n{hint}")


def geo_url() -> str | None:
    """Where the browser loads the map's boundaries; None when static serving is off.

    ``.streamlit/config.toml`` turns it on; an app started with other settings (another
    working directory) still draws the map, with the boundaries written into its spec.
    """
    return GEO_URL if st.get_option("server.enableStaticServing") else None


def _streamlit_spec(chart: alt.TopLevelMixin | Spec) -> dict:
    """The spec with its frames as Arrow bytes, converted once per Spec.

    Given bytes, ``st.vega_lite_chart`` passes them through instead of converting the data on
    every rerun. Data written into the spec itself (the map's inline boundaries) is left to
    Streamlit. The returned dict is a fresh top-level copy: Streamlit pops ``datasets`` from
    the dict it is given, and the Spec is shared between sessions.
    """
    from streamlit import dataframe_util

    spec = as_spec(chart)
    ready = spec.derived.get("streamlit")
    if ready is None:
        ready = dict(spec.body)
        if spec.frames:
            arrow = {
                name: dataframe_util.convert_anything_to_arrow_bytes(frame)
                for name, frame in spec.frames.items()
            }
            ready["datasets"] = {**spec.body.get("datasets", {}), **arrow}
        spec.derived["streamlit"] = ready
    return dict(ready)


def chart_texts() -> dict[str, str]:
    """Field → its title in the reader's language, for tooltips, axes and legends."""
    return _chart_texts(lang())


@functools.lru_cache(maxsize=4)
def _chart_texts(language: str) -> dict[str, str]:
    i = 0 if language == "vi" else 1
    return {k[3:]: pair[i] for k, pair in TEXT.items() if k.startswith("tt_")}


def draw_chart(
    chart: alt.TopLevelMixin | Spec,
    *,
    key: str,
    on_select: str | Callable | None = None,
    summary: str | None = None,
):
    """Draw a chart from its spec (``st.altair_chart`` would rebuild and re-validate it).

    Numbers follow the reader's language, fields get their titles in it, and ``summary``
    becomes the chart's alternative text: Streamlit's ``alt`` (the accessible name a screen
    reader reads, on SVG and canvas alike) and the Vega ``description`` of downloaded specs.
    """
    chart = with_texts(localised(chart, lang()), description=summary, titles=chart_texts())
    kwargs = {"on_select": on_select, "key": key} if on_select else {"key": key}
    spec = _streamlit_spec(chart)
    if summary:
        kwargs["alt"] = summary  # Streamlit 1.67's accessible name for the chart
        # With a description in the spec too, Streamlit logs a warning with a stack trace
        # for every chart on every rerun (server log spam, ~1 ms each); alt says it already.
        spec.pop("description", None)
    return st.vega_lite_chart(spec, width="stretch", **kwargs)


def chart_block(
    chart: alt.TopLevelMixin,
    table: pd.DataFrame,
    summary: str,
    f: Filters,
    page: str,
    *,
    key: str,
    years: tuple[int, ...] | None = None,
    on_select: str | Callable | None = None,
):
    """A chart with its caption, a one-line summary, its data table and downloads."""
    chart = with_texts(localised(chart, lang()), description=summary, titles=chart_texts())
    event = draw_chart(chart, key=key, on_select=on_select, summary=summary)
    st.caption(f"{summary}  \n{data_caption(f)}")
    with lazy_expander(t("data_table"), key=key) as is_open:
        if is_open:
            table_view(table, caption=t("table_of_chart", summary=summary))
    download_row(table, f, page, years=years or f.years, chart=chart, key=key)
    return event


# --- display helpers --------------------------------------------------------------------
def chart_setting(dataset: str, meeting: bool) -> tuple[str | None, charts.Sizes]:
    """A section chart's note (SIMULATED on the demo panel) and sizes (larger in meeting mode)."""
    return (t("caption_demo") if dataset == "demo" else None), charts.sizes_for(meeting)


def figure(
    chart: alt.TopLevelMixin,
    summary: str,
    f,
    page: str,
    download: pd.DataFrame,
    *,
    key: str,
    years: tuple[int, ...] | None = None,
) -> None:
    """A chart, its one-line summary with the data note, and its downloads (CSV, Excel, PNG)."""
    chart = with_texts(localised(chart, lang()), description=summary, titles=chart_texts())
    draw_chart(chart, key=key, summary=summary)
    st.caption(f"{summary}  \n{data_caption(f)}")
    # The PNG is drawn on the server, where there is no container to fit: give it a width.
    download_row(download, f, page, years=years or f.years, chart=chart, key=key)
