"""Exact-value tests for deadlines: day 0, closing time, BST/GMT, hours clocks, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from homecase.clock import (
    ClockError,
    DeadlineBasis,
    NaiveDatetime,
    day_zero,
    due_after_hours,
    due_within_working_days,
    get_calendar,
    working_days_taken,
)

LONDON = ZoneInfo("Europe/London")
ENGLAND = get_calendar()
SCOTLAND = get_calendar("scotland")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def end_of_day_utc(*args: int) -> datetime:
    return datetime(*args, 23, 59, 59, 999_999, tzinfo=UTC)


def test_code_example_acknowledge_within_five_working_days():
    # given: a complaint received Monday 3 June 2024 at 10:00 (BST)
    received = london(2024, 6, 3, 10, 0)

    # when
    due = due_within_working_days(received, 5, ENGLAND)

    # then: end of the following Monday, 23:59:59.999999 BST = 22:59:59.999999 UTC
    assert due == end_of_day_utc(2024, 6, 10) - timedelta(hours=1)
    assert due.tzinfo is UTC
    assert due.astimezone(LONDON) == london(2024, 6, 10, 23, 59, 59, 999_999)


@pytest.mark.parametrize(
    ("received", "expected_day_zero"),
    [
        (london(2024, 6, 3, 16, 59, 59, 999_999), date(2024, 6, 3)),
        (london(2024, 6, 3, 17, 0), date(2024, 6, 4)),  # at closing time: next working day
        (london(2024, 6, 3, 23, 30), date(2024, 6, 4)),
        (london(2024, 6, 7, 17, 30), date(2024, 6, 10)),  # Friday evening -> Monday
        (london(2024, 6, 8, 10, 0), date(2024, 6, 10)),  # Saturday -> Monday
        (london(2024, 8, 26, 9, 0), date(2024, 8, 27)),  # E&W summer bank holiday -> Tuesday
        (london(2024, 12, 24, 17, 0), date(2024, 12, 27)),  # Christmas Eve after closing
        # 16:30 UTC is 17:30 BST: after closing locally although before 17:00 in UTC.
        (utc(2024, 6, 3, 16, 30), date(2024, 6, 4)),
        # 23:30 UTC on Sunday is 00:30 BST on Monday.
        (utc(2024, 6, 2, 23, 30), date(2024, 6, 3)),
    ],
)
def test_day_zero(received, expected_day_zero):
    # when
    result = day_zero(received, ENGLAND)

    # then
    assert result == expected_day_zero


def test_day_zero_on_an_english_bank_holiday_is_that_day_in_scotland():
    # given: Monday 26 August 2024 is a bank holiday in England and Wales only
    received = london(2024, 8, 26, 9, 0)

    # when
    england = due_within_working_days(received, 5, ENGLAND)
    scotland = due_within_working_days(received, 5, SCOTLAND)

    # then
    assert england == end_of_day_utc(2024, 9, 3) - timedelta(hours=1)
    assert scotland == end_of_day_utc(2024, 9, 2) - timedelta(hours=1)


def test_landlord_closing_time_is_configurable():
    # given: an office that closes at 16:00
    received = london(2024, 6, 3, 16, 15)

    # when
    default = day_zero(received, ENGLAND)
    early = day_zero(received, ENGLAND, closing_time=time(16, 0))

    # then
    assert default == date(2024, 6, 3)
    assert early == date(2024, 6, 4)


def test_received_on_saturday():
    # given
    received = london(2024, 6, 8, 10, 0)

    # when
    due = due_within_working_days(received, 5, ENGLAND)

    # then: day 0 is Monday 10 June, so due end of Monday 17 June (BST)
    assert due == utc(2024, 6, 17, 22, 59, 59, 999_999)


def test_received_friday_before_the_clocks_go_back():
    # given: Friday 25 October 2024 10:00 BST; clocks go back on Sunday 27 October
    received = london(2024, 10, 25, 10, 0)

    # when
    due = due_within_working_days(received, 5, ENGLAND)

    # then: end of Friday 1 November, now GMT, so local and UTC agree
    assert due == end_of_day_utc(2024, 11, 1)
    assert due.astimezone(LONDON).time() == time.max


def test_received_friday_before_the_clocks_go_forward():
    # given: Friday 28 March 2025 10:00 GMT; clocks go forward on Sunday 30 March
    received = london(2025, 3, 28, 10, 0)

    # when
    due = due_within_working_days(received, 1, ENGLAND)

    # then: end of Monday 31 March BST
    assert due == utc(2025, 3, 31, 22, 59, 59, 999_999)


def test_received_after_closing_on_the_friday_before_the_clocks_change():
    # given: 17:30 GMT Friday 28 March 2025 (= 17:30 UTC) -> day 0 is Monday 31 March
    received = utc(2025, 3, 28, 17, 30)

    # when
    due = due_within_working_days(received, 0, ENGLAND)

    # then
    assert due == utc(2025, 3, 31, 22, 59, 59, 999_999)


def test_christmas_week_deadline_with_closures():
    # given: the landlord also closes on 24 and 31 December
    calendar = get_calendar(closures=[date(2024, 12, 24), date(2024, 12, 31)])
    received = london(2024, 12, 23, 11, 0)

    # when
    due = due_within_working_days(received, 5, calendar)

    # then: 27, 30 Dec, 2, 3, 6 Jan (GMT)
    assert due == end_of_day_utc(2025, 1, 6)


def test_other_time_zones_are_supported():
    # given: a landlord reasoning in UTC all year
    received = utc(2024, 6, 3, 16, 30)

    # when
    due = due_within_working_days(received, 5, ENGLAND, tz="UTC")

    # then: 16:30 UTC is before closing in UTC, so day 0 is Monday 3 June
    assert due == end_of_day_utc(2024, 6, 10)


def test_emergency_clock_runs_through_the_weekend_and_clock_change():
    # given: Saturday 30 March 2024 12:00 GMT; clocks go forward at 01:00 on Sunday
    start = london(2024, 3, 30, 12, 0)

    # when
    due = due_after_hours(start, 24)

    # then: 24 real hours later, which reads 13:00 BST on the wall clock
    assert due == utc(2024, 3, 31, 12, 0)
    assert due.tzinfo is UTC
    assert due.astimezone(LONDON) == london(2024, 3, 31, 13, 0)


def test_emergency_clock_runs_through_bank_holidays():
    # given: Christmas Eve 2024, 18:00 (after closing makes no difference to hours)
    start = london(2024, 12, 24, 18, 0)

    # when
    due = due_after_hours(start, 24)

    # then
    assert due == utc(2024, 12, 25, 18, 0)


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (london(2024, 6, 3, 12, 0), 0),
        (london(2024, 6, 4, 9, 0), 1),
        (london(2024, 6, 7, 23, 59), 4),
        (london(2024, 6, 8, 10, 0), 5),  # Saturday counts as the next working day
        (london(2024, 6, 10, 23, 59, 59, 999_999), 5),
        (london(2024, 6, 14, 9, 0), 9),
    ],
)
def test_working_days_taken(done, expected):
    # given: received Monday 3 June 2024 10:00
    received = london(2024, 6, 3, 10, 0)

    # when
    taken = working_days_taken(received, done, ENGLAND)

    # then
    assert taken == expected


def test_working_days_taken_is_zero_when_done_before_day_zero():
    # given: received Friday evening, so day 0 is Monday; done the same evening
    received = london(2024, 6, 7, 17, 30)
    done = london(2024, 6, 7, 18, 0)

    # when
    taken = working_days_taken(received, done, ENGLAND)

    # then
    assert taken == 0


def test_working_days_taken_refuses_done_before_received():
    # when / then
    with pytest.raises(ClockError, match="done_at is before received_at"):
        working_days_taken(london(2024, 6, 3, 10, 0), london(2024, 6, 3, 9, 0), ENGLAND)


def test_deadline_basis_for_working_days():
    # given
    calendar = get_calendar("scotland")

    # when
    basis = DeadlineBasis.for_working_days(5, calendar)

    # then
    assert basis.as_dict() == {
        "rule": "5 working days",
        "kind": "working_days",
        "amount": 5,
        "calendar": "scotland",
        "closures_fingerprint": calendar.closures_fingerprint,
        "holidays_version": calendar.holidays_version,
        "tz": "Europe/London",
        "closing_time": "17:00:00",
    }


def test_deadline_basis_for_hours():
    # when
    basis = DeadlineBasis.for_hours(24)

    # then
    assert basis.as_dict() == {
        "rule": "24 hours",
        "kind": "hours",
        "amount": 24,
        "calendar": None,
        "closures_fingerprint": None,
        "holidays_version": None,
        "tz": None,
        "closing_time": None,
    }
    assert DeadlineBasis.for_hours(1).rule == "1 hour"


NAIVE = datetime(2024, 6, 3, 10, 0)  # noqa: DTZ001 - deliberately naive


@pytest.mark.parametrize(
    "call",
    [
        lambda: day_zero(NAIVE, ENGLAND),
        lambda: due_within_working_days(NAIVE, 5, ENGLAND),
        lambda: due_after_hours(NAIVE, 24),
        lambda: working_days_taken(NAIVE, london(2024, 6, 4, 10, 0), ENGLAND),
        lambda: working_days_taken(london(2024, 6, 3, 10, 0), NAIVE, ENGLAND),
    ],
)
def test_naive_datetimes_are_refused(call):
    # when / then
    with pytest.raises(NaiveDatetime, match="naive datetime"):
        call()


def test_negative_amounts_are_refused():
    # when / then
    with pytest.raises(ValueError, match="number of working days cannot be negative"):
        due_within_working_days(london(2024, 6, 3, 10, 0), -1, ENGLAND)
    with pytest.raises(ValueError, match="number of hours cannot be negative"):
        due_after_hours(london(2024, 6, 3, 10, 0), -1)


def test_unknown_time_zone_is_refused():
    # when / then
    with pytest.raises(ClockError, match="unknown time zone 'Mars/Olympus'"):
        day_zero(london(2024, 6, 3, 10, 0), ENGLAND, tz="Mars/Olympus")


def test_aware_closing_time_is_refused():
    # when / then
    with pytest.raises(ClockError, match="closing_time must be a naive local time"):
        day_zero(london(2024, 6, 3, 10, 0), ENGLAND, closing_time=time(17, tzinfo=UTC))


def test_dates_are_refused_where_a_datetime_is_expected():
    # when / then
    with pytest.raises(TypeError, match="received_at must be a datetime"):
        day_zero(date(2024, 6, 3), ENGLAND)
