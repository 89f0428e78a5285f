"""The only writers of the record: timelines and their events, case references, cases,
deadlines and the sweep that marks missed ones. Each write records its event in the same
transaction."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.records import bulk, chain
from homecase.records.models import (
    REFERENCE_PREFIXES,
    Case,
    CaseKind,
    Channel,
    Deadline,
    DeadlineStatus,
    Event,
    ReferenceSequence,
    Timeline,
    Visibility,
)

SYSTEM_ACTOR_NAME = "Homecase"
# Recording takes a moment: an occurred_at this close to now is not a back-dating.
_BACKDATE_TOLERANCE = timedelta(minutes=5)


def _actor_name(actor: User | None) -> str:
    if actor is None:
        return SYSTEM_ACTOR_NAME
    return actor.get_full_name() or actor.get_username()


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


def timeline_create(*, subject: str) -> Timeline:
    return Timeline.objects.create(subject=subject)


def _checked_occurred_at(
    occurred_at: datetime | None, recorded_at: datetime, backdate_reason: str
) -> datetime:
    if occurred_at is None:
        return recorded_at
    if timezone.is_naive(occurred_at):
        raise InvalidInput("The time something happened must include its time zone.")
    if occurred_at > recorded_at + _BACKDATE_TOLERANCE:
        raise InvalidInput(
            "Something cannot be recorded as happening in the future.", field="occurred_at"
        )
    if occurred_at < recorded_at - _BACKDATE_TOLERANCE and not backdate_reason.strip():
        raise InvalidInput(
            "Give a reason for recording this with an earlier date and time.",
            field="backdate_reason",
        )
    return occurred_at


@transaction.atomic
def event_record(
    *,
    timeline: Timeline,
    kind: str,
    summary: str,
    actor: User | None,
    channel: str = Channel.SYSTEM,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
    backdate_reason: str = "",
    visibility: str = Visibility.STAFF,
) -> Event:
    """Append one event to a timeline, chained to the one before it."""
    if channel not in Channel.values:
        raise InvalidInput(f"'{channel}' is not a known channel.", field="channel")
    if visibility not in Visibility.values:
        raise InvalidInput(f"'{visibility}' is not a known visibility.", field="visibility")
    recorded_at = now()
    occurred = _checked_occurred_at(occurred_at, recorded_at, backdate_reason)
    locked = Timeline.objects.select_for_update().get(pk=timeline.pk)
    event = _build_event(
        timeline_id=locked.pk,
        sequence=locked.length + 1,
        prev_hash=locked.head_hash or chain.GENESIS,
        occurred_at=occurred,
        recorded_at=recorded_at,
        backdate_reason=backdate_reason.strip(),
        actor=actor,
        channel=channel,
        kind=kind,
        summary=summary,
        data=data,
        visibility=visibility,
    )
    event.save()
    Timeline.objects.filter(pk=locked.pk).update(length=event.sequence, head_hash=event.hash)
    timeline.length, timeline.head_hash = event.sequence, event.hash
    return event


def case_event_record(
    *, case: Case, since: str, occurred_at: datetime | None = None, **fields: Any
) -> Event:
    """Append an event to a case's timeline. A back-dated event may not come before the case
    itself (`since` says what opened it, e.g. "the complaint was received"): the timeline would
    tell a story that cannot have happened."""
    if occurred_at is not None and occurred_at < case.opened_at:
        raise InvalidInput(
            f"This cannot be dated before {since} ({_local(case.opened_at)}).",
            field="occurred_at",
        )
    return event_record(timeline=case.timeline, occurred_at=occurred_at, **fields)


def _build_event(
    *,
    timeline_id: int,
    sequence: int,
    prev_hash: str,
    actor: User | None,
    data: dict[str, Any] | None,
    **fields: Any,
) -> Event:
    stored = chain.canonical_data(data)
    actor_id = actor.pk if actor is not None else None
    actor_name = _actor_name(actor)
    digest = chain.event_hash(
        prev_hash=prev_hash,
        timeline_id=timeline_id,
        sequence=sequence,
        actor_id=actor_id,
        actor_name=actor_name,
        data=stored,
        **fields,
    )
    return Event(
        timeline_id=timeline_id,
        sequence=sequence,
        prev_hash=prev_hash,
        hash=digest,
        actor_id=actor_id,
        actor_name=actor_name,
        data=stored,
        **fields,
    )


def case_reference_next(*, kind: str, year: int) -> str:
    """The next reference for a kind of case, e.g. `R-2026-004211`. Never reused."""
    if kind not in REFERENCE_PREFIXES:
        raise InvalidInput(f"'{kind}' is not a kind of case.", field="kind")
    prefix = REFERENCE_PREFIXES[CaseKind(kind)]
    sequence, _ = ReferenceSequence.objects.get_or_create(prefix=prefix, year=year)
    ReferenceSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db(fields=["last_number"])
    return f"{prefix}-{year}-{sequence.last_number:06d}"


@transaction.atomic
def case_open(
    *,
    kind: str,
    title: str,
    actor: User | None,
    channel: str,
    summary: str,
    home=None,
    communal_area=None,
    resident=None,
    received_at: datetime | None = None,
    backdate_reason: str = "",
    data: dict[str, Any] | None = None,
) -> Case:
    """Open a case with its one reference for life, and record how it reached us."""
    if not title.strip():
        raise InvalidInput("Say in a few words what the case is about.", field="title")
    opened_at = _checked_occurred_at(received_at, now(), backdate_reason)
    reference = case_reference_next(kind=kind, year=timezone.localtime(opened_at).year)
    timeline = timeline_create(subject=reference)
    case = Case.objects.create(
        reference=reference,
        kind=kind,
        title=title.strip(),
        timeline=timeline,
        home=home,
        communal_area=communal_area,
        resident=resident,
        opened_at=opened_at,
    )
    event_record(
        timeline=timeline,
        kind="case.opened",
        summary=summary,
        actor=actor,
        channel=channel,
        data={"reference": reference, "title": case.title, **(data or {})},
        occurred_at=opened_at,
        backdate_reason=backdate_reason,
        visibility=Visibility.RESIDENT,
    )
    return case


def _deadline_visibility(deadline: "Deadline | _DueDeadline") -> str:
    return Visibility.RESIDENT if deadline.visible_to_resident else Visibility.STAFF


@transaction.atomic
def deadline_open(
    *,
    case: Case,
    duty: str,
    label: str,
    started_at: datetime,
    due_at: datetime,
    basis: dict[str, Any],
    actor: User | None,
    extension_limit_working_days: int = 0,
    visible_to_resident: bool = True,
) -> Deadline:
    """Record a promise with its due moment, computed by the clock (never typed by hand)."""
    if due_at < started_at:
        raise InvalidInput("A deadline cannot fall before the moment its clock starts.")
    deadline = Deadline.objects.create(
        case=case,
        duty=duty,
        label=label,
        started_at=started_at,
        due_at=due_at,
        original_due_at=due_at,
        basis=chain.canonical_data(basis),
        extension_limit_working_days=extension_limit_working_days,
        visible_to_resident=visible_to_resident,
    )
    event_record(
        timeline=case.timeline,
        kind="deadline.opened",
        actor=actor,
        summary=f"{label}: due by {_local(due_at)}",
        data={"deadline_id": deadline.pk, "duty": duty, "due_at": due_at, "basis": basis},
        visibility=_deadline_visibility(deadline),
    )
    return deadline


def case_calendar_name(case: Case) -> str | None:
    """The working-day calendar a case's promises follow: its home's nation (the landlord's
    default for a communal area or a case with no home)."""
    return case.home.nation if case.home is not None else None


def deadline_promise_working_days(
    *,
    case: Case,
    duty: str,
    label: str,
    started_at: datetime,
    working_days: int,
    actor: User | None,
    extension_limit_working_days: int = 0,
    visible_to_resident: bool = True,
) -> Deadline:
    """Open a deadline "within N working days of started_at" in the case's calendar (the due
    moment computed by the clock from policy, never typed by hand)."""
    due_at, basis = policy.due_within_working_days(
        started_at, working_days, calendar_name=case_calendar_name(case)
    )
    return deadline_open(
        case=case,
        duty=duty,
        label=label,
        started_at=started_at,
        due_at=due_at,
        basis=basis,
        actor=actor,
        extension_limit_working_days=extension_limit_working_days,
        visible_to_resident=visible_to_resident,
    )


def _lock(deadline: Deadline) -> Deadline:
    locking = Deadline.objects.select_for_update(of=("self",))
    return locking.select_related("case__timeline").get(pk=deadline.pk)


@transaction.atomic
def deadline_meet(
    *, deadline: Deadline, actor: User | None, met_at: datetime | None = None
) -> Deadline:
    """The promise was kept: on time, or late if after the due moment (even before a sweep)."""
    locked = _lock(deadline)
    if locked.status not in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        raise Conflict(f"'{locked.label}' is already {locked.get_status_display().lower()}.")
    met_at = met_at or now()
    late = locked.status == DeadlineStatus.MISSED or met_at > locked.due_at
    locked.status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET
    locked.met_at = met_at
    locked.save(update_fields=["status", "met_at", "updated_at"])
    event_record(
        timeline=locked.case.timeline,
        kind="deadline.met",
        actor=actor,
        summary=f"{'Done late' if late else 'Done on time'}: {locked.label}",
        data={
            "deadline_id": locked.pk,
            "duty": locked.duty,
            "status": locked.status,
            "due_at": locked.due_at,
            "met_at": met_at,
        },
        visibility=_deadline_visibility(locked),
    )
    return locked


@transaction.atomic
def deadline_extend(
    *,
    deadline: Deadline,
    actor: User | None,
    working_days: int,
    reason: str,
    beyond_limit_reason: str = "",
) -> Deadline:
    """More time, only with a reason and within the limit the rules allow (more than the limit
    only with a recorded good reason). The original due moment is kept."""
    locked = _lock(deadline)
    if locked.status != DeadlineStatus.OPEN:
        raise Conflict(
            f"Only an open deadline can be extended; this one is "
            f"{locked.get_status_display().lower()}."
        )
    if working_days < 1:
        raise InvalidInput("An extension must be at least 1 working day.", field="working_days")
    if not reason.strip():
        raise InvalidInput(
            "Give the reason for the extension: the resident will be told it.", field="reason"
        )
    total = locked.extended_working_days + working_days
    if total > locked.extension_limit_working_days and not beyond_limit_reason.strip():
        raise InvalidInput(
            f"This would extend '{locked.label}' by {total} working days in all; the limit is "
            f"{locked.extension_limit_working_days}. Going beyond it needs a recorded good reason.",
            field="working_days",
        )
    old_due = locked.due_at
    locked.due_at = policy.extended_due_at(
        old_due, working_days, calendar_name=locked.basis.get("calendar")
    )
    locked.extended_working_days = total
    locked.extension_reason = "\n".join(filter(None, [locked.extension_reason, reason.strip()]))
    locked.save(update_fields=["due_at", "extended_working_days", "extension_reason", "updated_at"])
    event_record(
        timeline=locked.case.timeline,
        kind="deadline.extended",
        actor=actor,
        summary=f"More time for '{locked.label}': now due by {_local(locked.due_at)}. "
        f"Reason: {reason.strip()}",
        data={
            "deadline_id": locked.pk,
            "old_due_at": old_due,
            "new_due_at": locked.due_at,
            "working_days": working_days,
            "reason": reason.strip(),
            "beyond_limit_reason": beyond_limit_reason.strip(),
        },
        visibility=_deadline_visibility(locked),
    )
    return locked


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, actor: User | None, reason: str) -> Deadline:
    """The duty no longer applies (e.g. a withdrawn case); the reason is on the record."""
    if not reason.strip():
        raise InvalidInput("Give the reason this deadline no longer applies.", field="reason")
    locked = _lock(deadline)
    if locked.status != DeadlineStatus.OPEN:
        raise Conflict("Only an open deadline can be cancelled.")
    locked.status = DeadlineStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    event_record(
        timeline=locked.case.timeline,
        kind="deadline.cancelled",
        actor=actor,
        summary=f"No longer needed: {locked.label}. Reason: {reason.strip()}",
        data={"deadline_id": locked.pk, "reason": reason.strip()},
        visibility=_deadline_visibility(locked),
    )
    return locked


def deadlines_sweep(*, at: datetime | None = None, batch_size: int = 2000) -> int:
    """Mark every open deadline whose moment has passed as missed, with an event for each.

    Idempotent (a missed deadline is no longer open) and safe to run in several processes at
    once on PostgreSQL (rows another sweep holds are skipped). Works in batches, each its own
    transaction, so that a sweep over a large backlog never holds one huge transaction."""
    at = at or now()
    total = 0
    while marked := _sweep_batch(at=at, batch_size=batch_size):
        total += marked
    return total


class _DueDeadline(NamedTuple):
    pk: int
    timeline_id: int
    label: str
    duty: str
    due_at: datetime
    visible_to_resident: bool


@transaction.atomic
def _sweep_batch(*, at: datetime, batch_size: int) -> int:
    # Only the columns the missed event needs: whole objects cost a third of a sweep at scale.
    due = [
        _DueDeadline(*row)
        for row in Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=DeadlineStatus.OPEN, due_at__lt=at)
        .order_by("due_at", "pk")
        .values_list("pk", "case__timeline_id", "label", "duty", "due_at", "visible_to_resident")[
            :batch_size
        ]
    ]
    if not due:
        return 0
    Deadline.objects.filter(pk__in=[d.pk for d in due]).update(
        status=DeadlineStatus.MISSED, missed_at=at, updated_at=at
    )
    _record_missed_events(due, at=at)
    return len(due)


def _record_missed_events(deadlines: Iterable[_DueDeadline], *, at: datetime) -> None:
    by_timeline: dict[int, list[_DueDeadline]] = defaultdict(list)
    for deadline in deadlines:
        by_timeline[deadline.timeline_id].append(deadline)
    heads = {
        pk: (length, head_hash)
        for pk, length, head_hash in Timeline.objects.select_for_update()
        .filter(pk__in=list(by_timeline))
        .order_by("pk")
        .values_list("pk", "length", "head_hash")
    }
    events = []
    for timeline_id, items in by_timeline.items():
        length, head_hash = heads[timeline_id]
        for deadline in items:
            event = _build_event(
                timeline_id=timeline_id,
                sequence=length + 1,
                prev_hash=head_hash or chain.GENESIS,
                occurred_at=deadline.due_at,
                recorded_at=at,
                backdate_reason="",
                actor=None,
                channel=Channel.SYSTEM,
                kind="deadline.missed",
                summary=f"Missed: {deadline.label} (was due by {_local(deadline.due_at)})",
                data={"deadline_id": deadline.pk, "duty": deadline.duty, "due_at": deadline.due_at},
                visibility=_deadline_visibility(deadline),
            )
            length, head_hash = event.sequence, event.hash
            events.append(event)
        heads[timeline_id] = (length, head_hash)
    bulk.events_insert(events)
    bulk.timeline_heads_move([(pk, length, head) for pk, (length, head) in heads.items()])
