"""Work orders under the one job number (`R-2026-000123/2`): issued to an in-house team or a
contractor, with the resident's vulnerabilities, reasonable adjustments and access notes copied
onto every order (the operative must know before knocking), and cancelled only with a reason.

A contractor's users act only on their own firm's orders: `ensure_may_act_on` is the one check
that appointments and visits share."""

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import Role, User
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import ReasonableAdjustment, Resident, Vulnerability
from homecase.records.models import Visibility
from homecase.repairs import rules
from homecase.repairs.models import (
    Appointment,
    AppointmentStatus,
    Contractor,
    Repair,
    WorkOrder,
    WorkOrderStatus,
)
from homecase.repairs.services import _common
from homecase.repairs.services.next_due import refresh_next_due

OPEN_WORK_ORDER = (WorkOrderStatus.ISSUED, WorkOrderStatus.APPOINTED, WorkOrderStatus.IN_PROGRESS)
# A job takes new orders while work is still being arranged or done.
_TAKES_ORDERS = (rules.TRIAGED, rules.IN_PROGRESS, rules.PAUSED, rules.PLANNED)
ANOTHER_CONTRACTOR = "This work order belongs to another contractor."


def ensure_may_act_on(actor: User | None, work_order: WorkOrder) -> None:
    """Repairs staff may act on any order; a contractor's user only on its own firm's."""
    if actor is None or actor.is_superuser:
        return
    if has_role(actor, Role.CONTRACTOR) and not is_staff_member(actor):
        mine = work_order.contractor_id is not None and (
            Contractor.users.through.objects.filter(
                contractor_id=work_order.contractor_id, user_id=actor.pk
            ).exists()
        )
        if not mine:
            raise PermissionDenied(ANOTHER_CONTRACTOR)
        return
    _common.ensure_planner(actor)


def locked_work_order(work_order: WorkOrder) -> WorkOrder:
    """The order's row, locked for this transaction (its job locked first, always in that
    order so that two services never wait on each other)."""
    repair = _common.locked(work_order.repair)
    locked = (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("contractor")
        .get(pk=work_order.pk)
    )
    locked.repair = repair
    return locked


def _current(
    model: type[Vulnerability] | type[ReasonableAdjustment], resident: Resident
) -> QuerySet:
    today = now().date()
    return model.objects.filter(resident=resident).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )


def vulnerability_notes(repair: Repair) -> str:
    """What the operative must know: the answer to the vulnerability question on the report,
    and the resident's current vulnerabilities and reasonable adjustments on record."""
    lines = []
    if repair.vulnerability_answer.strip():
        lines.append(f"Told us when reporting: {repair.vulnerability_answer.strip()}")
    resident = repair.case.resident
    if resident is not None:
        for record in _current(Vulnerability, resident).order_by("pk"):
            details = f": {record.details.strip()}" if record.details.strip() else ""
            lines.append(f"Vulnerability: {record.get_kind_display()}{details}")
        for record in _current(ReasonableAdjustment, resident).order_by("pk"):
            details = f": {record.details.strip()}" if record.details.strip() else ""
            lines.append(f"Reasonable adjustment: {record.get_kind_display()}{details}")
    return "\n".join(lines)


def _checked_assignee(contractor: Contractor | None, in_house_team: str) -> str:
    team = in_house_team.strip()
    if contractor is None and not team:
        raise InvalidInput(
            "Choose a contractor or name the in-house team doing the work.", field="contractor"
        )
    if contractor is not None and team:
        raise InvalidInput(
            "Give either a contractor or an in-house team, not both.", field="in_house_team"
        )
    if contractor is not None and contractor.code_of_conduct_signed_on is None:
        # Residents asked that contractors be held to a code of conduct (reference 000, s. 3).
        raise Conflict(
            f"{contractor.name} has not signed our contractors' code of conduct, so it cannot "
            "be given work. Record the date it signed first.",
            field="contractor",
        )
    return team


def _checked_order(
    repair: Repair, *, instructions: str, cost_pence: int, follow_on_from: WorkOrder | None
) -> str:
    if repair.status not in _TAKES_ORDERS:
        if repair.status == rules.REPORTED:
            raise Conflict("Triage the repair before raising a work order.")
        raise Conflict(
            f"This repair is {repair.get_status_display().lower()}: it cannot take a new "
            "work order."
        )
    if not instructions.strip():
        raise InvalidInput("Write the instructions for the work.", field="instructions")
    if not isinstance(cost_pence, int) or isinstance(cost_pence, bool) or cost_pence < 0:
        raise InvalidInput("The cost must be a whole number of pence, 0 or more.", field="cost")
    if follow_on_from is not None and follow_on_from.repair_id != repair.pk:
        raise InvalidInput(
            "A follow-on order must follow an order on the same job.", field="follow_on_from"
        )
    return instructions.strip()


def issue(
    repair: Repair,
    *,
    actor: User | None,
    instructions: str,
    contractor: Contractor | None = None,
    in_house_team: str = "",
    trade: str | None = None,
    cost_pence: int = 0,
    follow_on_from: WorkOrder | None = None,
) -> WorkOrder:
    """Issue an order on a job already locked by the caller (no permission check: the caller
    has made it, e.g. a contractor's follow-on from its own visit)."""
    team = _checked_assignee(contractor, in_house_team)
    text = _checked_order(
        repair, instructions=instructions, cost_pence=cost_pence, follow_on_from=follow_on_from
    )
    trade = (trade or repair.trade).strip() or repair.trade
    number = (repair.work_orders.aggregate(last=Max("number"))["last"] or 0) + 1
    work_order = WorkOrder.objects.create(
        repair=repair,
        number=number,
        contractor=contractor,
        in_house_team=team,
        trade=trade,
        instructions=text,
        vulnerability_notes=vulnerability_notes(repair),
        access_notes=repair.access_notes,
        follow_on_from=follow_on_from,
        cost_pence=cost_pence,
        issued_at=now(),
        issued_by=actor,
    )
    old_cost = repair.cost_pence
    if cost_pence:
        repair.cost_pence = old_cost + cost_pence
        repair.save(update_fields=["cost_pence", "updated_at"])
    old_status = repair.status
    if repair.status in (rules.TRIAGED, rules.PLANNED):
        _common.move(repair, rules.IN_PROGRESS)
    _issued_event(repair, work_order, actor=actor, old_status=old_status, old_cost=old_cost)
    return work_order


def _issued_event(
    repair: Repair, work_order: WorkOrder, *, actor: User | None, old_status: str, old_cost: int
) -> None:
    follow = (
        f" (follow-on from {work_order.follow_on_from.reference})"
        if work_order.follow_on_from
        else ""
    )
    _common.event(
        repair,
        kind="repair.work_order_issued",
        summary=f"Work order {work_order.reference} issued to {work_order.assignee} "
        f"({work_order.trade}){follow}.",
        actor=actor,
        data={
            "work_order_id": work_order.pk,
            "number": work_order.number,
            "assignee": work_order.assignee,
            "trade": work_order.trade,
            "follow_on_from": work_order.follow_on_from_id,
            "old_status": old_status,
            "new_status": repair.status,
        },
    )
    # Costs and the vulnerability notes are for staff and the operative only.
    _common.event(
        repair,
        kind="repair.work_order_details",
        summary=f"Work order {work_order.reference}: instructions, cost and the notes for "
        "the operative.",
        actor=actor,
        data={
            "work_order_id": work_order.pk,
            "instructions": work_order.instructions,
            "cost_pence": work_order.cost_pence,
            "old_job_cost_pence": old_cost,
            "new_job_cost_pence": repair.cost_pence,
            "vulnerability_notes": work_order.vulnerability_notes,
            "access_notes": work_order.access_notes,
        },
        visibility=Visibility.STAFF,
    )


@transaction.atomic
def work_order_issue(
    *,
    repair: Repair,
    actor: User | None,
    instructions: str,
    contractor: Contractor | None = None,
    in_house_team: str = "",
    trade: str | None = None,
    cost_pence: int = 0,
    follow_on_from: WorkOrder | None = None,
) -> WorkOrder:
    """Raise a work order under the job's reference (numbered `/1`, `/2`...), to a contractor
    or an in-house team, carrying the vulnerability and access notes. The job is then in
    progress (a paused job stays paused until the resident offers access)."""
    _common.ensure_planner(actor)
    repair = _common.locked(repair)
    work_order = issue(
        repair,
        actor=actor,
        instructions=instructions,
        contractor=contractor,
        in_house_team=in_house_team,
        trade=trade,
        cost_pence=cost_pence,
        follow_on_from=follow_on_from,
    )
    refresh_next_due(repair)
    return work_order


def slot_words(appointment: Appointment) -> str:
    """ "3 June 2026 between 08:00 and 12:00" in the landlord's time."""
    starts = _common.local_moment(appointment.starts_at)
    ends = timezone.localtime(appointment.ends_at)
    if timezone.localdate(appointment.starts_at) == ends.date():
        return f"{starts.replace(' at ', ' between ')} and {ends:%H:%M}"
    return f"{starts} to {_common.local_moment(appointment.ends_at)}"


def cancel_booked(
    appointment: Appointment, *, work_order: WorkOrder, actor: User | None, reason: str
) -> Appointment:
    """Cancel a booked slot (its order and job locked by the caller) and tell the resident."""
    appointment.status = AppointmentStatus.CANCELLED
    appointment.change_reason = reason[:300]
    appointment.save(update_fields=["status", "change_reason", "updated_at"])
    repair = work_order.repair
    slot = slot_words(appointment)
    _common.event(
        repair,
        kind="repair.appointment_cancelled",
        summary=f"Appointment on {slot} cancelled ({work_order.reference}). Reason: {reason}",
        actor=actor,
        data={
            "appointment_id": appointment.pk,
            "work_order_id": work_order.pk,
            "old_status": AppointmentStatus.BOOKED,
            "new_status": appointment.status,
            "reason": reason,
        },
    )
    _common.tell(
        repair,
        template="repair_appointment_moved",
        context={
            "work_order": work_order,
            "old_slot": slot,
            "new_slot": "",
            "cancelled": True,
            "reason": reason,
        },
        actor=actor,
    )
    return appointment


@transaction.atomic
def work_order_cancel(*, work_order: WorkOrder, actor: User | None, reason: str) -> WorkOrder:
    """Cancel an open order with a reason; its booked appointments are cancelled and the
    resident told. Its cost no longer counts towards the job's."""
    _common.ensure_planner(actor)
    if not reason.strip():
        raise InvalidInput("Give the reason for cancelling the work order.", field="reason")
    work_order = locked_work_order(work_order)
    if work_order.status not in OPEN_WORK_ORDER:
        raise Conflict(
            f"Work order {work_order.reference} is already "
            f"{work_order.get_status_display().lower()}."
        )
    repair = work_order.repair
    old_status = work_order.status
    work_order.status = WorkOrderStatus.CANCELLED
    work_order.save(update_fields=["status", "updated_at"])
    old_cost = repair.cost_pence
    if work_order.cost_pence:
        repair.cost_pence = max(old_cost - work_order.cost_pence, 0)
        repair.save(update_fields=["cost_pence", "updated_at"])
    for appointment in work_order.appointments.filter(status=AppointmentStatus.BOOKED):
        cancel_booked(appointment, work_order=work_order, actor=actor, reason=reason.strip())
    _common.event(
        repair,
        kind="repair.work_order_cancelled",
        summary=f"Work order {work_order.reference} cancelled. Reason: {reason.strip()}",
        actor=actor,
        data={
            "work_order_id": work_order.pk,
            "old_status": old_status,
            "new_status": work_order.status,
            "reason": reason.strip(),
        },
    )
    if old_cost != repair.cost_pence:
        _common.event(
            repair,
            kind="repair.cost_changed",
            summary=f"Job cost reduced by the cancelled order {work_order.reference}.",
            actor=actor,
            data={"old_cost_pence": old_cost, "new_cost_pence": repair.cost_pence},
            visibility=Visibility.STAFF,
        )
    refresh_next_due(repair)
    return work_order
