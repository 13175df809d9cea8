"""Texts of the upload page."""

TEXT = {
    "up_title": ("Nhập bảng của bạn", "Bring your own table"),
    "up_intro": (
        "Tải lên bảng kết quả Chỉ số CCHC (phụ lục quyết định công bố hằng năm, CSV hoặc Excel), "
        "một hoặc nhiều tệp. Bảng được kiểm tra trong phiên của bạn; chỉ khi bạn lưu thành không "
        "gian làm việc, nó mới được giữ trên máy chủ và ai có liên kết mới xem được. Không công "
        "thức nào trong tệp được thực thi.",
        "Upload the PAR Index results tables (the appendix of the yearly decision, CSV or "
        "Excel), one file or several. They are checked in your session; only when you save them "
        "as a workspace are they kept on the server, for whoever has its link. No formula in a "
        "file is ever evaluated.",
    ),
    "up_year": ("Năm đánh giá của bảng", "Year evaluated in the table"),
    "up_file": ("Tệp CSV hoặc XLSX (tối đa 5 MB)", "CSV or XLSX file (5 MB at most)"),
    "up_template": ("Tải bảng mẫu (CSV)", "Download a template (CSV)"),
    "up_what": (
        "Bảng cần một cột tên đơn vị (có hoặc không có “Quận/Huyện/Thị xã”) và một hoặc nhiều cột: tổng điểm (%), "
        "xếp hạng, điểm các lĩnh vực thành phần. Tiêu đề nhiều dòng, cột STT, dòng “Trung bình” và chữ ký cuối bảng đều được chấp nhận.",
        "The table needs a column of unit names (with or without “Quận/Huyện/Thị xã”) and one or more of: total (%), "
        "rank, component scores. Multi-row headers, an STT column, a “Trung bình” row and signatures below the table are fine.",
    ),
    "up_unreadable": ("Không đọc được tệp: {msg}", "The file cannot be read: {msg}"),
    "up_errors": (
        "Bảng có {n} lỗi — chưa thể dùng. Sửa tệp rồi tải lên lại:",
        "The table has {n} error(s) — it cannot be used yet. Fix the file and upload it again:",
    ),
    "up_warnings": ("{n} lưu ý:", "{n} note(s):"),
    "up_ok": (
        "Đọc được {n} con số của {k} đơn vị cho năm {year}.",
        "Read {n} figures for {k} units for {year}.",
    ),
    "up_preview": (
        "Xem trước: so với số liệu đã công bố",
        "Preview: compared with published figures",
    ),
    "up_status_new": ("mới", "new"),
    "up_status_matches": ("khớp số đã công bố", "matches the published figure"),
    "up_status_differs": ("KHÁC số đã công bố", "DIFFERS from the published figure"),
    "up_use": ("Phân tích bảng này trên mọi trang", "Analyse this table on every page"),
    "up_in_session": (
        "Phiên này đang dùng bảng của bạn: {years}. Chọn “Bảng bạn đã nhập” ở thanh bên (đã chọn sẵn) để xem trên mọi trang.",
        "This session holds your table: {years}. “Your uploaded table” is selected in the sidebar; every page uses it.",
    ),
    "up_clear": ("Xóa bảng khỏi phiên này", "Remove the table from this session"),
    "up_notes": ("Bộ đọc đã bỏ qua / giả định:", "What the reader skipped or assumed:"),
    "up_cli": (
        "Người quản lý dữ liệu có thể đưa bảng vào seeds/ (kèm nguồn) bằng lệnh: `python -m analysis import TỆP --year NĂM --source-title … --source-url …`",
        "Whoever maintains the data can add the table to seeds/ (with its source) with: `python -m analysis import FILE --year YEAR --source-title … --source-url …`",
    ),
    "up_sheet": ("Đã đọc trang tính “{sheet}”.", "Read from the sheet “{sheet}”."),
    "up_problem_where": ("dòng {row}, cột “{col}”", "row {row}, column “{col}”"),
    "up_file_hint": (
        "Bấm nút “Upload” (Tải lên) trong ô dưới đây để chọn tệp, hoặc kéo thả tệp vào ô. "
        "Nhận tệp CSV, TXT, TSV, XLSX, XLSM, mỗi tệp tối đa 5 MB (“5MB per file”). Chữ tiếng "
        "Anh trong ô là của Streamlit, không đổi được.",
        "Press “Upload” in the box below to choose a file, or drag a file into it. CSV, TXT, "
        "TSV, XLSX or XLSM, up to 5 MB.",
    ),
    "up_preview_caption": (
        "Các dòng đọc được từ tệp, mỗi dòng với trạng thái so với số liệu đã công bố.",
        "The rows read from the file, each with how it compares with the published figures.",
    ),
    "up_year_auto": (
        "Theo tệp (cột năm, tên trang tính, tiêu đề)",
        "From the file (year column, sheet, title)",
    ),
    "up_year_help": (
        "Năm thường có trong tệp: một cột năm, tên trang tính, dòng tiêu đề (“NĂM 2023”) hoặc "
        "tiêu đề cột. Chỉ chọn năm khi tệp không ghi; nếu tệp ghi năm khác, bảng bị từ chối và "
        "thông báo nói chỗ ghi năm đó.",
        "The year is usually in the file: a year column, sheet names, a title line (“NĂM "
        "2023”) or the column headers. Choose a year only when the file does not say it; a "
        "file that says another year is refused with a message naming where.",
    ),
    "ws_title": ("Lưu và chia sẻ: không gian làm việc", "Keep and share: a workspace"),
    "ws_save": (
        "Lưu {n} tệp thành không gian làm việc và xem trên mọi trang",
        "Save the {n} file(s) as a workspace and show them on every page",
    ),
    "ws_add": (
        "Thêm {n} tệp vào không gian làm việc đang xem",
        "Add the {n} file(s) to the workspace shown",
    ),
    "ws_fix_first": (
        "Chỉ lưu được khi mọi tệp đã chọn đều hợp lệ; hãy sửa hoặc bỏ các tệp có lỗi.",
        "Files are saved only when every chosen file is valid; fix or remove those with errors.",
    ),
    "ws_none": (
        "Chưa có không gian làm việc trong phiên này. Khi lưu, các bảng được giữ trên máy chủ và "
        "mở lại bằng một liên kết riêng (không dùng sau {days} ngày thì tự xóa).",
        "No workspace in this session yet. Saved tables are kept on the server and opened again "
        "with a private link (deleted after {days} days unused).",
    ),
    "ws_link": (
        "Liên kết của không gian làm việc (thêm vào sau địa chỉ ứng dụng; thanh địa chỉ đã có):",
        "The workspace's link (after the app's address; the address bar already has it):",
    ),
    "ws_link_note": (
        "Ai có liên kết này đều xem được các bảng; người khác không thấy. Không dùng sau {days} "
        "ngày thì tự xóa.",
        "Anyone with this link sees the tables; nobody else does. Deleted after {days} days unused.",
    ),
    "ws_col_file": ("Tệp", "File"),
    "ws_col_years": ("Năm", "Years"),
    "ws_col_figures": ("Số con số", "Figures"),
    "ws_col_uploaded": ("Tải lên lúc (UTC)", "Uploaded (UTC)"),
    "ws_files_caption": (
        "Các tệp của không gian làm việc, với mã băm SHA-256 để đối chiếu.",
        "The workspace's files, with their SHA-256 hash to check them against.",
    ),
    "ws_download": ("Tải cả không gian làm việc (ZIP)", "Download the whole workspace (ZIP)"),
    "ws_delete": ("Xóa không gian làm việc", "Delete the workspace"),
    "ws_admin": ("Quản trị: đưa vào số liệu chung", "Administrators: add to the shared data"),
    "ws_admin_note": (
        "Ghi các bảng vào seeds/imported/ cùng nguồn gốc và dựng lại cơ sở dữ liệu (như lệnh "
        "python -m analysis import). Nếu có lỗi giữa chừng, số liệu cũ được giữ nguyên.",
        "Writes the tables into seeds/imported/ with their provenance and rebuilds the database "
        "(as python -m analysis import does). A failure midway leaves the old data whole.",
    ),
    "ws_admin_key": ("Khóa quản trị", "Administrator key"),
    "ws_promote": ("Đưa vào số liệu chung", "Add to the shared data"),
    "ws_promoted": (
        "Đã đưa {n} tệp vào số liệu chung và dựng lại cơ sở dữ liệu.",
        "Added {n} file(s) to the shared data and rebuilt the database.",
    ),
}
