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
    "dt_src_link": ("Liên kết (http/https)", "Link (http/https)"),
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
    "dt_tab_cross": ("Phường, xã ↔ quận, huyện cũ", "Wards ↔ former districts"),
    "dt_cross_intro": (
        "{n} phường, xã từ 1/7/2025 và {k} quận, huyện, thị xã cũ mà diện tích của chúng thuộc "
        "về trước đây, theo tỷ lệ diện tích. Tỷ lệ diện tích là ước tính từ ranh giới, không "
        "phải thành phần pháp lý (Nghị quyết 1656/NQ-UBTVQH15); quận, huyện cũ là đơn vị tiền "
        "thân, không phải cùng một đơn vị.",
        "{n} wards and communes since 1 July 2025 and the {k} former districts their area lay "
        "in, by area share. Area shares are estimated from boundaries, not the legal "
        "composition (Resolution 1656/NQ-UBTVQH15); a former district is a predecessor, not the "
        "same unit.",
    ),
    "dt_cross_caption": (
        "Mỗi dòng: một phường/xã và một quận, huyện cũ chiếm ít nhất 0,5% diện tích của nó.",
        "Each row: one ward or commune and one former district holding at least 0.5% of its area.",
    ),
    "dt_cross_unit": ("Phường, xã (2025)", "Ward or commune (2025)"),
    "dt_cross_type": ("Loại", "Type"),
    "dt_cross_code": ("Mã đơn vị", "Official code"),
    "dt_cross_former": ("Quận, huyện cũ", "Former district"),
    "dt_cross_share": ("Tỷ lệ diện tích (%)", "Area share (%)"),
    "dt_cross_main": ("Phần lớn nhất", "Largest share"),
    "dt_codebook": ("Sổ tay mã (codebook)", "Codebook"),
    "dt_codebook_intro": (
        "Các chỉ số (tên tiếng Việt và tiếng Anh, chỉ số cha, điểm tối đa, giai đoạn phương pháp), "
        "các loại số liệu, mô tả từng cột của mọi bảng và cách trích dẫn.",
        "The indicators (Vietnamese and English names, parent, maximum points, method periods), "
        "the measures, every column of every table described, and how to cite.",
    ),
    "dt_codebook_xlsx": ("Sổ tay mã (Excel)", "Codebook (Excel)"),
    "dt_codebook_md": ("Sổ tay mã (Markdown)", "Codebook (Markdown)"),
    "dt_codebook_csv": ("Sổ tay mã (CSV)", "Codebook (CSV)"),
    "dt_static_files": (
        "Cho nhà phân tích: các bảng công khai có sẵn dưới dạng tệp cố định tại địa chỉ của "
        "ứng dụng, …/app/static/data/observations.csv (CSV UTF-8, mở bằng Excel hoặc "
        "pandas.read_csv) và .parquet; bảng mô phỏng nằm riêng trong các tệp có chữ SIMULATED.",
        "For analysts: the public tables are also stable files at the app's address, "
        "…/app/static/data/observations.csv (UTF-8 CSV, for Excel or pandas.read_csv) and "
        ".parquet; the simulated panel is kept apart in files named SIMULATED.",
    ),
    "dt_src_table": (
        "Bảng các nguồn: tiêu đề, nơi công bố, đường dẫn và số con số mỗi nguồn cho.",
        "The sources: title, publisher, link and how many figures each gives.",
    ),
    "dt_ini_table": (
        "Bảng các mô hình, sáng kiến: đơn vị, năm, loại, trạng thái và nguồn.",
        "The initiatives: unit, year, kind, status and source.",
    ),
    "dt_periods_table": (
        "Bảng các giai đoạn phương pháp: năm áp dụng và thang điểm.",
        "The method periods: years and points.",
    ),
    "dt_corrections_table": (
        "Bảng các hiệu chỉnh: giá trị công bố, giá trị dùng và lý do.",
        "The corrections: published value, value used and why.",
    ),
    "dt_seed_files_table": (
        "Bảng các tệp seeds: tên, số dòng và mã băm.",
        "The seed files: name, rows and hash.",
    ),
    "dt_disagree": ("Nguồn không khớp nhau", "Sources that disagree"),
    "dt_disagree_none": (
        "Không có con số nào mà bảng chính thức đã nhập khác với số trong bài báo.",
        "No figure of an imported official table differs from a report's.",
    ),
    "dt_disagree_caption": (
        "Bảng chính thức (nguồn gốc) được dùng; số của bài báo vẫn được giữ để đối chiếu.",
        "The official table (primary source) is used; the report's figure is kept beside it.",
    ),
}
