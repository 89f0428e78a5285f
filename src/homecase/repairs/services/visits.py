"""Visits on a work order (arrived, left, outcome, notes and photos, and for "no access" the
recorded attempts to get in), and the job's clock: paused only with a reason the resident can
see, restarted with the time that was left when they offer access."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from homecase.accounts.models import User
from homecase.clock import working_days_taken
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.records.attachments import Photo, photos_attach
from homecase.records.models import Deadline, DeadlineStatus, Visibility
from homecase.repairs import rules
from homecase.repairs.models import (
    AccessAttempt,
    Appointment,
    AppointmentStatus,
    AttemptMethod,
    ClockPause,
    Repair,
    Route,
    Visit,
    VisitOutcome,
    WorkOrder,
    WorkOrderStatus,
)
from homecase.repairs.services import _common
from homecase.repairs.services.completion import (
    complete,
    ensure_resident_or_planner,
    promise_completion,
)
from homecase.repairs.services.next_due import refresh_next_due
from homecase.repairs.services.work_orders import (
    OPEN_WORK_ORDER,
    ensure_may_act_on,
    issue,
    locked_work_order,
)

_PAUSABLE = (rules.TRIAGED, rules.IN_PROGRESS)
_VISITABLE = (rules.TRIAGED, rules.IN_PROGRESS, rules.PAUSED, rules.PLANNED)


@dataclass(frozen=True)
class AttemptInput:
    """One try to get in: when, how, whether a card was left."""

    attempted_at: datetime
    method: str
    card_left: bool = False
    notes: str = ""


# --- The clock ----------------------------------------------------------------------------


def _remaining_seconds(repair: Repair, at: datetime) -> int:
    """Time left on the open completion promise (0 when there is none or it has passed)."""
    open_promises = [
        d for d in _common.unkept(repair, _common.COMPLETE) if d.status == DeadlineStatus.OPEN
    ]
    if not open_promises:
        return 0
    due_at = min(d.due_at for d in open_promises)
    return max(int((due_at - at).total_seconds()), 0)


def pause(repair: Repair, *, actor: User | None, reason: str, at: datetime) -> ClockPause:
    """Pause the clock of a job locked by the caller: the completion promise is cancelled with
    the reason (which the resident sees) and the time left is kept for the restart."""
    if repair.status == rules.PAUSED:
        raise Conflict("The clock on this repair is already paused.")
    if repair.status not in _PAUSABLE:
        raise Conflict(
            f"This repair is {repair.get_status_display().lower()}: its clock cannot be paused."
        )
    # Waiting for access is waiting: a safety job needs its interim measures first.
    _common.ensure_interim_measures(repair, at + timedelta(days=3650))
    remaining = _remaining_seconds(repair, at)
    clock_pause = ClockPause.objects.create(
        repair=repair, started_at=at, reason=reason[:300], remaining_seconds=remaining
    )
    _common.cancel_open(repair, _common.COMPLETE, actor=actor, reason=reason)
    old_status = _common.move(repair, rules.PAUSED)
    old_target, repair.target_due_at = repair.target_due_at, None
    repair.save(update_fields=["target_due_at", "updated_at"])
    _common.event(
        repair,
        kind="repair.paused",
        summary=f"The clock on this repair is paused. {reason}",
        actor=actor,
        data={
            "pause_id": clock_pause.pk,
            "reason": reason,
            "remaining_seconds": remaining,
            "old_status": old_status,
            "new_status": repair.status,
            "old_target_due_at": old_target,
        },
    )
    _common.tell(repair, template="repair_paused", context={"reason": reason}, actor=actor)
    refresh_next_due(repair)
    return clock_pause


def _remaining_promise(
    repair: Repair, clock_pause: ClockPause, *, at: datetime, actor: User | None
) -> Deadline | None:
    """A new completion promise for the time that was left (at least 1 working day, or the
    hours left for an emergency, at least one)."""
    if repair.route != Route.RESPONSIVE:
        return None
    priority = _common.repairs_policy().priority(repair.priority)
    remaining = clock_pause.remaining_seconds
    if priority.hours is not None:
        hours = max(math.ceil(remaining / 3600), 1)
        return promise_completion(repair, started_at=at, actor=actor, hours=hours)
    paused_at = clock_pause.started_at
    days = working_days_taken(
        paused_at,
        paused_at + timedelta(seconds=remaining),
        policy.working_calendar(_common.calendar_name(repair)),
        tz=policy.landlord_time_zone(),
        closing_time=policy.closing_time(),
    )
    return promise_completion(repair, started_at=at, actor=actor, working_days=max(days, 1))


def resume(repair: Repair, *, actor: User | None, reason: str, at: datetime) -> Repair:
    """Restart the clock of a paused job locked by the caller."""
    clock_pause = repair.pauses.filter(ended_at__isnull=True).first()
    if repair.status != rules.PAUSED or clock_pause is None:
        raise Conflict("The clock on this repair is not paused.")
    clock_pause.ended_at, clock_pause.end_reason = at, reason[:300]
    clock_pause.save(update_fields=["ended_at", "end_reason", "updated_at"])
    working = repair.work_orders.filter(status__in=OPEN_WORK_ORDER).exists()
    old_status = _common.move(repair, rules.IN_PROGRESS if working else rules.TRIAGED)
    deadline = _remaining_promise(repair, clock_pause, at=at, actor=actor)
    _common.event(
        repair,
        kind="repair.resumed",
        summary=f"The clock on this repair has restarted. {reason}",
        actor=actor,
        data={
            "pause_id": clock_pause.pk,
            "reason": reason,
            "old_status": old_status,
            "new_status": repair.status,
            "deadline_id": deadline.pk if deadline else None,
            "due_at": deadline.due_at if deadline else None,
        },
    )
    _common.tell(
        repair,
        template="repair_resumed",
        context={"reason": reason, "due": _common.local_date(deadline.due_at) if deadline else ""},
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


@transaction.atomic
def clock_pause(*, repair: Repair, actor: User | None, reason: str) -> ClockPause:
    """Pause the job's clock (repairs staff), with a reason the resident will see."""
    _common.ensure_planner(actor)
    if not reason.strip():
        raise InvalidInput(
            "Give the reason for pausing the clock: the resident will see it.", field="reason"
        )
    repair = _common.locked(repair)
    return pause(repair, actor=actor, reason=reason.strip(), at=now())


@transaction.atomic
def clock_resume(*, repair: Repair, actor: User | None, reason: str) -> Repair:
    """Restart the clock: the resident (or their representative) offering access, or staff.
    The new completion promise is the time that was left when it was paused."""
    if not reason.strip():
        raise InvalidInput(
            "Tell us when we can come in (or why the clock restarts).", field="reason"
        )
    repair = _common.locked(repair)
    ensure_resident_or_planner(actor, repair)
    return resume(repair, actor=actor, reason=reason.strip(), at=now())


# --- Visits -------------------------------------------------------------------------------


def _checked_times(work_order: WorkOrder, arrived_at: datetime, left_at: datetime | None) -> None:
    _common.moment(arrived_at, field="arrived_at")
    _common.moment(left_at, field="left_at")
    if arrived_at > now():
        raise InvalidInput("A visit cannot be recorded in the future.", field="arrived_at")
    if arrived_at < work_order.issued_at:
        raise InvalidInput(
            "A visit cannot be before its work order was issued "
            f"({_common.local_moment(work_order.issued_at)}).",
            field="arrived_at",
        )
    if left_at is not None and left_at < arrived_at:
        raise InvalidInput("The operative cannot leave before arriving.", field="left_at")
    if left_at is not None and left_at > now():
        raise InvalidInput("A visit cannot be recorded in the future.", field="left_at")


def _checked_attempts(attempts: Sequence[AttemptInput], outcome: str) -> list[AttemptInput]:
    attempts = list(attempts)
    if outcome == VisitOutcome.NO_ACCESS and not attempts:
        raise InvalidInput(
            "Record at least one attempt to get in: when, how, and whether a card was left.",
            field="attempts",
        )
    for attempt in attempts:
        _common.moment(attempt.attempted_at, field="attempts")
        if attempt.method not in AttemptMethod.values:
            raise InvalidInput(
                "Say how each attempt was made: knocked, phoned, texted or left a card.",
                field="attempts",
            )
        if attempt.attempted_at > now():
            raise InvalidInput("An attempt to get in cannot be in the future.", field="attempts")
    return sorted(attempts, key=lambda attempt: attempt.attempted_at)


def _checked_visit(
    work_order: WorkOrder,
    *,
    operative: str,
    outcome: str,
    appointment: Appointment | None,
    follow_on_instructions: str,
) -> None:
    if not operative.strip():
        raise InvalidInput("Give the name of the operative who visited.", field="operative")
    if outcome not in VisitOutcome.values:
        raise InvalidInput("Choose what happened on the visit.", field="outcome")
    if outcome == VisitOutcome.FOLLOW_ON and not follow_on_instructions.strip():
        raise InvalidInput(
            "Write the instructions for the follow-on work.", field="follow_on_instructions"
        )
    if work_order.status not in OPEN_WORK_ORDER:
        raise Conflict(
            f"Work order {work_order.reference} is {work_order.get_status_display().lower()}: "
            "no visit can be recorded on it."
        )
    if work_order.repair.status not in _VISITABLE:
        raise Conflict(
            f"This repair is {work_order.repair.get_status_display().lower()}: no visit can be "
            "recorded on it."
        )
    if appointment is not None and appointment.work_order_id != work_order.pk:
        raise InvalidInput("That appointment is for another work order.", field="appointment")


def _no_access_reason(attempts: list[AttemptInput]) -> str:
    last = attempts[-1]
    card = " (card left)" if any(attempt.card_left for attempt in attempts) else ""
    return (
        f"We could not get in on {_common.local_moment(last.attempted_at)}{card}. "
        "The clock restarts when you tell us when we can come in."
    )


def _write_visit(
    work_order: WorkOrder,
    *,
    actor: User | None,
    operative: str,
    arrived_at: datetime,
    left_at: datetime | None,
    outcome: str,
    notes: str,
    attempts: list[AttemptInput],
    appointment: Appointment | None,
) -> Visit:
    visit = Visit.objects.create(
        work_order=work_order,
        appointment=appointment,
        operative=operative.strip(),
        arrived_at=arrived_at,
        left_at=left_at,
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=actor,
    )
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            visit=visit,
            attempted_at=attempt.attempted_at,
            method=attempt.method,
            card_left=attempt.card_left,
            notes=attempt.notes.strip()[:300],
        )
        for attempt in attempts
    )
    if appointment is not None and appointment.status == AppointmentStatus.BOOKED:
        no_access = outcome == VisitOutcome.NO_ACCESS
        appointment.status = AppointmentStatus.NO_ACCESS if no_access else AppointmentStatus.KEPT
        appointment.save(update_fields=["status", "updated_at"])
    return visit


def _move_work_order(work_order: WorkOrder, outcome: str, *, at: datetime) -> None:
    if outcome in (VisitOutcome.COMPLETED, VisitOutcome.FOLLOW_ON):
        # A follow-on is a new order: this one's part is done.
        work_order.status, work_order.completed_at = WorkOrderStatus.COMPLETED, at
    elif outcome == VisitOutcome.NO_ACCESS:
        booked = work_order.appointments.filter(status=AppointmentStatus.BOOKED).exists()
        work_order.status = WorkOrderStatus.APPOINTED if booked else WorkOrderStatus.ISSUED
    else:
        work_order.status = WorkOrderStatus.IN_PROGRESS
    work_order.save(update_fields=["status", "completed_at", "updated_at"])


def _visit_event(
    visit: Visit, work_order: WorkOrder, attempts: list[AttemptInput], *, actor: User | None
) -> None:
    when = _common.local_moment(visit.arrived_at)
    notes = f" {visit.notes}" if visit.notes else ""
    _common.event(
        work_order.repair,
        kind="repair.visit_recorded",
        summary=f"{visit.operative} ({work_order.assignee}) visited on {when}: "
        f"{visit.get_outcome_display().lower()}.{notes}",
        actor=actor,
        data={
            "visit_id": visit.pk,
            "work_order_id": work_order.pk,
            "operative": visit.operative,
            "arrived_at": visit.arrived_at,
            "left_at": visit.left_at,
            "outcome": visit.outcome,
            "attempts": [
                {
                    "attempted_at": attempt.attempted_at,
                    "method": attempt.method,
                    "card_left": attempt.card_left,
                    "notes": attempt.notes,
                }
                for attempt in attempts
            ],
        },
        occurred_at=visit.arrived_at,
        backdate_reason="Visit recorded after it happened",
    )


def _pause_for_no_access(
    repair: Repair, attempts: list[AttemptInput], *, actor: User | None, at: datetime
) -> None:
    """Pause for no access; but a safety job with no interim measures on record keeps its
    clock running (the visit is still recorded) and staff are told what is owed."""
    try:
        pause(repair, actor=actor, reason=_no_access_reason(attempts), at=at)
    except Conflict as refused:
        if refused.field != "interim_measures":
            raise
        _common.event(
            repair,
            kind="repair.pause_refused",
            summary="No access, but the clock keeps running: record the interim measures on "
            "this safety repair before it can wait for access.",
            actor=None,
            data={"reason": refused.message},
            visibility=Visibility.STAFF,
        )


def _after_visit(
    visit: Visit,
    work_order: WorkOrder,
    attempts: list[AttemptInput],
    *,
    actor: User | None,
    follow_on_instructions: str,
) -> None:
    """What the outcome means for the job."""
    repair, outcome, at = work_order.repair, visit.outcome, now()
    if outcome == VisitOutcome.NO_ACCESS:
        if repair.status in _PAUSABLE:
            _pause_for_no_access(repair, attempts, actor=actor, at=at)
        return
    if repair.status == rules.PAUSED:
        resume(repair, actor=actor, reason="The operative got in.", at=at)
    if outcome == VisitOutcome.FOLLOW_ON:
        issue(
            repair,
            actor=actor,
            instructions=follow_on_instructions,
            contractor=work_order.contractor,
            in_house_team=work_order.in_house_team,
            trade=work_order.trade,
            follow_on_from=work_order,
        )
    elif repair.status == rules.TRIAGED:
        _common.move(repair, rules.IN_PROGRESS)
    still_open = repair.work_orders.filter(status__in=OPEN_WORK_ORDER).exists()
    if outcome == VisitOutcome.COMPLETED and not still_open:
        complete(repair, actor=actor, at=visit.left_at or visit.arrived_at, visit=visit)
        return
    _common.tell(
        repair,
        template="repair_visit",
        context={"visit": visit, "work_order": work_order, "outcome": visit.get_outcome_display()},
        actor=actor,
    )


@transaction.atomic
def visit_record(
    *,
    work_order: WorkOrder,
    actor: User | None,
    operative: str,
    arrived_at: datetime,
    left_at: datetime | None,
    outcome: str,
    notes: str = "",
    attempts: Sequence[AttemptInput] = (),
    photos: Sequence[Photo] = (),
    appointment: Appointment | None = None,
    follow_on_instructions: str = "",
) -> Visit:
    """Record a visit on an order (repairs staff, or the order's own contractor). No access
    needs the attempts and pauses the clock; completed completes the job (once no other order
    is open); follow-on issues the next order; the rest keep the job in progress."""
    work_order = locked_work_order(work_order)
    ensure_may_act_on(actor, work_order)
    _checked_visit(
        work_order,
        operative=operative,
        outcome=outcome,
        appointment=appointment,
        follow_on_instructions=follow_on_instructions,
    )
    _checked_times(work_order, arrived_at, left_at)
    checked_attempts = _checked_attempts(attempts, outcome)
    limits = _common.repairs_policy()
    visit = _write_visit(
        work_order,
        actor=actor,
        operative=operative,
        arrived_at=arrived_at,
        left_at=left_at,
        outcome=outcome,
        notes=notes,
        attempts=checked_attempts,
        appointment=Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment
        else None,
    )
    _move_work_order(work_order, outcome, at=left_at or arrived_at)
    _visit_event(visit, work_order, checked_attempts, actor=actor)
    _after_visit(
        visit,
        work_order,
        checked_attempts,
        actor=actor,
        follow_on_instructions=follow_on_instructions.strip(),
    )
    # Last, so that nothing is stored when anything above refuses; every photo is checked
    # before any is stored, and a bad one refuses the whole visit.
    photos_attach(
        case=work_order.repair.case,
        photos=photos,
        actor=actor,
        max_bytes=limits.photo_max_bytes,
        max_count=limits.photos_per_upload,
        caption=f"Visit on {work_order.reference}",
    )
    refresh_next_due(work_order.repair)
    return visit
