"""Nhập bảng của bạn / Bring your own tables: upload, check, preview, keep as a workspace."""

import pandas as pd
import streamlit as st

from analysis.ingest import workspace as ws
from ui import plain, queries, state, workspace
from ui.i18n import t
from ui.layout import page_header, table_view
from ui.sidebar import current_filters
from ui.upload import session
from ui.upload.session import checked, clear, keep, problem_lines, problem_text, template_csv

f = current_filters()
page_header("up_title", f, "up_intro")
st.markdown(t("up_what"))
units = queries.units(f.key, None)
st.download_button(
    t("up_template"),
    lambda: template_csv(units, 2025 if f.level == "commune" else 2024),
    file_name="par-index_template.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)

YEARS = ["auto", *[str(y) for y in range(2012, 2027)]]
state.bind("up_year", "auto", state.choice(YEARS))
c1, c2 = st.columns([1, 3])
# Streamlit's own texts inside the uploader ("Drag and drop", "Browse files") cannot be set.
c2.caption(t("up_file_hint"))
choice = c1.selectbox(
    t("up_year"),
    YEARS,
    key="up_year",
    format_func=lambda y: t("up_year_auto") if y == "auto" else y,
    help=t("up_year_help"),
)
year = None if choice == "auto" else int(choice)
uploads = c2.file_uploader(
    t("up_file"),
    type=["csv", "txt", "tsv", "xlsx", "xlsm"],
    key="up_file",
    accept_multiple_files=True,
)

held = st.session_state.get(queries.UPLOAD_KEY)
if held is not None:
    st.success(t("up_in_session", years=plain.text(held["name"])))
    st.button(t("up_clear"), on_click=clear, icon=":material/delete:")

accepted: list[tuple[str, bytes]] = []
for upload in uploads or []:
    data = upload.getvalue()
    report = checked(data, upload.name, year)
    st.subheader(plain.text(upload.name))
    errors = [p for p in report.problems if p.severity == "error"]
    warnings = [p for p in report.problems if p.severity != "error"]
    if report.unreadable:
        st.error(t("up_unreadable", msg=plain.text(problem_text(report.problems[0]))))
    elif errors:
        st.error(t("up_errors", n=len(errors)) + "\n\n" + problem_lines(errors))
    if warnings:
        st.warning(t("up_warnings", n=len(warnings)) + "\n\n" + problem_lines(warnings))
    if report.notes:
        with st.expander(t("up_notes")):
            # Notes name sheets and quote cells of the file: text, never Markdown.
            st.markdown("\n".join(f"- {plain.text(n)}" for n in report.notes))
    if not report.preview.empty:
        raw = report.result.raw if report.result is not None else None
        if raw is not None and raw.sheet:
            st.caption(t("up_sheet", sheet=plain.text(raw.sheet)))
        table_view(session.preview_view(report.preview), caption=t("up_preview_caption"))
    if report.ok and report.frame is not None:
        years = sorted({int(y) for y in report.frame["year"]})
        st.success(
            t(
                "up_ok",
                n=len(report.frame),
                k=report.frame.unit_id.nunique(),
                year=", ".join(map(str, years)),
            )
        )
        accepted.append((upload.name, data))
        if len(uploads) == 1 and len(years) == 1:
            st.button(
                t("up_use"),
                on_click=keep,
                args=(report.frame, upload.name, years[0]),
                icon=":material/insights:",
            )

# --- keep them: a workspace on the server, named by an unguessable link -------------------
st.divider()
st.subheader(t("ws_title"))
current = workspace.opened().workspace if f.dataset == "workspace" else None
if accepted and len(accepted) == len(uploads or []):
    st.button(
        t("ws_add" if current else "ws_save", n=len(accepted)),
        type="primary",
        on_click=session.save_workspace,
        args=(accepted, year),
        icon=":material/save:",
    )
elif uploads:
    st.caption(t("ws_fix_first"))
if st.session_state.get("_ws_error"):
    st.error(plain.text(workspace.error_text(st.session_state["_ws_error"], problem_text)))
if current is None:
    st.caption(t("ws_none", days=ws.expiry_days()))
else:
    st.markdown(t("ws_link"))
    st.code(f"?ws={current.token}", language=None)
    st.caption(t("ws_link_note", days=ws.expiry_days()))
    files = [
        {
            t("ws_col_file"): x.name,
            t("ws_col_years"): ", ".join(map(str, x.years)),
            t("ws_col_figures"): x.figures,
            t("ws_col_uploaded"): x.uploaded_at,
            "sha256": x.sha256[:16],
        }
        for x in current.files
    ]
    table_view(pd.DataFrame(files), caption=t("ws_files_caption"))
    d1, d2 = st.columns(2)
    d1.download_button(
        t("ws_download"),
        lambda: ws.download(current.token)[1],
        file_name=f"par-index_workspace_{current.token[:8]}.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/folder_zip:",
    )
    d2.button(
        t("ws_delete"),
        on_click=session.delete_workspace,
        args=(current.token,),
        icon=":material/delete:",
    )
    if ws.admin_enabled():
        with st.expander(t("ws_admin")):
            st.caption(t("ws_admin_note"))
            st.text_input(t("ws_admin_key"), type="password", key="up_admin_key")
            st.button(t("ws_promote"), on_click=session.promote_workspace, args=(current.token,))
    if st.session_state.get("_ws_promoted"):
        st.success(t("ws_promoted", n=st.session_state["_ws_promoted"]))
st.caption(t("up_cli"))
