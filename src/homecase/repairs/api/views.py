"""The repairs API's operations. Each one parses, checks access, calls one service in
`repairs.services` (one transaction: a refusal writes nothing) and shapes the answer. Domain
errors become 4xx answers in the API's exception handler (`homecase.api.api`).

`request.auth` is the token's user: a staff member, or a contractor's user. Staff who work
repairs (planners, contact agents, managers) may do everything here; a contractor's user sees
only the jobs it has work orders on, and may only book appointments and record visits on its
own firm's orders: anything else is "not found", as in the contractor's pages."""

from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import AuthorizationError

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.api.auth import ApiTokenAuth
from homecase.api.selectors import api_token_for_key
from homecase.api.services import api_token_note_use
from homecase.common.errors import InvalidInput, NotFound, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import CommunalArea, Home, Resident
from homecase.records.selectors import timeline_for_staff
from homecase.repairs import access, selectors
from homecase.repairs.api import schemas as s
from homecase.repairs.models import Contractor, Repair, RepairStatus, WorkOrder
from homecase.repairs.services import (
    appointments,
    chases,
    completion,
    intake,
    triage,
    visits,
    work_orders,
)

NOT_FOUND = "We could not find that repair."


class RepairsTokenAuth(ApiTokenAuth):
    """The API's bearer tokens, also for contractors' users (who see only their own orders)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        try:
            return super().authenticate(request, token)
        except AuthorizationError:
            # The token is valid and its user active, but not staff: a contractor may go on.
            found = api_token_for_key(token)
            if found is None or access.contractor_of(found.user) is None:
                raise
            api_token_note_use(token=found, at=now())
            request.api_token = found
            return found.user


router = Router(tags=["Repairs"], auth=RepairsTokenAuth())


# Access ---------------------------------------------------------------------------------------


def _firm(user: User) -> Contractor | None:
    """The contractor this user works for, unless they are staff."""
    return None if is_staff_member(user) else access.contractor_of(user)


def _ensure_repairs_staff(user: User) -> None:
    if not access.can_work_repairs(user):
        raise PermissionDenied(
            "Only repairs staff (planners, contact agents, managers) can do this."
        )


def _repair(request: HttpRequest, reference: str) -> Repair:
    """The job, if this user may see it (a contractor: only with one of its orders on it)."""
    repair = selectors.repair_detail(reference=reference)
    if not access.can_see_repair(request.auth, repair):
        raise NotFound(NOT_FOUND)
    return repair


def _staff_repair(request: HttpRequest, reference: str) -> Repair:
    _ensure_repairs_staff(request.auth)
    return _repair(request, reference)


def _work_order(request: HttpRequest, repair: Repair, number: int) -> WorkOrder:
    """The job's order with this number; for a contractor, only its own firm's."""
    orders = WorkOrder.objects.select_related("repair__case", "contractor").filter(
        repair=repair, number=number
    )
    firm = _firm(request.auth)
    if firm is not None:
        orders = orders.filter(contractor=firm)
    order = orders.first()
    if order is None:
        raise NotFound(f"Job {repair.case.reference} has no work order {number}.")
    return order


def _out(repair: Repair, user: User) -> Repair:
    """The job as read again after a change, with the deadlines the answer lists."""
    repair = selectors.repair_detail(repair_id=repair.pk)
    firm = _firm(user)
    # A contractor sees its own orders only, and only the promises the resident was given.
    repair.api_firm_id = firm.pk if firm is not None else None
    repair.api_deadlines = list(selectors.repair_promises(repair, resident_view=firm is not None))
    return repair


# Reads ----------------------------------------------------------------------------------------


@router.get("", response={200: s.RepairListOut, **s.ERRORS}, summary="List open repairs")
def repair_list(request: HttpRequest, filters: Query[s.RepairListQuery]) -> dict[str, Any]:
    """Open jobs matching the filters, the one that falls due soonest first (overdue at the
    top, jobs owing nothing last), `per_page` at a time. A contractor's user sees only the jobs
    with its own work orders."""
    if filters.status and filters.status not in RepairStatus.values:
        raise InvalidInput(f"'{filters.status}' is not a repair status.", field="status")
    firm = _firm(request.auth)
    if firm is None:
        _ensure_repairs_staff(request.auth)
    page = selectors.repairs_queue(
        at=now(),
        status=filters.status or None,
        priority=filters.priority or None,
        trade=filters.trade or None,
        contractor=firm,
        overdue_only=filters.overdue,
        page=filters.page,
        per_page=filters.per_page,
    )
    return {
        "page": page.page,
        "per_page": page.per_page,
        "has_next": page.has_next,
        "items": page.items,
    }


@router.get("/{reference}", response={200: s.RepairOut, **s.ERRORS}, summary="Read a repair")
def repair_read(request: HttpRequest, reference: str) -> Repair:
    """The job with its work orders, appointments, visits, chases and promises."""
    return _out(_repair(request, reference), request.auth)


@router.get(
    "/{reference}/timeline", response={200: s.TimelineOut, **s.ERRORS}, summary="Read a timeline"
)
def repair_timeline(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Every event on the job's timeline, oldest first, except internal ones (staff only)."""
    repair = _staff_repair(request, reference)
    events = timeline_for_staff(case=repair.case)
    return {"reference": repair.case.reference, "events": list(events)}


# Report ---------------------------------------------------------------------------------------


def _found(model, pk: int | None, *, field: str, what: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(f"There is no {what} {pk}.", field=field)
    return found


@router.post(
    "",
    response={201: s.RepairOut, 200: s.RepairOut, **s.ERRORS},
    summary="Report a repair",
)
def repair_report(request: HttpRequest, payload: s.ReportIn) -> Status:
    """Take a report by any channel, after asking about disability and vulnerability. A new
    job answers 201. A report joined to an open job (`join_to`), or the same fault again soon
    after completion (a recall, which reopens that job), answers 200 with that job."""
    _ensure_repairs_staff(request.auth)
    join_to = None
    if payload.join_to:
        join_to = Repair.objects.filter(case__reference=payload.join_to.strip().upper()).first()
        if join_to is None:
            raise InvalidInput(f"There is no repair {payload.join_to}.", field="join_to")
    newest = Repair.objects.aggregate(top=Max("pk"))["top"] or 0
    repair = intake.repair_report(
        actor=request.auth,
        channel=payload.channel,
        category=payload.category,
        description=payload.description,
        vulnerable=payload.vulnerable,
        vulnerability_details=payload.vulnerability_details,
        resident=_found(Resident, payload.resident_id, field="resident_id", what="resident"),
        home=_found(Home, payload.home_id, field="home_id", what="home"),
        communal_area=_found(
            CommunalArea, payload.communal_area_id, field="communal_area_id", what="communal area"
        ),
        access_notes=payload.access_notes,
        received_at=payload.received_at,
        backdate_reason=payload.backdate_reason,
        join_to=join_to,
    )
    # A job made by this report has a key above every job there was before it.
    return Status(201 if repair.pk > newest else 200, _out(repair, request.auth))


# Actions --------------------------------------------------------------------------------------


@router.post(
    "/{reference}/triage", response={200: s.RepairOut, **s.ERRORS}, summary="Triage a repair"
)
def repair_triage(request: HttpRequest, reference: str, payload: s.TriageIn) -> Repair:
    """Reported -> triaged, keeping the catalogue's priority or another with a reason."""
    repair = triage.repair_triage(
        repair=_staff_repair(request, reference),
        actor=request.auth,
        priority=payload.priority or None,
        reason=payload.reason,
    )
    return _out(repair, request.auth)


@router.post(
    "/{reference}/priority", response={200: s.RepairOut, **s.ERRORS}, summary="Change priority"
)
def repair_priority(request: HttpRequest, reference: str, payload: s.PriorityIn) -> Repair:
    """A new priority, always with a reason; the completion promise is recomputed from the
    report and the resident told."""
    repair = triage.repair_priority_change(
        repair=_staff_repair(request, reference),
        actor=request.auth,
        priority=payload.priority,
        reason=payload.reason,
    )
    return _out(repair, request.auth)


@router.post(
    "/{reference}/work-orders",
    response={201: s.WorkOrderOut, **s.ERRORS},
    summary="Issue a work order",
)
def work_order_issue(request: HttpRequest, reference: str, payload: s.WorkOrderIn) -> Status:
    """A work order under the job's reference, to a contractor or an in-house team, carrying
    the resident's vulnerability and access notes."""
    repair = _staff_repair(request, reference)
    follow_on_from = (
        _work_order(request, repair, payload.follow_on_from)
        if payload.follow_on_from is not None
        else None
    )
    order = work_orders.work_order_issue(
        repair=repair,
        actor=request.auth,
        instructions=payload.instructions,
        contractor=_found(
            Contractor, payload.contractor_id, field="contractor_id", what="contractor"
        ),
        in_house_team=payload.in_house_team,
        trade=payload.trade or None,
        cost_pence=payload.cost_pence,
        follow_on_from=follow_on_from,
    )
    return Status(201, order)


@router.post(
    "/{reference}/work-orders/{number}/appointments",
    response={201: s.AppointmentOut, **s.ERRORS},
    summary="Book an appointment",
)
def appointment_book(
    request: HttpRequest, reference: str, number: int, payload: s.AppointmentIn
) -> Status:
    """A slot for the order's visit (not in the past); the resident is told. A contractor's
    user may book only on its own firm's orders."""
    order = _work_order(request, _repair(request, reference), number)
    booked = appointments.appointment_book(
        work_order=order,
        actor=request.auth,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )
    return Status(201, booked)


@router.post(
    "/{reference}/work-orders/{number}/visits",
    response={201: s.VisitOut, **s.ERRORS},
    summary="Record a visit",
)
def visit_record(request: HttpRequest, reference: str, number: int, payload: s.VisitIn) -> Status:
    """What happened when the operative came: completed, follow-on needed, no access (with
    the attempts to get in: the clock pauses with a reason the resident sees), parts ordered,
    specialist needed or made safe. A contractor's user may record only on its own orders."""
    order = _work_order(request, _repair(request, reference), number)
    appointment = None
    if payload.appointment_id is not None:
        appointment = order.appointments.filter(pk=payload.appointment_id).first()
        if appointment is None:
            raise InvalidInput(
                f"Work order {order.reference} has no appointment {payload.appointment_id}.",
                field="appointment_id",
            )
    visit = visits.visit_record(
        work_order=order,
        actor=request.auth,
        operative=payload.operative,
        arrived_at=payload.arrived_at,
        left_at=payload.left_at,
        outcome=payload.outcome,
        notes=payload.notes,
        attempts=[
            visits.AttemptInput(
                attempted_at=attempt.attempted_at,
                method=attempt.method,
                card_left=attempt.card_left,
                notes=attempt.notes,
            )
            for attempt in payload.attempts
        ],
        appointment=appointment,
        follow_on_instructions=payload.follow_on_instructions,
    )
    return Status(201, visit)


@router.post(
    "/{reference}/chases", response={201: s.ChaseOut, **s.ERRORS}, summary="Record a chase"
)
def chase_record(request: HttpRequest, reference: str, payload: s.ChaseIn) -> Status:
    """The resident chased the job: logged with a reply deadline; the policy's second chase
    goes to a manager and offers the resident a complaint."""
    chase = chases.chase_record(
        repair=_staff_repair(request, reference),
        actor=request.auth,
        channel=payload.channel,
        summary=payload.summary,
        occurred_at=payload.occurred_at,
        backdate_reason=payload.backdate_reason,
    )
    return Status(201, chase)


@router.post(
    "/{reference}/complete", response={200: s.RepairOut, **s.ERRORS}, summary="Complete a repair"
)
def repair_complete(request: HttpRequest, reference: str, payload: s.CompleteIn) -> Repair:
    """Mark the job completed (refused without a visit that completed the work); the resident
    is asked to confirm, and the job may be picked for post-inspection."""
    repair = completion.repair_complete(
        repair=_staff_repair(request, reference), actor=request.auth, at=payload.at
    )
    return _out(repair, request.auth)
