"""What every repairs service shares: locking the job, moving its status, recording its events,
opening and keeping its promises, and telling the resident."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import Role, User
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied

# Re-exported: the services write `_common.local_date(...)` in what they tell residents.
from homecase.common.time import local_date as local_date
from homecase.common.time import local_moment as local_moment
from homecase.housing.models import Resident
from homecase.notify import services as notify
from homecase.notify.models import OutboundMessage
from homecase.policy import selectors as policy
from homecase.policy.repairs import RepairPolicy
from homecase.records import services as records
from homecase.records.models import Channel, Deadline, DeadlineStatus, Event, Visibility
from homecase.repairs import rules
from homecase.repairs.models import Repair

# Duties of the job's promises (records.Deadline.duty).
COMPLETE = "repair.complete"
UPDATE = "repair.update"
INTERIM = "repair.interim_measures"
CHASE_REPLY = "repair.chase_reply"
INSPECT = "repair.inspect"
AWAAB_EMERGENCY = "awaab.emergency"
AWAAB_INVESTIGATE = "awaab.investigate"
AWAAB_SUMMARY = "awaab.summary"
AWAAB_SAFETY_WORKS = "awaab.safety_works"
AWAAB_FURTHER_WORKS = "awaab.further_works"

LABELS = {
    COMPLETE: "Complete the repair",
    UPDATE: "Give you an update on the repair",
    INTERIM: "Make it safe in the meantime (interim measures)",
    CHASE_REPLY: "Reply to your chase",
    INSPECT: "Inspect the finished work",
    AWAAB_EMERGENCY: "Investigate and make safe (emergency hazard)",
    AWAAB_INVESTIGATE: "Investigate the hazard",
    AWAAB_SUMMARY: "Send you a written summary of what we found",
    AWAAB_SAFETY_WORKS: "Complete the work to make your home safe",
    AWAAB_FURTHER_WORKS: "Begin the further work to stop it coming back",
}

# Who may work repairs in the console (contractors work only their own orders, elsewhere).
REPAIRS_ROLES = (Role.REPAIRS_PLANNER, Role.CONTACT_AGENT, Role.MANAGER)


def repairs_policy() -> RepairPolicy:
    return policy.repair_policy()


def ensure_staff(actor: User | None) -> None:
    """Only staff (or Homecase itself, actor None) may do this."""
    if actor is not None and not is_staff_member(actor):
        raise PermissionDenied("Only staff can do this.")


def ensure_planner(actor: User | None) -> None:
    """Only those who work repairs (planners, agents, managers) may do this."""
    if actor is None or actor.is_superuser:
        return
    if not has_role(actor, *REPAIRS_ROLES):
        raise PermissionDenied("Only repairs staff can do this.")


def locked(repair: Repair) -> Repair:
    """The repair row, locked for this transaction, with its case."""
    return (
        Repair.objects.select_for_update(of=("self",))
        .select_related("case__timeline", "case__home", "case__resident", "case__communal_area")
        .get(pk=repair.pk)
    )


def move(repair: Repair, new_status: str) -> str:
    """Change status through the transitions table; returns the old status."""
    old = repair.status
    try:
        rules.ensure_transition(old, new_status)
    except rules.TransitionRefused as refused:
        raise Conflict(str(refused)) from None
    repair.status = new_status
    repair.save(update_fields=["status", "updated_at"])
    return old


def event(
    repair: Repair,
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
        case=repair.case,
        since="the repair was reported",
        kind=kind,
        summary=summary,
        actor=actor,
        data=data,
        visibility=visibility,
        channel=channel,
        occurred_at=occurred_at,
        backdate_reason=backdate_reason,
    )


def calendar_name(repair: Repair) -> str | None:
    return records.case_calendar_name(repair.case)


def promise_working_days(
    repair: Repair,
    *,
    duty: str,
    started_at: datetime,
    working_days: int,
    actor: User | None,
    label: str | None = None,
    visible_to_resident: bool = True,
) -> Deadline:
    """Open a deadline "within N working days of started_at" in the home's calendar."""
    return records.deadline_promise_working_days(
        case=repair.case,
        duty=duty,
        label=label or LABELS[duty],
        started_at=started_at,
        working_days=working_days,
        actor=actor,
        visible_to_resident=visible_to_resident,
    )


def promise_hours(
    repair: Repair,
    *,
    duty: str,
    started_at: datetime,
    hours: int,
    actor: User | None,
    label: str | None = None,
    visible_to_resident: bool = True,
) -> Deadline:
    """Open a deadline "within N calendar hours of started_at" (emergencies)."""
    due_at, basis = policy.due_after_hours(started_at, hours)
    return records.deadline_open(
        case=repair.case,
        duty=duty,
        label=label or LABELS[duty],
        started_at=started_at,
        due_at=due_at,
        basis=basis,
        actor=actor,
        visible_to_resident=visible_to_resident,
    )


def unkept(repair: Repair, duty: str) -> list[Deadline]:
    """The deadlines for a duty not yet kept (open, or missed and still owed)."""
    return list(
        Deadline.objects.filter(
            case_id=repair.case_id,
            duty=duty,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        ).order_by("pk")
    )


def keep(repair: Repair, duty: str, *, actor: User | None, at: datetime) -> list[Deadline]:
    """Mark every unkept promise for a duty kept (late if after its moment)."""
    kept = unkept(repair, duty)
    for deadline in kept:
        records.deadline_meet(deadline=deadline, actor=actor, met_at=at)
    return kept


def cancel_open(repair: Repair, duty: str, *, actor: User | None, reason: str) -> None:
    """Cancel the open promises for a duty, with the reason on the timeline."""
    for deadline in unkept(repair, duty):
        if deadline.status == DeadlineStatus.OPEN:
            records.deadline_cancel(deadline=deadline, actor=actor, reason=reason)


def moment(value: datetime | None, *, field: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise InvalidInput("Give the date and time with its time zone.", field=field)
    return value


def tell(
    repair: Repair, *, template: str, context: dict[str, Any], actor: User | None
) -> OutboundMessage | None:
    """Write to the resident in their channel and format, copying representatives. Every
    message quotes the one job number and a short description of the works. With no resident
    on the job (a communal report by staff) or no way to reach them, the timeline says so."""
    resident: Resident | None = repair.case.resident
    if resident is None:
        return None
    full_context = {"repair": repair, "reference": repair.case.reference, **context}
    return notify.case_message_send(
        case=repair.case,
        resident=resident,
        template=template,
        context=full_context,
        actor=actor,
        by_hand_kind="repair.letter_needed",
    )


def ensure_interim_measures(repair: Repair, waiting_until: datetime) -> None:
    """A safety job (communal door, door entry, lock, lighting, water near electrics) may not be
    left waiting beyond the policy's interim-measures window without interim measures recorded:
    hand-over to a programme, a late appointment and a clock pause all ask this first."""
    hours = repairs_policy().interim_measures_hours
    if rules.interim_measures_owed(
        safety=repair.safety,
        interim_recorded=repair.interim_measures_at is not None,
        reported_at=repair.case.opened_at,
        waiting_until=waiting_until,
        hours=hours,
    ):
        raise Conflict(
            "Record the interim measures (what has been done to keep people safe in the "
            f"meantime) first: this is a safety repair that would wait more than {hours} hours.",
            field="interim_measures",
        )
