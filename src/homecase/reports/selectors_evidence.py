"""Reads for the Ombudsman evidence pack: everything the record holds about one case.

`case_record` gathers, in a fixed number of queries whatever the timeline's length, the case,
every event of its timeline in order (all of them: the chain is verified end to end), its
deadlines, the messages sent about it, its attachments, and the domain rows hanging under it
(a complaint's stages, points, remedies, compensation, learning and Ombudsman referral; a
repair's work orders, appointments, visits and access attempts, chases, inspections...; an
ASB case's parties, reports, risk assessments, actions, diary and case reviews)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from homecase.asb.models import (
    AsbAction,
    AsbCase,
    AsbParty,
    AsbReport,
    CaseReview,
    DiaryEntry,
    RiskAssessment,
)
from homecase.complaints.models import (
    Compensation,
    Complaint,
    LearningAction,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OmbudsmanReferral,
    Point,
    Remedy,
    Stage,
)
from homecase.notify.models import OutboundMessage
from homecase.records.models import Attachment, Case, CaseKind, Deadline, Event
from homecase.records.verification import Problem, timeline_problems
from homecase.repairs.models import (
    AccessAttempt,
    Appointment,
    Chase,
    ClockPause,
    Hazard,
    Inspection,
    Repair,
    Visit,
    WorkOrder,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Columns that say nothing to a reader of the PDF (they stay in the JSON).
_HIDDEN_IN_PDF = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class Section:
    """One kind of domain row (e.g. "Work orders"): each row as (label, text) pairs for the
    PDF and as a plain dict for the JSON."""

    key: str
    title: str
    rows: list[list[tuple[str, str]]]
    data: list[dict[str, Any]]


@dataclass
class CaseRecord:
    case: Case
    events: list[Event]
    deadlines: list[Deadline]
    messages: list[OutboundMessage]
    attachments: list[Attachment]
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def attachment_files(self) -> list[tuple[Attachment, str]]:
        """Each attachment with its path in the pack."""
        return [(a, attachment_path(a)) for a in self.attachments]

    @property
    def verified(self) -> bool:
        return not self.problems

    @property
    def verification_text(self) -> str:
        if self.verified:
            return (
                f"Verified: all {len(self.events)} events of timeline {self.case.timeline.subject} "
                "chain correctly from the first to the last recorded; no alteration found."
            )
        return f"{len(self.problems)} problem(s) found: the record has been altered."


def safe_name(name: str) -> str:
    """A file name safe inside a ZIP on any system: no folders, no odd characters."""
    cleaned = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    return cleaned[:120] or "file"


def attachment_path(attachment: Attachment) -> str:
    """Where an attachment goes in the pack: `attachments/<id>-<original name>`."""
    return f"attachments/{attachment.pk}-{safe_name(attachment.original_name)}"


def _plain(value: Any) -> Any:
    """A JSON-ready value: moments in ISO 8601 (UTC), decimals as strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name
    return value


def _text(obj: models.Model, f: models.Field) -> str:
    value = getattr(obj, f.attname)
    if value is None or value == "":
        return ""
    if f.choices:
        return str(getattr(obj, f"get_{f.name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def row_data(obj: models.Model) -> dict[str, Any]:
    """Every stored column of a row, foreign keys as their ids."""
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def row_text(obj: models.Model) -> list[tuple[str, str]]:
    """The row as a reader sees it: labelled, choices spelled out, empty columns left out."""
    pairs = []
    for f in obj._meta.concrete_fields:
        if f.name in _HIDDEN_IN_PDF or (f.is_relation and f.name != "deadline"):
            continue
        text = _text(obj, f)
        if text:
            label = f.verbose_name[0].upper() + f.verbose_name[1:]
            pairs.append((label, text))
    return [("Number", str(obj.pk)), *pairs]


def _section(key: str, title: str, objs: list[models.Model]) -> Section:
    return Section(key, title, [row_text(o) for o in objs], [row_data(o) for o in objs])


def _complaint_sections(case: Case) -> list[Section]:
    complaint = Complaint.objects.filter(case=case).first()
    if complaint is None:
        return []
    referrals = list(OmbudsmanReferral.objects.filter(complaint=complaint).order_by("pk"))
    return [
        _section("complaint", "Complaint", [complaint]),
        _section(
            "stages", "Stages", list(Stage.objects.filter(complaint=complaint).order_by("number"))
        ),
        _section(
            "points",
            "Points of complaint and decisions",
            list(Point.objects.filter(stage__complaint=complaint).order_by("stage__number", "pk")),
        ),
        _section("remedies", "Remedies", list(Remedy.objects.filter(complaint=complaint))),
        _section(
            "compensation", "Compensation", list(Compensation.objects.filter(complaint=complaint))
        ),
        _section(
            "learning",
            "Learning actions",
            list(LearningAction.objects.filter(complaint=complaint)),
        ),
        _section("ombudsman_referrals", "Ombudsman referral", referrals),
        _section(
            "ombudsman_findings",
            "Ombudsman findings",
            list(OmbudsmanFinding.objects.filter(referral__complaint=complaint).order_by("pk")),
        ),
        _section(
            "ombudsman_orders",
            "Ombudsman orders",
            list(OmbudsmanOrder.objects.filter(referral__complaint=complaint).order_by("pk")),
        ),
    ]


def _repair_sections(case: Case) -> list[Section]:
    repair = Repair.objects.filter(case=case).first()
    if repair is None:
        return []
    return [
        _section("repair", "Repair", [repair]),
        _section(
            "work_orders",
            "Work orders",
            list(WorkOrder.objects.filter(repair=repair).order_by("pk")),
        ),
        _section(
            "appointments",
            "Appointments",
            list(Appointment.objects.filter(work_order__repair=repair).order_by("pk")),
        ),
        _section(
            "visits", "Visits", list(Visit.objects.filter(work_order__repair=repair).order_by("pk"))
        ),
        _section(
            "access_attempts",
            "Access attempts",
            list(AccessAttempt.objects.filter(visit__work_order__repair=repair).order_by("pk")),
        ),
        _section("chases", "Chases", list(Chase.objects.filter(repair=repair).order_by("pk"))),
        _section(
            "inspections",
            "Inspections",
            list(Inspection.objects.filter(repair=repair).order_by("pk")),
        ),
        _section(
            "pauses", "Clock pauses", list(ClockPause.objects.filter(repair=repair).order_by("pk"))
        ),
        _section("hazard", "Damp, mould or hazard", list(Hazard.objects.filter(repair=repair))),
    ]


def _asb_sections(case: Case) -> list[Section]:
    asb = AsbCase.objects.filter(case=case).first()
    if asb is None:
        return []
    return [
        _section("asb", "Anti-social behaviour case", [asb]),
        _section(
            "asb_parties",
            "People in the case",
            list(AsbParty.objects.filter(asb=asb).order_by("pk")),
        ),
        _section("asb_reports", "Reports", list(AsbReport.objects.filter(asb=asb).order_by("pk"))),
        _section(
            "asb_risk_assessments",
            "Risk assessments",
            list(RiskAssessment.objects.filter(asb=asb).order_by("assessed_at", "pk")),
        ),
        _section(
            "asb_actions",
            "Action plan",
            list(AsbAction.objects.filter(asb=asb).order_by("pk")),
        ),
        _section(
            "asb_diary",
            "Incident diary and officer notes",
            list(DiaryEntry.objects.filter(asb=asb).order_by("happened_at", "pk")),
        ),
        _section(
            "asb_reviews",
            "Case reviews",
            list(CaseReview.objects.filter(asb=asb).order_by("pk")),
        ),
    ]


def case_record(*, case: Case) -> CaseRecord:
    """The whole record of one case, with its timeline's hash-chain verification."""
    events = list(case.timeline.events.order_by("sequence"))
    record = CaseRecord(
        case=case,
        events=events,
        deadlines=list(Deadline.objects.filter(case=case).order_by("started_at", "pk")),
        messages=list(OutboundMessage.objects.filter(case=case).order_by("created_at", "pk")),
        attachments=list(Attachment.objects.filter(case=case).order_by("uploaded_at", "pk")),
    )
    # Complaints about a repair are cases of their own; both kinds are looked for whatever
    # the kind, so that a case is never shown without its rows.
    if case.kind == CaseKind.REPAIR:
        record.sections = _repair_sections(case) + _complaint_sections(case)
    elif case.kind == CaseKind.ASB:
        record.sections = _asb_sections(case) + _complaint_sections(case)
    else:
        record.sections = _complaint_sections(case) + _repair_sections(case)
    record.sections = [s for s in record.sections if s.rows]
    record.problems = timeline_problems(case.timeline, events)
    return record


def pack_contents(*, case: Case) -> dict[str, int]:
    """Counts for the page describing the pack before it is produced."""
    return {
        "events": case.timeline.length,
        "deadlines": Deadline.objects.filter(case=case).count(),
        "messages": OutboundMessage.objects.filter(case=case).count(),
        "attachments": Attachment.objects.filter(case=case).count(),
    }
