"""Nhập bảng của bạn / Bring your own table: upload, check, preview, analyse in this session."""

import streamlit as st

from ui import queries, state
from ui.i18n import t
from ui.layout import page_header, table_view
from ui.sidebar import current_filters
from ui.upload.session import checked, clear, keep, problem_lines, template_csv

f = current_filters()
page_header("up_title", f, "up_intro")
st.markdown(t("up_what"))
units = queries.units(f.key, None)
st.download_button(
    t("up_template"),
    lambda: template_csv(units),
    file_name="par-index_template.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)

state.bind("up_year", 2024, state.integer(2017, 2024))
c1, c2 = st.columns([1, 3])
year = c1.number_input(t("up_year"), min_value=2017, max_value=2024, step=1, key="up_year")
upload = c2.file_uploader(t("up_file"), type=["csv", "txt", "tsv", "xlsx", "xlsm"], key="up_file")

held = st.session_state.get(queries.UPLOAD_KEY)
if held is not None:
    st.success(t("up_in_session", years=held["name"]))
    st.button(t("up_clear"), on_click=clear, icon=":material/delete:")

if upload is not None:
    report = checked(upload.getvalue(), upload.name, int(year))
    errors = [p for p in report.problems if p.severity == "error"]
    warnings = [p for p in report.problems if p.severity != "error"]
    if report.unreadable:
        st.error(t("up_unreadable", msg=report.problems[0].message))
    elif errors:
        st.error(t("up_errors", n=len(errors)) + "\n\n" + problem_lines(errors))
    if warnings:
        st.warning(t("up_warnings", n=len(warnings)) + "\n\n" + problem_lines(warnings))
    if report.notes:
        with st.expander(t("up_notes")):
            st.markdown("\n".join(f"- {n}" for n in report.notes))
    if not report.preview.empty:
        st.subheader(t("up_preview"))
        shown = report.preview.assign(
            status=report.preview["status"].map(
                lambda s: t(f"up_status_{s}") if s in ("new", "matches", "differs") else s
            )
        )
        table_view(shown)
    if report.ok and report.frame is not None:
        st.success(
            t("up_ok", n=len(report.frame), k=report.frame.unit_id.nunique(), year=int(year))
        )
        st.button(
            t("up_use"),
            type="primary",
            on_click=keep,
            args=(report.frame, upload.name, int(year)),
            icon=":material/insights:",
        )
st.caption(t("up_cli"))
