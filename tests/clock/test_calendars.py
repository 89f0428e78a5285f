"""Exact-value tests for working-day calendars: nations, one-off days, closures, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime

import holidays
import pytest

from homecase.clock import (
    CALENDAR_NAMES,
    ClockError,
    OutOfRange,
    UnknownCalendar,
    get_calendar,
)

ONE_OFF_DAYS = [
    date(2002, 6, 3),  # Golden Jubilee
    date(2011, 4, 29),  # Royal wedding
    date(2012, 6, 5),  # Diamond Jubilee
    date(2022, 6, 3),  # Platinum Jubilee
    date(2022, 9, 19),  # State funeral of Queen Elizabeth II
    date(2023, 5, 8),  # Coronation of King Charles III
]


@pytest.mark.parametrize("name", CALENDAR_NAMES)
@pytest.mark.parametrize("day", ONE_OFF_DAYS)
def test_one_off_bank_holidays_are_not_working_days_in_every_nation(name, day):
    # given
    calendar = get_calendar(name)

    # when
    working = calendar.is_working_day(day)

    # then
    assert working is False


def test_calendar_names():
    # then
    assert CALENDAR_NAMES == ("england-and-wales", "scotland", "northern-ireland")


def test_wales_shares_englands_bank_holidays():
    # given
    years = range(2000, 2061)

    # when
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)

    # then
    assert set(england) == set(wales)


@pytest.mark.parametrize(
    ("day", "expected"),
    # expected: working day in (england-and-wales, scotland, northern-ireland)
    [
        (date(2024, 1, 2), (True, False, True)),
        # 2023: 1 Jan is a Sunday, so Scotland's 2 January moves to Tuesday 3 January.
        (date(2023, 1, 3), (True, False, True)),
        # St Andrew's Day 2024 is a Saturday: substitute Monday 2 December in Scotland only.
        (date(2024, 12, 2), (True, False, True)),
        # Easter Monday is not a bank holiday in Scotland.
        (date(2024, 4, 1), (False, True, False)),
        # Summer bank holiday: first Monday of August in Scotland ...
        (date(2024, 8, 5), (True, False, True)),
        # ... last Monday of August elsewhere.
        (date(2024, 8, 26), (False, True, False)),
        # St Patrick's Day 2024 is a Sunday: substitute Monday 18 March in Northern Ireland.
        (date(2024, 3, 18), (True, True, False)),
        (date(2025, 3, 17), (True, True, False)),
        # Battle of the Boyne (12 July), and its substitute when the 12th is a Sunday.
        (date(2024, 7, 12), (True, True, False)),
        (date(2026, 7, 13), (True, True, False)),
        # An ordinary Wednesday and an ordinary Saturday.
        (date(2024, 6, 5), (True, True, True)),
        (date(2024, 6, 8), (False, False, False)),
    ],
)
def test_nation_specific_working_days(day, expected):
    # when
    actual = tuple(get_calendar(name).is_working_day(day) for name in CALENDAR_NAMES)

    # then
    assert actual == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("england-and-wales", date(2025, 1, 2)),
        ("scotland", date(2025, 1, 3)),
        ("northern-ireland", date(2025, 1, 2)),
    ],
)
def test_christmas_week(name, expected):
    # given: Monday 23 December 2024; 25, 26 Dec and 1 Jan (and 2 Jan in Scotland) are off
    calendar = get_calendar(name)

    # when
    due = calendar.add_working_days(date(2024, 12, 23), 5)

    # then
    assert due == expected


def test_closures_are_not_working_days():
    # given: the landlord closes on Christmas Eve and New Year's Eve
    calendar = get_calendar(closures=[date(2024, 12, 24), date(2024, 12, 31)])

    # when
    due = calendar.add_working_days(date(2024, 12, 23), 5)

    # then: 27, 30 Dec, 2, 3, 6 Jan
    assert due == date(2025, 1, 6)
    assert calendar.is_working_day(date(2024, 12, 24)) is False
    assert get_calendar().is_working_day(date(2024, 12, 24)) is True


def test_closures_change_the_fingerprint_but_not_the_name():
    # given
    plain = get_calendar()
    closed = get_calendar(closures=[date(2024, 12, 24)])

    # then
    assert closed.name == plain.name == "england-and-wales"
    assert closed.closures_fingerprint != plain.closures_fingerprint
    assert closed.closures_fingerprint.startswith("sha256:")


def test_built_calendars_are_cached():
    # given
    closures_list = [date(2024, 12, 24), date(2024, 12, 31)]

    # when
    first = get_calendar("scotland", closures=closures_list)
    second = get_calendar("scotland", closures=tuple(reversed(closures_list)))

    # then
    assert first is second
    assert get_calendar() is get_calendar("england-and-wales")


def test_add_zero_working_days_from_a_working_day_is_that_day():
    # when
    result = get_calendar().add_working_days(date(2024, 6, 5), 0)

    # then
    assert result == date(2024, 6, 5)


def test_add_working_days_from_a_weekend_starts_on_the_next_working_day():
    # given: Saturday 8 June 2024, so day 0 is Monday 10 June
    calendar = get_calendar()

    # when
    zero = calendar.add_working_days(date(2024, 6, 8), 0)
    one = calendar.add_working_days(date(2024, 6, 8), 1)

    # then
    assert zero == date(2024, 6, 10)
    assert one == date(2024, 6, 11)


def test_add_working_days_skips_easter_weekend():
    # given: Thursday 28 March 2024; Good Friday 29 March and Easter Monday 1 April are off
    start = date(2024, 3, 28)

    # when
    england = get_calendar().add_working_days(start, 1)
    scotland = get_calendar("scotland").add_working_days(start, 1)

    # then
    assert england == date(2024, 4, 2)
    assert scotland == date(2024, 4, 1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 6, 3), date(2024, 6, 3), 0),
        (date(2024, 6, 3), date(2024, 6, 10), 5),
        (date(2024, 6, 10), date(2024, 6, 3), -5),
        (date(2024, 6, 7), date(2024, 6, 9), 0),  # Friday -> Sunday
        (date(2024, 6, 8), date(2024, 6, 10), 1),  # Saturday -> Monday
        (date(2024, 12, 23), date(2025, 1, 2), 5),
    ],
)
def test_working_days_between(start, end, expected):
    # when
    result = get_calendar().working_days_between(start, end)

    # then
    assert result == expected


def test_next_working_day_on_or_after():
    # given
    calendar = get_calendar()

    # then
    assert calendar.next_working_day_on_or_after(date(2024, 6, 5)) == date(2024, 6, 5)
    assert calendar.next_working_day_on_or_after(date(2024, 12, 25)) == date(2024, 12, 27)
    assert calendar.next_working_day_on_or_after(date(2022, 6, 2)) == date(2022, 6, 6)


def test_negative_working_days_are_refused():
    # when / then
    with pytest.raises(ValueError, match="number of working days cannot be negative"):
        get_calendar().add_working_days(date(2024, 6, 3), -1)


def test_unknown_calendar_lists_the_valid_names():
    # when
    with pytest.raises(UnknownCalendar) as info:
        get_calendar("wales")

    # then
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        "unknown calendar 'wales'; valid names are: england-and-wales, scotland, northern-ireland"
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add_working_days(date(1999, 12, 31), 1),
        lambda c: c.add_working_days(date(2061, 1, 1), 0),
        lambda c: c.add_working_days(date(2060, 12, 1), 100),
        lambda c: c.is_working_day(date(2061, 1, 1)),
        lambda c: c.next_working_day_on_or_after(date(1999, 1, 1)),
        lambda c: c.working_days_between(date(2024, 1, 1), date(2070, 1, 1)),
    ],
)
def test_dates_outside_the_table_raise_out_of_range(call):
    # given
    calendar = get_calendar()

    # when / then
    with pytest.raises(OutOfRange, match="outside the england-and-wales working-day table"):
        call(calendar)


def test_a_narrow_table_raises_out_of_range_past_its_end():
    # given
    calendar = get_calendar(first_year=2024, last_year=2024)

    # when / then
    assert calendar.add_working_days(date(2024, 12, 30), 1) == date(2024, 12, 31)
    with pytest.raises(OutOfRange, match=r"2024-12-30 \+ 2 working days"):
        calendar.add_working_days(date(2024, 12, 30), 2)


def test_no_working_day_left_in_the_table_raises_out_of_range():
    # given: Saturday 31 December 2022 is the last day of this table
    calendar = get_calendar(first_year=2022, last_year=2022)

    # when / then
    with pytest.raises(OutOfRange, match="2022-12-31 falls outside"):
        calendar.next_working_day_on_or_after(date(2022, 12, 31))


def test_bad_year_range_is_refused():
    # when / then
    with pytest.raises(ClockError, match="bad year range 2030..2020"):
        get_calendar(first_year=2030, last_year=2020)


def test_datetimes_are_refused_where_a_date_is_expected():
    # given
    calendar = get_calendar()
    instant = datetime(2024, 6, 3, 23, 30, tzinfo=UTC)

    # when / then
    with pytest.raises(TypeError, match="not a datetime"):
        calendar.add_working_days(instant, 1)
    with pytest.raises(TypeError, match="expected a date"):
        calendar.is_working_day(instant)
    with pytest.raises(TypeError, match="closure days must be dates"):
        get_calendar(closures=[instant])
