"""Read-only access to the built database, and keeping it present and fresh.

Every query takes user choices only as bound parameters; table and column names come
from fixed lists in this module.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis.codes import COMPONENTS, OBSERVATION_VIEW_COLUMNS, SCORE_INDICATORS
from analysis.paths import SEEDS_DIR, default_db_path
from analysis.warehouse.build import build
from analysis.warehouse.seeds import seeds_digest

__all__ = [
    "DatabaseStatus",
    "Store",
    "ensure_database",
    "DATASETS",
    "LEVELS",
    "COMPONENTS",
    "SCORE_INDICATORS",
]

DATASETS = ("published", "demo")
#: The scored levels: the 30 district-level units (to 2025-06-30) and the 126 phường and xã
#: (from 2025-07-01). Each ranks its units within blocks (see the units view's ``block``).
LEVELS = ("district", "commune")
_DIMENSIONS = (
    "units",
    "unit_points",
    "unit_crosswalk",
    "indicators",
    "sources",
    "method_periods",
    "period_indicators",
    "initiatives",
    "corrections",
)
_OBS_COLUMNS = OBSERVATION_VIEW_COLUMNS
_lock = threading.Lock()


@dataclass(frozen=True)
class DatabaseStatus:
    """What :func:`ensure_database` found and did."""

    path: Path
    action: str  # "ok", "built" (was missing), "rebuilt-stale", "rebuilt-corrupt"
    message: str
    kept_aside: Path | None = None


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    """A private in-memory instance with the file attached read-only as ``par``.

    DuckDB caches one instance per file path in a process: a plain connect to a path whose
    file was replaced by a rebuild would return the old file while any connection to it is
    open. Attaching from a fresh in-memory instance opens the file that is there now.
    """
    con = duckdb.connect(":memory:")
    # ATTACH takes no parameters; the path is ours (settings), quoted as a SQL literal.
    con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS par (READ_ONLY)")
    con.execute("USE par")
    return con


def _stored_digest(path: Path) -> str | None:
    con = _attach(path)
    try:
        row = con.execute("SELECT value FROM build_info WHERE key = 'seeds_digest'").fetchone()
        # Read every public view in full (they are small) so a damaged file fails here, not
        # in a page: count(*) alone does not touch column data.
        views = [
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = 'par'"
            ).fetchall()
        ]
        for view in views:
            # Arrow reads every block without building millions of Python tuples at scale.
            # Names come from the file's catalogue, so a damaged or foreign file could hold any
            # text: quote it as an identifier.
            quoted = '"' + view.replace('"', '""') + '"'
            con.sql(f"SELECT * FROM {quoted}").to_arrow_table()  # noqa: S608
        return row[0] if row else None
    finally:
        con.close()


def ensure_database(db_path: Path | None = None, seeds_dir: Path = SEEDS_DIR) -> DatabaseStatus:
    """Make sure a current database exists: build it when missing, stale or unreadable.

    A corrupt file is renamed aside (``….corrupt-<time>``), never deleted, and the
    message names it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.duckdb"
    >>> ensure_database(p).action
    'built'
    >>> ensure_database(p).action
    'ok'
    """
    path = Path(db_path) if db_path is not None else default_db_path()
    with _lock:
        want = seeds_digest(seeds_dir)
        if not path.exists():
            build(path, seeds_dir)
            return DatabaseStatus(path, "built", f"Built the database {path} from {seeds_dir}.")
        try:
            have = _stored_digest(path)
        except (duckdb.Error, OSError) as exc:
            # Nanoseconds in the name: two corrupt files never overwrite each other's copy.
            aside = path.with_name(
                f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
            )
            os.replace(path, aside)
            build(path, seeds_dir)
            return DatabaseStatus(
                path,
                "rebuilt-corrupt",
                f"The database {path} could not be read ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:160]}); it was kept as {aside.name} and rebuilt from seeds.",
                aside,
            )
        if have != want:
            build(path, seeds_dir)
            return DatabaseStatus(
                path, "rebuilt-stale", f"The seeds changed since {path} was built; rebuilt it."
            )
        return DatabaseStatus(path, "ok", f"Database {path} is current.")


class Store:
    """Queries on one database file (read-only), or on an in-memory copy with an upload.

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb"))
    >>> s.panel("demo", years=(2023, 2023)).unit_id.nunique()
    30
    """

    def __init__(
        self, path: Path | None = None, *, connection: duckdb.DuckDBPyConnection | None = None
    ):
        self.path = Path(path) if path is not None else None
        self._use = None
        if connection is None:
            connection = _attach(self.path)
            self._use = "USE par"
        self._con = connection
        self.datasets: tuple[str, ...] = DATASETS

    # --- construction -------------------------------------------------------------------
    @classmethod
    def with_upload(cls, base: Store, upload: pd.DataFrame, dataset: str = "upload") -> Store:
        """An in-memory store holding the base's dimensions, published figures and an upload.

        Only this store sees the upload, so one user's file never reaches another session.
        """
        con = duckdb.connect(":memory:")
        for name in _DIMENSIONS:
            frame = base._query(f"SELECT * FROM {name}")  # noqa: S608 - fixed names
            con.register("_f", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM _f")  # noqa: S608
            con.unregister("_f")
        obs = base._query("SELECT * FROM observations WHERE dataset = 'published'")
        extra = upload.copy()
        extra["dataset"] = dataset
        for col in _OBS_COLUMNS:
            if col not in extra:
                extra[col] = None
        frame = pd.concat([obs, extra[list(_OBS_COLUMNS)]], ignore_index=True)
        con.register("_f", frame)
        con.execute("CREATE TABLE observations AS SELECT * FROM _f")
        con.unregister("_f")
        store = cls(connection=con)
        store.datasets = ("published", dataset)
        return store

    def close(self) -> None:
        self._con.close()

    # --- plumbing -----------------------------------------------------------------------
    def _query(self, sql: str, params: list | None = None, *, arrow: bool = False) -> pd.DataFrame:
        # A cursor per call: DuckDB connections are not safe to share across threads.
        cur = self._con.cursor()
        try:
            if self._use:
                cur.execute(self._use)  # a new cursor starts in the default (empty) database
            if arrow:
                # Through Arrow: twice as fast as .df() for a national panel's string columns
                # (180,000 rows: 130 vs 250 ms). Only for result types that convert the same
                # way (strings, integers, doubles); dates would come back as Python objects.
                return cur.sql(sql, params=params or []).to_arrow_table().to_pandas()
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    # --- dimensions ---------------------------------------------------------------------
    def units(
        self, level: str | None = "district", years: tuple[int, int] | None = None
    ) -> pd.DataFrame:
        """Units of a level (``None``: every unit), the 30 district-level ones by default.

        For the scored levels (:data:`LEVELS`: ``district``, ``commune``) a unit belongs to a
        year when it existed on 31 December of that year (the year it was scored for).
        With ``years=(first, last)`` the units of any year in the range are returned (2012–2013:
        the 29 districts with Từ Liêm; 2025 on: the 126 phường and xã). Without ``years``,
        the level's last (or current) set: the 30 districts of 2014-04-01 to 2025-06-30, or
        the 126 communes in force today. Other levels ignore ``years``. The ``block`` column
        says which units are ranked together (``district``; ``phường`` or ``xã``).
        """
        if level is None:
            return self._query("SELECT * FROM units ORDER BY unit_id")
        if level not in LEVELS:
            return self._query("SELECT * FROM units WHERE level = ? ORDER BY unit_id", [level])
        lo, hi = years if years else (None, None)
        return self._query(
            """WITH lvl AS (SELECT * FROM units WHERE level = ? AND block IS NOT NULL),
               ref AS (SELECT CASE WHEN bool_or(valid_to IS NULL) THEN current_date
                                   ELSE max(valid_to) END AS day FROM lvl)
               SELECT lvl.* FROM lvl, ref
               WHERE CASE WHEN ? IS NULL
                          THEN valid_from <= ref.day AND (valid_to IS NULL OR valid_to >= ref.day)
                          ELSE EXISTS (SELECT 1 FROM range(CAST(? AS BIGINT), CAST(? AS BIGINT) + 1) y(year)
                                       WHERE valid_from <= make_date(y.year, 12, 31)
                                         AND (valid_to IS NULL OR valid_to >= make_date(y.year, 12, 31)))
                     END
               ORDER BY unit_id""",
            [level, lo, lo, hi],
        )

    def unit_points(self, level: str = "commune") -> pd.DataFrame:
        """A point inside each unit of a level (communes of 2025) with its name, type and block.

        Columns: unit_id, name_vi, name_en, unit_type, block, point_lon, point_lat, area_km2,
        area_km2_published, covered_share, main_former_unit_id, main_former_share,
        main_former_name_vi. No boundary geometry is held: draw symbols at the points.
        """
        return self._query(
            """SELECT p.unit_id, u.name_vi, u.name_en, u.unit_type, u.block, p.point_lon, p.point_lat,
                      p.area_km2, p.area_km2_published, p.covered_share, p.main_former_unit_id,
                      p.main_former_share, f.name_vi AS main_former_name_vi
               FROM unit_points p JOIN units u USING (unit_id)
               LEFT JOIN units f ON f.unit_id = p.main_former_unit_id
               WHERE u.level = ? ORDER BY p.unit_id""",
            [level],
        )

    def crosswalk(
        self, unit_id: str | None = None, former_unit_id: str | None = None
    ) -> pd.DataFrame:
        """The bridge from the 30 former districts to the 126 communes of 2025, by area share.

        Filter by a commune (``unit_id``: its former districts) or by a former district
        (``former_unit_id``: the communes that took part of its area). Area shares
        approximate, and are not, the legal composition (NQ 1656/NQ-UBTVQH15); a former
        district is a predecessor, not the same unit. Columns: unit_id, name_vi, unit_type,
        block, former_unit_id, former_name_vi, former_unit_type, area_share, covered_share,
        is_main; ordered by unit, then largest share first.
        """
        return self._query(
            """SELECT c.unit_id, u.name_vi, u.unit_type, u.block, c.former_unit_id,
                      f.name_vi AS former_name_vi, f.unit_type AS former_unit_type,
                      c.area_share, c.covered_share, c.is_main
               FROM unit_crosswalk c JOIN units u USING (unit_id)
               JOIN units f ON f.unit_id = c.former_unit_id
               WHERE (? IS NULL OR c.unit_id = ?) AND (? IS NULL OR c.former_unit_id = ?)
               ORDER BY c.unit_id, c.area_share DESC, c.former_unit_id""",
            [unit_id, unit_id, former_unit_id, former_unit_id],
        )

    def period_indicators(self, period_id: str | None = None) -> pd.DataFrame:
        """The codebook per method period (maximum points only where a source states them)."""
        return self._query(
            """SELECT * FROM period_indicators WHERE ? IS NULL OR period_id = ?
               ORDER BY period_id, indicator_id""",
            [period_id, period_id],
        )

    def indicators(self) -> pd.DataFrame:
        """The indicator codebook."""
        return self._query("SELECT * FROM indicators ORDER BY indicator_id")

    def sources(self) -> pd.DataFrame:
        """All sources with their metadata."""
        return self._query("SELECT * FROM sources ORDER BY source_id")

    def method_periods(self) -> pd.DataFrame:
        """Method periods (for comparability warnings)."""
        return self._query("SELECT * FROM method_periods ORDER BY first_year")

    def initiatives(self, unit_id: str | None = None) -> pd.DataFrame:
        """Reform initiatives, of one unit and the communes inside it when given."""
        if unit_id is None:
            return self._query("SELECT * FROM initiatives ORDER BY year, unit_id, initiative_id")
        return self._query(
            """SELECT i.* FROM initiatives i JOIN units u USING (unit_id)
               WHERE i.unit_id = ? OR u.parent_id = ? ORDER BY year, initiative_id""",
            [unit_id, unit_id],
        )

    # --- figures ------------------------------------------------------------------------
    def observations(
        self,
        dataset: str,
        *,
        years: tuple[int, int] | None = None,
        unit_ids: list[str] | None = None,
        indicator_ids: list[str] | None = None,
        measures: list[str] | None = None,
        district_only: bool = False,
    ) -> pd.DataFrame:
        """Rows of the observations view for one dataset, filtered by parameters only."""
        sql = """SELECT o.* FROM observations o JOIN units u USING (unit_id)
                 WHERE o.dataset = ?
                   AND (? IS NULL OR o.year >= ?) AND (? IS NULL OR o.year <= ?)
                   AND (? IS NULL OR list_contains(?, o.unit_id))
                   AND (? IS NULL OR list_contains(?, o.indicator_id))
                   AND (? IS NULL OR list_contains(?, o.measure))
                   AND (NOT ? OR u.level = 'district')
                 ORDER BY o.unit_id, o.year, o.indicator_id, o.measure"""
        lo, hi = years if years else (None, None)
        params = [
            dataset,
            lo,
            lo,
            hi,
            hi,
            unit_ids,
            unit_ids,
            indicator_ids,
            indicator_ids,
            measures,
            measures,
            district_only,
        ]
        return self._query(sql, params)

    def panel(
        self,
        dataset: str,
        *,
        years: tuple[int, int] | None = None,
        unit_ids: list[str] | None = None,
        indicator_ids: list[str] | None = None,
        level: str = "district",
    ) -> pd.DataFrame:
        """Scores (score_pct) of one level's units in the long panel form the statistics take.

        ``level`` is ``district`` (the default) or ``commune`` (the phường and xã of 2025,
        whose ranks run within their block: join :meth:`units` for ``block``).
        Columns: unit_id, year, indicator_id, value, rank (the published/simulated rank where
        one exists, else NULL), source_id.
        """
        inds = list(indicator_ids) if indicator_ids else list(SCORE_INDICATORS)
        sql = """WITH f AS (
                   SELECT o.* FROM observations o JOIN units u USING (unit_id)
                   WHERE o.dataset = ? AND u.level = ?
                     AND list_contains(?, o.indicator_id)
                     AND o.measure IN ('score_pct', 'rank')
                     AND (? IS NULL OR o.year >= ?) AND (? IS NULL OR o.year <= ?)
                     AND (? IS NULL OR list_contains(?, o.unit_id)))
                 SELECT unit_id, year, indicator_id,
                        max(CASE WHEN measure = 'score_pct' THEN value END) AS value,
                        max(CASE WHEN measure = 'rank' THEN value END) AS rank,
                        max(CASE WHEN measure = 'score_pct' THEN source_id END) AS source_id
                 FROM f GROUP BY ALL ORDER BY unit_id, year, indicator_id"""
        lo, hi = years if years else (None, None)
        frame = self._query(
            sql, [dataset, level, inds, lo, lo, hi, hi, unit_ids, unit_ids], arrow=True
        )
        frame["year"] = frame["year"].astype(int)
        return frame

    def years(self, dataset: str, level: str = "district") -> list[int]:
        """Years with any score or rank of the level's units (districts by default) in the dataset."""
        frame = self._query(
            """SELECT DISTINCT o.year FROM observations o JOIN units u USING (unit_id)
               WHERE o.dataset = ? AND u.level = ? AND o.measure IN ('score_pct', 'rank')
               ORDER BY 1""",
            [dataset, level],
        )
        return [int(y) for y in frame["year"]]

    def block_averages(self, dataset: str) -> pd.DataFrame:
        """Per year: the published block average (if any) and the mean and count of unit scores."""
        return self._query(
            """WITH unit_scores AS (
                 SELECT o.year, o.indicator_id, avg(o.value) AS mean_of_units, count(*) AS n_units
                 FROM observations o JOIN units u USING (unit_id)
                 WHERE o.dataset = ? AND u.level = 'district' AND o.measure = 'score_pct'
                 GROUP BY ALL),
               block AS (
                 SELECT year, indicator_id,
                        max(CASE WHEN measure = 'score_pct' THEN value END) AS published_average,
                        max(CASE WHEN measure = 'delta_pct' THEN value END) AS published_change,
                        max(CASE WHEN measure = 'score_pct' THEN source_id END) AS source_id
                 FROM observations WHERE dataset = 'published' AND unit_id = 'district_block'
                 GROUP BY ALL)
               SELECT coalesce(s.year, b.year) AS year, coalesce(s.indicator_id, b.indicator_id) AS indicator_id,
                      s.mean_of_units, s.n_units, b.published_average, b.published_change, b.source_id
               FROM unit_scores s FULL JOIN block b USING (year, indicator_id)
               ORDER BY year, indicator_id""",
            [dataset],
        )

    def coverage(self, dataset: str = "demo", level: str = "district") -> pd.DataFrame:
        """Units × years × indicators: the published score and rank, and ``dataset``'s score.

        Years run from 2012 (the first method period) to the current year; a unit has a cell
        in a year when it existed on 31 December of that year (districts 2012–2024, communes
        from 2025). Built from the public views, so it works on an upload store too. Columns:
        unit_id, year, indicator_id, published_score, published_rank, dataset_score,
        published_status.
        """
        return self._query(
            """WITH years AS (SELECT range AS year FROM range(2012, year(current_date) + 1)),
               inds AS (SELECT indicator_id FROM indicators WHERE indicator_id = 'total' OR is_component),
               cells AS (SELECT u.unit_id, y.year, i.indicator_id FROM units u, years y, inds i
                         WHERE u.level = ? AND u.block IS NOT NULL
                           AND u.valid_from <= make_date(y.year, 12, 31)
                           AND (u.valid_to IS NULL OR u.valid_to >= make_date(y.year, 12, 31)))
               SELECT c.unit_id, c.year, c.indicator_id,
                      max(CASE WHEN o.dataset = 'published' AND o.measure = 'score_pct' THEN o.value END)
                        AS published_score,
                      max(CASE WHEN o.dataset = 'published' AND o.measure = 'rank' THEN o.value END)
                        AS published_rank,
                      max(CASE WHEN o.dataset = ? AND o.measure = 'score_pct' THEN o.value END)
                        AS dataset_score,
                      CASE WHEN published_score IS NOT NULL THEN 'published'
                           WHEN published_rank IS NOT NULL THEN 'rank only'
                           ELSE 'missing' END AS published_status
               FROM cells c
               LEFT JOIN observations o ON o.unit_id = c.unit_id AND o.year = c.year
                    AND o.indicator_id = c.indicator_id AND o.measure IN ('score_pct', 'rank')
               GROUP BY ALL ORDER BY c.unit_id, c.year, c.indicator_id""",
            [level, dataset],
        )

    def unit_sources(self, unit_id: str, dataset: str = "published") -> pd.DataFrame:
        """Every figure of one unit with its source's metadata."""
        return self._query(
            """SELECT o.year, o.indicator_id, o.measure, o.value, o.value_as_published, o.locator,
                      s.source_id, s.title, s.publisher, s.published_on, s.url
               FROM observations o LEFT JOIN sources s USING (source_id)
               WHERE o.dataset = ? AND o.unit_id = ? ORDER BY o.year, o.indicator_id, o.measure""",
            [dataset, unit_id],
        )

    def corrections(self) -> pd.DataFrame:
        """Hand corrections with their reasons."""
        return self._query("SELECT * FROM corrections ORDER BY target_table, target_key")

    def seed_files(self) -> pd.DataFrame:
        """Seed files of the build with their sha256 (empty for an in-memory upload store)."""
        if self.path is None:
            return pd.DataFrame(columns=["file", "sha256", "rows", "title"])
        return self._query("SELECT * FROM seed_files ORDER BY file")

    def build_info(self) -> dict[str, str]:
        """The build's facts (seeds digest, demo seed …)."""
        frame = self._query("SELECT key, value FROM build_info") if self.path else pd.DataFrame()
        return dict(zip(frame.get("key", []), frame.get("value", []), strict=False))
