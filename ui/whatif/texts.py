"""Texts of the what-if and targets page (prefix wi_)."""

TEXT = {
    "wi_title": ("Mô phỏng mục tiêu", "What-if and targets"),
    "wi_intro": (
        "Thử thay đổi điểm từng lĩnh vực thành phần của một đơn vị và xem tổng điểm, thứ hạng "
        "thay đổi thế nào; và tính mức tăng nhỏ nhất cần có để đạt một thứ hạng mục tiêu.",
        "Change a unit's component scores and see how its total and rank would move; and work "
        "out the smallest change that would reach a target rank.",
    ),
    "wi_unit": ("Đơn vị", "Unit"),
    "wi_year": ("Năm đánh giá", "Year evaluated"),
    "wi_no_units": (
        "Bộ lọc ở thanh bên không còn đơn vị nào.",
        "The sidebar filters leave no unit.",
    ),
    "wi_no_year": (
        "Không có năm nào có số liệu trong khoảng năm đã chọn.",
        "No year in the chosen range has figures.",
    ),
    "wi_cannot": (
        "Không mô phỏng được {unit} năm {year}: {why}. Mô phỏng cần tổng điểm và ít nhất một "
        "điểm lĩnh vực thành phần của đơn vị trong năm đó.",
        "{unit} cannot be simulated for {year}: {why}. A simulation needs the unit's total and "
        "at least one component score for that year.",
    ),
    "wi_why_no_total": ("chưa có tổng điểm", "there is no total score"),
    "wi_why_no_components": ("chưa có điểm lĩnh vực thành phần nào", "there is no component score"),
    "wi_why_neither": (
        "chưa có tổng điểm và điểm lĩnh vực thành phần",
        "there is neither a total nor a component score",
    ),
    "wi_possible": (
        "Trong số liệu đã chọn, chỉ mô phỏng được: {items}.",
        "In the chosen data, only these can be simulated: {items}.",
    ),
    "wi_possible_none": (
        "Trong số liệu đã chọn, không đơn vị nào có đủ tổng điểm và điểm thành phần.",
        "In the chosen data, no unit has both a total and component scores.",
    ),
    "wi_target_published": (
        "Mục tiêu đã công bố của {unit}: năm {year} phấn đấu tăng {lo}–{hi} bậc (nguồn: {source}).",
        "{unit}'s published target: rise {lo}–{hi} places in the {year} index (source: {source}).",
    ),
    "wi_target_published_choose": (
        " Chọn năm {prev} để xem cần gì để tăng {lo}–{hi} bậc từ vị trí năm {prev}.",
        " Choose {prev} to see what rising {lo}–{hi} places from the {prev} position takes.",
    ),
    "wi_target_published_here": (
        "Mục tiêu đã công bố của {unit} cho năm {year}: tăng {lo}–{hi} bậc. Từ hạng {rank} năm "
        "{prev}, điều đó nghĩa là lên hạng {b}–{a}; mục tiêu mặc định bên dưới là hạng {a}.",
        "{unit}'s published target for {year}: rise {lo}–{hi} places. From rank {rank} in "
        "{prev} that means rank {b}–{a}; the default target below is rank {a}.",
    ),
    # weights
    "wi_weights_plain": (
        "**Cách tính.** Điểm mỗi lĩnh vực là % điểm tối đa của lĩnh vực đó. Điểm tối đa chỉ được "
        "công bố cho {known}. Với {k} lĩnh vực còn lại, trang này **giả định** chia đều {rest} "
        "điểm còn lại ({share} điểm mỗi lĩnh vực) — đây là giả định, không phải số công bố; bạn "
        "có thể sửa ở mục “Trọng số” bên dưới. Tăng một lĩnh vực thêm x điểm % làm tổng điểm "
        "tăng x × (điểm tối đa của lĩnh vực ÷ {total}) điểm %. Các phần khác của tổng điểm (điều "
        "tra xã hội học, điểm thưởng, điểm trừ) được giữ nguyên.",
        "**How it works.** Each area's score is a % of that area's maximum points. The maximum "
        "is published only for {known}. For the other {k} areas this page **assumes** equal "
        "shares of the remaining {rest} points ({share} points each) — an assumption, not a "
        "published figure; you can change it under “Weights” below. Raising an area by x "
        "percentage points raises the total by x × (the area's maximum ÷ {total}) points. The "
        "rest of the total (sociological survey, bonus and penalty points) is held fixed.",
    ),
    "wi_known_item": ("{area} ({pts} điểm)", "{area} ({pts} points)"),
    "wi_weights_changed": (
        "⚠️ Bạn đã sửa trọng số: tổng điểm tối đa của 8 lĩnh vực hiện là {total}; mỗi lĩnh vực "
        "đóng góp theo tỷ lệ điểm tối đa của nó trên {total}.",
        "⚠️ You changed the weights: the eight areas' maximum points now add up to {total}; each "
        "area counts in proportion to its maximum over {total}.",
    ),
    "wi_weights": (
        "Trọng số (điểm tối đa của từng lĩnh vực)",
        "Weights (maximum points of each area)",
    ),
    "wi_weight_published": ("đã công bố", "published"),
    "wi_weight_assumed": ("GIẢ ĐỊNH", "ASSUMED"),
    "wi_weight_label": ("{area} — {kind}", "{area} — {kind}"),
    "wi_weight_help": (
        "Điểm tối đa của “Cải cách thể chế” là 8 điểm theo báo cáo năm 2023 của quận Bắc Từ "
        "Liêm (7,3/8 điểm); các năm khác chưa được xác nhận.",
        "The 8-point maximum of “Institutional reform” is from Bắc Từ Liêm's report for 2023 "
        "(7.3 of 8 points); other years are not confirmed.",
    ),
    "wi_weights_reset": ("Khôi phục trọng số mặc định", "Restore the default weights"),
    "wi_weights_sum": (
        "Tổng điểm tối đa của 8 lĩnh vực: {total}",
        "Maximum points of the eight areas add up to {total}",
    ),
    # sliders
    "wi_sliders": ("Điểm các lĩnh vực (kéo để thử)", "Component scores (drag to try)"),
    "wi_slider_label": ("{area} · hiện tại {now}", "{area} · now {now}"),
    "wi_slider_help": (
        "Điểm tính bằng % điểm tối đa của lĩnh vực (0–100). Trọng số: {pts} điểm ({kind}).",
        "Score in % of the area's maximum (0–100). Weight: {pts} points ({kind}).",
    ),
    "wi_slider_missing": (
        "Chưa có điểm, không thay đổi được: {areas}.",
        "No score, so these cannot be changed: {areas}.",
    ),
    "wi_reset": ("Đặt lại điểm hiện tại", "Reset to the current scores"),
    # results
    "wi_result": ("Kết quả mô phỏng", "Simulated result"),
    "wi_total_now": ("Tổng điểm hiện tại ({year})", "Current total ({year})"),
    "wi_total_sim": ("Tổng điểm mô phỏng", "Simulated total"),
    "wi_rank_sim": ("Thứ hạng mô phỏng", "Simulated rank"),
    "wi_rank_value": ("{rank}/{n}", "{rank} of {n}"),
    "wi_places": ("bậc", "places"),
    "wi_rank_scope_published": (
        "Thứ hạng ở đây là thứ hạng trong số {n} đơn vị có tổng điểm công bố năm {year}, không "
        "phải thứ hạng chính thức trong {total} đơn vị (điểm của các đơn vị khác chưa được công bố). "
        "Thứ hạng chính thức đã công bố của {unit}: {official}.",
        "The rank here is among the {n} units with a published {year} total, not the official "
        "rank among {total} (the other units' scores are not published). {unit}'s published "
        "official rank: {official}.",
    ),
    "wi_official_none": ("chưa công bố", "not published"),
    "wi_weighted_mean": (
        "Trung bình có trọng số của các lĩnh vực (theo trọng số trên, chỉ gồm các lĩnh vực có "
        "điểm): hiện tại {now} → mô phỏng {sim}. Con số này khác tổng điểm vì tổng điểm còn gồm "
        "điều tra xã hội học và điểm thưởng, điểm trừ.",
        "Weighted mean of the areas (with the weights above, areas with a score only): now "
        "{now} → simulated {sim}. It differs from the total because the total also holds the "
        "sociological survey and bonus and penalty points.",
    ),
    "wi_strip_title": ("{unit} giữa các đơn vị năm {year}", "{unit} among the units in {year}"),
    "wi_strip_now": ("Hiện tại", "Now"),
    "wi_strip_sim": ("Mô phỏng", "Simulated"),
    "wi_strip_label": ("{what}: hạng {rank}", "{what}: rank {rank}"),
    "wi_strip_summary": (
        "Tổng điểm {a} → {b} ({d} điểm); thứ hạng {r0} → {r1} trong {n} đơn vị. Vạch xám là "
        "tổng điểm của các đơn vị khác.",
        "Total {a} → {b} ({d} points); rank {r0} → {r1} among {n} units. Grey ticks are the "
        "other units' totals.",
    ),
    "wi_tt_unit": ("Đơn vị", "Unit"),
    "wi_tt_value": ("Tổng điểm", "Total"),
    "wi_tt_rank": ("Thứ hạng", "Rank"),
    # target
    "wi_target_header": (
        "Cần gì để lên hạng mục tiêu?",
        "What does it take to reach a target rank?",
    ),
    "wi_target": ("Thứ hạng mục tiêu", "Target rank"),
    "wi_target_help": (
        "Mặc định: tăng 6 bậc so với hiện tại (mức thấp của mục tiêu “tăng 6–8 bậc”), hoặc hạng 1 "
        "nếu đơn vị đã ở gần đầu bảng.",
        "Default: 6 places above the current rank (the low end of a “rise 6–8 places” target), "
        "or rank 1 for a unit already near the top.",
    ),
    "wi_target_done": (
        "{unit} đã ở hạng {rank}, bằng hoặc cao hơn hạng mục tiêu {target}.",
        "{unit} already ranks {rank}, at or above the target rank {target}.",
    ),
    "wi_target_need": (
        "Để lên hạng {target} (từ hạng {rank}), tổng điểm cần tăng {need} điểm %, lên {score} — "
        "bằng điểm của {holder}, đơn vị đang đứng thứ {target} khi không tính {unit} (bằng điểm "
        "thì cùng hạng). Các đơn vị khác được giữ nguyên điểm.",
        "To reach rank {target} (from {rank}), the total must rise by {need} points to {score} — "
        "the score of {holder}, at place {target} when {unit} is left out (a tie shares the "
        "rank). The other units' scores are held fixed.",
    ),
    "wi_target_title": (
        "Mức tăng cần có ở từng lĩnh vực (riêng lẻ) để lên hạng {target}, {year}",
        "Change each area alone needs to reach rank {target}, {year}",
    ),
    "wi_target_x": (
        "Mức tăng cần có (điểm % của lĩnh vực)",
        "Change needed (points of the area's %)",
    ),
    "wi_feasible": ("Đạt được", "Reachable"),
    "wi_infeasible": (
        "Không đạt được chỉ bằng lĩnh vực này",
        "Not reachable through this area alone",
    ),
    "wi_label_feasible": ("+{change} → {required}", "+{change} → {required}"),
    "wi_label_infeasible": ("✗ cần {required} (> 100%)", "✗ would need {required} (> 100%)"),
    "wi_label_missing": ("✗ chưa có điểm", "✗ no score"),
    "wi_target_summary": (
        "{k}/{m} lĩnh vực có thể một mình đưa {unit} lên hạng {target}; dễ nhất: {easy} (+{change} "
        "điểm). Mỗi thanh là một lĩnh vực thay đổi một mình, các lĩnh vực khác giữ nguyên.",
        "{k} of {m} areas could alone lift {unit} to rank {target}; the easiest: {easy} "
        "(+{change} points). Each bar is one area changing alone, the others held fixed.",
    ),
    "wi_target_summary_none": (
        "Không lĩnh vực nào một mình đưa {unit} lên hạng {target} được (đều cần hơn 100%); cần "
        "cải thiện nhiều lĩnh vực cùng lúc — thử bằng các thanh trượt ở trên.",
        "No single area can lift {unit} to rank {target} (each would need more than 100%); "
        "several areas must improve together — try it with the sliders above.",
    ),
    "wi_equal_weights_note": (
        "Các lĩnh vực có cùng trọng số giả định cần cùng một mức tăng; điều khác nhau là lĩnh vực "
        "đó còn đủ khoảng trống dưới 100% hay không.",
        "Areas with the same assumed weight need the same change; what differs is whether the "
        "area still has enough room below 100%.",
    ),
    "wi_target_scope_published": (
        "Với số liệu đã công bố, hạng mục tiêu chỉ tính trong số {n} đơn vị có tổng điểm công bố.",
        "With published figures the target rank counts only the {n} units with a published total.",
    ),
    "wi_col_area": ("Lĩnh vực", "Area"),
    "wi_col_weight": ("Điểm tối đa (trọng số)", "Maximum points (weight)"),
    "wi_col_weight_kind": ("Nguồn trọng số", "Weight from"),
    "wi_col_current": ("Hiện tại (%)", "Current (%)"),
    "wi_col_required": ("Cần đạt (%)", "Required (%)"),
    "wi_col_change": ("Mức tăng (điểm)", "Change (points)"),
    "wi_col_feasible": ("Đạt được?", "Reachable?"),
    "wi_yes": ("có", "yes"),
    "wi_no": ("không", "no"),
}
