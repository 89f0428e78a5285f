"""Synthetic repairs, in bulk, for the repairs queue and "my repairs" benchmarks and load tests.

Each repair is what `repairs.services` would have recorded, step by step: a repair case and its
timeline ("case.opened" with what was reported, the completion or update promise), then, as far as
its status goes, triage, a work order, an appointment, a visit (with the attempts to get in on
a "no access" one, and the clock paused with its reason), completion with the promise kept on
time or late, the resident's confirmation and satisfaction, closure or cancellation. Damp and
mould reports get their Awaab's Law hazard record and investigation promise. Every event is
hashed and chained by `records.chain.event_hash`, exactly as `records.services` does, so
`homecase verify-records` verifies the lot.

Speed: a million jobs are some seven million rows. They are built as plain namespaces with the
model's columns (a Django model instance costs ten times as much to make) and go in with COPY
on PostgreSQL; on SQLite (the tests) they become model instances for `bulk_create`.

Jobs are spread over homes the way a landlord's books are: most homes have none to five over
three years, a few (the damp, the old, the unlucky) thirty or more, so "my repairs" pages have
realistic sizes. A share of the jobs still being worked is overdue: its completion promise was
missed (already marked missed, as the sweep would have). Every other open promise falls due
after the sweep benchmark's run, so `homecase sweep` marks none of them and the sweep's figures
stay those of `synthetic_cases.py`; appointments are booked three days ahead or more, so no
reminder falls due either.
"""

import bisect
import functools
import gc
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import DateTimeField
from django.utils import timezone

from homecase.accounts.models import Role, User
from homecase.demo import bulk
from homecase.demo.synthetic_cases import _References
from homecase.demo.synthetic_complaints import first_reporting_day
from homecase.policy import selectors as policy
from homecase.policy.repairs import DAMP_MOULD, RESPONSIVE, CatalogueEntry
from homecase.records import bulk as records_bulk
from homecase.records import chain
from homecase.records.models import (
    Case,
    CaseKind,
    Channel,
    Deadline,
    DeadlineStatus,
    Event,
    Timeline,
    Visibility,
)
from homecase.records.services import SYSTEM_ACTOR_NAME, _local
from homecase.repairs import rules
from homecase.repairs.models import (
    AccessAttempt,
    Appointment,
    AttemptMethod,
    ClockPause,
    Contractor,
    Hazard,
    Location,
    Repair,
    ResidentVerdict,
    Visit,
    VisitOutcome,
    WorkOrder,
    WorkOrderStatus,
)
from homecase.repairs.services.next_due import QUEUE_DUTIES

PLANNERS = 6
PLANNER_USERNAME = "planner{:02d}@synthetic.example.org"
CONTRACTORS = ("Northgate Plumbing Ltd", "Brightwell Electrical", "Hartley Building Services")
BATCH = 2_000
# The share of each status over three years of a landlord's repairs: most long closed.
STATUS_MIX = (
    (rules.REPORTED, 3),
    (rules.TRIAGED, 5),
    (rules.IN_PROGRESS, 9),
    (rules.PAUSED, 2),
    (rules.PLANNED, 2),
    (rules.COMPLETED, 3),
    (rules.CLOSED, 72),
    (rules.CANCELLED, 4),
)
# Open jobs still waiting for the work: a share of them has missed its completion promise.
WORKING = (rules.REPORTED, rules.TRIAGED, rules.IN_PROGRESS)
OVERDUE_SHARE = 0.1
# How often each catalogue entry is reported (home entries only: synthetic homes have no
# communal areas recorded); the rest of the catalogue is rarer still.
CATEGORY_WEIGHTS = {
    "leak": 14,
    "uncontained_leak": 2,
    "water_near_electrics": 1,
    "no_power": 1,
    "electrical_fault": 8,
    "no_heating": 10,
    "gas_smell": 1,
    "blocked_drain": 7,
    "toilet": 6,
    "lock": 4,
    "window": 5,
    "door": 7,
    "kitchen": 8,
    "plaster": 7,
    "damp_mould": 6,
    "hazard_other": 1,
    "roof": 3,
    "gutter": 3,
    "fence": 3,
    "component_replacement": 2,
}
# Most jobs fall on a small share of homes: BUSY_SHARE of the homes get BUSY_JOBS of the jobs.
BUSY_SHARE = 0.06
BUSY_JOBS = 0.55
_YEARS_BACK = 3
_HOURS = (8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
_OLD_HOURS = (9, 12, 15)
_RECENT_DAYS = 45
_DUE_AFTER = timedelta(days=1)  # open promises: none falls due before a sweep run soon after
_EMERGENCY_DUE_AFTER = timedelta(hours=8)  # an emergency's 24 hours: reported this morning
_OVERDUE_BY = timedelta(hours=1)
_APPOINTMENT_AFTER_DAYS = 3  # no reminder (the day before) falls due during the benchmark
_CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.PORTAL, Channel.EMAIL)
_OPERATIVES = ("Dave Okafor", "Sam Patel", "Lee Walsh", "Priya Shah", "Tom Nowak", "Ana Silva")
_VULNERABILITIES = (
    "Uses a wheelchair: needs the operative to ring ahead.",
    "Hard of hearing: knock loudly or text.",
    "Young baby in the home.",
    "Long-term illness: asthma.",
)
_DETAILS = {
    "leak": "Water dripping from the pipe under the kitchen sink.",
    "uncontained_leak": "Water pouring through the ceiling and it will not stop.",
    "water_near_electrics": "Water running down the wall by the light switch.",
    "no_power": "No electricity in the whole flat since last night.",
    "electrical_fault": "Bedroom socket sparks when I plug anything in.",
    "no_heating": "No heating or hot water; the boiler shows a fault.",
    "gas_smell": "Smell of gas in the kitchen; I called the gas emergency line.",
    "blocked_drain": "Kitchen sink will not drain.",
    "toilet": "Toilet does not flush properly.",
    "lock": "Front door lock broken: the door will not lock.",
    "window": "Bedroom window will not close.",
    "door": "Bathroom door will not shut.",
    "kitchen": "Kitchen cupboard door hanging off.",
    "plaster": "Large crack and loose plaster in the living room ceiling.",
    "damp_mould": "Black mould on the bedroom wall and around the window.",
    "hazard_other": "Loose stair handrail.",
    "roof": "Water coming in where tiles are missing.",
    "gutter": "Gutter overflowing down the front wall.",
    "fence": "Back garden fence blown down.",
    "component_replacement": "Kitchen worn out: worktop split and units falling apart.",
}


@dataclass(frozen=True)
class Made:
    repairs: int
    overdue: int


@functools.lru_cache(maxsize=262_144)
def _due_days(start: datetime, days: int) -> tuple[datetime, dict]:
    due_at, basis = policy.due_within_working_days(start, days)
    return due_at, chain.canonical_data(basis)


@functools.lru_cache(maxsize=262_144)
def _due_hours(start: datetime, hours: int) -> tuple[datetime, dict]:
    due_at, basis = policy.due_after_hours(start, hours)
    return due_at, chain.canonical_data(basis)


@functools.lru_cache(maxsize=262_144)
def _words(moment: datetime) -> str:
    return _local(moment)


@dataclass(frozen=True)
class _Rule:
    """A promise's timescale: calendar hours (emergencies) or working days."""

    hours: int | None = None
    working_days: int | None = None

    def due(self, start: datetime) -> tuple[datetime, dict]:
        if self.hours is not None:
            return _due_hours(start, self.hours)
        return _due_days(start, self.working_days or 0)


def chained_event(previous: Any, *, timeline_id: int, at: datetime, **fields: Any) -> Any:
    """The next event row of a timeline, hashed and chained to `previous` (None for the first)
    exactly as `records.services` does, recorded at the moment it occurred."""
    fields = {
        "timeline_id": timeline_id,
        "sequence": previous.sequence + 1 if previous else 1,
        "prev_hash": previous.hash if previous else chain.GENESIS,
        "occurred_at": at,
        "recorded_at": at,
        "backdate_reason": "",
        **fields,
    }
    return SimpleNamespace(**fields, hash=chain.event_hash(**fields))


class _Clock:
    """Moments things may have happened (three a day over the last three years, or back to
    the first of `years` whole reporting years if that is longer, hourly in working hours over
    the last weeks), and for each rule those whose promise falls due safely
    after now or was missed recently. Few distinct moments keep the clock's work cached."""

    def __init__(self, at: datetime, rules_: set[_Rule], years: int = 1) -> None:
        zone = policy.landlord_time_zone()
        self.at, self.zone = at, zone
        today = at.astimezone(zone).date()
        days_back = _YEARS_BACK * 365
        if years > 1:
            days_back = max(days_back, (today - first_reporting_day(today, years)).days)
        moments = [
            datetime.combine(today - timedelta(days=back), time(hour, 15), tzinfo=zone)
            for back in range(days_back, -1, -1)
            for hour in (_HOURS if back <= _RECENT_DAYS else _OLD_HOURS)
        ]
        self.moments = [m for m in moments if m < at - timedelta(minutes=10)]
        recent = [m for m in self.moments if m > at - timedelta(days=_RECENT_DAYS)]
        self.lately = [m for m in recent if at - timedelta(days=30) < m < at - timedelta(days=2)]
        self.long_ago = [m for m in self.moments if m < at - timedelta(days=20)]
        self.open_starts: dict[_Rule, list[datetime]] = {}
        self.missed_starts: dict[_Rule, list[datetime]] = {}
        for rule in rules_:
            after = _EMERGENCY_DUE_AFTER if rule.hours is not None else _DUE_AFTER
            self.open_starts[rule] = [m for m in recent if rule.due(m)[0] > at + after]
            self.missed_starts[rule] = [
                m
                for m in recent
                if m < at - timedelta(days=2) and rule.due(m)[0] < at - _OVERDUE_BY
            ]

    def later(self, moment: datetime, rng: random.Random, low: int, high: int) -> datetime:
        """A moment `low` to `high` days after `moment`, never after the last one."""
        target = moment + timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6))
        index = bisect.bisect_left(self.moments, target)
        return self.moments[min(index, len(self.moments) - 1)]

    def missed_at(self, due: datetime) -> datetime:
        """When the sweep (run every morning) found the promise missed."""
        local = due.astimezone(self.zone)
        morning = datetime.combine(local.date() + timedelta(days=1), time(6), tzinfo=self.zone)
        return min(morning, self.at - timedelta(minutes=5))


_Row = SimpleNamespace  # a row to insert: one attribute per column of its model


@functools.lru_cache(maxsize=262_144)
def _json_moment(moment: datetime) -> str:
    """A moment as it reads once stored in JSON (what `chain.canonical_data` would give)."""
    return _ENCODER.default(moment)


_ENCODER = DjangoJSONEncoder()


@dataclass
class _Story:
    """One repair's rows as they build up, with its timeline's events in order."""

    case: _Row
    repair: _Row
    entry: CatalogueEntry
    events: list[_Row] = field(default_factory=list)
    deadlines: list[_Row] = field(default_factory=list)
    work_order: _Row | None = None


def planners_create() -> list[User]:
    """The repairs planners the synthetic jobs are handled by (left alone if there)."""
    group, _ = Group.objects.get_or_create(name=Role.REPAIRS_PLANNER)
    planners = []
    for number in range(1, PLANNERS + 1):
        user, _ = User.objects.get_or_create(
            username=PLANNER_USERNAME.format(number),
            defaults={
                "email": PLANNER_USERNAME.format(number),
                "first_name": "Planner",
                "last_name": f"{number:02d}",
            },
        )
        user.groups.add(group)
        planners.append(user)
    return planners


SIGNED_ON = date(2025, 4, 1)  # every synthetic firm has signed the code of conduct


def contractors_create() -> list[Contractor]:
    return [
        Contractor.objects.get_or_create(
            name=name, defaults={"trades": "general", "code_of_conduct_signed_on": SIGNED_ON}
        )[0]
        for name in CONTRACTORS
    ]


def job_homes(rng: random.Random, homes: int, repairs: int) -> array:
    """For each job, the index of its home: BUSY_JOBS of them on a few busy homes, the rest
    spread evenly, so most homes have a handful and a few have dozens."""
    busy = rng.sample(range(homes), max(1, round(homes * BUSY_SHARE)))
    chosen = array("q")
    for _ in range(repairs):
        if rng.random() < BUSY_JOBS:
            chosen.append(busy[rng.randrange(len(busy))])
        else:
            chosen.append(rng.randrange(homes))
    return chosen


@transaction.atomic
def generate(
    *,
    rng: random.Random,
    repairs: int,
    at: datetime,
    home_ids: array,
    lead_resident_ids: array,
    report: Callable[[str], None],
    years: int = 1,
) -> Made:
    """Make the repairs; with `years` above 1, those long closed are spread back over that
    many whole reporting years before the current one, or three years if that is longer."""
    if not repairs:
        return Made(0, 0)
    builder = _Repairs(rng, at, home_ids, lead_resident_ids, years)
    homes = job_homes(rng, len(home_ids), repairs)
    # Millions of short-lived rows and no reference cycles among them: the cyclic garbage
    # collector would only rescan them, batch after batch.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for first in range(0, repairs, BATCH):
            for number in range(first, min(repairs, first + BATCH)):
                builder.repair(homes[number])
            builder.flush()
            done = min(repairs, first + BATCH)
            if done % 50_000 == 0 or done == repairs:
                report(f"  {done:,} of {repairs:,} repairs ({builder.overdue:,} overdue)")
    finally:
        if collecting:
            gc.enable()
    builder.references.save()
    return Made(repairs, builder.overdue)


# The rows in the order they go in: each row's references first.
ROWS = (
    Timeline,
    Case,
    Repair,
    Hazard,
    WorkOrder,
    Appointment,
    Visit,
    AccessAttempt,
    ClockPause,
    Deadline,
    Event,
)


class _Repairs:
    """Builds repairs with their cases, timelines, work orders, visits and deadlines; inserts
    a batch at a time."""

    def __init__(
        self,
        rng: random.Random,
        at: datetime,
        home_ids: array,
        lead_resident_ids: array,
        years: int = 1,
    ) -> None:
        self.rng, self.at = rng, at
        self.home_ids, self.lead_resident_ids = home_ids, lead_resident_ids
        self.policy = policy.repair_policy()
        self.awaab = policy.awaab_timescales()
        self.entries = [self.policy.entry(code) for code in CATEGORY_WEIGHTS]
        self.entry_weights = list(CATEGORY_WEIGHTS.values())
        self.rules = {e.code: self._rule(e) for e in self.entries}
        self.update_rule = _Rule(working_days=self.policy.update_every_working_days)
        self.investigate_rule = _Rule(working_days=self.awaab.investigate_working_days)
        every = {*self.rules.values(), self.update_rule}
        self.clock = _Clock(at, {r for r in every if r is not None}, years)
        self.planners, self.contractors = planners_create(), contractors_create()
        self.references = _References()
        self.ids = {model: bulk.Ids(model) for model in ROWS if model is not Event}
        self.overdue = 0
        self.statuses, self.weights = zip(*STATUS_MIX, strict=True)
        self._rows: dict[type, list[_Row]] = {model: [] for model in ROWS}
        self._defaults = {model: _defaults(model) for model in ROWS}
        self._names = {
            user.pk: user.get_full_name() or user.get_username() for user in self.planners
        }

    def _rule(self, entry: CatalogueEntry) -> _Rule | None:
        if entry.route != RESPONSIVE:
            return None
        priority = self.policy.priority(entry.priority)
        return _Rule(hours=priority.hours, working_days=priority.working_days)

    # One repair -------------------------------------------------------------------------------

    def repair(self, home: int) -> None:
        rng = self.rng
        entry = rng.choices(self.entries, weights=self.entry_weights)[0]
        rule = self.rules[entry.code]
        status = rng.choices(self.statuses, weights=self.weights)[0]
        if rule is None:  # no responsive timescale: with the planned programme, or long done
            status = rules.PLANNED if status in rules.OPEN_STATUSES else status
        elif status == rules.PLANNED:
            status = rules.TRIAGED
        missed = status in WORKING and rng.random() < OVERDUE_SHARE
        reported_at = self._reported_at(status, rule, missed)
        story = self._report(home, entry, rule, status, reported_at)
        actor = rng.choice(self.planners)
        if status == rules.CANCELLED:
            self._cancel(story, self.clock.later(reported_at, rng, 0, 3), actor)
        elif status != rules.REPORTED:
            self._steps(story, status, rule, actor)
        if missed:
            self._miss(story)
        self._settle_due_soon(story)
        self._keep(story)

    def _reported_at(self, status: str, rule: _Rule | None, missed: bool) -> datetime:
        clock, rng = self.clock, self.rng
        if rule is None:
            rule = self.update_rule
        if status in (rules.REPORTED, rules.TRIAGED, rules.IN_PROGRESS, rules.PLANNED):
            starts = (clock.missed_starts if missed else clock.open_starts)[rule]
            return rng.choice(starts)
        if status in (rules.PAUSED, rules.COMPLETED):
            return rng.choice(clock.lately)
        return rng.choice(clock.long_ago)

    def _report(
        self, home: int, entry: CatalogueEntry, rule: _Rule | None, status: str, at: datetime
    ) -> _Story:
        rng = self.rng
        reference = self.references.next(CaseKind.REPAIR, timezone.localtime(at).year)
        channel = rng.choice(_CHANNELS)
        vulnerable = rng.random() < 0.12
        description = _DETAILS[entry.code]
        case = self._new(
            Case,
            id=self.ids[Case].take(),
            reference=reference,
            kind=CaseKind.REPAIR,
            title=entry.label,
            timeline_id=self.ids[Timeline].take(),
            home_id=self.home_ids[home],
            resident_id=self.lead_resident_ids[home],
            opened_at=at,
        )
        priority = self.policy.priority(entry.priority)
        repair = self._new(
            Repair,
            id=self.ids[Repair].take(),
            case_id=case.id,
            status=status,
            location=Location.HOME,
            category=entry.code,
            trade=entry.trade,
            route=entry.route,
            priority=priority.code,
            is_emergency=priority.is_emergency,
            safety=entry.safety,
            hazard=entry.hazard,
            description=description,
            reported_channel=channel,
            vulnerability_asked_at=at,
            vulnerability_answer=rng.choice(_VULNERABILITIES) if vulnerable else "",
            vulnerability_flag=vulnerable,
            responsible="" if rule else "Planned investment team",
        )
        story = _Story(case, repair, entry)
        self._event(
            story,
            "case.opened",
            f"Repair reported: {description}",
            at,
            data={
                "reference": reference,
                "title": entry.label,
                "category": entry.code,
                "priority": priority.code,
                "vulnerable": vulnerable,
                "location": Location.HOME,
            },
            channel=channel,
        )
        if rule is None:
            self._promise(story, "repair.update", "Give you an update on the repair", at)
        else:
            deadline = self._promise(story, "repair.complete", "Complete the repair", at, rule)
            repair.target_due_at = deadline.due_at
        if entry.hazard == DAMP_MOULD:
            self._hazard(story, at)
        return story

    # Steps ------------------------------------------------------------------------------------

    def _steps(self, story: _Story, status: str, rule: _Rule | None, actor: User) -> None:
        rng, clock, reported = self.rng, self.clock, story.case.opened_at
        emergency = rule is not None and rule.hours is not None
        triaged_at = min(clock.later(reported, rng, 0, 0 if emergency else 1), self._last())
        self._event(
            story,
            "repair.triaged",
            f"Triaged: {self.policy.priority(story.repair.priority).label.lower()} priority.",
            triaged_at,
            actor=actor,
            data={"priority": story.repair.priority},
            visibility=Visibility.STAFF,
        )
        if status == rules.TRIAGED:
            return
        if status == rules.PLANNED:
            story.repair.programme = "Kitchen and bathroom replacement programme"
            story.repair.planned_for = (self.at + timedelta(days=rng.randint(60, 300))).date()
            self._event(
                story,
                "repair.planned",
                "Handed to the kitchen and bathroom replacement programme: we will keep you "
                "updated.",
                triaged_at,
                actor=actor,
                data={"programme": story.repair.programme},
            )
            return
        order = self._work_order(story, triaged_at, actor)
        if status == rules.IN_PROGRESS:
            if rng.random() < 0.6:
                self._appointment(story, order, triaged_at, actor)
            return
        if status == rules.PAUSED:
            self._no_access(story, order, clock.later(triaged_at, rng, 1, 5), actor)
            return
        # Completed, then confirmed and closed.
        days = (0, 1) if emergency else (1, 25)
        done = min(clock.later(triaged_at, rng, *days), self._last())
        self._complete(story, order, done, actor)
        if status == rules.CLOSED:
            self._close(story, min(clock.later(done, rng, 1, 10), self._last()))

    def _last(self) -> datetime:
        return self.clock.moments[-1]

    def _work_order(self, story: _Story, at: datetime, actor: User) -> WorkOrder:
        rng, repair = self.rng, story.repair
        contractor = rng.choice(self.contractors) if rng.random() < 0.4 else None
        order = self._new(
            WorkOrder,
            id=self.ids[WorkOrder].take(),
            repair_id=repair.id,
            number=1,
            contractor_id=contractor.pk if contractor else None,
            in_house_team="" if contractor else f"In-house {repair.trade} team",
            trade=repair.trade,
            instructions=f"{repair.description} Please attend and put right.",
            status=WorkOrderStatus.ISSUED,
            vulnerability_notes=repair.vulnerability_answer,
            issued_at=at,
            issued_by_id=actor.pk,
        )
        story.work_order = order
        self._rows[WorkOrder].append(order)
        self._event(
            story,
            "work_order.issued",
            f"Work order {story.case.reference}/1 issued to "
            f"{contractor.name if contractor else order.in_house_team}.",
            at,
            actor=actor,
            data={"work_order": 1, "trade": repair.trade},
        )
        return order

    def _appointment(self, story: _Story, order: WorkOrder, at: datetime, actor: User) -> None:
        day = (self.at + timedelta(days=self.rng.randint(_APPOINTMENT_AFTER_DAYS, 12))).date()
        starts = datetime.combine(day, time(self.rng.choice((8, 12))), tzinfo=self.clock.zone)
        ends = starts + timedelta(hours=4)
        self._rows[Appointment].append(
            self._new(
                Appointment,
                id=self.ids[Appointment].take(),
                work_order_id=order.id,
                starts_at=starts,
                ends_at=ends,
                booked_by_id=actor.pk,
            )
        )
        order.status = WorkOrderStatus.APPOINTED
        self._event(
            story,
            "appointment.booked",
            f"Appointment booked: {_words(starts)} to {ends.astimezone(self.clock.zone):%H:%M}.",
            at,
            actor=actor,
            data={"starts_at": _json_moment(starts), "ends_at": _json_moment(ends)},
        )

    def _visit(self, order: WorkOrder, at: datetime, outcome: str, actor: User) -> Visit:
        visit = self._new(
            Visit,
            id=self.ids[Visit].take(),
            work_order_id=order.id,
            operative=self.rng.choice(_OPERATIVES),
            arrived_at=at,
            left_at=at + timedelta(minutes=20 if outcome == VisitOutcome.NO_ACCESS else 90),
            outcome=outcome,
            recorded_by_id=actor.pk,
        )
        self._rows[Visit].append(visit)
        return visit

    def _no_access(self, story: _Story, order: WorkOrder, at: datetime, actor: User) -> None:
        visit = self._visit(order, at, VisitOutcome.NO_ACCESS, actor)
        for minutes, method in ((0, AttemptMethod.KNOCKED), (10, AttemptMethod.PHONED)):
            self._rows[AccessAttempt].append(
                self._new(
                    AccessAttempt,
                    id=self.ids[AccessAttempt].take(),
                    visit_id=visit.id,
                    attempted_at=at + timedelta(minutes=minutes),
                    method=method,
                    card_left=method == AttemptMethod.PHONED,
                )
            )
        reason = (
            f"We could not get in on {_words(at)} (card left). The clock restarts when you "
            "tell us when we can come in."
        )
        self._event(
            story,
            "visit.recorded",
            f"Visit by {visit.operative}: no access.",
            at,
            actor=actor,
            data={"outcome": VisitOutcome.NO_ACCESS, "attempts": 2},
        )
        deadline = story.deadlines[0]
        remaining = max(3600, int((deadline.due_at - at).total_seconds()))
        self._settle(story, deadline, DeadlineStatus.CANCELLED, at, actor, reason=reason)
        self._rows[ClockPause].append(
            self._new(
                ClockPause,
                id=self.ids[ClockPause].take(),
                repair_id=story.repair.id,
                started_at=at,
                reason=reason,
                remaining_seconds=remaining,
            )
        )
        story.repair.target_due_at = None
        self._event(story, "repair.paused", reason, at, actor=actor, data={"reason": reason})

    def _complete(self, story: _Story, order: WorkOrder, at: datetime, actor: User) -> None:
        repair = story.repair
        visit = self._visit(order, at, VisitOutcome.COMPLETED, actor)
        order.status, order.completed_at = WorkOrderStatus.COMPLETED, at
        deadline = story.deadlines[0]
        late = at > deadline.due_at
        status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET
        self._settle(story, deadline, status, at, actor)
        repair.completed_at = at
        repair.met_target = (not late) if repair.route == RESPONSIVE else None
        repair.cost_pence = self.rng.randint(40, 900) * 100
        self._event(
            story,
            "repair.completed",
            f"Visit by {visit.operative}: work completed. Please tell us if the work is done "
            "to your satisfaction.",
            at,
            actor=actor,
            data={"outcome": VisitOutcome.COMPLETED, "met_target": repair.met_target},
        )
        if repair.hazard == DAMP_MOULD and len(story.deadlines) > 1:
            investigated = story.deadlines[1]  # found and treated with the repair itself
            late = at > investigated.due_at
            status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET
            self._settle(story, investigated, status, at, actor)

    def _close(self, story: _Story, at: datetime) -> None:
        repair = story.repair
        repair.resident_verdict = ResidentVerdict.CONFIRMED
        repair.satisfaction = self.rng.choices((1, 2, 3, 4, 5), weights=(5, 7, 15, 35, 38))[0]
        repair.closed_at = at
        self._event(
            story,
            "repair.closed",
            f"You confirmed the work is done (satisfaction {repair.satisfaction} of 5): "
            "repair closed.",
            at,
            data={"verdict": ResidentVerdict.CONFIRMED, "satisfaction": repair.satisfaction},
            channel=Channel.PORTAL,
        )

    def _cancel(self, story: _Story, at: datetime, actor: User) -> None:
        reason = "The resident fixed it themselves."
        for deadline in story.deadlines:
            self._settle(story, deadline, DeadlineStatus.CANCELLED, at, actor, reason=reason)
        story.repair.target_due_at = None
        story.repair.closed_at = at
        self._event(
            story,
            "repair.cancelled",
            f"Repair cancelled: {reason}",
            at,
            actor=actor,
            data={"reason": reason},
        )

    def _hazard(self, story: _Story, at: datetime) -> None:
        self._rows[Hazard].append(
            self._new(
                Hazard,
                id=self.ids[Hazard].take(),
                repair_id=story.repair.id,
                kind=DAMP_MOULD,
                aware_at=at,
            )
        )
        self._promise(
            story, "awaab.investigate", "Investigate the hazard", at, self.investigate_rule
        )

    def _settle_due_soon(self, story: _Story) -> None:
        """A promise still open that falls due before a sweep run soon after would look was
        kept: the investigation done, say, a day before it was due (or as soon as it could)."""
        for deadline in story.deadlines:
            if deadline.status == DeadlineStatus.OPEN and deadline.due_at < self.at + _DUE_AFTER:
                latest = story.events[-1].occurred_at
                met_at = max(latest, min(deadline.due_at - timedelta(days=1), self._last()))
                late = met_at > deadline.due_at
                status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET
                self._settle(story, deadline, status, met_at, None)

    def _miss(self, story: _Story) -> None:
        """The completion promise was missed: the sweep found it (the job stays owed)."""
        missed = story.deadlines[0]
        found_at = self.clock.missed_at(missed.due_at)
        missed.status, missed.missed_at = DeadlineStatus.MISSED, found_at
        self._event(
            story,
            "deadline.missed",
            f"Missed: {missed.label} (was due by {_words(missed.due_at)})",
            max(found_at, story.events[-1].occurred_at),
            data={
                "deadline_id": missed.id,
                "duty": missed.duty,
                "due_at": _json_moment(missed.due_at),
            },
        )
        self.overdue += 1

    # Rows and events --------------------------------------------------------------------------

    def _promise(
        self, story: _Story, duty: str, label: str, started_at: datetime, rule: _Rule | None = None
    ) -> Deadline:
        due_at, basis = (rule or self.update_rule).due(started_at)
        deadline = self._new(
            Deadline,
            id=self.ids[Deadline].take(),
            case_id=story.case.id,
            duty=duty,
            label=label,
            started_at=started_at,
            due_at=due_at,
            original_due_at=due_at,
            basis=basis,
        )
        story.deadlines.append(deadline)
        self._event(
            story,
            "deadline.opened",
            f"{label}: due by {_words(due_at)}",
            started_at,
            data={
                "deadline_id": deadline.id,
                "duty": duty,
                "due_at": _json_moment(due_at),
                "basis": basis,
            },
        )
        return deadline

    def _settle(
        self,
        story: _Story,
        deadline: Deadline,
        status: str,
        at: datetime,
        actor: User | None,
        *,
        reason: str = "",
    ) -> None:
        deadline.status = status
        if status == DeadlineStatus.CANCELLED:
            kind, summary = "deadline.cancelled", f"No longer needed: {deadline.label}."
            data = {"deadline_id": deadline.id, "reason": reason}
        else:
            deadline.met_at = at
            done = "Done late" if status == DeadlineStatus.MET_LATE else "Done on time"
            kind, summary = "deadline.met", f"{done}: {deadline.label}"
            data = {"deadline_id": deadline.id, "duty": deadline.duty, "status": status}
        self._event(story, kind, summary, at, actor=actor, data=data)

    def _new(self, model: type, **values: Any) -> _Row:
        return SimpleNamespace(**{**self._defaults[model], **values})

    def _event(
        self,
        story: _Story,
        kind: str,
        summary: str,
        at: datetime,
        *,
        data: dict[str, Any],
        actor: User | None = None,
        channel: str = Channel.SYSTEM,
        visibility: str = Visibility.RESIDENT,
    ) -> None:
        """An event as `records.services` builds it; `data` holds only JSON types, with
        moments written as stored (`_json_moment`), so it is already canonical."""
        actor_id = actor.pk if actor is not None else None
        actor_name = self._names[actor_id] if actor_id else SYSTEM_ACTOR_NAME
        story.events.append(
            chained_event(
                story.events[-1] if story.events else None,
                timeline_id=story.case.timeline_id,
                at=at,
                actor_id=actor_id,
                actor_name=actor_name,
                channel=channel,
                kind=kind,
                summary=summary,
                data=data,
                visibility=visibility,
            )
        )

    def _keep(self, story: _Story) -> None:
        rows = self._rows
        owed = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
        story.repair.next_due_at = min(
            (d.due_at for d in story.deadlines if d.status in owed and d.duty in QUEUE_DUTIES),
            default=None,
        )
        rows[Timeline].append(
            self._new(
                Timeline,
                id=story.case.timeline_id,
                subject=story.case.reference,
                length=len(story.events),
                head_hash=story.events[-1].hash,
            )
        )
        rows[Case].append(story.case)
        rows[Repair].append(story.repair)
        rows[Deadline].extend(story.deadlines)
        rows[Event].extend(story.events)

    def flush(self) -> None:
        postgres = connection.vendor == "postgresql"
        for model, rows in self._rows.items():  # in this order: each row's references first
            if not postgres:
                rows[:] = [model(**vars(row)) for row in rows]
            if model is Event:
                records_bulk.events_insert(rows)
            else:
                bulk.copy_insert(model, rows)  # COPY reads the namespaces' attributes
            rows.clear()
        bulk.forget_queries()


def _defaults(model: type) -> dict[str, Any]:
    """Every column of the model with its default (none for the key and the stamps), so that a
    namespace has what COPY writes."""
    if model is Event:
        return {}
    return {
        f.attname: None if f.primary_key or isinstance(f, DateTimeField) else f.get_default()
        for f in model._meta.concrete_fields
    }
