"""Visits on a work order (outcomes, notes, photos, access attempts) and the job's clock:
paused on "no access" with a reason the resident sees, restarted with the time that was left
when they offer access; a contractor records only on its own orders; refusals write nothing."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.housing.services import representative_add
from homecase.notify.models import OutboundMessage
from homecase.records.attachments import Photo
from homecase.records.models import Attachment, Deadline, DeadlineStatus, Visibility
from homecase.repairs.models import (
    AccessAttempt,
    AppointmentStatus,
    ClockPause,
    Repair,
    Visit,
    WorkOrder,
    WorkOrderStatus,
)
from homecase.repairs.services._common import COMPLETE
from homecase.repairs.services.completion import repair_complete
from homecase.repairs.services.intake import interim_measures_record
from homecase.repairs.services.visits import (
    AttemptInput,
    clock_pause,
    clock_resume,
    visit_record,
)
from tests.factories import UserFactory, resident_with_login
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 6, 1, 9, 30, tzinfo=LONDON)
LATER = MONDAY + timedelta(hours=2)
KNOCK = AttemptInput(attempted_at=LATER, method="knocked", card_left=True)
NO_ACCESS_REASON = (
    "We could not get in on 1 June 2026 at 11:30 (card left). "
    "The clock restarts when you tell us when we can come in."
)


@pytest.fixture(autouse=True)
def monday_1_june_2026():
    with time_machine.travel(MONDAY, tick=False):
        yield


def png(name: str = "ceiling.png") -> Photo:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return Photo(name=name, content=buffer.getvalue())


def record(work_order: WorkOrder, *, actor=None, at: datetime = LATER, **kwargs) -> Visit:
    kwargs.setdefault("outcome", "parts_ordered")
    kwargs.setdefault("left_at", at + timedelta(minutes=40))
    with time_machine.travel(max(at, kwargs["left_at"] or at) + timedelta(minutes=5), tick=False):
        return visit_record(
            work_order=work_order,
            actor=actor or make.planner(),
            operative="Sam Okafor",
            arrived_at=at,
            **kwargs,
        )


def last_message(repair: Repair) -> OutboundMessage:
    return OutboundMessage.objects.filter(case=repair.case).latest("pk")


def completion_promises(repair: Repair) -> list[Deadline]:
    return list(Deadline.objects.filter(case_id=repair.case_id, duty=COMPLETE).order_by("pk"))


def test_a_completed_visit_on_the_only_order_completes_the_job():
    # given
    work_order = make.issued_work_order()
    # when
    visit = record(work_order, outcome="completed", notes="Pipe joint replaced.")
    # then
    repair = Repair.objects.get(pk=work_order.repair_id)
    assert repair.status == "completed"
    assert repair.met_target is True
    assert repair.completed_at == LATER + timedelta(minutes=40)
    work_order.refresh_from_db()
    assert (work_order.status, work_order.completed_at) == (
        WorkOrderStatus.COMPLETED,
        LATER + timedelta(minutes=40),
    )
    recorded = repair.case.timeline.events.get(kind="repair.visit_recorded")
    assert recorded.visibility == Visibility.RESIDENT
    assert recorded.summary == (
        "Sam Okafor (In-house plumbing team) visited on 1 June 2026 at 11:30: work completed. "
        "Pipe joint replaced."
    )
    assert recorded.data["visit_id"] == visit.pk
    assert last_message(repair).template == "repair_completed"


def test_a_visit_that_needs_more_keeps_the_job_in_progress_and_tells_the_resident():
    work_order = make.issued_work_order()
    record(work_order, outcome="parts_ordered", notes="New valve ordered.")
    repair = Repair.objects.get(pk=work_order.repair_id)
    assert repair.status == "in_progress"
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.IN_PROGRESS
    message = last_message(repair)
    assert message.template == "repair_visit"
    assert "What happened: Parts ordered." in message.body
    assert "Their notes: New valve ordered." in message.body
    assert repair.case.reference in message.body


def test_a_follow_on_visit_issues_the_next_order_to_the_same_assignee():
    # given
    firm = make.contractor(name="Brightwater Plumbing")
    work_order = make.issued_work_order(firm=firm)
    # when
    record(
        work_order,
        actor=make.contractor_user(firm),
        outcome="follow_on",
        follow_on_instructions="Replace the ceiling board once it has dried out.",
    )
    # then
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.COMPLETED
    follow_on = WorkOrder.objects.get(follow_on_from=work_order)
    assert follow_on.reference == f"{work_order.repair.case.reference}/2"
    assert (follow_on.contractor, follow_on.trade) == (firm, work_order.trade)
    assert follow_on.instructions == "Replace the ceiling board once it has dried out."
    assert Repair.objects.get(pk=work_order.repair_id).status == "in_progress"


def test_a_completed_visit_does_not_complete_the_job_while_another_order_is_open():
    first = make.issued_work_order()
    make.issued_work_order(repair=first.repair, instructions="Decorate after the repair.")
    record(first, outcome="completed")
    assert Repair.objects.get(pk=first.repair_id).status == "in_progress"


def test_photos_are_attached_to_the_job():
    work_order = make.issued_work_order()
    record(work_order, photos=[png(), png("after.png")])
    photos = Attachment.objects.filter(case=work_order.repair.case).order_by("pk")
    assert [p.original_name for p in photos] == ["ceiling.png", "after.png"]


def test_a_photo_that_is_not_an_image_refuses_the_whole_visit():
    work_order = make.issued_work_order()
    before = make.written()
    with pytest.raises(InvalidInput) as refused:
        record(work_order, photos=[png(), Photo(name="notes.txt", content=b"not a picture")])
    assert refused.value.field == "photos"
    assert refused.value.message.startswith("notes.txt is not a photo")
    assert make.written() == before
    assert Attachment.objects.count() == 0
    assert WorkOrder.objects.get(pk=work_order.pk).status == WorkOrderStatus.ISSUED


def test_a_contractor_records_only_on_its_own_orders():
    firm = make.contractor()
    work_order = make.issued_work_order(firm=firm)
    before = make.written()
    with pytest.raises(PermissionDenied) as refused:
        record(work_order, actor=make.contractor_user())
    assert refused.value.message == "This work order belongs to another contractor."
    assert make.written() == before
    with pytest.raises(PermissionDenied):
        record(work_order, actor=UserFactory(roles=["complaint_officer"]))
    assert record(work_order, actor=make.contractor_user(firm)).work_order == work_order


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"operative": " "}, "operative", "Give the name of the operative who visited."),
        ({"outcome": "went_home"}, "outcome", "Choose what happened on the visit."),
        (
            {"outcome": "no_access"},
            "attempts",
            "Record at least one attempt to get in: when, how, and whether a card was left.",
        ),
        (
            {"outcome": "follow_on"},
            "follow_on_instructions",
            "Write the instructions for the follow-on work.",
        ),
        (
            {"left_at": LATER - timedelta(minutes=1)},
            "left_at",
            "The operative cannot leave before arriving.",
        ),
        (
            {"arrived_at": MONDAY + timedelta(days=1)},
            "arrived_at",
            "A visit cannot be recorded in the future.",
        ),
        (
            {"arrived_at": MONDAY - timedelta(hours=1)},
            "arrived_at",
            "A visit cannot be before its work order was issued (1 June 2026 at 09:30).",
        ),
        (
            {"outcome": "no_access", "attempts": [AttemptInput(LATER, "shouted")]},
            "attempts",
            "Say how each attempt was made: knocked, phoned, texted or left a card.",
        ),
    ],
)
def test_bad_visits_are_refused_with_the_field_and_nothing_written(changes, field, message):
    work_order = make.issued_work_order()
    before = make.written()
    arguments = {
        "work_order": work_order,
        "actor": make.planner(),
        "operative": "Sam Okafor",
        "arrived_at": LATER,
        "left_at": LATER + timedelta(minutes=30),
        "outcome": "parts_ordered",
        **changes,
    }
    with (
        time_machine.travel(LATER + timedelta(hours=1), tick=False),
        pytest.raises(InvalidInput) as refused,
    ):
        visit_record(**arguments)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert make.written() == before


def test_no_access_records_the_attempts_and_pauses_the_clock_with_a_reason_the_resident_sees():
    # given an urgent leak (5 working days), its slot booked
    appointment = make.booked_appointment(starts_at=LATER)
    work_order = appointment.work_order
    # when
    record(
        work_order,
        outcome="no_access",
        left_at=None,
        appointment=appointment,
        attempts=[
            AttemptInput(LATER, "knocked", card_left=True),
            AttemptInput(LATER - timedelta(minutes=5), "phoned", notes="No answer"),
        ],
    )
    # then
    repair = Repair.objects.get(pk=work_order.repair_id)
    assert repair.status == "paused"
    assert repair.target_due_at is None
    attempts = AccessAttempt.objects.order_by("attempted_at")
    assert [(a.method, a.card_left, a.notes) for a in attempts] == [
        ("phoned", False, "No answer"),
        ("knocked", True, ""),
    ]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_ACCESS
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.ISSUED
    pause = ClockPause.objects.get(repair=repair)
    assert pause.reason == NO_ACCESS_REASON
    assert [d.status for d in completion_promises(repair)] == [DeadlineStatus.CANCELLED]
    assert pause.remaining_seconds == int(
        (completion_promises(repair)[0].due_at - (LATER + timedelta(minutes=5))).total_seconds()
    )
    paused = repair.case.timeline.events.get(kind="repair.paused")
    assert paused.visibility == Visibility.RESIDENT
    assert paused.summary == f"The clock on this repair is paused. {NO_ACCESS_REASON}"
    message = last_message(repair)
    assert message.template == "repair_paused"
    assert NO_ACCESS_REASON in message.body


def test_the_resident_offering_access_restarts_the_clock_with_the_time_that_was_left():
    # given an urgent leak reported on Monday (5 working days: due Monday 8 June), paused at
    # once for no access
    resident = resident_with_login()
    work_order = make.issued_work_order(resident=resident)
    knock = AttemptInput(MONDAY, "knocked", card_left=True)
    record(work_order, outcome="no_access", at=MONDAY, left_at=None, attempts=[knock])
    # when the resident offers access on Thursday
    thursday = MONDAY + timedelta(days=3)
    with time_machine.travel(thursday, tick=False):
        repair = clock_resume(
            repair=work_order.repair,
            actor=resident.user,
            reason="I can give access any morning from now on.",
        )
    # then the five working days start again from Thursday
    assert repair.status == "in_progress"
    first, second = completion_promises(repair)
    assert first.status == DeadlineStatus.CANCELLED
    assert second.status == DeadlineStatus.OPEN
    assert second.due_at.astimezone(LONDON).date() == first.due_at.astimezone(LONDON).date() + (
        timedelta(days=3)
    )
    assert repair.target_due_at == second.due_at
    pause = ClockPause.objects.get(repair=repair)
    assert (pause.ended_at, pause.end_reason) == (
        thursday,
        "I can give access any morning from now on.",
    )
    message = last_message(repair)
    assert message.template == "repair_resumed"
    assert "We will complete the repair by 11 June 2026." in message.body


def test_an_emergency_restarts_with_the_hours_that_were_left():
    work_order = make.issued_work_order(category="uncontained_leak")
    four_hours_in = MONDAY + timedelta(hours=4)
    record(work_order, outcome="no_access", at=four_hours_in, left_at=None, attempts=[KNOCK])
    with time_machine.travel(MONDAY + timedelta(hours=30), tick=False):
        repair = clock_resume(
            repair=work_order.repair, actor=make.planner(), reason="Neighbour has a key."
        )
        restarted = completion_promises(repair)[-1]
    # 24 hours less the 4 hours and 5 minutes used: 19 h 55 min, rounded up to 20 hours
    assert restarted.due_at == MONDAY + timedelta(hours=50)


def test_only_the_resident_their_representative_or_repairs_staff_restart_the_clock():
    work_order = make.issued_work_order()
    record(work_order, outcome="no_access", left_at=None, attempts=[KNOCK])
    stranger = resident_with_login()
    with pytest.raises(PermissionDenied):
        clock_resume(repair=work_order.repair, actor=stranger.user, reason="Let me in")
    assert Repair.objects.get(pk=work_order.repair_id).status == "paused"
    with pytest.raises(InvalidInput) as refused:
        clock_resume(repair=work_order.repair, actor=make.planner(), reason="")
    assert refused.value.field == "reason"


def test_a_successful_visit_while_paused_restarts_the_clock_and_completes():
    work_order = make.issued_work_order()
    record(work_order, outcome="no_access", left_at=None, attempts=[KNOCK])
    record(work_order, outcome="completed", at=LATER + timedelta(hours=3))
    repair = Repair.objects.get(pk=work_order.repair_id)
    assert repair.status == "completed"
    assert repair.pauses.get().end_reason == "The operative got in."


def test_staff_pause_the_clock_only_with_a_reason_and_not_twice():
    repair = make.issued_work_order().repair
    before = make.written()
    with pytest.raises(InvalidInput) as refused:
        clock_pause(repair=repair, actor=make.planner(), reason=" ")
    assert refused.value.field == "reason"
    assert make.written() == before
    clock_pause(repair=repair, actor=make.planner(), reason="You asked us to wait until 8 June.")
    with pytest.raises(Conflict, match="already paused"):
        clock_pause(repair=repair, actor=make.planner(), reason="Again")
    with pytest.raises(Conflict, match="is not paused"):
        clock_resume(repair=make.triaged_repair(), actor=make.planner(), reason="Go")


def test_a_safety_job_without_interim_measures_cannot_wait_for_access():
    # given a lock that will not secure
    work_order = make.issued_work_order(category="lock")
    repair = work_order.repair
    before = make.written()
    # when staff try to pause it
    with pytest.raises(Conflict, match="Record the interim measures"):
        clock_pause(repair=repair, actor=make.planner(), reason="Resident away")
    assert make.written() == before
    # and a no-access visit is recorded, but the clock keeps running
    record(work_order, outcome="no_access", left_at=None, attempts=[KNOCK])
    repair.refresh_from_db()
    assert repair.status == "in_progress"
    assert [d.status for d in completion_promises(repair)] == [DeadlineStatus.OPEN]
    refused = repair.case.timeline.events.get(kind="repair.pause_refused")
    assert refused.visibility == Visibility.STAFF
    # then once interim measures are recorded it may wait
    interim_measures_record(repair=repair, actor=make.planner(), measures="Door boarded.")
    pause = clock_pause(repair=repair, actor=make.planner(), reason="Resident away")
    assert pause.reason == "Resident away"


def test_a_representative_with_consent_may_offer_access_for_the_resident():
    # given
    work_order = make.issued_work_order()
    record(work_order, outcome="no_access", left_at=None, attempts=[KNOCK])
    resident = work_order.repair.case.resident
    representative = representative_add(
        resident=resident,
        actor=make.planner(),
        name="Priya Shah",
        relationship="family",
        consent_given_on=MONDAY.date(),
        consent_method="Signed form",
    )
    representative.user = UserFactory()
    representative.save(update_fields=["user"])
    # when
    repair = clock_resume(
        repair=work_order.repair, actor=representative.user, reason="I will let them in."
    )
    # then
    assert repair.status == "in_progress"


def test_a_paused_job_cannot_be_completed_until_its_clock_restarts():
    # given one order finished and the other waiting for access
    finished = make.issued_work_order()
    waiting = make.issued_work_order(repair=finished.repair, instructions="Decorate.")
    record(finished, outcome="completed")
    record(waiting, outcome="no_access", left_at=None, attempts=[KNOCK])
    # then
    with (
        time_machine.travel(LATER + timedelta(hours=2), tick=False),
        pytest.raises(Conflict, match="waiting for access, so it cannot be made completed"),
    ):
        repair_complete(repair=finished.repair, actor=make.planner())
