"""The record's writers: references, the timeline, deadlines and the sweep."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput
from homecase.policy.selectors import due_within_working_days
from homecase.records import services
from homecase.records.models import (
    Case,
    Channel,
    Deadline,
    DeadlineStatus,
    Event,
    ImmutableRecord,
    Visibility,
)
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_10AM = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def open_repair(actor=None, **kwargs) -> Case:
    resident = kwargs.pop("resident", None) or ResidentFactory()
    return services.case_open(
        kind="repair",
        title="Communal entrance door not locking",
        actor=actor,
        channel=Channel.PHONE,
        summary="Resident called: the door does not lock",
        home=resident.home,
        resident=resident,
        **kwargs,
    )


def open_deadline(case: Case, *, working_days: int = 5, limit: int = 10) -> Deadline:
    due_at, basis = due_within_working_days(case.opened_at, working_days)
    return services.deadline_open(
        case=case,
        duty="repair.complete",
        label="Repair the entrance door",
        started_at=case.opened_at,
        due_at=due_at,
        basis=basis,
        actor=None,
        extension_limit_working_days=limit,
    )


@time_machine.travel(MONDAY_10AM, tick=False)
def test_references_are_sequential_per_kind_and_year():
    # when
    first, second = open_repair(), open_repair()
    complaint = services.case_open(
        kind="complaint",
        title="Delay",
        actor=None,
        channel=Channel.EMAIL,
        summary="Complaint by email",
    )
    # then
    assert [first.reference, second.reference, complaint.reference] == [
        "R-2026-000001",
        "R-2026-000002",
        "C-2026-000001",
    ]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_opening_a_case_records_how_it_reached_us():
    # given
    agent = UserFactory(first_name="Priya", last_name="Shah")
    # when
    case = open_repair(actor=agent)
    # then
    event = case.timeline.events.get()
    assert (event.sequence, event.kind, event.channel, event.actor_name, event.visibility) == (
        1,
        "case.opened",
        "phone",
        "Priya Shah",
        Visibility.RESIDENT,
    )
    assert event.occurred_at == event.recorded_at == MONDAY_10AM
    assert event.data["reference"] == case.reference
    assert case.timeline.length == 1
    assert case.timeline.head_hash == event.hash


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_backdated_case_needs_a_reason_and_keeps_the_real_recording_time():
    # given
    three_days_ago = MONDAY_10AM - timedelta(days=3)
    # when
    with pytest.raises(InvalidInput, match="reason"):
        open_repair(received_at=three_days_ago)
    case = open_repair(received_at=three_days_ago, backdate_reason="Left on the answerphone")
    # then
    assert Case.objects.count() == 1
    event = case.timeline.events.get()
    assert (event.occurred_at, event.recorded_at) == (three_days_ago, MONDAY_10AM)
    assert event.backdate_reason == "Left on the answerphone"


@time_machine.travel(MONDAY_10AM, tick=False)
def test_nothing_can_be_recorded_in_the_future_or_without_a_title():
    with pytest.raises(InvalidInput, match="future"):
        open_repair(received_at=MONDAY_10AM + timedelta(days=1))
    with pytest.raises(InvalidInput, match="few words"):
        services.case_open(kind="repair", title="  ", actor=None, channel="phone", summary="x")
    with pytest.raises(InvalidInput, match="kind of case"):
        services.case_open(kind="parking", title="x", actor=None, channel="phone", summary="x")
    assert Case.objects.count() == 0
    assert Event.objects.count() == 0


def test_events_cannot_be_edited_or_deleted():
    # given
    case = open_repair()
    event = case.timeline.events.get()
    # when / then
    event.summary = "Something else"
    with pytest.raises(ImmutableRecord):
        event.save()
    with pytest.raises(ImmutableRecord):
        event.delete()
    with pytest.raises(ImmutableRecord):
        Event.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(ImmutableRecord):
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).summary == "Resident called: the door does not lock"


def test_events_chain_to_the_one_before():
    # given
    case = open_repair()
    # when
    second = services.event_record(
        timeline=case.timeline,
        kind="note",
        summary="Called back",
        actor=None,
        channel=Channel.PHONE,
    )
    # then
    first = case.timeline.events.get(sequence=1)
    assert second.sequence == 2
    assert second.prev_hash == first.hash


def test_unknown_channel_or_visibility_is_refused():
    case = open_repair()
    with pytest.raises(InvalidInput, match="channel"):
        services.event_record(
            timeline=case.timeline, kind="n", summary="s", actor=None, channel="pigeon"
        )
    with pytest.raises(InvalidInput, match="visibility"):
        services.event_record(
            timeline=case.timeline, kind="n", summary="s", actor=None, visibility="public"
        )
    assert case.timeline.events.count() == 1


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_deadline_is_computed_by_the_clock_and_recorded():
    # when
    deadline = open_deadline(open_repair(), working_days=5)
    # then: Monday 16 Nov 10:00 is day 0; five working days later is Monday 23 Nov, end of day
    assert deadline.due_at == datetime(2026, 11, 23, 23, 59, 59, 999999, tzinfo=UTC)
    assert deadline.basis["rule"] == "5 working days"
    assert deadline.basis["calendar"] == "england-and-wales"
    event = deadline.case.timeline.events.get(kind="deadline.opened")
    assert event.summary == "Repair the entrance door: due by 23 November 2026 at 23:59"


@time_machine.travel(MONDAY_10AM, tick=False)
def test_meeting_a_deadline_on_time_and_late():
    # given
    on_time = open_deadline(open_repair())
    late = open_deadline(open_repair())
    # when
    services.deadline_meet(deadline=on_time, actor=None)
    services.deadline_meet(deadline=late, actor=None, met_at=late.due_at + timedelta(seconds=1))
    # then
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.status, late.status) == (DeadlineStatus.MET, DeadlineStatus.MET_LATE)
    with pytest.raises(Conflict, match="already met"):
        services.deadline_meet(deadline=on_time, actor=None)


@time_machine.travel(MONDAY_10AM, tick=False)
def test_extension_needs_a_reason_and_stays_within_the_limit():
    # given
    deadline = open_deadline(open_repair(), working_days=10, limit=10)
    original = deadline.due_at
    # when / then: refused without a reason or beyond the limit, and nothing changes
    with pytest.raises(InvalidInput, match="reason"):
        services.deadline_extend(deadline=deadline, actor=None, working_days=5, reason=" ")
    with pytest.raises(InvalidInput, match="limit is 10"):
        services.deadline_extend(
            deadline=deadline,
            actor=None,
            working_days=11,
            reason="Waiting for the contractor's report",
        )
    deadline.refresh_from_db()
    assert (deadline.due_at, deadline.extended_working_days) == (original, 0)
    assert deadline.case.timeline.events.filter(kind="deadline.extended").count() == 0
    # when: within the limit
    services.deadline_extend(
        deadline=deadline, actor=None, working_days=10, reason="Waiting for the contractor's report"
    )
    # then: 30 Nov + 10 working days = 14 Dec
    deadline.refresh_from_db()
    assert deadline.original_due_at == original
    assert deadline.due_at == datetime(2026, 12, 14, 23, 59, 59, 999999, tzinfo=UTC)
    assert deadline.extended_working_days == 10


@time_machine.travel(MONDAY_10AM, tick=False)
def test_going_beyond_the_extension_limit_needs_a_recorded_good_reason():
    deadline = open_deadline(open_repair(), working_days=10, limit=10)
    services.deadline_extend(
        deadline=deadline,
        actor=None,
        working_days=12,
        reason="Specialist survey needed",
        beyond_limit_reason="Asbestos found: licensed removal first",
    )
    deadline.refresh_from_db()
    event = deadline.case.timeline.events.get(kind="deadline.extended")
    assert deadline.extended_working_days == 12
    assert event.data["beyond_limit_reason"] == "Asbestos found: licensed removal first"


def test_the_sweep_marks_missed_deadlines_once_with_an_event_each():
    # given: two deadlines, one overdue at the sweep
    with time_machine.travel(MONDAY_10AM, tick=False):
        overdue = open_deadline(open_repair(), working_days=1)
        not_yet = open_deadline(open_repair(), working_days=10)
    sweep_at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    # when
    first = services.deadlines_sweep(at=sweep_at)
    second = services.deadlines_sweep(at=sweep_at)
    # then
    overdue.refresh_from_db()
    not_yet.refresh_from_db()
    assert (first, second) == (1, 0)
    assert (overdue.status, overdue.missed_at) == (DeadlineStatus.MISSED, sweep_at)
    assert not_yet.status == DeadlineStatus.OPEN
    missed = overdue.case.timeline.events.get(kind="deadline.missed")
    assert missed.occurred_at == overdue.due_at
    assert missed.recorded_at == sweep_at
    assert missed.summary.startswith("Missed: Repair the entrance door")
    assert overdue.case.timeline.events.filter(kind="deadline.missed").count() == 1


def test_a_missed_deadline_met_afterwards_is_met_late():
    with time_machine.travel(MONDAY_10AM, tick=False):
        deadline = open_deadline(open_repair(), working_days=1)
    services.deadlines_sweep(at=datetime(2026, 11, 20, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 11, 21, tzinfo=UTC), tick=False):
        services.deadline_meet(deadline=deadline, actor=None)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET_LATE


def test_cancelling_a_deadline_needs_a_reason():
    deadline = open_deadline(open_repair())
    with pytest.raises(InvalidInput):
        services.deadline_cancel(deadline=deadline, actor=None, reason="")
    services.deadline_cancel(deadline=deadline, actor=None, reason="Resident withdrew the report")
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.CANCELLED
    with pytest.raises(Conflict):
        services.deadline_extend(deadline=deadline, actor=None, working_days=1, reason="x")
