"""Tenant Satisfaction Measures arithmetic, pure: reporting years (1 April - 31 March, named
`2025-26`), periods and their validation, and the two kinds of result the Regulator asks for
(a rate per 1,000 homes and a percentage share), each rounded to one decimal place, halves
away from zero. No Django here: the selectors count, these rules compute."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")
_ONE_PLACE = Decimal("0.1")


class PeriodError(ValueError):
    """A period or reporting year that cannot be reported on, in plain English."""


@dataclass(frozen=True)
class Period:
    """The dates a return covers, both inclusive, and how to name it."""

    start: date
    end: date
    label: str

    @property
    def is_reporting_year(self) -> bool:
        return _YEAR_LABEL.match(self.label) is not None


def year_label(start_year: int) -> str:
    """`2025` -> `2025-26`: the reporting year that starts on 1 April of `start_year`."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def reporting_year_of(day: date) -> str:
    """The reporting year a day falls in (1 April to 31 March)."""
    return year_label(day.year if day.month >= 4 else day.year - 1)


def reporting_year(label: str) -> Period:
    """The period of a reporting year named like `2025-26`."""
    match = _YEAR_LABEL.match(label.strip())
    if match is None:
        raise PeriodError("Enter a reporting year like 2025-26.")
    first = int(match.group(1))
    if int(match.group(2)) != (first + 1) % 100:
        raise PeriodError(f"A reporting year runs from April to March: {year_label(first)}.")
    return Period(date(first, 4, 1), date(first + 1, 3, 31), year_label(first))


def period_between(start: date, end: date) -> Period:
    """Any period from `start` to `end`, both inclusive; refused if it ends before it starts."""
    if end < start:
        raise PeriodError("The end of the period must be the same as or after its start.")
    if start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31):
        return Period(start, end, year_label(start.year))
    return Period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}")


def recent_years(today: date, count: int = 10) -> list[str]:
    """The current reporting year and the `count - 1` before it, newest first."""
    current = int(reporting_year_of(today)[:4])
    return [year_label(current - n) for n in range(count)]


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


def per_thousand(count: int, homes: int) -> Decimal | None:
    """`count` per 1,000 homes to one decimal place; None (no data) when there are no homes."""
    if homes <= 0:
        return None
    return _one_place(Decimal(count) * 1000 / Decimal(homes))


def share(numerator: int, denominator: int) -> Decimal | None:
    """`numerator` as a percentage of `denominator` to one decimal place; None (no data) when
    nothing was counted."""
    if denominator <= 0:
        return None
    if not 0 <= numerator <= denominator:
        raise ValueError("A share's numerator must be between 0 and its denominator.")
    return _one_place(Decimal(numerator) * 100 / Decimal(denominator))


def result_text(result: Decimal | None, kind: str) -> str:
    """How a result reads: `12.5%`, `3.2 per 1,000 homes`, or `No data`."""
    if result is None:
        return "No data"
    return f"{result}%" if kind == SHARE else f"{result} per 1,000 homes"


SHARE = "share"
PER_THOUSAND = "per_thousand"
