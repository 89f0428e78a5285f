"""The actions on a repair in the staff console (one generic view): each page renders, the
happy paths move the job on, and every refusal (a priority change without a reason, an
appointment in the past, a completion without a visit, a safety job handed over without interim
measures...) is a clear form error, in the summary and on its field, with nothing written."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from homecase.common.time import now
from homecase.repairs.console_actions import ACTIONS
from homecase.repairs.models import (
    AppointmentStatus,
    Repair,
    RepairStatus,
    VisitOutcome,
    WorkOrder,
    WorkOrderStatus,
)
from tests.factories import UserFactory
from tests.repairs.factories import (
    booked_appointment,
    completed_repair,
    issued_work_order,
    planner,
    reported_repair,
    triaged_repair,
    written,
)

pytestmark = pytest.mark.django_db
NS = "console:console-repairs"


def action_url(repair: Repair, action: str) -> str:
    return reverse(f"{NS}:action", kwargs={"reference": repair.case.reference, "action": action})


def text(response) -> str:
    return response.content.decode()


def day_parts(when) -> dict[str, str]:
    local = timezone.localtime(when)
    return {"day": str(local.day), "month": str(local.month), "year": str(local.year)}


@pytest.fixture
def as_planner(client):
    client.force_login(planner(first_name="Dev", last_name="Patel"))
    return client


def assert_refused(response, message: str, before: dict) -> None:
    """Shown in the error summary and nothing written."""
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert written() == before


# Every action page renders


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_page_renders_its_form(as_planner, action):
    # given: a job with an order, a booked slot and an unreplied chase
    appointment = booked_appointment()
    repair = Repair.objects.get(pk=appointment.work_order.repair_id)

    # when
    response = as_planner.get(action_url(repair, action))

    # then
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{escape(ACTIONS[action].label)}</h1>' in text(response)


def test_an_unknown_action_is_a_404(as_planner):
    response = as_planner.get(action_url(reported_repair(), "paint-it-pink"))

    assert response.status_code == 404


# Triage and priority


def test_triage_keeps_the_catalogue_priority(as_planner):
    repair = reported_repair()

    response = as_planner.post(action_url(repair, "triage"), {"priority": repair.priority})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        f"{NS}:repair", kwargs={"reference": repair.case.reference}
    )
    assert Repair.objects.get(pk=repair.pk).status == RepairStatus.TRIAGED


def test_a_priority_change_without_a_reason_is_refused(as_planner):
    # given
    repair = triaged_repair()
    before = written()

    # when
    response = as_planner.post(action_url(repair, "priority"), {"priority": "emergency"})

    # then: the service's message, on the reason field
    assert_refused(response, "Give a reason", before)
    assert 'id="id_reason-error"' in text(response)
    assert Repair.objects.get(pk=repair.pk).priority == repair.priority


def test_a_priority_change_with_a_reason_is_made(as_planner):
    repair = triaged_repair()

    response = as_planner.post(
        action_url(repair, "priority"),
        {"priority": "emergency", "reason": "Water is now reaching the light fitting."},
    )

    assert response.status_code == 302
    assert Repair.objects.get(pk=repair.pk).priority == "emergency"


# Safety jobs and interim measures


def test_a_safety_job_handed_over_without_interim_measures_is_refused(as_planner):
    # given: a lock that will not secure, reported today
    repair = triaged_repair(category="lock")
    before = written()
    planned = timezone.localdate(now()) + timedelta(days=60)

    # when
    response = as_planner.post(
        action_url(repair, "programme"),
        {
            "programme": "Front doors 2027",
            **day_parts(timezone.make_aware(timezone.datetime(planned.year, planned.month, 1))),
            "reason": "The whole door set is worn out.",
        },
    )

    # then
    assert_refused(response, "Record the interim measures", before)
    assert Repair.objects.get(pk=repair.pk).status == RepairStatus.TRIAGED


def test_interim_measures_then_the_hand_over_is_allowed(as_planner):
    # given
    repair = triaged_repair(category="lock")
    planned = timezone.localtime(now()) + timedelta(days=60)

    # when
    first = as_planner.post(
        action_url(repair, "interim-measures"), {"measures": "Temporary lock fitted."}
    )
    second = as_planner.post(
        action_url(repair, "programme"),
        {
            "programme": "Front doors 2027",
            **day_parts(planned),
            "reason": "The whole door set is worn out.",
        },
    )

    # then
    assert first.status_code == 302
    assert second.status_code == 302
    repair = Repair.objects.get(pk=repair.pk)
    assert repair.status == RepairStatus.PLANNED
    assert repair.interim_measures == "Temporary lock fitted."


def test_a_date_that_is_not_real_is_a_form_error(as_planner):
    repair = triaged_repair()
    before = written()

    response = as_planner.post(
        action_url(repair, "programme"),
        {"programme": "Kitchens", "day": "31", "month": "2", "year": "2027", "reason": "Worn"},
    )

    assert_refused(response, "Enter a real date", before)


# Work orders and appointments


def test_a_work_order_is_issued_to_the_in_house_team(as_planner):
    repair = triaged_repair()

    response = as_planner.post(
        action_url(repair, "work-order"),
        {"instructions": "Replace the waste pipe.", "in_house_team": "Plumbing", "cost": "80"},
    )

    assert response.status_code == 302
    order = WorkOrder.objects.get(repair=repair)
    assert order.in_house_team == "Plumbing"
    assert order.cost_pence == 8000


def test_an_appointment_in_the_past_is_refused(as_planner):
    # given
    order = issued_work_order()
    repair = order.repair
    before = written()
    yesterday = timezone.localtime(now()) - timedelta(days=1)

    # when
    response = as_planner.post(
        action_url(repair, "book"),
        {
            "work_order": str(order.pk),
            **day_parts(yesterday),
            "start_time": "08:00",
            "end_time": "12:00",
        },
    )

    # then: on the date
    assert_refused(response, "An appointment cannot be booked in the past.", before)
    assert 'id="id_day-error"' in text(response)


def test_an_appointment_is_booked(as_planner):
    order = issued_work_order()
    tomorrow = timezone.localtime(now()) + timedelta(days=1)

    response = as_planner.post(
        action_url(order.repair, "book"),
        {
            "work_order": str(order.pk),
            **day_parts(tomorrow),
            "start_time": "8:00",
            "end_time": "12:00",
        },
    )

    assert response.status_code == 302
    appointment = order.appointments.get()
    assert timezone.localtime(appointment.starts_at).hour == 8
    assert appointment.status == AppointmentStatus.BOOKED


def test_a_time_that_is_not_a_time_is_a_form_error(as_planner):
    order = issued_work_order()
    before = written()
    tomorrow = timezone.localtime(now()) + timedelta(days=1)

    response = as_planner.post(
        action_url(order.repair, "book"),
        {
            "work_order": str(order.pk),
            **day_parts(tomorrow),
            "start_time": "eight",
            "end_time": "12:00",
        },
    )

    assert_refused(response, "Enter the time in hours and minutes, like 14:30", before)


def test_an_appointment_is_moved_with_a_reason(as_planner):
    appointment = booked_appointment()
    repair = appointment.work_order.repair
    later = timezone.localtime(appointment.starts_at) + timedelta(days=3)

    response = as_planner.post(
        action_url(repair, "move"),
        {
            "appointment": str(appointment.pk),
            **day_parts(later),
            "start_time": "13:00",
            "end_time": "17:00",
            "reason": "The resident is at hospital that day.",
        },
    )

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.MOVED


# Visits and completion


def test_a_completion_without_a_visit_is_refused(as_planner):
    # given
    order = issued_work_order()
    before = written()

    # when
    response = as_planner.post(action_url(order.repair, "complete"), {})

    # then
    assert_refused(response, "A repair cannot be completed without a recorded visit.", before)
    assert Repair.objects.get(pk=order.repair_id).status == RepairStatus.IN_PROGRESS


def visit_data(order: WorkOrder, **overrides) -> dict:
    arrived = timezone.localtime(now()) - timedelta(hours=1)
    data = {
        "work_order": str(order.pk),
        "operative": "Sam Okafor",
        **day_parts(arrived),
        "arrived_time": arrived.strftime("%H:%M"),
        "left_time": "",
        "outcome": VisitOutcome.COMPLETED,
        "notes": "Pipe replaced.",
    }
    data.update(overrides)
    return data


def earlier_order() -> WorkOrder:
    """A work order issued three hours ago (a visit cannot come before its order)."""
    with time_machine.travel(now() - timedelta(hours=3)):
        return issued_work_order()


def test_a_visit_that_completes_the_work_completes_the_job(as_planner):
    order = earlier_order()

    response = as_planner.post(action_url(order.repair, "visit"), visit_data(order))

    assert response.status_code == 302
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.COMPLETED
    assert Repair.objects.get(pk=order.repair_id).status == RepairStatus.COMPLETED


def test_no_access_without_attempts_is_refused(as_planner):
    order = earlier_order()
    before = written()

    response = as_planner.post(
        action_url(order.repair, "visit"), visit_data(order, outcome=VisitOutcome.NO_ACCESS)
    )

    assert_refused(response, "attempt", before)


def test_no_access_with_an_attempt_pauses_the_clock(as_planner):
    order = earlier_order()
    arrived = timezone.localtime(now()) - timedelta(hours=1)

    response = as_planner.post(
        action_url(order.repair, "visit"),
        visit_data(
            order,
            outcome=VisitOutcome.NO_ACCESS,
            attempt_1_time=arrived.strftime("%H:%M"),
            attempt_1_method="knocked",
            attempt_1_card="on",
        ),
    )

    assert response.status_code == 302
    assert Repair.objects.get(pk=order.repair_id).status == RepairStatus.PAUSED


def test_an_attempt_without_how_is_a_form_error(as_planner):
    order = issued_work_order()
    before = written()

    response = as_planner.post(
        action_url(order.repair, "visit"),
        visit_data(order, outcome=VisitOutcome.NO_ACCESS, attempt_1_time="09:00"),
    )

    assert_refused(response, "Select how attempt 1 was made", before)


def test_the_resident_confirms_through_staff_and_the_job_closes(as_planner):
    repair = completed_repair()

    response = as_planner.post(
        action_url(repair, "confirm"), {"confirmed": "yes", "satisfaction": "5"}
    )

    assert response.status_code == 302
    repair = Repair.objects.get(pk=repair.pk)
    assert repair.satisfaction == 5
    if not repair.inspections.filter(result="").exists():
        assert repair.status == RepairStatus.CLOSED


# Chases, updates, cancelling


def test_a_chase_is_recorded_with_a_reply_deadline_and_replied_to(as_planner):
    repair = triaged_repair()

    recorded = as_planner.post(
        action_url(repair, "chase"), {"channel": "phone", "summary": "When is the plumber coming?"}
    )
    chase = repair.chases.get()
    job_page = text(
        as_planner.get(reverse(f"{NS}:repair", kwargs={"reference": repair.case.reference}))
    )
    replied = as_planner.post(
        action_url(repair, "reply"),
        {"chase": str(chase.pk), "channel": "phone", "summary": "Thursday morning."},
    )

    assert recorded.status_code == 302
    assert chase.reply_deadline is not None
    assert "Reply by" in job_page
    assert "When is the plumber coming?" in job_page
    assert replied.status_code == 302
    chase.refresh_from_db()
    assert chase.replied_at is not None


def test_cancelling_needs_a_reason(as_planner):
    repair = reported_repair()
    before = written()

    response = as_planner.post(action_url(repair, "cancel"), {"reason": ""})

    assert_refused(response, "Enter the reason", before)


# Who may act


def test_staff_outside_repairs_are_refused_by_the_service(client):
    # given
    client.force_login(UserFactory(roles=["complaint_officer"]))
    repair = reported_repair()
    before = written()

    # when
    response = client.post(action_url(repair, "triage"), {"priority": repair.priority})

    # then
    assert_refused(response, "Only repairs staff can do this.", before)


def test_a_failed_post_inspection_reopens_the_same_job(as_planner):
    # given: a costly job, so it is always inspected
    repair = completed_repair(cost_pence=200_000)
    inspection = repair.inspections.get(result="")

    # when
    response = as_planner.post(
        action_url(repair, "inspect"),
        {"inspection": str(inspection.pk), "passed": "no", "notes": "Still dripping."},
    )

    # then
    assert response.status_code == 302
    assert Repair.objects.get(pk=repair.pk).status == RepairStatus.IN_PROGRESS
    inspection.refresh_from_db()
    assert inspection.result == "failed"


def test_an_inspection_that_is_not_offered_cannot_be_chosen(as_planner):
    repair = completed_repair(cost_pence=200_000)
    before = written()

    response = as_planner.post(
        action_url(repair, "inspect"),
        {"inspection": "999999", "passed": "yes", "notes": "Fine."},
    )

    assert_refused(response, "Select the inspection", before)
