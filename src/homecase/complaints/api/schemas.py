"""Input and output schemas of the complaints API, one pair per operation. Outputs read model
objects directly (ninja's `from_attributes`), with `resolve_*` for what is derived."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from homecase.accounts.models import User
from homecase.complaints import rules
from homecase.complaints.models import (
    Complainant,
    Complaint,
    ComplaintStatus,
    Decision,
    Remedy,
    Stage,
)
from homecase.housing.models import Resident
from homecase.records.models import Channel

CHANNELS = [value for value in Channel.values if value != Channel.SYSTEM]


def one_of(values: list[str], description: str) -> dict[str, Any]:
    """A string documented as one of `values`. Not enforced here: the service refuses anything
    else with a plain-English 400 naming the field, like every other rule."""
    return {"description": description, "json_schema_extra": {"enum": values}}


def stage_number(status: str) -> int | None:
    """The stage a complaint is at: 1 from receipt, none once refused or withdrawn."""
    if status == ComplaintStatus.RECEIVED:
        return 1
    return rules.stage_of(status)


def name_of(user: User | None) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


# Errors ---------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in plain English.")
    field: str | None = Field(None, description="The input it is about, when there is one.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(description="Pydantic's errors: malformed JSON or types")


ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


# Parts of a complaint -------------------------------------------------------------------------


class PointOut(Schema):
    number: int
    summary: str
    decision: str = Field(description="upheld, partly_upheld, not_upheld, or empty if undecided")
    reason: str
    added_after_acknowledgement: bool


class StageOut(Schema):
    number: int
    requested_at: datetime
    officer_name: str | None
    acknowledged_at: datetime | None
    outcomes_sought: str
    points: list[PointOut]
    explanation: str
    remedy_summary: str
    outcome: str
    responded_at: datetime | None
    escalate_by: datetime | None = Field(description="Stage 1: the end of the time for stage 2")
    escalation_reason: str
    late_escalation_reason: str

    @staticmethod
    def resolve_officer_name(stage: Stage) -> str | None:
        return name_of(stage.officer)


class DeadlineOut(Schema):
    duty: str
    label: str
    due_at: datetime
    original_due_at: datetime
    status: str = Field(description="open, met, missed, met_late or cancelled")
    met_at: datetime | None
    extended_working_days: int
    extension_reason: str


class RemedyOut(Schema):
    stage_number: int
    kind: str
    description: str
    owner_name: str | None
    due_at: datetime | None
    done_at: datetime | None
    outstanding: bool

    @staticmethod
    def resolve_owner_name(remedy: Remedy) -> str | None:
        return name_of(remedy.owner)

    @staticmethod
    def resolve_due_at(remedy: Remedy) -> datetime | None:
        return remedy.deadline.due_at if remedy.deadline else None


class ResidentRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(resident: Resident) -> str:
        return resident.full_name


# Read -----------------------------------------------------------------------------------------


class ComplaintOut(Schema):
    reference: str
    status: str
    status_label: str
    stage: int | None = Field(description="The stage it is at (none once refused or withdrawn)")
    complainant: str
    channel: str = Field(description="How the complaint reached us")
    received_at: datetime
    resident: ResidentRef | None
    representative_id: int | None
    third_party_name: str
    description: str
    desired_outcome: str
    related_case: str | None = Field(description="The reference of the case it is about")
    about_conduct: bool
    conduct_subject: str | None = Field(description="Shown to complaint handlers only")
    next_due_at: datetime | None = Field(description="The soonest promise still owed")
    stages: list[StageOut]
    deadlines: list[DeadlineOut]
    remedies: list[RemedyOut]


# Create ---------------------------------------------------------------------------------------


class SignerIn(Schema):
    name: str
    circumstances: str = ""
    resident_id: int | None = None


class ComplaintCreateIn(Schema):
    resident_id: int | None = Field(None, description="The resident it is from or about")
    channel: str = Field(**one_of(CHANNELS, "How the complaint reached us"))
    description: str = Field("", description="The complaint in the complainant's own words")
    desired_outcome: str = ""
    received_at: AwareDatetime | None = Field(
        None, description="When it was received, if earlier than now (with backdate_reason)"
    )
    backdate_reason: str = ""
    complainant: str = Field(
        Complainant.RESIDENT, **one_of(Complainant.values, "Who is complaining")
    )
    representative_id: int | None = Field(None, description="For complainant=representative")
    third_party_name: str = ""
    third_party_contact: str = ""
    signers: list[SignerIn] = Field(default_factory=list, description="For a petition")
    related_case: str = Field("", description="Reference of the case it is about, if any")
    about_conduct: bool = False
    conduct_subject: str = Field("", description="Whose conduct (required if about_conduct)")


# List -----------------------------------------------------------------------------------------


class ComplaintListQuery(Schema):
    status: str = Field("", **one_of(ComplaintStatus.values, "Only complaints in this status"))
    resident_id: int | None = None
    overdue: bool | None = Field(None, description="true: a promise is overdue; false: none is")
    received_from: date | None = Field(None, description="Received on or after this day")
    received_to: date | None = Field(None, description="Received on or before this day")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class ComplaintItemOut(Schema):
    reference: str
    status: str
    stage: int | None
    resident: ResidentRef | None
    received_at: datetime
    next_due_at: datetime | None
    rag: str = Field(description="red (overdue), amber (due within 2 days) or green")

    @staticmethod
    def resolve_stage(complaint: Complaint) -> int | None:
        return stage_number(complaint.status)

    @staticmethod
    def resolve_resident(complaint: Complaint) -> Resident | None:
        return complaint.case.resident

    @staticmethod
    def resolve_received_at(complaint: Complaint) -> datetime:
        return complaint.case.opened_at


class ComplaintListOut(Schema):
    count: int = Field(description="How many complaints match, in all")
    limit: int
    offset: int
    items: list[ComplaintItemOut]


# Timeline -------------------------------------------------------------------------------------


class EventOut(Schema):
    sequence: int
    occurred_at: datetime
    recorded_at: datetime
    backdate_reason: str
    kind: str
    summary: str
    channel: str
    actor_name: str
    visibility: str = Field(description="resident (the resident sees it too) or staff")


class TimelineOut(Schema):
    reference: str
    events: list[EventOut]


# Stage actions --------------------------------------------------------------------------------


class AcknowledgeIn(Schema):
    points: list[str] = Field(default_factory=list, description="What the response must answer")
    outcomes_sought: str = Field("", description="The outcomes the resident seeks")
    officer_id: int | None = Field(None, description="Who handles the stage (default: you)")
    acknowledged_at: AwareDatetime | None = None
    backdate_reason: str = ""


class AcknowledgeOut(Schema):
    reference: str
    status: str
    stage: int
    officer_name: str | None
    acknowledged_at: datetime
    outcomes_sought: str
    points: list[PointOut]
    respond_by: datetime | None


class DecisionIn(Schema):
    number: int = Field(description="The point's number in the definition")
    decision: str = Field(**one_of(Decision.values, "The decision on the point"))
    reason: str = Field("", description="Why, citing policy, law or good practice")


class DecisionsIn(Schema):
    decisions: list[DecisionIn]


class DecisionsOut(Schema):
    reference: str
    stage: int
    points: list[PointOut]
    undecided: list[int] = Field(description="Points still without a decision and a reason")


class RespondIn(Schema):
    explanation: str = Field("", description="The response: what we found and why")
    remedy_summary: str = Field("", description="What we will do to put things right")
    responded_at: AwareDatetime | None = None
    backdate_reason: str = ""


class RespondOut(Schema):
    reference: str
    status: str
    stage: int
    outcome: str
    responded_at: datetime
    escalate_by: datetime | None = Field(description="Stage 1: the end of the time for stage 2")
    letter_sent: bool = Field(description="False when the complainant must be written to by hand")


class EscalateIn(Schema):
    channel: str = Field(**one_of(CHANNELS, "How the resident asked"))
    reason: str = Field("", description="Optional: a reason is never demanded")
    requested_at: AwareDatetime | None = None
    backdate_reason: str = ""
    late_discretion_reason: str = Field(
        "", description="Needed after the escalation window: why it is accepted late"
    )


class EscalateOut(Schema):
    reference: str
    status: str
    stage: int
    requested_at: datetime
    late: bool
    acknowledge_by: datetime | None


class ExtendIn(Schema):
    working_days: int = Field(description="How many more working days")
    reason: str = Field("", description="Why: the resident is told it")
    good_reason_beyond_limit: str = Field(
        "", description="Needed to go beyond the Code's limit (10 or 20 working days)"
    )


class ExtendOut(Schema):
    reference: str
    status: str
    stage: int
    respond_by: datetime
    original_due_at: datetime
    extended_working_days: int
    extension_reason: str
