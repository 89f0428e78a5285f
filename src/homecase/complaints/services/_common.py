"""What every complaint service shares: locking the complaint, moving its status, recording its
events, opening and keeping its promises, and writing to the complainant."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput

# Re-exported: the services write `_common.local_date(...)` in what they tell residents.
from homecase.common.time import local_date as local_date
from homecase.common.time import local_moment as local_moment
from homecase.complaints import rules
from homecase.complaints.models import Complainant, Complaint, Stage
from homecase.housing.models import Resident
from homecase.notify import services as notify
from homecase.notify.models import OutboundMessage
from homecase.records import services as records
from homecase.records.models import Channel, Deadline, DeadlineStatus, Event, Visibility

OMBUDSMAN = {
    "name": "Housing Ombudsman Service",
    "address": "PO Box 1484, Unit D, Preston, PR2 0ET",
    "phone": "0300 111 3000",
    "email": "info@housing-ombudsman.org.uk",
    "website": "www.housing-ombudsman.org.uk",
}

# As records.services: recording takes a moment, so a time this close to now is not a back-dating.
BACKDATE_TOLERANCE = timedelta(minutes=5)

# Duties of the complaint's promises (records.Deadline.duty).
ACKNOWLEDGE = {1: "complaint.stage1.acknowledge", 2: "complaint.stage2.acknowledge"}
RESPOND = {1: "complaint.stage1.respond", 2: "complaint.stage2.respond"}
LABELS = {
    ACKNOWLEDGE[1]: "Acknowledge your complaint and agree what it is about",
    RESPOND[1]: "Send our stage 1 response to your complaint",
    ACKNOWLEDGE[2]: "Acknowledge your request for a stage 2 review",
    RESPOND[2]: "Send our final (stage 2) response",
}


def locked(complaint: Complaint) -> Complaint:
    """The complaint row, locked for this transaction, with its case."""
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("case__timeline", "case__home", "case__resident")
        .get(pk=complaint.pk)
    )


def move(complaint: Complaint, new_status: str) -> str:
    """Change status through the transitions table; returns the old status."""
    old = complaint.status
    try:
        rules.ensure_transition(old, new_status)
    except rules.TransitionRefused as refused:
        raise Conflict(str(refused)) from None
    complaint.status = new_status
    complaint.save(update_fields=["status", "updated_at"])
    return old


def event(
    complaint: Complaint,
    *,
    kind: str,
    summary: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    visibility: str = Visibility.RESIDENT,
    channel: str = Channel.SYSTEM,
    occurred_at: datetime | None = None,
    backdate_reason: str = "",
) -> Event:
    return records.case_event_record(
        case=complaint.case,
        since="the complaint was received",
        kind=kind,
        summary=summary,
        actor=actor,
        data=data,
        visibility=visibility,
        channel=channel,
        occurred_at=occurred_at,
        backdate_reason=backdate_reason,
    )


def calendar_name(complaint: Complaint) -> str | None:
    return records.case_calendar_name(complaint.case)


def promise(
    complaint: Complaint,
    *,
    duty: str,
    started_at: datetime,
    working_days: int,
    actor: User | None,
    label: str | None = None,
    extension_limit: int = 0,
    visible_to_resident: bool = True,
) -> Deadline:
    """Open a deadline "within N working days of started_at" in the home's calendar."""
    return records.deadline_promise_working_days(
        case=complaint.case,
        duty=duty,
        label=label or LABELS[duty],
        started_at=started_at,
        working_days=working_days,
        actor=actor,
        extension_limit_working_days=extension_limit,
        visible_to_resident=visible_to_resident,
    )


def unkept(complaint: Complaint, duty: str) -> list[Deadline]:
    """The deadlines for a duty not yet kept (open, or missed and still owed)."""
    return list(
        Deadline.objects.filter(
            case_id=complaint.case_id,
            duty=duty,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        ).order_by("pk")
    )


def keep(complaint: Complaint, duty: str, *, actor: User | None, at: datetime) -> None:
    """Mark the promise for a duty kept (late if after its moment)."""
    for deadline in unkept(complaint, duty):
        records.deadline_meet(deadline=deadline, actor=actor, met_at=at)


def open_deadline(complaint: Complaint, duty: str) -> Deadline:
    deadlines = [d for d in unkept(complaint, duty) if d.status == DeadlineStatus.OPEN]
    if not deadlines:
        raise Conflict(f"There is no open deadline to '{LABELS.get(duty, duty).lower()}'.")
    return deadlines[-1]


def stage(complaint: Complaint, number: int) -> Stage:
    found = complaint.stages.filter(number=number).first()
    if found is None:
        raise Conflict(f"This complaint has no stage {number}.")
    return found


def moment(value: datetime | None, *, field: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise InvalidInput("Give the date and time with its time zone.", field=field)
    return value


def addressee(complaint: Complaint) -> Resident | None:
    """Who letters go to: a petition's first signer when on our records (policy 4.2),
    otherwise the complaint's resident (None for a third party outside our records)."""
    if complaint.complainant == Complainant.PETITION:
        first = complaint.signatories.select_related("resident").order_by("position").first()
        if first is not None and first.resident is not None:
            return first.resident
    return complaint.case.resident


def _letter_needed(complaint: Complaint, *, template: str, why: str, to: str) -> None:
    event(
        complaint,
        kind="complaint.letter_needed",
        summary=f"Write to {to} by hand ({why}): {template.replace('_', ' ')}",
        actor=None,
        data={"template": template, "contact": complaint.third_party_contact, "why": why},
        visibility=Visibility.STAFF,
    )


def letter_context(complaint: Complaint, context: dict[str, Any]) -> dict[str, Any]:
    """What every complaint message is rendered with: the complaint and the Ombudsman's
    details, plus the message's own context."""
    return {"complaint": complaint, "ombudsman": OMBUDSMAN, **context}


def tell(
    complaint: Complaint, *, template: str, context: dict[str, Any], actor: User | None
) -> OutboundMessage | None:
    """Write to the complainant in their channel and format, copying representatives. A third
    party outside our records, or a resident we hold no contact details for, is written to by
    hand: the timeline says so (the complaint goes on either way)."""
    resident = addressee(complaint)
    if resident is None:
        _letter_needed(
            complaint,
            template=template,
            why="not on our records",
            to=complaint.third_party_name or "the complainant",
        )
        return None
    try:
        return notify.message_send(
            resident=resident,
            template=template,
            context=letter_context(complaint, context),
            actor=actor,
            case=complaint.case,
        )
    except InvalidInput as unreachable:
        if unreachable.field != "resident":
            raise
        _letter_needed(
            complaint, template=template, why="no contact details", to=resident.full_name
        )
        return None
