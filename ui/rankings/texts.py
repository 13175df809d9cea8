"""Texts of the rankings and trends page (keys start with ``rk_``)."""

TEXT = {
    "rk_title": ("Xếp hạng & xu hướng", "Rankings and trends"),
    "rk_intro": (
        "Bảng xếp hạng của năm cuối trong khoảng đã chọn, diễn biến điểm và thứ hạng qua các năm, "
        "độ dốc xu hướng của từng đơn vị, và thứ hạng có ổn định giữa hai năm hay không.",
        "The ranking of the last year in the range, scores and ranks over the years, each unit's "
        "trend slope, and how stable the ranking is between two years.",
    ),
    "rk_no_years": (
        "Không có năm nào có số liệu trong khoảng đã chọn.",
        "No year in the chosen range has figures.",
    ),
    "rk_no_units": (
        "Không có đơn vị nào khớp bộ lọc ở thanh bên.",
        "No unit matches the sidebar filters.",
    ),
    # ranking table
    "rk_table_header": ("Bảng xếp hạng năm {year}", "Ranking {year}"),
    "rk_col_rank": ("Hạng", "Rank"),
    "rk_col_rank_help": (
        "Thứ hạng trong {total} đơn vị được xếp hạng cùng nhau (1 = cao nhất), theo số liệu của "
        "bộ dữ liệu đang chọn.",
        "Place among the {total} units ranked together (1 = best), as given by the chosen dataset.",
    ),
    "rk_col_unit": ("Đơn vị", "Unit"),
    "rk_col_type": ("Loại", "Type"),
    "rk_col_score": ("Điểm {year} (%)", "Score {year} (%)"),
    "rk_col_move": ("So với {prev}", "Change since {prev}"),
    "rk_col_move_help": (
        "▲ lên hạng, ▼ xuống hạng, = giữ nguyên; con số là số bậc. “—”: thiếu thứ hạng ở một trong hai năm.",
        "▲ moved up, ▼ moved down, = same place; the number is how many places. “—”: no rank in one of the two years.",
    ),
    "rk_col_spark": ("Điểm {a}–{b}", "Scores {a}–{b}"),
    "rk_col_spark_help": (
        "Điểm qua các năm, cùng một thang đo cho mọi đơn vị. Năm thiếu số liệu bị bỏ qua (đường nối các năm có điểm); "
        "đơn vị có dưới 2 năm điểm để trống.",
        "Scores over the years on one scale for every unit. Years without a figure are skipped (the line joins the "
        "years with a score); units with fewer than 2 scores are blank.",
    ),
    "rk_coverage": (
        "Năm {year}: {scores}/{n} đơn vị có điểm, {ranks}/{n} có thứ hạng, {none} đơn vị chưa có số liệu (hiển thị “—”).",
        "{year}: {scores} of {n} units have a score, {ranks} of {n} have a rank, {none} have no figure (shown as “—”).",
    ),
    "rk_ranks_computed": (
        "Năm {year} không có thứ hạng trong số liệu; thứ hạng ở đây được tính từ điểm.",
        "{year} has no ranks in the data; the ranks here are computed from the scores.",
    ),
    "rk_published_sparse": (
        "Số liệu đã công bố chỉ có thứ hạng của vài đơn vị và điểm của còn ít đơn vị hơn; "
        "trang hiển thị những gì có và nói rõ phần nào chưa tính được.",
        "The published figures hold ranks for a few units and scores for fewer; the page shows "
        "what exists and says what cannot be computed.",
    ),
    # lines and bump chart
    "rk_lines_header": ("Diễn biến qua các năm", "Over the years"),
    "rk_lines_title": ("Điểm {a}–{b}", "Scores {a}–{b}"),
    "rk_lines_summary": (
        "Mỗi đường là một đơn vị (bấm vào chú giải để làm nổi bật một đơn vị).",
        "One line per unit (click the legend to highlight a unit).",
    ),
    "rk_pick_top_bottom": (
        "Đang hiển thị {k}/{n} đơn vị: {half} đơn vị cao nhất và {half} thấp nhất năm {year}. "
        "Chọn đơn vị ở thanh bên để xem đơn vị khác.",
        "Showing {k} of {n} units: the {half} best and the {half} worst of {year}. "
        "Choose units in the sidebar to see others.",
    ),
    "rk_pick_all": (
        "Đang hiển thị cả {k} đơn vị có số liệu trong khoảng năm.",
        "Showing all {k} units with figures in the range.",
    ),
    "rk_pick_most_data": (
        "Đang hiển thị {k}/{n} đơn vị: các đơn vị có thứ hạng năm {year}, thêm các đơn vị có nhiều năm số liệu nhất. "
        "Chọn đơn vị ở thanh bên để xem đơn vị khác.",
        "Showing {k} of {n} units: those ranked in {year}, topped up with the units that have the most years of figures. "
        "Choose units in the sidebar to see others.",
    ),
    "rk_pick_chosen": ("Đang hiển thị {k} đơn vị bạn đã chọn.", "Showing the {k} units you chose."),
    "rk_bump_title": ("Thứ hạng {a}–{b}", "Ranks {a}–{b}"),
    "rk_bump_summary": (
        "Hạng 1 ở trên cùng; số trong mỗi điểm là thứ hạng của năm đó.",
        "Rank 1 is on top; the number in each point is that year's rank.",
    ),
    "rk_no_scores_range": (
        "không đơn vị nào có điểm trong khoảng năm này",
        "no unit has a score in this range",
    ),
    "rk_no_ranks_range": (
        "không đơn vị nào có thứ hạng trong khoảng năm này",
        "no unit has a rank in this range",
    ),
    "rk_need_two_years": (
        "diễn biến cần ít nhất hai năm; hãy mở rộng khoảng năm ở thanh bên",
        "a trend needs at least two years; widen the range in the sidebar",
    ),
    # per-unit trends
    "rk_trend_header": ("Xu hướng của từng đơn vị", "Each unit's trend"),
    "rk_power_note": (
        "Mỗi đơn vị chỉ có vài năm số liệu: một kiểm định riêng cho từng đơn vị gần như không có khả năng "
        "phát hiện xu hướng. Khoảng tin cậy rộng hay chứa 0 không có nghĩa là điểm đứng yên — hãy đọc độ dốc "
        "và khoảng tin cậy, không đọc giá trị p.",
        "Each unit has only a handful of years: a per-unit test over so few years has almost no power. "
        "A wide interval or one that includes 0 does not mean the score is flat — read the slope and its "
        "interval, not a p-value.",
    ),
    "rk_slope_title": (
        "Độ dốc Theil–Sen {a}–{b} (điểm/năm, KTC ≥ 95%)",
        "Theil–Sen slope {a}–{b} (points/year, CI ≥ 95%)",
    ),
    "rk_slope_axis": ("Điểm mỗi năm", "Points per year"),
    "rk_slope_legend": (
        "Chấm = độ dốc; vạch ngang = khoảng tin cậy chính xác (mức ≥ 95%; không có khi dưới 5 năm); "
        "đường đứt = 0 (không đổi).",
        "Dot = slope; bar = exact CI (level ≥ 95%; none with fewer than 5 years); dashed line = 0 (no change).",
    ),
    "rk_slope_summary": (
        "Độ dốc Theil–Sen (trung vị các độ dốc giữa từng cặp năm) của {k} đơn vị có ít nhất {m} năm điểm. "
        "Khoảng tin cậy của {up} đơn vị nằm hẳn trên 0, {down} nằm hẳn dưới 0, {zero} chứa 0.",
        "Theil–Sen slope (median of the slopes between pairs of years) of the {k} units with at least {m} "
        "years of scores. The interval lies above 0 for {up} units, below 0 for {down}, and includes 0 for {zero}.",
    ),
    "rk_slope_missing": (
        "{k} đơn vị có dưới {m} năm điểm nên không tính được độ dốc: {names}",
        "{k} units have fewer than {m} years of scores, so no slope: {names}",
    ),
    "rk_slope_none": (
        "không đơn vị nào có đủ {m} năm điểm trong khoảng này để tính độ dốc",
        "no unit has the {m} years of scores in this range that a slope needs",
    ),
    "rk_col_years": ("Số năm", "Years"),
    "rk_col_slope": ("Độ dốc", "Slope"),
    "rk_col_slope_help": (
        "Độ dốc Theil–Sen, điểm mỗi năm: trung vị các độ dốc giữa từng cặp năm; ít bị ảnh hưởng bởi một năm bất thường.",
        "Theil–Sen slope, points per year: the median of the slopes between pairs of years; robust to one odd year.",
    ),
    "rk_col_ci": ("KTC ≥ 95%", "CI ≥ 95%"),
    "rk_col_ci_help": (
        "Khoảng tin cậy của độ dốc Theil–Sen lấy từ phân phối chính xác của thống kê S Kendall: mức tin cậy thực "
        "tế ít nhất 95% (98,3% với 5 hoặc 6 năm). Với 3 hoặc 4 năm không khoảng nào đạt 95% (rộng nhất chỉ đạt "
        "67% hoặc 92%) nên không hiển thị.",
        "Confidence interval of the Theil–Sen slope from the exact distribution of Kendall's S: its actual level "
        "is at least 95% (98.3% with 5 or 6 years). With 3 or 4 years no interval reaches 95% (the widest covers "
        "67% or 92%), so none is shown.",
    ),
    "rk_span_warning": (
        "⚠️ Các năm {a}–{b} thuộc {k} giai đoạn phương pháp khác nhau ({names}): xu hướng trộn lẫn thay đổi thực "
        "với thay đổi cách chấm điểm.",
        "⚠️ The years {a}–{b} span {k} method periods ({names}): trends mix real change with changes of method.",
    ),
    # citywide
    "rk_city_header": ("Xu hướng chung của các đơn vị", "Trend across units"),
    "rk_city_up": (
        "Trên {n} đơn vị có điểm ở mọi năm {a}–{b}, điểm có xu hướng **tăng** qua các năm "
        "(kiểm định xu hướng Page, mỗi đơn vị là một khối, các năm theo thứ tự; p {p}; "
        "tương quan hạng trung bình với năm = {w}; trung vị độ dốc {slope} điểm/năm).",
        "Across the {n} units with a score in every year {a}–{b}, scores tend to **rise** over the years "
        "(Page's trend test, units as blocks, years in order; p {p}; mean rank correlation with the year = {w}; "
        "median slope {slope} points per year).",
    ),
    "rk_city_down": (
        "Trên {n} đơn vị có điểm ở mọi năm {a}–{b}, điểm có xu hướng **giảm** qua các năm "
        "(kiểm định xu hướng Page, mỗi đơn vị là một khối, các năm theo thứ tự; p {p}; "
        "tương quan hạng trung bình với năm = {w}; trung vị độ dốc {slope} điểm/năm).",
        "Across the {n} units with a score in every year {a}–{b}, scores tend to **fall** over the years "
        "(Page's trend test, units as blocks, years in order; p {p}; mean rank correlation with the year = {w}; "
        "median slope {slope} points per year).",
    ),
    "rk_city_none": (
        "Trên {n} đơn vị có điểm ở mọi năm {a}–{b}, chưa đủ bằng chứng cho thấy điểm đi theo một hướng chung "
        "qua các năm (kiểm định xu hướng Page, mỗi đơn vị là một khối, các năm theo thứ tự; p {p}; "
        "tương quan hạng trung bình với năm = {w}; trung vị độ dốc {slope} điểm/năm).",
        "Across the {n} units with a score in every year {a}–{b}, the evidence is not sufficient to say scores "
        "move in one direction over the years (Page's trend test, units as blocks, years in order; p {p}; "
        "mean rank correlation with the year = {w}; median slope {slope} points per year).",
    ),
    "rk_city_mixed": (
        "Trên {n} đơn vị có điểm ở mọi năm {a}–{b}, kiểm định xu hướng Page cho thấy thứ tự các năm nghiêng về "
        "phía **{test}**, nhưng trung vị độ dốc ({slope} điểm/năm) lại theo hướng ngược lại: các đơn vị đi theo "
        "những hướng khác nhau, nên không nêu được một hướng chung (p {p}; tương quan hạng trung bình với năm "
        "= {w}).",
        "Across the {n} units with a score in every year {a}–{b}, Page's trend test finds the years ordered "
        "towards a **{test}**, but the median slope ({slope} points per year) points the other way: units move "
        "in different directions, so no common direction can be stated (p {p}; mean rank correlation with the "
        "year = {w}).",
    ),
    "rk_city_dir_up": ("tăng", "rise"),
    "rk_city_dir_down": ("giảm", "fall"),
    "rk_city_caveat": (
        "Lưu ý: các năm này thuộc nhiều giai đoạn phương pháp, nên xu hướng có thể một phần do thay đổi cách chấm điểm.",
        "Caution: these years span several method periods, so the trend may partly reflect changes of method.",
    ),
    "rk_city_insufficient": (
        "Chưa tính được kiểm định xu hướng Page (xu hướng chung): {reason}.",
        "Page's trend test (trend across units) cannot be computed: {reason}.",
    ),
    "rk_city_dropped": (
        "{d}/{total} đơn vị bị loại khỏi kiểm định vì thiếu điểm ở ít nhất một năm.",
        "{d} of {total} units were left out of the test for lacking a score in at least one year.",
    ),
    "rk_city_reason_years": (
        "chỉ {k} năm có điểm trong khoảng, cần ít nhất {m}",
        "only {k} year(s) with scores in the range; at least {m} are needed",
    ),
    "rk_city_reason_units": (
        "chỉ {n} đơn vị có điểm ở mọi năm {a}–{b}, cần ít nhất {m}",
        "only {n} units have a score in every year {a}–{b}; at least {m} are needed",
    ),
    "rk_city_reason_flat": (
        "điểm của các đơn vị không thay đổi qua các năm",
        "the units' scores do not vary over the years",
    ),
    # stability
    "rk_stab_header": (
        "Thứ hạng có ổn định giữa hai năm?",
        "Is the ranking stable between two years?",
    ),
    "rk_stab_a": ("Năm thứ nhất", "First year"),
    "rk_stab_b": ("Năm thứ hai", "Second year"),
    "rk_stab_same": ("Hãy chọn hai năm khác nhau.", "Choose two different years."),
    "rk_stab_kendall": ("Kendall tau-b", "Kendall tau-b"),
    "rk_stab_spearman": ("Spearman rho", "Spearman rho"),
    "rk_stab_ci": ("KTC 95% [{lo}; {hi}] · n = {n} đơn vị", "95% CI [{lo}; {hi}] · n = {n} units"),
    "rk_stab_ci_kendall": (
        "n = {n} đơn vị · không có khoảng tin cậy: với hai bảng xếp hạng gần nhau, khoảng thông thường của "
        "Kendall tau chỉ phủ khoảng 92–94%; xem khoảng của Spearman",
        "n = {n} units · no interval: for closely related rankings the usual interval for Kendall's tau "
        "covers only about 92–94%; see Spearman's",
    ),
    "rk_stab_ci_none": (
        "n = {n} đơn vị: dưới {m} đơn vị không hiển thị khoảng tin cậy vì không khoảng nào đạt độ phủ 95%",
        "n = {n} units: below {m} units no interval is shown, as none reaches 95% coverage",
    ),
    "rk_stab_explain": (
        "Hệ số tương quan giữa thứ hạng năm {a} và năm {b} của {n} đơn vị có thứ hạng ở cả hai năm: "
        "1 = thứ tự giữ nguyên, 0 = hai thứ tự không liên quan, âm = đảo ngược. "
        "Khoảng tin cậy 95% của Spearman theo Bonett–Wright (từ 10 đơn vị).",
        "Correlation between the ranks of {a} and {b} of the {n} units ranked in both years: "
        "1 = same order, 0 = unrelated orders, negative = reversed. Spearman's 95% CI by Bonett–Wright "
        "(from 10 units).",
    ),
    "rk_stab_insufficient": (
        "Chưa tính được hệ số ổn định thứ hạng: chỉ {n} đơn vị có thứ hạng ở cả năm {a} và {b}, cần ít nhất {m}.",
        "The rank stability cannot be computed: only {n} units are ranked in both {a} and {b}; at least {m} are needed.",
    ),
    "rk_stab_flat": (
        "Chưa tính được hệ số ổn định thứ hạng: thứ hạng không khác nhau giữa các đơn vị.",
        "The rank stability cannot be computed: the ranks do not vary.",
    ),
    "rk_improved": ("Lên hạng nhiều nhất {a}→{b}", "Most improved {a}→{b}"),
    "rk_falls": ("Tụt hạng nhiều nhất {a}→{b}", "Biggest falls {a}→{b}"),
    "rk_none_up": ("Không đơn vị nào lên hạng.", "No unit moved up."),
    "rk_none_down": ("Không đơn vị nào xuống hạng.", "No unit moved down."),
    "rk_no_movement": (
        "Không đơn vị nào có thứ hạng ở cả năm {a} và {b}, nên không so được thứ hạng.",
        "No unit is ranked in both {a} and {b}, so no ranks can be compared.",
    ),
    "rk_movement_few": (
        "{n} đơn vị có thứ hạng công bố ở cả hai năm; thứ hạng là vị trí trong {total} đơn vị như đã công bố.",
        "{n} units have a published rank in both years; ranks are places among the {total} units as published.",
    ),
    "rk_col_rank_y": ("Hạng {year}", "Rank {year}"),
    "rk_col_places": ("Số bậc", "Places"),
    "rk_col_delta": ("Điểm thay đổi", "Score change"),
    "rk_movement_all": ("Toàn bộ thay đổi thứ hạng {a}→{b}", "All rank changes {a}→{b}"),
}
