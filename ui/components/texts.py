"""Texts of the components page (prefix co_), and the short area names the three unit pages share."""

TEXT = {
    # short names of the total and the eight areas (axis labels, sliders, legends)
    "co_short_total": ("Tổng điểm", "Total"),
    "co_short_direction": ("Chỉ đạo, điều hành", "Direction"),
    "co_short_institutions": ("Thể chế", "Institutions"),
    "co_short_procedures": ("Thủ tục hành chính", "Procedures"),
    "co_short_organisation": ("Tổ chức bộ máy", "Organisation"),
    "co_short_civil_service": ("Chế độ công vụ", "Civil service"),
    "co_short_public_finance": ("Tài chính công", "Public finance"),
    "co_short_digital_government": ("Chính quyền số", "Digital government"),
    "co_short_socioeconomic_impact": (
        "Tác động đến người dân, KT-XH",
        "Impact on people & economy",
    ),
    # page
    "co_title": ("Chỉ số thành phần", "Components"),
    "co_intro": (
        "Tám lĩnh vực thành phần và tổng điểm đi cùng nhau thế nào: ma trận tương quan, biểu đồ "
        "phân tán của từng cặp, và những lĩnh vực phân biệt nhóm đứng đầu với nhóm cuối bảng.",
        "How the eight component areas and the total move together: a correlation matrix, the "
        "scatter of any pair, and the areas that separate the top units from the bottom ones.",
    ),
    "co_year": ("Năm", "Year"),
    "co_pooled": ("Gộp {a}–{b}", "Pooled {a}–{b}"),
    "co_pooled_caveat": (
        "Đang gộp các năm {a}–{b}: mỗi quan sát là một đơn vị–năm. Cùng một đơn vị xuất hiện "
        "nhiều lần nên các quan sát không độc lập — giá trị p và khoảng tin cậy vì thế lạc quan "
        "hơn thực tế.",
        "Pooling {a}–{b}: each observation is a unit-year. The same unit appears several times, "
        "so the observations are not independent and the p-values and CIs are too optimistic.",
    ),
    "co_method": ("Hệ số tương quan", "Correlation"),
    "co_pearson": ("Pearson (tuyến tính)", "Pearson (linear)"),
    "co_spearman": ("Spearman (theo thứ hạng)", "Spearman (ranks)"),
    "co_method_help": (
        "Spearman dựa trên thứ hạng nên ít bị chi phối bởi giá trị ngoại lai; Pearson đo mức độ "
        "quan hệ tuyến tính.",
        "Spearman works on ranks, so outliers matter less; Pearson measures a linear relation.",
    ),
    "co_no_year": (
        "Không có năm nào có số liệu trong khoảng năm đã chọn.",
        "No year in the chosen range has figures.",
    ),
    "co_no_units": (
        "Bộ lọc ở thanh bên không còn đơn vị nào.",
        "The sidebar filters leave no unit.",
    ),
    # heatmap
    "co_heat_title": (
        "Tương quan giữa các lĩnh vực, {period}",
        "Correlations between the areas, {period}",
    ),
    "co_heat_summary": (
        "Tính được {k}/{m} cặp; tương quan mạnh nhất: {a} và {b} ({sym} = {r}). Bấm vào một ô "
        "(hoặc chọn cặp bên dưới) để xem biểu đồ phân tán.",
        "{k} of {m} pairs computed; strongest: {a} and {b} ({sym} = {r}). Click a cell (or "
        "pick the pair below) to see its scatter.",
    ),
    "co_heat_summary_none": (
        "Chưa tính được cặp nào (ô xám).",
        "No pair could be computed (grey cells).",
    ),
    "co_tt_x": ("Lĩnh vực 1", "Area 1"),
    "co_tt_y": ("Lĩnh vực 2", "Area 2"),
    "co_tt_n": ("Số quan sát (n)", "Observations (n)"),
    "co_tt_ci": ("Khoảng tin cậy 95%", "95% CI"),
    "co_tt_p": ("p", "p"),
    "co_tt_holm": ("p hiệu chỉnh Holm", "Holm-adjusted p"),
    "co_tt_bh": ("p hiệu chỉnh BH", "BH-adjusted p"),
    "co_tt_note": ("Ghi chú", "Note"),
    "co_cell_computed": ("đã tính", "computed"),
    "co_ci_range": ("{lo} đến {hi}", "{lo} to {hi}"),
    "co_reason_n": (
        "chỉ có {n} quan sát có đủ cả hai điểm; cần ít nhất {min}",
        "only {n} observations have both scores; at least {min} are needed",
    ),
    "co_reason_novar": (
        "một trong hai lĩnh vực không thay đổi giữa các đơn vị (n = {n})",
        "one of the two areas does not vary between units (n = {n})",
    ),
    "co_none_computable": (
        "Không tính được tương quan nào cho {period}: mỗi cặp cần ít nhất {min} đơn vị có đủ cả "
        "hai điểm. Điểm các lĩnh vực thành phần chỉ được công bố cho: {units}.",
        "No correlation can be computed for {period}: each pair needs at least {min} units with "
        "both scores. Component scores are published only for: {units}.",
    ),
    "co_n_listed": (
        "Số quan sát (n) của các cặp có số liệu trong {period}; mọi cặp khác có n = 0:",
        "Observations (n) of the pairs with any data in {period}; every other pair has n = 0:",
    ),
    "co_n_all_zero": (
        "Trong {period}, mọi cặp đều có n = 0.",
        "In {period}, every pair has n = 0.",
    ),
    "co_none_units": ("không đơn vị nào", "no unit"),
    "co_n_pair": ("Cặp lĩnh vực", "Pair of areas"),
    "co_n_n": ("Số đơn vị có cả hai điểm (n)", "Units with both scores (n)"),
    # pair scatter
    "co_pair_header": ("Biểu đồ phân tán của một cặp", "Scatter of one pair"),
    "co_pair_x": ("Trục ngang", "Horizontal axis"),
    "co_pair_y": ("Trục dọc", "Vertical axis"),
    "co_pair_same": ("Hãy chọn hai lĩnh vực khác nhau.", "Pick two different areas."),
    "co_scatter_title": ("{y} theo {x}, {period}", "{y} against {x}, {period}"),
    "co_scatter_sentence": (
        "{method} giữa {x} và {y}: {sym} = {r} (khoảng tin cậy 95%: {lo} đến {hi}), n = {n} "
        "{obs}; p {p}, p hiệu chỉnh Holm {holm}.",
        "{method} between {x} and {y}: {sym} = {r} (95% CI {lo} to {hi}), n = {n} {obs}; "
        "p {p}, Holm-adjusted p {holm}.",
    ),
    "co_scatter_not": (
        "{method} giữa {x} và {y} chưa tính được: {reason}.",
        "{method} between {x} and {y} is not computed: {reason}.",
    ),
    "co_scatter_summary": (
        "{n} điểm, mỗi điểm là một {what}; đường đứt nét là đường hồi quy bình phương nhỏ nhất "
        "(độ dốc {slope}). Tương quan không có nghĩa là quan hệ nhân quả.",
        "{n} points, each a {what}; the dashed line is the least-squares fit (slope {slope}). "
        "Correlation is not causation.",
    ),
    "co_scatter_summary_nofit": (
        "{n} điểm, mỗi điểm là một {what}; quá ít điểm để vẽ đường hồi quy.",
        "{n} points, each a {what}; too few points for a fitted line.",
    ),
    "co_obs_units": ("đơn vị", "units"),
    "co_obs_unit_years": ("đơn vị–năm", "unit-years"),
    "co_obs_unit": ("đơn vị", "unit"),
    "co_obs_unit_year": ("đơn vị–năm", "unit-year"),
    "co_fit_line": ("Đường hồi quy", "Fitted line"),
    # top vs bottom
    "co_sep_header": (
        "Lĩnh vực nào phân biệt nhóm đứng đầu với nhóm cuối bảng?",
        "Which components separate the top from the bottom units?",
    ),
    "co_sep_intro": (
        "So sánh {k} đơn vị có tổng điểm cao nhất với {k} đơn vị thấp nhất năm {year}: chênh lệch "
        "trung bình (điểm %), kiểm định Mann–Whitney với p hiệu chỉnh Holm qua các lĩnh vực, và "
        "hệ số rank-biserial (rb: 1 = mọi đơn vị nhóm đầu đều cao hơn mọi đơn vị nhóm cuối, "
        "0 = không khác biệt).",
        "The {k} units with the highest total against the {k} lowest in {year}: difference of "
        "means (percentage points), Mann–Whitney test with Holm-adjusted p across the areas, and "
        "the rank-biserial correlation (rb: 1 = every top unit above every bottom unit, "
        "0 = no difference).",
    ),
    "co_sep_pooled_note": (
        "Phần này dùng một năm: {year}, năm cuối của khoảng đã gộp.",
        "This part uses one year: {year}, the last of the pooled range.",
    ),
    "co_k": ("Số đơn vị mỗi nhóm (k)", "Units per group (k)"),
    "co_sep_title": (
        "Nhóm {k} đầu trừ nhóm {k} cuối, năm {year}",
        "Top {k} minus bottom {k}, {year}",
    ),
    "co_sep_x": ("Chênh lệch trung bình (điểm %)", "Difference of means (percentage points)"),
    "co_sep_label": ("{d} · rb {rb} · p Holm {p}", "{d} · rb {rb} · Holm p {p}"),
    "co_sep_sig": ("p Holm < 0,05", "Holm p < 0.05"),
    "co_sep_nonsig": ("p Holm ≥ 0,05", "Holm p ≥ 0.05"),
    "co_sep_legend": ("Kiểm định", "Test"),
    "co_sep_summary": (
        "Chênh lệch lớn nhất: {a} ({d} điểm, rb {rb}); {s}/{m} lĩnh vực có p Holm < 0,05.",
        "Largest difference: {a} ({d} points, rb {rb}); {s} of {m} areas have Holm p < 0.05.",
    ),
    "co_sep_none": (
        "Chưa so sánh được lĩnh vực nào: {reason}.",
        "No area can be compared: {reason}.",
    ),
    "co_sep_reason_k": (
        "với k = {k} cần {need} đơn vị có tổng điểm năm {year}, hiện có {n}",
        "k = {k} needs {need} units with a {year} total; there are {n}",
    ),
    "co_sep_reason_group": (
        "nhóm nhỏ hơn chỉ có {n} đơn vị có điểm lĩnh vực này; cần ít nhất {min}",
        "the smaller group has only {n} units with this area's score; at least {min} are needed",
    ),
    "co_sep_skipped": ("Không so sánh được: {items}.", "Not compared: {items}."),
    "co_col_area": ("Lĩnh vực", "Area"),
    "co_col_mean_top": ("TB nhóm đầu", "Mean of top"),
    "co_col_mean_bottom": ("TB nhóm cuối", "Mean of bottom"),
    "co_col_diff": ("Chênh lệch", "Difference"),
    "co_col_rb": ("Rank-biserial", "Rank-biserial"),
    "co_col_p_holm": ("p Holm", "Holm p"),
    "co_col_status": ("Trạng thái", "Status"),
}
