"""Cyclical work dates: next due from last done and the cycle (29 February safe), and what
counts as overdue or due soon."""

from datetime import date

import pytest

from homecase.repairs import cycles

TODAY = date(2026, 3, 2)


def test_next_due_is_one_cycle_after_it_was_last_done():
    assert cycles.next_due_on(date(2021, 6, 15), 5, today=TODAY) == date(2026, 6, 15)


def test_29_february_falls_due_on_28_february_in_a_common_year():
    assert cycles.next_due_on(date(2024, 2, 29), 5, today=TODAY) == date(2029, 2, 28)
    assert cycles.next_due_on(date(2024, 2, 29), 4, today=TODAY) == date(2028, 2, 29)


def test_never_known_to_be_done_is_due_now():
    assert cycles.next_due_on(None, 5, today=TODAY) == TODAY


def test_a_cycle_is_at_least_a_year():
    with pytest.raises(ValueError, match="at least one year"):
        cycles.next_due_on(date(2020, 1, 1), 0, today=TODAY)


@pytest.mark.parametrize(
    ("due", "within", "status"),
    [
        (date(2026, 3, 1), 1, cycles.OVERDUE),
        (TODAY, 1, cycles.DUE_SOON),
        (date(2027, 3, 2), 1, cycles.DUE_SOON),
        (date(2027, 3, 3), 1, cycles.LATER),
        (date(2027, 3, 3), 2, cycles.DUE_SOON),
    ],
)
def test_due_status(due, within, status):
    assert cycles.due_status(due, today=TODAY, within_years=within) == status
