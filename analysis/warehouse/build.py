"""Build the DuckDB file from seeds/ in stages: raw → typed staging → documented public views.

The build is deterministic (the same seeds give the same table contents) and atomic:
it writes a new file beside the target and renames it over the old one only when
every data test has passed, so a reader never sees half a database and a failed
build leaves the previous file untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from analysis.paths import SEEDS_DIR, default_db_path
from analysis.warehouse import demo
from analysis.warehouse.seeds import (
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
    "indicators.csv": "raw_indicators",
    "method_periods.csv": "raw_method_periods",
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

CREATE TABLE stg_indicators AS
SELECT indicator_id, name_vi, name_en, NULLIF(parent_id, '') AS parent_id,
       TRY_CAST(NULLIF(max_points, '') AS DOUBLE) AS max_points, max_points AS max_points_text,
       NULLIF(max_points_source_id, '') AS max_points_source_id, applies_to,
       NULLIF(description, '') AS description, _file, CAST(_line AS INTEGER) AS _line
FROM raw_indicators ORDER BY indicator_id, _line;

CREATE TABLE stg_method_periods AS
SELECT period_id, TRY_CAST(first_year AS INTEGER) AS first_year,
       TRY_CAST(last_year AS INTEGER) AS last_year, name_vi, name_en,
       TRY_CAST(NULLIF(total_points, '') AS DOUBLE) AS total_points,
       TRY_CAST(NULLIF(appraisal_points, '') AS DOUBLE) AS appraisal_points,
       TRY_CAST(NULLIF(survey_points, '') AS DOUBLE) AS survey_points,
       TRY_CAST(NULLIF(criteria_district, '') AS INTEGER) AS criteria_district,
       NULLIF(source_id, '') AS source_id, description, _file, CAST(_line AS INTEGER) AS _line
FROM raw_method_periods ORDER BY first_year, _line;

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
       c.reason AS correction_reason, o._file, CAST(o._line AS INTEGER) AS _line
FROM raw_observations o
LEFT JOIN raw_corrections c
  ON c."table" = 'observations'
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
       FROM stg_method_periods WHERE first_year IS NULL OR last_year IS NULL OR first_year > last_year""",
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
        """SELECT _file, _line, 'kind ''' || kind || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_initiatives WHERE NOT list_contains(?, kind)""",
        [list(INITIATIVE_KINDS), list(INITIATIVE_KINDS)],
    ),
    (
        """SELECT _file, _line, 'status ''' || status || ''' is not one of ' || array_to_string(?, ', ')
           FROM stg_initiatives WHERE NOT list_contains(?, status)""",
        [list(INITIATIVE_STATUS), list(INITIATIVE_STATUS)],
    ),
    """SELECT 'units.csv', 1, 'expected 30 district-level units, found ' || count(*)
       FROM stg_units WHERE level = 'district' HAVING count(*) <> 30""",
    """SELECT _file, _line, 'a district-level unit needs a geo_code' FROM stg_units
       WHERE level = 'district' AND geo_code IS NULL""",
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
    """SELECT c._file, c._line, 'source ''' || c.source_id || ''' does not exist in sources.csv'
       FROM stg_corrections c WHERE source_id NOT IN (SELECT source_id FROM stg_sources)""",
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
             JOIN stg_units d ON d.level = 'district' AND year(d.valid_from) <= y.year
              AND (d.valid_to IS NULL OR year(d.valid_to) >= y.year) GROUP BY y.year) n ON n.year = o.year
       WHERE u.level = 'district' AND o.measure = 'rank' AND (o.value > n.k OR o.out_of > n.k)""",
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
         ON a.period_id < b.period_id AND a.first_year <= b.last_year AND b.first_year <= a.last_year""",
)

_VIEWS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    (
        "units",
        """SELECT unit_id, name_vi, name_en, unit_type, level, valid_from, valid_to, geo_code, parent_id, note
           FROM stg_units""",
        "Administrative units: Hà Nội's 30 district-level units (valid until 2025-06-30, when "
        "districts were abolished), the city, blocks, departments and the wards/communes the sources name.",
        {
            "unit_id": "Stable identifier (ASCII, snake_case).",
            "name_vi": "Name in Vietnamese with diacritics, without the type prefix.",
            "name_en": "Name without diacritics (English/ASCII).",
            "unit_type": "quận, huyện, thị xã, thành phố, khối, sở, phường, xã or thị trấn.",
            "level": "district, city, block, department or commune.",
            "valid_from": "First day the unit existed in this form within Hà Nội.",
            "valid_to": "Last day of the unit (2025-06-30 for all district-level units); NULL while it exists.",
            "geo_code": "ADM2_PCODE of the COD-AB boundaries (district-level units only).",
            "parent_id": "The unit this one belongs to.",
            "note": "Curators' note.",
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
        """SELECT period_id, first_year, last_year, name_vi, name_en, total_points, appraisal_points,
                  survey_points, criteria_district, source_id, description FROM stg_method_periods""",
        "Method periods of the index. Years in different periods are not directly comparable.",
        {
            "period_id": "Identifier.",
            "first_year": "First year evaluated with this method.",
            "last_year": "Last year evaluated with this method.",
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
        "published_figures",
        """SELECT unit_id, year, indicator_id, measure, value, value_as_published, out_of, source_id,
                  locator, derived_from, note, correction_reason, decimals, _file AS seed_file, _line AS seed_line
           FROM stg_observations""",
        "Every published figure as curated, one row per figure per source (the same figure may "
        "come from two sources that agree at the coarser precision).",
        {
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
                 ORDER BY starts_with(source_id, 'import_') DESC, decimals DESC,
                          derived_from IS NOT NULL, s.published_on, source_id) AS k
             FROM stg_observations o JOIN stg_sources s USING (source_id))
           SELECT 'published' AS dataset, unit_id, year, indicator_id, measure, value, source_id, locator,
                  out_of, value_as_published, derived_from, note
           FROM ranked WHERE k = 1
           UNION ALL
           SELECT 'demo' AS dataset, unit_id, year, indicator_id, measure, value, source_id, locator,
                  out_of, NULL, NULL, note
           FROM stg_demo""",
        "Figures, one per dataset, unit, year, indicator and measure. dataset 'published' holds "
        "published figures only (an imported official table first, then the most precise source); dataset 'demo' is "
        "the SIMULATED 30-unit panel for 2019–2024 that reproduces every published total, rank and "
        "block average. Never mix the two without saying so.",
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
        "Hand corrections: every place where a stored value differs from what the source prints.",
        {"reason": "Why the correction was made."},
    ),
    (
        "coverage",
        """WITH years AS (SELECT range AS year FROM range(2017, 2025)),
           inds AS (SELECT indicator_id FROM stg_indicators
                    WHERE indicator_id = 'total' OR (parent_id = 'total' AND indicator_id NOT IN ('appraisal', 'survey'))),
           cells AS (SELECT u.unit_id, y.year, i.indicator_id FROM stg_units u, years y, inds i
                     WHERE u.level = 'district' AND year(u.valid_from) <= y.year AND year(u.valid_to) >= y.year)
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
        "Coverage of the 30 district-level units × years 2017–2024 × the total and eight components: "
        "what is published, what is only simulated, what is missing.",
        {
            "published_status": "'published' (a score), 'rank only', or 'missing' (no published figure).",
            "demo_score": "The SIMULATED demo value for the cell (2019–2024 only).",
        },
    ),
    (
        "seed_files",
        "SELECT file, sha256, rows, title FROM stg_seed_files",
        "The seed files the database was built from, with their sha256 (provenance of the build).",
        {"sha256": "SHA-256 of the file's bytes.", "rows": "Records read from it."},
    ),
    (
        "build_info",
        "SELECT key, value FROM stg_build_info",
        "Facts about this build: seeds digest, build version, demo panel seed.",
        {},
    ),
)


def _raw_frame(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=[*columns, "_file", "_line"], dtype="string")
    return frame.fillna("")


def _load_stages(con: duckdb.DuckDBPyConnection, seed: SeedSet) -> list[SeedError]:
    from analysis.warehouse.seeds import REQUIRED_COLUMNS

    for name, table in _RAW.items():
        rows = seed.tables.get(name, [])
        columns = REQUIRED_COLUMNS[name]
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
    """The demo panel; seeds it cannot reproduce become a seed problem naming a line."""
    units = con.execute(
        "SELECT unit_id FROM stg_units WHERE level = 'district' ORDER BY unit_id"
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


def build(db_path: Path | None = None, seeds_dir: Path = SEEDS_DIR) -> Path:
    """Build the database from the seeds atomically and return its path.

    Raises :class:`SeedProblems` (and leaves any existing database untouched) when a
    seed record is wrong.

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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
                    "key": ["seeds_digest", "build_version", "demo_seed", "demo_attempt"],
                    "value": [
                        seeds_digest(seeds_dir),
                        BUILD_VERSION,
                        str(demo.SEED),
                        str(panel.attrs.get("attempt", "")),
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
    return target
