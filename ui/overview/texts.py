"""Texts of the overview page."""

TEXT = {
    "ov_title": ("Tổng quan", "Overview"),
    "ov_intro": (
        "Kết quả Chỉ số CCHC của năm được chọn: điểm trung bình khối, số đơn vị tiến bộ, đơn vị dẫn đầu và cuối bảng, bản đồ và phân bố điểm.",
        "The selected year's PAR Index: block average, units that improved, top and bottom units, map and distribution of scores.",
    ),
    "ov_year": ("Năm đánh giá", "Year evaluated"),
    "ov_block_avg": ("Điểm trung bình khối", "Block average"),
    "ov_block_avg_src_published": ("theo số liệu công bố", "as published"),
    "ov_block_avg_src_mean": ("trung bình của {n} đơn vị", "mean of {n} units"),
    "ov_improved": (
        "Số đơn vị tăng điểm so với năm trước",
        "Units that improved on the previous year",
    ),
    "ov_improved_value": ("{k}/{n}", "{k} of {n}"),
    "ov_improved_new": (
        "Không so với năm trước: các phường, xã mới được thành lập từ 1/7/{year}.",
        "Not compared with the year before: the wards and communes were created on 1 July {year}.",
    ),
    "ov_year_only": ("**Năm đánh giá:** {year}", "**Year evaluated:** {year}"),
    "ov_top": ("Dẫn đầu", "Top"),
    "ov_bottom": ("Cuối bảng", "Bottom"),
    "ov_unknown": ("chưa rõ", "not known"),
    "ov_map_title": ("Chỉ số CCHC năm {year} theo đơn vị", "PAR Index {year} by unit"),
    "ov_map_summary": (
        "{k}/{n} đơn vị có điểm năm {year}; màu xám = chưa có số liệu công bố.",
        "{k} of {n} units have a {year} score; grey = no published figure.",
    ),
    "ov_dist_title": ("Phân bố điểm năm {year}", "Distribution of {year} scores"),
    "ov_dist_summary": (
        "Điểm từ {lo} đến {hi}; trung bình các điểm hiển thị {mean} (đường đứt nét).",
        "Scores from {lo} to {hi}; mean of the scores shown {mean} (dashed line).",
    ),
    "ov_coverage": ("Số liệu có gì cho năm {year}", "What the data cover for {year}"),
    "ov_coverage_text": (
        "{scores} đơn vị có điểm tổng, {ranks} đơn vị có thứ hạng, {missing} đơn vị chưa có số liệu công bố.",
        "{scores} units have a total score, {ranks} have a rank, {missing} have no published figure.",
    ),
    "ov_few_scores": (
        "Lưu ý: năm {year} chỉ {k}/{n} đơn vị có điểm công bố; đơn vị dẫn đầu, cuối bảng và số đơn vị tăng điểm chỉ dựa trên các đơn vị này.",
        "Note: in {year} only {k} of {n} units have a published score; the top, bottom and improved counts rest on these units only.",
    ),
    "ov_status": ("Trạng thái số liệu", "Status of the figure"),
    "ov_status_published": ("đã công bố", "published"),
    "ov_status_simulated": ("MÔ PHỎNG", "SIMULATED"),
    "ov_status_rank_only": ("chỉ có thứ hạng", "rank only"),
    "ov_status_missing": ("chưa có số liệu công bố", "no published figure"),
    "ov_tip_unit": ("Đơn vị", "Unit"),
    "ov_tip_value": ("Điểm (%)", "Score (%)"),
    "ov_tip_rank": ("Hạng trong khối", "Rank in block"),
    "ov_tip_status": ("Trạng thái", "Status"),
    "ov_points_attr": (
        "Mỗi vòng tròn là một phường/xã, đặt tại một điểm bên trong đơn vị (không có ranh giới "
        "2025); nền là ranh giới 30 quận, huyện cũ. Vòng rỗng màu xám: chưa có số liệu. Vị trí "
        "và danh sách đơn vị: Vietnamese Provinces Database (MIT, © 2021 Thang Le Quoc).",
        "Each circle is a ward or commune, drawn at a point inside it (no 2025 boundaries are "
        "held); the outlines are the 30 former districts. Hollow grey ring: no figure. Unit list "
        "and points: Vietnamese Provinces Database (MIT, © 2021 Thang Le Quoc).",
    ),
    "ov_geo_attr": (
        "Ranh giới hành chính: Chính phủ Việt Nam / OCHA ROAP, COD-AB Việt Nam (HDX), CC BY 3.0 IGO.",
        "District boundaries: Government of Viet Nam / OCHA ROAP, Viet Nam – Subnational Administrative Boundaries (COD-AB, HDX), CC BY 3.0 IGO.",
    ),
    "ov_no_year": (
        "Không có năm nào có số liệu trong khoảng đã chọn.",
        "No year in the chosen range has figures.",
    ),
    "ov_table_title": ("Bảng điểm năm {year}", "Scores {year}"),
}
