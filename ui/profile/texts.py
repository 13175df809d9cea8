"""Texts of the unit-profile page (prefix pf_)."""

TEXT = {
    "pf_title": ("Hồ sơ đơn vị", "Unit profile"),
    "pf_intro": (
        "Phiếu kết quả của một đơn vị: điểm và thứ hạng qua các năm, các lĩnh vực thành phần so "
        "với nhóm cùng loại và cả khối, các mô hình, sáng kiến cải cách, và nguồn của từng con "
        "số.",
        "Report card of one unit: score and rank over the years, its component areas against "
        "its own group and the whole block, its reform initiatives, and the source of every "
        "figure.",
    ),
    "pf_unit": ("Đơn vị", "Unit"),
    "pf_no_units": (
        "Bộ lọc ở thanh bên không còn đơn vị nào.",
        "The sidebar filters leave no unit.",
    ),
    "pf_no_figure": (
        "{unit} chưa có số liệu công bố (điểm hoặc thứ hạng) trong {a}–{b}. Đây không phải lỗi: "
        "nhiều đơn vị chưa được báo chí công bố kết quả. Các mô hình, sáng kiến và nguồn (nếu "
        "có) vẫn được liệt kê bên dưới.",
        "{unit} has no published figure (score or rank) in {a}–{b}. This is not an error: many "
        "units' results have not been reported. Its initiatives and sources (if any) are still "
        "listed below.",
    ),
    # report card
    "pf_card": ("Phiếu kết quả", "Report card"),
    "pf_latest_score": ("Tổng điểm {year}", "Total {year}"),
    "pf_latest_rank": ("Thứ hạng {year}", "Rank {year}"),
    "pf_rank_value": ("{rank}/{total}", "{rank} of {total}"),
    "pf_rank_delta_up": ("tăng {k} bậc so với {year}", "up {k} places on {year}"),
    "pf_rank_delta_down": ("giảm {k} bậc so với {year}", "down {k} places on {year}"),
    "pf_rank_delta_same": ("giữ nguyên so với {year}", "unchanged on {year}"),
    "pf_rank_sentence": (
        "Năm {year} {unit} xếp thứ {rank}/{total}; năm {prev_year} xếp thứ {prev}: {move}.",
        "In {year} {unit} ranked {rank} of {total}; in {prev_year} it ranked {prev}: {move}.",
    ),
    "pf_rank_sentence_single": (
        "Năm {year} {unit} xếp thứ {rank}/{total} (không có thứ hạng năm trước để so sánh).",
        "In {year} {unit} ranked {rank} of {total} (no earlier rank to compare with).",
    ),
    "pf_places": ("bậc so với {year}", "places on {year}"),
    "pf_total_plain": ("Tổng điểm", "Total score"),
    "pf_rank_plain": ("Thứ hạng", "Rank"),
    "pf_not_published": ("chưa công bố", "not published"),
    "pf_years_with": ("Số năm có số liệu", "Years with figures"),
    "pf_years_with_value": ("{k}/{n}", "{k} of {n}"),
    "pf_status_published": ("đã công bố", "published"),
    "pf_status_simulated": ("MÔ PHỎNG", "SIMULATED"),
    "pf_status_sim_equal": ("MÔ PHỎNG = số đã công bố", "SIMULATED = published figure"),
    "pf_status_upload": ("bảng đã nhập", "uploaded"),
    "pf_score_title": ("Tổng điểm của {unit} qua các năm", "{unit}: total score by year"),
    "pf_rank_title": ("Thứ hạng của {unit} qua các năm", "{unit}: rank by year"),
    "pf_score_summary": (
        "{k} năm có tổng điểm, từ {lo} đến {hi}.",
        "Years with a total: {k}, from {lo} to {hi}.",
    ),
    "pf_score_none": (
        "Không có tổng điểm nào trong khoảng năm này (chỉ có thứ hạng).",
        "No total score in this range (ranks only).",
    ),
    "pf_rank_summary": (
        "{k} năm có thứ hạng; tốt nhất {best} ({best_year}), kém nhất {worst} ({worst_year}).",
        "Years with a rank: {k}; best {best} ({best_year}), worst {worst} ({worst_year}).",
    ),
    "pf_rank_none": ("Không có thứ hạng nào trong khoảng năm này.", "No rank in this range."),
    "pf_tt_year": ("Năm", "Year"),
    "pf_tt_value": ("Điểm", "Score"),
    "pf_tt_rank": ("Thứ hạng", "Rank"),
    "pf_tt_status": ("Trạng thái", "Status"),
    "pf_demo_legend": (
        "Trên bảng mô phỏng: “MÔ PHỎNG = số đã công bố” là số trùng với số liệu đã công bố; "
        "“MÔ PHỎNG” là số giả lập.",
        "On the demo panel, “SIMULATED = published figure” marks a number equal to a published "
        "figure; “SIMULATED” marks an invented one.",
    ),
    # components vs city
    "pf_comp_header": ("Các lĩnh vực thành phần năm {year}", "Component areas in {year}"),
    "pf_comp_header_plain": ("Các lĩnh vực thành phần", "Component areas"),
    "pf_comp_none": (
        "{unit} chưa có điểm lĩnh vực thành phần nào trong {a}–{b}.",
        "{unit} has no component score in {a}–{b}.",
    ),
    "pf_comp_title": (
        "{unit} so với trung bình và đơn vị tốt nhất của {scope}, {year}",
        "{unit} against the average and the best unit of {scope}, {year}",
    ),
    "pf_series_unit": ("{unit}", "{unit}"),
    "pf_series_mean": ("Trung bình (các đơn vị có điểm)", "Mean (units with a score)"),
    "pf_series_best": ("Đơn vị tốt nhất", "Best unit"),
    "pf_comp_x": ("Điểm (% điểm tối đa của lĩnh vực)", "Score (% of the area's maximum)"),
    "pf_comp_summary": (
        "{k} lĩnh vực có điểm; cao hơn trung bình nhiều nhất: {up} ({dup} điểm); thấp hơn "
        "trung bình nhiều nhất: {down} ({ddown} điểm).",
        "{k} areas with a score; furthest above the mean: {up} ({dup} points); furthest below "
        "the mean: {down} ({ddown} points).",
    ),
    "pf_comp_summary_all_above": (
        "{k} lĩnh vực có điểm, tất cả đều cao hơn hoặc bằng trung bình; sát trung bình nhất: "
        "{down} ({ddown} điểm).",
        "{k} areas with a score, all at or above the mean; closest to the mean: {down} "
        "({ddown} points).",
    ),
    "pf_comp_summary_all_below": (
        "{k} lĩnh vực có điểm, tất cả đều thấp hơn hoặc bằng trung bình; sát trung bình nhất: "
        "{up} ({dup} điểm).",
        "{k} areas with a score, all at or below the mean; closest to the mean: {up} "
        "({dup} points).",
    ),
    "pf_comp_alone": (
        "Năm {year}, chỉ {unit} có điểm công bố ở các lĩnh vực này, nên chưa có gì để so sánh "
        "(trung bình và “tốt nhất” chính là điểm của đơn vị). Các điểm đã công bố:",
        "In {year} only {unit} has published scores in these areas, so there is nothing to "
        "compare with (the mean and the “best” are the unit's own scores). The published "
        "scores:",
    ),
    "pf_comp_small_n": (
        "Lưu ý: trung bình và “tốt nhất” chỉ tính trên các đơn vị có điểm công bố (n trong "
        "bảng), ở đây có lĩnh vực chỉ có {n} đơn vị — không phải trung bình của {total} đơn vị.",
        "Note: the mean and the “best” use only the units with a published score (n in the "
        "table); some areas here have only {n} unit(s) — this is not the mean of {total} units.",
    ),
    "pf_tt_area": ("Lĩnh vực", "Area"),
    "pf_tt_who": ("Đơn vị / số đơn vị", "Unit / number of units"),
    "pf_n_units": ("trung bình của {n} đơn vị", "mean of {n} units"),
    "pf_col_area": ("Lĩnh vực", "Area"),
    "pf_col_unit": ("Điểm của đơn vị", "Unit's score"),
    "pf_col_mean": ("Trung bình", "Mean"),
    "pf_col_n": ("Số đơn vị có điểm (n)", "Units with a score (n)"),
    "pf_col_best": ("Cao nhất", "Best"),
    "pf_col_best_unit": ("Đơn vị cao nhất", "Best unit"),
    "pf_col_position": ("Vị trí trong n", "Position among n"),
    "pf_col_status": ("Trạng thái", "Status"),
    # initiatives
    "pf_init_header": ("Mô hình, sáng kiến cải cách hành chính", "Reform initiatives"),
    "pf_init_none": (
        "Chưa có mô hình, sáng kiến nào của {unit} trong các nguồn đã thu thập.",
        "No initiative of {unit} is recorded in the sources collected.",
    ),
    "pf_init_intro": (
        "{k} mô hình, sáng kiến của {unit} và các xã, phường, thị trấn thuộc đơn vị (theo các "
        "nguồn đã thu thập; không phải danh sách đầy đủ).",
        "{k} initiatives of {unit} and its communes and wards (as recorded in the sources "
        "collected; not a complete list).",
    ),
    "pf_init_line": (
        "**{name}** — {kind} · {status} · {year} · {area}{where}",
        "**{name}** — {kind} · {status} · {year} · {area}{where}",
    ),
    "pf_init_source": (
        "Nguồn: *{title}* — {publisher}, {date}. {link}",
        "Source: *{title}* — {publisher}, {date}. {link}",
    ),
    "pf_init_source_unknown": ("Nguồn: không rõ", "Source: unknown"),
    "pf_init_where": (" · tại {place}", " · in {place}"),
    "pf_init_names_vi": (
        "Tên mô hình giữ nguyên tiếng Việt như trong nguồn.",
        "Initiative names are given in Vietnamese, as in the sources.",
    ),
    "pf_kind_mô hình": ("mô hình", "model"),
    "pf_kind_giải pháp": ("giải pháp", "solution"),
    "pf_kind_sáng kiến": ("sáng kiến", "initiative"),
    "pf_kind_đề án": ("đề án", "scheme"),
    "pf_istatus_in use": ("đang áp dụng", "in use"),
    "pf_istatus_new": ("mới triển khai", "new"),
    "pf_istatus_continued": ("tiếp tục, nhân rộng", "continued"),
    # sources
    "pf_src_header": ("Nguồn của từng con số", "The source of every figure"),
    "pf_src_intro": (
        "{k} con số của {unit} từ {s} nguồn. Cột “vị trí trong nguồn” trích đoạn văn bản chứa "
        "con số để dễ tìm lại.",
        "{k} figures of {unit} from {s} source(s). The “locator” column quotes the passage that "
        "holds each figure, so it can be found again.",
    ),
    "pf_src_none": (
        "Chưa có con số nào của {unit} trong các nguồn đã thu thập.",
        "No figure of {unit} is recorded in the sources collected.",
    ),
    "pf_src_demo": (
        "Bảng mô phỏng có {k} con số của {unit}: {eq} con số trùng với số liệu đã công bố "
        "(“SIMULATED; equals the published figure” — nguồn thật được liệt kê bên dưới), {sim} "
        "con số còn lại là MÔ PHỎNG, không có nguồn.",
        "The demo panel holds {k} figures of {unit}: {eq} equal published figures (“SIMULATED; "
        "equals the published figure” — their real sources are listed below), the other {sim} "
        "are SIMULATED and have no source.",
    ),
    "pf_src_demo_table": ("Các con số trên bảng mô phỏng", "Figures on the demo panel"),
    "pf_src_published_header": ("Nguồn đã công bố", "Published sources"),
    "pf_src_seed": ("Tài liệu lưu trong dự án: {file}", "Document archived by the project: {file}"),
    "pf_src_undated": ("không rõ ngày", "undated"),
    "pf_src_line": (
        "**{title}** — {publisher}, {date}. {link}",
        "**{title}** — {publisher}, {date}. {link}",
    ),
    "pf_col_year": ("Năm", "Year"),
    "pf_col_indicator": ("Chỉ số", "Indicator"),
    "pf_col_measure": ("Loại số liệu", "Measure"),
    "pf_col_value": ("Giá trị", "Value"),
    "pf_col_as_published": ("Như công bố", "As published"),
    "pf_col_locator": ("Vị trí trong nguồn", "Locator"),
    "pf_col_source": ("Nguồn", "Source"),
    "pf_col_title": ("Tiêu đề", "Title"),
    "pf_col_publisher": ("Cơ quan đăng", "Publisher"),
    "pf_col_date": ("Ngày", "Date"),
    "pf_col_link": ("Liên kết", "Link"),
    "pf_measure_score_pct": ("điểm (%)", "score (%)"),
    "pf_measure_rank": ("thứ hạng", "rank"),
    "pf_measure_delta_pct": ("thay đổi điểm", "change of score"),
    "pf_measure_delta_rank": ("thay đổi thứ hạng", "change of rank"),
    "pf_measure_count": ("số lượng", "count"),
    "pf_measure_points": ("điểm", "points"),
    "pf_measure_count_min": ("số lượng (tối thiểu)", "count (at least)"),
    "pf_measure_rate_pct": ("tỷ lệ (%)", "rate (%)"),
    "pf_measure_floor_pct": ("ngưỡng tối thiểu (%)", "floor (%)"),
    "pf_measure_index": ("chỉ số", "index"),
    "pf_measure_flag": ("ghi nhận", "flag"),
    "pf_measure_rank_group_top": ("thuộc nhóm đầu", "in the top group"),
    "pf_measure_reported_value": ("giá trị được báo cáo", "reported value"),
    "pf_measure_delta_reported": ("thay đổi được báo cáo", "reported change"),
    "pf_measure_target_rank_gain_min": (
        "mục tiêu tăng hạng (tối thiểu)",
        "target rank gain (at least)",
    ),
    "pf_measure_target_rank_gain_max": (
        "mục tiêu tăng hạng (tối đa)",
        "target rank gain (at most)",
    ),
    "pf_pred_title": (
        "Đơn vị tiền thân (quận, huyện trước 1/7/2025)",
        "Predecessors (districts before 1 July 2025)",
    ),
    "pf_pred_note": (
        "{unit} là đơn vị mới từ 1/7/2025. Diện tích của nó trước đây thuộc các quận, huyện dưới "
        "đây (tỷ lệ diện tích ước tính từ ranh giới, không phải thành phần pháp lý theo Nghị "
        "quyết 1656/NQ-UBTVQH15; {covered} diện tích nằm trong 30 quận, huyện cũ). Quận, huyện "
        "cũ là đơn vị tiền thân, không phải cùng một đơn vị: điểm của chúng không phải lịch sử "
        "của {unit}.",
        "{unit} is a new unit since 1 July 2025. Its area lay in the districts below (area shares "
        "estimated from boundaries, not the legal composition of Resolution "
        "1656/NQ-UBTVQH15; {covered} of its area lies inside the 30 former districts). A former "
        "district is a predecessor, not the same unit: its scores are not {unit}'s history.",
    ),
    "pf_pred_former": ("Quận, huyện cũ", "Former district"),
    "pf_pred_share": ("Tỷ lệ diện tích (%)", "Area share (%)"),
    "pf_pred_open": (
        "Xem lịch sử {former} (đơn vị tiền thân, {share} diện tích)",
        "Open the history of {former} (predecessor, {share} of the area)",
    ),
    "pf_pdf_button": ("Báo cáo một trang (PDF)", "One-page report (PDF)"),
    "pf_pdf_year": ("Năm của báo cáo", "Report year"),
    "pf_pdf_help": (
        "Một trang A4 để in: điểm và thứ hạng qua các năm, các lĩnh vực so với nhóm và cả khối, "
        "thay đổi trong năm, lưu ý phương pháp và mọi nguồn. Chỉ tạo khi bấm nút.",
        "One printable A4 page: score and rank over the years, the areas against the group and "
        "the block, the year's change, method notes and every source. Made only when clicked.",
    ),
    # peers
    "pf_peer_header": ("So với các đơn vị cùng loại năm {year}", "Against its peers in {year}"),
    "pf_peer_header_plain": ("So với các đơn vị cùng loại", "Against its peers"),
    "pf_peer_none": (
        "{unit} chưa có tổng điểm hay thứ hạng nào trong khoảng năm đã chọn để so sánh.",
        "{unit} has no total score or rank in the chosen years to compare.",
    ),
    "pf_peer_group_quận": ("các quận", "the urban districts (quận)"),
    "pf_peer_group_huyện": ("các huyện", "the rural districts (huyện)"),
    "pf_peer_group_thị xã": ("thị xã (chỉ có Sơn Tây)", "the town (thị xã Sơn Tây only)"),
    "pf_peer_group_phường": ("khối phường", "the ward (phường) block"),
    "pf_peer_group_xã": ("khối xã", "the commune (xã) block"),
    "pf_peer_block": ("toàn khối quận, huyện, thị xã", "the whole district block"),
    # Since 2025 the group is the ranking block; the wider scope is both blocks, never ranked
    # together, so no place is given in it.
    "pf_peer_both_blocks": (
        "cả hai khối (126 phường, xã)",
        "both blocks (all 126 wards and communes)",
    ),
    "pf_peer_of_published": (
        " có số liệu (cả nhóm có {n} đơn vị)",
        " with a figure ({n} units in all)",
    ),
    "pf_peer_of_published_short": ("(trong số có số liệu)", "(among those with a figure)"),
    "pf_peer_by_rank": ("theo thứ hạng công bố", "by the published ranks"),
    # The ranks of a simulated panel or an uploaded table are not published ones.
    "pf_peer_by_rank_demo": ("theo thứ hạng mô phỏng", "by the simulated ranks"),
    "pf_peer_by_rank_upload": ("theo thứ hạng trong bảng đã nhập", "by the uploaded ranks"),
    "pf_scope_city": ("thành phố", "the city"),
    "pf_peer_by_score": ("theo điểm", "by score"),
    "pf_peer_by_None": ("", ""),
    "pf_peer_place": (
        "Năm {year}, {unit} đứng hạng {place} trong {group}{note} và hạng {block} trong toàn khối{bnote} ({by}).",
        "In {year}, {unit} stood {place} among {group}{note} and {block} in the whole block{bnote} ({by}).",
    ),
    "pf_peer_place_in_block": (
        "Năm {year}, {unit} đứng hạng {place} trong {group}{note} ({by}).",
        "In {year}, {unit} stood {place} in {group}{note} ({by}).",
    ),
    "pf_peer_no_place": (
        "Năm {year}, {unit} chưa có điểm hay thứ hạng để xếp vị trí trong nhóm.",
        "In {year}, {unit} has no score or rank to place it in its group.",
    ),
    "pf_peer_gap": (
        "Điểm {value} so với trung bình {mean} của {group} (từ {lo} đến {hi}, {n} đơn vị có điểm; chênh lệch {gap}) và trung bình {wide} {block_mean} ({m} đơn vị có điểm).",
        "Score {value} against the mean {mean} of {group} (from {lo} to {hi}, {n} units with a score; gap {gap}) and the mean of {wide} {block_mean} ({m} units with a score).",
    ),
    "pf_peer_too_few": (
        "Chỉ {n} đơn vị trong {group} có điểm năm này: chưa đủ để so sánh với nhóm.",
        "Only {n} of {group} have a score that year: too few to compare with the group.",
    ),
    "pf_peer_title": (
        "{unit} so với {group} và {wide}, năm {year}",
        "{unit} against {group} and {wide}, {year}",
    ),
    "pf_peer_summary": (
        "Năm {year}, {unit} có {value}; {group} từ {glo} đến {ghi} (trung bình {gmean}, nửa giữa {iqr}); {wide} từ {blo} đến {bhi} (trung bình {bmean}).",
        "In {year}, {unit} scored {value}; {group} ranged from {glo} to {ghi} (mean {gmean}, middle half {iqr}); {wide} from {blo} to {bhi} (mean {bmean}).",
    ),
    "pf_peer_legend": (
        "Đường mảnh: thấp nhất – cao nhất; thanh dày: nửa giữa (tứ phân vị); vạch đứng: trung bình; chấm tròn có nhãn: đơn vị.",
        "Thin line: lowest to highest; thick bar: the middle half (quartiles); tick: mean; labelled dot: the unit.",
    ),
    "pf_peer_table": (
        "Bảng so sánh với {group} và {wide}: tổng điểm và các lĩnh vực mà đơn vị có điểm.",
        "The comparison with {group} and {wide}: the total and the areas the unit has a score for.",
    ),
    "pf_peer_col_indicator": ("Chỉ số", "Indicator"),
    "pf_peer_col_scope": ("So với", "Against"),
    "pf_peer_col_n": ("Số đơn vị có điểm", "Units with a score"),
    "pf_peer_col_value": ("Điểm của đơn vị", "The unit's score"),
    "pf_peer_col_mean": ("Trung bình", "Mean"),
    "pf_peer_col_min": ("Thấp nhất", "Lowest"),
    "pf_peer_col_q1": ("Tứ phân vị dưới", "Lower quartile"),
    "pf_peer_col_median": ("Trung vị", "Median"),
    "pf_peer_col_q3": ("Tứ phân vị trên", "Upper quartile"),
    "pf_peer_col_max": ("Cao nhất", "Highest"),
    "pf_peer_col_gap": ("Chênh lệch so với trung bình", "Gap to the mean"),
    "pf_peer_col_place": ("Vị trí", "Place"),
    "pf_peer_tt_scope": ("So với", "Against"),
    "pf_peer_tt_range": ("Thấp nhất – cao nhất", "Lowest – highest"),
    "pf_peer_tt_mean": ("Trung bình", "Mean"),
    "pf_peer_tt_value": ("Điểm của đơn vị", "The unit's score"),
}
