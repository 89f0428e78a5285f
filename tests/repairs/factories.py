"""Repairs in each state, made through the services (never by writing rows), so tests see the
real timeline, deadlines and messages. Every helper takes keyword overrides and returns the
repair re-read from the database.

    repair = reported_repair()                     # a leak in a home, just reported
    repair = communal_repair()                     # the door entry system of a block
    repair = triaged_repair(category="lock")

People and contractors (not cases) are made directly.
"""

from datetime import date, datetime
from typing import Any

from homecase.accounts.models import User
from homecase.housing.models import CommunalArea, CommunalAreaKind, Home, Resident
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case, Channel, Deadline, Event
from homecase.repairs import models as repairs
from homecase.repairs.models import Contractor, Repair
from homecase.repairs.services.intake import repair_report
from homecase.repairs.services.triage import repair_triage
from tests.factories import BlockFactory, ResidentFactory, UserFactory

DESCRIPTION = "Water is dripping through the kitchen ceiling from the flat above."
COMMUNAL_DESCRIPTION = "The door entry system does not work: the front door will not lock."


def planner(**kwargs: Any) -> User:
    """A repairs planner."""
    return UserFactory(roles=["repairs_planner"], **kwargs)


def contact_agent(**kwargs: Any) -> User:
    """A contact centre agent (takes repairs by phone)."""
    return UserFactory(roles=["contact_agent"], **kwargs)


def manager(**kwargs: Any) -> User:
    """A manager (chases escalate to one)."""
    return UserFactory(roles=["manager"], **kwargs)


def contractor(**kwargs: Any) -> Contractor:
    """A contractor firm (a plain row: it is not a case)."""
    count = Contractor.objects.count() + 1
    kwargs.setdefault("name", f"Brightwater Plumbing {count}")
    kwargs.setdefault("trades", "plumbing,heating")
    kwargs.setdefault("email", f"jobs{count}@brightwater.example")
    kwargs.setdefault("code_of_conduct_signed_on", date(2025, 4, 1))
    return Contractor.objects.create(**kwargs)


def contractor_user(contractor: Contractor | None = None, **kwargs: Any) -> User:
    """A user with the contractor role, working for `contractor` (a new firm by default)."""
    firm = contractor or globals()["contractor"]()
    user = UserFactory(roles=["contractor"], **kwargs)
    firm.users.add(user)
    return user


def communal_area(*, kind: str = CommunalAreaKind.DOOR_ENTRY, block=None, **kwargs) -> CommunalArea:
    """A communal area of a block (the door entry system by default)."""
    block = block or BlockFactory()
    kwargs.setdefault("name", "Main entrance door entry")
    return CommunalArea.objects.create(kind=kind, block=block, estate=block.estate, **kwargs)


def reported_repair(
    *,
    category: str = "leak",
    resident: Resident | None = None,
    home: Home | None = None,
    communal_area: CommunalArea | None = None,
    actor: User | None = None,
    channel: str = Channel.PHONE,
    description: str = DESCRIPTION,
    vulnerable: bool | None = False,
    received_at: datetime | None = None,
    **kwargs: Any,
) -> Repair:
    """A repair just reported by phone (status "reported"); extra kwargs go to `repair_report`.
    A home repair by default is in the resident's home (a new resident unless given)."""
    if communal_area is None and home is None:
        resident = resident or ResidentFactory()
        home = resident.home
    if received_at is not None:
        kwargs.setdefault("backdate_reason", "Taken by phone, logged later")
    repair = repair_report(
        actor=actor if actor is not None else contact_agent(),
        channel=channel,
        category=category,
        description=description,
        vulnerable=vulnerable,
        resident=resident,
        home=home,
        communal_area=communal_area,
        received_at=received_at,
        **kwargs,
    )
    return Repair.objects.get(pk=repair.pk)


def communal_repair(
    *,
    category: str = "door_entry",
    communal_area: CommunalArea | None = None,
    resident: Resident | None = None,
    description: str = COMMUNAL_DESCRIPTION,
    **kwargs: Any,
) -> Repair:
    """A communal repair (the door entry system by default) reported by a resident of the block."""
    area = communal_area or globals()["communal_area"]()
    if resident is None:
        resident = ResidentFactory(home__block=area.block, home__estate=area.estate)
    return reported_repair(
        category=category,
        communal_area=area,
        resident=resident,
        description=description,
        **kwargs,
    )


def triaged_repair(
    *,
    by: User | None = None,
    priority: str | None = None,
    reason: str = "",
    repair: Repair | None = None,
    **kwargs: Any,
) -> Repair:
    """A repair triaged by a planner (status "triaged"); kwargs go to `reported_repair`."""
    repair = repair or reported_repair(**kwargs)
    repair_triage(repair=repair, actor=by or planner(), priority=priority, reason=reason)
    return Repair.objects.get(pk=repair.pk)


def written() -> dict[str, int]:
    """How many rows of each kind the repairs services write exist: compare before and after
    a refused call to show that nothing was written."""
    return {
        "cases": Case.objects.count(),
        "repairs": repairs.Repair.objects.count(),
        "events": Event.objects.count(),
        "deadlines": Deadline.objects.count(),
        "messages": OutboundMessage.objects.count(),
        "work_orders": repairs.WorkOrder.objects.count(),
        "appointments": repairs.Appointment.objects.count(),
        "visits": repairs.Visit.objects.count(),
        "chases": repairs.Chase.objects.count(),
        "inspections": repairs.Inspection.objects.count(),
    }


def promises(repair: Repair) -> dict[str, list[str]]:
    """The repair's deadlines by duty, each as its status (oldest first)."""
    result: dict[str, list[str]] = {}
    for duty, status in (
        Deadline.objects.filter(case_id=repair.case_id).order_by("pk").values_list("duty", "status")
    ):
        result.setdefault(duty, []).append(status)
    return result


# ---------------------------------------------------------------------------------------------
# Helper B: work orders, appointments, visits and completion states go below this line.
# ---------------------------------------------------------------------------------------------
# --- Work orders, visits and completion (helper B) ---

INSTRUCTIONS = "Trace the leak from the flat above and repair the pipe; make good the ceiling."


def issued_work_order(
    *,
    repair: Repair | None = None,
    by: User | None = None,
    firm: Contractor | None = None,
    in_house_team: str = "",
    instructions: str = INSTRUCTIONS,
    cost_pence: int = 0,
    **kwargs: Any,
) -> repairs.WorkOrder:
    """A work order on a triaged job (to the in-house plumbing team unless a firm is given);
    kwargs go to `triaged_repair` when no repair is given."""
    from homecase.repairs.services.work_orders import work_order_issue

    repair = repair or triaged_repair(**kwargs)
    if firm is None and not in_house_team:
        in_house_team = "In-house plumbing team"
    work_order = work_order_issue(
        repair=repair,
        actor=by or planner(),
        instructions=instructions,
        contractor=firm,
        in_house_team=in_house_team,
        cost_pence=cost_pence,
    )
    return repairs.WorkOrder.objects.select_related("repair__case").get(pk=work_order.pk)


def booked_appointment(
    *,
    work_order: repairs.WorkOrder | None = None,
    by: User | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    **kwargs: Any,
) -> repairs.Appointment:
    """A slot booked on a work order (two days from now, 8:00 to 12:00 by default); kwargs go
    to `issued_work_order` when no order is given."""
    from datetime import time, timedelta

    from django.utils import timezone

    from homecase.repairs.services.appointments import appointment_book

    work_order = work_order or issued_work_order(**kwargs)
    if starts_at is None:
        day = timezone.localdate() + timedelta(days=2)
        starts_at = datetime.combine(day, time(8), tzinfo=timezone.get_current_timezone())
    appointment = appointment_book(
        work_order=work_order,
        actor=by or planner(),
        starts_at=starts_at,
        ends_at=ends_at or starts_at + timedelta(hours=4),
    )
    return repairs.Appointment.objects.get(pk=appointment.pk)


def visited_repair(
    *,
    outcome: str = "parts_ordered",
    work_order: repairs.WorkOrder | None = None,
    by: User | None = None,
    arrived_at: datetime | None = None,
    operative: str = "Sam Okafor",
    **kwargs: Any,
) -> Repair:
    """A job with one visit recorded now (parts ordered by default; a no-access visit has one
    knock with a card left); kwargs go to `issued_work_order` when no order is given."""
    from homecase.common.time import now
    from homecase.repairs.services.visits import AttemptInput, visit_record

    work_order = work_order or issued_work_order(**kwargs)
    at = arrived_at or now()
    attempts = (
        [AttemptInput(attempted_at=at, method="knocked", card_left=True)]
        if outcome == "no_access"
        else []
    )
    visit_record(
        work_order=work_order,
        actor=by or planner(),
        operative=operative,
        arrived_at=at,
        left_at=at,
        outcome=outcome,
        notes="Visit notes",
        attempts=attempts,
        follow_on_instructions="Come back to finish" if outcome == "follow_on" else "",
    )
    return Repair.objects.get(pk=work_order.repair_id)


def completed_repair(**kwargs: Any) -> Repair:
    """A job completed on a visit (status "completed", the resident asked to confirm)."""
    return visited_repair(outcome="completed", **kwargs)


def closed_repair(*, satisfaction: int = 5, by: User | None = None, **kwargs: Any) -> Repair:
    """A completed job confirmed on the resident's behalf and closed (any post-inspection it
    drew passed first); kwargs go to `completed_repair`."""
    from homecase.repairs.services.completion import completion_confirm, inspection_record

    staff = by or planner()
    repair = completed_repair(**kwargs)
    completion_confirm(repair=repair, actor=staff, confirmed=True, satisfaction=satisfaction)
    for inspection in repair.inspections.filter(result=""):
        inspection_record(inspection=inspection, actor=staff, passed=True, notes="Good work.")
    return Repair.objects.get(pk=repair.pk)
