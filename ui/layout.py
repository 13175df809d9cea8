"""Page furniture: header with the dataset banner, method warnings, empty states, chart blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis.stats.periods import comparability_warning, period_of
from ui import charts, queries
from ui.charts import GEO_URL, localised
from ui.chartspec import Spec, as_spec
from ui.downloads import download_row
from ui.i18n import lang, t
from ui.memo import Lru, fingerprint
from ui.sidebar import Filters

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
    "geo_url",
    "table_view",
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


_ARROW = Lru(256)


def as_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame converted exactly as ``st.dataframe`` converts it.

    Cached sections keep their display tables in this form, so a rerun sends them without
    converting or even fingerprinting them again (an Arrow table cannot be changed).
    """
    from streamlit import dataframe_util

    return dataframe_util.convert_pandas_df_to_arrow_table(frame)


def _arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    # Kept by content: converting a 30-row frame costs about a millisecond, its fingerprint
    # (a pickle) a tenth of that. The bytes sent are the same either way.
    key = fingerprint(frame)
    if key is None:
        return frame
    table = _ARROW.get(key)
    if table is None:
        table = as_arrow(frame)
        _ARROW.put(key, table)
    return table


def table_view(frame: pd.DataFrame | pa.Table, *, where=None, **kwargs) -> None:
    """``st.dataframe`` (in ``where``, default the page) of at most :data:`TABLE_ROW_CAP` rows.

    Says so when it cuts. Index hidden and full width unless ``kwargs`` say otherwise.
    """
    where = st if where is None else where
    if len(frame) > TABLE_ROW_CAP:
        where.caption(t("table_capped", shown=TABLE_ROW_CAP, n=len(frame)))
        frame = (
            frame.slice(0, TABLE_ROW_CAP)
            if isinstance(frame, pa.Table)
            else frame.head(TABLE_ROW_CAP)
        )
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    where.dataframe(frame if isinstance(frame, pa.Table) else _arrow(frame), **kwargs)


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
        st.info(t("banner_upload", name=f.upload_name or "?"))


def page_header(title_key: str, f: Filters, intro_key: str | None = None) -> None:
    """Title, the dataset banner and an optional one-line introduction."""
    st.title(t(title_key))
    dataset_banner(f)
    if intro_key:
        st.caption(t(intro_key))


def data_caption(f: Filters) -> str:
    """The caption under every chart: says SIMULATED for the demo panel."""
    return t(
        {"demo": "caption_demo", "upload": "caption_upload"}.get(f.dataset, "caption_published")
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


def draw_chart(
    chart: alt.TopLevelMixin | Spec, *, key: str, on_select: str | Callable | None = None
):
    """Draw a chart from its spec (``st.altair_chart`` would rebuild and re-validate it)."""
    kwargs = {"on_select": on_select, "key": key} if on_select else {"key": key}
    return st.vega_lite_chart(_streamlit_spec(chart), width="stretch", **kwargs)


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
    chart = localised(chart, lang())
    event = draw_chart(chart, key=key, on_select=on_select)
    st.caption(f"{summary}  \n{data_caption(f)}")
    with lazy_expander(t("data_table"), key=key) as is_open:
        if is_open:
            table_view(table)
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
    draw_chart(chart, key=key)
    st.caption(f"{summary}  \n{data_caption(f)}")
    # The PNG is drawn on the server, where there is no container to fit: give it a width.
    download_row(download, f, page, years=years or f.years, chart=chart, key=key)
