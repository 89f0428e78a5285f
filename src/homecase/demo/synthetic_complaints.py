"""Synthetic complaints, in bulk, for the officer queue benchmark and load tests.

Each complaint is what `complaints.services` would have recorded, step by step: the case and
its timeline ("case.opened", "complaint.received"), its stages with their officers, definitions
and responses, and its promises (`records.Deadline`, the duties `complaint.stage1.acknowledge`
and so on), each with its "deadline.opened", "deadline.met" or "deadline.cancelled" event, all
chained with `records.services._build_event`. Statuses are spread as on a busy landlord's books.

An exact share of the complaints still being handled is overdue: its current promise was
missed recently, and (as `missed_promises_follow_up` does) apologised for with a new date, a
`MissedPromise` and a new open deadline. Every open deadline falls due more than a day after
now, so a sweep run soon after marks none of them and follows none up: the sweep benchmark's
figures stay those of `synthetic_cases.py`. The queue shows the overdue ones red.
"""

import functools
import gc
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import Role, User
from homecase.complaints.models import (
    Complaint,
    ComplaintStatus,
    Exclusion,
    MissedPromise,
    Point,
    Stage,
)
from homecase.complaints.services._common import ACKNOWLEDGE, LABELS, RESPOND
from homecase.demo import bulk
from homecase.demo.synthetic_cases import TITLES, _due_summary, _References
from homecase.policy import selectors as policy
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
from homecase.records.services import _build_event, _local

OFFICERS = 12
OFFICER_USERNAME = "officer{:02d}@synthetic.example.org"
BATCH = 2_000
# The share of each status, as on a large landlord's books over a year or so.
STATUS_MIX = (
    (ComplaintStatus.RECEIVED, 6),
    (ComplaintStatus.STAGE_1, 22),
    (ComplaintStatus.STAGE_1_RESPONDED, 40),
    (ComplaintStatus.STAGE_2_REQUESTED, 2),
    (ComplaintStatus.STAGE_2, 5),
    (ComplaintStatus.STAGE_2_RESPONDED, 15),
    (ComplaintStatus.REFUSED, 5),
    (ComplaintStatus.WITHDRAWN, 5),
)
OPEN = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.STAGE_1,
    ComplaintStatus.STAGE_2_REQUESTED,
    ComplaintStatus.STAGE_2,
)
_DAYS_BACK = 400
_HOURS = (9, 12, 15)
_DUE_AFTER = timedelta(days=1)  # open promises: none falls due before a sweep run soon after
_OVERDUE_BY = timedelta(hours=1)
_CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.PORTAL, Channel.EMAIL, Channel.LETTER)
_DECISIONS = ("upheld", "partly_upheld", "not_upheld")


@dataclass(frozen=True)
class Made:
    complaints: int
    overdue: int


@functools.lru_cache(maxsize=65_536)
def _due(start: datetime, days: int) -> tuple[datetime, dict]:
    due_at, basis = policy.due_within_working_days(start, days)
    return due_at, chain.canonical_data(basis)


class _Clock:
    """Moments things may have happened (three a day over the last 400 days, or back to the
    first of `years` whole reporting years), and, for each rule, those whose promise falls due
    safely after now or was missed recently."""

    def __init__(self, at: datetime, years: int = 1) -> None:
        zone = policy.landlord_time_zone()
        self.at, self.zone = at, zone
        today = at.astimezone(zone).date()
        days_back = _DAYS_BACK
        if years > 1:
            days_back = max(days_back, (today - first_reporting_day(today, years)).days)
        self.moments = [
            datetime.combine(today - timedelta(days=back), time(hour, 30), tzinfo=zone)
            for back in range(days_back, -1, -1)
            for hour in _HOURS
        ]
        self.moments = [m for m in self.moments if m < at - timedelta(minutes=10)]
        self._index = {m: i for i, m in enumerate(self.moments)}
        self.timescales = policy.complaint_timescales()
        self.open_starts: dict[int, list[datetime]] = {}
        self.missed_starts: dict[int, list[datetime]] = {}
        for rule in _OPEN_RULE.values():
            self._sort(rule(self.timescales))

    def _sort(self, days: int) -> None:
        recent = self.moments[-3 * 60 :]
        self.open_starts[days] = [m for m in recent if _due(m, days)[0] > self.at + _DUE_AFTER]
        self.missed_starts[days] = [
            m
            for m in recent
            if _due(m, days)[0] < self.at - _OVERDUE_BY
            and _due(self.missed_at(m, days), self.timescales.new_date_after_miss_days)[0]
            > self.at + _DUE_AFTER
        ]

    def missed_at(self, start: datetime, days: int) -> datetime:
        """When the sweep (run every morning) found the promise missed."""
        due = _due(start, days)[0].astimezone(self.zone)
        morning = datetime.combine(due.date() + timedelta(days=1), time(6), tzinfo=self.zone)
        return min(morning, self.at - timedelta(minutes=5))

    def before(self, moment: datetime, rng: random.Random, low: int, high: int) -> datetime:
        """A moment `low` to `high` days before `moment` (never before the first one)."""
        index = self._index.get(moment, len(self.moments) - 1)
        return self.moments[max(0, index - rng.randint(low * 3, high * 3))]


def first_reporting_day(today: date, years: int) -> date:
    """1 April of the first of `years` whole reporting years (1 April - 31 March) before the
    one `today` falls in: with 10 on 23 November 2026, 1 April 2016."""
    current = today.year if today.month >= 4 else today.year - 1
    return date(current - years, 4, 1)


@dataclass
class _Story:
    """One complaint's rows as they build up, with its timeline's events in order."""

    case: Case
    complaint: Complaint
    events: list[Event] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


def officers_create() -> list[User]:
    """The complaint officers the synthetic complaints are handled by (left alone if there)."""
    group, _ = Group.objects.get_or_create(name=Role.COMPLAINT_OFFICER)
    officers = []
    for number in range(1, OFFICERS + 1):
        user, _ = User.objects.get_or_create(
            username=OFFICER_USERNAME.format(number),
            defaults={
                "email": OFFICER_USERNAME.format(number),
                "first_name": "Officer",
                "last_name": f"{number:02d}",
            },
        )
        user.groups.add(group)
        officers.append(user)
    return officers


@transaction.atomic
def generate(
    *,
    rng: random.Random,
    complaints: int,
    overdue_share: float,
    at: datetime,
    home_ids: array,
    lead_resident_ids: array,
    report: Callable[[str], None],
    years: int = 1,
) -> Made:
    """Make the complaints; with `years` above 1, those closed are spread back over that many
    whole reporting years before the current one (`first_reporting_day`), and those still
    open are as many and as recent as with one year, so the queue is the same size."""
    if not complaints:
        return Made(0, 0)
    builder = _Complaints(
        rng, at, home_ids, lead_resident_ids, officers_create(), overdue_share, years
    )
    # Hundreds of thousands of short-lived rows and no reference cycles among them: the cyclic
    # garbage collector would only rescan them, batch after batch.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for first in range(0, complaints, BATCH):
            for _ in range(first, min(complaints, first + BATCH)):
                builder.complaint()
            builder.flush()
            done = min(complaints, first + BATCH)
            if done % 20_000 == 0 or done == complaints:
                report(f"  {done:,} of {complaints:,} complaints ({builder.overdue:,} overdue)")
    finally:
        if collecting:
            gc.enable()
    builder.references.save()
    return Made(complaints, builder.overdue)


class _Complaints:
    """Builds complaints with their cases, timelines, stages and deadlines; inserts a batch at
    a time."""

    def __init__(
        self,
        rng: random.Random,
        at: datetime,
        home_ids: array,
        lead_resident_ids: array,
        officers: list[User],
        overdue_share: float,
        years: int = 1,
    ) -> None:
        self.rng, self.at, self.clock = rng, at, _Clock(at, years)
        self.home_ids, self.lead_resident_ids = home_ids, lead_resident_ids
        self.officers, self.overdue_share = officers, overdue_share
        self.references = _References()
        self.ids = {
            model: bulk.Ids(model)
            for model in (Case, Timeline, Complaint, Stage, Deadline, Point, MissedPromise)
        }
        self.overdue = 0
        self.statuses, self.weights = zip(*STATUS_MIX, strict=True)
        self._rows: dict[type, list[Any]] = {
            model: [] for model in (Timeline, Case, Complaint, Stage, Point, Deadline, Event)
        }
        self._rows[MissedPromise] = []

    # One complaint ----------------------------------------------------------------------------

    def complaint(self) -> None:
        rng = self.rng
        status = rng.choices(self.statuses, weights=self.weights)[0]
        missed = status in OPEN and rng.random() < self.overdue_share
        steps = _STEPS[status]
        moments = self._moments(status, steps, missed)
        story = self._open(moments[0], status)
        handler = rng.choice(self.officers)
        reviewer = rng.choice([o for o in self.officers if o is not handler])
        for step, moment in zip(steps[1:], moments[1:], strict=True):
            step(self, story, moment, handler if len(story.stages) < 2 else reviewer)
        if missed:
            self._miss(story, _OPEN_RULE[status](self.clock.timescales))
            self.overdue += 1
        self._keep(story)

    def _moments(self, status: str, steps: tuple, missed: bool) -> list[datetime]:
        """When each step happened, working back from the last: an open complaint's current
        promise started recently, a closed one's last step any time in the last year (or, with
        more years, in any of them)."""
        clock, rng = self.clock, self.rng
        if status in OPEN:
            days = _OPEN_RULE[status](clock.timescales)
            starts = (clock.missed_starts if missed else clock.open_starts)[days]
            last = rng.choice(starts)
        else:
            last = rng.choice(clock.moments[3 * 30 : -3])
        moments = [last]
        for gap in reversed(_GAPS[status][: len(steps) - 1]):
            moments.append(clock.before(moments[-1], rng, *gap))
        return moments[::-1]

    def _open(self, received_at: datetime, status: str) -> _Story:
        rng, home = self.rng, self.rng.randrange(len(self.home_ids))
        title = rng.choice(TITLES[CaseKind.COMPLAINT])
        reference = self.references.next(CaseKind.COMPLAINT, timezone.localtime(received_at).year)
        case = Case(
            id=self.ids[Case].take(),
            reference=reference,
            kind=CaseKind.COMPLAINT,
            title=title,
            timeline_id=self.ids[Timeline].take(),
            home_id=self.home_ids[home],
            resident_id=self.lead_resident_ids[home],
            opened_at=received_at,
        )
        channel = rng.choice(_CHANNELS)
        complaint = Complaint(
            id=self.ids[Complaint].take(),
            case_id=case.id,
            status=status,
            received_channel=channel,
            description=f"{title}. I have raised this before and nothing has happened.",
            desired_outcome="Put it right and tell me when.",
        )
        story = _Story(case, complaint)
        self._event(
            story,
            "case.opened",
            f"Complaint received: {title.lower()}",
            received_at,
            data={"reference": reference, "title": title, "related_case": ""},
            channel=channel,
        )
        self._event(
            story,
            "complaint.received",
            "We received your complaint.",
            received_at,
            data={"description": complaint.description, "complainant": "resident"},
            channel=channel,
        )
        self._stage(story, 1, received_at)
        self._promise(
            story, ACKNOWLEDGE[1], received_at, self.clock.timescales.stage1_acknowledge_days
        )
        return story

    # Steps ------------------------------------------------------------------------------------

    def acknowledge(self, story: _Story, at: datetime, officer: User) -> None:
        stage = story.stages[-1]
        stage.officer_id, stage.acknowledged_at = officer.pk, at
        stage.outcomes_sought = "An apology and the problem put right"
        summary = story.case.title
        self._rows[Point].append(
            Point(id=self.ids[Point].take(), stage_id=stage.id, number=1, summary=summary)
        )
        self._event(
            story,
            "complaint.acknowledged",
            f"Stage {stage.number} complaint acknowledged. What we will answer: {summary}",
            at,
            actor=officer,
            data={"stage": stage.number, "points": [summary], "officer": officer.get_full_name()},
        )
        self._meet(story, at, officer)
        days = {1: self.clock.timescales.stage1_response_days}.get(
            stage.number, self.clock.timescales.stage2_response_days
        )
        self._promise(story, RESPOND[stage.number], at, days, actor=officer)

    def respond(self, story: _Story, at: datetime, officer: User) -> None:
        stage = story.stages[-1]
        stage.outcome = self.rng.choice(_DECISIONS)
        stage.explanation = "We looked into each point; our reasons are below."
        stage.responded_at, stage.responded_by_id = at, officer.pk
        if stage.number == 1:
            window = self.clock.timescales.escalation_window_days
            stage.escalate_by = _due(at, window)[0]
        self._event(
            story,
            "complaint.responded",
            f"Stage {stage.number} response sent: complaint {stage.outcome.replace('_', ' ')}.",
            at,
            actor=officer,
            data={"stage": stage.number, "outcome": stage.outcome},
        )
        self._meet(story, at, officer)

    def escalate(self, story: _Story, at: datetime, officer: User) -> None:
        self._stage(story, 2, at)
        self._event(
            story,
            "complaint.escalated",
            "Stage 2 review requested.",
            at,
            data={"reason": "", "late": False},
            channel=Channel.PORTAL,
        )
        self._promise(story, ACKNOWLEDGE[2], at, self.clock.timescales.stage2_acknowledge_days)

    def refuse(self, story: _Story, at: datetime, officer: User) -> None:
        complaint = story.complaint
        complaint.exclusion = Exclusion.ALREADY_CONSIDERED
        complaint.exclusion_explanation = "We answered this complaint last year."
        self._cancel(story, at, officer, "Not accepted")
        self._event(
            story,
            "complaint.refused",
            f"Not accepted as a complaint: {Exclusion(complaint.exclusion).label}.",
            at,
            actor=officer,
            data={"exclusion": complaint.exclusion},
        )

    def withdraw(self, story: _Story, at: datetime, officer: User) -> None:
        story.complaint.withdrawn_reason = "The resident told us it was sorted out."
        self._event(
            story,
            "complaint.withdrawn",
            f"Complaint withdrawn: {story.complaint.withdrawn_reason}",
            at,
            actor=officer,
            data={"reason": story.complaint.withdrawn_reason},
        )
        self._cancel(story, at, officer, "Withdrawn")

    # Rows and events --------------------------------------------------------------------------

    def _stage(self, story: _Story, number: int, requested_at: datetime) -> None:
        story.stages.append(
            Stage(
                id=self.ids[Stage].take(),
                complaint_id=story.complaint.id,
                number=number,
                requested_at=requested_at,
            )
        )

    def _promise(
        self, story: _Story, duty: str, started_at: datetime, days: int, actor: User | None = None
    ) -> Deadline:
        due_at, basis = _due(started_at, days)
        limit = {
            RESPOND[1]: self.clock.timescales.stage1_extension_days,
            RESPOND[2]: self.clock.timescales.stage2_extension_days,
        }.get(duty, 0)
        deadline = Deadline(
            id=self.ids[Deadline].take(),
            case_id=story.case.id,
            duty=duty,
            label=LABELS[duty],
            started_at=started_at,
            due_at=due_at,
            original_due_at=due_at,
            basis=basis,
            extension_limit_working_days=limit,
        )
        story.deadlines.append(deadline)
        self._event(
            story,
            "deadline.opened",
            _due_summary(deadline.label, due_at),
            started_at,
            actor=actor,
            data={"deadline_id": deadline.id, "duty": duty, "due_at": due_at, "basis": basis},
        )
        return deadline

    def _meet(self, story: _Story, at: datetime, actor: User) -> None:
        deadline = story.deadlines[-1]
        late = at > deadline.due_at
        deadline.status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET
        deadline.met_at = at
        self._event(
            story,
            "deadline.met",
            f"{'Done late' if late else 'Done on time'}: {deadline.label}",
            at,
            actor=actor,
            data={
                "deadline_id": deadline.id,
                "duty": deadline.duty,
                "status": deadline.status,
                "due_at": deadline.due_at,
                "met_at": at,
            },
        )

    def _cancel(self, story: _Story, at: datetime, actor: User, reason: str) -> None:
        deadline = story.deadlines[-1]  # the promise still open: acknowledge, or respond
        deadline.status = DeadlineStatus.CANCELLED
        self._event(
            story,
            "deadline.cancelled",
            f"No longer needed: {deadline.label}. Reason: {reason}",
            at,
            actor=actor,
            data={"deadline_id": deadline.id, "reason": reason},
        )

    def _miss(self, story: _Story, rule_days: int) -> None:
        """The current promise was missed; the sweep found it and we apologised with a new
        date, as `missed_promises_follow_up` does."""
        missed = story.deadlines[-1]
        days = self.clock.timescales.new_date_after_miss_days
        found_at = self.clock.missed_at(missed.started_at, rule_days)
        missed.status, missed.missed_at = DeadlineStatus.MISSED, found_at
        self._event(
            story,
            "deadline.missed",
            f"Missed: {missed.label} (was due by {_local(missed.due_at)})",
            found_at,
            data={"deadline_id": missed.id, "duty": missed.duty, "due_at": missed.due_at},
        )
        new = self._promise(story, missed.duty, found_at, days)
        new.extension_limit_working_days = missed.extension_limit_working_days
        self._rows[MissedPromise].append(
            MissedPromise(
                id=self.ids[MissedPromise].take(), deadline_id=missed.id, new_deadline_id=new.id
            )
        )
        self._event(
            story,
            "complaint.apology",
            f"We are sorry: we did not {missed.label[0].lower()}{missed.label[1:]} by "
            f"{_local_date(missed.due_at)}. We will now do it by {_local_date(new.due_at)}.",
            found_at,
            data={"deadline_id": missed.id, "new_deadline_id": new.id},
        )

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
    ) -> None:
        previous = story.events[-1] if story.events else None
        story.events.append(
            _build_event(
                timeline_id=story.case.timeline_id,
                sequence=previous.sequence + 1 if previous else 1,
                prev_hash=previous.hash if previous else chain.GENESIS,
                actor=actor,
                data=data,
                occurred_at=at,
                recorded_at=at,
                backdate_reason="",
                channel=channel,
                kind=kind,
                summary=summary,
                visibility=Visibility.RESIDENT,
            )
        )

    def _keep(self, story: _Story) -> None:
        rows = self._rows
        rows[Timeline].append(
            Timeline(
                id=story.case.timeline_id,
                subject=story.case.reference,
                length=len(story.events),
                head_hash=story.events[-1].hash,
            )
        )
        rows[Case].append(story.case)
        rows[Complaint].append(story.complaint)
        rows[Stage].extend(story.stages)
        rows[Deadline].extend(story.deadlines)
        rows[Event].extend(story.events)

    def flush(self) -> None:
        for model, rows in self._rows.items():  # in this order: each row's references first
            if model is Event:  # the most rows by far: COPY on PostgreSQL, as the sweep does
                records_bulk.events_insert(rows)
            else:
                bulk.copy_insert(model, rows)
            rows.clear()
        bulk.forget_queries()


def _local_date(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y")


_ack, _respond = _Complaints.acknowledge, _Complaints.respond
_escalate, _refuse, _withdraw = _Complaints.escalate, _Complaints.refuse, _Complaints.withdraw
_RECEIVE = None  # the first step: the complaint arrives (see `_Complaints._open`)
# What happened to a complaint in each status, in order.
_STEPS: dict[str, tuple] = {
    ComplaintStatus.RECEIVED: (_RECEIVE,),
    ComplaintStatus.STAGE_1: (_RECEIVE, _ack),
    ComplaintStatus.STAGE_1_RESPONDED: (_RECEIVE, _ack, _respond),
    ComplaintStatus.STAGE_2_REQUESTED: (_RECEIVE, _ack, _respond, _escalate),
    ComplaintStatus.STAGE_2: (_RECEIVE, _ack, _respond, _escalate, _ack),
    ComplaintStatus.STAGE_2_RESPONDED: (_RECEIVE, _ack, _respond, _escalate, _ack, _respond),
    ComplaintStatus.REFUSED: (_RECEIVE, _refuse),
    ComplaintStatus.WITHDRAWN: (_RECEIVE, _ack, _withdraw),
}
# Calendar days between one step and the next (low, high), in the same order.
_STAGE_GAPS = ((1, 7), (5, 16), (1, 25), (1, 7), (10, 30))
_GAPS: dict[str, tuple[tuple[int, int], ...]] = {
    status: ((1, 5),) if status == ComplaintStatus.REFUSED else _STAGE_GAPS
    for status in ComplaintStatus.values
}
# The rule (working days) of the promise an open complaint is waiting on.
_OPEN_RULE: dict[str, Callable[[Any], int]] = {
    ComplaintStatus.RECEIVED: lambda t: t.stage1_acknowledge_days,
    ComplaintStatus.STAGE_1: lambda t: t.stage1_response_days,
    ComplaintStatus.STAGE_2_REQUESTED: lambda t: t.stage2_acknowledge_days,
    ComplaintStatus.STAGE_2: lambda t: t.stage2_response_days,
}
