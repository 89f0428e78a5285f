"""Synthetic anti-social behaviour cases, in bulk, for the ASB queue and "Your ASB reports"
benchmarks, the TSM return's NM01 and load tests.

Each case is what `asb.services` would have recorded, step by step: the report (an `A-…` case
and its timeline: "case.opened", the people in it, "asb.reported", the named officer), the
intake risk assessment with the first-contact, risk-review and action-plan promises it opens,
the first contact with the victim (keeping the first-contact promise, opening the next agreed
contact), the action plan (actions with owners, partners and agreed dates, the plan promise
kept by the first action agreed with the victim), further reports joining the case, and for
a closed case the actions done, the case closed with a reason and the victim's view, and
sometimes the victim's satisfaction. A few further reports were first opened as cases of
their own and then joined to the case about the same matter (NM01 counts cases, not those).
Every event is hashed and chained by `records.chain.event_hash`, exactly as
`records.services` does, so `homecase verify-records` verifies the lot.

Most cases are long closed, spread over the years the repairs are (`synthetic_repairs._Clock`):
back to the first of `years` whole reporting years, or three years if that is longer. The
open ones are recent. A few have missed their first contact (already marked missed, as the
sweep would have); every other open promise falls due after the sweep benchmark's run, so
`homecase sweep` marks none of them and the sweep's figures stay those of `synthetic_cases.py`.

Speed: rows are plain namespaces with the model's columns, COPY on PostgreSQL and model
instances for `bulk_create` on SQLite, as `synthetic_repairs.py` does.
"""

import gc
import itertools
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from homecase.accounts.models import Role, User
from homecase.asb import rules
from homecase.asb.models import (
    ActionKind,
    ActionStatus,
    AsbAction,
    AsbCase,
    AsbParty,
    AsbReport,
    AssessmentStage,
    Behaviour,
    ClosureReason,
    HateMotivation,
    Location,
    Partner,
    PartnerKind,
    PartyRole,
    RiskAssessment,
)
from homecase.asb.services import _common as duties
from homecase.clock import DeadlineBasis, end_of_local_day
from homecase.clock import due_within_working_days as clock_due_within
from homecase.demo import bulk
from homecase.demo.synthetic_cases import _References
from homecase.demo.synthetic_repairs import (
    _DUE_AFTER,
    _Clock,
    _defaults,
    _json_moment,
    _Row,
    _words,
    chained_event,
)
from homecase.housing.models import Home, Resident
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
from homecase.records.services import SYSTEM_ACTOR_NAME

OFFICERS = 8
OFFICER_USERNAME = "asb{:02d}@synthetic.example.org"
PARTNERS = (
    ("Synthetic Police Neighbourhood Team", PartnerKind.POLICE),
    ("Synthetic Council ASB Team", PartnerKind.COUNCIL_ASB),
    ("Synthetic Safer Neighbourhood Team", PartnerKind.SAFER_NEIGHBOURHOOD),
    ("Synthetic Adult Social Care", PartnerKind.SOCIAL_CARE),
    ("Synthetic Community Mediation", PartnerKind.MEDIATION),
)
BATCH = 2_000
OPEN_SHARE = 0.15
HATE_SHARE = 0.06
JOINED_SHARE = 0.03
# A further report is joined at a case's first contact: nearly every case has one.
_JOIN_CHANCE = JOINED_SHARE / (1 - JOINED_SHARE) / 0.96
PERPETRATOR_SHARE = 0.5
# Risk levels of the cases that are not hate incidents (those are always high risk), so that
# about 15% of all cases are high risk, 35% medium and the rest standard.
RISK_MIX = ((rules.HIGH, 10), (rules.MEDIUM, 37), (rules.STANDARD, 53))
# Open cases: most have had their first contact and are being worked; some were reported in
# the last few days and wait for it; a few have missed it.
OPEN_MIX = (("working", 75), ("new", 20), ("missed", 5))
# A few residents report again and again: BUSY_SHARE of the homes make BUSY_CASES of them.
BUSY_SHARE = 0.02
BUSY_CASES = 0.25
BEHAVIOURS = {
    Behaviour.NOISE: 30,
    Behaviour.DRUGS: 10,
    Behaviour.HARASSMENT: 9,
    Behaviour.INTIMIDATION: 6,
    Behaviour.VIOLENCE: 3,
    Behaviour.VANDALISM: 8,
    Behaviour.SQUATTING: 2,
    Behaviour.RUBBISH: 8,
    Behaviour.ALCOHOL: 6,
    Behaviour.ANIMALS: 5,
    Behaviour.VEHICLES: 6,
    Behaviour.OTHER: 3,
}
_DESCRIPTIONS = {
    Behaviour.NOISE: "Loud music and shouting from next door late every night.",
    Behaviour.DRUGS: "People dealing drugs in the stairwell; needles left on the landing.",
    Behaviour.HARASSMENT: "A neighbour keeps shouting abuse at me when I go out.",
    Behaviour.INTIMIDATION: "A group waits by the entrance and threatens people going in.",
    Behaviour.VIOLENCE: "I was pushed and hit outside my front door.",
    Behaviour.VANDALISM: "The entrance door and the lift were smashed again.",
    Behaviour.SQUATTING: "People are sleeping in the bin store and the top landing.",
    Behaviour.RUBBISH: "Bags of rubbish and a mattress dumped by the bins.",
    Behaviour.ALCOHOL: "Drinking and fighting in the car park every weekend.",
    Behaviour.ANIMALS: "A dog barks all day and fouls the shared garden.",
    Behaviour.VEHICLES: "Cars racing round the estate and blocking the access road.",
    Behaviour.OTHER: "Fireworks thrown at windows.",
    Behaviour.HATE: "Racist abuse shouted at my family and graffiti on our door.",
}
_WHERE = {
    Location.BLOCK: ("Stairwell and landings", "Main entrance", "Lift and lobby"),
    Location.ESTATE: ("Car park", "Play area", "Shops on the estate", "Access road"),
}
_PERPETRATORS = (
    "Group of young people, names not known",
    "Man in his thirties, often with a dog",
    "Visitors to a flat in the block",
    "Not known",
)
_CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.PORTAL, Channel.EMAIL)
_CONTACT_CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.VISIT, Channel.EMAIL)
# Actions with their description and, for some, the partner kind that owns them with us.
_ACTIONS = (
    (ActionKind.SITE_VISIT, "Visit and see the problem for ourselves.", None),
    (ActionKind.SPEAK_TO_NEIGHBOURS, "Speak to other residents nearby.", None),
    (ActionKind.WARNING_LETTER, "Send a warning letter about the behaviour.", None),
    (ActionKind.ABC, "Agree an acceptable behaviour agreement.", None),
    (ActionKind.MEDIATION, "Offer mediation to both households.", PartnerKind.MEDIATION),
    (ActionKind.PARTNER_REFERRAL, "Refer to the council ASB team.", PartnerKind.COUNCIL_ASB),
    (
        ActionKind.PATROLS,
        "Ask the safer neighbourhood team for patrols.",
        PartnerKind.SAFER_NEIGHBOURHOOD,
    ),
    (
        ActionKind.POLICE_REPORT,
        "Report it to the police on the victim's behalf.",
        PartnerKind.POLICE,
    ),
    (ActionKind.VICTIM_SUPPORT, "Put the victim in touch with support.", None),
    (ActionKind.SECURITY_WORKS, "Repair the entrance door and fit a new lock.", None),
    (ActionKind.LEGAL, "Apply for an injunction.", None),
)
_CLOSURES = {
    ClosureReason.RESOLVED: 35,
    ClosureReason.NO_FURTHER_INCIDENTS: 25,
    ClosureReason.INSUFFICIENT_EVIDENCE: 10,
    ClosureReason.VICTIM_WITHDREW: 8,
    ClosureReason.PERPETRATOR_MOVED: 7,
    ClosureReason.LEGAL_ACTION: 5,
    ClosureReason.LEAD_AGENCY: 7,
    ClosureReason.OTHER: 3,
}
_VICTIM_VIEWS = (
    "Happy for the case to close: it has stopped.",
    "Agrees to close; will report again if it starts.",
    "Not happy, but understands why.",
    "Relieved; thanked the officer.",
)
_SATISFACTION = ((1, 10), (2, 12), (3, 20), (4, 30), (5, 28))
SATISFACTION_SHARE = 0.45


@dataclass(frozen=True)
class Made:
    cases: int
    open: int
    joined: int
    hate: int


@dataclass(frozen=True)
class _Person:
    resident_id: int
    name: str
    home_id: int
    block_id: int | None
    estate_id: int


@dataclass
class _Story:
    """One case's rows as they build up, with its timeline's events in order."""

    case: _Row
    asb: _Row
    officer: User
    events: list[_Row] = field(default_factory=list)
    deadlines: list[_Row] = field(default_factory=list)
    actions: list[_Row] = field(default_factory=list)

    def owed(self, duty: str) -> list[_Row]:
        owing = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
        return [d for d in self.deadlines if d.duty == duty and d.status in owing]

    @property
    def last(self) -> datetime:
        return self.events[-1].occurred_at


def officers_create() -> list[User]:
    """The ASB officers the synthetic cases are run by (left alone if there)."""
    group, _ = Group.objects.get_or_create(name=Role.ASB_OFFICER)
    officers = []
    for number in range(1, OFFICERS + 1):
        user, _ = User.objects.get_or_create(
            username=OFFICER_USERNAME.format(number),
            defaults={
                "email": OFFICER_USERNAME.format(number),
                "first_name": "ASB officer",
                "last_name": f"{number:02d}",
            },
        )
        user.groups.add(group)
        officers.append(user)
    return officers


def partners_create() -> dict[str, Partner]:
    return {
        kind: Partner.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in PARTNERS
    }


@transaction.atomic
def generate(
    *,
    rng: random.Random,
    cases: int,
    at: datetime,
    home_ids: array,
    lead_resident_ids: array,
    report: Callable[[str], None],
    years: int = 1,
) -> Made:
    """Make `cases` ASB cases, those long closed spread back over `years` whole reporting years
    (or three years if that is longer), the open ones recent."""
    if not cases:
        return Made(0, 0, 0, 0)
    builder = _Cases(rng, at, home_ids, lead_resident_ids, years)
    # Many short-lived rows and no reference cycles among them: the cyclic garbage collector
    # would only rescan them, batch after batch (as in `synthetic_repairs`).
    collecting = gc.isenabled()
    gc.disable()
    try:
        while builder.made < cases:
            builder.batch(min(BATCH, cases - builder.made))
            builder.flush()
            report(f"  {builder.made:,} of {cases:,} ASB cases ({builder.open:,} open)")
    finally:
        if collecting:
            gc.enable()
    builder.references.save()
    return Made(builder.made, builder.open, builder.joined, builder.hate)


# The rows in the order they go in: each row's references first.
ROWS = (
    Timeline,
    Case,
    AsbCase,
    AsbParty,
    AsbReport,
    RiskAssessment,
    Deadline,
    AsbAction,
    Event,
)


@lru_cache(maxsize=4_096)
def _end_of(day: date) -> datetime:
    return end_of_local_day(day, tz=policy.landlord_time_zone())


class _Timescales:
    """`policy.due_within_working_days`, with the calendar read once (it reads the closure
    days from the database on every call) and every answer kept: the same due moments and
    bases, at a hundredth of the cost."""

    def __init__(self) -> None:
        self.calendar = policy.working_calendar()
        self.zone, self.closing = policy.landlord_time_zone(), policy.closing_time()
        self._due: dict[tuple[datetime, int], datetime] = {}
        self._basis: dict[int, dict] = {}

    def due(self, start: datetime, working_days: int) -> tuple[datetime, dict]:
        key = (start, working_days)
        if key not in self._due:
            self._due[key] = clock_due_within(
                start, working_days, self.calendar, tz=self.zone, closing_time=self.closing
            )
        if working_days not in self._basis:
            basis = DeadlineBasis.for_working_days(
                working_days, self.calendar, tz=self.zone, closing_time=self.closing
            )
            self._basis[working_days] = chain.canonical_data(basis.as_dict())
        return self._due[key], self._basis[working_days]


@dataclass(frozen=True)
class _Rule:
    """A promise's timescale in working days (what `synthetic_repairs._Clock` asks of a
    rule: `hours`, None here, and `due`)."""

    working_days: int
    timescales: _Timescales = field(compare=False, hash=False, repr=False)
    hours = None

    def due(self, start: datetime) -> tuple[datetime, dict]:
        return self.timescales.due(start, self.working_days)


class _Cases:
    """Builds ASB cases with their people, reports, assessments, actions and promises;
    inserts a batch at a time."""

    def __init__(
        self,
        rng: random.Random,
        at: datetime,
        home_ids: array,
        lead_resident_ids: array,
        years: int,
    ) -> None:
        self.rng, self.at = rng, at
        self.home_ids, self.lead_resident_ids = home_ids, lead_resident_ids
        self.policy = policy.asb_policy()
        timescales = _Timescales()
        self.first_contact = {
            level: _Rule(self.policy.first_contact_working_days(level), timescales)
            for level in rules.RISK_LEVELS
        }
        self.review = {
            level: _Rule(self.policy.risk_review_within(level), timescales)
            for level in rules.RISK_LEVELS
        }
        self.action_plan = _Rule(self.policy.action_plan_working_days, timescales)
        self.contact = _Rule(self.policy.contact_interval_working_days, timescales)
        every = {*self.first_contact.values(), *self.review.values()}
        self.clock = _Clock(at, every | {self.action_plan, self.contact}, years)
        self.officers, self.partners = officers_create(), partners_create()
        self.references = _References()
        self.ids = {model: bulk.Ids(model) for model in ROWS if model is not Event}
        self._rows: dict[type, list[_Row]] = {model: [] for model in ROWS}
        self._defaults = {model: _defaults(model) for model in ROWS}
        self._names = {u.pk: u.get_full_name() or u.get_username() for u in self.officers}
        self.answers = _answers_by_level(self.policy)
        self.busy = rng.sample(range(len(home_ids)), max(1, round(len(home_ids) * BUSY_SHARE)))
        self.worked_since = [m for m in self.clock.moments if m > at - timedelta(days=120)]
        self.made = self.open = self.joined = self.hate = 0
        self.today = timezone.localdate(at)

    # A batch ----------------------------------------------------------------------------------

    def batch(self, size: int) -> None:
        rng, homes = self.rng, len(self.home_ids)
        chosen = [
            self.busy[rng.randrange(len(self.busy))]
            if rng.random() < BUSY_CASES
            else rng.randrange(homes)
            for _ in range(size)
        ]
        people = self._people({(home + step) % homes for home in chosen for step in (-1, 0, 1)})
        target = self.made + size
        for home in chosen:
            if self.made >= target:
                break
            reporter = people[home]
            neighbours = (people[(home + 1) % homes], people[(home - 1) % homes])
            self._matter(reporter, neighbours, room=target - self.made)

    def _people(self, indexes: set[int]) -> dict[int, _Person]:
        """The lead residents of these homes (by the homes' index), with where they live: two
        lookups by key, quick even before the freshly loaded tables have statistics."""
        by_resident = {self.lead_resident_ids[i]: i for i in indexes}
        homes = {
            pk: (block, estate)
            for pk, block, estate in Home.objects.filter(
                pk__in=[self.home_ids[i] for i in indexes]
            ).values_list("pk", "block_id", "estate_id")
        }
        rows = Resident.objects.filter(pk__in=list(by_resident)).values_list(
            "pk", "first_name", "last_name", "home_id"
        )
        return {
            by_resident[pk]: _Person(pk, f"{first} {last}", home, *homes[home])
            for pk, first, last, home in rows
        }

    # One matter: its case, and sometimes a further report opened as a case and joined to it -

    def _matter(self, reporter: _Person, neighbours: tuple[_Person, _Person], room: int) -> None:
        rng = self.rng
        hate = rng.random() < HATE_SHARE
        state = "closed"
        if rng.random() < OPEN_SHARE:
            state = rng.choices(*zip(*OPEN_MIX, strict=True))[0]
        level = rules.HIGH if hate else rng.choices(*zip(*RISK_MIX, strict=True))[0]
        opened_at = self._opened_at(state, level)
        if opened_at is None:  # no moment fits (a short history): a working case then
            state, opened_at = "working", rng.choice(self.worked_since)
        story = self._report(reporter, neighbours[0], hate, level, opened_at)
        joins = room > 1 and rng.random() < _JOIN_CHANCE
        if state == "closed":
            self._closed(story, reporter, neighbours[1] if joins else None)
        elif state == "working":
            self._working(story, reporter, neighbours[1] if joins else None)
        elif state == "missed":
            self._miss(story, story.owed(duties.FIRST_CONTACT)[0])
        if story.asb.status == rules.OPEN:
            self.open += 1
        self._settle_due_soon(story)
        self._keep(story)

    def _opened_at(self, state: str, level: str) -> datetime | None:
        rng, clock = self.rng, self.clock
        if state == "closed":
            return rng.choice(clock.long_ago)
        if state == "working":
            return rng.choice(self.worked_since)
        first = self.first_contact[level]
        if state == "new":
            starts = clock.open_starts[first]
        else:  # first contact missed, the later promises not yet due
            later = set(clock.open_starts[self.review[level]]) & set(
                clock.open_starts[self.action_plan]
            )
            starts = [m for m in clock.missed_starts[first] if m in later]
        return rng.choice(starts) if starts else None

    def _report(
        self,
        reporter: _Person,
        perpetrator: _Person,
        hate: bool,
        level: str,
        at: datetime,
    ) -> _Story:
        rng = self.rng
        behaviours = self._behaviours(hate)
        location = self._location(reporter)
        channel = rng.choice(_CHANNELS)
        officer = rng.choice(self.officers)
        story = self._new_case(reporter, behaviours, location, channel, officer, at, hate)
        actor = officer if channel != Channel.PORTAL else None
        parties = [(PartyRole.REPORTER, reporter), (PartyRole.VICTIM, reporter)]
        if rng.random() < PERPETRATOR_SHARE:
            named = rng.random() < 0.6 and perpetrator.resident_id != reporter.resident_id
            parties.append(
                (PartyRole.ALLEGED_PERPETRATOR, perpetrator if named else rng.choice(_PERPETRATORS))
            )
        self._parties(story, parties, actor, at)
        self._asb_report(story, reporter, behaviours, channel, actor, at, first=True)
        self._event(
            story,
            "asb.officer_assigned",
            f"Named officer: {self._names[officer.pk]}",
            at,
            actor=actor,
            data={"officer_id": officer.pk},
            visibility=Visibility.STAFF,
        )
        self._assess(story, level, hate, AssessmentStage.INTAKE, at, actor)
        self._promise(story, duties.ACTION_PLAN, at, self.action_plan, actor)
        return story

    def _behaviours(self, hate: bool) -> list[str]:
        rng = self.rng
        if hate:
            return [Behaviour.HATE.value, Behaviour.HARASSMENT.value]
        codes = rng.choices(list(BEHAVIOURS), weights=list(BEHAVIOURS.values()), k=2)
        first = codes[0].value
        if rng.random() < 0.25 and codes[1] != codes[0]:
            return [first, codes[1].value]
        return [first]

    def _location(self, reporter: _Person) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return Location.HOME
        if roll < 0.85 and reporter.block_id is not None:
            return Location.BLOCK
        return Location.ESTATE

    def _new_case(
        self,
        reporter: _Person,
        behaviours: list[str],
        location: str,
        channel: str,
        officer: User,
        at: datetime,
        hate: bool,
    ) -> _Story:
        rng = self.rng
        reference = self.references.next(CaseKind.ASB, timezone.localtime(at).year)
        what = ", ".join(Behaviour(code).label for code in behaviours)
        where_details = rng.choice(_WHERE[location]) if location in _WHERE else ""
        where = {
            Location.HOME: "at the reporter's home",
            Location.BLOCK: f"in the block: {where_details}",
            Location.ESTATE: f"on the estate: {where_details}",
        }[location]
        title = f"{what}: {where}"[:200]
        case = self._new(
            Case,
            id=self.ids[Case].take(),
            reference=reference,
            kind=CaseKind.ASB,
            title=title,
            timeline_id=self.ids[Timeline].take(),
            home_id=reporter.home_id if location == Location.HOME else None,
            resident_id=reporter.resident_id,
            opened_at=at,
        )
        motivations: list[str] = []
        if hate:
            motivations = rng.sample(HateMotivation.values, 2 if rng.random() < 0.15 else 1)
            self.hate += 1
        asb = self._new(
            AsbCase,
            id=self.ids[AsbCase].take(),
            case_id=case.id,
            status=rules.OPEN,
            category=rules.category_for(behaviours, self.policy.behaviour_categories),
            behaviours=behaviours,
            location=location,
            block_id=reporter.block_id if location == Location.BLOCK else None,
            estate_id=reporter.estate_id if location == Location.ESTATE else None,
            where_details=where_details,
            description=_DESCRIPTIONS[Behaviour(behaviours[0])],
            hate_incident=hate,
            hate_motivations=motivations,
            hate_perceived_by="The victim" if hate else "",
            officer_id=officer.pk,
        )
        story = _Story(case, asb, officer)
        self.made += 1
        self._event(
            story,
            "case.opened",
            "Anti-social behaviour reported",
            at,
            data={
                "reference": reference,
                "title": title,
                "behaviours": behaviours,
                "location": location,
            },
            channel=channel,
        )
        return story

    def _parties(
        self,
        story: _Story,
        parties: list[tuple[str, _Person | str]],
        actor: User | None,
        at: datetime,
    ) -> None:
        rows = []
        for role, person in parties:
            resident = person if isinstance(person, _Person) else None
            rows.append(
                self._new(
                    AsbParty,
                    id=self.ids[AsbParty].take(),
                    asb_id=story.asb.id,
                    role=role,
                    resident_id=resident.resident_id if resident else None,
                    name=resident.name if resident else person,
                    added_by_id=actor.pk if actor else None,
                )
            )
        self._rows[AsbParty].extend(rows)
        self._event(
            story,
            "asb.people_added",
            "People in the case: "
            + "; ".join(f"{PartyRole(row.role).label}: {row.name}" for row in rows),
            at,
            actor=actor,
            data={"party_ids": [row.id for row in rows]},
            visibility=Visibility.STAFF,
        )

    def _asb_report(
        self,
        story: _Story,
        reporter: _Person,
        behaviours: list[str],
        channel: str,
        actor: User | None,
        at: datetime,
        *,
        first: bool,
    ) -> None:
        description = _DESCRIPTIONS[Behaviour(behaviours[0])]
        happened_at = at - timedelta(hours=self.rng.randint(1, 48))
        self._rows[AsbReport].append(
            self._new(
                AsbReport,
                id=self.ids[AsbReport].take(),
                asb_id=story.asb.id,
                reporter_id=reporter.resident_id,
                reporter_name=reporter.name,
                channel=channel,
                received_at=at,
                description=description,
                behaviours=behaviours,
                happened_at=happened_at,
                recorded_by_id=actor.pk if actor else None,
            )
        )
        data = {
            "behaviours": behaviours,
            "reporter_is_victim": True,
            "on_behalf_of": "",
            "hate_incident": story.asb.hate_incident,
            "crime_reference": "",
            "happened_at": _json_moment(happened_at),
        }
        if first:
            self._event(
                story,
                "asb.reported",
                f"{story.case.title}. {description} No police crime reference is needed to "
                "act on this.",
                at,
                actor=actor,
                data=data,
                channel=channel,
            )
        else:
            self._event(
                story,
                "asb.report_joined",
                f"A further report about the same matter: {description}",
                at,
                actor=actor,
                data=data,
                channel=channel,
                visibility=Visibility.STAFF,
            )

    def _assess(
        self,
        story: _Story,
        level: str,
        hate: bool,
        stage: str,
        at: datetime,
        actor: User | None,
    ) -> None:
        answers, score, safeguarding = self.rng.choice(self.answers[(level, hate)])
        assessment = self._new(
            RiskAssessment,
            id=self.ids[RiskAssessment].take(),
            asb_id=story.asb.id,
            stage=stage,
            answers=answers,
            score=score,
            level=level,
            safeguarding=safeguarding,
            notes="Asked when the report was taken." if stage == AssessmentStage.INTAKE else "",
            assessed_at=at,
            assessed_by_id=actor.pk if actor else None,
        )
        self._rows[RiskAssessment].append(assessment)
        old = {"risk_level": story.asb.risk_level, "safeguarding": story.asb.safeguarding}
        story.asb.risk_level, story.asb.safeguarding = level, safeguarding
        concern = " Safeguarding concern raised." if safeguarding else ""
        words = AssessmentStage(stage).label.lower()
        self._event(
            story,
            "asb.risk_assessed",
            f"Risk assessed ({words}): {level} risk, score {score}.{concern}",
            at,
            actor=actor,
            data={
                "assessment_id": assessment.id,
                "stage": stage,
                "answers": answers,
                "score": score,
                "level": level,
                "safeguarding": safeguarding,
                "old": old,
            },
            visibility=Visibility.STAFF,
        )
        if stage == AssessmentStage.INTAKE:
            self._promise(story, duties.FIRST_CONTACT, at, self.first_contact[level], actor)
        else:
            self._keep_duty(story, duties.RISK_REVIEW, at, actor)
        self._promise(
            story, duties.RISK_REVIEW, at, self.review[level], actor, visible_to_resident=False
        )

    # How the case went ------------------------------------------------------------------------

    def _working(self, story: _Story, reporter: _Person, joining: _Person | None) -> None:
        """Open, first contact made, actions under way, in touch at the agreed interval."""
        rng, clock = self.rng, self.clock
        first = self._later(story.last, 0, 2)
        self._contact(story, first)
        if joining is not None:
            self._joined(story, joining, first)
        self._plan(story, self._later(first, 0, 2), done_share=0.3, least=1)
        if rng.random() < 0.4:
            self._asb_report(
                story,
                reporter,
                story.asb.behaviours,
                rng.choice(_CHANNELS),
                None,
                self._later(story.last, 1, 10),
                first=False,
            )
        # The latest contact: recent enough that the next falls due after the sweep's run.
        recent = [m for m in clock.open_starts[self.contact] if m >= story.last]
        if recent:
            latest = rng.choice(recent)
            if latest > story.last:
                self._contact(story, latest)
            if story.owed(duties.RISK_REVIEW)[0].due_at < self.at + _DUE_AFTER:
                self._assess(
                    story,
                    story.asb.risk_level,
                    story.asb.hate_incident,
                    AssessmentStage.REVIEW,
                    latest,
                    story.officer,
                )

    def _closed(self, story: _Story, reporter: _Person, joining: _Person | None) -> None:
        rng = self.rng
        first = self._later(story.last, 0, 6)
        self._contact(story, first)
        if joining is not None:
            self._joined(story, joining, first)
        self._plan(story, self._later(first, 0, 3), done_share=1.0)
        if rng.random() < 0.35:
            self._asb_report(
                story,
                reporter,
                story.asb.behaviours,
                rng.choice(_CHANNELS),
                None,
                self._later(story.last, 1, 20),
                first=False,
            )
        if rng.random() < 0.4:
            self._contact(story, self._later(story.last, 5, 15))
        self._close(story, self._later(story.last, 3, 40))

    def _contact(self, story: _Story, at: datetime) -> None:
        """A contact with the victim keeps the first-contact and contact promises and opens
        the next contact after the agreed interval."""
        channel = self.rng.choice(_CONTACT_CHANNELS)
        summary = "Spoke to the victim about how things are and what we are doing."
        self._event(
            story,
            "asb.contact",
            f"Kept in touch ({Channel(channel).label.lower()}): {summary}",
            at,
            actor=story.officer,
            data={"summary": summary, "with_victim": True},
            channel=channel,
        )
        self._keep_duty(story, duties.FIRST_CONTACT, at, story.officer)
        self._keep_duty(story, duties.CONTACT, at, story.officer)
        self._promise(story, duties.CONTACT, at, self.contact, story.officer)

    def _plan(self, story: _Story, at: datetime, *, done_share: float, least: int = 0) -> None:
        """0 to 3 actions; the first agreed with the victim keeps the action-plan promise.
        Actions of a case being worked fall due after the sweep's run; done ones were done
        before the latest contact."""
        rng = self.rng
        count = max(least, rng.choices((0, 1, 2, 3), weights=(15, 45, 30, 10))[0])
        kinds = rng.sample(range(len(_ACTIONS)), count)
        if story.asb.safeguarding:
            kinds.insert(0, -1)
        for index in kinds:
            if index == -1:
                kind, description, partner_kind = (
                    ActionKind.SAFEGUARDING,
                    "Make a safeguarding referral.",
                    PartnerKind.SOCIAL_CARE,
                )
            else:
                kind, description, partner_kind = _ACTIONS[index]
            done = rng.random() < done_share
            self._action(story, kind, description, partner_kind, at, done)

    def _action(
        self,
        story: _Story,
        kind: str,
        description: str,
        partner_kind: str | None,
        at: datetime,
        done: bool,
    ) -> None:
        rng, officer = self.rng, story.officer
        partner = self.partners[partner_kind] if partner_kind else None
        agreed = rng.random() < 0.8
        if done:
            due_on = (at + timedelta(days=rng.randint(3, 20))).astimezone(self.clock.zone).date()
        else:  # still to do: due after the sweep's run
            due_on = self.today + timedelta(days=rng.randint(2, 30))
        label = f"{ActionKind(kind).label}: {description}"[:200]
        deadline = self._open_deadline(
            story,
            duties.ACTION,
            label,
            at,
            _end_of(due_on),
            {"rule": "agreed date", "due_on": due_on.isoformat()},
            officer,
            visible_to_resident=agreed,
        )
        action = self._new(
            AsbAction,
            id=self.ids[AsbAction].take(),
            asb_id=story.asb.id,
            kind=kind,
            description=description,
            owner_id=officer.pk,
            partner_id=partner.pk if partner else None,
            due_on=due_on,
            deadline_id=deadline.id,
            status=ActionStatus.OPEN,
            agreed_with_victim=agreed,
            victim_consent=kind == ActionKind.POLICE_REPORT,
            created_by_id=officer.pk,
        )
        story.actions.append(action)
        self._rows[AsbAction].append(action)
        agreed_words = " (agreed with the victim)" if agreed else ""
        self._event(
            story,
            "asb.action_added",
            f"Action added: {ActionKind(kind).label} by {due_on:%-d %B %Y}, owner "
            f"{self._names[officer.pk]}{agreed_words}. {description}",
            at,
            actor=officer,
            data={
                "action_id": action.id,
                "kind": kind,
                "due_on": due_on.isoformat(),
                "owner_id": officer.pk,
                "partner_id": action.partner_id,
                "agreed_with_victim": agreed,
                "victim_consent": action.victim_consent,
            },
            visibility=Visibility.STAFF,
        )
        if partner is not None and kind in (
            ActionKind.PARTNER_REFERRAL,
            ActionKind.PATROLS,
            ActionKind.POLICE_REPORT,
        ):
            self._event(
                story,
                "asb.partner_referred",
                f"Referred to {partner.name} ({partner.get_kind_display()}): "
                f"{ActionKind(kind).label}",
                at,
                actor=officer,
                data={"action_id": action.id, "partner_id": partner.pk, "kind": kind},
                visibility=Visibility.STAFF,
            )
        if agreed:
            self._keep_duty(story, duties.ACTION_PLAN, at, officer)
        if done:
            done_at = self._later(at, 1, 25)
            outcome = "Done; the victim was told."
            self._settle(story, deadline, done_at, officer)
            action.status, action.outcome, action.done_at = ActionStatus.DONE, outcome, done_at
            self._event(
                story,
                "asb.action_done",
                f"Action done: {ActionKind(kind).label}. {outcome}",
                done_at,
                actor=officer,
                data={"action_id": action.id, "kind": kind, "outcome": outcome},
                visibility=Visibility.STAFF,
            )

    def _joined(self, story: _Story, reporter: _Person, at: datetime) -> None:
        """Someone else reported the same matter; it was opened as a case of its own and
        joined to this one at its first contact."""
        rng = self.rng
        opened_at = max(story.case.opened_at, at - timedelta(hours=rng.randint(1, 30)))
        channel = rng.choice(_CHANNELS)
        behaviours = list(story.asb.behaviours)
        joined = self._new_case(
            reporter,
            behaviours,
            Location.HOME if story.asb.location == Location.HOME else story.asb.location,
            channel,
            story.officer,
            opened_at,
            story.asb.hate_incident,
        )
        joined.asb.block_id, joined.asb.estate_id = story.asb.block_id, story.asb.estate_id
        joined.asb.where_details = story.asb.where_details
        self._parties(joined, [(PartyRole.REPORTER, reporter)], None, opened_at)
        self._asb_report(joined, reporter, behaviours, channel, None, opened_at, first=True)
        level, hate = story.asb.risk_level, story.asb.hate_incident
        self._assess(joined, level, hate, AssessmentStage.INTAKE, opened_at, None)
        self._promise(joined, duties.ACTION_PLAN, opened_at, self.action_plan, None)
        reason = "A further report about the same matter as " + story.case.reference
        for deadline in list(joined.deadlines):
            if deadline.status == DeadlineStatus.OPEN:
                self._cancel(joined, deadline, at, story.officer, reason)
        joined.asb.status, joined.asb.joined_into_id = rules.JOINED, story.asb.id
        self._event(
            joined,
            "asb.joined",
            f"Joined to {story.case.reference}, about the same matter.",
            at,
            actor=story.officer,
            data={"into": story.case.reference, "reason": reason},
        )
        self._event(
            story,
            "asb.case_joined",
            f"{joined.case.reference} joined to this case: a further report about the same matter.",
            at,
            actor=story.officer,
            data={"joined": joined.case.reference},
            visibility=Visibility.STAFF,
        )
        self.joined += 1
        self._keep(joined)

    def _close(self, story: _Story, at: datetime) -> None:
        rng, asb = self.rng, story.asb
        reason = rng.choices(list(_CLOSURES), weights=list(_CLOSURES.values()))[0]
        for deadline in list(story.deadlines):
            if deadline.status == DeadlineStatus.OPEN:
                self._cancel(story, deadline, at, story.officer, "The case is closed.")
        asb.status, asb.closed_at, asb.closure_reason = rules.CLOSED, at, reason.value
        asb.closure_explanation = "Moved to supported housing." if reason == "other" else ""
        asb.victim_view = rng.choice(_VICTIM_VIEWS)
        self._event(
            story,
            "asb.closed",
            f"Case closed: {reason.label}.",
            at,
            actor=story.officer,
            data={"reason": reason.value, "explanation": asb.closure_explanation},
        )
        if rng.random() < SATISFACTION_SHARE:
            score = rng.choices(*zip(*_SATISFACTION, strict=True))[0]
            asb.satisfaction = score
            self._event(
                story,
                "asb.satisfaction",
                f"You told us how satisfied you are with how we handled it: {score} of 5.",
                self._later(at, 1, 10),
                data={"satisfaction": score},
                channel=Channel.PORTAL,
            )

    def _later(self, moment: datetime, low: int, high: int) -> datetime:
        return min(self.clock.later(moment, self.rng, low, high), self.clock.moments[-1])

    # Promises ---------------------------------------------------------------------------------

    def _promise(
        self,
        story: _Story,
        duty: str,
        at: datetime,
        rule: _Rule,
        actor: User | None,
        *,
        visible_to_resident: bool = True,
    ) -> _Row:
        due_at, basis = rule.due(at)
        return self._open_deadline(
            story,
            duty,
            duties.LABELS[duty],
            at,
            due_at,
            basis,
            actor,
            visible_to_resident=visible_to_resident,
        )

    def _open_deadline(
        self,
        story: _Story,
        duty: str,
        label: str,
        at: datetime,
        due_at: datetime,
        basis: dict,
        actor: User | None,
        *,
        visible_to_resident: bool,
    ) -> _Row:
        deadline = self._new(
            Deadline,
            id=self.ids[Deadline].take(),
            case_id=story.case.id,
            duty=duty,
            label=label,
            started_at=at,
            due_at=due_at,
            original_due_at=due_at,
            basis=basis,
            visible_to_resident=visible_to_resident,
        )
        story.deadlines.append(deadline)
        self._event(
            story,
            "deadline.opened",
            f"{label}: due by {_words(due_at)}",
            at,
            actor=actor,
            data={
                "deadline_id": deadline.id,
                "duty": duty,
                "due_at": _json_moment(due_at),
                "basis": basis,
            },
            visibility=_seen(deadline),
        )
        return deadline

    def _keep_duty(self, story: _Story, duty: str, at: datetime, actor: User | None) -> None:
        for deadline in story.owed(duty):
            self._settle(story, deadline, at, actor)

    def _settle(self, story: _Story, deadline: _Row, at: datetime, actor: User | None) -> None:
        late = deadline.status == DeadlineStatus.MISSED or at > deadline.due_at
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
                "due_at": _json_moment(deadline.due_at),
                "met_at": _json_moment(at),
            },
            visibility=_seen(deadline),
        )

    def _cancel(
        self, story: _Story, deadline: _Row, at: datetime, actor: User | None, reason: str
    ) -> None:
        deadline.status = DeadlineStatus.CANCELLED
        self._event(
            story,
            "deadline.cancelled",
            f"No longer needed: {deadline.label}. Reason: {reason}",
            at,
            actor=actor,
            data={"deadline_id": deadline.id, "reason": reason},
            visibility=_seen(deadline),
        )

    def _miss(self, story: _Story, deadline: _Row) -> None:
        """The first contact was missed: the sweep found it (the contact is still owed)."""
        found_at = self.clock.missed_at(deadline.due_at)
        deadline.status, deadline.missed_at = DeadlineStatus.MISSED, found_at
        self._event(
            story,
            "deadline.missed",
            f"Missed: {deadline.label} (was due by {_words(deadline.due_at)})",
            max(found_at, story.last),
            data={
                "deadline_id": deadline.id,
                "duty": deadline.duty,
                "due_at": _json_moment(deadline.due_at),
            },
            visibility=_seen(deadline),
        )

    def _settle_due_soon(self, story: _Story) -> None:
        """A promise still open that falls due before a sweep run soon after would be kept
        by then: kept a day before it was due (or as soon as it could be)."""
        for deadline in story.deadlines:
            if deadline.status == DeadlineStatus.OPEN and deadline.due_at < self.at + _DUE_AFTER:
                last = self.clock.moments[-1]
                met_at = max(story.last, min(deadline.due_at - timedelta(days=1), last))
                self._settle(story, deadline, met_at, story.officer)

    # Rows and events --------------------------------------------------------------------------

    def _new(self, model: type, **values: Any) -> _Row:
        return _Row(**{**self._defaults[model], **values})

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
        moments written as stored (`_json_moment`), so it is already canonical. Never before
        the event it follows."""
        previous = story.events[-1] if story.events else None
        if previous is not None and at < previous.occurred_at:
            at = previous.occurred_at
        actor_id = actor.pk if actor is not None else None
        actor_name = self._names[actor_id] if actor_id else SYSTEM_ACTOR_NAME
        story.events.append(
            chained_event(
                previous,
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
        rows, asb = self._rows, story.asb
        if asb.status == rules.OPEN:
            owed = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
            asb.next_due_at = min(
                (
                    d.due_at
                    for d in story.deadlines
                    if d.status in owed and d.duty in duties.QUEUE_DUTIES
                ),
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
        rows[AsbCase].append(asb)
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
                bulk.copy_insert(model, rows)
            rows.clear()
        bulk.forget_queries()


def _seen(deadline: _Row) -> str:
    return Visibility.RESIDENT if deadline.visible_to_resident else Visibility.STAFF


def _answers_by_level(
    asb_policy: Any,
) -> dict[tuple[str, bool], list[tuple[dict[str, bool], int, bool]]]:
    """Answers to the risk matrix that give each level, with their score and whether they
    raise a safeguarding concern: for hate incidents (perceived as hate-motivated, so high)
    and for the rest. Few answers "yes", as most victims give."""
    questions = asb_policy.risk_questions
    found: dict[tuple[str, bool], list[tuple[dict[str, bool], int, bool]]] = {
        (level, hate): [] for level in rules.RISK_LEVELS for hate in (True, False)
    }
    codes = [q.code for q in questions]
    for count in range(0, 5):
        for yes in itertools.combinations(codes, count):
            answers = {code: code in yes for code in codes}
            result = rules.risk_score(
                answers, questions, asb_policy.high_threshold, asb_policy.medium_threshold
            )
            hate = answers.get("hate_motivated", False)
            found[(result.level, hate)].append((answers, result.score, result.safeguarding))
    return found
