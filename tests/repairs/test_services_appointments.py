"""Appointment slots: booked, moved and cancelled with the resident told each time, never in
the past; a contractor books only on its own orders; a safety job waits for a late slot only
with interim measures recorded; and the reminder the day before, sent once by the sweep."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.models import Visibility
from homecase.repairs.models import Appointment, AppointmentStatus, WorkOrderStatus
from homecase.repairs.services.appointments import (
    after_sweep,
    appointment_book,
    appointment_cancel,
    appointment_move,
    appointment_reminders_send,
)
from homecase.repairs.services.intake import interim_measures_record
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 6, 1, 9, 30, tzinfo=LONDON)
WEDNESDAY_8 = datetime(2026, 6, 3, 8, tzinfo=LONDON)
WEDNESDAY_12 = datetime(2026, 6, 3, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_1_june_2026():
    with time_machine.travel(MONDAY, tick=False):
        yield


def last_message(work_order) -> OutboundMessage:
    return OutboundMessage.objects.filter(case=work_order.repair.case).latest("pk")


def test_booking_a_slot_tells_the_resident_when_and_who_under_the_job_number():
    # given
    work_order = make.issued_work_order(firm=make.contractor(name="Brightwater Plumbing"))
    # when
    appointment = appointment_book(
        work_order=work_order,
        actor=make.planner(),
        starts_at=WEDNESDAY_8,
        ends_at=WEDNESDAY_12,
    )
    # then
    assert appointment.status == AppointmentStatus.BOOKED
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.APPOINTED
    reference = work_order.repair.case.reference
    message = last_message(work_order)
    assert message.template == "repair_appointment_booked"
    assert message.subject == f"Appointment booked for your repair {reference}"
    assert "When: 3 June 2026 between 08:00 and 12:00" in message.body
    assert "Who: Brightwater Plumbing" in message.body
    assert f"{reference} (Water leak" in message.body
    booked = work_order.repair.case.timeline.events.get(kind="repair.appointment_booked")
    assert booked.visibility == Visibility.RESIDENT
    assert booked.summary == (
        "Appointment booked for 3 June 2026 between 08:00 and 12:00 with Brightwater Plumbing "
        f"({reference}/1)."
    )


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field", "message"),
    [
        (
            MONDAY - timedelta(hours=1),
            MONDAY + timedelta(hours=2),
            "starts_at",
            "An appointment cannot be booked in the past.",
        ),
        (WEDNESDAY_12, WEDNESDAY_8, "ends_at", "The appointment must end after it starts."),
        (WEDNESDAY_8, WEDNESDAY_8, "ends_at", "The appointment must end after it starts."),
        (
            WEDNESDAY_8.replace(tzinfo=None),
            WEDNESDAY_12,
            "starts_at",
            "Give the date and time with its time zone.",
        ),
    ],
)
def test_bad_slots_are_refused_with_nothing_written(starts_at, ends_at, field, message):
    work_order = make.issued_work_order()
    before = make.written()
    with pytest.raises(InvalidInput) as refused:
        appointment_book(
            work_order=work_order, actor=make.planner(), starts_at=starts_at, ends_at=ends_at
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    assert make.written() == before


def test_a_contractor_books_only_on_its_own_orders():
    # given
    firm, other_firm = make.contractor(), make.contractor()
    work_order = make.issued_work_order(firm=firm)
    before = make.written()
    # when another firm's user tries
    with pytest.raises(PermissionDenied) as refused:
        appointment_book(
            work_order=work_order,
            actor=make.contractor_user(other_firm),
            starts_at=WEDNESDAY_8,
            ends_at=WEDNESDAY_12,
        )
    # then
    assert refused.value.message == "This work order belongs to another contractor."
    assert make.written() == before
    # and the firm's own user may
    appointment = appointment_book(
        work_order=work_order,
        actor=make.contractor_user(firm),
        starts_at=WEDNESDAY_8,
        ends_at=WEDNESDAY_12,
    )
    assert appointment.status == AppointmentStatus.BOOKED


def test_a_contractor_cannot_book_on_an_in_house_order():
    work_order = make.issued_work_order(in_house_team="Plumbers")
    with pytest.raises(PermissionDenied, match="belongs to another contractor"):
        appointment_book(
            work_order=work_order,
            actor=make.contractor_user(),
            starts_at=WEDNESDAY_8,
            ends_at=WEDNESDAY_12,
        )


def test_an_order_has_one_booked_slot_at_a_time():
    appointment = make.booked_appointment(starts_at=WEDNESDAY_8)
    before = make.written()
    with pytest.raises(Conflict, match="already has an appointment on 3 June 2026 between"):
        appointment_book(
            work_order=appointment.work_order,
            actor=make.planner(),
            starts_at=WEDNESDAY_8 + timedelta(days=1),
            ends_at=WEDNESDAY_12 + timedelta(days=1),
        )
    assert make.written() == before


def test_a_safety_job_waits_for_a_late_slot_only_with_interim_measures_recorded():
    # given a lock that will not secure, reported on Monday morning
    work_order = make.issued_work_order(category="lock")
    before = make.written()
    # when the first slot is on Wednesday
    with pytest.raises(Conflict, match="Record the interim measures"):
        appointment_book(
            work_order=work_order,
            actor=make.planner(),
            starts_at=WEDNESDAY_8,
            ends_at=WEDNESDAY_12,
        )
    assert make.written() == before
    # then with interim measures on record it may
    interim_measures_record(
        repair=work_order.repair, actor=make.planner(), measures="Temporary lock fitted."
    )
    appointment = appointment_book(
        work_order=work_order, actor=make.planner(), starts_at=WEDNESDAY_8, ends_at=WEDNESDAY_12
    )
    assert appointment.status == AppointmentStatus.BOOKED


def test_moving_keeps_the_old_slot_points_to_the_new_and_tells_the_resident_both():
    # given
    appointment = make.booked_appointment(starts_at=WEDNESDAY_8)
    # when
    new = appointment_move(
        appointment=appointment,
        actor=make.planner(),
        starts_at=WEDNESDAY_8 + timedelta(days=1),
        ends_at=WEDNESDAY_12 + timedelta(days=1),
        reason="The operative is ill.",
    )
    # then
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.MOVED
    assert appointment.replaced_by == new
    assert appointment.change_reason == "The operative is ill."
    assert new.status == AppointmentStatus.BOOKED
    message = last_message(appointment.work_order)
    assert message.template == "repair_appointment_moved"
    assert "Old time: 3 June 2026 between 08:00 and 12:00" in message.body
    assert "New time: 4 June 2026 between 08:00 and 12:00" in message.body
    assert "Why: The operative is ill." in message.body
    moved = appointment.work_order.repair.case.timeline.events.get(kind="repair.appointment_moved")
    assert moved.data["old_starts_at"] == "2026-06-03T07:00:00Z"
    assert moved.data["reason"] == "The operative is ill."


def test_moving_needs_a_reason_a_future_slot_and_a_booked_appointment():
    appointment = make.booked_appointment(starts_at=WEDNESDAY_8)
    before = make.written()
    with pytest.raises(InvalidInput) as no_reason:
        appointment_move(
            appointment=appointment,
            actor=make.planner(),
            starts_at=WEDNESDAY_8 + timedelta(days=1),
            ends_at=WEDNESDAY_12 + timedelta(days=1),
            reason="",
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(InvalidInput, match="in the past"):
        appointment_move(
            appointment=appointment,
            actor=make.planner(),
            starts_at=MONDAY - timedelta(days=1),
            ends_at=MONDAY,
            reason="Earlier please",
        )
    assert make.written() == before
    appointment_cancel(appointment=appointment, actor=make.planner(), reason="Not needed.")
    with pytest.raises(Conflict, match="only a booked appointment can be changed"):
        appointment_move(
            appointment=appointment,
            actor=make.planner(),
            starts_at=WEDNESDAY_8,
            ends_at=WEDNESDAY_12,
            reason="Back on",
        )


def test_cancelling_a_slot_tells_the_resident_and_the_order_waits_for_a_new_one():
    appointment = make.booked_appointment(starts_at=WEDNESDAY_8)
    cancelled = appointment_cancel(
        appointment=appointment, actor=make.planner(), reason="Parts have not arrived."
    )
    assert cancelled.status == AppointmentStatus.CANCELLED
    work_order = appointment.work_order
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.ISSUED
    message = last_message(work_order)
    assert "We have cancelled the appointment on 3 June 2026 between 08:00 and 12:00" in (
        message.body
    )
    assert "Why: Parts have not arrived." in message.body


def test_the_reminder_goes_the_day_before_and_only_once():
    # given slots on Wednesday and the following Monday
    wednesday = make.booked_appointment(starts_at=WEDNESDAY_8)
    next_week = make.booked_appointment(starts_at=WEDNESDAY_8 + timedelta(days=5))
    # when the sweep runs on Monday, nothing is due yet
    assert appointment_reminders_send(at=MONDAY) == 0
    # then on Tuesday the Wednesday slot is reminded, once
    tuesday = MONDAY + timedelta(days=1)
    with time_machine.travel(tuesday, tick=False):
        assert after_sweep(at=tuesday) == "1 repair appointment reminder(s) sent."
        assert appointment_reminders_send(at=tuesday + timedelta(hours=2)) == 0
    wednesday.refresh_from_db()
    next_week.refresh_from_db()
    assert wednesday.reminder_sent_at == tuesday
    assert next_week.reminder_sent_at is None
    message = last_message(wednesday.work_order)
    assert message.template == "repair_appointment_reminder"
    assert wednesday.work_order.repair.case.reference in message.subject
    assert "When: 3 June 2026 between 08:00 and 12:00" in message.body


def test_no_reminder_for_a_moved_or_cancelled_slot():
    appointment = make.booked_appointment(starts_at=WEDNESDAY_8)
    appointment_cancel(appointment=appointment, actor=make.planner(), reason="Not needed.")
    assert appointment_reminders_send(at=MONDAY + timedelta(days=1)) == 0
    assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is None
