"""Input and output schemas of the ASB API, one pair per operation. Outputs read model objects
directly (ninja's `from_attributes`), with `resolve_*` for what is derived. Every output here is
the full staff view (names of reporters, victims and alleged perpetrators included): the API is
for ASB officers only."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import AwareDatetime

from homecase.asb.models import (
    ActionKind,
    AsbAction,
    AsbCase,
    AsbStatus,
    Behaviour,
    ClosureReason,
    HateMotivation,
    Location,
)
from homecase.complaints.api.schemas import (
    CHANNELS,
    ERRORS,
    DeadlineOut,
    EventOut,
    name_of,
    one_of,
)

__all__ = ["ERRORS", "DeadlineOut", "EventOut"]


# Parts of a case ------------------------------------------------------------------------------


class PartyOut(Schema):
    id: int
    role: str = Field(description="reporter, victim, alleged_perpetrator or witness")
    name: str
    resident_id: int | None
    contact: str
    notes: str


class ReportOut(Schema):
    id: int
    reporter_id: int | None
    reporter_name: str
    on_behalf_of: str
    channel: str
    received_at: datetime
    description: str
    behaviours: list[str]
    happened_at: datetime | None


class RiskAssessmentOut(Schema):
    id: int
    stage: str = Field(description="intake or review")
    answers: dict[str, bool]
    score: int
    level: str = Field(description="high, medium or standard")
    safeguarding: bool
    notes: str
    assessed_at: datetime
    assessed_by: str | None

    @staticmethod
    def resolve_assessed_by(assessment) -> str | None:
        return name_of(assessment.assessed_by)


class ActionOut(Schema):
    id: int
    kind: str
    description: str
    owner_id: int | None
    owner_name: str | None
    partner_id: int | None
    partner_name: str | None
    due_on: date
    due_at: datetime | None = Field(description="The promise: the end of the agreed day")
    status: str = Field(description="open, done or cancelled")
    agreed_with_victim: bool
    victim_consent: bool
    outcome: str
    done_at: datetime | None
    partner_response: str
    partner_responded_at: datetime | None

    @staticmethod
    def resolve_owner_name(action: AsbAction) -> str | None:
        return name_of(action.owner)

    @staticmethod
    def resolve_partner_name(action: AsbAction) -> str | None:
        return action.partner.name if action.partner_id else None

    @staticmethod
    def resolve_due_at(action: AsbAction) -> datetime | None:
        return action.deadline.due_at if action.deadline_id else None


class DiaryOut(Schema):
    id: int
    source: str = Field(description="resident (incident diary) or officer (officer note)")
    resident_id: int | None
    author_name: str | None
    happened_at: datetime
    what_happened: str
    recorded_at: datetime

    @staticmethod
    def resolve_author_name(entry) -> str | None:
        return name_of(entry.author)


class ReviewOut(Schema):
    id: int
    requested_at: datetime
    requested_by_id: int | None
    reason: str
    threshold_met: bool
    reports_counted: int
    decision: str = Field(description="pending, review_held or not_met")
    decided_at: datetime | None
    outcome: str
    recommendations: str


def _reference(asb: AsbCase) -> str:
    return asb.case.reference


class AsbSummaryOut(Schema):
    reference: str
    title: str
    status: str
    category: str
    behaviours: list[str]
    location: str
    risk_level: str
    safeguarding: bool
    hate_incident: bool
    officer_id: int | None
    officer_name: str | None
    opened_at: datetime
    next_due_at: datetime | None = Field(description="The soonest promise still owed")

    @staticmethod
    def resolve_reference(asb: AsbCase) -> str:
        return _reference(asb)

    @staticmethod
    def resolve_title(asb: AsbCase) -> str:
        return asb.case.title

    @staticmethod
    def resolve_officer_name(asb: AsbCase) -> str | None:
        return name_of(asb.officer)

    @staticmethod
    def resolve_opened_at(asb: AsbCase) -> datetime:
        return asb.case.opened_at


class AsbCaseOut(AsbSummaryOut):
    status_label: str
    where_details: str
    home_id: int | None
    block_id: int | None
    estate_id: int | None
    communal_area_id: int | None
    resident_id: int | None = Field(description="The resident who first reported it")
    description: str
    hate_motivations: list[str]
    hate_perceived_by: str
    crime_reference: str = Field(description="Recorded when there is one; never required")
    contact_interval_working_days: int | None
    related_repair: str | None = Field(description="Reference of a linked repair")
    closed_at: datetime | None
    closure_reason: str
    closure_explanation: str
    victim_view: str
    satisfaction: int | None
    reopened_count: int
    joined_into: str | None = Field(description="Reference of the case this one was joined to")
    parties: list[PartyOut]
    reports: list[ReportOut]
    risk_assessments: list[RiskAssessmentOut]
    actions: list[ActionOut]
    diary: list[DiaryOut]
    reviews: list[ReviewOut]
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_status_label(asb: AsbCase) -> str:
        return AsbStatus(asb.status).label

    @staticmethod
    def resolve_home_id(asb: AsbCase) -> int | None:
        return asb.case.home_id

    @staticmethod
    def resolve_communal_area_id(asb: AsbCase) -> int | None:
        return asb.case.communal_area_id

    @staticmethod
    def resolve_resident_id(asb: AsbCase) -> int | None:
        return asb.case.resident_id

    @staticmethod
    def resolve_related_repair(asb: AsbCase) -> str | None:
        return asb.related_repair.case.reference if asb.related_repair_id else None

    @staticmethod
    def resolve_joined_into(asb: AsbCase) -> str | None:
        return asb.joined_into.case.reference if asb.joined_into_id else None

    @staticmethod
    def resolve_parties(asb: AsbCase) -> list:
        return list(asb.parties.all())

    @staticmethod
    def resolve_reports(asb: AsbCase) -> list:
        return list(asb.reports.all())

    @staticmethod
    def resolve_risk_assessments(asb: AsbCase) -> list:
        return list(asb.risk_assessments.all())

    @staticmethod
    def resolve_actions(asb: AsbCase) -> list:
        return list(asb.actions.all())

    @staticmethod
    def resolve_diary(asb: AsbCase) -> list:
        return list(asb.diary.all())

    @staticmethod
    def resolve_reviews(asb: AsbCase) -> list:
        return list(asb.reviews.all())

    @staticmethod
    def resolve_deadlines(asb: AsbCase) -> list:
        return list(getattr(asb, "api_deadlines", []))


class AsbListQuery(Schema):
    officer_id: int | None = Field(None, description="Only this officer's cases")
    risk_level: str | None = Field(None, description="high, medium or standard")
    hate: bool = Field(False, description="Only cases involving a hate incident")
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=200)


class AsbListOut(Schema):
    page: int
    per_page: int
    has_next: bool
    items: list[AsbSummaryOut]


class TimelineOut(Schema):
    reference: str
    events: list[EventOut]


# Reporting ------------------------------------------------------------------------------------


class PersonIn(Schema):
    name: str = Field("", description="Needed when resident_id is not given")
    resident_id: int | None = None
    contact: str = ""
    notes: str = ""


class ReportIn(Schema):
    channel: str = Field(**one_of(CHANNELS, "How it reached us"))
    reporter_id: int | None = Field(None, description="The resident reporting it, if a resident")
    reporter_name: str = Field("", description="Needed when reporter_id is not given")
    reporter_contact: str = ""
    reporter_is_victim: bool = True
    on_behalf_of: str = Field("", description="Whom they report for, if not themselves")
    description: str = Field(description="What is happening, in the reporter's own words")
    behaviours: list[str] = Field(
        description="At least one behaviour code",
        json_schema_extra={"items": {"enum": Behaviour.values}},
    )
    location: str = Field(**one_of(Location.values, "Where it happens"))
    home_id: int | None = Field(None, description="Needed for location home")
    block_id: int | None = Field(None, description="Needed for location block")
    estate_id: int | None = Field(None, description="Needed for location estate")
    communal_area_id: int | None = Field(None, description="Needed for location communal")
    where_details: str = ""
    happened_at: AwareDatetime | None = Field(None, description="When it last happened")
    hate_incident: bool = Field(
        False, description="Perceived by the victim or anyone else as motivated by hostility"
    )
    hate_motivations: list[str] = Field(
        default_factory=list, json_schema_extra={"items": {"enum": HateMotivation.values}}
    )
    hate_perceived_by: str = ""
    crime_reference: str = Field("", description="A police crime reference if there is one")
    risk_answers: dict[str, bool] = Field(
        default_factory=dict, description="The risk matrix's question codes, answered"
    )
    victims: list[PersonIn] = Field(default_factory=list)
    perpetrators: list[PersonIn] = Field(default_factory=list)
    witnesses: list[PersonIn] = Field(default_factory=list)
    officer_id: int | None = Field(None, description="The named officer (default: assigned)")
    join: str | None = Field(
        None, description="Reference of an open case about the same matter to join this to"
    )
    received_at: AwareDatetime | None = Field(None, description="When it reached us (default now)")
    backdate_reason: str = ""


# Actions --------------------------------------------------------------------------------------


class RiskAssessmentIn(Schema):
    answers: dict[str, bool] = Field(description="The risk matrix's question codes, answered")
    notes: str = ""


class ActionIn(Schema):
    kind: str = Field(**one_of(ActionKind.values, "What will be done"))
    description: str
    due_on: date | None = Field(description="The date it will be done by")
    owner_id: int | None = Field(None, description="The ASB officer who owns it")
    partner_id: int | None = Field(None, description="Or the partner organisation")
    agreed_with_victim: bool = False
    victim_consent: bool = Field(False, description="Needed to report to the police for them")


class ActionCompleteIn(Schema):
    outcome: str = Field(description="What came of it")


class ContactIn(Schema):
    channel: str = Field(**one_of(CHANNELS, "How we were in touch"))
    summary: str
    with_victim: bool = True
    occurred_at: AwareDatetime | None = None
    backdate_reason: str = ""


class CloseIn(Schema):
    reason: str = Field(**one_of(ClosureReason.values, "Why the case is closed"))
    victim_view: str = Field(description="What the victim said about closing")
    explanation: str = Field("", description="Needed for reason other")
