"""Texts of the year-over-year change page (keys start with ``chg_``)."""

TEXT = {
    "chg_title": ("Biến động", "Year-over-year change"),
    "chg_intro": (
        "So sánh điểm của từng đơn vị giữa hai năm, dải dao động thông thường giữa các năm, và kiểm định "
        "thay đổi của điểm tổng và 8 lĩnh vực thành phần.",
        "Each unit's score in two years, the band of ordinary year-to-year variation, and tests of the "
        "change of the total and the eight component areas.",
    ),
    "chg_year_a": ("Năm trước", "From year"),
    "chg_year_b": ("Năm sau", "To year"),
    "chg_indicator": ("Chỉ số", "Indicator"),
    "chg_no_years": (
        "cần ít nhất hai năm có số liệu; hãy mở rộng khoảng năm ở thanh bên",
        "at least two years with figures are needed; widen the range in the sidebar",
    ),
    "chg_no_units": (
        "Không có đơn vị nào khớp bộ lọc ở thanh bên.",
        "No unit matches the sidebar filters.",
    ),
    "chg_same_year": ("Hãy chọn hai năm khác nhau.", "Choose two different years."),
    "chg_swapped": (
        "Năm trước ({b}) đứng sau năm sau ({a}); trang so sánh {a} → {b}.",
        "The “from” year ({b}) is after the “to” year ({a}); the page compares {a} → {b}.",
    ),
    "chg_verdict_label": ("Kết luận", "In one sentence"),
    "chg_insufficient": (
        "Chưa đủ dữ liệu để kiểm định: chỉ {n} đơn vị có điểm “{ind}” ở cả năm {a} và {b}, "
        "trong khi kiểm định cặp cần ít nhất {m}.",
        "Not enough data to test: only {n} units have a “{ind}” score in both {a} and {b}, "
        "and the paired tests need at least {m}.",
    ),
    "chg_published_sparse": (
        "Số liệu đã công bố chỉ có điểm của vài đơn vị mỗi năm, nên phần lớn các phép so sánh giữa hai năm "
        "không đủ dữ liệu. Chọn “Bảng mô phỏng (demo)” ở thanh bên để xem trang với đủ mọi đơn vị.",
        "The published figures hold scores for only a few units a year, so most comparisons between two "
        "years lack data. Choose the “Simulated demo panel” in the sidebar to see the page with every unit.",
    ),
    # dumbbell
    "chg_dumbbell_title": ("{ind}: điểm {a} và {b}", "{ind}: {a} and {b}"),
    "chg_dumbbell_legend": (
        "○ = năm {a}; ▶ / ◀ = năm {b} (tăng / giảm); ● = không đổi.",
        "○ = {a}; ▶ / ◀ = {b} (rose / fell); ● = unchanged.",
    ),
    "chg_sorted": ("Sắp xếp theo mức thay đổi.", "Sorted by change."),
    "chg_up": ("Tăng ▶", "Rose ▶"),
    "chg_down": ("Giảm ◀", "Fell ◀"),
    "chg_same": ("Không đổi ●", "Unchanged ●"),
    "chg_dumbbell_summary": (
        "{n} đơn vị có điểm ở cả hai năm: {up} tăng (▲), {down} giảm (▼), {same} không đổi.",
        "{n} units have a score in both years: {up} rose (▲), {down} fell (▼), {same} unchanged.",
    ),
    "chg_no_pairs": (
        "không đơn vị nào có điểm “{ind}” ở cả năm {a} và {b}, nên không so sánh và kiểm định được "
        "(kiểm định cặp cần ít nhất {m} đơn vị)",
        "no unit has a “{ind}” score in both {a} and {b}, so nothing can be compared or tested "
        "(the paired tests need at least {m} units)",
    ),
    # band
    "chg_band_title": ("Thay đổi {a}→{b}", "Change {a}→{b}"),
    "chg_band_axis": ("Thay đổi (điểm)", "Change (points)"),
    "chg_band_legend": (
        "Vùng xám = dải dao động thông thường;",
        "Grey = band of ordinary variation;",
    ),
    "chg_band_legend2": ("đường đứt = trung vị; đường đậm = 0.", "dashed = median; solid = 0."),
    "chg_ordinary": ("Trong dải ●", "Within the band ●"),
    "chg_unusual_kind": ("Khác thường ◆", "Unusual ◆"),
    "chg_unusual": ("khác thường", "unusual"),
    "chg_band_summary": (
        "Dải dao động thông thường: {lo} đến {hi} điểm (trung vị thay đổi ± 1,645 × 1,4826 × MAD; độ dao động "
        "thông thường ước lượng từ các cặp năm {pairs} trong cùng giai đoạn phương pháp). Theo cách dựng, khoảng "
        "10% đơn vị luôn nằm ngoài dải: kể cả khi mọi thay đổi chỉ là dao động ngẫu nhiên, khoảng {e} trong {n} "
        "đơn vị vẫn bị ghi “khác thường”. Ở đây có {k} đơn vị nằm ngoài dải — đây là mô tả, không phải kiểm "
        "định riêng từng đơn vị.",
        "Band of ordinary variation: {lo} to {hi} points (median change ± 1.645 × 1.4826 × MAD; ordinary "
        "variation estimated from the year pairs {pairs} of the same method period). By construction about 10% "
        "of units fall outside: even if every change were pure noise, about {e} of {n} units would be labelled "
        "“unusual”. Here {k} are — a description, not a per-unit test.",
    ),
    "chg_band_quantiles": (
        "Hơn một nửa số đơn vị có cùng mức thay đổi, nên dải lấy theo phân vị 5% và 95% của các thay đổi.",
        "More than half the units share one change, so the band is the 5th to 95th percentile of the changes.",
    ),
    "chg_band_insufficient": (
        "Không vẽ dải dao động thông thường: chỉ {n} đơn vị có điểm ở cả hai năm, cần ít nhất {m}.",
        "No band of ordinary variation: only {n} units have a score in both years; at least {m} are needed.",
    ),
    # tests table
    "chg_tests_header": (
        "Kiểm định thay đổi: điểm tổng và 8 lĩnh vực",
        "Tests of change: total and the eight areas",
    ),
    "chg_tests_caption": (
        "Kiểm định chính là t cặp; các kiểm định khác để đối chiếu. Giá trị p được hiệu chỉnh Holm trên {k} chỉ số. "
        "p lớn không có nghĩa là không thay đổi, chỉ là chưa đủ bằng chứng. Di chuột lên tên cột để xem giải thích.",
        "The primary test is the paired t-test; the others are for comparison. p-values are Holm-adjusted across "
        "the {k} indicators. A large p does not mean no change, only not enough evidence. Hover over a column "
        "name for an explanation.",
    ),
    "chg_tests_insufficient": (
        "{k}/{total} chỉ số không đủ dữ liệu để kiểm định (cần ít nhất {m} đơn vị có điểm ở cả hai năm).",
        "{k} of {total} indicators lack the data to be tested (at least {m} units with a score in both years are needed).",
    ),
    "chg_tests_primary": ("Kiểm định chính: t cặp", "Primary test: paired t"),
    "chg_tests_secondary": (
        "Kiểm định đối chiếu (không giả định phân phối chuẩn)",
        "Checks that do not assume normality",
    ),
    "chg_col_indicator": ("Chỉ số", "Indicator"),
    "chg_short_total": ("Tổng (Chỉ số CCHC)", "Total (PAR Index)"),
    "chg_short_direction": ("Chỉ đạo, điều hành", "Direction"),
    "chg_short_institutions": ("Thể chế", "Institutions"),
    "chg_short_procedures": ("Thủ tục hành chính", "Procedures"),
    "chg_short_organisation": ("Tổ chức bộ máy", "Organisation"),
    "chg_short_civil_service": ("Chế độ công vụ", "Civil service"),
    "chg_short_public_finance": ("Tài chính công", "Public finance"),
    "chg_short_digital_government": ("Chính quyền số", "Digital government"),
    "chg_short_socioeconomic_impact": ("Tác động KT-XH", "Socio-economic impact"),
    "chg_col_n": ("n", "n"),
    "chg_col_n_help": (
        "Số đơn vị có điểm ở cả hai năm (số cặp).",
        "Units with a score in both years (pairs).",
    ),
    "chg_col_mean_a": ("TB {year}", "Mean {year}"),
    "chg_col_mean_help": (
        "Điểm trung bình của các đơn vị có điểm ở cả hai năm.",
        "Mean score of the units with a score in both years.",
    ),
    "chg_col_change": ("Thay đổi TB", "Mean change"),
    "chg_col_change_help": (
        "Trung bình của (điểm năm sau − điểm năm trước) trên các cặp.",
        "Mean of (later score − earlier score) over the pairs.",
    ),
    "chg_col_ci_t": ("KTC 95% (t)", "95% CI (t)"),
    "chg_col_ci_t_help": (
        "Khoảng tin cậy 95% của thay đổi trung bình theo phân phối t (kiểm định t cặp).",
        "95% confidence interval of the mean change from the t distribution (paired t-test).",
    ),
    "chg_col_p_t": ("p (t cặp)", "p (paired t)"),
    "chg_col_p_t_help": (
        "Kiểm định t cho mẫu cặp (scipy.stats.ttest_rel): thay đổi trung bình có khác 0 không? "
        "Giả định các thay đổi phân bố xấp xỉ chuẩn. Giá trị p chưa hiệu chỉnh.",
        "Paired t-test (scipy.stats.ttest_rel): is the mean change different from 0? Assumes roughly normal "
        "changes. Unadjusted p-value.",
    ),
    "chg_col_p_holm": ("p (t cặp, Holm)", "p (paired t, Holm)"),
    "chg_col_p_holm_help": (
        "p của kiểm định t cặp sau hiệu chỉnh Holm cho các chỉ số trong bảng: tránh “tìm ra” thay đổi chỉ vì kiểm "
        "định nhiều chỉ số cùng lúc. Dùng cột này để kết luận.",
        "Paired-t p-value after Holm's adjustment across the indicators of the table, so that testing many "
        "indicators at once does not produce chance findings. Conclude from this column.",
    ),
    "chg_col_dz": ("Cỡ hiệu ứng d (Cohen, cặp)", "Cohen's d_z"),
    "chg_col_dz_help": (
        "Cỡ hiệu ứng: thay đổi trung bình chia cho độ lệch chuẩn của các thay đổi (khoảng 0,2 nhỏ, 0,5 vừa, 0,8 lớn).",
        "Effect size: mean change divided by the standard deviation of the changes (about 0.2 small, 0.5 medium, 0.8 large).",
    ),
    "chg_col_p_w": ("p Wilcoxon (Holm)", "p Wilcoxon (Holm)"),
    "chg_col_p_w_help": (
        "Kiểm định hạng có dấu Wilcoxon: không giả định phân phối chuẩn; bỏ các đơn vị không đổi; p chính xác "
        "(hoán vị dấu, kể cả khi có giá trị trùng) đến 50 đơn vị. p đã hiệu chỉnh Holm (p chưa hiệu chỉnh, "
        "thống kê V và trung vị Hodges–Lehmann có trong tệp tải về).",
        "Wilcoxon signed-rank test: no normality assumption; unchanged units are dropped; exact p (sign "
        "permutations, ties included) up to 50 units. Holm-adjusted p (the unadjusted p, the statistic V "
        "and the Hodges–Lehmann estimate are in the download).",
    ),
    "chg_col_rb": ("r hạng-nhị phân", "Rank-biserial r"),
    "chg_col_rb_help": (
        "Cỡ hiệu ứng của Wilcoxon, từ −1 (mọi đơn vị giảm) đến +1 (mọi đơn vị tăng).",
        "Effect size of the Wilcoxon test, from −1 (every unit fell) to +1 (every unit rose).",
    ),
    "chg_col_p_s": ("p kiểm định dấu (Holm)", "p sign test (Holm)"),
    "chg_col_p_s_help": (
        "Kiểm định dấu: số đơn vị tăng và giảm có khác tỉ lệ 50/50 không? Chỉ dùng hướng thay đổi, không dùng độ lớn. "
        "p đã hiệu chỉnh Holm.",
        "Sign test: do rises and falls differ from 50/50? Uses only the direction of change, not its size. "
        "Holm-adjusted p.",
    ),
    "chg_col_boot": ("KTC 95% bootstrap", "95% CI bootstrap"),
    "chg_col_boot_help": (
        "Khoảng tin cậy 95% của thay đổi trung bình bằng bootstrap phân vị mở rộng (Hesterberg 2015), lấy mẫu "
        "lại các đơn vị đến khi sai số Monte Carlo của mỗi cận dưới 0,01 điểm; không giả định phân phối chuẩn. "
        "Không hiển thị khi dưới 8 cặp (độ phủ dưới 94%).",
        "95% CI of the mean change by the expanded percentile bootstrap (Hesterberg 2015), resampling the units "
        "until the Monte Carlo error of each bound is below 0.01 points; no normality assumption. Not shown "
        "below 8 pairs (coverage under 94%).",
    ),
    "chg_col_counts": ("Tăng/giảm/=", "Up/down/="),
    "chg_col_counts_help": (
        "Số đơn vị có điểm tăng (▲), giảm (▼) và không đổi (=).",
        "Units whose score rose (▲), fell (▼) or stayed the same (=).",
    ),
    "chg_col_note": ("Ghi chú", "Note"),
    "chg_col_note_help": (
        "Vì sao một kiểm định không tính được, và cảnh báo về phương pháp.",
        "Why a test could not be computed, and method warnings.",
    ),
    "chg_note_insufficient": (
        "chưa đủ dữ liệu: {n} cặp, cần ≥ {m}",
        "not enough data: {n} pairs, need ≥ {m}",
    ),
    "chg_note_secondary": (
        "Wilcoxon/kiểm định dấu: chỉ {n} đơn vị có thay đổi khác 0",
        "Wilcoxon/sign test: only {n} units changed",
    ),
    "chg_note_flat": ("mọi thay đổi bằng nhau", "every change is equal"),
    "chg_note_method": ("khác giai đoạn phương pháp", "different method periods"),
}
