"""Build the DuckDB file from seeds/ in stages: raw → typed staging → documented public views.

The build is deterministic (the same seeds give the same table contents) and atomic:
it writes a new file beside the target and renames it over the old one only when
every data test has passed, so a reader never sees half a database and a failed
build leaves the previous file untouched.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from analysis.paths import DEFAULT_DB, SEEDS_DIR, default_db_path
from analysis.warehouse import demo, demo_communes
from analysis.warehouse.journal import clean_leftovers, temp_db_prefix
from analysis.warehouse.seeds import (
    CONFIDENCE_LEVELS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SeedError,
    SeedProblems,
    SeedSet,
    published_decimals,
    read_seeds,
    seeds_digest,
)

__all__ = ["build", "validate", "BUILD_VERSION", "MEASURES", "UNIT_LEVELS"]

BUILD_VERSION = "1"
MEASURES = (
    "score_pct",
    "rank",
    "points",
    "delta_pct",
    "delta_rank",
    "count",
    "count_min",
    "rate_pct",
    "index",
    "flag",
    "floor_pct",
    "rank_group_top",
    "reported_value",
    "delta_reported",
    "target_rank_gain_min",
    "target_rank_gain_max",
)
UNIT_LEVELS = ("district", "city", "block", "department", "commune")
UNIT_TYPES = ("quận", "huyện", "thị xã", "thành phố", "khối", "sở", "phường", "xã", "thị trấn")
INITIATIVE_KINDS = ("mô hình", "sáng kiến", "giải pháp", "đề án")
INITIATIVE_STATUS = ("new", "continued", "in use")

_RAW = {
    "units.csv": "raw_units",
    "unit_points.csv": "raw_unit_points",
    "unit_crosswalk.csv": "raw_unit_crosswalk",
    "indicators.csv": "raw_indicators",
    "method_periods.csv": "raw_method_periods",
    "period_indicators.csv": "raw_period_indicators",
    "sources.csv": "raw_sources",
    "observations.csv": "raw_observations",
    "initiatives.csv": "raw_initiatives",
    "corrections.csv": "raw_corrections",
}

_STAGING = """
CREATE TABLE stg_units AS
SELECT unit_id, name_vi, name_en, unit_type, level, NULLIF(parent_id, '') AS parent_id,
       TRY_CAST(valid_from AS DATE) AS valid_from, TRY_CAST(NULLIF(valid_to, '') AS DATE) AS valid_to,
       NULLIF(geo_code, '') AS geo_code, NULLIF(note, '') AS note,
       valid_from AS valid_from_text, valid_to AS valid_to_text, _file, CAST(_line AS INTEGER) AS _line
FROM raw_units ORDER BY unit_id, _line;

CREATE TABLE stg_unit_points AS
SELECT unit_id, TRY_CAST(point_lon AS DOUBLE) AS point_lon, TRY_CAST(point_lat AS DOUBLE) AS point_lat,
       TRY_CAST(NULLIF(area_km2, '') AS DOUBLE) AS area_km2,
       TRY_CAST(NULLIF(area_km2_published, '') AS DOUBLE) AS area_km2_published,
       TRY_CAST(NULLIF(covered_share, '') AS DOUBLE) AS covered_share,
       point_lon AS point_lon_text, point_lat AS point_lat_text, area_km2 AS area_km2_text,
       covered_share AS covered_share_text, _file, CAST(_line AS INTEGER) AS _line
FROM raw_unit_points ORDER BY unit_id, _line;

CREATE TABLE stg_unit_crosswalk AS
SELECT unit_id, former_unit_id, TRY_CAST(area_share AS DOUBLE) AS area_share,
       area_share AS area_share_text, _file, CAST(_line AS INTEGER) AS _line
FROM raw_unit_crosswalk ORDER BY unit_id, area_share DESC, former_unit_id, _line;

CREATE TABLE stg_indicators AS
SELECT indicator_id, name_vi, name_en, NULLIF(parent_id, '') AS parent_id,
       TRY_CAST(NULLIF(max_points, '') AS DOUBLE) AS max_points, max_points AS max_points_text,
       NULLIF(max_points_source_id, '') AS max_points_source_id, applies_to,
       NULLIF(description, '') AS description, _file, CAST(_line AS INTEGER) AS _line
FROM raw_indicators ORDER BY indicator_id, _line;

CREATE TABLE stg_method_periods AS
SELECT period_id, TRY_CAST(first_year AS INTEGER) AS first_year,
       TRY_CAST(NULLIF(last_year, '') AS INTEGER) AS last_year, last_year AS last_year_text, name_vi, name_en,
       TRY_CAST(NULLIF(total_points, '') AS DOUBLE) AS total_points,
       TRY_CAST(NULLIF(appraisal_points, '') AS DOUBLE) AS appraisal_points,
       TRY_CAST(NULLIF(survey_points, '') AS DOUBLE) AS survey_points,
       TRY_CAST(NULLIF(criteria_district, '') AS INTEGER) AS criteria_district,
       NULLIF(source_id, '') AS source_id, description, _file, CAST(_line AS INTEGER) AS _line
FROM raw_method_periods ORDER BY first_year, _line;

CREATE TABLE stg_period_indicators AS
SELECT period_id, indicator_id, TRY_CAST(NULLIF(max_points, '') AS DOUBLE) AS max_points,
       max_points AS max_points_text, NULLIF(source_id, '') AS source_id, basis,
       NULLIF(note, '') AS note, _file, CAST(_line AS INTEGER) AS _line
FROM raw_period_indicators ORDER BY period_id, indicator_id, _line;

CREATE TABLE stg_sources AS
SELECT source_id, title, publisher, NULLIF(published_on, '') AS published_on, url,
       NULLIF(licence, '') AS licence, NULLIF(accessed_on, '') AS accessed_on,
       NULLIF(note, '') AS note, _file, CAST(_line AS INTEGER) AS _line
FROM raw_sources ORDER BY source_id, _line;

CREATE TABLE stg_corrections AS
SELECT "table" AS target_table, key AS target_key, "column" AS target_column, published_value,
       corrected_value, source_id, reason, _file, CAST(_line AS INTEGER) AS _line
FROM raw_corrections ORDER BY _file, _line;

CREATE TABLE stg_observations AS
SELECT o.unit_id, TRY_CAST(o.year AS INTEGER) AS year, o.indicator_id, o.measure,
       COALESCE(TRY_CAST(c.corrected_value AS DOUBLE), TRY_CAST(o.value AS DOUBLE)) AS value,
       o.value AS value_text, NULLIF(o.value_as_published, '') AS value_as_published,
       TRY_CAST(NULLIF(o.out_of, '') AS INTEGER) AS out_of, o.out_of AS out_of_text,
       o.source_id, o.locator, NULLIF(o.derived_from, '') AS derived_from,
       NULLIF(o.note, '') AS note, CAST(o._decimals AS INTEGER) AS decimals,
       c.reason AS correction_reason, NULLIF(o.confidence, '') AS confidence,
       o._file, CAST(o._line AS INTEGER) AS _line
FROM raw_observations o
LEFT JOIN raw_corrections c
  ON c."table" = 'observations' AND c."column" = 'value'
 AND c.key = o.unit_id || '|' || o.year || '|' || o.indicator_id || '|' || o.measure
 AND c.source_id = o.source_id
ORDER BY o.unit_id, o.year, o.indicator_id, o.measure, o.source_id, o._file, o._line;

CREATE TABLE stg_initiatives AS
SELECT i.initiative_id, i.unit_id, TRY_CAST(i.year AS INTEGER) AS year,
       COALESCE(c.corrected_name, i.name_vi) AS name_vi, i.kind, i.status,
       NULLIF(i.component_id, '') AS component_id, i.source_id, i.locator,
       NULLIF(i.note, '') AS note, i.year AS year_text, i._file, CAST(i._line AS INTEGER) AS _line
FROM raw_initiatives i
LEFT JOIN (
    SELECT key, replace(i2.name_vi, c2.published_value, c2.corrected_value) AS corrected_name
    FROM raw_corrections c2 JOIN raw_initiatives i2 ON i2.initiative_id = c2.key
    WHERE c2."table" = 'initiatives' AND c2."column" = 'name_vi'
) c ON c.key = i.initiative_id
ORDER BY i.initiative_id, i._line;
"""

# Data tests in the dbt manner: each query returns the failing rows as (file, line, message).
_DATA_TESTS: tuple[str | tuple[str, list], ...] = (
    # --- not null and parseable
    """SELECT _file, _line, 'empty ' || col FROM (
         SELECT _file, _line, 'unit_id' AS col, unit_id AS v FROM stg_units
         UNION ALL SELECT _file, _line, 'name_vi', name_vi FROM stg_units
         UNION ALL SELECT _file, _line, 'indicator_id', indicator_id FROM stg_indicators
         UNION ALL SELECT _file, _line, 'source_id', source_id FROM stg_sources
         UNION ALL SELECT _file, _line, 'url', url FROM stg_sources
         UNION ALL SELECT _file, _line, 'title', title FROM stg_sources
         UNION ALL SELECT _file, _line, 'locator', locator FROM stg_observations
         UNION ALL SELECT _file, _line, 'source_id', source_id FROM stg_observations
         UNION ALL SELECT _file, _line, 'initiative_id', initiative_id FROM stg_initiatives
         UNION ALL SELECT _file, _line, 'name_vi', name_vi FROM stg_initiatives
       ) WHERE v IS NULL OR trim(v) = ''""",
    """SELECT _file, _line, 'valid_from ''' || valid_from_text || ''' is not a date (YYYY-MM-DD)'
       FROM stg_units WHERE valid_from IS NULL""",
    """SELECT _file, _line, 'valid_to ''' || valid_to_text || ''' is not a date (YYYY-MM-DD)'
       FROM stg_units WHERE valid_to IS NULL AND valid_to_text <> ''""",
    """SELECT _file, _line, 'valid_to is before valid_from' FROM stg_units WHERE valid_to < valid_from""",
    """SELECT _file, _line, 'year ''' || year_text || ''' is not a whole number'
       FROM stg_initiatives WHERE year IS NULL""",
    """SELECT o._file, o._line, 'year ''' || r.year || ''' is not a whole number'
       FROM stg_observations o JOIN raw_observations r ON r._file = o._file AND CAST(r._line AS INTEGER) = o._line
       WHERE o.year IS NULL""",
    """SELECT _file, _line, 'value ''' || value_text || ''' is not a number'
       FROM stg_observations WHERE value IS NULL""",
    """SELECT _file, _line, 'out_of ''' || out_of_text || ''' is not a whole number'
       FROM stg_observations WHERE out_of IS NULL AND out_of_text <> ''""",
    """SELECT _file, _line, 'max_points ''' || max_points_text || ''' is not a positive number'
       FROM stg_indicators WHERE max_points_text <> '' AND (max_points IS NULL OR max_points <= 0)""",
    """SELECT _file, _line, 'first_year/last_year must be whole numbers with first_year <= last_year'
       FROM stg_method_periods WHERE first_year IS NULL OR (last_year IS NULL AND last_year_text <> '')
          OR first_year > last_year""",
    # An empty last_year means "in use": only the latest period may leave it open.
    """SELECT _file, _line, 'only the latest method period may leave last_year empty'
       FROM stg_method_periods WHERE last_year_text = ''
        AND first_year < (SELECT max(first_year) FROM stg_method_periods)""",
    # --- unique keys
    """SELECT _file, _line, 'duplicate unit_id ''' || unit_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY unit_id ORDER BY _line) AS k FROM stg_units) WHERE k > 1""",
    """SELECT _file, _line, 'duplicate geo_code ''' || geo_code || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY geo_code ORDER BY _line) AS k FROM stg_units
             WHERE geo_code IS NOT NULL) WHERE k > 1""",
    """SELECT _file, _line, 'duplicate indicator_id ''' || indicator_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY _line) AS k FROM stg_indicators) WHERE k > 1""",
    """SELECT _file, _line, 'duplicate source_id ''' || source_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY source_id ORDER BY _line) AS k FROM stg_sources) WHERE k > 1""",
    """SELECT _file, _line, 'duplicate period_id ''' || period_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY period_id ORDER BY _line) AS k FROM stg_method_periods) WHERE k > 1""",
    """SELECT _file, _line, 'duplicate initiative_id ''' || initiative_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY initiative_id ORDER BY _line) AS k FROM stg_initiatives) WHERE k > 1""",
    """SELECT _file, _line, 'duplicate figure ' || unit_id || '/' || year || '/' || indicator_id || '/' || measure
              || ' from the same source ''' || source_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY unit_id, year, indicator_id, measure, source_id
                                          ORDER BY _file, _line) AS k FROM stg_observations) WHERE k > 1""",
    # --- accepted values
    (
        """SELECT _file, _line, 'level ''' || level || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_units WHERE NOT list_contains(?, level)""",
        [list(UNIT_LEVELS), list(UNIT_LEVELS)],
    ),
    (
        """SELECT _file, _line, 'unit_type ''' || unit_type || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_units WHERE NOT list_contains(?, unit_type)""",
        [list(UNIT_TYPES), list(UNIT_TYPES)],
    ),
    (
        """SELECT _file, _line, 'measure ''' || measure || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_observations WHERE NOT list_contains(?, measure)""",
        [list(MEASURES), list(MEASURES)],
    ),
    (
        """SELECT _file, _line, 'confidence ''' || confidence || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_observations WHERE confidence IS NOT NULL AND NOT list_contains(?, confidence)""",
        [[c for c in CONFIDENCE_LEVELS if c], [c for c in CONFIDENCE_LEVELS if c]],
    ),
    """SELECT _file, _line, 'a figure of confidence ''' || confidence || ''' needs a note saying why'
       FROM stg_observations WHERE confidence IN ('low', 'misprint') AND note IS NULL""",
    (
        """SELECT _file, _line, 'kind ''' || kind || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_initiatives WHERE NOT list_contains(?, kind)""",
        [list(INITIATIVE_KINDS), list(INITIATIVE_KINDS)],
    ),
    (
        """SELECT _file, _line, 'status ''' || status || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_initiatives WHERE NOT list_contains(?, status)""",
        [list(INITIATIVE_STATUS), list(INITIATIVE_STATUS)],
    ),
    # The 30-unit series runs from 2014-04-01 (Bắc and Nam Từ Liêm) to 2025-06-30; before it,
    # 29 units with the huyện Từ Liêm (from the 2008-08-01 boundary).
    """SELECT 'units.csv', 1, 'expected ' || want || ' district-level units valid on ' || day
              || ', found ' || have
       FROM (SELECT d.day, d.want, count(u.unit_id) AS have
             FROM (VALUES (DATE '2008-08-01', 29), (DATE '2014-03-31', 29), (DATE '2014-04-01', 30),
                          (DATE '2025-06-30', 30), (DATE '2025-07-01', 0)) d(day, want)
             LEFT JOIN stg_units u ON u.level = 'district' AND u.valid_from <= d.day
                   AND (u.valid_to IS NULL OR u.valid_to >= d.day)
             GROUP BY d.day, d.want)
       WHERE have <> want""",
    """SELECT _file, _line, 'a district-level unit valid on 2025-06-30 needs a geo_code' FROM stg_units
       WHERE level = 'district' AND geo_code IS NULL AND valid_to = DATE '2025-06-30'""",
    # --- the commune-level units of 2025 (seeds/units.csv), their points and the crosswalk
    """SELECT 'units.csv', 1, 'expected 51 phường and 75 xã valid from 2025-07-01, found '
              || count(*) FILTER (WHERE unit_type = 'phường') || ' phường and '
              || count(*) FILTER (WHERE unit_type = 'xã') || ' xã'
       FROM stg_units WHERE level = 'commune' AND valid_from = DATE '2025-07-01'
       HAVING count(*) FILTER (WHERE unit_type = 'phường') <> 51
           OR count(*) FILTER (WHERE unit_type = 'xã') <> 75
           OR count(*) <> 126""",
    """SELECT _file, _line, 'a commune-level unit of 2025 must be a phường or xã with parent ha_noi, '
              || 'no valid_to and an official 5-digit geo_code (found ' || unit_type || ', '
              || coalesce(parent_id, 'no parent') || ', ' || coalesce(geo_code, 'no code') || ')'
       FROM stg_units WHERE level = 'commune' AND valid_from >= DATE '2025-07-01'
        AND (unit_type NOT IN ('phường', 'xã') OR parent_id IS DISTINCT FROM 'ha_noi'
             OR valid_to IS NOT NULL OR NOT regexp_full_match(coalesce(geo_code, ''), '[0-9]{5}'))""",
    """SELECT _file, _line, 'unit_id ''' || unit_id || ''' of a ' || unit_type || ' of 2025 must start with '
              || CASE unit_type WHEN 'phường' THEN '''p_''' ELSE '''x_''' END
       FROM stg_units WHERE level = 'commune' AND valid_from >= DATE '2025-07-01'
        AND NOT starts_with(unit_id, CASE unit_type WHEN 'phường' THEN 'p_' ELSE 'x_' END)""",
    """SELECT _file, _line, 'unknown unit ''' || unit_id || ''''
       FROM stg_unit_points ANTI JOIN stg_units USING (unit_id)""",
    """SELECT _file, _line, 'duplicate point for unit ''' || unit_id || ''''
       FROM (SELECT *, row_number() OVER (PARTITION BY unit_id ORDER BY _line) AS k FROM stg_unit_points) WHERE k > 1""",
    """SELECT _file, _line, 'point ''' || point_lon_text || ', ' || point_lat_text
              || ''' is not a longitude and latitude inside Hà Nội (105.2–106.1 E, 20.5–21.5 N)'
       FROM stg_unit_points WHERE point_lon IS NULL OR point_lat IS NULL
        OR point_lon NOT BETWEEN 105.2 AND 106.1 OR point_lat NOT BETWEEN 20.5 AND 21.5""",
    """SELECT _file, _line, 'area_km2 ''' || area_km2_text || ''' is not a positive number'
       FROM stg_unit_points WHERE area_km2 IS NULL OR area_km2 <= 0""",
    """SELECT _file, _line, 'covered_share ''' || covered_share_text || ''' is not a share in (0, 1]'
       FROM stg_unit_points WHERE covered_share IS NULL OR covered_share <= 0 OR covered_share > 1""",
    """SELECT u._file, u._line, 'commune-level unit ''' || u.unit_id || ''' of 2025 has no row in unit_points.csv'
       FROM stg_units u ANTI JOIN stg_unit_points p USING (unit_id)
       WHERE u.level = 'commune' AND u.valid_from >= DATE '2025-07-01'""",
    """SELECT _file, _line, 'unknown unit ''' || unit_id || ''''
       FROM stg_unit_crosswalk ANTI JOIN stg_units USING (unit_id)""",
    """SELECT c._file, c._line, 'unit ''' || c.unit_id || ''' is not a commune-level unit of 2025'
       FROM stg_unit_crosswalk c JOIN stg_units u USING (unit_id)
       WHERE u.level <> 'commune' OR u.valid_from < DATE '2025-07-01'""",
    """SELECT c._file, c._line, 'former_unit_id ''' || c.former_unit_id || ''' is not a district-level unit'
       FROM stg_unit_crosswalk c
       WHERE c.former_unit_id NOT IN (SELECT unit_id FROM stg_units WHERE level = 'district')""",
    """SELECT _file, _line, 'area_share ''' || area_share_text || ''' is not a share in (0, 1]'
       FROM stg_unit_crosswalk WHERE area_share IS NULL OR area_share <= 0 OR area_share > 1""",
    """SELECT _file, _line, 'duplicate crosswalk row ' || unit_id || ' ← ' || former_unit_id
       FROM (SELECT *, row_number() OVER (PARTITION BY unit_id, former_unit_id ORDER BY _line) AS k
             FROM stg_unit_crosswalk) WHERE k > 1""",
    # Each share is rounded to 0.001 (and parts under 0.5 % are left out), so the sum may miss
    # covered_share by rounding; 1e-9 absorbs float error.
    """SELECT p._file, p._line, 'the crosswalk shares of ''' || p.unit_id || ''' sum to '
              || round(coalesce(s.total, 0), 4) || ', not to its covered_share ' || p.covered_share
              || ' (within 0.001)'
       FROM stg_unit_points p JOIN stg_units u USING (unit_id)
       LEFT JOIN (SELECT unit_id, sum(area_share) AS total FROM stg_unit_crosswalk GROUP BY unit_id) s
         USING (unit_id)
       WHERE u.level = 'commune' AND u.valid_from >= DATE '2025-07-01'
         AND abs(coalesce(s.total, 0) - p.covered_share) > 0.001 + 1e-9""",
    """SELECT u._file, u._line, 'former district ''' || u.unit_id || ''' maps to '
              || count(c.unit_id) || ' commune-level unit(s) in unit_crosswalk.csv (at least 2 expected)'
       FROM stg_units u LEFT JOIN stg_unit_crosswalk c ON c.former_unit_id = u.unit_id
       WHERE u.level = 'district' AND u.valid_to = DATE '2025-06-30'
       GROUP BY u._file, u._line, u.unit_id HAVING count(c.unit_id) < 2""",
    # --- foreign keys
    """SELECT o._file, o._line, 'unknown unit ''' || o.unit_id || ''''
       FROM stg_observations o ANTI JOIN stg_units u USING (unit_id)""",
    """SELECT o._file, o._line, 'unknown indicator ''' || o.indicator_id || ''''
       FROM stg_observations o ANTI JOIN stg_indicators i USING (indicator_id)""",
    """SELECT o._file, o._line, 'source ''' || o.source_id || ''' does not exist in sources.csv'
       FROM stg_observations o ANTI JOIN stg_sources s USING (source_id) WHERE trim(o.source_id) <> ''""",
    """SELECT u._file, u._line, 'unknown parent unit ''' || u.parent_id || ''''
       FROM stg_units u WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT unit_id FROM stg_units)""",
    """SELECT i._file, i._line, 'unknown parent indicator ''' || i.parent_id || ''''
       FROM stg_indicators i WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT indicator_id FROM stg_indicators)""",
    """SELECT i._file, i._line, 'source ''' || i.max_points_source_id || ''' does not exist in sources.csv'
       FROM stg_indicators i WHERE max_points_source_id IS NOT NULL
        AND max_points_source_id NOT IN (SELECT source_id FROM stg_sources)""",
    """SELECT m._file, m._line, 'source ''' || m.source_id || ''' does not exist in sources.csv'
       FROM stg_method_periods m WHERE source_id IS NOT NULL AND source_id NOT IN (SELECT source_id FROM stg_sources)""",
    """SELECT i._file, i._line, 'unknown unit ''' || i.unit_id || ''''
       FROM stg_initiatives i ANTI JOIN stg_units u USING (unit_id)""",
    """SELECT i._file, i._line, 'source ''' || i.source_id || ''' does not exist in sources.csv'
       FROM stg_initiatives i ANTI JOIN stg_sources s USING (source_id)""",
    """SELECT i._file, i._line, 'unknown component ''' || i.component_id || ''''
       FROM stg_initiatives i WHERE component_id IS NOT NULL
        AND component_id NOT IN (SELECT indicator_id FROM stg_indicators)""",
    # A correction may rest on no document (a row that had no source); its reason says so.
    """SELECT c._file, c._line, 'source ''' || c.source_id || ''' does not exist in sources.csv'
       FROM stg_corrections c WHERE source_id <> '' AND source_id NOT IN (SELECT source_id FROM stg_sources)""",
    """SELECT _file, _line, 'a source without a reachable copy (url none) needs a note saying where it is cited'
       FROM stg_sources WHERE url = 'none' AND note IS NULL""",
    # --- the codebook per method period
    """SELECT p._file, p._line, 'unknown method period ''' || p.period_id || ''''
       FROM stg_period_indicators p ANTI JOIN stg_method_periods USING (period_id)""",
    """SELECT p._file, p._line, 'unknown indicator ''' || p.indicator_id || ''''
       FROM stg_period_indicators p ANTI JOIN stg_indicators USING (indicator_id)""",
    """SELECT p._file, p._line, 'source ''' || p.source_id || ''' does not exist in sources.csv'
       FROM stg_period_indicators p WHERE source_id IS NOT NULL
        AND source_id NOT IN (SELECT source_id FROM stg_sources)""",
    """SELECT _file, _line, 'duplicate period indicator ' || period_id || '/' || indicator_id
       FROM (SELECT *, row_number() OVER (PARTITION BY period_id, indicator_id ORDER BY _line) AS k
             FROM stg_period_indicators) WHERE k > 1""",
    """SELECT _file, _line, 'max_points ''' || max_points_text || ''' is not a positive number'
       FROM stg_period_indicators WHERE max_points_text <> '' AND (max_points IS NULL OR max_points <= 0)""",
    """SELECT _file, _line, 'basis ''' || basis || ''' is not one of stated, assumed'
       FROM stg_period_indicators WHERE basis NOT IN ('stated', 'assumed')""",
    """SELECT _file, _line, 'a stated period indicator needs a source, an assumed one a note saying so'
       FROM stg_period_indicators WHERE (basis = 'stated' AND source_id IS NULL)
          OR (basis = 'assumed' AND note IS NULL)""",
    """SELECT _file, _line, 'a maximum needs a source: an assumed row cannot state max_points'
       FROM stg_period_indicators WHERE basis = 'assumed' AND max_points IS NOT NULL""",
    """SELECT o._file, o._line, 'rank ' || CAST(o.value AS INTEGER) || ' of ' || o.indicator_id || ' in '
              || o.year || ' is also given to ' || p.unit_id || ' (' || p._file || ':' || p._line || ')'
       FROM stg_observations o JOIN stg_units u USING (unit_id)
       JOIN stg_observations p ON p.year = o.year AND p.indicator_id = o.indicator_id
        AND p.measure = 'rank' AND p.value = o.value AND p.unit_id <> o.unit_id
        AND p.out_of IS NOT DISTINCT FROM o.out_of
        AND starts_with(p.source_id, 'import_') = starts_with(o.source_id, 'import_')
        AND (p._file < o._file OR (p._file = o._file AND p._line < o._line))
       JOIN stg_units pu ON pu.unit_id = p.unit_id
       WHERE o.measure = 'rank' AND u.level = 'district' AND pu.level = 'district'""",
    # --- ranges and validity
    """SELECT _file, _line, measure || ' ' || value || ' is outside 0–100'
       FROM stg_observations WHERE measure IN ('score_pct', 'rate_pct', 'floor_pct') AND (value < 0 OR value > 100)""",
    """SELECT _file, _line, 'index ' || value || ' is outside 0–1'
       FROM stg_observations WHERE measure = 'index' AND (value < 0 OR value > 1)""",
    """SELECT _file, _line, measure || ' ' || value || ' must be a whole number of at least 0'
       FROM stg_observations WHERE measure IN ('count', 'count_min') AND (value < 0 OR value <> round(value))""",
    """SELECT _file, _line, 'a rank needs out_of (the number of units ranked)'
       FROM stg_observations WHERE measure IN ('rank', 'rank_group_top') AND out_of IS NULL""",
    """SELECT _file, _line, 'rank ' || value || ' is not a whole number between 1 and ' || out_of
       FROM stg_observations WHERE measure IN ('rank', 'rank_group_top')
        AND (value < 1 OR value <> round(value) OR value > out_of)""",
    """SELECT o._file, o._line, 'rank ' || o.value || ' of a district-level unit is above the ' || n.k
              || ' district-level units valid in ' || o.year
       FROM stg_observations o JOIN stg_units u USING (unit_id)
       JOIN (SELECT y.year, count(*) AS k FROM (SELECT DISTINCT year FROM stg_observations) y
             JOIN stg_units d ON d.level = 'district' AND d.valid_from <= make_date(y.year, 12, 31)
              AND (d.valid_to IS NULL OR d.valid_to >= make_date(y.year, 12, 31)) GROUP BY y.year) n
         ON n.year = o.year
       WHERE u.level = 'district' AND o.measure = 'rank' AND (o.value > n.k OR o.out_of > n.k)""",
    # The phường and xã of 2025 are ranked within their block.
    """SELECT o._file, o._line, 'rank ' || o.value || ' of ' || o.unit_id || ' is above the ' || n.k
              || ' units of the ' || u.unit_type || ' block'
       FROM stg_observations o JOIN stg_units u USING (unit_id)
       JOIN (SELECT unit_type, count(*) AS k FROM stg_units
             WHERE level = 'commune' AND valid_from >= DATE '2025-07-01' GROUP BY unit_type) n
         ON n.unit_type = u.unit_type
       WHERE u.level = 'commune' AND u.valid_from >= DATE '2025-07-01' AND o.measure = 'rank'
         AND (o.value > n.k OR o.out_of > n.k)""",
    """SELECT _file, _line, 'points ' || value || ' are outside 0–' || out_of
       FROM stg_observations WHERE measure = 'points' AND out_of IS NOT NULL AND (value < 0 OR value > out_of)""",
    """SELECT o._file, o._line, 'year ' || o.year || ' is outside the validity of unit ''' || o.unit_id || ''' ('
              || u.valid_from || ' to ' || coalesce(CAST(u.valid_to AS VARCHAR), 'now') || ')'
       FROM stg_observations o JOIN stg_units u USING (unit_id)
       WHERE o.year < year(u.valid_from) OR (u.valid_to IS NOT NULL AND o.year > year(u.valid_to))""",
    """SELECT i._file, i._line, 'year ' || i.year || ' is outside the validity of unit ''' || i.unit_id || ''''
       FROM stg_initiatives i JOIN stg_units u USING (unit_id)
       WHERE i.year < year(u.valid_from) OR (u.valid_to IS NOT NULL AND i.year > year(u.valid_to))""",
    """SELECT b._file, b._line, 'method period ' || b.period_id || ' overlaps ' || a.period_id
       FROM stg_method_periods a JOIN stg_method_periods b
         ON a.period_id < b.period_id AND a.first_year <= coalesce(b.last_year, 9999)
        AND b.first_year <= coalesce(a.last_year, 9999)""",
)

_VIEWS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    (
        "units",
        """SELECT unit_id, name_vi, name_en, unit_type, level, valid_from, valid_to, geo_code, parent_id, note,
                  CASE WHEN level = 'district' THEN 'district'
                       WHEN level = 'commune' AND valid_from >= DATE '2025-07-01' THEN unit_type
                  END AS block
           FROM stg_units""",
        "Administrative units: Hà Nội's 30 district-level units (valid until 2025-06-30, when "
        "districts were abolished), the 126 commune-level units since 2025-07-01 (51 phường, 75 xã), "
        "the city, blocks, departments and the earlier wards/communes the sources name.",
        {
            "unit_id": "Stable identifier (ASCII, snake_case).",
            "name_vi": "Name in Vietnamese with diacritics, without the type prefix.",
            "name_en": "Name without diacritics (English/ASCII).",
            "unit_type": "quận, huyện, thị xã, thành phố, khối, sở, phường, xã or thị trấn.",
            "level": "district, city, block, department or commune.",
            "valid_from": "First day the unit existed in this form within Hà Nội.",
            "valid_to": "Last day of the unit (2025-06-30 for all district-level units); NULL while it exists.",
            "geo_code": "District-level units: ADM2_PCODE of the COD-AB boundaries; commune-level "
            "units of 2025: the official 5-digit code (text, leading zeros kept).",
            "parent_id": "The unit this one belongs to.",
            "note": "Curators' note.",
            "block": "Ranking block: 'phường' or 'xã' for the commune-level units of 2025 (the index "
            "ranks the two blocks separately), 'district' for the 30 district-level units (ranked "
            "together); NULL for other units.",
        },
    ),
    (
        "unit_points",
        """SELECT p.unit_id, p.point_lon, p.point_lat, p.area_km2, p.area_km2_published, p.covered_share,
                  m.former_unit_id AS main_former_unit_id, m.area_share AS main_former_share
           FROM stg_unit_points p
           LEFT JOIN (SELECT unit_id, former_unit_id, area_share, row_number() OVER (
                          PARTITION BY unit_id ORDER BY area_share DESC, former_unit_id) AS k
                      FROM stg_unit_crosswalk) m ON m.unit_id = p.unit_id AND m.k = 1""",
        "A point inside each commune-level unit of 2025 (for symbol maps and labels; no boundary "
        "geometry is held), its area and its main former district. From the Vietnamese Provinces "
        "Database (MIT, © 2021 Thang Le Quoc) and COD-AB district boundaries (CC BY 3.0 IGO).",
        {
            "unit_id": "Unit (see units).",
            "point_lon": "Longitude (WGS 84) of a point guaranteed to lie inside the unit.",
            "point_lat": "Latitude (WGS 84) of that point.",
            "area_km2": "Area in km² computed from the 2025 boundary (VN-2000 / UTM 48N).",
            "area_km2_published": "Area in km² as given with the boundary data.",
            "covered_share": "Share of the unit's area inside any of the 30 former districts (below 1 "
            "where the two boundary sets differ along rivers and the city edge).",
            "main_former_unit_id": "The former district holding the largest share of the unit's area.",
            "main_former_share": "That share (0–1).",
        },
    ),
    (
        "unit_crosswalk",
        """SELECT c.unit_id, c.former_unit_id, c.area_share, p.covered_share,
                  row_number() OVER (PARTITION BY c.unit_id ORDER BY c.area_share DESC, c.former_unit_id) = 1
                      AS is_main
           FROM stg_unit_crosswalk c LEFT JOIN stg_unit_points p USING (unit_id)""",
        "Bridge from the 30 former districts (until 2025-06-30) to the 126 commune-level units of "
        "2025: the share of each unit's area that lay in each former district (parts of at least "
        "0.5 %). AREA SHARES APPROXIMATE, AND ARE NOT, THE LEGAL COMPOSITION: which former communes "
        "formed each unit is set by Nghị quyết 1656/NQ-UBTVQH15 (2025). A former district is the "
        "predecessor of a unit's area, not the same unit.",
        {
            "unit_id": "Commune-level unit of 2025 (see units).",
            "former_unit_id": "Former district-level unit (see units).",
            "area_share": "Share (0–1) of the unit's area that lay in the former district.",
            "covered_share": "Share of the unit's area inside any former district; the unit's "
            "area_share values sum to it (within 0.001, from rounding).",
            "is_main": "True for the former district with the largest share.",
        },
    ),
    (
        "indicators",
        """SELECT indicator_id, name_vi, name_en, parent_id, max_points, max_points_source_id,
                  applies_to, description,
                  parent_id = 'total' AND indicator_id NOT IN ('appraisal', 'survey') AS is_component
           FROM stg_indicators""",
        "Indicator codebook: the PAR Index total (indicator_id 'total'), its eight component areas, "
        "the appraisal and survey parts and the other figures the sources report.",
        {
            "indicator_id": "Stable identifier; the overall index is 'total'.",
            "name_vi": "Name in Vietnamese.",
            "name_en": "Name in English.",
            "parent_id": "Indicator this one is part of.",
            "max_points": "Maximum points, only where a source states it (NULL = not known).",
            "max_points_source_id": "Source of max_points.",
            "applies_to": "Unit levels the indicator is reported for (semicolon list).",
            "description": "What the indicator measures.",
            "is_component": "True for the eight component areas of the PAR Index.",
        },
    ),
    (
        "sources",
        """SELECT source_id, title, publisher, published_on, url, licence, accessed_on, note FROM stg_sources""",
        "Documents the figures come from, with their metadata.",
        {
            "source_id": "Stable identifier.",
            "title": "Title (paraphrased from the address where the page was not at hand).",
            "publisher": "Publisher (and author where known).",
            "published_on": "Date published as ISO text; may be partial (YYYY or YYYY-MM).",
            "url": "Address of the page, or seed:FILE for the project's seed documents.",
            "licence": "Licence or terms where known.",
            "accessed_on": "Date the curators read the figure.",
            "note": "Curators' note.",
        },
    ),
    (
        "method_periods",
        """SELECT period_id, first_year,
                  coalesce(last_year, greatest(first_year, year(current_date))) AS last_year,
                  name_vi, name_en, total_points, appraisal_points,
                  survey_points, criteria_district, source_id, description,
                  last_year IS NULL AS in_use FROM stg_method_periods""",
        "Method periods of the index. Years in different periods are not directly comparable "
        "(p2025, the method for the phường and xã, is not comparable with any district year).",
        {
            "period_id": "Identifier.",
            "first_year": "First year evaluated with this method.",
            "last_year": "Last year evaluated with this method; for the method in use, the current year.",
            "in_use": "True for the method still in use (no last year known).",
            "name_vi": "Name in Vietnamese.",
            "name_en": "Name in English.",
            "total_points": "Maximum total points.",
            "appraisal_points": "Points from the appraisal, where known.",
            "survey_points": "Points from the sociological survey, where known.",
            "criteria_district": "Number of scoring criteria for districts, where known.",
            "source_id": "Source of the description.",
            "description": "What changed.",
        },
    ),
    (
        "period_indicators",
        """SELECT p.period_id, p.indicator_id, p.max_points, p.source_id, p.basis, p.note,
                  i.name_vi, i.name_en, i.parent_id
           FROM stg_period_indicators p JOIN stg_indicators i USING (indicator_id)""",
        "The codebook per method period: the indicators a period scores and their maximum points "
        "where a source states them. NULL max_points = not known (never assumed). Rows with basis "
        "'assumed' are placeholders (p2025 uses the eight areas of the 2021–2025 framework until "
        "the areas of QĐ 5666/QĐ-UBND are known).",
        {
            "period_id": "Method period (see method_periods).",
            "indicator_id": "Indicator (see indicators).",
            "max_points": "Maximum points in this period, only where a source states it.",
            "source_id": "Source that states the indicator or its maximum for the period.",
            "basis": "'stated' (a source gives it) or 'assumed' (a placeholder; the note says why).",
            "note": "Curators' note.",
            "name_vi": "Name of the indicator in Vietnamese.",
            "name_en": "Name of the indicator in English.",
            "parent_id": "Indicator it is part of.",
        },
    ),
    (
        "published_figures",
        """SELECT unit_id, year, indicator_id, measure, value, value_as_published, out_of, source_id,
                  locator, derived_from, note, correction_reason, decimals, _file AS seed_file, _line AS seed_line,
                  confidence
           FROM stg_observations""",
        "Every published figure as curated, one row per figure per source (the same figure may "
        "come from two sources that agree at the coarser precision), including the probable "
        "misprints the observations view leaves out.",
        {
            "confidence": "NULL when printed as stored; 'inferred' (read from a list's order or "
            "from context), 'low' (contradicted by another source) or 'misprint' (a probable "
            "misprint, kept apart: not in the observations view). The note says why.",
            "decimals": "Decimals the figure was printed with.",
            "seed_file": "Seed file the record is in.",
            "seed_line": "Line of the record in its seed file.",
            "correction_reason": "Why the stored value differs from the printed one (see corrections).",
        },
    ),
    # No final ORDER BY: it made every query on the view sort all matching rows of the union
    # first (0.4 s for one year at national scale); the Store's queries order their results.
    (
        "observations",
        """WITH ranked AS (
             SELECT o.*, row_number() OVER (
                 PARTITION BY unit_id, year, indicator_id, measure
                 ORDER BY starts_with(source_id, 'import_') DESC, confidence IS NOT NULL,
                          decimals DESC, derived_from IS NOT NULL, s.published_on, source_id) AS k
             FROM stg_observations o JOIN stg_sources s USING (source_id)
             WHERE o.confidence IS DISTINCT FROM 'misprint')
           SELECT 'published' AS dataset, unit_id, year, indicator_id, measure, value, source_id, locator,
                  out_of, value_as_published, derived_from, note, confidence
           FROM ranked WHERE k = 1
           UNION ALL
           SELECT 'demo' AS dataset, unit_id, year, indicator_id, measure, value, source_id, locator,
                  out_of, NULL, NULL, note, NULL
           FROM stg_demo""",
        "Figures, one per dataset, unit, year, indicator and measure. dataset 'published' holds "
        "published figures only (an imported official table first; a figure printed as stored before an inferred or contested one, "
        "then the most precise source where several agree; probable misprints are left out, see "
        "published_figures); dataset 'demo' is the SIMULATED panel: the 30 district-level units "
        "for 2019–2024, reproducing every published total, rank and block average, and the 126 "
        "commune-level units for 2025 (ranked within the phường and the xã block). Never mix the "
        "two without saying so.",
        {
            "dataset": "'published' (figures from sources) or 'demo' (SIMULATED demo panel).",
            "unit_id": "Unit (see units).",
            "year": "Year evaluated; results are announced in the following year.",
            "indicator_id": "Indicator (see indicators); 'total' is the overall index.",
            "measure": "score_pct, rank, points, delta_pct (change in percentage points), delta_rank "
            "(places gained), count, rate_pct, index, flag …",
            "value": "The figure. Never rounded beyond what the source printed.",
            "source_id": "Source (see sources); 'sim_demo_panel' for the simulated panel.",
            "locator": "A few words around the figure in the source, to find it.",
            "out_of": "For ranks: the number of units ranked; for points: the maximum points.",
            "value_as_published": "The figure as printed (published rows only).",
            "derived_from": "How a derived figure was computed from published ones (NULL if printed).",
            "note": "Curators' note.",
            "confidence": "NULL when printed as stored; 'inferred' or 'low' (see published_figures).",
        },
    ),
    (
        "initiatives",
        """SELECT initiative_id, unit_id, year, name_vi, kind, status, component_id, source_id, locator, note
           FROM stg_initiatives""",
        "Reform initiatives (mô hình, sáng kiến, giải pháp) named in the sources, per unit and year.",
        {
            "initiative_id": "Identifier.",
            "unit_id": "Unit that runs the initiative.",
            "year": "Year the source reports it for.",
            "name_vi": "Name in Vietnamese.",
            "kind": "mô hình, sáng kiến, giải pháp or đề án.",
            "status": "new, continued or in use.",
            "component_id": "Component area it mainly serves (curators' reading).",
        },
    ),
    (
        "corrections",
        """SELECT target_table, target_key, target_column, published_value, corrected_value, source_id, reason
           FROM stg_corrections""",
        "Hand corrections with their reasons. A correction of an observation's value is applied "
        "by the build (the seed keeps the figure as printed); every other record documents a "
        "change a re-check made to a seed record (units, method periods, notes, confidence), "
        "which the build checks the seed now holds.",
        {
            "target_table": "observations, units, method_periods or initiatives.",
            "target_key": "Key of the record: unit|year|indicator|measure, unit_id, period_id or "
            "initiative_id.",
            "target_column": "Column corrected.",
            "published_value": "For a value: the figure as printed. Otherwise what the seed held "
            "before the correction (empty when the record or field was added).",
            "corrected_value": "The value now used.",
            "source_id": "Source the correction rests on (see sources; a legal text without a "
            "reachable copy has url 'none').",
            "reason": "Why the correction was made.",
        },
    ),
    (
        "coverage",
        """WITH years AS (SELECT range AS year FROM range(2012, year(current_date) + 1)),
           inds AS (SELECT indicator_id FROM stg_indicators
                    WHERE indicator_id = 'total' OR (parent_id = 'total' AND indicator_id NOT IN ('appraisal', 'survey'))),
           cells AS (SELECT u.unit_id, y.year, i.indicator_id FROM stg_units u, years y, inds i
                     WHERE (u.level = 'district' OR (u.level = 'commune' AND u.valid_from >= DATE '2025-07-01'))
                       AND u.valid_from <= make_date(y.year, 12, 31)
                       AND (u.valid_to IS NULL OR u.valid_to >= make_date(y.year, 12, 31)))
           SELECT c.unit_id, c.year, c.indicator_id,
                  max(CASE WHEN p.measure = 'score_pct' THEN p.value END) AS published_score,
                  max(CASE WHEN p.measure = 'rank' THEN p.value END) AS published_rank,
                  max(CASE WHEN d.measure = 'score_pct' THEN d.value END) AS demo_score,
                  CASE WHEN max(CASE WHEN p.measure = 'score_pct' THEN 1 END) = 1 THEN 'published'
                       WHEN max(CASE WHEN p.measure = 'rank' THEN 1 END) = 1 THEN 'rank only'
                       ELSE 'missing' END AS published_status
           FROM cells c
           LEFT JOIN stg_observations p ON p.unit_id = c.unit_id AND p.year = c.year
                 AND p.indicator_id = c.indicator_id AND p.measure IN ('score_pct', 'rank')
           LEFT JOIN stg_demo d ON d.unit_id = c.unit_id AND d.year = c.year
                 AND d.indicator_id = c.indicator_id AND d.measure = 'score_pct'
           GROUP BY ALL ORDER BY c.unit_id, c.year, c.indicator_id""",
        "Coverage of the units × years from 2012 (the first method period) to the current year × "
        "the total and eight components: what is published, what is only simulated, what is "
        "missing. A unit has a cell in a year when it existed on 31 December of that year (the "
        "district-level units 2012–2024, Từ Liêm until 2013; the 126 phường and xã from 2025).",
        {
            "published_score": "The published score in % (NULL: none published).",
            "published_rank": "The published rank (NULL: none published).",
            "published_status": "'published' (a score), 'rank only', or 'missing' (no published figure).",
            "demo_score": "The SIMULATED demo value for the cell (districts 2019–2024, communes 2025).",
        },
    ),
    (
        "seed_files",
        "SELECT file, sha256, rows, title FROM stg_seed_files",
        "The seed files the database was built from, with their sha256 (provenance of the build).",
        {
            "file": "Seed file, relative to seeds/.",
            "sha256": "SHA-256 of the file's bytes.",
            "rows": "Records read from it.",
            "title": "Title of the file (seeds/metadata.toml).",
        },
    ),
    (
        "build_info",
        "SELECT key, value FROM stg_build_info",
        "Facts about this build: seeds digest, build version, demo panel seed.",
        {"key": "Name of the fact.", "value": "Its value, as text."},
    ),
)


def _raw_frame(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=[*columns, "_file", "_line"], dtype="string")
    return frame.fillna("")


def _load_stages(con: duckdb.DuckDBPyConnection, seed: SeedSet) -> list[SeedError]:
    for name, table in _RAW.items():
        rows = seed.tables.get(name, [])
        columns = (*REQUIRED_COLUMNS[name], *OPTIONAL_COLUMNS.get(name, ()))
        if name == "observations.csv":
            for r in rows:
                r["_decimals"] = str(
                    published_decimals(r["value"], r["value_as_published"], r["measure"])
                )
            frame = _raw_frame(rows, (*columns, "_decimals"))
        else:
            frame = _raw_frame(rows, columns)
        con.register("_frame", frame)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM _frame")  # noqa: S608 - fixed table names
        con.unregister("_frame")
    con.execute(_STAGING)
    errors: list[SeedError] = []
    for test in _DATA_TESTS:
        sql, params = test if isinstance(test, tuple) else (test, [])
        for file, line, message in con.execute(sql, params).fetchall():
            errors.append(SeedError(str(file), int(line), str(message)))
    return errors


def _published_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """SELECT unit_id, year, indicator_id, measure, value, source_id, decimals FROM stg_observations
           ORDER BY unit_id, year, indicator_id, measure, decimals DESC, source_id"""
    ).df()


def _stage(seed: SeedSet, con: duckdb.DuckDBPyConnection) -> None:
    errors = list(seed.errors)
    if not any(e.line == 0 for e in errors):
        errors += _load_stages(con, seed)
    if errors:
        raise SeedProblems(errors)


def _simulate(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The demo panels (districts 2019–2024, communes 2025) as one frame of demo rows."""
    districts = _simulate_districts(con)
    communes = _simulate_communes(con, districts)
    panel = pd.concat([districts, communes], ignore_index=True)
    panel.attrs["attempt"] = districts.attrs.get("attempt", "")
    panel.attrs["commune_attempt"] = communes.attrs.get("attempt", "")
    return panel


def _simulate_communes(con: duckdb.DuckDBPyConnection, districts: pd.DataFrame) -> pd.DataFrame:
    """The 2025 commune panel, resembling each unit's former districts' simulated 2024 scores."""
    units = con.execute(
        """SELECT unit_id, unit_type AS block FROM stg_units
           WHERE level = 'commune' AND valid_from >= DATE '2025-07-01' ORDER BY unit_id"""
    ).df()
    crosswalk = con.execute(
        "SELECT unit_id, former_unit_id, area_share FROM stg_unit_crosswalk ORDER BY unit_id, former_unit_id"
    ).df()
    scores = districts[(districts.year == 2024) & (districts.measure == "score_pct")][
        ["unit_id", "indicator_id", "value"]
    ]
    published = con.execute(
        """SELECT o.unit_id, o.indicator_id, o.measure, o.value, o._file, o._line
           FROM stg_observations o JOIN stg_units u USING (unit_id)
           WHERE u.level = 'commune' AND u.valid_from >= DATE '2025-07-01' AND o.year = 2025
             AND o.measure IN ('score_pct', 'rank') AND o.confidence IS NULL
           ORDER BY o.unit_id, o.indicator_id, o.measure, o.decimals DESC, o.source_id"""
    ).df()
    published = published.drop_duplicates(["unit_id", "indicator_id", "measure"])
    try:
        return demo_communes.simulate_communes(units, crosswalk, scores, published)
    except ValueError as exc:
        text = str(exc)
        # Point at a published figure of a unit the message names, else at the crosswalk.
        hits = [
            (f, n)
            for u, f, n in zip(published.unit_id, published._file, published._line, strict=True)
            if u in text
        ]
        file, line = hits[-1] if hits else ("unit_crosswalk.csv", 1)
        raise SeedProblems(
            [SeedError(str(file), int(line), f"the 2025 commune demo panel: {text}")]
        ) from None


def _simulate_districts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The district demo panel; seeds it cannot reproduce become a seed problem naming a line."""
    # The units of the 30-unit series (2014-04-01 to 2025-06-30), which the panel covers.
    units = con.execute(
        """SELECT unit_id FROM stg_units WHERE level = 'district'
           AND valid_from <= DATE '2019-01-01' AND valid_to >= DATE '2024-12-31' ORDER BY unit_id"""
    ).df()
    try:
        return demo.simulate(_published_frame(con), units["unit_id"].tolist())
    except ValueError as exc:
        text = str(exc)
        rows = con.execute(
            """SELECT _file, _line, unit_id, year FROM stg_observations
               WHERE measure IN ('score_pct', 'rank') AND year BETWEEN 2019 AND 2024
               ORDER BY _file, _line"""
        ).fetchall()
        # Point at the figure the message names (unit and year), else at the file.
        hits = [r for r in rows if r[2] in text and str(r[3]) in text] or [
            r for r in rows if r[2] in text
        ]
        file, line = (hits[-1][0], hits[-1][1]) if hits else ("observations.csv", 1)
        raise SeedProblems(
            [
                SeedError(
                    str(file), int(line), f"the published figures contradict each other: {text}"
                )
            ]
        ) from None


def validate(seeds_dir: Path = SEEDS_DIR) -> SeedSet:
    """Check the seeds alone (in memory); raise :class:`SeedProblems` listing every problem.

    Examples
    --------
    >>> from analysis.paths import SEEDS_DIR
    >>> len(validate(SEEDS_DIR).tables["units.csv"]) > 30
    True
    """
    seed = read_seeds(seeds_dir)
    con = duckdb.connect(":memory:")
    try:
        _stage(seed, con)
        _simulate(con)
    finally:
        con.close()
    return seed


def _write_views(con: duckdb.DuckDBPyConnection) -> None:
    for name, sql, comment, columns in _VIEWS:
        con.execute(f"CREATE VIEW {name} AS {sql}")
        con.execute(f"COMMENT ON VIEW {name} IS {_quote(comment)}")
        for column, text in columns.items():
            con.execute(f"COMMENT ON COLUMN {name}.{column} IS {_quote(text)}")


def _quote(text: str) -> str:
    # DDL comments cannot take parameters; the texts are our own constants, quoted here.
    return "'" + text.replace("'", "''") + "'"


def build(
    db_path: Path | None = None, seeds_dir: Path = SEEDS_DIR, static_dir: Path | None = None
) -> Path:
    """Build the database from the seeds atomically and return its path.

    Raises :class:`SeedProblems` (and leaves any existing database untouched) when a
    seed record is wrong.

    Then the public views are written as CSV and Parquet into ``static_dir`` (see
    :mod:`analysis.warehouse.publish`); by default only when the target is the project's own
    database (``data/par_index.duckdb``), into ``static/data``, so that builds into other
    places (tests, ``PAR_DB``) never touch the served files. A failure to write them there
    is logged, not raised, because the database itself is built; with an explicit
    ``static_dir`` it is raised.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = build(pathlib.Path(tempfile.mkdtemp()) / "t.duckdb")
    >>> out.exists()
    True
    """
    target = Path(db_path) if db_path is not None else default_db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    seed = read_seeds(seeds_dir)
    # Temporary files of builds killed earlier (their process is gone) would stay forever.
    clean_leftovers(target)
    # The name holds this process's id, so a later build knows whether its owner still runs.
    fd, tmp_name = tempfile.mkstemp(prefix=temp_db_prefix(target), suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # duckdb wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            _stage(seed, con)
            panel = _simulate(con)
            con.register("_demo", panel)
            con.execute(
                "CREATE TABLE stg_demo AS SELECT * FROM _demo ORDER BY unit_id, year, indicator_id, measure"
            )
            con.unregister("_demo")
            files = seed.metadata.get("files", {})
            seed_files = pd.DataFrame(
                [
                    {
                        "file": rel,
                        "sha256": digest,
                        "rows": len(
                            [r for rows in seed.tables.values() for r in rows if r["_file"] == rel]
                        ),
                        "title": files.get(rel, {}).get("title"),
                    }
                    for rel, digest in sorted(seed.hashes.items())
                ]
            )
            con.register("_files", seed_files)
            con.execute("CREATE TABLE stg_seed_files AS SELECT * FROM _files ORDER BY file")
            con.unregister("_files")
            info = pd.DataFrame(
                {
                    "key": [
                        "seeds_digest",
                        "build_version",
                        "demo_seed",
                        "demo_attempt",
                        "demo_communes_seed",
                        "demo_communes_attempt",
                    ],
                    "value": [
                        seeds_digest(seeds_dir),
                        BUILD_VERSION,
                        str(demo.SEED),
                        str(panel.attrs.get("attempt", "")),
                        str(demo_communes.SEED),
                        str(panel.attrs.get("commune_attempt", "")),
                    ],
                }
            )
            con.register("_info", info)
            con.execute("CREATE TABLE stg_build_info AS SELECT * FROM _info")
            con.unregister("_info")
            _write_views(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    _publish(target, static_dir)
    return target


def _publish(target: Path, static_dir: Path | None) -> None:
    from analysis.warehouse.publish import STATIC_DATA_DIR, write_static_data

    if static_dir is not None:
        write_static_data(target, Path(static_dir))
        return
    if target.resolve() != DEFAULT_DB.resolve():
        return
    try:
        write_static_data(target, STATIC_DATA_DIR)
    except OSError as exc:
        logging.getLogger(__name__).warning(
            "built %s, but could not write the analysts' files into %s: %s",
            target,
            STATIC_DATA_DIR,
            exc,
        )
