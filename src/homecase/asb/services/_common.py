"""What every ASB service shares: who may work a case, locking it, recording its events, opening
and keeping its promises, keeping the queue's `next_due_at`, and telling the reporter."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from homecase.accounts.access import has_role
from homecase.accounts.models import Role, User
from homecase.asb.models import AsbCase
from homecase.clock import end_of_local_day
from homecase.common.errors import InvalidInput, PermissionDenied

# Re-exported: the services write `_common.local_date(...)` in what they tell residents.
from homecase.common.time import local_date as local_date
from homecase.common.time import local_moment as local_moment
from homecase.housing.models import Resident
from homecase.notify import services as notify
from homecase.notify.models import OutboundMessage
from homecase.policy import selectors as policy
from homecase.policy.asb import AsbPolicy
from homecase.records import services as records
from homecase.records.models import Channel, Deadline, DeadlineStatus, Event, Visibility

# Duties of a case's promises (records.Deadline.duty).
FIRST_CONTACT = "asb.first_contact"
ACTION_PLAN = "asb.action_plan"
CONTACT = "asb.contact"
ACTION = "asb.action"
RISK_REVIEW = "asb.risk_review"
CASE_REVIEW = "asb.case_review"

LABELS = {
    FIRST_CONTACT: "Contact you about your report",
    ACTION_PLAN: "Agree an action plan with you",
    CONTACT: "Keep in touch with you (agreed contact)",
    RISK_REVIEW: "Review the risk assessment",
    CASE_REVIEW: "Decide on your request for a case review",
}

# How every message describes the case (never its title, which names the place).
NEUTRAL_DESCRIPTION = "Your report of anti-social behaviour"

# Every promise above decides where a case sits in the queue.
QUEUE_DUTIES = (FIRST_CONTACT, ACTION_PLAN, CONTACT, ACTION, RISK_REVIEW, CASE_REVIEW)

# Only staff with the ASB role work ASB cases: the record names victims and alleged
# perpetrators, so it is not open to every member of staff.
ASB_ROLES = (Role.ASB_OFFICER,)


def asb_policy() -> AsbPolicy:
    return policy.asb_policy()


def ensure_asb_officer(actor: User | None) -> None:
    """Only ASB officers (or Homecase itself, actor None) may do this."""
    if actor is None or actor.is_superuser:
        return
    if not has_role(actor, *ASB_ROLES):
        raise PermissionDenied("Only ASB officers can do this.")


def locked(asb: AsbCase) -> AsbCase:
    """The ASB case row, locked for this transaction, with its case."""
    return (
        AsbCase.objects.select_for_update(of=("self",))
        .select_related("case__timeline", "case__home", "case__resident", "case__communal_area")
        .get(pk=asb.pk)
    )


def event(
    asb: AsbCase,
    *,
    kind: str,
    summary: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    visibility: str = Visibility.STAFF,
    channel: str = Channel.SYSTEM,
    occurred_at: datetime | None = None,
    backdate_reason: str = "",
) -> Event:
    """Record an event on the case timeline: staff-only unless said otherwise, because most of
    an ASB case names people the reporter must not learn about."""
    return records.case_event_record(
        case=asb.case,
        since="the first report",
        kind=kind,
        summary=summary,
        actor=actor,
        data=data,
        visibility=visibility,
        channel=channel,
        occurred_at=occurred_at,
        backdate_reason=backdate_reason,
    )


def promise_working_days(
    asb: AsbCase,
    *,
    duty: str,
    started_at: datetime,
    working_days: int,
    actor: User | None,
    label: str | None = None,
    visible_to_resident: bool = True,
) -> Deadline:
    """Open a deadline "within N working days of started_at" in the case's calendar."""
    deadline = records.deadline_promise_working_days(
        case=asb.case,
        duty=duty,
        label=label or LABELS[duty],
        started_at=started_at,
        working_days=working_days,
        actor=actor,
        visible_to_resident=visible_to_resident,
    )
    refresh_next_due(asb)
    return deadline


def promise_by_date(
    asb: AsbCase,
    *,
    duty: str,
    due_on: date,
    actor: User | None,
    label: str,
    visible_to_resident: bool = True,
) -> Deadline:
    """Open a deadline due by the end of a chosen day (an action's agreed date)."""
    started_at = timezone.now()
    due_at = end_of_local_day(due_on, tz=policy.landlord_time_zone())
    if due_at < started_at:
        raise InvalidInput("The date cannot be in the past.", field="due_on")
    deadline = records.deadline_open(
        case=asb.case,
        duty=duty,
        label=label,
        started_at=started_at,
        due_at=due_at,
        basis={"rule": "agreed date", "due_on": due_on.isoformat()},
        actor=actor,
        visible_to_resident=visible_to_resident,
    )
    refresh_next_due(asb)
    return deadline


def unkept(asb: AsbCase, duty: str) -> list[Deadline]:
    """The deadlines for a duty not yet kept (open, or missed and still owed)."""
    return list(
        Deadline.objects.filter(
            case_id=asb.case_id,
            duty=duty,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        ).order_by("pk")
    )


def keep(asb: AsbCase, duty: str, *, actor: User | None, at: datetime) -> list[Deadline]:
    """Mark every unkept promise for a duty kept (late if after its moment)."""
    kept = unkept(asb, duty)
    for deadline in kept:
        records.deadline_meet(deadline=deadline, actor=actor, met_at=at)
    refresh_next_due(asb)
    return kept


def cancel_unkept(asb: AsbCase, duty: str, *, actor: User | None, reason: str) -> None:
    """Cancel the open promises for a duty, with the reason on the timeline."""
    for deadline in unkept(asb, duty):
        if deadline.status == DeadlineStatus.OPEN:
            records.deadline_cancel(deadline=deadline, actor=actor, reason=reason)
    refresh_next_due(asb)


def refresh_next_due(asb: AsbCase) -> AsbCase:
    """Recompute and save `asb.next_due_at` from its owed deadlines (None when none)."""
    soonest = (
        Deadline.objects.filter(
            case_id=asb.case_id,
            duty__in=QUEUE_DUTIES,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        )
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    if soonest != asb.next_due_at:
        asb.next_due_at = soonest
        AsbCase.objects.filter(pk=asb.pk).update(next_due_at=soonest)
    return asb


def moment(value: datetime | None, *, field: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise InvalidInput("Give the date and time with its time zone.", field=field)
    return value


def tell(
    asb: AsbCase,
    *,
    template: str,
    context: dict[str, Any],
    actor: User | None,
    resident: Resident | None = None,
) -> OutboundMessage | None:
    """Write to the reporter (or another resident in the case: `resident`) in their channel
    and format. Messages quote the case reference and never name anyone else in the case.
    With no one to write to, or no way to reach them, the timeline says so."""
    resident = resident or asb.case.resident
    if resident is None:
        return None
    # The case title names the place (a home's address): a further reporter must not learn it,
    # so every message describes the case in neutral words.
    full_context = {
        "asb": asb,
        "reference": asb.case.reference,
        "description": NEUTRAL_DESCRIPTION,
        **context,
    }
    return notify.case_message_send(
        case=asb.case,
        resident=resident,
        template=template,
        context=full_context,
        actor=actor,
        by_hand_kind="asb.letter_needed",
    )
