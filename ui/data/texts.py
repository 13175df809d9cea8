"""Texts of the data and sources page."""

TEXT = {
    "dt_title": ("Dữ liệu & nguồn", "Data and sources"),
    "dt_intro": (
        "Mọi con số trong ứng dụng, nguồn của nó, và những gì còn thiếu. Tải về dạng CSV (UTF-8, mở được bằng Excel) hoặc Excel.",
        "Every figure in the app, its source, and what is missing. Download as CSV (UTF-8, opens in Excel) or Excel.",
    ),
    "dt_tab_obs": ("Số liệu", "Figures"),
    "dt_tab_cov": ("Độ phủ", "Coverage"),
    "dt_tab_src": ("Nguồn", "Sources"),
    "dt_tab_method": ("Phương pháp & bản dựng", "Method and build"),
    "dt_indicator": ("Chỉ số", "Indicator"),
    "dt_measure": ("Loại số liệu", "Measure"),
    "dt_all": ("(tất cả)", "(all)"),
    "dt_rows": ("{n} dòng số liệu.", "{n} rows."),
    "dt_no_rows": ("Không có số liệu nào khớp bộ lọc.", "No figures match the filters."),
    "dt_cov_title": ("Độ phủ số liệu: {ind}", "Coverage: {ind}"),
    "dt_cov_summary": (
        "{pub} trên {cells} ô đơn vị × năm có điểm đã công bố, {rank} ô chỉ có thứ hạng, {missing} ô chưa có số liệu công bố{sim}.",
        "{pub} of {cells} unit × year cells have a published score, {rank} a rank only, {missing} no published figure{sim}.",
    ),
    "dt_cov_sim": (" (bảng mô phỏng điền đủ 2019–2024)", " (the simulated panel fills 2019–2024)"),
    "cov_published": ("đã công bố", "published"),
    "cov_rank_only": ("chỉ có thứ hạng", "rank only"),
    "cov_simulated": ("chỉ có số mô phỏng", "simulated only"),
    "cov_missing": ("chưa có số liệu", "missing"),
    "cov_uploaded": ("từ bảng bạn nhập", "from your upload"),
    "dt_src_count": ("{n} nguồn; {k} con số đã công bố.", "{n} sources; {k} published figures."),
    "dt_figures": ("Số con số", "Figures"),
    "dt_periods": ("Các giai đoạn phương pháp", "Method periods"),
    "dt_corrections": ("Các hiệu chỉnh thủ công", "Hand corrections"),
    "dt_seed_files": (
        "Tệp seeds và mã băm (SHA-256) của bản dựng",
        "Seed files and their SHA-256 in this build",
    ),
    "dt_initiatives": ("Mô hình, sáng kiến CCHC", "Reform initiatives"),
    "dt_geo": (
        "Ranh giới hành chính: Chính phủ Việt Nam / OCHA ROAP, COD-AB Việt Nam (HDX), CC BY 3.0 IGO.",
        "District boundaries: Government of Viet Nam / OCHA ROAP, Viet Nam – Subnational Administrative Boundaries (COD-AB, HDX), CC BY 3.0 IGO.",
    ),
}
