"""Complaints in each state, made through the services (never by writing rows), so tests see the
real timeline, deadlines and letters. Every helper takes keyword overrides for the people
involved and returns the complaint re-read from the database.

    complaint = acknowledged_complaint()
    complaint = responded_complaint(officer=me, outcome="upheld")
    complaint = escalated_complaint(resident=resident)
"""

from datetime import datetime
from typing import Any

from homecase.accounts.models import User
from homecase.complaints import models as complaints
from homecase.complaints import services
from homecase.complaints.models import Complaint
from homecase.complaints.services import PointDecisionInput
from homecase.housing.models import Resident
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case, Channel, Deadline, Event
from tests.factories import ResidentFactory, UserFactory

DESCRIPTION = "The repair to my kitchen ceiling was booked three times and nobody came."
DESIRED_OUTCOME = "Fix the ceiling and say sorry."
POINTS = ["Three missed repair appointments", "No reply to my calls"]
OUTCOMES_SOUGHT = "The ceiling repaired and an apology"
EXPLANATION = "We looked at every appointment and call on the record."


def complaint_officer(**kwargs: Any) -> User:
    """A complaint officer."""
    return UserFactory(roles=["complaint_officer"], **kwargs)


def contact_agent(**kwargs: Any) -> User:
    """A contact agent: staff, but not a complaint handler."""
    return UserFactory(roles=["contact_agent"], **kwargs)


def received_complaint(
    *,
    resident: Resident | None = None,
    actor: User | None = None,
    channel: str = Channel.PHONE,
    description: str = DESCRIPTION,
    desired_outcome: str = DESIRED_OUTCOME,
    received_at: datetime | None = None,
    **kwargs: Any,
) -> Complaint:
    """A complaint just logged (status "received"); extra kwargs go to `complaint_create`."""
    if resident is None and kwargs.get("complainant") != "third_party":
        resident = ResidentFactory()
    return services.complaint_create(
        actor=actor if actor is not None else contact_agent(),
        channel=channel,
        resident=resident,
        description=description,
        desired_outcome=desired_outcome,
        received_at=received_at,
        backdate_reason="Logged from the post" if received_at is not None else "",
        **kwargs,
    )


def acknowledged_complaint(
    *,
    officer: User | None = None,
    points: list[str] | None = None,
    outcomes_sought: str = OUTCOMES_SOUGHT,
    acknowledged_at: datetime | None = None,
    complaint: Complaint | None = None,
    **kwargs: Any,
) -> Complaint:
    """A complaint at stage 1 (acknowledged, defined, response due); kwargs go to
    `received_complaint` when no complaint is given."""
    complaint = complaint or received_complaint(**kwargs)
    handler = officer or complaint_officer()
    services.complaint_acknowledge(
        complaint=complaint,
        actor=handler,
        points=list(points or POINTS),
        outcomes_sought=outcomes_sought,
        acknowledged_at=acknowledged_at,
        backdate_reason="Acknowledged by phone" if acknowledged_at is not None else "",
    )
    return Complaint.objects.get(pk=complaint.pk)


def decide_all(complaint: Complaint, *, actor: User, decision: str = "upheld") -> None:
    """Decide every point of the current stage with the same decision and a reason."""
    stage = complaint.stages.order_by("-number").first()
    services.complaint_decide_points(
        complaint=complaint,
        actor=actor,
        decisions=[
            PointDecisionInput(point.number, decision, f"Reason for point {point.number}.")
            for point in stage.points.all()
        ],
    )


def responded_complaint(
    *,
    officer: User | None = None,
    outcome: str = "upheld",
    explanation: str = EXPLANATION,
    responded_at: datetime | None = None,
    complaint: Complaint | None = None,
    **kwargs: Any,
) -> Complaint:
    """A complaint with its stage 1 response sent (every point decided `outcome`); kwargs go
    to `acknowledged_complaint` when no complaint is given."""
    handler = officer or complaint_officer()
    complaint = complaint or acknowledged_complaint(officer=handler, **kwargs)
    decide_all(complaint, actor=handler, decision=outcome)
    services.complaint_respond(
        complaint=complaint,
        actor=handler,
        explanation=explanation,
        responded_at=responded_at,
        backdate_reason="Sent by post" if responded_at is not None else "",
    )
    return Complaint.objects.get(pk=complaint.pk)


def escalated_complaint(
    *,
    actor: User | None = None,
    channel: str = Channel.PORTAL,
    reason: str = "",
    complaint: Complaint | None = None,
    **kwargs: Any,
) -> Complaint:
    """A complaint whose resident asked for stage 2 (status "stage_2_requested"); kwargs go to
    `responded_complaint` when no complaint is given."""
    complaint = complaint or responded_complaint(**kwargs)
    services.complaint_escalate(complaint=complaint, actor=actor, channel=channel, reason=reason)
    return Complaint.objects.get(pk=complaint.pk)


def stage2_complaint(
    *, officer: User | None = None, complaint: Complaint | None = None, **kwargs: Any
) -> Complaint:
    """A complaint at stage 2, acknowledged by a different officer from stage 1."""
    complaint = complaint or escalated_complaint(**kwargs)
    return acknowledged_complaint(complaint=complaint, officer=officer or complaint_officer())


def final_complaint(
    *,
    officer: User | None = None,
    outcome: str = "upheld",
    complaint: Complaint | None = None,
    **kwargs: Any,
) -> Complaint:
    """A complaint with its final (stage 2) response sent."""
    handler = officer or complaint_officer()
    complaint = complaint or stage2_complaint(officer=handler, **kwargs)
    return responded_complaint(complaint=complaint, officer=handler, outcome=outcome)


def written() -> dict[str, int]:
    """How many rows of each kind a complaint service writes exist: compare before and after a
    refused call to show that nothing was written."""
    return {
        "cases": Case.objects.count(),
        "complaints": complaints.Complaint.objects.count(),
        "stages": complaints.Stage.objects.count(),
        "points": complaints.Point.objects.count(),
        "events": Event.objects.count(),
        "deadlines": Deadline.objects.count(),
        "messages": OutboundMessage.objects.count(),
        "remedies": complaints.Remedy.objects.count(),
        "compensations": complaints.Compensation.objects.count(),
        "offers": complaints.ComplaintOffer.objects.count(),
        "restrictions": complaints.ContactRestriction.objects.count(),
    }


def state(complaint: Complaint) -> tuple:
    """The complaint's status, its stages and its deadlines' statuses and due moments, as
    stored: compare before and after a refused call."""
    fresh = Complaint.objects.get(pk=complaint.pk)
    stages = list(fresh.stages.values_list("number", "acknowledged_at", "responded_at", "officer"))
    deadlines = list(
        Deadline.objects.filter(case_id=fresh.case_id)
        .order_by("pk")
        .values_list("duty", "status", "due_at")
    )
    return fresh.status, stages, deadlines
