"""Synthetic cases and open deadlines, in bulk, for the sweep benchmark and load tests.

Each case is what `case_open` and `deadline_open` would have recorded: a timeline whose first
event is "case.opened", then one "deadline.opened" event per promise, all chained with
`records.services._build_event`. Deadlines are spread over the cases, at most four open on any
one (more deadlines than `--cases` allows make more cases). An exact share of them is already
overdue (due at least an hour ago); the rest fall due more than a day from now, so a sweep run
soon after marks exactly that share as missed.

References are numbered from `records.ReferenceSequence` in bulk, and the sequence is moved on
past them (its row held locked meanwhile), so a case opened live afterwards takes the next
number and never collides with a synthetic one.
"""

import functools
import math
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from homecase.common.errors import InvalidInput
from homecase.demo import bulk
from homecase.policy import selectors as policy
from homecase.records import chain
from homecase.records.models import (
    REFERENCE_PREFIXES,
    Case,
    CaseKind,
    Channel,
    Deadline,
    Event,
    ReferenceSequence,
    Timeline,
    Visibility,
)
from homecase.records.services import _build_event, _local

MAX_OPEN_PER_CASE = 4
REPAIR_SHARE = 0.8
CASES_PER_BATCH = 2_000
_DAYS_BACK = 60  # deadlines started over the last 60 days
_OVERDUE_BY = timedelta(hours=1)
_DUE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Duty:
    duty: str
    label: str
    working_days: int
    extension_limit: int = 0


# Four promises per kind of case, in the order a case makes them.
DUTIES = {
    CaseKind.REPAIR: (
        Duty("repair.complete", "Complete the repair", 20),
        Duty("repair.chase_reply", "Reply to the resident's chase", 5),
        Duty("repair.make_safe", "Make safe", 1),
        Duty("repair.post_inspection", "Inspect the completed work", 10),
    ),
    CaseKind.COMPLAINT: (
        Duty("complaint.acknowledge", "Acknowledge the complaint (stage 1)", 5),
        Duty("complaint.stage1_response", "Stage 1 response", 10, extension_limit=10),
        Duty("complaint.chase_reply", "Reply to the resident's chase", 5),
        Duty("complaint.remedy", "Carry out the agreed remedy", 20),
    ),
}
TITLES = {
    CaseKind.REPAIR: (
        "Kitchen tap leaking",
        "No hot water",
        "Boiler not working",
        "Damp and mould in the bathroom",
        "Front door lock broken",
        "Window will not close",
        "Toilet not flushing",
        "Water coming through the ceiling",
        "Extractor fan not working",
        "Radiators cold",
        "Sockets not working in the bedroom",
        "Blocked kitchen sink",
        "Landing light out",
        "Loose stair handrail",
        "Smoke alarm beeping",
    ),
    CaseKind.COMPLAINT: (
        "Repair still not done after three visits",
        "Missed appointment",
        "No reply to emails",
        "Damp and mould not put right",
        "Rude on the phone",
        "Service charge query not answered",
        "Compensation not paid",
        "Mess left after repair",
    ),
}
_CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.PORTAL, Channel.EMAIL, Channel.LETTER)


@dataclass(frozen=True)
class Made:
    cases: int
    open_deadlines: int
    overdue: int


@dataclass(frozen=True)
class _Slot:
    """A start moment and the due moment a rule gives it."""

    started_at: datetime
    due_at: datetime


class _References:
    """Case numbers taken from the live sequence in bulk: its rows are locked until commit."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, int], int] = {}

    def next(self, kind: str, year: int) -> str:
        key = (REFERENCE_PREFIXES[CaseKind(kind)], year)
        if key not in self._last:
            row, _ = ReferenceSequence.objects.select_for_update().get_or_create(
                prefix=key[0], year=year
            )
            self._last[key] = row.last_number
        self._last[key] += 1
        if self._last[key] > 999_999:
            raise InvalidInput(
                f"More than 999,999 {kind} cases in {year}: references would "
                "no longer fit their six digits."
            )
        return f"{key[0]}-{year}-{self._last[key]:06d}"

    def save(self) -> None:
        for (prefix, year), last in self._last.items():
            ReferenceSequence.objects.filter(prefix=prefix, year=year).update(last_number=last)


def _starts(at: datetime) -> list[datetime]:
    """Moments deadlines may have started: three a day over the last 60 days, and just now."""
    zone = policy.landlord_time_zone()
    today = at.astimezone(zone).date()
    moments = [
        datetime.combine(today - timedelta(days=back), time(hour, 30), tzinfo=zone)
        for back in range(_DAYS_BACK)
        for hour in (9, 12, 15)
    ]
    return [m for m in moments if m < at - timedelta(minutes=10)] + [at - timedelta(minutes=10)]


def _slots(at: datetime) -> tuple[dict[tuple[int, bool], list[_Slot]], dict[int, dict]]:
    """For each rule (working days): the slots already overdue and those due well after now,
    and the rule's basis (the same for every deadline under it)."""
    slots: dict[tuple[int, bool], list[_Slot]] = {}
    bases: dict[int, dict] = {}
    starts = _starts(at)
    for days in sorted({d.working_days for duties in DUTIES.values() for d in duties}):
        for started in starts:
            due, basis = policy.due_within_working_days(started, days)
            bases[days] = chain.canonical_data(basis)
            if due < at - _OVERDUE_BY:
                slots.setdefault((days, True), []).append(_Slot(started, due))
            elif due > at + _DUE_AFTER:
                slots.setdefault((days, False), []).append(_Slot(started, due))
    return slots, bases


@transaction.atomic
def generate(
    *,
    rng: random.Random,
    cases: int,
    open_deadlines: int,
    overdue_share: float,
    at: datetime,
    home_ids: array,
    lead_resident_ids: array,
    report: Callable[[str], None],
) -> Made:
    total = max(cases, math.ceil(open_deadlines / MAX_OPEN_PER_CASE))
    if not total:
        return Made(0, 0, 0)
    overdue = round(open_deadlines * overdue_share)
    builder = _Cases(
        rng,
        at,
        home_ids,
        lead_resident_ids,
        overdue_indices=set(rng.sample(range(open_deadlines), overdue)),
    )
    for first in range(0, total, CASES_PER_BATCH):
        for number in range(first, min(total, first + CASES_PER_BATCH)):
            per_case = open_deadlines // total + (number < open_deadlines % total)
            builder.case(per_case)
        builder.flush()
        done = min(total, first + CASES_PER_BATCH)
        if done % 50_000 == 0 or done == total:
            report(f"  {done:,} of {total:,} cases, {builder.deadlines:,} open deadlines")
    builder.references.save()
    return Made(total, builder.deadlines, overdue)


class _Cases:
    """Builds cases with their timelines, events and deadlines; inserts them a batch at a time."""

    def __init__(
        self,
        rng: random.Random,
        at: datetime,
        home_ids: array,
        lead_resident_ids: array,
        overdue_indices: set[int],
    ) -> None:
        self.rng, self.at = rng, at
        self.home_ids, self.lead_resident_ids = home_ids, lead_resident_ids
        self.overdue_indices = overdue_indices
        self.slots, self.bases = _slots(at)
        self.starts = _starts(at)
        self.references = _References()
        self.case_ids, self.timeline_ids = bulk.Ids(Case), bulk.Ids(Timeline)
        self.deadline_ids = bulk.Ids(Deadline)
        self.deadlines = 0
        self._rows: dict[type, list[Any]] = {Timeline: [], Case: [], Deadline: [], Event: []}

    def case(self, open_deadlines: int) -> None:
        rng = self.rng
        kind = CaseKind.REPAIR if rng.random() < REPAIR_SHARE else CaseKind.COMPLAINT
        promises = sorted(
            ((duty, self._slot(duty)) for duty in DUTIES[kind][:open_deadlines]),
            key=lambda pair: pair[1].started_at,
        )
        opened_at = promises[0][1].started_at if promises else rng.choice(self.starts)
        home = rng.randrange(len(self.home_ids))
        title = rng.choice(TITLES[kind])
        reference = self.references.next(kind, timezone.localtime(opened_at).year)
        case = Case(
            id=self.case_ids.take(),
            reference=reference,
            kind=kind,
            title=title,
            timeline_id=self.timeline_ids.take(),
            home_id=self.home_ids[home],
            resident_id=self.lead_resident_ids[home],
            opened_at=opened_at,
        )
        events = [self._opened_event(case, rng.choice(_CHANNELS))]
        for duty, slot in promises:
            deadline = self._deadline(case, duty, slot)
            events.append(self._deadline_event(case, deadline, previous=events[-1]))
        self._rows[Timeline].append(
            Timeline(
                id=case.timeline_id,
                subject=reference,
                length=len(events),
                head_hash=events[-1].hash,
            )
        )
        self._rows[Case].append(case)
        self._rows[Event].extend(events)

    def _slot(self, duty: Duty) -> _Slot:
        overdue = self.deadlines in self.overdue_indices
        self.deadlines += 1
        return self.rng.choice(self.slots[(duty.working_days, overdue)])

    def _deadline(self, case: Case, duty: Duty, slot: _Slot) -> Deadline:
        deadline = Deadline(
            id=self.deadline_ids.take(),
            case_id=case.id,
            duty=duty.duty,
            label=duty.label,
            started_at=slot.started_at,
            due_at=slot.due_at,
            original_due_at=slot.due_at,
            basis=self.bases[duty.working_days],
            extension_limit_working_days=duty.extension_limit,
        )
        self._rows[Deadline].append(deadline)
        return deadline

    def _opened_event(self, case: Case, channel: str) -> Event:
        return _build_event(
            timeline_id=case.timeline_id,
            sequence=1,
            prev_hash=chain.GENESIS,
            actor=None,
            data={"reference": case.reference, "title": case.title},
            occurred_at=case.opened_at,
            recorded_at=case.opened_at,
            backdate_reason="",
            channel=channel,
            kind="case.opened",
            summary=f"Reported: {case.title.lower()}",
            visibility=Visibility.RESIDENT,
        )

    def _deadline_event(self, case: Case, deadline: Deadline, *, previous: Event) -> Event:
        return _build_event(
            timeline_id=case.timeline_id,
            sequence=previous.sequence + 1,
            prev_hash=previous.hash,
            actor=None,
            data={
                "deadline_id": deadline.id,
                "duty": deadline.duty,
                "due_at": deadline.due_at,
                "basis": deadline.basis,
            },
            occurred_at=deadline.started_at,
            recorded_at=deadline.started_at,
            backdate_reason="",
            channel=Channel.SYSTEM,
            kind="deadline.opened",
            summary=_due_summary(deadline.label, deadline.due_at),
            visibility=Visibility.RESIDENT,
        )

    def flush(self) -> None:
        for model, rows in self._rows.items():  # in this order: each row's references first
            bulk.insert(model, rows)
            rows.clear()
        bulk.forget_queries()


@functools.lru_cache(maxsize=4096)
def _due_summary(label: str, due_at: datetime) -> str:
    # As deadline_open words it; only a few hundred distinct due moments, so cache them.
    return f"{label}: due by {_local(due_at)}"
