"""Draw the one-page report with fpdf2: A4, embedded DejaVu Sans, vector charts.

Charts are drawn with lines, rectangles and text, so they print sharp at any size. Meaning
never rests on colour alone: the unit, the group mean and the block mean have different
shapes (filled circle, open triangle, vertical tick), derived figures are open circles, the
report year is written in bold as well as shaded, and method changes are dashed lines named
in the legend.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from analysis.paths import STATIC_DIR
from analysis.reports.pdf import texts as tx
from analysis.reports.pdf.content import ComponentRow, UnitPage, unit_page
from analysis.reports.ranking import rank_axis_ticks
from analysis.warehouse.store import Store

__all__ = ["FONT_BOLD", "FONT_REGULAR", "render", "unit_report_pdf"]

FONT_REGULAR = STATIC_DIR / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = STATIC_DIR / "fonts" / "DejaVuSans-Bold.ttf"
_FONT = "DejaVu"
_MARGIN = 12.0
_WIDTH = 210.0 - 2 * _MARGIN
_INK = (20, 20, 20)
_GREY = (110, 110, 110)
_LIGHT = (225, 225, 225)
_ALERT = (150, 20, 20)


class _Page(FPDF):
    """A4 portrait with the simulated watermark (behind the content) and a footer."""

    def __init__(self, page: UnitPage, lang: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = page
        self.lang = lang
        self.add_font(_FONT, "", str(FONT_REGULAR))
        self.add_font(_FONT, "B", str(FONT_BOLD))
        self.set_margins(_MARGIN, 10, _MARGIN)
        self.set_auto_page_break(True, margin=12)
        self.set_lang("vi" if lang == "vi" else "en")
        self.alias_nb_pages("{pages}")

    def header(self) -> None:
        if not self.report.simulated:
            return
        with self.local_context(text_color=(232, 232, 232)):
            self.set_font(_FONT, "B", 64)
            label = "MÔ PHỎNG" if self.lang == "vi" else "SIMULATED"
            width = self.get_string_width(label)
            with self.rotation(55, 105, 160):
                self.text(105 - width / 2, 160 + 8, label)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(_FONT, "", 6.5)
        self.set_text_color(*_GREY)
        digest = (self.report.build.get("seeds_digest") or "—")[:12]
        text = tx.t("footer", self.lang, digest=digest, page=self.page_no(), pages="{pages}")
        if self.report.simulated:
            text = f"{tx.t('simulated_big', self.lang)} · {text}"
        self.cell(0, 4, text, align="C")


# --- small drawing helpers ----------------------------------------------------------------
def _font(pdf: FPDF, size: float, bold: bool = False, color=_INK) -> None:
    pdf.set_font(_FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(1.5)
    _font(pdf, 9.5, bold=True)
    pdf.cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y()
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.25)
    pdf.line(_MARGIN, y, _MARGIN + _WIDTH, y)
    pdf.ln(1.2)


def _text_at(pdf: FPDF, x: float, y: float, text: str, align: str = "L") -> None:
    """Text whose baseline sits at ``y``, anchored left, centre or right at ``x``."""
    width = pdf.get_string_width(text)
    left = x if align == "L" else x - width / 2 if align == "C" else x - width
    pdf.text(left, y, text)


def _dot(pdf: FPDF, x: float, y: float, r: float, filled: bool = True) -> None:
    pdf.set_line_width(0.3)
    pdf.circle(x, y, r, style="FD" if filled else "D")


def _triangle(pdf: FPDF, x: float, y: float, size: float) -> None:
    pdf.set_line_width(0.3)
    h = size * math.sqrt(3) / 2
    pdf.polygon([(x - size / 2, y + h / 2), (x + size / 2, y + h / 2), (x, y - h / 2)], style="D")


def _diamond(pdf: FPDF, x: float, y: float, size: float) -> None:
    pdf.set_line_width(0.25)
    s = size / 2
    pdf.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], style="FD")


def _tick(pdf: FPDF, x: float, y: float, height: float) -> None:
    pdf.set_line_width(0.5)
    pdf.line(x, y - height / 2, x, y + height / 2)


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / max(target, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for mult in (1, 2, 2.5, 5, 10):
        if mult * power >= raw:
            return mult * power
    return 10 * power


# --- sections -----------------------------------------------------------------------------
def _title(pdf: _Page, page: UnitPage, lang: str) -> None:
    if page.simulated:
        y = pdf.get_y()
        pdf.set_fill_color(*_ALERT)
        pdf.rect(_MARGIN, y, _WIDTH, 13, style="F")
        # A hatched edge, so the banner reads as a warning in grey print too.
        pdf.set_draw_color(255, 255, 255)
        pdf.set_line_width(0.6)
        for k in range(0, 20, 3):
            pdf.line(_MARGIN + k, y + 13, _MARGIN + k + 6, y)
        _font(pdf, 14, bold=True, color=(255, 255, 255))
        pdf.set_xy(_MARGIN + 28, y + 1.2)
        pdf.cell(_WIDTH - 30, 6, tx.t("simulated_big", lang))
        _font(pdf, 7, color=(255, 255, 255))
        pdf.set_xy(_MARGIN + 28, y + 7)
        pdf.multi_cell(_WIDTH - 30, 2.9, tx.t("simulated_text", lang), align="L")
        pdf.set_y(y + 16.5)
    _font(pdf, 10, bold=True, color=_GREY)
    pdf.cell(0, 4.5, tx.t("title", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _font(pdf, 17, bold=True)
    pdf.cell(0, 8, tx.unit_title(page, lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _font(pdf, 9)
    pdf.cell(0, 4.5, tx.t("subtitle", lang, year=page.year), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not page.simulated:  # the banner above says it for simulated figures
        published = page.dataset == "published"
        status = tx.t("published" if published else "upload_text", lang)
        _font(pdf, 7, bold=not published, color=_GREY if published else _INK)
        pdf.multi_cell(0, 3.3, status, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _cite(page: UnitPage, source_id: str | None) -> str:
    number = page.source_numbers.get(source_id or "")
    return f" [{number}]" if number else ""


def _boxes(pdf: _Page, page: UnitPage, lang: str) -> None:
    total = page.components[0]
    c = page.change
    missing = tx.t("missing", lang)
    # A unit created that year has no figure the year before because it did not exist.
    no_before = tx.t("new_unit", lang) if page.new_since else missing
    rank_text = "—" if total.rank is None else f"{total.rank}/{total.out_of or page.block_size}"
    if c.delta is not None:
        change_value = f"{tx.signed(c.delta, 2, lang)} {tx.t('points', lang)}"
        change_sub = f"{tx.fmt(c.before, 2, lang)}% → {tx.fmt(c.after, 2, lang)}%"
    elif c.delta_published is not None:
        change_value = f"{tx.signed(c.delta_published, 2, lang)} {tx.t('points', lang)}"
        change_sub = tx.t("published_mark", lang)
    else:
        change_value, change_sub = "—", no_before
    if c.places_up is not None:
        rank_change = f"{c.rank_before} → {c.rank_after}"
        rank_change_sub = tx.rank_move(c.places_up, lang)
    else:
        rank_change, rank_change_sub = "—", no_before
    score_sub = tx.t("source_ref", lang, refs=_cite(page, total.source_id).strip() or "—")
    if total.derived:
        score_sub = tx.t("legend_derived", lang)
    boxes = [
        (
            tx.t("box_score", lang, year=page.year),
            "—" if total.value is None else f"{tx.fmt(total.value, 2, lang)}%",
            missing if total.value is None else score_sub,
        ),
        (
            tx.t("box_rank", lang, year=page.year),
            rank_text,
            missing if total.rank is None else tx.t("of_units", lang, n=total.out_of),
        ),
        (tx.t("box_change", lang, prev=c.previous_year), change_value, change_sub),
        (tx.t("box_rank_change", lang, prev=c.previous_year), rank_change, rank_change_sub),
    ]
    gap = 3.0
    width = (_WIDTH - 3 * gap) / 4
    y = pdf.get_y()
    pdf.set_draw_color(*_GREY)
    pdf.set_line_width(0.3)
    for i, (label, value, sub) in enumerate(boxes):
        x = _MARGIN + i * (width + gap)
        pdf.rect(x, y, width, 17)
        _font(pdf, 7, color=_GREY)
        _text_at(pdf, x + 2.5, y + 4.2, label)
        _font(pdf, 14, bold=True)
        _text_at(pdf, x + 2.5, y + 10.8, value)
        _font(pdf, 6.5, color=_GREY)
        _text_at(pdf, x + 2.5, y + 15, sub)
    pdf.set_y(y + 19)


def _axis_frame(pdf: FPDF, x: float, y: float, w: float, h: float) -> None:
    pdf.set_draw_color(*_GREY)
    pdf.set_line_width(0.2)
    pdf.line(x, y + h, x + w, y + h)
    pdf.line(x, y, x, y + h)


def _history_panel(
    pdf: _Page,
    page: UnitPage,
    lang: str,
    box: tuple[float, float, float, float],
    title: str,
    values: Sequence[float | None],
    hollow: Sequence[bool],
    labels: Sequence[str],
    lo: float,
    hi: float,
    ticks: Sequence[float],
    tick_text: Callable[[float], str],
    inverted: bool,
    block: Sequence[float | None] | None = None,
) -> None:
    x0, y0, w, h = box
    years = [p.year for p in page.history]
    _font(pdf, 7.5, bold=True)
    _text_at(pdf, x0, y0 - 1.5, title)
    left = x0 + 9
    plot_w, plot_h = w - 11, h - 8
    top = y0 + 1
    n = len(years)
    step = plot_w / max(n, 1)

    def xpos(i: int) -> float:
        return left + step * (i + 0.5)

    def ypos(v: float) -> float:
        frac = (v - lo) / (hi - lo) if hi > lo else 0.5
        return top + (frac if inverted else 1 - frac) * plot_h

    # report year: shaded column, and its label in bold below
    for i, year in enumerate(years):
        if year == page.year:
            pdf.set_fill_color(*_LIGHT)
            pdf.rect(left + step * i, top, step, plot_h, style="F")
    # grid and axis labels
    _font(pdf, 6, color=_GREY)
    pdf.set_draw_color(*_LIGHT)
    pdf.set_line_width(0.15)
    for v in ticks:
        pdf.line(left, ypos(v), left + plot_w, ypos(v))
        _text_at(pdf, left - 1.2, ypos(v) + 0.9, tick_text(v), align="R")
    _axis_frame(pdf, left, top, plot_w, plot_h)
    # method changes: dashed verticals between the years of two periods
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.25)
    pdf.set_dash_pattern(dash=1.0, gap=0.8)
    for i, year in enumerate(years):
        if year in page.period_breaks:
            pdf.line(left + step * i, top, left + step * i, top + plot_h)
    pdf.set_dash_pattern()
    for i, year in enumerate(years):
        _font(pdf, 6.5, bold=year == page.year, color=_INK if year == page.year else _GREY)
        _text_at(pdf, xpos(i), top + plot_h + 3.2, str(year), align="C")
    # block average: dashed grey line with diamonds
    if block is not None:
        pdf.set_draw_color(*_GREY)
        pdf.set_fill_color(*_GREY)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=0.8, gap=0.6)
        for i in range(n - 1):
            if block[i] is not None and block[i + 1] is not None:
                pdf.line(xpos(i), ypos(block[i]), xpos(i + 1), ypos(block[i + 1]))
        pdf.set_dash_pattern()
        for i, v in enumerate(block):
            if v is not None:
                _diamond(pdf, xpos(i), ypos(v), 1.8)
    # the unit: solid line between consecutive years with a value, never across a gap
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.45)
    for i in range(n - 1):
        if values[i] is not None and values[i + 1] is not None:
            pdf.line(xpos(i), ypos(values[i]), xpos(i + 1), ypos(values[i + 1]))
    for i, v in enumerate(values):
        if v is None:
            _font(pdf, 7, color=_GREY)
            _text_at(pdf, xpos(i), top + plot_h - 1.5, "—", align="C")
            continue
        pdf.set_fill_color(*(_INK if not hollow[i] else (255, 255, 255)))
        pdf.set_draw_color(*_INK)
        _dot(pdf, xpos(i), ypos(v), 0.9, filled=True)
        _font(pdf, 6, bold=page.history[i].year == page.year)
        above = ypos(v) - 1.8
        # Above the point, unless that leaves the plot or hits the block's marker just above.
        crowded = block is not None and block[i] is not None and 0 < ypos(v) - ypos(block[i]) < 4
        label_y = above if above - 2 > top and not crowded else ypos(v) + 3.6
        # A white patch under the label keeps it legible where it crosses a line.
        width = pdf.get_string_width(labels[i])
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(xpos(i) - width / 2 - 0.3, label_y - 2.1, width + 0.6, 2.5, style="F")
        _text_at(pdf, xpos(i), label_y, labels[i], align="C")


def _history(pdf: _Page, page: UnitPage, lang: str) -> None:
    _heading(pdf, tx.t("history", lang))
    y = pdf.get_y() + 4
    h = 37.0
    half = (_WIDTH - 6) / 2
    scores = [p.score for p in page.history]
    blocks = [p.block for p in page.history]
    known = [v for v in scores + blocks if v is not None]
    if known:
        lo, hi = min(known), max(known)
        pad = max(0.6, (hi - lo) * 0.15)
        step = _nice_step(hi - lo + 2 * pad, 4)
        lo = math.floor((lo - pad) / step) * step
        hi = min(100.0, math.ceil((hi + pad) / step) * step)
        if hi <= lo:
            lo, hi = hi - step, hi
        ticks = [lo + k * step for k in range(int(round((hi - lo) / step)) + 1)]
    else:
        lo, hi, ticks, step = 80.0, 100.0, [80.0, 90.0, 100.0], 10.0
    decimals = 0 if step >= 1 else 1
    _history_panel(
        pdf,
        page,
        lang,
        (_MARGIN, y, half, h),
        tx.t("chart_score", lang),
        scores,
        [bool(p.score_derived) for p in page.history],
        [tx.fmt(v, 2, lang) for v in scores],
        lo,
        hi,
        ticks,
        lambda v: tx.fmt(v, decimals, lang),
        inverted=False,
        block=blocks if any(b is not None for b in blocks) else None,
    )
    ranks = [None if p.rank is None else float(p.rank) for p in page.history]
    worst = max([p.out_of or 0 for p in page.history] + [page.block_size])
    rank_ticks = [float(k) for k in rank_axis_ticks(worst)]
    _history_panel(
        pdf,
        page,
        lang,
        (_MARGIN + half + 6, y, half, h),
        tx.t("chart_rank", lang),
        ranks,
        [False] * len(ranks),
        ["" if r is None else str(int(r)) for r in ranks],
        1.0,
        float(worst),
        rank_ticks,
        lambda v: str(int(v)),
        inverted=True,
    )
    pdf.set_y(y + h)
    _legend(
        pdf,
        page,
        lang,
        [
            ("dot", tx.t("legend_unit", lang)),
            ("hollow", tx.t("legend_derived", lang)),
            ("diamond", tx.t("legend_block", lang)),
            ("shade", tx.t("legend_year", lang)),
            ("dash", tx.t("legend_break", lang)),
            ("text", tx.t("chart_none", lang)),
        ],
    )
    # The chart in one sentence (what a screen reader or a grey photocopy still carries).
    with_score = [p for p in page.history if p.score is not None]
    with_rank = [p for p in page.history if p.rank is not None]
    span = f"{page.history[0].year}–{page.history[-1].year}" if page.history else ""
    _font(pdf, 6.5, color=_GREY)
    if lang == "vi":
        summary = (
            f"Trong {span}: có điểm tổng {len(with_score)}/{len(page.history)} năm, "
            f"có thứ hạng {len(with_rank)}/{len(page.history)} năm"
        )
    else:
        summary = (
            f"In {span}: a total score in {len(with_score)} of {len(page.history)} years, "
            f"a rank in {len(with_rank)} of {len(page.history)} years"
        )
    if with_score:
        best = max(with_score, key=lambda p: p.score)
        summary += (
            f"; cao nhất {tx.fmt(best.score, 2, lang)}% năm {best.year}."
            if lang == "vi"
            else f"; highest {tx.fmt(best.score, 2, lang)}% in {best.year}."
        )
    else:
        summary += "."
    pdf.multi_cell(0, 3, summary, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _legend(pdf: _Page, page: UnitPage, lang: str, items: list[tuple[str, str]]) -> None:
    y = pdf.get_y() + 2.2
    x = _MARGIN
    _font(pdf, 6.5)
    for kind, label in items:
        pdf.set_draw_color(*_INK)
        if kind == "dot":
            pdf.set_fill_color(*_INK)
            _dot(pdf, x + 1, y - 0.8, 0.9)
        elif kind == "hollow":
            pdf.set_fill_color(255, 255, 255)
            _dot(pdf, x + 1, y - 0.8, 0.9)
        elif kind == "diamond":
            pdf.set_fill_color(*_GREY)
            pdf.set_draw_color(*_GREY)
            _diamond(pdf, x + 1, y - 0.8, 1.8)
        elif kind == "triangle":
            _triangle(pdf, x + 1, y - 0.8, 2.0)
        elif kind == "tick":
            _tick(pdf, x + 1, y - 0.8, 2.6)
        elif kind == "range":
            pdf.set_fill_color(*_LIGHT)
            pdf.rect(x - 0.5, y - 1.8, 3.5, 2, style="F")
            pdf.set_draw_color(*_GREY)
            pdf.set_line_width(0.2)
            pdf.line(x - 0.8, y - 0.8, x + 3.3, y - 0.8)
        elif kind == "shade":
            pdf.set_fill_color(*_LIGHT)
            pdf.rect(x, y - 2.2, 2.4, 2.8, style="F")
        elif kind == "dash":
            pdf.set_line_width(0.25)
            pdf.set_dash_pattern(dash=0.7, gap=0.5)
            pdf.line(x + 1, y - 2.2, x + 1, y + 0.6)
            pdf.set_dash_pattern()
        if kind == "text":
            _text_at(pdf, x, y, label)
            x += pdf.get_string_width(label) + 5
        else:
            _text_at(pdf, x + 4, y, label)
            x += 4 + pdf.get_string_width(label) + 5
    pdf.set_y(y + 1.2)


def _strip_scale(rows: Sequence[ComponentRow]) -> tuple[float, float]:
    values = [
        v
        for r in rows
        for v in (r.value, r.group_min, r.block_min, r.group_mean, r.block_mean)
        if v is not None
    ]
    if not values:
        return 80.0, 100.0
    lo = math.floor((min(values) - 1) / 5) * 5
    return float(min(lo, 95)), 100.0


def _components(pdf: _Page, page: UnitPage, lang: str) -> None:
    if page.block_type is not None:
        block = tx.block_noun(page, lang)
        _heading(pdf, tx.t("components_type_block", lang, year=page.year, block=block))
    elif page.group_type is None:
        _heading(pdf, tx.t("components_block", lang, year=page.year))
    else:
        _heading(pdf, tx.t("components", lang, year=page.year, group=tx.group_noun(page, lang)))
    cols = [
        (tx.t("col_area", lang), 41.0, "L"),
        (tx.t("col_unit", lang), 17.0, "R"),
        (tx.t("col_rank", lang), 12.0, "R"),
        (tx.t("col_group", lang), 24.0, "R"),
        (tx.t("col_position", lang), 16.0, "R"),
        (tx.t("col_block", lang), 27.0, "R"),
    ]
    strip_x = _MARGIN + sum(w for _, w, _ in cols) + 4
    strip_w = _MARGIN + _WIDTH - strip_x - 2
    lo, hi = _strip_scale(page.components)

    def sx(v: float) -> float:
        return strip_x + (v - lo) / (hi - lo) * strip_w

    y = pdf.get_y()
    row_h = 5.0
    _font(pdf, 6.5, bold=True, color=_GREY)
    x = _MARGIN
    for label, width, align in cols:
        _text_at(pdf, x + (width - 1 if align == "R" else 0), y + 3.5, label, align=align)
        x += width
    # the strip's axis: ticks every 5 points, labelled at the ends and every 10
    _font(pdf, 6, color=_GREY)
    pdf.set_draw_color(*_GREY)
    pdf.set_line_width(0.15)
    tick = lo
    while tick <= hi + 1e-9:
        if tick in (lo, hi) or tick % 10 == 0:
            _text_at(pdf, sx(tick), y + 3.5, tx.fmt(tick, 0, lang), align="C")
        tick += 5
    y += 5
    pdf.set_line_width(0.3)
    pdf.set_draw_color(*_INK)
    pdf.line(_MARGIN, y, _MARGIN + _WIDTH, y)
    for index, row in enumerate(page.components):
        mid = y + row_h / 2
        if index % 2 == 1:
            pdf.set_fill_color(246, 246, 246)
            pdf.rect(_MARGIN, y, _WIDTH, row_h, style="F")
        # grid of the strip
        pdf.set_draw_color(*_LIGHT)
        pdf.set_line_width(0.15)
        tick = lo
        while tick <= hi + 1e-9:
            pdf.line(sx(tick), y + 0.4, sx(tick), y + row_h - 0.4)
            tick += 5
        bold = row.indicator_id == "total"
        group = (
            "—" if row.group_mean is None else f"{tx.fmt(row.group_mean, 2, lang)} ({row.group_n})"
        )
        if row.block_mean is None:
            block = "—"
        elif row.block_published:
            block = f"{tx.fmt(row.block_mean, 2, lang)} ({tx.t('published_mark', lang)})"
        else:
            block = f"{tx.fmt(row.block_mean, 2, lang)} ({row.block_n})"
        position = "—" if row.group_position is None else f"{row.group_position}/{row.group_n}"
        rank = "—" if row.rank is None else f"{row.rank}/{row.out_of}"
        cells = [
            tx.short_name(row.indicator_id, lang),
            tx.fmt(row.value, 2, lang),
            rank,
            group,
            position,
            block,
        ]
        x = _MARGIN
        for (_, width, align), text in zip(cols, cells, strict=True):
            _font(pdf, 7, bold=bold and (align == "L" or text == cells[1]))
            if pdf.get_string_width(text) > width - 1.5:
                _font(pdf, 5.8, bold=bold)
            _text_at(pdf, x + (width - 1 if align == "R" else 0.8), mid + 1.2, text, align=align)
            x += width
        # the strip: block range (thin line), group range (grey bar), means, the unit
        if row.block_min is not None and row.block_max is not None:
            pdf.set_draw_color(*_GREY)
            pdf.set_line_width(0.25)
            pdf.line(sx(row.block_min), mid, sx(row.block_max), mid)
        if row.group_min is not None and row.group_max is not None:
            pdf.set_fill_color(205, 205, 205)
            pdf.rect(
                sx(row.group_min),
                mid - 1,
                max(sx(row.group_max) - sx(row.group_min), 0.4),
                2,
                style="F",
            )
        # A "mean" of one unit is that unit's figure: marked only from two units on.
        pdf.set_draw_color(*_INK)
        if row.block_mean is not None and (row.block_published or row.block_n >= 2):
            _tick(pdf, sx(row.block_mean), mid, 3.4)
        if row.group_mean is not None and row.group_n >= 2:
            pdf.set_draw_color(*_INK)
            _triangle(pdf, sx(row.group_mean), mid, 2.2)
        if row.value is not None:
            pdf.set_fill_color(*_INK)
            _dot(pdf, sx(row.value), mid, 1.0)
        y += row_h
        if bold:
            pdf.set_draw_color(*_GREY)
            pdf.set_line_width(0.2)
            pdf.line(_MARGIN, y, _MARGIN + _WIDTH, y)
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.3)
    pdf.line(_MARGIN, y, _MARGIN + _WIDTH, y)
    pdf.set_y(y + 0.5)
    items = [("dot", tx.t("strip_unit", lang))]
    if page.group_type is not None:
        items.append(("triangle", tx.t("strip_group", lang)))
    items += [
        ("tick", tx.t("strip_block", lang)),
        ("range", tx.t("strip_range", lang)),
        ("text", tx.t("chart_none", lang)),
    ]
    _legend(pdf, page, lang, items)


def _bullets(pdf: _Page, x: float, width: float, lines: Sequence[str]) -> float:
    _font(pdf, 7)
    for line in lines:
        pdf.set_x(x)
        pdf.cell(3, 3.3, "•")
        pdf.multi_cell(width - 3, 3.2, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.4)
    return pdf.get_y()


def _change_and_notes(pdf: _Page, page: UnitPage, lang: str) -> None:
    half = (_WIDTH - 6) / 2
    y = pdf.get_y() + 1.5
    right = _MARGIN + half + 6
    _font(pdf, 9.5, bold=True)
    pdf.set_xy(_MARGIN, y)
    heading = "change_new" if page.new_since else "change"
    pdf.cell(half, 5, tx.t(heading, lang, prev=page.change.previous_year))
    pdf.set_xy(right, y)
    pdf.cell(half, 5, tx.t("notes", lang))
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.25)
    pdf.line(_MARGIN, y + 5, _MARGIN + half, y + 5)
    pdf.line(right, y + 5, right + half, y + 5)
    pdf.set_y(y + 6.2)
    end_left = _bullets(pdf, _MARGIN, half, tx.change_lines(page, lang))
    page_left = pdf.page_no()
    pdf.set_y(y + 6.2)
    end_right = _bullets(pdf, right, half, tx.method_notes(page, lang))
    if pdf.page_no() == page_left:
        pdf.set_y(max(end_left, end_right))


def _sources(pdf: _Page, page: UnitPage, lang: str) -> None:
    _heading(pdf, tx.t("sources", lang))
    if not page.sources:
        _font(pdf, 7)
        pdf.cell(0, 3.3, tx.t("no_sources", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    for ref in page.sources:
        parts = [ref.title or f"{ref.source_id} ({tx.t('not_in_sources', lang)})"]
        meta = ", ".join(p for p in (ref.publisher, ref.published_on) if p)
        if meta:
            parts.append(meta)
        text = " — ".join(parts)
        if ref.url:
            text += f". {ref.url}"
        text += f" ({tx.t('role_' + ref.role, lang)})"
        _font(pdf, 6.3, bold=True)
        pdf.cell(6, 2.85, f"[{ref.number}]")
        _font(pdf, 6.3)
        pdf.multi_cell(0, 2.85, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.3)


# --- entry points -------------------------------------------------------------------------
def render(page: UnitPage, lang: str = "vi") -> bytes:
    """The PDF of a gathered :class:`~analysis.reports.pdf.content.UnitPage`.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> from analysis.warehouse.store import Store
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "r.duckdb"))
    >>> render(unit_page(s, "ung_hoa", 2023, "demo"), "en")[:5]
    b'%PDF-'
    """
    if lang not in tx.LANGS:
        raise ValueError(f"lang must be one of {tx.LANGS}, not {lang!r}")
    pdf = _Page(page, lang)
    title = f"{tx.t('title', lang)}: {tx.unit_title(page, lang)} {page.year}"
    if page.simulated:
        title += f" ({tx.t('simulated_big', lang)})"
    pdf.set_title(title)
    pdf.set_subject(tx.t("subtitle", lang, year=page.year))
    pdf.set_author("Hanoi PAR Index Explorer")
    pdf.set_creator("Hanoi PAR Index Explorer (fpdf2)")
    pdf.add_page()
    _title(pdf, page, lang)
    _boxes(pdf, page, lang)
    _history(pdf, page, lang)
    _components(pdf, page, lang)
    _change_and_notes(pdf, page, lang)
    _sources(pdf, page, lang)
    return bytes(pdf.output())


def unit_report_pdf(
    store: Store, unit_id: str, year: int, dataset: str = "published", lang: str = "vi"
) -> bytes:
    """The one-page report of ``unit_id`` in ``year`` as PDF bytes.

    Parameters
    ----------
    store : Store
    unit_id : str
    year : int
    dataset : str
        "published" (default), "demo" (labelled SIMULATED / MÔ PHỎNG) or an upload's name.
    lang : str
        "vi" (default) or "en".

    Returns
    -------
    bytes

    Raises
    ------
    ReportError
        Unknown unit or dataset, or a year without the unit's figures.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "r.duckdb"))
    >>> unit_report_pdf(s, "bac_tu_liem", 2023)[:5]
    b'%PDF-'
    """
    if lang not in tx.LANGS:
        raise ValueError(f"lang must be one of {tx.LANGS}, not {lang!r}")
    return render(unit_page(store, unit_id, year, dataset), lang)
