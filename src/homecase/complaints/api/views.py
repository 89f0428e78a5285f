"""The complaints API's operations. Each one parses, checks access, calls one service in
`complaints.services` (one transaction: a refusal writes nothing) and shapes the answer.
Domain errors become 4xx answers in the API's exception handler (`homecase.api.api`).

`request.auth` is the token's user, already known to be a staff member: any staff member may
log, read and escalate a complaint; handling it needs a complaint officer or manager."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from homecase.accounts.models import User
from homecase.common.errors import InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.complaints import access, selectors, services
from homecase.complaints.api import schemas as s
from homecase.complaints.models import Complaint, ComplaintStatus
from homecase.housing.models import Representative, Resident
from homecase.records.models import Case, Deadline, DeadlineStatus
from homecase.records.selectors import case_by_reference

router = Router(tags=["Complaints"])

_OWED = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


def _access(request: HttpRequest, reference: str) -> Complaint:
    return access.access_complaint_for_staff(user=request.auth, reference=reference)


def _ensure_handler(user: User, doing: str) -> None:
    if not access.can_handle(user):
        raise PermissionDenied(f"Only a complaint officer or manager can {doing}.")


def _deadlines(complaint: Complaint) -> list[Deadline]:
    return list(selectors.complaint_deadlines(complaint=complaint, resident_view=False))


def _due_at(complaint: Complaint, duty: str) -> Deadline | None:
    """The promise for a duty still owed (an extension moves the same row)."""
    owed = [d for d in _deadlines(complaint) if d.duty == duty and d.status in _OWED]
    return max(owed, key=lambda d: d.due_at, default=None)


# Reads ----------------------------------------------------------------------------------------


def _complaint_out(complaint: Complaint, user: User) -> dict[str, Any]:
    complaint = selectors.complaint_detail(complaint=complaint)
    deadlines = _deadlines(complaint)
    owed = [d.due_at for d in deadlines if d.duty.startswith("complaint.") and d.status in _OWED]
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "stage": s.stage_number(complaint.status),
        "complainant": complaint.complainant,
        "channel": complaint.received_channel,
        "received_at": complaint.case.opened_at,
        "resident": complaint.case.resident,
        "representative_id": complaint.representative_id,
        "third_party_name": complaint.third_party_name,
        "description": complaint.description,
        "desired_outcome": complaint.desired_outcome,
        "related_case": complaint.related_case.reference if complaint.related_case else None,
        "about_conduct": complaint.about_conduct,
        "conduct_subject": (complaint.conduct_subject or None)
        if access.can_see_conduct(user)
        else None,
        "next_due_at": min(owed, default=None),
        "stages": complaint.stages.all(),
        "deadlines": deadlines,
        "remedies": complaint.remedies.all(),
    }


@router.get("/{reference}", response={200: s.ComplaintOut, **s.ERRORS}, summary="Read a complaint")
def complaint_read(request: HttpRequest, reference: str) -> dict[str, Any]:
    """The complaint with its stages, definition points and decisions, every deadline, and
    the remedies promised."""
    return _complaint_out(_access(request, reference), request.auth)


@router.get("", response={200: s.ComplaintListOut, **s.ERRORS}, summary="List complaints")
def complaint_list(request: HttpRequest, filters: Query[s.ComplaintListQuery]) -> dict[str, Any]:
    """Complaints matching the filters, the one that falls due soonest first (overdue at the
    top, complaints owing nothing last), `limit` at a time from `offset`."""
    if filters.status and filters.status not in ComplaintStatus.values:
        raise InvalidInput(f"'{filters.status}' is not a complaint status.", field="status")
    search = selectors.ComplaintSearch(
        status=filters.status,
        resident_id=filters.resident_id,
        overdue=filters.overdue,
        received_from=filters.received_from,
        received_to=filters.received_to,
    )
    page, total = selectors.complaints_search(
        filters=search, at=now(), offset=filters.offset, limit=filters.limit
    )
    return {"count": total, "limit": filters.limit, "offset": filters.offset, "items": page}


@router.get(
    "/{reference}/timeline", response={200: s.TimelineOut, **s.ERRORS}, summary="Read a timeline"
)
def complaint_timeline(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Every event on the complaint's timeline, oldest first, except internal ones."""
    complaint = _access(request, reference)
    events = selectors.complaint_timeline(complaint=complaint, resident_view=False)
    return {"reference": complaint.reference, "events": events}


# Create ---------------------------------------------------------------------------------------


def _resident(resident_id: int | None, *, field: str) -> Resident | None:
    if resident_id is None:
        return None
    resident = Resident.objects.select_related("home").filter(pk=resident_id).first()
    if resident is None:
        raise InvalidInput(f"There is no resident {resident_id}.", field=field)
    return resident


def _representative(representative_id: int | None) -> Representative | None:
    if representative_id is None:
        return None
    found = Representative.objects.filter(pk=representative_id).first()
    if found is None:
        raise InvalidInput(
            f"There is no representative {representative_id}.", field="representative_id"
        )
    return found


def _related_case(reference: str) -> Case | None:
    if not reference.strip():
        return None
    case = case_by_reference(reference)
    if case is None:
        raise InvalidInput(f"There is no case {reference}.", field="related_case")
    return case


def _signers(signers: list[s.SignerIn]) -> list[services.Signer]:
    return [
        services.Signer(
            name=signer.name,
            circumstances=signer.circumstances,
            resident=_resident(signer.resident_id, field="signers"),
        )
        for signer in signers
    ]


@router.post("", response={201: s.ComplaintOut, **s.ERRORS}, summary="Log a complaint")
def complaint_create(request: HttpRequest, payload: s.ComplaintCreateIn) -> Status[dict[str, Any]]:
    """Log a complaint received by any channel; any staff member may. One received earlier
    than now needs `received_at` and a `backdate_reason`."""
    complaint = services.complaint_create(
        actor=request.auth,
        channel=payload.channel,
        description=payload.description,
        desired_outcome=payload.desired_outcome,
        resident=_resident(payload.resident_id, field="resident_id"),
        complainant=payload.complainant,
        representative=_representative(payload.representative_id),
        third_party_name=payload.third_party_name,
        third_party_contact=payload.third_party_contact,
        signers=_signers(payload.signers),
        received_at=payload.received_at,
        backdate_reason=payload.backdate_reason,
        about_conduct=payload.about_conduct,
        conduct_subject=payload.conduct_subject,
        related_case=_related_case(payload.related_case),
    )
    return Status(201, _complaint_out(complaint, request.auth))


# Stage actions --------------------------------------------------------------------------------


def _officer(officer_id: int | None) -> User | None:
    if officer_id is None:
        return None
    officer = User.objects.filter(pk=officer_id, is_active=True).first()
    if officer is None:
        raise InvalidInput(f"There is no active user {officer_id}.", field="officer_id")
    return officer


@router.post(
    "/{reference}/acknowledge",
    response={200: s.AcknowledgeOut, **s.ERRORS},
    summary="Acknowledge and define a stage",
)
def complaint_acknowledge(
    request: HttpRequest, reference: str, payload: s.AcknowledgeIn
) -> dict[str, Any]:
    """Acknowledge the complaint (or a stage 2 request) with its definition: the points the
    response must answer and the outcomes sought. Starts the response clock."""
    _ensure_handler(request.auth, "acknowledge a complaint")
    complaint = _access(request, reference)
    stage = services.complaint_acknowledge(
        complaint=complaint,
        actor=request.auth,
        points=payload.points,
        outcomes_sought=payload.outcomes_sought,
        officer=_officer(payload.officer_id),
        acknowledged_at=payload.acknowledged_at,
        backdate_reason=payload.backdate_reason,
    )
    complaint.refresh_from_db(fields=["status"])
    respond_by = _due_at(complaint, f"complaint.stage{stage.number}.respond")
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "stage": stage.number,
        "officer_name": s.name_of(stage.officer),
        "acknowledged_at": stage.acknowledged_at,
        "outcomes_sought": stage.outcomes_sought,
        "points": stage.points.all(),
        "respond_by": respond_by.due_at if respond_by else None,
    }


@router.post(
    "/{reference}/decisions",
    response={200: s.DecisionsOut, **s.ERRORS},
    summary="Record decisions on points",
)
def complaint_decide(
    request: HttpRequest, reference: str, payload: s.DecisionsIn
) -> dict[str, Any]:
    """Record the decision and reason on points of the current stage's definition (the
    resident sees them with the response)."""
    _ensure_handler(request.auth, "decide on a complaint")
    complaint = _access(request, reference)
    decisions = [
        services.PointDecisionInput(item.number, item.decision, item.reason)
        for item in payload.decisions
    ]
    points = services.complaint_decide_points(
        complaint=complaint, actor=request.auth, decisions=decisions
    )
    return {
        "reference": complaint.reference,
        "stage": s.stage_number(complaint.status),
        "points": points,
        "undecided": [p.number for p in points if not (p.decision and p.reason.strip())],
    }


@router.post(
    "/{reference}/respond", response={200: s.RespondOut, **s.ERRORS}, summary="Send the response"
)
def complaint_respond(request: HttpRequest, reference: str, payload: s.RespondIn) -> dict[str, Any]:
    """Send the stage response. Refused before the acknowledgement (409), and while any
    point lacks a decision and a reason (400)."""
    _ensure_handler(request.auth, "respond to a complaint")
    complaint = _access(request, reference)
    stage = services.complaint_respond(
        complaint=complaint,
        actor=request.auth,
        explanation=payload.explanation,
        remedy_summary=payload.remedy_summary,
        responded_at=payload.responded_at,
        backdate_reason=payload.backdate_reason,
    )
    complaint.refresh_from_db(fields=["status"])
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "stage": stage.number,
        "outcome": stage.outcome,
        "responded_at": stage.responded_at,
        "escalate_by": stage.escalate_by,
        "letter_sent": stage.response_letter_id is not None,
    }


@router.post(
    "/{reference}/escalate",
    response={200: s.EscalateOut, **s.ERRORS},
    summary="Escalate to stage 2",
)
def complaint_escalate(
    request: HttpRequest, reference: str, payload: s.EscalateIn
) -> dict[str, Any]:
    """Record the resident's request for a stage 2 review (any staff member may: no reason
    is demanded). After the escalation window it needs `late_discretion_reason`."""
    complaint = _access(request, reference)
    stage = services.complaint_escalate(
        complaint=complaint,
        actor=request.auth,
        channel=payload.channel,
        reason=payload.reason,
        requested_at=payload.requested_at,
        backdate_reason=payload.backdate_reason,
        late_discretion_reason=payload.late_discretion_reason,
    )
    complaint.refresh_from_db(fields=["status"])
    acknowledge_by = _due_at(complaint, "complaint.stage2.acknowledge")
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "stage": stage.number,
        "requested_at": stage.requested_at,
        "late": bool(stage.late_escalation_reason),
        "acknowledge_by": acknowledge_by.due_at if acknowledge_by else None,
    }


@router.post(
    "/{reference}/extend", response={200: s.ExtendOut, **s.ERRORS}, summary="Extend the response"
)
def complaint_extend(request: HttpRequest, reference: str, payload: s.ExtendIn) -> dict[str, Any]:
    """More time for the stage response, with a reason the resident is told with the
    Ombudsman's details; beyond the Code's limit only with a recorded good reason."""
    _ensure_handler(request.auth, "extend a complaint")
    complaint = services.complaint_extend(
        complaint=_access(request, reference),
        actor=request.auth,
        working_days=payload.working_days,
        reason=payload.reason,
        good_reason_beyond_limit=payload.good_reason_beyond_limit,
    )
    number = s.stage_number(complaint.status)
    deadline = _due_at(complaint, f"complaint.stage{number}.respond")
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "stage": number,
        "respond_by": deadline.due_at,
        "original_due_at": deadline.original_due_at,
        "extended_working_days": deadline.extended_working_days,
        "extension_reason": deadline.extension_reason,
    }
