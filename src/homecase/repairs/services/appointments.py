"""Appointment slots on a work order: booked, moved and cancelled with the resident told each
time, never in the past; and the reminder the day before (sent once, from the sweep)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import User
from homecase.clock import end_of_local_day
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.repairs import rules
from homecase.repairs.models import Appointment, AppointmentStatus, WorkOrder, WorkOrderStatus
from homecase.repairs.services import _common
from homecase.repairs.services.work_orders import (
    OPEN_WORK_ORDER,
    cancel_booked,
    ensure_may_act_on,
    locked_work_order,
    slot_words,
)

_BOOKABLE_JOB = (rules.TRIAGED, rules.IN_PROGRESS, rules.PAUSED, rules.PLANNED)


def _checked_slot(starts_at: datetime, ends_at: datetime) -> None:
    _common.moment(starts_at, field="starts_at")
    _common.moment(ends_at, field="ends_at")
    if starts_at < now():
        raise InvalidInput("An appointment cannot be booked in the past.", field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput("The appointment must end after it starts.", field="ends_at")


def _checked_bookable(work_order: WorkOrder, starts_at: datetime) -> None:
    repair = work_order.repair
    if work_order.status not in OPEN_WORK_ORDER:
        raise Conflict(
            f"Work order {work_order.reference} is {work_order.get_status_display().lower()}: "
            "it cannot take an appointment."
        )
    if repair.status not in _BOOKABLE_JOB:
        raise Conflict(
            f"This repair is {repair.get_status_display().lower()}: it cannot take an appointment."
        )
    # A safety job may not wait for a late slot without interim measures on record.
    _common.ensure_interim_measures(repair, starts_at)


def _create(
    work_order: WorkOrder, *, actor: User | None, starts_at: datetime, ends_at: datetime
) -> Appointment:
    appointment = Appointment.objects.create(
        work_order=work_order, starts_at=starts_at, ends_at=ends_at, booked_by=actor
    )
    if work_order.status == WorkOrderStatus.ISSUED:
        work_order.status = WorkOrderStatus.APPOINTED
        work_order.save(update_fields=["status", "updated_at"])
    return appointment


@transaction.atomic
def appointment_book(
    *, work_order: WorkOrder, actor: User | None, starts_at: datetime, ends_at: datetime
) -> Appointment:
    """Book a slot for the order (one booked slot at a time: move it to change it) and tell
    the resident."""
    _checked_slot(starts_at, ends_at)
    work_order = locked_work_order(work_order)
    ensure_may_act_on(actor, work_order)
    _checked_bookable(work_order, starts_at)
    booked = work_order.appointments.filter(status=AppointmentStatus.BOOKED).first()
    if booked is not None:
        raise Conflict(
            f"Work order {work_order.reference} already has an appointment on "
            f"{slot_words(booked)}: move that one instead.",
            field="starts_at",
        )
    appointment = _create(work_order, actor=actor, starts_at=starts_at, ends_at=ends_at)
    slot = slot_words(appointment)
    repair = work_order.repair
    _common.event(
        repair,
        kind="repair.appointment_booked",
        summary=f"Appointment booked for {slot} with {work_order.assignee} "
        f"({work_order.reference}).",
        actor=actor,
        data={
            "appointment_id": appointment.pk,
            "work_order_id": work_order.pk,
            "starts_at": starts_at,
            "ends_at": ends_at,
        },
    )
    _common.tell(
        repair,
        template="repair_appointment_booked",
        context={"work_order": work_order, "appointment": appointment, "slot": slot},
        actor=actor,
    )
    return appointment


def _locked_booked(appointment: Appointment) -> tuple[Appointment, WorkOrder]:
    work_order = locked_work_order(appointment.work_order)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(
            f"This appointment is {appointment.get_status_display().lower()}: only a booked "
            "appointment can be changed."
        )
    return appointment, work_order


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    actor: User | None,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
) -> Appointment:
    """Move a booked slot: the old one is kept as MOVED (pointing at the new one) with the
    reason, and the resident is told both slots."""
    if not reason.strip():
        raise InvalidInput("Give the reason for moving the appointment.", field="reason")
    _checked_slot(starts_at, ends_at)
    old, work_order = _locked_booked(appointment)
    ensure_may_act_on(actor, work_order)
    _checked_bookable(work_order, starts_at)
    new = _create(work_order, actor=actor, starts_at=starts_at, ends_at=ends_at)
    old.status, old.replaced_by, old.change_reason = (
        AppointmentStatus.MOVED,
        new,
        reason.strip()[:300],
    )
    old.save(update_fields=["status", "replaced_by", "change_reason", "updated_at"])
    old_slot, new_slot = slot_words(old), slot_words(new)
    _common.event(
        work_order.repair,
        kind="repair.appointment_moved",
        summary=f"Appointment moved from {old_slot} to {new_slot} ({work_order.reference}). "
        f"Reason: {reason.strip()}",
        actor=actor,
        data={
            "old_appointment_id": old.pk,
            "new_appointment_id": new.pk,
            "old_starts_at": old.starts_at,
            "old_ends_at": old.ends_at,
            "new_starts_at": new.starts_at,
            "new_ends_at": new.ends_at,
            "reason": reason.strip(),
        },
    )
    _common.tell(
        work_order.repair,
        template="repair_appointment_moved",
        context={
            "work_order": work_order,
            "appointment": new,
            "old_slot": old_slot,
            "new_slot": new_slot,
            "cancelled": False,
            "reason": reason.strip(),
        },
        actor=actor,
    )
    return new


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor: User | None, reason: str) -> Appointment:
    """Cancel a booked slot with a reason; the resident is told and the order waits for a new
    appointment."""
    if not reason.strip():
        raise InvalidInput("Give the reason for cancelling the appointment.", field="reason")
    appointment, work_order = _locked_booked(appointment)
    ensure_may_act_on(actor, work_order)
    cancel_booked(appointment, work_order=work_order, actor=actor, reason=reason.strip())
    if work_order.status == WorkOrderStatus.APPOINTED:
        work_order.status = WorkOrderStatus.ISSUED
        work_order.save(update_fields=["status", "updated_at"])
    return appointment


def _reminder_window_end(at: datetime) -> datetime:
    """The end of tomorrow in the landlord's time: slots up to then are reminded today."""
    tomorrow = timezone.localtime(at, policy.landlord_time_zone()).date() + timedelta(days=1)
    return end_of_local_day(tomorrow, tz=policy.landlord_time_zone())


def appointment_reminders_send(*, at: datetime, batch_size: int = 200) -> int:
    """Remind the resident of each booked slot starting before the end of tomorrow, once
    (the day before, or at once for a slot booked at short notice). Each reminder is its own
    transaction, taken under the job's lock and checked again there, so that two sweeps at
    once never send the same reminder twice."""
    total, after_pk = 0, 0
    while batch := _due_reminders(at=at, after_pk=after_pk, batch_size=batch_size):
        for appointment_id in batch:
            total += _remind(appointment_id, at=at)
        after_pk = batch[-1]
    return total


def _due_reminders(*, at: datetime, after_pk: int, batch_size: int) -> list[int]:
    return list(
        Appointment.objects.filter(
            pk__gt=after_pk,
            status=AppointmentStatus.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gt=at,
            starts_at__lte=_reminder_window_end(at),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )


@transaction.atomic
def _remind(appointment_id: int, *, at: datetime) -> int:
    work_order = locked_work_order(Appointment.objects.get(pk=appointment_id).work_order)
    appointment = Appointment.objects.select_for_update().get(pk=appointment_id)
    if appointment.status != AppointmentStatus.BOOKED or appointment.reminder_sent_at:
        return 0
    appointment.reminder_sent_at = at
    appointment.save(update_fields=["reminder_sent_at", "updated_at"])
    repair = work_order.repair
    slot = slot_words(appointment)
    _common.event(
        repair,
        kind="repair.appointment_reminder",
        summary=f"Reminder sent: appointment on {slot} ({work_order.reference}).",
        actor=None,
        data={"appointment_id": appointment.pk, "work_order_id": work_order.pk},
    )
    _common.tell(
        repair,
        template="repair_appointment_reminder",
        context={"work_order": work_order, "appointment": appointment, "slot": slot},
        actor=None,
    )
    return 1


def after_sweep(*, at: datetime) -> str:
    """What the repairs app does after each sweep: the appointment reminders."""
    sent = appointment_reminders_send(at=at)
    return f"{sent} repair appointment reminder(s) sent."
