"""Working-day calendars for the nations of the UK.

A working day is Monday to Friday, not a bank holiday in the nation of the home, and not a
closure day configured by the landlord. Bank holidays come from the ``holidays`` package
(``GB`` with subdivision ``ENG``/``SCT``/``NIR``; Wales shares England's list), including
one-off days such as the Platinum Jubilee (2022-06-03), the State funeral (2022-09-19) and the
Coronation (2023-05-08), which the tests pin for every nation.

Deadline arithmetic is on the hot path of list pages and reports, so each calendar is turned
once into two tables over a fixed year range and every query is a couple of list look-ups:

* ``_before[i]``: how many working days fall strictly before day ``base + i`` (one extra entry
  at the end so "up to and including" counts need no special case);
* ``_working[k]``: the ordinal of the k-th working day in the table.

A date outside the table raises :class:`OutOfRange` rather than returning a guess.

This module is pure Python: no Django, no I/O, and it never reads the current time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import holidays

from homecase.clock.errors import ClockError, OutOfRange, UnknownCalendar

DEFAULT_CALENDAR = "england-and-wales"
DEFAULT_FIRST_YEAR = 2000
DEFAULT_LAST_YEAR = 2060

# Calendar identifier -> ``holidays`` subdivision of "GB". England and Wales share one list.
_SUBDIVISIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
CALENDAR_NAMES: tuple[str, ...] = tuple(_SUBDIVISIONS)

_SATURDAY = 5
_fromordinal = date.fromordinal


@dataclass(frozen=True, eq=False, slots=True)
class WorkingCalendar:
    """An immutable working-day calendar over ``first_year``..``last_year`` inclusive.

    Build one with :func:`get_calendar` (which caches), not by calling the constructor: the
    private tables must agree with the public fields.

    Convention for a start day that is not a working day: it behaves as the next working day,
    so ``add_working_days(saturday, 0)`` is the following Monday (if that is a working day).
    This matches the rule that something received on a non-working day counts as received on
    the next working day.
    """

    name: str
    closures: frozenset[date]
    first_year: int
    last_year: int
    holidays_version: str
    closures_fingerprint: str
    _base: int = field(repr=False)
    _before: tuple[int, ...] = field(repr=False)
    _working: tuple[int, ...] = field(repr=False)

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a weekday that is neither a bank holiday nor a closure day."""
        i = self._index(d)
        return self._before[i + 1] != self._before[i]

    def add_working_days(self, start: date, n: int) -> date:
        """The date of the ``n``-th working day after ``start`` (``start`` being day 0).

        ``n == 0`` returns ``start`` itself when it is a working day, otherwise the next
        working day (see the class docstring). This is the hot path: two list look-ups.
        """
        if n < 0:
            raise ClockError("number of working days cannot be negative")
        if isinstance(start, datetime):
            raise TypeError("add_working_days takes a date, not a datetime; use deadlines.*")
        i = start.toordinal() - self._base
        if i < 0:
            raise self._out_of_range(start, n)
        try:
            return _fromordinal(self._working[self._before[i] + n])
        except IndexError:
            raise self._out_of_range(start, n) from None

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` up to and including ``end``.

        0 when ``start == end``. Signed: if ``end < start`` the result is
        ``-working_days_between(end, start)``, so counts add up across any three dates
        (``between(a, b) + between(b, c) == between(a, c)``) and callers never need to sort.
        """
        s = self._index(start)
        e = self._index(end)
        return self._before[e + 1] - self._before[s + 1]

    def next_working_day_on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it."""
        i = self._index(d)
        try:
            return _fromordinal(self._working[self._before[i]])
        except IndexError:
            raise self._out_of_range(d, 0) from None

    def _index(self, d: date) -> int:
        if not isinstance(d, date) or isinstance(d, datetime):
            raise TypeError(f"expected a date, got {type(d).__name__}")
        i = d.toordinal() - self._base
        if 0 <= i < len(self._before) - 1:
            return i
        raise self._out_of_range(d, 0)

    def _out_of_range(self, d: date, n: int) -> OutOfRange:
        what = d.isoformat() if n == 0 else f"{d.isoformat()} + {n} working days"
        return OutOfRange(
            f"{what} falls outside the {self.name} working-day table "
            f"({self.first_year}-01-01 to {self.last_year}-12-31); "
            "build the calendar with a wider first_year/last_year"
        )


def get_calendar(
    name: str = DEFAULT_CALENDAR,
    *,
    closures: Iterable[date] = (),
    first_year: int = DEFAULT_FIRST_YEAR,
    last_year: int = DEFAULT_LAST_YEAR,
) -> WorkingCalendar:
    """The working-day calendar for nation ``name`` plus the landlord's ``closures``.

    Built calendars are cached by (name, closures, year range), so calling this per request
    is cheap. ``name`` is one of :data:`CALENDAR_NAMES`.
    """
    if name not in _SUBDIVISIONS:
        raise UnknownCalendar(
            f"unknown calendar {name!r}; valid names are: {', '.join(CALENDAR_NAMES)}"
        )
    if not (isinstance(first_year, int) and isinstance(last_year, int)):
        raise TypeError("first_year and last_year must be integers")
    if not date.min.year < first_year <= last_year < date.max.year:
        raise ClockError(f"bad year range {first_year}..{last_year}")
    return _build(name, _normalise_closures(closures), first_year, last_year)


def _normalise_closures(closures: Iterable[date]) -> frozenset[date]:
    result = frozenset(closures)
    for d in result:
        if not isinstance(d, date) or isinstance(d, datetime):
            raise TypeError(f"closure days must be dates, got {d!r}")
    return result


@lru_cache(maxsize=128)
def _build(
    name: str, closures: frozenset[date], first_year: int, last_year: int
) -> WorkingCalendar:
    days_off = _bank_holiday_ordinals(name, first_year, last_year) | {
        d.toordinal() for d in closures
    }
    base = date(first_year, 1, 1).toordinal()
    end = date(last_year, 12, 31).toordinal()
    before, working = _tables(base, end, days_off)
    return WorkingCalendar(
        name=name,
        closures=closures,
        first_year=first_year,
        last_year=last_year,
        holidays_version=holidays.__version__,
        closures_fingerprint=_fingerprint(closures),
        _base=base,
        _before=before,
        _working=working,
    )


@lru_cache(maxsize=16)
def _bank_holiday_ordinals(name: str, first_year: int, last_year: int) -> frozenset[int]:
    """The nation's bank holidays, shared by every landlord's calendar for that nation."""
    bank_holidays = holidays.country_holidays(
        "GB", subdiv=_SUBDIVISIONS[name], years=range(first_year, last_year + 1)
    )
    return frozenset(d.toordinal() for d in bank_holidays)


def _tables(
    base: int, end: int, days_off: frozenset[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Build ``_before`` (len = days + 1) and ``_working`` for ordinals ``base..end``."""
    before: list[int] = []
    working: list[int] = []
    for ordinal in range(base, end + 1):
        before.append(len(working))
        if _fromordinal(ordinal).weekday() < _SATURDAY and ordinal not in days_off:
            working.append(ordinal)
    before.append(len(working))
    return tuple(before), tuple(working)


def _fingerprint(closures: frozenset[date]) -> str:
    """A short, stable digest of the closure days, for recording what a deadline used."""
    text = ",".join(sorted(d.isoformat() for d in closures))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]
