"""The two stages (Code 5-6): acknowledging with the complaint definition, extending with a
reason, deciding each point, issuing the response (never with a point left undecided), and
escalating to stage 2 (no reason demanded; a different officer; late only with discretion)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from homecase.accounts import access
from homecase.accounts.models import Role, User
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.complaints import rules
from homecase.complaints.models import Complaint, ComplaintStatus, Point, Stage
from homecase.complaints.services import _common
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.models import Channel

_RECEIVED = {1: ComplaintStatus.RECEIVED, 2: ComplaintStatus.STAGE_2_REQUESTED}
_INVESTIGATING = {1: ComplaintStatus.STAGE_1, 2: ComplaintStatus.STAGE_2}
_RESPONDED = {1: ComplaintStatus.STAGE_1_RESPONDED, 2: ComplaintStatus.STAGE_2_RESPONDED}


def _stage_number(complaint: Complaint) -> int:
    number = rules.stage_of(complaint.status)
    if number is None:
        if complaint.status == ComplaintStatus.RECEIVED:
            return 1
        raise Conflict(f"This complaint is {complaint.get_status_display().lower()}.")
    return number


def _ensure_officer(officer: User) -> None:
    if not access.has_role(officer, Role.COMPLAINT_OFFICER, Role.MANAGER):
        raise PermissionDenied("Only a complaint officer or manager can handle a complaint stage.")


def _ensure_not_stage1_officer(complaint: Complaint, officer: User) -> None:
    first = _common.stage(complaint, 1)
    if officer.pk in (first.officer_id, first.responded_by_id):
        raise Conflict(
            "Stage 2 must be considered by a different officer from the one who handled stage 1."
        )


@transaction.atomic
def complaint_acknowledge(
    *,
    complaint: Complaint,
    actor: User,
    points: list[str],
    outcomes_sought: str,
    officer: User | None = None,
    acknowledged_at: datetime | None = None,
    backdate_reason: str = "",
) -> Stage:
    """Acknowledge, define and log the complaint (Code 5.6, 6.2, 6.11): the points to answer and
    the outcomes sought. Starts the response clock."""
    complaint = _common.locked(complaint)
    number = _stage_number(complaint)
    if complaint.status != _RECEIVED[number]:
        raise Conflict(f"Stage {number} of this complaint has already been acknowledged.")
    officer = officer or actor
    _ensure_officer(officer)
    if number == 2:
        _ensure_not_stage1_officer(complaint, officer)
    points = [p.strip() for p in points if p.strip()]
    if not points:
        raise InvalidInput("Write at least one point the response must answer.", field="points")
    if not outcomes_sought.strip():
        raise InvalidInput("Say what outcome the resident wants.", field="outcomes_sought")
    at = _common.moment(acknowledged_at, field="acknowledged_at") or now()
    stage = _common.stage(complaint, number)
    if at < stage.requested_at:
        raise InvalidInput(
            "A complaint cannot be acknowledged before it was received.", field="acknowledged_at"
        )
    _common.move(complaint, _INVESTIGATING[number])
    stage.officer, stage.acknowledged_at = officer, at
    stage.outcomes_sought = outcomes_sought.strip()
    stage.save(update_fields=["officer", "acknowledged_at", "outcomes_sought", "updated_at"])
    for position, summary in enumerate(points, start=1):
        Point.objects.create(stage=stage, number=position, summary=summary)
    _common.event(
        complaint,
        kind="complaint.acknowledged",
        summary=f"Stage {number} complaint acknowledged. What we will answer: " + "; ".join(points),
        actor=actor,
        data={
            "stage": number,
            "points": points,
            "outcomes_sought": stage.outcomes_sought,
            "officer": officer.get_full_name(),
        },
        occurred_at=at,
        backdate_reason=backdate_reason,
    )
    _common.keep(complaint, _common.ACKNOWLEDGE[number], actor=actor, at=at)
    timescales = policy.complaint_timescales()
    days = {1: timescales.stage1_response_days, 2: timescales.stage2_response_days}[number]
    limit = {1: timescales.stage1_extension_days, 2: timescales.stage2_extension_days}[number]
    respond_by = _common.promise(
        complaint,
        duty=_common.RESPOND[number],
        started_at=at,
        working_days=days,
        actor=actor,
        extension_limit=limit,
    )
    _common.tell(
        complaint,
        template="complaint_acknowledged",
        context={"stage": stage, "points": points, "respond_by": respond_by.due_at},
        actor=actor,
    )
    return stage


@transaction.atomic
def complaint_extend(
    *,
    complaint: Complaint,
    actor: User,
    working_days: int,
    reason: str,
    good_reason_beyond_limit: str = "",
) -> Complaint:
    """More time for the response, with a reason told to the resident with the Ombudsman's
    details (Code 6.5, 6.14); beyond the limit only with a recorded good reason."""
    complaint = _common.locked(complaint)
    number = _stage_number(complaint)
    if complaint.status != _INVESTIGATING[number]:
        raise Conflict("Only a complaint being investigated can have its response extended.")
    deadline = records.deadline_extend(
        deadline=_common.open_deadline(complaint, _common.RESPOND[number]),
        actor=actor,
        working_days=working_days,
        reason=reason,
        beyond_limit_reason=good_reason_beyond_limit,
    )
    _common.tell(
        complaint,
        template="complaint_extended",
        context={"stage": number, "reason": reason.strip(), "respond_by": deadline.due_at},
        actor=actor,
    )
    return complaint


@dataclass(frozen=True)
class PointDecisionInput:
    number: int
    decision: str
    reason: str


@transaction.atomic
def complaint_decide_points(
    *, complaint: Complaint, actor: User, decisions: list[PointDecisionInput]
) -> list[Point]:
    """Record the decision and reason on points of the definition (a draft: the resident sees
    them with the response)."""
    complaint = _common.locked(complaint)
    number = _stage_number(complaint)
    if complaint.status != _INVESTIGATING[number]:
        raise Conflict("Decisions are made while a stage is being investigated.")
    stage = _common.stage(complaint, number)
    points = {p.number: p for p in stage.points.all()}
    changed = []
    for item in decisions:
        point = points.get(item.number)
        if point is None:
            raise InvalidInput(f"There is no point {item.number}.", field="decisions")
        if item.decision and item.decision not in rules.DECISIONS:
            raise InvalidInput(f"Choose a decision for point {item.number}.", field="decisions")
        old = (point.decision, point.reason)
        point.decision, point.reason = item.decision, item.reason.strip()
        if (point.decision, point.reason) != old:
            point.save(update_fields=["decision", "reason", "updated_at"])
            changed.append(
                {"number": point.number, "old": list(old), "new": [point.decision, point.reason]}
            )
    if changed:
        _common.event(
            complaint,
            kind="complaint.points_decided",
            summary=f"Decisions recorded on {len(changed)} point(s) of stage {number}.",
            actor=actor,
            data={"stage": number, "changes": changed},
            visibility="staff",
        )
    return list(stage.points.all())


def _gaps(stage: Stage, explanation: str) -> list[str]:
    points = [rules.PointDecision(p.number, p.decision, p.reason) for p in stage.points.all()]
    return rules.response_gaps(
        points=points, explanation=explanation, outcomes_sought=stage.outcomes_sought
    )


@transaction.atomic
def complaint_respond(
    *,
    complaint: Complaint,
    actor: User,
    explanation: str,
    remedy_summary: str = "",
    responded_at: datetime | None = None,
    backdate_reason: str = "",
) -> Stage:
    """Issue the stage response. Refused while any point lacks a decision or a reason (Code
    6.7); the letter states the stage, definition, decisions, reasons, remedy, outstanding
    actions and how (and by when) to escalate, or how to go to the Ombudsman (6.9, 6.19)."""
    complaint = _common.locked(complaint)
    number = _stage_number(complaint)
    if complaint.status == _RECEIVED[number]:
        raise Conflict("The complaint must be acknowledged before it is answered.")
    if complaint.status == _RESPONDED[number]:
        raise Conflict(f"The stage {number} response has already been sent.")
    _ensure_officer(actor)
    if number == 2:
        _ensure_not_stage1_officer(complaint, actor)
    stage = _common.stage(complaint, number)
    if gaps := _gaps(stage, explanation):
        raise InvalidInput("The response cannot be sent yet. " + " ".join(gaps), field="points")
    at = _common.moment(responded_at, field="responded_at") or now()
    if stage.acknowledged_at and at < stage.acknowledged_at:
        raise InvalidInput(
            "A response cannot come before the acknowledgement.", field="responded_at"
        )
    _common.move(complaint, _RESPONDED[number])
    stage.explanation, stage.remedy_summary = explanation.strip(), remedy_summary.strip()
    stage.outcome = rules.overall_outcome(p.decision for p in stage.points.all())
    stage.responded_at, stage.responded_by = at, actor
    if number == 1:
        days = policy.complaint_timescales().escalation_window_days
        stage.escalate_by, _ = policy.due_within_working_days(
            at, days, calendar_name=_common.calendar_name(complaint)
        )
    stage.save()
    _common.event(
        complaint,
        kind="complaint.responded",
        summary=f"Stage {number} response sent: complaint {stage.get_outcome_display().lower()}.",
        actor=actor,
        data={
            "stage": number,
            "outcome": stage.outcome,
            "points": [
                {
                    "number": p.number,
                    "summary": p.summary,
                    "decision": p.decision,
                    "reason": p.reason,
                }
                for p in stage.points.all()
            ],
            "explanation": stage.explanation,
            "remedy": stage.remedy_summary,
            "escalate_by": stage.escalate_by,
        },
        occurred_at=at,
        backdate_reason=backdate_reason,
    )
    _common.keep(complaint, _common.RESPOND[number], actor=actor, at=at)
    stage.response_letter = _common.tell(
        complaint,
        template=f"complaint_stage{number}_response",
        context=response_letter_context(complaint=complaint, stage=stage),
        actor=actor,
    )
    stage.save(update_fields=["response_letter", "updated_at"])
    return stage


def response_letter_context(*, complaint: Complaint, stage: Stage) -> dict[str, Any]:
    """What a stage response letter states (Code 6.9, 6.19): its definition and decisions, the
    remedies and the compensation offered at that stage."""
    return {
        "stage": stage,
        "points": list(stage.points.all()),
        "remedies": list(complaint.remedies.all()),
        "compensations": list(complaint.compensations.filter(stage_number=stage.number)),
    }


@transaction.atomic
def complaint_escalate(
    *,
    complaint: Complaint,
    actor: User | None,
    channel: str,
    reason: str = "",
    requested_at: datetime | None = None,
    backdate_reason: str = "",
    late_discretion_reason: str = "",
) -> Stage:
    """Escalate to stage 2 (Code 6.10-6.12): no reason is demanded; after the escalation window
    only with an officer's recorded discretion."""
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the request for stage 2 reached us.", field="channel")
    complaint = _common.locked(complaint)
    if complaint.status != ComplaintStatus.STAGE_1_RESPONDED:
        if complaint.status in (ComplaintStatus.RECEIVED, ComplaintStatus.STAGE_1):
            raise Conflict("There is no stage 1 response to escalate from yet.")
        raise Conflict(f"This complaint is {complaint.get_status_display().lower()}.")
    at = _common.moment(requested_at, field="requested_at") or now()
    first = _common.stage(complaint, 1)
    if at < first.responded_at:
        raise InvalidInput(
            "An escalation cannot come before the stage 1 response.", field="requested_at"
        )
    late = first.escalate_by is not None and at > first.escalate_by
    if late and not late_discretion_reason.strip():
        raise InvalidInput(
            f"The time to ask for stage 2 ended on {_common.local_date(first.escalate_by)}. "
            "An officer can still accept it, recording why.",
            field="late_discretion_reason",
        )
    if late and (actor is None or not access.is_staff_member(actor)):
        raise PermissionDenied("Only an officer can accept a late request for stage 2.")
    _common.move(complaint, ComplaintStatus.STAGE_2_REQUESTED)
    stage = Stage.objects.create(
        complaint=complaint,
        number=2,
        requested_at=at,
        escalation_reason=reason.strip(),
        late_escalation_reason=late_discretion_reason.strip() if late else "",
    )
    _common.event(
        complaint,
        kind="complaint.escalated",
        summary="Stage 2 review requested."
        + (f" Accepted after the deadline: {stage.late_escalation_reason}" if late else ""),
        actor=actor,
        channel=channel,
        data={
            "reason": stage.escalation_reason,
            "late": late,
            "late_discretion_reason": stage.late_escalation_reason,
        },
        occurred_at=at,
        backdate_reason=backdate_reason,
    )
    _common.promise(
        complaint,
        duty=_common.ACKNOWLEDGE[2],
        started_at=at,
        working_days=policy.complaint_timescales().stage2_acknowledge_days,
        actor=actor,
    )
    return stage
