"""The codebook for analysts: indicators, measures, method periods, every public view's
columns (from the build's own comments) and how to cite — as an Excel workbook, Markdown
and CSV.

The column descriptions are read from the built database (``COMMENT ON`` of the build's
views), so the codebook cannot drift from the data. A column the build left without a
comment takes the description of the same column in another view, and says which.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.stats.periods import period_of, periods_from_frame
from analysis.warehouse.build import MEASURES
from analysis.warehouse.export import to_csv_bytes, to_excel_bytes
from analysis.warehouse.publish import SIMULATED_STEM, VIEW_FILES
from analysis.warehouse.store import Store

__all__ = [
    "CITATION",
    "MEASURE_TEXT",
    "codebook_csv",
    "codebook_files",
    "codebook_markdown",
    "codebook_tables",
    "codebook_xlsx",
]

#: measure → (Vietnamese, English) meaning.
MEASURE_TEXT: dict[str, tuple[str, str]] = {
    "score_pct": (
        "Điểm chỉ số, tính bằng % của điểm tối đa.",
        "Index score in % of the maximum points.",
    ),
    "rank": (
        "Thứ hạng (1 = cao nhất); out_of là số đơn vị được xếp hạng.",
        "Rank (1 = best); out_of is the number of units ranked.",
    ),
    "points": ("Số điểm đạt được; out_of là điểm tối đa.", "Points scored; out_of is the maximum."),
    "delta_pct": (
        "Thay đổi điểm so với năm trước, tính bằng điểm phần trăm.",
        "Change of the score on the previous year, in percentage points.",
    ),
    "delta_rank": (
        "Số bậc thay đổi so với năm trước (dương = tăng hạng).",
        "Places gained on the previous year (positive = moved up).",
    ),
    "count": ("Số lượng.", "A count."),
    "count_min": (
        "Giá trị tối thiểu của một số lượng (nguồn ghi “trên”, “hơn”).",
        "A lower bound of a count (the source says “over”, “more than”).",
    ),
    "rate_pct": ("Tỷ lệ, tính bằng %.", "A rate in %."),
    "index": ("Chỉ số trên thang 0–1.", "An index on a 0–1 scale."),
    "flag": (
        "Được nhắc tên (1), không có con số kèm theo.",
        "Named in the source (1), with no number given.",
    ),
    "floor_pct": (
        "Mức sàn tính bằng % (“từ … % trở lên”); không phải điểm.",
        "A floor in % (“… % or above”); not a score.",
    ),
    "rank_group_top": (
        "Thuộc nhóm dẫn đầu; value là kích thước nhóm, tức thứ hạng bằng hoặc tốt hơn value.",
        "Among the top group; value is the size of the group, i.e. a rank of value or better.",
    ),
    "reported_value": (
        "Giá trị báo cáo, thang đo không được nguồn nêu rõ; giữ nguyên như nguồn.",
        "A reported value whose scale the source does not state; kept as printed.",
    ),
    "delta_reported": (
        "Thay đổi của một giá trị báo cáo (reported_value).",
        "Change of a reported value (reported_value).",
    ),
    "target_rank_gain_min": (
        "Mục tiêu tăng hạng, cận dưới (mục tiêu, không phải kết quả).",
        "Target rank gain, lower end (a target, not a result).",
    ),
    "target_rank_gain_max": (
        "Mục tiêu tăng hạng, cận trên (mục tiêu, không phải kết quả).",
        "Target rank gain, upper end (a target, not a result).",
    ),
}

#: How to cite, in both languages ({digest} is the build's seeds digest).
CITATION: tuple[str, str] = (
    "Hanoi PAR Index Explorer: Chỉ số cải cách hành chính của Hà Nội theo quận, huyện, thị xã, "
    "số liệu tổng hợp từ các nguồn công bố (bản dựng {digest}). Khi dùng một số liệu, hãy "
    "trích cả nguồn gốc của nó (cột source_id, bảng sources).",
    "Hanoi PAR Index Explorer: Hà Nội's Public Administration Reform Index by district, "
    "compiled from published sources (build {digest}). When you use a figure, cite its own "
    "source too (column source_id, table sources).",
)


def _indicators(store: Store) -> pd.DataFrame:
    """Indicators with the method periods and years in which published figures exist."""
    indicators = store.indicators()
    published = store.observations("published")
    try:
        periods = periods_from_frame(store.method_periods())
    except ValueError:
        periods = ()
    years = published.groupby("indicator_id")["year"].agg(lambda s: sorted({int(y) for y in s}))

    def period_ids(ys: list[int]) -> str:
        ids = []
        for y in ys:
            p = period_of(y, periods)
            if p is not None and p.period_id not in ids:
                ids.append(p.period_id)
        return "; ".join(ids)

    out = indicators.copy()
    out["years_published"] = out["indicator_id"].map(
        lambda i: "; ".join(str(y) for y in years.get(i, []))
    )
    out["method_periods"] = out["indicator_id"].map(lambda i: period_ids(years.get(i, [])))
    return out


def _columns(store: Store) -> pd.DataFrame:
    """Every public view's columns with their description, and the files they are in."""
    cat = store.catalogue()
    if cat.empty:
        return pd.DataFrame(
            columns=["view", "column", "position", "data_type", "description", "described_in"]
        )
    described = cat.dropna(subset=["comment"])
    # A column without a comment in its own view: the comment of the same column elsewhere,
    # preferring the main views (observations first).
    order = {"observations": 0, "units": 1, "indicators": 2, "sources": 3}
    described = described.assign(_o=described["view"].map(order).fillna(9)).sort_values(
        ["_o", "view"]
    )
    fallback = described.drop_duplicates("column").set_index("column")
    rows = []
    for r in cat.itertuples(index=False):
        if isinstance(r.comment, str) and r.comment:
            text, where = r.comment, r.view
        elif r.column in fallback.index:
            text, where = fallback.at[r.column, "comment"], fallback.at[r.column, "view"]
        else:
            text, where = None, None
        rows.append(
            {
                "view": r.view,
                "column": r.column,
                "position": int(r.position),
                "data_type": r.data_type,
                "description": text,
                "described_in": where,
            }
        )
    return pd.DataFrame(rows)


def _views(store: Store) -> pd.DataFrame:
    cat = store.catalogue()
    views = cat.drop_duplicates("view")[["view", "view_comment"]].rename(
        columns={"view_comment": "description"}
    )
    files = {}
    for stem, (view, _) in VIEW_FILES.items():
        files.setdefault(view, []).extend([f"{stem}.csv", f"{stem}.parquet"])
    files["observations"] = [
        *files.get("observations", []),
        f"{SIMULATED_STEM}.csv",
        f"{SIMULATED_STEM}.parquet",
    ]
    views["files_in_static_data"] = views["view"].map(lambda v: "; ".join(files.get(v, [])))
    return views.reset_index(drop=True)


def codebook_tables(store: Store) -> dict[str, pd.DataFrame]:
    """The codebook's tables by sheet name: about, indicators, measures, method_periods,
    views, columns.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "c.duckdb"))
    >>> tables = codebook_tables(s)
    >>> list(tables)
    ['about', 'indicators', 'measures', 'method_periods', 'views', 'columns']
    >>> tables["indicators"].set_index("indicator_id").at["total", "name_vi"]
    'Chỉ số cải cách hành chính (tổng)'
    """
    info = store.build_info()
    digest = (info.get("seeds_digest") or "—")[:12]
    about = pd.DataFrame(
        [
            ("title_vi", "Sổ tay mã (codebook) — Chỉ số cải cách hành chính Hà Nội"),
            ("title_en", "Codebook — Hanoi PAR Index Explorer"),
            ("build_seeds_digest", info.get("seeds_digest") or ""),
            ("build_version", info.get("build_version") or ""),
            ("cite_vi", CITATION[0].format(digest=digest)),
            ("cite_en", CITATION[1].format(digest=digest)),
            (
                "datasets",
                "published: figures from the sources only; demo: SIMULATED panel for "
                "demonstrations and tests (files named SIMULATED), never to be cited.",
            ),
            (
                "missing",
                "A figure no source publishes is absent (an empty cell), never estimated.",
            ),
            (
                "files",
                "static/data/*.csv (UTF-8 with BOM, comma-separated, formula-safe: a text cell "
                "that would start a spreadsheet formula begins with an apostrophe) and *.parquet.",
            ),
        ],
        columns=["key", "value"],
    )
    measures = pd.DataFrame(
        [
            {"measure": m, "meaning_vi": MEASURE_TEXT[m][0], "meaning_en": MEASURE_TEXT[m][1]}
            if m in MEASURE_TEXT
            else {"measure": m, "meaning_vi": None, "meaning_en": None}
            for m in MEASURES
        ]
    )
    counts = store.observations("published").groupby("measure").size()
    measures["published_figures"] = measures["measure"].map(counts).fillna(0).astype(int)
    return {
        "about": about,
        "indicators": _indicators(store),
        "measures": measures,
        "method_periods": store.method_periods(),
        "views": _views(store),
        "columns": _columns(store),
    }


def codebook_xlsx(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """The codebook as an Excel workbook, one sheet per table (formula-safe cells)."""
    return to_excel_bytes(dict(tables))


def codebook_csv(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """The codebook as one long CSV: sheet, key, then the table's own columns as name=value.

    One file that Excel opens (UTF-8 with BOM): columns sheet, key, name_vi, name_en,
    description, detail.
    """
    rows = []
    for r in tables["indicators"].itertuples(index=False):
        detail = f"parent={r.parent_id or ''}; max_points={'' if pd.isna(r.max_points) else r.max_points}"
        detail += f"; method_periods={r.method_periods}"
        rows.append(("indicator", r.indicator_id, r.name_vi, r.name_en, r.description, detail))
    for r in tables["measures"].itertuples(index=False):
        rows.append(("measure", r.measure, r.meaning_vi, r.meaning_en, None, None))
    for r in tables["method_periods"].itertuples(index=False):
        rows.append(
            (
                "method_period",
                r.period_id,
                r.name_vi,
                r.name_en,
                r.description,
                f"{r.first_year}–{r.last_year}",
            )
        )
    for r in tables["columns"].itertuples(index=False):
        rows.append(("column", f"{r.view}.{r.column}", None, None, r.description, r.data_type))
    for r in tables["about"].itertuples(index=False):
        rows.append(("about", r.key, None, None, r.value, None))
    frame = pd.DataFrame(
        rows, columns=["sheet", "key", "name_vi", "name_en", "description", "detail"]
    )
    return to_csv_bytes(frame)


def _md_cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    # Pipes and line breaks would break the table; the texts are the build's own.
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(frame: pd.DataFrame, columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join(
        "| " + " | ".join(_md_cell(v) for v in row) + " |\n"
        for row in frame[columns].itertuples(index=False)
    )
    return head + body


def codebook_markdown(tables: Mapping[str, pd.DataFrame]) -> str:
    """The codebook as one Markdown document (for reading in a browser or a repository)."""
    about = dict(zip(tables["about"]["key"], tables["about"]["value"], strict=True))
    safe = dict(tables)  # Markdown is not a spreadsheet: no formula guard needed
    parts = [
        f"# {about['title_en']}\n\n*{about['title_vi']}*\n",
        "## How to cite / Cách trích dẫn\n",
        f"{about['cite_en']}\n\n{about['cite_vi']}\n",
        "## Data\n",
        f"- **Datasets**: {about['datasets']}\n- **Missing figures**: {about['missing']}\n"
        f"- **Files**: {about['files']}\n- **Build**: seeds digest `{about['build_seeds_digest']}`\n",
        "## Indicators\n",
        _md_table(
            safe["indicators"],
            ["indicator_id", "name_vi", "name_en", "parent_id", "max_points", "method_periods"],
        ),
        "\n## Measures\n",
        _md_table(safe["measures"], ["measure", "meaning_vi", "meaning_en", "published_figures"]),
        "\n## Method periods\n",
        _md_table(
            safe["method_periods"],
            ["period_id", "first_year", "last_year", "name_vi", "name_en", "description"],
        ),
        "\n## Views and files\n",
        _md_table(safe["views"], ["view", "description", "files_in_static_data"]),
        "\n## Columns\n",
        _md_table(safe["columns"], ["view", "column", "data_type", "description"]),
    ]
    return "\n".join(parts)


def codebook_files(store: Store) -> dict[str, bytes]:
    """The codebook's files by name: codebook.xlsx, codebook.md and codebook.csv.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "c.duckdb"))
    >>> sorted(codebook_files(s))
    ['codebook.csv', 'codebook.md', 'codebook.xlsx']
    """
    tables = codebook_tables(store)
    return {
        "codebook.xlsx": codebook_xlsx(tables),
        "codebook.md": codebook_markdown(tables).encode("utf-8"),
        "codebook.csv": codebook_csv(tables),
    }
