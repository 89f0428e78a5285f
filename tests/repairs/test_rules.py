"""Pure repairs decisions: status moves, recalls, interim measures, the inspection sample and
the honest promise words."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from homecase.repairs import rules

LONDON = ZoneInfo("Europe/London")
REPORTED_AT = datetime(2024, 5, 31, 10, tzinfo=LONDON)


def test_a_closed_job_may_only_be_reopened():
    assert rules.TRANSITIONS[rules.CLOSED] == frozenset({rules.IN_PROGRESS})
    with pytest.raises(
        rules.TransitionRefused, match="closed, so it cannot be made with a planned programme"
    ):
        rules.ensure_transition(rules.CLOSED, rules.PLANNED)


@pytest.mark.parametrize(
    ("days_after", "status", "expected"),
    [
        (0, rules.COMPLETED, True),
        (30, rules.CLOSED, True),
        (31, rules.CLOSED, False),
        (5, rules.IN_PROGRESS, False),
        (5, rules.CANCELLED, False),
    ],
)
def test_a_recall_is_the_same_fault_within_the_window(days_after, status, expected):
    completed_at = REPORTED_AT
    reported_at = completed_at + timedelta(days=days_after)

    assert (
        rules.is_recall(
            completed_at=completed_at, status=status, reported_at=reported_at, recall_days=30
        )
        is expected
    )


def test_a_job_never_completed_is_not_a_recall():
    assert not rules.is_recall(
        completed_at=None, status=rules.CLOSED, reported_at=REPORTED_AT, recall_days=30
    )


@pytest.mark.parametrize(
    ("safety", "recorded", "hours_waiting", "owed"),
    [
        (True, False, 25, True),
        (True, False, 24, False),
        (True, True, 500, False),
        (False, False, 500, False),
    ],
)
def test_interim_measures_are_owed_by_a_safety_job_waiting_beyond_the_window(
    safety, recorded, hours_waiting, owed
):
    assert (
        rules.interim_measures_owed(
            safety=safety,
            interim_recorded=recorded,
            reported_at=REPORTED_AT,
            waiting_until=REPORTED_AT + timedelta(hours=hours_waiting),
            hours=24,
        )
        is owed
    )


def test_the_inspection_sample_is_deterministic_and_near_its_share():
    references = [f"R-2026-{number:06d}" for number in range(1, 2001)]

    sampled = [reference for reference in references if rules.inspection_sampled(reference, 10)]

    assert sampled == [r for r in references if rules.inspection_sampled(r, 10)]
    assert 150 <= len(sampled) <= 250
    assert not any(rules.inspection_sampled(r, 0) for r in references[:50])
    assert all(rules.inspection_sampled(r, 100) for r in references[:50])


def test_a_responsive_promise_gives_the_completion_date():
    words = rules.promise_words(route="responsive", complete_by="9 September 2024")

    assert words == "We will complete the repair by 9 September 2024."


def test_a_specialist_promise_gives_who_and_the_next_update_but_no_date():
    words = rules.promise_words(
        route="specialist",
        responsible="Our door entry specialist contractor",
        update_by="14 June 2024",
        update_every_working_days=10,
    )

    assert "cannot give you a completion date" in words
    assert "Our door entry specialist contractor has the job." in words
    assert "We will update you by 14 June 2024" in words
    assert "28 days" not in words


def test_a_planned_promise_says_it_is_a_programme():
    words = rules.promise_words(
        route="planned", responsible="Planned investment", update_by="1 July 2024"
    )

    assert words.startswith("This work is done through a planned programme")


def test_who_has_a_job_without_a_timescale():
    assert rules.responsible_for(route="specialist", trade="lift engineer") == (
        "Our lift engineer specialist contractor"
    )
    assert rules.responsible_for(route="planned", trade="surveyor") == (
        "Our planned investment team"
    )


@pytest.mark.parametrize(
    ("status", "start"),
    [
        (rules.PAUSED, "The clock on this repair is paused"),
        (rules.COMPLETED, "The work is recorded as done"),
        (rules.CLOSED, "This repair is finished and closed."),
        (rules.CANCELLED, "This repair is cancelled."),
    ],
)
def test_a_job_that_is_not_running_says_so_instead_of_a_date(status, start):
    words = rules.promise_words(route="responsive", status=status, complete_by="9 September 2024")

    assert words.startswith(start)
    assert "9 September" not in words


def test_a_responsive_job_without_a_date_never_invents_one():
    words = rules.promise_words(route="responsive", status=rules.TRIAGED)

    assert words == "We will tell you the date for the work as soon as we have it."
