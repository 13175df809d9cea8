"""Problems found in an uploaded table, by code: ``PROBLEMS = {code: (vietnamese, english)}``.

The ingest (``analysis/ingest/``) writes each problem as an English sentence, a code and the
values the sentence is made from (:mod:`analysis.ingest.phrase`); the upload page words the
code here in the reader's language (``ui.upload.problems``). The English templates give back
the ingest's sentences exactly (the command line prints those), a test holds them together.

Fields: ``{name}`` is a value; a value that is itself a phrase (where, a reason, a cut
quotation) is worded from its own code. Numbers with a format (``{limit:,}``, ``{size:g}``)
are written in the reader's format (5.000.000 and 7,2 in Vietnamese). A list is joined by
its format: ``{rows:and}`` ("3 và 5"), ``{names:or}``, ``{clues:semi}`` ("; "). Text quoted
from the file is shown as it is: Vietnamese quotes it in “…”.

These are not ``TEXT`` keys: ``t()`` formats without the reader's number format or lists.
"""

from ui.texts.columns import MEASURES

__all__ = ["JOINS", "PROBLEMS"]

#: How a list value is joined, by its format: (vietnamese, english).
JOINS = {"or": (" hoặc ", " or "), "and": (" và ", " and "), "semi": ("; ", "; ")}

_HEADER_HINT_VI = (
    "một dòng có ít nhất hai tên cột đã biết như “STT”, “Đơn vị”, “Tổng điểm” hoặc “Xếp hạng”"
)
_HEADER_HINT_EN = (
    "a row naming at least two known columns such as 'STT', 'Đơn vị', 'Tổng điểm' or 'Xếp hạng'"
)
_RIGHT_FILE_VI = "có đúng tệp không?"
_PAR_TABLE_VI = "đây có phải là bảng Chỉ số CCHC không?"
_ONE_RANK_VI = "dữ liệu gốc (seeds) không nhận hai đơn vị cấp huyện có cùng một thứ hạng"
_ONE_RANK_EN = "the seeds do not accept two district-level units with the same rank"

_PARTS = {
    # Where a problem is, and parts of other messages.
    "where.row": ("dòng {row}", "row {row}"),
    "where.column": ("cột “{column}”", "column '{column}'"),
    "where.row_column": ("dòng {row}, cột “{column}”", "row {row}, column '{column}'"),
    "where.sheet": ("trang tính “{sheet}”, {where}", "sheet '{sheet}', {where}"),
    "where.sheet_name": ("tên trang tính “{sheet}”", "sheet name '{sheet}'"),
    "where.title_line": ("tiêu đề bảng “{line}”", "title line '{line}'"),
    "where.file_year": ("{file}: năm của bảng", "{file}: the year"),
    "text.cut": ("{head}… ({length:,} ký tự)", "{head}… ({length:,} characters)"),
    "cell.problem": ("{where}: {reason}", "{where}: {reason}"),
    "part.worksheet": ("một trang tính", "a worksheet"),
    "part.shared_strings": (
        "phần văn bản dùng chung (sharedStrings.xml)",
        "the shared texts part (sharedStrings.xml)",
    ),
    "part.other": ("phần {part}", "the part {part}"),
    "valid.between": ("từ {start} đến {end}", "{start} to {end}"),
    "valid.from": ("từ {start} đến nay", "{start} to now"),
    "level.district": ("cấp huyện", "district"),
    "level.commune": ("cấp xã", "commune"),
    "unit.did_you_mean": ("có phải là {names:or}?", "did you mean {names:or}?"),
    "year.clue": ("{where} ghi năm {year}", "{where} says {year}"),
}

_FILES = {
    "file.empty": ("tệp {file} trống", "{file} is empty"),
    "file.too_large": (
        "tệp {file} có dung lượng {size_mb:g} MB; giới hạn là {limit_mb:g} MB",
        "{file} is {size_mb:g} MB; the limit is {limit_mb:g} MB",
    ),
    "file.too_large_bytes": (
        "tệp {file} có dung lượng {size:,} byte; giới hạn là {limit:,} byte ({limit_mb:g} MB)",
        "{file} is {size:,} bytes; the limit is {limit:,} bytes ({limit_mb:g} MB)",
    ),
    "file.xls": (
        "tệp {file} là tệp Excel cũ (.xls), chưa được hỗ trợ; hãy mở tệp và lưu lại dưới dạng "
        ".xlsx hoặc CSV",
        "{file} is an old binary Excel file (.xls), which is not supported; open it and save it "
        "as .xlsx or CSV",
    ),
    "file.xls_name": (
        "{file}: chưa hỗ trợ tệp .xls; hãy mở tệp và lưu lại dưới dạng .xlsx hoặc CSV",
        "{file}: .xls files are not supported; open it and save it as .xlsx or CSV",
    ),
    "file.pdf": (
        "tệp {file} là tệp PDF, không phải bảng số liệu; hãy xuất bảng ra tệp XLSX hoặc CSV",
        "{file} is a PDF, not a table; export the table to XLSX or CSV",
    ),
    "file.ods": (
        "tệp {file} là bảng tính OpenDocument (.ods), chưa được hỗ trợ; hãy lưu lại dưới dạng "
        "XLSX hoặc CSV",
        "{file} is an OpenDocument spreadsheet (.ods), which is not supported; save it as XLSX "
        "or CSV",
    ),
    "file.utf32": (
        "tệp {file} là văn bản UTF-32, chưa được hỗ trợ; hãy lưu lại dưới dạng UTF-8",
        "{file} is UTF-32 text, which is not supported; save it as UTF-8",
    ),
    "file.binary": (
        "tệp {file} không phải là bảng dạng văn bản (có chứa dữ liệu nhị phân)",
        "{file} does not look like a text table (it contains binary data)",
    ),
    "file.not_utf8": ("tệp {file} không phải là văn bản UTF-8", "{file} is not UTF-8 text"),
    "file.no_final_newline": (
        "dòng {row}: tệp không kết thúc bằng dấu xuống dòng; hãy kiểm tra dòng {row} có đầy đủ "
        "không (tệp bị cắt cụt?)",
        "row {row}: the file does not end with a line break; check that row {row} is complete "
        "(truncated file?)",
    ),
    "file.missing": ("{path}: không có tệp này", "{path}: no such file"),
    "file.folder": ("{path} là thư mục, không phải tệp", "{path} is a folder, not a file"),
    "file.imported_before": (
        "tệp {file} đã được nhập trước đây: {previous}",
        "{file} was already imported as {previous}",
    ),
    "file.imported_meanwhile": ("tệp {file} đã được nhập", "{file} was already imported"),
    "zip.damaged": (
        "tệp {file} là tệp nén zip bị hỏng, không đọc được như một sổ tính XLSX",
        "{file} is a damaged zip archive, not a readable XLSX workbook",
    ),
    "zip.not_xlsx": (
        "tệp {file} là tệp nén zip nhưng không phải sổ tính XLSX",
        "{file} is a zip archive but not an XLSX workbook",
    ),
    "zip.too_large": (
        "tệp {file} khi giải nén có dung lượng {size_mb:.0f} MB; giới hạn là {limit_mb:g} MB",
        "{file} unpacks to {size_mb:.0f} MB; the limit is {limit_mb:g} MB",
    ),
    "zip.part_too_large": (
        "{file}: {part} khi giải nén có dung lượng {size_mb:g} MB; giới hạn là {limit_mb:g} MB "
        f"(một bảng Chỉ số CCHC nhỏ hơn nhiều — {_RIGHT_FILE_VI})",
        "{file}: {part} unpacks to {size_mb:g} MB; the limit is {limit_mb:g} MB (a PAR Index "
        "table is far smaller — is this the right file?)",
    ),
    "xlsx.unreadable": (
        "không đọc được tệp {file} như một sổ tính XLSX ({error})",
        "{file} is not a readable XLSX workbook ({error})",
    ),
    "csv.unreadable": (
        "không đọc được tệp {file} như một tệp CSV",
        "{file} is not a readable CSV file",
    ),
    "csv.unreadable_because": (
        "không đọc được tệp {file} như một tệp CSV ({why})",
        "{file} is not a readable CSV file ({why})",
    ),
    "csv.cell_too_long": (
        "dòng {line}: một ô chứa hơn {limit:,} ký tự (mức tối đa của một ô CSV ở đây); có dấu "
        'ngoặc kép “"” nào chưa được đóng không?',
        "line {line}: a cell holds more than {limit:,} characters (the most a CSV cell may hold "
        "here); is a quote mark '\"' left open?",
    ),
    # The csv module's own words (``detail``) stay in English.
    "csv.line_error": ("dòng {line}: {detail}", "line {line}: {detail}"),
    "workbook.no_visible_sheet": (
        "tệp {file} không có trang tính nào đang hiển thị",
        "{file} has no visible sheet",
    ),
    "workbook.no_header": (
        f"{{file}}: không trang tính nào có dòng tiêu đề ({_HEADER_HINT_VI})",
        f"{{file}}: no sheet has a header row ({_HEADER_HINT_EN})",
    ),
    "workbook.no_header_visible": (
        f"{{file}}: không trang tính đang hiển thị nào có dòng tiêu đề ({_HEADER_HINT_VI}); "
        "trang tính ẩn chỉ được đọc khi được chỉ định: {hidden}",
        f"{{file}}: no visible sheet has a header row ({_HEADER_HINT_EN}); hidden sheets are "
        "not read unless named: {hidden}",
    ),
    "header.not_found": (
        "{file}: không tìm thấy dòng tiêu đề trong {rows} dòng đầu; cần " + _HEADER_HINT_VI,
        "{file}: no header row found in the first {rows} rows; expected " + _HEADER_HINT_EN,
    ),
    "header.not_found_in_sheet": (
        "{file}, trang tính “{sheet}”: không tìm thấy dòng tiêu đề trong {rows} dòng đầu; cần "
        + _HEADER_HINT_VI,
        "{file}, sheet '{sheet}': no header row found in the first {rows} rows; expected "
        + _HEADER_HINT_EN,
    ),
    "sheet.not_found": (
        "tệp {file} không có trang tính “{sheet}” (các trang tính: {sheets})",
        "{file} has no sheet '{sheet}' (sheets: {sheets})",
    ),
    "sheet.too_many_merges": (
        "{file}, trang tính “{sheet}” có hơn {limit:,} vùng ô gộp; một bảng Chỉ số CCHC chỉ có "
        f"vài chục — {_RIGHT_FILE_VI}",
        "{file}, sheet '{sheet}' has more than {limit:,} merged cell ranges; a PAR Index table "
        "has a few dozen — is this the right file?",
    ),
    "sheet.merges_too_large": (
        "{file}, trang tính “{sheet}”: các vùng ô gộp phủ hơn {limit:,} ô; " + _RIGHT_FILE_VI,
        "{file}, sheet '{sheet}': its merged cell ranges cover more than {limit:,} cells; is "
        "this the right file?",
    ),
    "sheet.problem": ("trang tính “{sheet}”: {problem}", "sheet '{sheet}': {problem}"),
    "rows.too_many": (
        "tệp {file} có hơn {limit} dòng; bảng Chỉ số CCHC có mỗi đơn vị một dòng — "
        + _RIGHT_FILE_VI,
        "{file} has more than {limit} rows; a PAR Index table has one row per unit — is this "
        "the right file?",
    ),
    "rows.too_many_in_sheet": (
        "{file}, trang tính “{sheet}”, có hơn {limit} dòng; bảng Chỉ số CCHC có mỗi đơn vị một "
        "dòng — " + _RIGHT_FILE_VI,
        "{file}, sheet '{sheet}', has more than {limit} rows; a PAR Index table has one row "
        "per unit — is this the right file?",
    ),
    "rows.too_many.export": (
        "tệp {file} có hơn {limit:,} dòng; " + _RIGHT_FILE_VI,
        "{file} has more than {limit:,} rows; is this the right file?",
    ),
    "rows.too_many_in_sheet.export": (
        "{file}, trang tính “{sheet}”, có hơn {limit:,} dòng; " + _RIGHT_FILE_VI,
        "{file}, sheet '{sheet}', has more than {limit:,} rows; is this the right file?",
    ),
    "row.too_wide": (
        "dòng {row} có {cells} ô nhưng dòng tiêu đề có {columns} cột (dấu phẩy thập phân trong "
        "tệp phân cách bằng dấu phẩy? hãy đặt các số đó trong dấu ngoặc kép hoặc dùng dấu “;” "
        "để phân cách)",
        "row {row} has {cells} cells but the header has {columns} columns (a decimal comma in a "
        "comma-separated file? quote such numbers or use ';' as the separator)",
    ),
    "cell.too_long": (
        "{file}, trang tính “{sheet}”, ô {cell} chứa {length:,} ký tự (bắt đầu bằng "
        "“{begins}”); một ô của bảng Chỉ số CCHC chứa ít hơn nhiều — một ô bảng tính chứa tối "
        "đa {limit:,} ký tự",
        "{file}, sheet '{sheet}', cell {cell} holds {length:,} characters (it begins "
        "'{begins}'); a cell of a PAR Index table holds far fewer — the most a spreadsheet cell "
        "holds is {limit:,}",
    ),
    "cell.first_row_too_long": (
        "{file}: một ô ở dòng đầu tiên quá dài",
        "{file}: a cell of the first row is too long",
    ),
    "cell.bad_bytes": (
        "dòng {row}, cột “{column}”: “{cell}” chứa các byte không phải là văn bản {encoding} "
        "hợp lệ",
        "row {row}, column '{column}': '{cell}' contains bytes that are not valid {encoding} text",
    ),
    "cell.formula_unsaved": (
        "dòng {row}, cột “{column}”: công thức ({formula}) chưa có giá trị được lưu; công thức "
        "không bao giờ được tính ở đây — hãy mở tệp bằng chương trình bảng tính rồi lưu lại, "
        "hoặc dán giá trị thay cho công thức",
        "row {row}, column '{column}': a formula ({formula}) without a saved value; formulas "
        "are never evaluated here — open the file in a spreadsheet program and save it again, "
        "or paste the values",
    ),
    "table.no_rows": (
        "tệp {file} có dòng tiêu đề nhưng không có dòng số liệu nào",
        "{file} has a header but no data rows",
    ),
    "table.no_figures": (
        "tệp {file} có dòng tiêu đề nhưng không có số liệu nào",
        "{file} has a header but no figures",
    ),
    "export.simulated": (
        "{file}: dòng {row} thuộc bảng MÔ PHỎNG (demo); số liệu mô phỏng xuất ra không bao giờ "
        "được nhập",
        "{file}: row {row} is from the SIMULATED demo panel; an export of simulated figures is "
        "never imported",
    ),
    "check.timeout": (
        "việc kiểm tra tệp {file} kéo dài quá {seconds:g} giây nên đã bị dừng; " + _PAR_TABLE_VI,
        "checking {file} took longer than {seconds:g} s and was stopped; is it a PAR Index table?",
    ),
    "check.memory": (
        "việc kiểm tra tệp {file} cần hơn {memory_mb:.0f} MB bộ nhớ nên đã bị dừng; "
        + _PAR_TABLE_VI,
        "checking {file} needed more than {memory_mb:.0f} MB of memory and was stopped; is it "
        "a PAR Index table?",
    ),
    "check.cancelled": (
        "việc kiểm tra tệp {file} đã bị hủy",
        "the check of {file} was cancelled",
    ),
    # The worker's own words (``detail``) stay in English.
    "check.failed": (
        "không kiểm tra được tệp {file}: {detail}; " + _PAR_TABLE_VI,
        "{file} could not be checked: {detail}; is it a PAR Index table?",
    ),
}

_FIGURES = {
    "number.invalid": ("“{text}” không phải là số", "'{text}' is not a number"),
    "number.not_whole": ("“{text}” không phải là số nguyên", "'{text}' is not a whole number"),
    "rank.not_whole": (
        "thứ hạng {text} không phải là số nguyên",
        "rank {text} is not a whole number",
    ),
    "value.out_of_range": ("{text} nằm ngoài khoảng 0–{max}", "{text} is outside 0–{max}"),
    "value.negative": ("{text} nhỏ hơn 0", "{text} is below 0"),
    "rank.out_of_range": (
        "thứ hạng {text} nằm ngoài khoảng 1–{units}",
        "rank {text} is outside 1–{units}",
    ),
    "percent.disagrees": (
        "dòng {row}, cột “{column}”: {percent} % không khớp với số điểm {points} trên tối đa "
        "{max} ở cột “{points_column}” (= {expected} %)",
        "row {row}, column '{column}': {percent} % disagrees with the points {points} of {max} "
        "in column '{points_column}' (= {expected} %)",
    ),
    "total.disagrees_components": (
        "dòng {row}: tổng điểm {total} không khớp với tổng điểm các lĩnh vực thành phần {sum} "
        "(đã biết điểm tối đa)",
        "row {row}: the total {total} disagrees with the sum of its components {sum} (max "
        "points known)",
    ),
    "total.disagrees_parts": (
        "dòng {row}: tổng điểm {total} không khớp với điểm thẩm định cộng điểm điều tra xã hội "
        "học {sum}",
        "row {row}: the total {total} disagrees with appraisal + survey {sum}",
    ),
    "rank.tie": (
        "cột “{column}”: thứ hạng {rank:g} trùng nhau ở các dòng {rows:and} (đồng hạng?)",
        "column '{column}': rank {rank:g} is shared by rows {rows:and} (a tie?)",
    ),
    "rank.order": (
        "dòng {row}: xếp hạng {rank:g} với {score}, trong khi dòng {other_row} xếp hạng "
        "{other_rank:g} mà chỉ đạt {other_score}",
        "row {row}: ranked {rank:g} with {score} but row {other_row} is ranked {other_rank:g} "
        "with only {other_score}",
    ),
    "rank.tie_refused": (
        "{problem}; " + _ONE_RANK_VI,
        "{problem}; " + _ONE_RANK_EN,
    ),
    "rank.already_published": (
        "dòng {row}, cột “{column}”: thứ hạng {rank} đã được công bố cho {unit} ({source}); "
        + _ONE_RANK_VI,
        "row {row}, column '{column}': rank {rank} is already published for {unit} ({source}); "
        + _ONE_RANK_EN,
    ),
    "figure.differs_official": (
        "{where}: {value} khác với “{other}” trong một bảng chính thức khác ({source}) của "
        "{unit} năm {year}; hai bảng gốc không thống nhất",
        "{where}: {value} differs from '{other}' in another official table ({source}) for "
        "{unit} {year}; two primary tables disagree",
    ),
    "figure.differs_report": (
        "{where}: {value} khác với số liệu đã công bố của {unit} năm {year} ({source}: "
        "“{other}”); bảng chính thức là nguồn gốc: cả hai số đều được giữ và chênh lệch được "
        "liệt kê",
        "{where}: {value} differs from the figure already published for {unit} {year} "
        "({source}: '{other}'); the official table is the primary source: both are kept and the "
        "difference is listed",
    ),
    "figure.differs_file": (
        "dòng {row}, cột “{column}”: {value} của {unit} năm {year} khác với {other} trong tệp "
        "{file} (dòng {other_row}); hai bảng gốc không thống nhất",
        "row {row}, column '{column}': {value} for {unit} {year} differs from {other} in {file} "
        "(row {other_row}); two primary tables disagree",
    ),
    "figure.in_two_sheets": (
        "trang tính “{sheet}”, dòng {row}: {measure} chỉ số {indicator} của {unit} năm {year} "
        "cũng có ở trang tính “{other_sheet}”, dòng {other_row}",
        "sheet '{sheet}', row {row}: {unit} {year} {indicator} {measure} is also in sheet "
        "'{other_sheet}', row {other_row}",
    ),
}

_UNITS_AND_COLUMNS = {
    "unit.missing": ("dòng {row}: thiếu tên đơn vị", "row {row}: no unit name"),
    "unit.not_a_unit": (
        "dòng {row}: “{unit}” không phải là tên đơn vị và không có số liệu (bỏ qua)",
        "row {row}: '{unit}' is not a unit and has no figures (ignored)",
    ),
    "unit.unknown": (
        "dòng {row}: đơn vị “{unit}” không có trong danh mục đơn vị",
        "row {row}: unknown unit '{unit}'",
    ),
    "unit.unknown_near": (
        "dòng {row}: đơn vị “{unit}” không có trong danh mục đơn vị — {hint}",
        "row {row}: unknown unit '{unit}' — {hint}",
    ),
    "unit.ambiguous": (
        "dòng {row}: “{unit}” có thể là nhiều đơn vị — {hint} (hãy ghi rõ loại đơn vị, ví dụ "
        "“phường” hoặc “quận”, hoặc đặt dòng vào đúng khối)",
        "row {row}: '{unit}' could be several units — {hint} (write the type, e.g. 'phường' or "
        "'quận', or put the row in its block)",
    ),
    "unit.twice": (
        "dòng {row}: {unit} xuất hiện hai lần (dòng {rows:and})",
        "row {row}: {unit} appears twice (rows {rows:and})",
    ),
    "unit.wrong_block": (
        "dòng {row}: {unit} là {type} nhưng nằm dưới dòng khối “{block}”",
        "row {row}: {unit} is a {type} but is listed under '{block}'",
    ),
    "unit.not_in_year": (
        "dòng {row}: đơn vị {unit} không tồn tại trong năm {year} (thời gian tồn tại: {valid})",
        "row {row}: {unit} did not exist in {year} (valid {valid})",
    ),
    "unit.id_not_in_year": (
        "dòng {row}: đơn vị {unit} không tồn tại trong năm {year}",
        "row {row}: {unit} did not exist in {year}",
    ),
    "unit.unknown_id": (
        "mã đơn vị “{text}” không có trong danh mục",
        "unknown unit '{text}'",
    ),
    "unit.no_column": (
        "{file}: không có cột tên đơn vị (cần một cột có tiêu đề như “Đơn vị” hoặc “Quận, "
        "huyện, thị xã”)",
        "{file}: no column with unit names (expected a header such as 'Đơn vị' or 'Quận, "
        "huyện, thị xã')",
    ),
    "unit.column_guessed": (
        "cột “{column}” được hiểu là cột tên đơn vị",
        "column '{column}' taken as the unit names",
    ),
    "units.missing": (
        "bảng có {found} trong số {expected} đơn vị {level} của năm {year}; còn thiếu: {missing}",
        "{found} of the {expected} {level}-level units valid in {year} are in the table; "
        "missing: {missing}",
    ),
    "indicator.no_column": (
        "{file}: không có cột nào là chỉ số đã biết (cần tiêu đề như “Tổng điểm”, “Xếp hạng” "
        "hoặc tên của tám lĩnh vực thành phần)",
        "{file}: no column is a known indicator (expected headers such as 'Tổng điểm', 'Xếp "
        "hạng' or the names of the eight component areas)",
    ),
    "indicator.unknown": (
        "mã chỉ số “{text}” không có trong danh mục",
        "unknown indicator '{text}'",
    ),
    "measure.unknown": (
        "loại số liệu “{text}” không hợp lệ",
        "unknown measure '{text}'",
    ),
    "column.no_header": (
        "cột {column} không có tiêu đề (bỏ qua)",
        "column {column} has no header (ignored)",
    ),
    "column.unknown": (
        "cột “{column}” không phải là chỉ số đã biết (bỏ qua)",
        "column '{column}' is not a known indicator (ignored)",
    ),
    "column.not_in_codebook": (
        "cột “{column}”: chỉ số “{indicator}” không có trong danh mục chỉ số (bỏ qua)",
        "column '{column}': indicator '{indicator}' is not in the codebook (ignored)",
    ),
    "column.duplicate": (
        "hai cột “{first}” và “{second}” cùng ghi {measure} của chỉ số {indicator}; hãy đổi "
        "tên hoặc xóa một cột",
        "columns '{first}' and '{second}' both give {indicator} {measure}; rename or delete one",
    ),
    "column.empty_cells": (
        "cột “{column}”: không có số liệu ở dòng {rows} (bỏ qua)",
        "column '{column}': no figure in row(s) {rows} (left out)",
    ),
}

_YEARS = {
    "year.invalid": ("“{text}” không phải là năm", "'{text}' is not a year"),
    "year.missing": (
        "{file}: tệp không ghi năm đánh giá (không có cột năm; tên trang tính, tiêu đề bảng và "
        "tiêu đề cột đều không ghi năm); hãy chọn năm của bảng trên trang tải lên (hoặc dùng "
        "--year trên dòng lệnh)",
        "{file}: the file does not say its year (no year column, sheet name, title line or "
        "column header names one); choose its year on the upload page (or give --year on the "
        "command line)",
    ),
    "year.two_in_file": (
        "{file}: tệp ghi hai năm khác nhau: {clues:semi}",
        "{file}: the file names two years: {clues:semi}",
    ),
    "year.given_differs": (
        "{file}: năm đã chọn là {year} nhưng {where} ghi năm {said}",
        "{file}: the year given is {year} but the {where} says {said}",
    ),
    "year.column_differs": (
        "cột “{column}” là số liệu năm {said} nhưng năm đã chọn là {year}",
        "column '{column}' is for {said} but the year given is {year}",
    ),
    "year.cell_differs": (
        "tệp ghi năm {said} nhưng năm đã chọn là {year}",
        "the file says {said} but the year given is {year}",
    ),
    "year.out_of_range": (
        "{where}: năm {year} nằm ngoài khoảng {first}–{last} (các năm có Chỉ số CCHC)",
        "{where}: year {year} is outside {first}–{last} (the years of the index)",
    ),
    "year.export_differs": (
        "{file}: năm đã chọn là {year} nhưng cột “year” của tệp ghi {years}",
        "{file}: the year given is {year} but its column 'year' holds {years}",
    ),
}

# Curating on the command line or by an administrator; the seed checks' own words (``detail``)
# stay in English.
_IMPORT = {
    "import.bad_date": (
        "ngày công bố “{date}” không phải là ngày hợp lệ (YYYY[-MM[-DD]])",
        "published_on '{date}' is not a date (YYYY[-MM[-DD]])",
    ),
    "import.rolled_back": (
        "việc nhập đã được hoàn tác: dữ liệu gốc (seeds) không qua được bước kiểm tra hoặc "
        "không dựng được cơ sở dữ liệu với bảng này; chưa có gì được nhập",
        "the import was rolled back: the seeds did not pass their checks or the database could "
        "not be built with it; nothing was imported",
    ),
    "import.other_refused": (
        "chưa nhập: một tệp khác trong lần nhập này bị từ chối",
        "not imported: another file of this import was refused",
    ),
    "seeds.failed": (
        "không kiểm tra hoặc dựng được dữ liệu gốc (seeds): {detail}",
        "the seeds could not be validated or built: {detail}",
    ),
    "seeds.check": (
        "dòng {row}, cột “{column}”: {detail} (kiểm tra dữ liệu gốc)",
        "row {row}, column '{column}': {detail} (seed check)",
    ),
    "seeds.problem": ("kiểm tra dữ liệu gốc (seeds): {detail}", "{detail}"),
    "seeds.unreadable": (
        "không đọc được dữ liệu gốc (seeds): {detail}",
        "cannot read the seeds: {detail}",
    ),
    "seeds.unreadable_in": (
        "không đọc được dữ liệu gốc (seeds) trong {folder}: {detail}",
        "cannot read the seeds in {folder}: {detail}",
    ),
}

# A measure's id in an English sentence, its name in a Vietnamese one.
_MEASURES = {f"measure.{k}": (vi, k) for k, (vi, _) in MEASURES.items()}

PROBLEMS: dict[str, tuple[str, str]] = {
    **_PARTS,
    **_FILES,
    **_FIGURES,
    **_UNITS_AND_COLUMNS,
    **_YEARS,
    **_IMPORT,
    **_MEASURES,
}
