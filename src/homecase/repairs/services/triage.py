"""Triage and honest promises: the priority and its completion promise (only where policy gives a
responsive timescale), priority changes with a reason, interim measures on safety jobs,
hand-over to a planned programme, updates while there is no completion date, cancellation."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import InvalidInput
from homecase.common.time import now
from homecase.policy.repairs import RESPONSIVE, CatalogueEntry, Priority
from homecase.records.models import Channel, Deadline, Visibility
from homecase.repairs import rules
from homecase.repairs.models import Repair
from homecase.repairs.services import _common
from homecase.repairs.services.next_due import refresh_next_due

# Promises a cancelled job no longer owes.
_JOB_DUTIES = (
    _common.COMPLETE,
    _common.UPDATE,
    _common.INTERIM,
    _common.CHASE_REPLY,
    _common.INSPECT,
)


def catalogue_entry(category: str) -> CatalogueEntry:
    """The catalogue entry for a category code, or a plain refusal."""
    try:
        return _common.repairs_policy().entry(category)
    except KeyError:
        raise InvalidInput("Choose what kind of repair this is.", field="category") from None


def priority_of(code: str) -> Priority:
    try:
        return _common.repairs_policy().priority(code)
    except KeyError:
        raise InvalidInput("Choose a priority from the list.", field="priority") from None


def open_completion_promise(
    repair: Repair, *, started_at: datetime, actor: User | None
) -> Deadline | None:
    """The COMPLETE promise for a responsive job (hours for an emergency, working days
    otherwise) and its `target_due_at`; none at all where policy gives no responsive timescale."""
    if repair.route != RESPONSIVE:
        repair.target_due_at = None
        repair.save(update_fields=["target_due_at", "updated_at"])
        return None
    priority = priority_of(repair.priority)
    if priority.hours is not None:
        deadline = _common.promise_hours(
            repair,
            duty=_common.COMPLETE,
            started_at=started_at,
            hours=priority.hours,
            actor=actor,
        )
    else:
        deadline = _common.promise_working_days(
            repair,
            duty=_common.COMPLETE,
            started_at=started_at,
            working_days=priority.working_days or 0,
            actor=actor,
        )
    repair.target_due_at = deadline.due_at
    repair.save(update_fields=["target_due_at", "updated_at"])
    return deadline


def open_update_promise(repair: Repair, *, started_at: datetime, actor: User | None) -> Deadline:
    """The next UPDATE promise while there is no completion date."""
    return _common.promise_working_days(
        repair,
        duty=_common.UPDATE,
        started_at=started_at,
        working_days=_common.repairs_policy().update_every_working_days,
        actor=actor,
    )


def _due_words(deadline: Deadline | None) -> str:
    return _common.local_date(deadline.due_at) if deadline is not None else ""


def promise_text(repair: Repair) -> str:
    """The honest promise for the job as it stands, in the resident's words."""
    complete = next(iter(_common.unkept(repair, _common.COMPLETE)), None)
    update = next(iter(_common.unkept(repair, _common.UPDATE)), None)
    return rules.promise_words(
        route=repair.route if repair.status != rules.PLANNED else "planned",
        status=repair.status,
        complete_by=_due_words(complete),
        responsible=repair.responsible,
        update_by=_due_words(update),
        update_every_working_days=_common.repairs_policy().update_every_working_days,
    )


def _reason(reason: str, *, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(f"Give a reason for {what}.", field="reason")
    return reason


def _change_priority(repair: Repair, *, actor: User | None, priority: str, reason: str) -> None:
    """Record the new priority with the old one, and recompute the completion promise from the
    moment the repair was reported (not from now: the resident has already been waiting)."""
    new = priority_of(priority)
    if new.code == repair.priority:
        raise InvalidInput("This repair already has that priority.", field="priority")
    old = repair.priority
    old_due = repair.target_due_at
    repair.priority = new.code
    repair.is_emergency = new.is_emergency
    repair.save(update_fields=["priority", "is_emergency", "updated_at"])
    responsive_and_running = repair.route == RESPONSIVE and repair.status not in (
        rules.PAUSED,
        rules.PLANNED,
        rules.COMPLETED,
        rules.CLOSED,
    )
    if responsive_and_running:
        _common.cancel_open(
            repair, _common.COMPLETE, actor=actor, reason=f"Priority changed: {reason}"
        )
        open_completion_promise(repair, started_at=repair.case.opened_at, actor=actor)
    _common.event(
        repair,
        kind="repair.priority_changed",
        summary=f"Priority changed from {priority_of(old).label.lower()} to "
        f"{new.label.lower()}: {reason}",
        actor=actor,
        data={
            "old": old,
            "new": new.code,
            "reason": reason,
            "old_due_at": old_due,
            "new_due_at": repair.target_due_at,
        },
        visibility=Visibility.RESIDENT,
    )
    _common.tell(
        repair,
        template="repair_priority_changed",
        context={"priority": new.label, "reason": reason, "promise": promise_text(repair)},
        actor=actor,
    )


@transaction.atomic
def repair_triage(
    *, repair: Repair, actor: User | None, priority: str | None = None, reason: str = ""
) -> Repair:
    """A planner looks at a reported job (REPORTED -> TRIAGED), keeping the catalogue priority
    or choosing another with a reason."""
    _common.ensure_planner(actor)
    repair = _common.locked(repair)
    changing = priority is not None and priority != repair.priority
    if changing:
        reason = _reason(reason, what="changing the priority")
    _common.move(repair, rules.TRIAGED)
    if changing:
        _change_priority(repair, actor=actor, priority=priority or "", reason=reason)
    _common.event(
        repair,
        kind="repair.triaged",
        summary=f"Triaged: {priority_of(repair.priority).label.lower()} priority.",
        actor=actor,
        data={"priority": repair.priority, "reason": reason.strip()},
        visibility=Visibility.STAFF,
    )
    refresh_next_due(repair)
    return repair


@transaction.atomic
def repair_priority_change(
    *, repair: Repair, actor: User | None, priority: str, reason: str
) -> Repair:
    """Change the priority (always with a reason); the completion promise is recomputed from
    the report time and the resident is told."""
    _common.ensure_planner(actor)
    reason = _reason(reason, what="changing the priority")
    repair = _common.locked(repair)
    if repair.status not in rules.OPEN_STATUSES or repair.status == rules.COMPLETED:
        raise InvalidInput(
            "The priority of a finished or cancelled repair cannot be changed.", field="priority"
        )
    _change_priority(repair, actor=actor, priority=priority, reason=reason)
    refresh_next_due(repair)
    return repair


@transaction.atomic
def interim_measures_record(*, repair: Repair, actor: User | None, measures: str) -> Repair:
    """What has been done to keep people safe until the repair is done (a temporary lock, a
    security patrol, a light). Keeps the INTERIM promise; a later record keeps the earlier one
    on the timeline."""
    _common.ensure_staff(actor)
    measures = measures.strip()
    if not measures:
        raise InvalidInput(
            "Say what has been done to keep people safe in the meantime.", field="measures"
        )
    repair = _common.locked(repair)
    if repair.status not in rules.OPEN_STATUSES:
        raise InvalidInput("This repair is no longer open.", field="measures")
    at = now()
    old = repair.interim_measures
    repair.interim_measures = measures
    repair.interim_measures_at = at
    repair.save(update_fields=["interim_measures", "interim_measures_at", "updated_at"])
    _common.keep(repair, _common.INTERIM, actor=actor, at=at)
    _common.event(
        repair,
        kind="repair.interim_measures",
        summary=f"To keep you safe in the meantime: {measures}",
        actor=actor,
        data={"old": old, "new": measures},
        visibility=Visibility.RESIDENT,
    )
    refresh_next_due(repair)
    return repair


def ensure_interim_measures(repair: Repair, waiting_until: datetime) -> None:
    """See `_common.ensure_interim_measures` (re-exported here for the intake's callers)."""
    _common.ensure_interim_measures(repair, waiting_until)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@transaction.atomic
def repair_hand_to_programme(
    *, repair: Repair, actor: User | None, programme: str, planned_for: date, reason: str
) -> Repair:
    """Hand the job to a planned programme (a replacement, not a repair): it stays open under
    the same reference with its planned date, the completion promise is cancelled with the
    reason, and the resident is told the plain truth and when they will next hear."""
    _common.ensure_planner(actor)
    programme = programme.strip()
    if not programme:
        raise InvalidInput("Say which programme the job goes to.", field="programme")
    reason = _reason(reason, what="handing the job to a programme")
    if planned_for is None:
        raise InvalidInput("Give the planned date.", field="planned_for")
    if planned_for < timezone.localdate(now()):
        raise InvalidInput("The planned date cannot be in the past.", field="planned_for")
    repair = _common.locked(repair)
    _common.ensure_interim_measures(repair, max(now(), _start_of(planned_for)))
    old = {
        "status": repair.status,
        "target_due_at": repair.target_due_at,
        "programme": repair.programme,
        "planned_for": repair.planned_for,
        "responsible": repair.responsible,
    }
    _common.move(repair, rules.PLANNED)
    _common.cancel_open(
        repair, _common.COMPLETE, actor=actor, reason=f"Handed to {programme}: {reason}"
    )
    repair.programme = programme
    repair.planned_for = planned_for
    repair.responsible = programme
    repair.target_due_at = None
    repair.save(
        update_fields=["programme", "planned_for", "responsible", "target_due_at", "updated_at"]
    )
    # Telling the resident about the hand-over is itself an update: it keeps any update owed
    # and the next one runs from today.
    at = now()
    _common.keep(repair, _common.UPDATE, actor=actor, at=at)
    open_update_promise(repair, started_at=at, actor=actor)
    _common.event(
        repair,
        kind="repair.handed_to_programme",
        summary=f"Handed to {programme}, planned for {planned_for:%-d %B %Y}: {reason}",
        actor=actor,
        data={
            "old": old,
            "new": {"programme": programme, "planned_for": planned_for, "status": repair.status},
            "reason": reason,
        },
        visibility=Visibility.RESIDENT,
    )
    _common.tell(
        repair,
        template="repair_planned",
        context={
            "programme": programme,
            "planned_for": f"{planned_for:%-d %B %Y}",
            "reason": reason,
            "promise": promise_text(repair),
        },
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


@transaction.atomic
def repair_update_give(*, repair: Repair, actor: User | None, summary: str, channel: str) -> Repair:
    """Give the resident an update: keeps the UPDATE promise and, while the job has no
    completion date, opens the next one."""
    _common.ensure_staff(actor)
    summary = summary.strip()
    if not summary:
        raise InvalidInput("Say what the update told the resident.", field="summary")
    if channel not in Channel.values:
        raise InvalidInput("Say how the update was given.", field="channel")
    repair = _common.locked(repair)
    if repair.status not in rules.OPEN_STATUSES:
        raise InvalidInput("This repair is no longer open.", field="summary")
    at = now()
    _common.keep(repair, _common.UPDATE, actor=actor, at=at)
    no_date = repair.target_due_at is None or repair.status in (rules.PLANNED, rules.PAUSED)
    if no_date:
        open_update_promise(repair, started_at=at, actor=actor)
    _common.event(
        repair,
        kind="repair.update_given",
        summary=f"Update: {summary}",
        actor=actor,
        channel=channel,
        data={"summary": summary},
        visibility=Visibility.RESIDENT,
    )
    _common.tell(
        repair,
        template="repair_update",
        context={"summary": summary, "promise": promise_text(repair)},
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


@transaction.atomic
def repair_cancel(*, repair: Repair, actor: User | None, reason: str) -> Repair:
    """Cancel a job raised in error or no longer needed; every promise it owed is cancelled
    with the reason and the resident is told."""
    _common.ensure_planner(actor)
    reason = _reason(reason, what="cancelling the repair")
    repair = _common.locked(repair)
    old = _common.move(repair, rules.CANCELLED)
    for duty in _JOB_DUTIES:
        _common.cancel_open(repair, duty, actor=actor, reason=f"Repair cancelled: {reason}")
    repair.closed_at = now()
    repair.save(update_fields=["closed_at", "updated_at"])
    _common.event(
        repair,
        kind="repair.cancelled",
        summary=f"Repair cancelled: {reason}",
        actor=actor,
        data={"old": old, "new": repair.status, "reason": reason},
        visibility=Visibility.RESIDENT,
    )
    _common.tell(
        repair,
        template="repair_closed",
        context={"cancelled": True, "reason": reason},
        actor=actor,
    )
    refresh_next_due(repair)
    return repair
