"""Completion and quality: never without a visit that finished the work; whether the job met
its target (TSM RP02, emergency or not); which jobs are post-inspected; the resident's
confirmation or dispute and rating; a failed inspection reopening the SAME job; and closing,
never while an inspection is pending."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.complaints.services import complaint_create
from homecase.notify.models import OutboundMessage
from homecase.notify.services import message_render
from homecase.records.models import Channel, Deadline, DeadlineStatus, Visibility
from homecase.repairs.models import Inspection, InspectionReason, Repair
from homecase.repairs.services._common import COMPLETE, INSPECT
from homecase.repairs.services.completion import (
    NO_VISIT,
    completion_confirm,
    inspection_record,
    repair_close,
    repair_complete,
)
from tests.factories import resident_with_login
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 6, 1, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_1_june_2026():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def no_sample(settings):
    settings.HOMECASE_REPAIRS_POLICY = "inspection_sample_percent=0"


@pytest.fixture
def inspect_all(settings):
    settings.HOMECASE_REPAIRS_POLICY = "inspection_sample_percent=100"


def last_message(repair: Repair) -> OutboundMessage:
    return OutboundMessage.objects.filter(case=repair.case).latest("pk")


def statuses(repair: Repair, duty: str) -> list[str]:
    return list(
        Deadline.objects.filter(case_id=repair.case_id, duty=duty)
        .order_by("pk")
        .values_list("status", flat=True)
    )


@pytest.mark.usefixtures("no_sample")
def test_a_job_completed_in_time_met_its_target_and_the_resident_is_asked_to_confirm():
    repair = make.completed_repair()
    assert (repair.status, repair.met_target, repair.is_emergency) == ("completed", True, False)
    assert repair.completed_at == MONDAY
    assert statuses(repair, COMPLETE) == [DeadlineStatus.MET]
    completed = repair.case.timeline.events.get(kind="repair.completed")
    assert completed.visibility == Visibility.RESIDENT
    assert completed.data["met_target"] is True
    message = last_message(repair)
    assert message.template == "repair_completed"
    assert message.subject == (
        f"Your repair {repair.case.reference} is complete: please tell us how we did"
    )
    assert "on a scale of 1 (poor) to 5 (very good)" in message.body
    assert not Inspection.objects.exists()


@pytest.mark.usefixtures("no_sample")
def test_an_emergency_completed_late_did_not_meet_its_target():
    # given an uncontained leak (24 hours), its order issued at once
    work_order = make.issued_work_order(category="uncontained_leak")
    # when the visit finishing it is two days later
    two_days = MONDAY + timedelta(days=2)
    with time_machine.travel(two_days, tick=False):
        repair = make.visited_repair(outcome="completed", work_order=work_order)
    # then
    assert (repair.status, repair.met_target, repair.is_emergency) == ("completed", False, True)
    assert statuses(repair, COMPLETE) == [DeadlineStatus.MET_LATE]


def test_completion_without_a_visit_that_finished_the_work_is_refused():
    work_order = make.issued_work_order()
    before = make.written()
    with pytest.raises(Conflict) as refused:
        repair_complete(repair=work_order.repair, actor=make.planner())
    assert refused.value.message == "A repair cannot be completed without a recorded visit."
    make.visited_repair(outcome="parts_ordered", work_order=work_order)
    with pytest.raises(Conflict, match=NO_VISIT):
        repair_complete(repair=work_order.repair, actor=make.planner())
    assert Repair.objects.get(pk=work_order.repair_id).status == "in_progress"
    assert make.written()["visits"] == before["visits"] + 1


@pytest.mark.usefixtures("no_sample")
def test_staff_complete_a_job_whose_work_was_finished_while_another_order_was_open():
    first = make.issued_work_order()
    second = make.issued_work_order(repair=first.repair, instructions="Decorate.")
    make.visited_repair(outcome="completed", work_order=first)
    assert Repair.objects.get(pk=first.repair_id).status == "in_progress"
    repair = repair_complete(repair=second.repair, actor=make.planner())
    assert repair.status == "completed"
    with pytest.raises(PermissionDenied):
        repair_complete(repair=make.issued_work_order().repair, actor=make.contractor_user())


@pytest.mark.usefixtures("inspect_all")
def test_the_sample_is_inspected_with_a_staff_only_deadline():
    repair = make.completed_repair()
    inspection = repair.inspections.get()
    assert inspection.reason == InspectionReason.SAMPLE
    assert inspection.deadline.duty == INSPECT
    assert inspection.deadline.visible_to_resident is False
    selected = repair.case.timeline.events.get(kind="repair.inspection_selected")
    assert selected.visibility == Visibility.STAFF


@pytest.mark.usefixtures("no_sample")
def test_every_job_with_a_complaint_or_above_the_cost_threshold_is_inspected():
    # given a job with a complaint about it
    repair = make.issued_work_order().repair
    complaint_create(
        actor=make.contact_agent(),
        channel=Channel.PHONE,
        resident=repair.case.resident,
        description="Nobody came about my leak.",
        desired_outcome="Fix it",
        related_case=repair.case,
    )
    # and a costly one
    costly = make.issued_work_order(cost_pence=150_000)
    # when both are completed
    make.visited_repair(outcome="completed", work_order=repair.work_orders.get())
    make.visited_repair(outcome="completed", work_order=costly)
    # then
    assert repair.inspections.get().reason == InspectionReason.COMPLAINT
    assert costly.repair.inspections.get().reason == InspectionReason.COST


@pytest.mark.usefixtures("no_sample")
def test_the_resident_confirms_and_rates_and_the_job_closes():
    resident = resident_with_login()
    repair = make.completed_repair(resident=resident)
    repair = completion_confirm(
        repair=repair, actor=resident.user, confirmed=True, satisfaction=4, comment="Thanks"
    )
    assert (repair.status, repair.resident_verdict, repair.satisfaction) == (
        "closed",
        "confirmed",
        4,
    )
    assert repair.closed_at == MONDAY
    assert last_message(repair).template == "repair_closed"
    confirmed = repair.case.timeline.events.get(kind="repair.confirmed")
    assert confirmed.summary == "The resident says the work is done. Rating: 4 out of 5. Thanks"
    assert confirmed.visibility == Visibility.RESIDENT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"satisfaction": 6}, "satisfaction", "Choose a rating from 1 (poor) to 5 (very good)."),
        ({"satisfaction": 0}, "satisfaction", "Choose a rating from 1 (poor) to 5 (very good)."),
        ({"satisfaction": "5"}, "satisfaction", "Choose a rating from 1 to 5."),
        (
            {"confirmed": False, "comment": " "},
            "comment",
            "Tell us what is still wrong with the repair.",
        ),
    ],
)
def test_bad_answers_are_refused_with_nothing_written(changes, field, message):
    repair = make.completed_repair()
    before = make.written()
    with pytest.raises(InvalidInput) as refused:
        completion_confirm(repair=repair, actor=make.planner(), **{"confirmed": True, **changes})
    assert (refused.value.field, refused.value.message) == (field, message)
    assert make.written() == before
    assert Repair.objects.get(pk=repair.pk).resident_verdict == ""


@pytest.mark.usefixtures("no_sample")
def test_only_a_completed_job_is_confirmed_once_by_its_resident_or_staff():
    with pytest.raises(Conflict, match="once we have marked it complete"):
        completion_confirm(
            repair=make.issued_work_order().repair, actor=make.planner(), confirmed=True
        )
    repair = make.completed_repair()
    with pytest.raises(PermissionDenied):
        completion_confirm(repair=repair, actor=resident_with_login().user, confirmed=True)
    completion_confirm(repair=repair, actor=make.planner(), confirmed=False, comment="Drips.")
    with pytest.raises(Conflict, match="already disputed"):
        completion_confirm(repair=repair, actor=make.planner(), confirmed=True)


@pytest.mark.usefixtures("no_sample")
def test_a_dispute_brings_an_inspection_and_an_upheld_dispute_reopens_the_same_job():
    # given
    repair = make.completed_repair()
    # when the resident disputes it
    completion_confirm(
        repair=repair, actor=make.planner(), confirmed=False, comment="Still dripping."
    )
    # then an inspection is owed, and the job cannot be closed meanwhile
    inspection = repair.inspections.get()
    assert inspection.reason == InspectionReason.DISPUTED
    with pytest.raises(Conflict, match="while its post-inspection is pending"):
        repair_close(repair=repair, actor=make.planner(), reason="Done")
    # when the inspection fails
    tuesday = MONDAY + timedelta(days=1)
    with time_machine.travel(tuesday, tick=False):
        inspection_record(
            inspection=inspection, actor=make.planner(), passed=False, notes="Joint weeps."
        )
    # then the same job is reopened with a new completion promise
    repair = Repair.objects.get(pk=repair.pk)
    assert Repair.objects.count() == 1
    assert (repair.status, repair.resident_verdict) == ("in_progress", "")
    assert statuses(repair, COMPLETE) == [DeadlineStatus.MET, DeadlineStatus.OPEN]
    assert statuses(repair, INSPECT) == [DeadlineStatus.MET]
    assert repair.target_due_at == Deadline.objects.filter(duty=COMPLETE).latest("pk").due_at
    message = last_message(repair)
    assert message.template == "repair_reopened"
    assert "Why: Our inspection found the work is not finished. Joint weeps." in message.body
    assert "We will complete the repair by 9 June 2026." in message.body
    # and it needs a new visit to be completed again
    with pytest.raises(Conflict, match=NO_VISIT):
        repair_complete(repair=repair, actor=make.planner())


@pytest.mark.usefixtures("inspect_all")
def test_a_confirmed_job_closes_when_its_inspection_passes():
    repair = make.completed_repair()
    completion_confirm(repair=repair, actor=make.planner(), confirmed=True, satisfaction=5)
    assert Repair.objects.get(pk=repair.pk).status == "completed"
    inspection_record(
        inspection=repair.inspections.get(), actor=make.planner(), passed=True, notes=""
    )
    assert Repair.objects.get(pk=repair.pk).status == "closed"


def test_inspections_are_recorded_once_by_staff_with_notes_when_failed(inspect_all):
    repair = make.completed_repair()
    inspection = repair.inspections.get()
    with pytest.raises(InvalidInput) as refused:
        inspection_record(inspection=inspection, actor=make.planner(), passed=False, notes="")
    assert refused.value.field == "notes"
    with pytest.raises(PermissionDenied):
        inspection_record(
            inspection=inspection, actor=make.contractor_user(), passed=True, notes=""
        )
    inspection_record(inspection=inspection, actor=make.planner(), passed=True, notes="Good.")
    with pytest.raises(Conflict, match="already been recorded"):
        inspection_record(inspection=inspection, actor=make.planner(), passed=True, notes="")


@pytest.mark.usefixtures("no_sample")
def test_staff_close_a_completed_job_with_a_reason():
    repair = make.completed_repair()
    with pytest.raises(InvalidInput) as refused:
        repair_close(repair=repair, actor=make.planner(), reason="")
    assert refused.value.field == "reason"
    closed = repair_close(
        repair=repair, actor=make.planner(), reason="Resident did not reply in 10 days."
    )
    assert closed.status == "closed"
    assert closed.case.timeline.events.get(kind="repair.closed").summary == (
        "Repair closed. Resident did not reply in 10 days."
    )
    with pytest.raises(Conflict):
        repair_close(repair=make.issued_work_order().repair, actor=make.planner(), reason="x")


@pytest.mark.usefixtures("no_sample")
def test_the_closed_repair_factory_closes_through_the_services():
    repair = make.closed_repair(satisfaction=3)
    assert (repair.status, repair.satisfaction, repair.met_target) == ("closed", 3, True)


MY_TEMPLATES = [
    "repair_appointment_booked",
    "repair_appointment_moved",
    "repair_appointment_reminder",
    "repair_visit",
    "repair_paused",
    "repair_resumed",
    "repair_completed",
    "repair_reopened",
]


@pytest.mark.parametrize("template", MY_TEMPLATES)
@pytest.mark.parametrize("channel", ["email", "sms", "letter"])
def test_every_message_quotes_the_job_number_and_what_the_work_is(template, channel):
    # given a job with an order, a slot and a visit
    appointment = make.booked_appointment()
    work_order = appointment.work_order
    repair = Repair.objects.get(pk=work_order.repair_id)
    visit = repair.work_orders.get().visits.create(
        operative="Sam Okafor", arrived_at=MONDAY, outcome="parts_ordered", notes="Valve ordered."
    )
    context = {
        "repair": repair,
        "reference": repair.case.reference,
        "work_order": work_order,
        "appointment": appointment,
        "visit": visit,
        "slot": "3 June 2026 between 08:00 and 12:00",
        "old_slot": "3 June 2026 between 08:00 and 12:00",
        "new_slot": "4 June 2026 between 08:00 and 12:00",
        "cancelled": template == "repair_appointment_moved" and channel == "sms",
        "reason": "The operative is ill.",
        "outcome": "Parts ordered",
        "due": "9 June 2026",
        "has_completion_date": True,
        "completed_on": "1 June 2026",
    }
    # when
    rendered = message_render(
        resident=repair.case.resident,
        template=template,
        context=context,
        actor=None,
        case=repair.case,
        channel=channel,
    )
    # then
    assert repair.case.reference in rendered.subject
    assert f"{repair.case.reference} ({repair.case.title})" in rendered.body
    assert "{" not in rendered.body
