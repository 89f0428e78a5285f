"""Property-based tests: the table-driven clock agrees with a naive day-by-day reference."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given
from hypothesis import strategies as st

from homecase.clock import (
    CALENDAR_NAMES,
    END_OF_DAY,
    WorkingCalendar,
    due_within_working_days,
    get_calendar,
    working_days_taken,
)

LONDON = ZoneInfo("Europe/London")
SUBDIV = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}

# Leave room at the end of the 2000-2060 table for up to MAX_N working days.
MAX_N = 400
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2058, 12, 31))
amounts = st.integers(min_value=0, max_value=MAX_N)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds must be naive
    max_value=datetime(2058, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, LONDON]),
)


@st.composite
def calendars_near(draw: st.DrawFn, around: date) -> WorkingCalendar:
    """A nation's calendar with a few closure days close enough to ``around`` to matter."""
    name = draw(st.sampled_from(CALENDAR_NAMES))
    closures = draw(
        st.frozensets(
            st.dates(min_value=around - timedelta(days=10), max_value=around + timedelta(days=600)),
            max_size=8,
        )
    )
    return get_calendar(name, closures=closures)


@st.composite
def cases(draw: st.DrawFn) -> tuple[WorkingCalendar, date]:
    """A calendar and any start date (working or not)."""
    start = draw(dates)
    return draw(calendars_near(start)), start


@st.composite
def working_cases(draw: st.DrawFn) -> tuple[WorkingCalendar, date]:
    """A calendar and a start date that is a working day in it."""
    calendar, start = draw(cases())
    return calendar, calendar.next_working_day_on_or_after(start)


@cache
def _bank_holidays(name: str) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=SUBDIV[name], years=range(2000, 2061)))


def reference_is_working(calendar: WorkingCalendar, d: date) -> bool:
    return d.weekday() < 5 and d not in _bank_holidays(calendar.name) and d not in calendar.closures


def reference_add(calendar: WorkingCalendar, start: date, n: int) -> date:
    """Day-by-day: move to day 0, then step forward counting working days."""
    d = start
    while not reference_is_working(calendar, d):
        d += timedelta(days=1)
    counted = 0
    while counted < n:
        d += timedelta(days=1)
        if reference_is_working(calendar, d):
            counted += 1
    return d


@given(cases(), amounts)
def test_matches_day_by_day_reference(case, n):
    # given
    calendar, start = case

    # when
    result = calendar.add_working_days(start, n)

    # then
    assert result == reference_add(calendar, start, n)


@given(cases(), st.integers(min_value=0, max_value=30))
def test_is_working_day_matches_reference(case, offset):
    # given
    calendar, start = case
    d = start + timedelta(days=offset)

    # then
    assert calendar.is_working_day(d) == reference_is_working(calendar, d)


@given(cases(), amounts)
def test_result_is_a_working_day_not_before_start(case, n):
    # given
    calendar, start = case

    # when
    result = calendar.add_working_days(start, n)

    # then
    assert calendar.is_working_day(result)
    assert result >= start
    if n >= 1:
        assert result > start


@given(cases(), st.integers(min_value=0, max_value=MAX_N - 1))
def test_strictly_monotonic_in_n(case, n):
    # given
    calendar, start = case

    # then
    assert calendar.add_working_days(start, n) < calendar.add_working_days(start, n + 1)


@given(working_cases(), amounts)
def test_between_inverts_add_for_working_days(case, n):
    # given
    calendar, start = case

    # when
    end = calendar.add_working_days(start, n)

    # then
    assert calendar.working_days_between(start, end) == n
    assert calendar.working_days_between(end, start) == -n


@given(working_cases(), st.integers(0, MAX_N // 2), st.integers(0, MAX_N // 2))
def test_add_is_associative_for_working_days(case, a, b):
    # given
    calendar, start = case

    # when
    stepwise = calendar.add_working_days(calendar.add_working_days(start, a), b)

    # then
    assert stepwise == calendar.add_working_days(start, a + b)


@given(cases(), dates, dates)
def test_between_is_additive(case, b, c):
    # given
    calendar, a = case

    # when
    total = calendar.working_days_between(a, c)

    # then
    assert calendar.working_days_between(a, b) + calendar.working_days_between(b, c) == total


@given(st.data(), instants, st.integers(min_value=0, max_value=60))
def test_due_is_utc_at_the_end_of_a_local_working_day(data, received, n):
    # given
    calendar = data.draw(calendars_near(received.date()))

    # when
    due = due_within_working_days(received, n, calendar)

    # then
    local = due.astimezone(LONDON)
    assert due.tzinfo is UTC
    assert calendar.is_working_day(local.date())
    assert local.time() == END_OF_DAY
    assert due > received


@given(st.data(), instants, st.integers(0, 120 * 24 * 60))
def test_taken_is_the_smallest_deadline_met(data, received, minutes_later):
    # given
    calendar = data.draw(calendars_near(received.date()))
    done = received + timedelta(minutes=minutes_later)

    # when
    taken = working_days_taken(received, done, calendar)

    # then: "took n working days" means the n-day deadline was met and the (n-1)-day one missed
    assert done <= due_within_working_days(received, taken, calendar)
    if taken > 0:
        assert done > due_within_working_days(received, taken - 1, calendar)
