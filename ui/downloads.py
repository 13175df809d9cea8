"""Download buttons: CSV (UTF-8 with BOM, formula-safe), Excel, and PNG of charts.

Files are produced only when a button is clicked (callables), so a rerun never pays for them.
File names say dataset, page and years; SIMULATED data say so in the name and in a column.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from analysis.warehouse.export import export_filename, label_dataset, to_csv_bytes, to_excel_bytes

__all__ = ["download_row", "chart_png"]


def _fixed_width(spec: object, width: int) -> object:
    # "container" width means "as wide as the page"; off the page that is almost nothing.
    if isinstance(spec, dict):
        return {
            k: (width if k == "width" and v == "container" else _fixed_width(v, width))
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [_fixed_width(v, width) for v in spec]
    return spec


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0, width: int = 900) -> bytes:
    """The chart rendered to PNG on the server (vl-convert; no browser needed)."""
    import vl_convert as vlc

    from ui.charts import to_spec, with_inline_geo

    spec = with_inline_geo(_fixed_width(to_spec(chart), width))
    return vlc.vegalite_to_png(spec, scale=scale)


def download_row(
    table: pd.DataFrame,
    f,
    page: str,
    *,
    years: tuple[int, ...] | None = None,
    chart: alt.TopLevelMixin | None = None,
    key: str,
) -> None:
    """CSV, Excel and (for charts) PNG download buttons for one table."""
    from ui.i18n import lang, t

    # Labelled only when a button is clicked: most reruns download nothing.
    def labelled():
        return label_dataset(table, f.dataset)

    decimal = "," if lang() == "vi" else "."
    row = st.container(horizontal=True, gap="small")
    cols = [row, row, row]
    cols[0].download_button(
        t("dl_csv"),
        data=lambda: to_csv_bytes(labelled(), decimal=decimal),
        file_name=export_filename(f.dataset, page, years, "csv"),
        mime="text/csv",
        key=f"dl_csv_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    cols[1].download_button(
        t("dl_xlsx"),
        data=lambda: to_excel_bytes({page: labelled()}),
        file_name=export_filename(f.dataset, page, years, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl_xlsx_{key}",
        on_click="ignore",
        icon=":material/table:",
    )
    if chart is not None:
        cols[2].download_button(
            t("dl_png"),
            data=lambda: chart_png(chart),
            file_name=export_filename(f.dataset, page, years, "png"),
            mime="image/png",
            key=f"dl_png_{key}",
            on_click="ignore",
            icon=":material/image:",
        )
