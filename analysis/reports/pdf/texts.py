"""Texts of the one-page report in Vietnamese and English, and its number formats.

Numbers follow the language: ``94,27`` and ``1.234`` in Vietnamese, ``94.27`` and
``1,234`` in English; a missing number is written as a dash *and* said to be missing.
"""

from __future__ import annotations

import re
import unicodedata

from analysis.reports.pdf.content import ChangeFacts, UnitPage

__all__ = [
    "LANGS",
    "TEXT",
    "change_lines",
    "fmt",
    "group_noun",
    "method_notes",
    "rank_move",
    "short_name",
    "signed",
    "t",
    "unit_title",
]

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Báo cáo một trang", "One-page report"),
    "subtitle": (
        "Chỉ số cải cách hành chính (PAR Index) năm {year}",
        "Public Administration Reform Index (PAR Index) {year}",
    ),
    "published": (
        "Số liệu đã công bố. Nguồn của từng số liệu ở cuối trang, đánh số [1], [2] …",
        "Published figures. The source of every figure is listed at the foot of the page, "
        "numbered [1], [2] …",
    ),
    "simulated_big": ("MÔ PHỎNG (SIMULATED)", "SIMULATED (MÔ PHỎNG)"),
    "simulated_text": (
        "Số liệu mô phỏng để trình diễn, KHÔNG phải số liệu công bố. Bảng mô phỏng giữ đúng "
        "mọi số liệu đã công bố; các số còn lại là giả định.",
        "Simulated figures for demonstration, NOT published figures. The simulated panel keeps "
        "every published figure; all other numbers are made up.",
    ),
    "upload_text": (
        "Số liệu do người dùng tải lên, chưa được kiểm chứng.",
        "Figures uploaded by the user, not verified.",
    ),
    "box_score": ("Điểm chỉ số {year}", "Index score {year}"),
    "box_rank": ("Xếp hạng {year}", "Rank {year}"),
    "box_change": ("Thay đổi so với {prev}", "Change since {prev}"),
    "box_rank_change": ("Thứ hạng so với {prev}", "Rank since {prev}"),
    "source_ref": ("nguồn {refs}", "source {refs}"),
    "missing": ("không có số liệu", "no figure"),
    "new_unit": ("đơn vị mới, chưa có năm trước", "a new unit: no year before"),
    "of_units": ("trong {n} đơn vị", "of {n} units"),
    "points": ("điểm", "points"),
    "places_up": ("tăng {k} bậc", "up {k} place{s}"),
    "places_down": ("giảm {k} bậc", "down {k} place{s}"),
    "places_same": ("giữ nguyên", "unchanged"),
    "history": ("Điểm tổng và thứ hạng qua các năm", "Total score and rank over the years"),
    "chart_score": ("Điểm tổng (%)", "Total score (%)"),
    "chart_rank": ("Thứ hạng (1 = cao nhất)", "Rank (1 = best)"),
    "legend_unit": ("đơn vị", "the unit"),
    "legend_block": ("trung bình khối", "block average"),
    "legend_derived": ("suy ra từ số liệu công bố", "derived from published figures"),
    "legend_break": ("đổi phương pháp chấm", "method changed"),
    "legend_year": ("năm báo cáo", "report year"),
    "chart_none": ("— = không có số liệu", "— = no figure"),
    "components": (
        "Các lĩnh vực năm {year}: so với {group} và cả khối",
        "The areas in {year}: against {group} and the whole block",
    ),
    "components_block": (
        "Các lĩnh vực năm {year}: so với cả khối",
        "The areas in {year}: against the whole block",
    ),
    "components_type_block": (
        "Các lĩnh vực năm {year}: so với khối {block}",
        "The areas in {year}: against the block of {block}",
    ),
    "change_new": ("So với năm trước", "Against the year before"),
    "col_area": ("Lĩnh vực", "Area"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_rank": ("Hạng", "Rank"),
    "col_group": ("TB nhóm (n)", "Group mean (n)"),
    "col_position": ("Vị trí nhóm", "In group"),
    "col_block": ("TB khối (n)", "Block mean (n)"),
    "col_strip": ("Vị trí trên thang điểm", "Position on the score scale"),
    "published_mark": ("công bố", "published"),
    "strip_unit": ("đơn vị", "unit"),
    "strip_group": ("TB nhóm", "group mean"),
    "strip_block": ("TB khối", "block mean"),
    "strip_range": ("khoảng của khối / nhóm", "block / group range"),
    "change": ("Thay đổi so với năm {prev} và ý nghĩa", "Change since {prev} and what it means"),
    "notes": ("Lưu ý về phương pháp và số liệu thiếu", "Method notes and missing figures"),
    "sources": ("Nguồn số liệu", "Sources"),
    "role_unit": ("số liệu của đơn vị", "the unit's figures"),
    "role_peers": ("số liệu của đơn vị khác (trung bình)", "other units' figures (means)"),
    "role_reproduced": (
        "số liệu công bố mà bảng mô phỏng giữ nguyên",
        "published figures the simulated panel keeps",
    ),
    "not_in_sources": (
        "không có trong bảng nguồn của cơ sở dữ liệu",
        "not in the database's table of sources",
    ),
    "no_sources": ("Không có nguồn nào được ghi.", "No source is recorded."),
    "footer": (
        "Hanoi PAR Index Explorer · cơ sở dữ liệu {digest} · trang {page}/{pages}",
        "Hanoi PAR Index Explorer · database {digest} · page {page}/{pages}",
    ),
}

_TYPES_EN = {
    "quận": "urban district",
    "huyện": "rural district",
    "thị xã": "district-level town",
    "thành phố": "city",
    "phường": "ward",
    "xã": "commune",
    "thị trấn": "township",
    "sở": "department",
    "khối": "block",
}
_GROUPS = {
    "quận": ("các quận", "the urban districts"),
    "huyện": ("các huyện", "the rural districts"),
    "thị xã": ("các thị xã", "the district-level towns"),
    "phường": ("các phường", "the wards"),
    "xã": ("các xã", "the communes"),
    "thị trấn": ("các thị trấn", "the townships"),
    "sở": ("các sở", "the departments"),
}
_BLOCKS = {
    "district": ("quận, huyện, thị xã", "district-level units"),
    "commune": ("phường, xã, thị trấn", "wards and communes"),
    "department": ("sở, ban, ngành", "departments"),
}
# Since 2025 phường and xã are ranked in two blocks: "among the 51 wards".
_TYPE_BLOCKS = {"phường": ("phường", "wards"), "xã": ("xã", "communes")}
_SHORT = {
    "total": ("Tổng điểm", "Total"),
    "direction": ("Chỉ đạo, điều hành", "Direction"),
    "institutions": ("Thể chế", "Institutions"),
    "procedures": ("Thủ tục hành chính", "Procedures"),
    "organisation": ("Tổ chức bộ máy", "Organisation"),
    "civil_service": ("Chế độ công vụ", "Civil service"),
    "public_finance": ("Tài chính công", "Public finance"),
    "digital_government": ("Chính quyền số", "Digital government"),
    "socioeconomic_impact": ("Tác động đến người dân, KT-XH", "Impact on people & economy"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return pair[0] if lang == "vi" else pair[1]


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` with its ``{fields}`` filled, in NFC.

    Examples
    --------
    >>> t("box_score", "vi", year=2023)
    'Điểm chỉ số 2023'
    """
    text = _pick(TEXT[key], lang)
    return unicodedata.normalize("NFC", text.format(**values) if values else text)


def fmt(value: float | int | None, decimals: int = 2, lang: str = "vi") -> str:
    """A number in the language's format; "—" when missing.

    Examples
    --------
    >>> fmt(94.27), fmt(94.27, lang="en"), fmt(1234.5, 1), fmt(None)
    ('94,27', '94.27', '1.234,5', '—')
    """
    if value is None or value != value:
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def signed(value: float | None, decimals: int = 2, lang: str = "vi") -> str:
    """A change with its sign: +0,64 / −1,20 / ±0,00.

    Examples
    --------
    >>> signed(0.64), signed(-1.2, lang="en")
    ('+0,64', '−1.20')
    """
    if value is None or value != value:
        return "—"
    rounded = round(value, decimals)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    return sign + fmt(abs(value), decimals, lang)


def short_name(indicator_id: str, lang: str) -> str:
    """Short name of the total or a component area.

    Examples
    --------
    >>> short_name("institutions", "vi")
    'Thể chế'
    """
    pair = _SHORT.get(indicator_id)
    return _pick(pair, lang) if pair else indicator_id


def unit_title(page: UnitPage, lang: str) -> str:
    """ "Quận Bắc Từ Liêm" in Vietnamese, "Bắc Từ Liêm (urban district)" in English."""
    if lang == "vi":
        kind = page.unit_type[:1].upper() + page.unit_type[1:]
        return unicodedata.normalize("NFC", f"{kind} {page.name_vi}")
    kind = _TYPES_EN.get(page.unit_type, page.unit_type)
    return unicodedata.normalize("NFC", f"{page.name_vi} ({kind})")


def group_noun(page: UnitPage, lang: str) -> str:
    """The unit's group in words ("các quận"), or its block when it has no group."""
    if page.group_type is None:
        return block_noun(page, lang)
    pair = _GROUPS.get(page.group_type, (f"các {page.group_type}", page.group_type))
    return _pick(pair, lang)


def block_noun(page: UnitPage, lang: str) -> str:
    """The block in words: "quận, huyện, thị xã"; since 2025 "phường" or "xã"."""
    if page.block_type is not None:
        return _pick(_TYPE_BLOCKS.get(page.block_type, (page.block_type, page.block_type)), lang)
    return _pick(_BLOCKS.get(page.level, (page.level, page.level)), lang)


def _formula(derived: str, lang: str) -> str:
    """The arithmetic of a ``derived_from`` note, with the language's decimal mark."""
    head = derived.split(" (")[0].strip()
    if lang == "vi":
        head = re.sub(r"(\d)\.(\d)", r"\1,\2", head)
        return head
    return derived


def _period_name(period, lang: str) -> str:
    if period is None:
        return "giai đoạn chưa rõ" if lang == "vi" else "an unknown method period"
    return period.name_vi if lang == "vi" else period.name_en


def rank_move(places_up: int, lang: str) -> str:
    """Places gained or lost in words.

    Examples
    --------
    >>> rank_move(21, "vi"), rank_move(-1, "en"), rank_move(0, "en")
    ('tăng 21 bậc', 'down 1 place', 'unchanged')
    """
    k = abs(places_up)
    plural = "" if k == 1 else "s"
    if places_up > 0:
        return t("places_up", lang, k=k, s=plural)
    if places_up < 0:
        return t("places_down", lang, k=k, s=plural)
    return t("places_same", lang)


def change_lines(page: UnitPage, lang: str) -> list[str]:
    """The year's change in sentences: score, rank, what it means, comparability."""
    c: ChangeFacts = page.change
    y, prev = page.year, c.previous_year
    vi = lang == "vi"
    if page.new_since is not None:
        # A unit created in the report's year has no year before; its predecessors' scores
        # are another unit's (the 126 of 2025 replaced the 30 districts).
        day = "/".join(str(int(p)) for p in reversed(page.new_since.split("-")))
        when = day if vi else page.new_since
        former = {"commune": (" (quận, huyện cũ)", " (the former districts)")}.get(page.level)
        former_vi, former_en = former or ("", "")
        return [
            f"{page.name_vi} là đơn vị mới từ {when}: không có năm trước để so sánh."
            if vi
            else f"{page.name_vi} is a new unit since {when}: there is no year before to compare.",
            f"Điểm của các đơn vị trước đó{former_vi} không phải lịch sử của đơn vị này."
            if vi
            else f"The scores of the units before it{former_en} are not its history.",
        ]
    lines = []
    if c.delta is not None:
        rounded = round(c.delta, 2)
        if vi:
            verb = "tăng" if rounded > 0 else "giảm" if rounded < 0 else "không đổi"
            amount = f" {fmt(abs(c.delta), 2, lang)} điểm" if rounded else ""
            lines.append(
                f"Điểm tổng {verb}{amount}: từ {fmt(c.before, 2, lang)}% năm {prev} "
                f"lên {fmt(c.after, 2, lang)}% năm {y}."
                if rounded > 0
                else f"Điểm tổng {verb}{amount}: từ {fmt(c.before, 2, lang)}% năm {prev} "
                f"còn {fmt(c.after, 2, lang)}% năm {y}."
            )
        else:
            verb = "rose" if rounded > 0 else "fell" if rounded < 0 else "was unchanged"
            amount = f" by {fmt(abs(c.delta), 2, lang)} points" if rounded else ""
            lines.append(
                f"The total score {verb}{amount}: from {fmt(c.before, 2, lang)}% in {prev} "
                f"to {fmt(c.after, 2, lang)}% in {y}."
            )
    elif c.delta_published is not None:
        lines.append(
            f"Theo nguồn công bố, điểm tổng thay đổi {signed(c.delta_published, 2, lang)} điểm "
            f"so với năm {prev}; điểm năm {prev} không có trong số liệu."
            if vi
            else f"According to the source, the total score changed by "
            f"{signed(c.delta_published, 2, lang)} points since {prev}; the {prev} score "
            "itself is not held."
        )
    else:
        missing_year = prev if c.before is None else y
        lines.append(
            f"Không tính được thay đổi điểm tổng: không có điểm năm {missing_year}."
            if vi
            else f"The change of the total cannot be computed: there is no score for {missing_year}."
        )
    if c.places_up is not None:
        move = rank_move(c.places_up, lang)
        lines.append(
            f"Thứ hạng: {c.rank_before} năm {prev} → {c.rank_after} năm {y} ({move})."
            if vi
            else f"Rank: {c.rank_before} in {prev} → {c.rank_after} in {y} ({move})."
        )
    else:
        missing_year = prev if c.rank_before is None else y
        lines.append(
            f"Không so sánh được thứ hạng: không có thứ hạng năm {missing_year}."
            if vi
            else f"The rank cannot be compared: there is no rank for {missing_year}."
        )
    if c.band_low is not None and c.band_high is not None:
        span = (
            f"từ {signed(c.band_low, 2, lang)} đến {signed(c.band_high, 2, lang)} điểm"
            if vi
            else f"{signed(c.band_low, 2, lang)} to {signed(c.band_high, 2, lang)} points"
        )
        if c.delta is None:
            lines.append(
                f"Ý nghĩa: thay đổi thông thường của {c.band_n} đơn vị trong khối là {span}."
                if vi
                else f"What it means: the ordinary change of the block's {c.band_n} units is {span}."
            )
        elif c.unusual == "above":
            lines.append(
                f"Ý nghĩa: mức thay đổi cao hơn dải thay đổi thông thường của {c.band_n} đơn vị "
                f"trong khối ({span}): nổi bật so với các đơn vị khác (mô tả, không phải kiểm định)."
                if vi
                else f"What it means: the change is above the ordinary change of the block's "
                f"{c.band_n} units ({span}): it stands out (a description, not a test)."
            )
        elif c.unusual == "below":
            lines.append(
                f"Ý nghĩa: mức thay đổi thấp hơn dải thay đổi thông thường của {c.band_n} đơn vị "
                f"trong khối ({span}): kém hơn rõ so với các đơn vị khác (mô tả, không phải kiểm định)."
                if vi
                else f"What it means: the change is below the ordinary change of the block's "
                f"{c.band_n} units ({span}): it stands out (a description, not a test)."
            )
        else:
            lines.append(
                f"Ý nghĩa: mức thay đổi nằm trong dải thay đổi thông thường của {c.band_n} đơn vị "
                f"trong khối ({span}), không khác biệt rõ so với các đơn vị khác."
                if vi
                else f"What it means: the change lies within the ordinary change of the block's "
                f"{c.band_n} units ({span}); it does not stand out."
            )
    else:
        lines.append(
            f"Ý nghĩa: chỉ {c.band_n} đơn vị có điểm tổng cả hai năm (cần ít nhất "
            f"{c.band_min_n}), nên chưa so được mức thay đổi này với thay đổi thông thường của khối."
            if vi
            else f"What it means: only {c.band_n} units have a total in both years (at least "
            f"{c.band_min_n} are needed), so this change cannot be set against the block's "
            "ordinary change."
        )
    if c.warning:
        if vi:
            lines.append(
                f"Lưu ý: năm {prev} ({_period_name(c.period_before, lang)}) và năm {y} "
                f"({_period_name(c.period_after, lang)}) được chấm theo phương pháp khác nhau; "
                "chênh lệch có thể một phần do thay đổi phương pháp."
            )
        else:
            lines.append(f"Caution: {c.warning}")
    return [unicodedata.normalize("NFC", line) for line in lines]


def method_notes(page: UnitPage, lang: str) -> list[str]:
    """The method warnings and the list of what is missing."""
    vi = lang == "vi"
    y = page.year
    notes = []
    notes.append(
        f"Năm {y} được chấm theo {_period_name(page.period, lang)}; "
        "điểm của các giai đoạn phương pháp khác nhau không so sánh trực tiếp được."
        if vi
        else f"{y} was scored under the {_period_name(page.period, lang)}; scores from "
        "different method periods are not directly comparable."
    )
    if page.period_breaks:
        years = ", ".join(str(b) for b in page.period_breaks)
        notes.append(
            f"Biểu đồ: phương pháp chấm thay đổi từ năm {years} (đường đứt nét)."
            if vi
            else f"Chart: the method changed from {years} (dashed line)."
        )
    kind_vi, kind_en = {
        "published": ("công bố", "published"),
        "demo": ("mô phỏng", "simulated"),
    }.get(page.dataset, ("trong bảng tải lên", "uploaded"))
    notes.append(
        f"Thứ hạng là thứ hạng {kind_vi} trong {page.block_size} {block_noun(page, lang)}, "
        "không tính lại từ điểm. Trung bình nhóm và khối chỉ tính trên các đơn vị có số liệu "
        "(n = số đơn vị); số liệu thiếu không được ước lượng."
        if vi
        else f"Ranks are the {kind_en} ranks among the "
        f"{page.block_size} {block_noun(page, lang)}, not recomputed from scores. Group and "
        "block means are taken over the units with a figure (n = number of units); missing "
        "figures are never estimated."
    )
    if page.block_type is not None:
        noun = block_noun(page, lang)
        notes.append(
            f"Từ năm 2025 phường và xã được xếp hạng trong hai khối riêng; {page.name_vi} được "
            f"so sánh với {page.block_size} {noun} của khối {noun}."
            if vi
            else f"Since 2025 wards (phường) and communes (xã) are ranked in two separate "
            f"blocks; {page.name_vi} is compared with the {page.block_size} {noun} of its block."
        )
    elif page.group_type is None:
        notes.append(
            f"{page.name_vi} là {page.unit_type} duy nhất trong khối, nên chỉ so sánh với cả khối."
            if vi
            else f"{page.name_vi} is the only unit of its type in the block, so it is compared "
            "with the whole block only."
        )
    for h in page.history:
        if h.score is not None and h.score_derived:
            notes.append(
                f"Điểm tổng năm {h.year} ({fmt(h.score, 2, lang)}%) không được công bố trực tiếp "
                f"mà suy ra từ số liệu công bố: {_formula(h.score_derived, lang)}."
                if vi
                else f"The {h.year} total ({fmt(h.score, 2, lang)}%) is not printed as such but "
                f"derived from published figures: {_formula(h.score_derived, lang)}."
            )
    for c in page.components:
        if c.indicator_id != "total" and c.value is not None and c.derived:
            name = short_name(c.indicator_id, lang)
            notes.append(
                f"{name} ({fmt(c.value, 2, lang)}%) được quy đổi: {_formula(c.derived, lang)}."
                if vi
                else f"{name} ({fmt(c.value, 2, lang)}%) is converted: {_formula(c.derived, lang)}."
            )
    if page.missing_components:
        names = ", ".join(short_name(i, lang) for i in page.missing_components)
        notes.append(
            f"Không có số liệu năm {y}: {names}." if vi else f"No figure for {y}: {names}."
        )
    no_score = [str(h.year) for h in page.history if h.score is None]
    no_rank = [str(h.year) for h in page.history if h.rank is None]
    if no_score:
        notes.append(
            f"Không có điểm tổng các năm: {', '.join(no_score)}."
            if vi
            else f"No total score for: {', '.join(no_score)}."
        )
    if no_rank:
        notes.append(
            f"Không có thứ hạng các năm: {', '.join(no_rank)}."
            if vi
            else f"No rank for: {', '.join(no_rank)}."
        )
    return [unicodedata.normalize("NFC", n) for n in notes]
