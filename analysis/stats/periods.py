"""Method periods of the PAR Index: years scored under the same framework.

Scores from different periods are not strictly comparable (the criteria and their weights
changed; 2024 added a bonus/penalty item, QĐ 3598/QĐ-UBND; from 2025 the units themselves are
the 126 phường and xã, scored under QĐ 5666/QĐ-UBND). Any function
comparing years takes ``periods=`` and puts :func:`comparability_warning` (or
:func:`span_warning`) into its ``warning`` field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "DEFAULT_PERIODS",
    "MethodPeriod",
    "comparability_warning",
    "period_of",
    "periods_from_frame",
    "span_warning",
]


@dataclass(frozen=True)
class MethodPeriod:
    """A run of years scored under one framework (both ends inclusive).

    Examples
    --------
    >>> MethodPeriod("p2021", 2021, 2023, "2021–2025 framework", "Bộ chỉ số 2021–2025").contains(2022)
    True
    """

    period_id: str
    first_year: int
    last_year: int
    name_en: str
    name_vi: str

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError(f"{self.period_id}: first_year is after last_year")

    def contains(self, year: int) -> bool:
        """Whether ``year`` lies in the period.

        Examples
        --------
        >>> DEFAULT_PERIODS[0].contains(2021)
        False
        """
        return self.first_year <= int(year) <= self.last_year


#: The periods held by the app (mirrors seeds/method_periods.csv; the 2012–2016 framework is
#: left out because no figures from it are held). p2025, the method for the phường and xã,
#: is in use: it runs to the current year.
DEFAULT_PERIODS: tuple[MethodPeriod, ...] = (
    MethodPeriod("p2017", 2017, 2020, "2017–2020 framework", "Bộ chỉ số giai đoạn 2017–2020"),
    MethodPeriod(
        "p2021",
        2021,
        2023,
        "2021–2025 framework (164 criteria)",
        "Bộ chỉ số giai đoạn 2021–2025 (164 tiêu chí)",
    ),
    MethodPeriod(
        "p2024",
        2024,
        2024,
        "2021–2025 framework with a bonus/penalty item (QĐ 3598/QĐ-UBND, 2024)",
        "Bộ chỉ số 2021–2025, có tiêu chí điểm thưởng/điểm trừ (QĐ 3598/QĐ-UBND, 2024)",
    ),
    MethodPeriod(
        "p2025",
        2025,
        max(2025, datetime.date.today().year),
        "2025 method for phường and xã (QĐ 5666/QĐ-UBND)",
        "Bộ chỉ số cấp xã 2025 (QĐ 5666/QĐ-UBND)",
    ),
)


def period_of(year: int, periods: Sequence[MethodPeriod] = DEFAULT_PERIODS) -> MethodPeriod | None:
    """The period containing ``year``, or None when no period covers it.

    Parameters
    ----------
    year : int
    periods : sequence of MethodPeriod

    Returns
    -------
    MethodPeriod or None

    Examples
    --------
    >>> period_of(2022).period_id
    'p2021'
    >>> period_of(2030) is None
    True
    """
    for period in periods:
        if period.contains(year):
            return period
    return None


def comparability_warning(
    year_a: int, year_b: int, periods: Sequence[MethodPeriod] = DEFAULT_PERIODS
) -> str | None:
    """English warning when two years were scored under different methods, else None.

    A year outside every known period also gets a warning, because its comparability is
    unknown rather than established.

    Parameters
    ----------
    year_a, year_b : int
        The two years compared (order does not matter).
    periods : sequence of MethodPeriod

    Returns
    -------
    str or None
        One English sentence naming both periods, or None when they are the same.

    Examples
    --------
    >>> comparability_warning(2020, 2021)
    '2020 (2017–2020 framework) and 2021 (2021–2025 framework (164 criteria)) were scored under different methods; differences mix real change with the change of method.'
    >>> comparability_warning(2021, 2023) is None
    True
    """
    return span_warning([year_a, year_b], periods)


def span_warning(
    years: Iterable[int], periods: Sequence[MethodPeriod] = DEFAULT_PERIODS
) -> str | None:
    """Warning when ``years`` do not all lie in one known method period, else None.

    Parameters
    ----------
    years : iterable of int
        Years that are compared or pooled (duplicates are ignored).
    periods : sequence of MethodPeriod

    Returns
    -------
    str or None

    Examples
    --------
    >>> span_warning([2019, 2020, 2021, 2022])
    'The years 2019–2022 span 2 method periods (2017–2020 framework; 2021–2025 framework (164 criteria)); differences mix real change with the change of method.'
    >>> span_warning([2021, 2022, 2023]) is None
    True
    """
    ys = sorted({int(y) for y in years})
    if len(ys) < 2:
        return None
    unknown = [y for y in ys if period_of(y, periods) is None]
    if unknown:
        listed = ", ".join(str(y) for y in unknown)
        return (
            f"{listed} lie(s) outside the known method periods; comparability with the other "
            "years is not established."
        )
    spanned: list[MethodPeriod] = []
    for y in ys:
        p = period_of(y, periods)
        if p is not None and p not in spanned:
            spanned.append(p)
    if len(spanned) < 2:
        return None
    tail = "differences mix real change with the change of method."
    if len(ys) == 2:
        a, b = ys
        pa, pb = spanned
        return (
            f"{a} ({pa.name_en}) and {b} ({pb.name_en}) were scored under different methods; {tail}"
        )
    names = "; ".join(p.name_en for p in spanned)
    return f"The years {ys[0]}–{ys[-1]} span {len(spanned)} method periods ({names}); {tail}"


def periods_from_frame(df: pd.DataFrame) -> tuple[MethodPeriod, ...]:
    """Build periods from a table with period_id, first_year, last_year, name_en, name_vi.

    The database view ``method_periods`` has these columns. Rows are sorted by
    ``first_year``; overlapping periods raise ``ValueError``. An empty ``last_year`` (the
    method in use, as in seeds/method_periods.csv) runs to the current year.

    Examples
    --------
    >>> df = pd.DataFrame({"period_id": ["b", "a"], "first_year": [2021, 2017],
    ...                    "last_year": [2023, 2020], "name_en": ["B", "A"],
    ...                    "name_vi": ["B", "A"]})
    >>> [p.period_id for p in periods_from_frame(df)]
    ['a', 'b']
    """
    needed = ["period_id", "first_year", "last_year", "name_en", "name_vi"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"method periods table lacks column(s) {missing}")
    rows = df.sort_values("first_year")
    periods = tuple(
        MethodPeriod(
            str(r.period_id),
            int(r.first_year),
            int(r.last_year)
            if pd.notna(r.last_year)
            else max(int(r.first_year), datetime.date.today().year),
            str(r.name_en),
            str(r.name_vi),
        )
        for r in rows.itertuples(index=False)
    )
    for earlier, later in zip(periods, periods[1:], strict=False):
        if later.first_year <= earlier.last_year:
            raise ValueError(f"method periods {earlier.period_id} and {later.period_id} overlap")
    return periods
