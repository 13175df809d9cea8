"""Texts shared by every page: navigation, sidebar, banners, downloads, empty states."""

TEXT = {
    "app_title": ("Chỉ số CCHC Hà Nội", "Hanoi PAR Index Explorer"),
    "app_subtitle": (
        "Chỉ số cải cách hành chính của 30 quận, huyện, thị xã (2017–2024)",
        "Administrative-reform index of the 30 district-level units (2017–2024)",
    ),
    # navigation
    "nav_overview": ("Tổng quan", "Overview"),
    "nav_rankings": ("Xếp hạng & xu hướng", "Rankings and trends"),
    "nav_components": ("Chỉ số thành phần", "Components"),
    "nav_change": ("Biến động", "Year-over-year change"),
    "nav_profile": ("Hồ sơ đơn vị", "Unit profile"),
    "nav_whatif": ("Mô phỏng mục tiêu", "What-if and targets"),
    "nav_data": ("Dữ liệu & nguồn", "Data and sources"),
    "nav_upload": ("Nhập bảng của bạn", "Bring your own table"),
    "nav_section_explore": ("Khám phá", "Explore"),
    "nav_section_data": ("Dữ liệu", "Data"),
    # sidebar
    "sb_language": ("Ngôn ngữ", "Language"),
    "sb_dataset": ("Bộ dữ liệu", "Dataset"),
    "ds_published": ("Số liệu đã công bố", "Published figures"),
    "ds_demo": ("Bảng mô phỏng (demo)", "Simulated demo panel"),
    "ds_upload": ("Bảng bạn đã nhập", "Your uploaded table"),
    "ds_workspace": ("Không gian làm việc (bảng đã lưu)", "Workspace (saved tables)"),
    "ws_unavailable": (
        "Không mở được không gian làm việc trong liên kết: {msg} Đang hiển thị số liệu đã công bố.",
        "The workspace in the link cannot be opened: {msg} Showing the published figures.",
    ),
    # Workspace errors by code (analysis.ingest.workspace.WorkspaceError.code); the English
    # texts are the errors' own messages.
    "wserr_malformed": (
        "Liên kết không gian làm việc không hợp lệ; hãy kiểm tra liên kết đã được sao chép đầy đủ.",
        "This is not a valid workspace link; check that it was copied whole.",
    ),
    "wserr_not_found": (
        "Không gian làm việc này không tồn tại hoặc đã hết hạn (không gian làm việc không được "
        "mở trong {days} ngày sẽ bị xóa). Hãy tải các tệp lên lại để tạo không gian mới.",
        "This workspace does not exist or has expired (unused workspaces are deleted after "
        "{days} days). Upload the files again to make a new one.",
    ),
    "wserr_damaged": (
        "Không đọc được không gian làm việc này (tệp lưu đã bị hỏng); hãy tải các tệp lên lại.",
        "This workspace cannot be read (its file is damaged); upload the files again.",
    ),
    "wserr_old_format": (
        "Không gian làm việc này được lưu theo định dạng mà ứng dụng không đọc được.",
        "This workspace was saved in a form this app cannot read.",
    ),
    "wserr_no_file": ("Chưa có tệp nào được chọn.", "No file was given."),
    "wserr_too_many_files": (
        "Mỗi không gian làm việc chứa tối đa {max} tệp.",
        "A workspace holds at most {max} files.",
    ),
    "wserr_too_many_bytes": (
        "Mỗi không gian làm việc chứa tối đa {max_mb} MB tệp (đã chọn {given_mb} MB).",
        "A workspace holds at most {max_mb} MB of files ({given_mb} MB given).",
    ),
    "wserr_server_full": (
        "Máy chủ đang giữ quá nhiều không gian làm việc; hãy thử lại sau.",
        "The server holds too many workspaces; try again later.",
    ),
    "wserr_duplicate": (
        "Chưa lưu: {name} đã có trong không gian làm việc (với tên {held}).",
        "Not saved: {name} is already in the workspace (as {held}).",
    ),
    "wserr_refused": ("Chưa lưu: {files}", "Not saved: {files}"),
    "wserr_refused_file": ("bị từ chối", "refused"),
    "wserr_more": (" (và {n} lỗi khác)", " (and {n} more)"),
    "wserr_admin_only": (
        "Chỉ quản trị viên mới thêm được không gian làm việc vào dữ liệu chung.",
        "Only an administrator can add a workspace to the shared data.",
    ),
    "sb_dataset_help": (
        "Số liệu đã công bố chỉ có khoảng 20 điểm số của đơn vị; bảng mô phỏng đủ 30 quận, huyện × "
        "2019–2024 và 126 phường, xã năm 2025 để trình diễn, khớp mọi số đã công bố nhưng các số còn "
        "lại là giả lập.",
        "Published figures hold only about 20 unit scores; the simulated panel has all 30 districts × "
        "2019–2024 and all 126 wards and communes in 2025 for demonstrations: it matches every "
        "published figure, the rest is invented.",
    ),
    "sb_years": ("Khoảng năm đánh giá", "Years evaluated"),
    "sb_types": ("Loại đơn vị", "Unit types"),
    "sb_units": ("Đơn vị (để trống = tất cả)", "Units (empty = all)"),
    "sb_meeting": ("Chế độ trình chiếu", "Meeting mode"),
    "sb_meeting_help": (
        "Chữ lớn, ẩn thanh bên, và các bước trình bày các phát hiện chính.",
        "Large type, sidebar hidden, and guided steps through the key findings.",
    ),
    "type_quận": ("Quận", "Urban district (quận)"),
    "type_huyện": ("Huyện", "Rural district (huyện)"),
    "type_thị xã": ("Thị xã", "Town (thị xã)"),
    "type_phường": ("Phường", "Ward (phường)"),
    "type_xã": ("Xã", "Commune (xã)"),
    # A block named inside a sentence ("khối xã", "the commune (xã) block").
    "block_phường": ("phường", "ward (phường)"),
    "block_xã": ("xã", "commune (xã)"),
    "sb_level": ("Cấp đơn vị", "Level"),
    "level_district": ("Quận, huyện (2017–2024)", "Districts (2017–2024)"),
    "level_commune": ("Phường, xã (từ 2025)", "Wards and communes (from 2025)"),
    "sb_level_help": (
        "Từ 1/7/2025 Hà Nội không còn cấp huyện; Chỉ số CCHC chấm 126 phường, xã theo phương "
        "pháp mới. Hai cấp là các đơn vị khác nhau, nên không so sánh trực tiếp.",
        "Since 1 July 2025 Hà Nội has no district level; the PAR Index scores its 126 wards and "
        "communes with a new method. The two levels are different units and are not compared "
        "directly.",
    ),
    "sb_block": ("Khối xếp hạng", "Ranking block"),
    "sb_block_help": (
        "Phường và xã được xếp hạng trong hai khối riêng; mọi bảng xếp hạng, trung bình và "
        "kiểm định đều tính trong khối đã chọn.",
        "Wards and communes are ranked in separate blocks; every ranking, average and test is "
        "computed within the chosen block.",
    ),
    "level_shown_district": (
        "Cấp quận, huyện: 30 đơn vị (12 quận, 17 huyện, thị xã Sơn Tây), chỉ số đến năm 2024.",
        "District level: 30 units (12 quận, 17 huyện, Sơn Tây town), index to 2024.",
    ),
    "level_shown_commune": (
        "Cấp phường, xã (từ 1/7/2025), khối {block}: xếp hạng và thống kê tính trong khối này. "
        "Không so sánh với năm 2024: đơn vị và phương pháp đã thay đổi.",
        "Ward and commune level (from 1 July 2025), the {block} block: rankings and statistics are "
        "computed within this block. Not compared with 2024: the units and the method changed.",
    ),
    "sb_db_status": ("Cơ sở dữ liệu", "Database"),
    # banners
    "banner_demo": (
        "⚠️ BẢNG MÔ PHỎNG — không phải số liệu công bố. Chỉ các số đã công bố (tổng điểm, thứ hạng, "
        "điểm trung bình khối) được giữ đúng; mọi số khác là giả lập để trình diễn.",
        "⚠️ SIMULATED DEMO PANEL — not published figures. Only the published totals, ranks and block "
        "averages are kept exact; every other number is invented for demonstrations.",
    ),
    "banner_upload": (
        "📄 Bảng do bạn nhập ({name}) — chỉ trong phiên làm việc này, chưa được kiểm chứng.",
        "📄 Your uploaded table ({name}) — this browser session only, not verified.",
    ),
    "caption_demo": ("Dữ liệu MÔ PHỎNG (demo).", "SIMULATED data (demo panel)."),
    "caption_published": (
        "Nguồn: số liệu đã công bố (xem trang Dữ liệu & nguồn).",
        "Source: published figures (see Data and sources).",
    ),
    "caption_upload": ("Nguồn: bảng bạn đã nhập.", "Source: your uploaded table."),
    "caption_workspace": (
        "Nguồn: các bảng trong không gian làm việc (người dùng tải lên, chưa được kiểm chứng).",
        "Source: the tables of the workspace (uploaded by users, not verified).",
    ),
    "banner_workspace": (
        "🗂️ Không gian làm việc: {name} — bảng do người dùng tải lên và lưu trên máy chủ, chưa "
        "được kiểm chứng. Ai có liên kết đều xem được cùng số liệu.",
        "🗂️ Workspace: {name} — tables uploaded by users and kept on the server, not verified. "
        "Anyone with the link sees the same figures.",
    ),
    "method_warning": (
        "⚠️ So sánh giữa hai giai đoạn phương pháp khác nhau ({a} và {b}): điểm số không hoàn toàn so sánh được.",
        "⚠️ Comparing two method periods ({a} and {b}): scores are not fully comparable.",
    ),
    # empty states
    "empty_title": ("Chưa có số liệu cho lựa chọn này", "No figures for this selection"),
    "empty_published_hint": (
        "Số liệu theo đơn vị đã công bố rất thưa. Hãy mở rộng khoảng năm, bỏ bớt bộ lọc, hoặc chọn "
        "“Bảng mô phỏng (demo)” ở thanh bên để xem đủ mọi đơn vị.",
        "Published per-unit figures are sparse. Widen the years, remove filters, or choose the "
        "“Simulated demo panel” in the sidebar to see every unit.",
    ),
    "not_enough": ("Chưa đủ dữ liệu: {reason}", "Not enough data: {reason}"),
    # downloads
    "dl_csv": ("Tải CSV", "Download CSV"),
    "dl_xlsx": ("Tải Excel", "Download Excel"),
    "dl_png": ("Tải ảnh PNG", "Download PNG"),
    "data_table": ("Bảng số liệu của biểu đồ", "Data behind the chart"),
    "table_of_chart": ("Số liệu của biểu đồ: {summary}", "The chart's data: {summary}"),
    "table_capped": (
        "Bảng hiển thị {shown} dòng đầu trong {n} dòng; tải CSV hoặc Excel để có đủ mọi dòng.",
        "Showing the first {shown} of {n} rows; download the CSV or Excel file for every row.",
    ),
    # misc
    "no_published_figure": ("chưa có số liệu công bố", "no published figure"),
    "unit": ("Đơn vị", "Unit"),
    "year": ("Năm", "Year"),
    "score": ("Điểm (%)", "Score (%)"),
    "rank": ("Thứ hạng", "Rank"),
    "indicator": ("Chỉ số", "Indicator"),
    "source": ("Nguồn", "Source"),
    # What ensure_database did (DatabaseStatus: action, cause); technical details stay in the
    # "Details" list, so the sentences are whole in either language.
    "db_built": (
        "Chưa có cơ sở dữ liệu {name}; đã dựng từ dữ liệu gốc.",
        "The database {name} was missing; it was built from the seeds.",
    ),
    "db_rebuilt-stale": (
        "Dữ liệu gốc đã thay đổi; cơ sở dữ liệu đã được dựng lại.",
        "The seeds changed; the database was rebuilt.",
    ),
    "db_rebuilt-corrupt": (
        "Không đọc được cơ sở dữ liệu {name}; tệp đó được giữ lại với tên {aside} và cơ sở dữ "
        "liệu đã được dựng lại từ dữ liệu gốc.",
        "The database {name} could not be read; it was kept as {aside} and rebuilt from the seeds.",
    ),
    "db_kept-stale": (
        "Dữ liệu gốc đã thay đổi nhưng chưa dựng lại được ({cause}); đang hiển thị cơ sở dữ "
        "liệu tốt gần nhất.",
        "The seeds changed but cannot be built ({cause}); showing the last good database.",
    ),
    "db_unavailable": (
        "Hiện chưa hiển thị được dữ liệu: chưa dựng được cơ sở dữ liệu {name} ({cause}).{kept} "
        "Các trang sẽ hiển thị lại dữ liệu ngay khi dựng được.",
        "No data can be shown right now: the database {name} cannot be built ({cause}).{kept} "
        "Pages will show data again as soon as it can be built.",
    ),
    "db_unreadable_kept": (
        " Tệp cũ không đọc được nên đã được giữ lại với tên {aside}.",
        " The old file could not be read; it was kept as {aside}.",
    ),
    "db_cause_seeds": ("dữ liệu gốc có {n} lỗi", "the seeds have {n} problem(s)"),
    "db_cause_disk-full": ("ổ đĩa đã đầy", "the disk is full"),
    "db_cause_error": ("lỗi kỹ thuật, xem Chi tiết", "a technical error, see Details"),
    "db_cause_set-aside": (
        "tệp hiện có không đọc được và không chuyển sang chỗ khác được",
        "the file there cannot be read and cannot be moved aside",
    ),
    "db_problems": ("Chi tiết", "Details"),
    "db_read_failed": (
        "Không đọc được cơ sở dữ liệu ({msg}). Tải lại trang: tệp sẽ được kiểm tra và dựng lại.",
        "The database could not be read ({msg}). Reload the page: the file will be checked and "
        "rebuilt.",
    ),
    "db_building": (
        "Đang dựng cơ sở dữ liệu từ seeds/ (lần đầu)…",
        "Building the database from seeds/ (first start)…",
    ),
    "select_placeholder": ("Chọn…", "Choose…"),
    "select_units_placeholder": ("Chọn đơn vị…", "Choose units…"),
    "meeting_steps": ("Các bước trình bày", "Guided steps"),
}
