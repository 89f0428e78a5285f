"""Input and output schemas of the repairs API, one pair per operation. Outputs read model
objects directly (ninja's `from_attributes`), with `resolve_*` for what is derived."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import AwareDatetime

from homecase.complaints.api.schemas import ERRORS, DeadlineOut, EventOut, one_of
from homecase.records.models import Channel
from homecase.repairs.models import (
    AttemptMethod,
    Repair,
    RepairStatus,
    VisitOutcome,
    WorkOrder,
)

__all__ = ["ERRORS", "DeadlineOut", "EventOut"]

CHANNELS = [value for value in Channel.values if value != Channel.SYSTEM]


# Reporting ------------------------------------------------------------------------------------


class ReportIn(Schema):
    channel: str = Field(**one_of(CHANNELS, "How it reached us"))
    category: str = Field(description="A code from the repairs catalogue, e.g. leak, door_entry")
    description: str = Field(description="The problem in the reporter's own words")
    vulnerable: bool | None = Field(
        description="The answer to 'Does anyone in the home have a disability or vulnerability "
        "we should know about?' (asked on every report; null is refused)"
    )
    vulnerability_details: str = Field("", description="What they told us, when the answer is yes")
    resident_id: int | None = Field(None, description="Who reported it (their home by default)")
    home_id: int | None = Field(None, description="The home, when no resident is given")
    communal_area_id: int | None = Field(None, description="A communal area instead of a home")
    access_notes: str = ""
    received_at: AwareDatetime | None = Field(None, description="When it reached us (default now)")
    backdate_reason: str = ""
    join_to: str | None = Field(
        None, description="Reference of an open job on the same place to join this report to"
    )


# Parts of a repair ----------------------------------------------------------------------------


class AppointmentOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str = Field(description="booked, moved, cancelled, kept or no_access")
    change_reason: str


class AttemptOut(Schema):
    attempted_at: datetime
    method: str
    card_left: bool
    notes: str


class VisitOut(Schema):
    id: int
    work_order: str
    operative: str
    arrived_at: datetime
    left_at: datetime | None
    outcome: str
    notes: str
    attempts: list[AttemptOut]

    @staticmethod
    def resolve_work_order(visit) -> str:
        return visit.work_order.reference

    @staticmethod
    def resolve_attempts(visit) -> list:
        return list(visit.access_attempts.all())


class WorkOrderOut(Schema):
    reference: str = Field(description="The job's reference and the order's number, R-.../2")
    number: int
    status: str
    assignee: str
    contractor_id: int | None
    trade: str
    instructions: str
    vulnerability_notes: str
    access_notes: str
    cost_pence: int
    issued_at: datetime
    completed_at: datetime | None
    follow_on_from: int | None
    appointments: list[AppointmentOut]
    visits: list[VisitOut]

    @staticmethod
    def resolve_follow_on_from(order: WorkOrder) -> int | None:
        return order.follow_on_from.number if order.follow_on_from_id else None

    @staticmethod
    def resolve_appointments(order: WorkOrder) -> list:
        return list(order.appointments.all())

    @staticmethod
    def resolve_visits(order: WorkOrder) -> list:
        return list(order.visits.all())


class ChaseOut(Schema):
    number: int
    chased_at: datetime
    channel: str
    summary: str
    reply_due_at: datetime | None
    escalated: bool
    complaint_offered: bool
    replied_at: datetime | None

    @staticmethod
    def resolve_reply_due_at(chase) -> datetime | None:
        return chase.reply_deadline.due_at if chase.reply_deadline_id else None

    @staticmethod
    def resolve_escalated(chase) -> bool:
        return chase.escalated_to_id is not None or chase.complaint_offer_id is not None

    @staticmethod
    def resolve_complaint_offered(chase) -> bool:
        return chase.complaint_offer_id is not None


def _reference(repair: Repair) -> str:
    return repair.case.reference


class RepairSummaryOut(Schema):
    reference: str
    title: str
    status: str
    priority: str
    category: str
    trade: str
    location: str
    reported_at: datetime
    next_due_at: datetime | None = Field(description="The soonest promise still owed")
    overdue: bool

    @staticmethod
    def resolve_reference(repair: Repair) -> str:
        return _reference(repair)

    @staticmethod
    def resolve_title(repair: Repair) -> str:
        return repair.case.title

    @staticmethod
    def resolve_reported_at(repair: Repair) -> datetime:
        return repair.case.opened_at

    @staticmethod
    def resolve_overdue(repair: Repair) -> bool:
        return bool(getattr(repair, "overdue", False))


class RepairOut(Schema):
    reference: str
    title: str
    status: str
    status_label: str
    category: str
    trade: str
    route: str = Field(description="responsive, specialist or planned")
    priority: str
    is_emergency: bool
    safety: bool
    hazard: str
    location: str
    home_id: int | None
    communal_area_id: int | None
    resident_id: int | None
    description: str
    access_notes: str
    reported_channel: str
    reported_at: datetime
    vulnerability_flag: bool
    vulnerability_answer: str
    interim_measures: str
    target_due_at: datetime | None = Field(
        description="The completion promise; none where policy gives no responsive timescale"
    )
    next_due_at: datetime | None
    responsible: str
    programme: str
    planned_for: date | None
    completed_at: datetime | None
    met_target: bool | None
    resident_verdict: str
    satisfaction: int | None
    cost_pence: int
    recalls: int
    closed_at: datetime | None
    work_orders: list[WorkOrderOut]
    chases: list[ChaseOut]
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_reference(repair: Repair) -> str:
        return _reference(repair)

    @staticmethod
    def resolve_title(repair: Repair) -> str:
        return repair.case.title

    @staticmethod
    def resolve_status_label(repair: Repair) -> str:
        return RepairStatus(repair.status).label

    @staticmethod
    def resolve_home_id(repair: Repair) -> int | None:
        return repair.case.home_id

    @staticmethod
    def resolve_communal_area_id(repair: Repair) -> int | None:
        return repair.case.communal_area_id

    @staticmethod
    def resolve_resident_id(repair: Repair) -> int | None:
        return repair.case.resident_id

    @staticmethod
    def resolve_reported_at(repair: Repair) -> datetime:
        return repair.case.opened_at

    @staticmethod
    def resolve_work_orders(repair: Repair) -> list:
        firm = getattr(repair, "api_firm_id", None)
        orders = repair.work_orders.all()
        return [order for order in orders if firm is None or order.contractor_id == firm]

    @staticmethod
    def resolve_chases(repair: Repair) -> list:
        return list(repair.chases.all())

    @staticmethod
    def resolve_deadlines(repair: Repair) -> list:
        return list(getattr(repair, "api_deadlines", []))


class RepairListQuery(Schema):
    status: str | None = Field(None, description="One open status (default: every open job)")
    priority: str | None = None
    trade: str | None = None
    overdue: bool = Field(False, description="Only jobs whose next promise has passed")
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=200)


class RepairListOut(Schema):
    page: int
    per_page: int
    has_next: bool
    items: list[RepairSummaryOut]


class TimelineOut(Schema):
    reference: str
    events: list[EventOut]


# Actions --------------------------------------------------------------------------------------


class TriageIn(Schema):
    priority: str | None = Field(None, description="Keep the catalogue's priority when empty")
    reason: str = Field("", description="Needed when the priority differs from the catalogue's")


class PriorityIn(Schema):
    priority: str
    reason: str


class WorkOrderIn(Schema):
    instructions: str
    contractor_id: int | None = None
    in_house_team: str = ""
    trade: str | None = None
    cost_pence: int = Field(0, ge=0)
    follow_on_from: int | None = Field(None, description="Number of the order this follows on")


class AppointmentIn(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class AttemptIn(Schema):
    attempted_at: AwareDatetime
    method: str = Field(**one_of(AttemptMethod.values, "How we tried to get in"))
    card_left: bool = False
    notes: str = ""


class VisitIn(Schema):
    operative: str
    arrived_at: AwareDatetime
    left_at: AwareDatetime | None = None
    outcome: str = Field(**one_of(VisitOutcome.values, "What happened"))
    notes: str = ""
    attempts: list[AttemptIn] = Field(default_factory=list, description="Needed for no_access")
    appointment_id: int | None = None
    follow_on_instructions: str = Field("", description="Needed for follow_on")


class ChaseIn(Schema):
    channel: str = Field(**one_of(CHANNELS, "How the resident chased"))
    summary: str
    occurred_at: AwareDatetime | None = None
    backdate_reason: str = ""


class CompleteIn(Schema):
    at: AwareDatetime | None = Field(None, description="When the work was done (default now)")
