"""`homecase synthetic`: a landlord at the scale of England's largest housing association
(125,000 homes, about 350,000 residents), for load tests and the sweep benchmark.

Rows go in with `bulk_create` in batches, not through the services (one row at a time would
take hours), but they are the rows the services would write: every resident has a timeline
whose one "resident.created" event is built by `records.services._build_event`, the helper
the services use, so `homecase verify-records` verifies the lot. Because an event's hash covers
its timeline's id, primary keys are handed out before inserting (see `bulk.py`).

It runs into an empty database only: it refuses, changing nothing, if any home or estate is
there already, so its UPRN range, names and keys never meet anyone else's. Cases and open
deadlines for the sweep benchmark are made by `synthetic_cases.py`; complaints for the officer
queue benchmark, with their stages, promises and timelines, by `synthetic_complaints.py`;
repairs for the repairs queue and "my repairs" benchmarks by `synthetic_repairs.py`; ASB
cases for the ASB queue and "your ASB reports" benchmarks and NM01 by `synthetic_asb.py`.
"""

import random
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.complaints.models import Complaint, MissedPromise, Point, Stage
from homecase.demo import (
    bulk,
    needs,
    people,
    synthetic_asb,
    synthetic_cases,
    synthetic_complaints,
    synthetic_repairs,
)
from homecase.demo.synthetic_places import SYNTHETIC_UPRN_BASE, EstatePlan, estate_plans
from homecase.housing.models import Block, Estate, Home, HomeType, Resident, Tenancy, Tenure
from homecase.records import chain
from homecase.records.models import Case, Channel, Deadline, Event, Timeline, Visibility
from homecase.records.services import _build_event

SEED = 125_000
RESIDENTS_PER_HOME = 2.8
MAX_YEARS = 20  # the working-day calendar starts in 2000
EMAIL_DOMAIN = "synthetic.example.org"
_SIZES = ((1, 25), (2, 25), (3, 18), (4, 15), (5, 10), (6, 7))  # mean about 2.8
_TENURES = (
    (Tenure.SOCIAL_RENT, 70),
    (Tenure.AFFORDABLE_RENT, 12),
    (Tenure.LEASEHOLD, 13),
    (Tenure.SHARED_OWNERSHIP, 5),
)

Report = Callable[[str], None]
_COMPLAINT_ROWS = (Complaint, Stage, Point, MissedPromise)
_REPAIR_ROWS = tuple(
    m for m in synthetic_repairs.ROWS if m not in (Timeline, Case, Deadline, Event)
)
_ASB_ROWS = tuple(m for m in synthetic_asb.ROWS if m not in (Timeline, Case, Deadline, Event))


@dataclass(frozen=True)
class Made:
    estates: int
    blocks: int
    homes: int
    residents: int
    tenancies: int
    cases: int
    open_deadlines: int
    overdue: int
    seconds: float
    complaints: int = 0
    complaints_overdue: int = 0
    repairs: int = 0
    repairs_overdue: int = 0
    asb: int = 0
    asb_open: int = 0

    def __str__(self) -> str:
        made = (
            f"{self.estates:,} estates, {self.blocks:,} blocks, {self.homes:,} homes, "
            f"{self.residents:,} residents, {self.tenancies:,} tenancies"
        )
        if self.cases:
            made += (
                f", {self.cases:,} cases and {self.open_deadlines:,} open deadlines "
                f"({self.overdue:,} already overdue)"
            )
        if self.complaints:
            made += (
                f", {self.complaints:,} complaints ({self.complaints_overdue:,} past a "
                "promised date, apologised for)"
            )
        if self.repairs:
            made += f", {self.repairs:,} repairs ({self.repairs_overdue:,} overdue)"
        if self.asb:
            made += f", {self.asb:,} ASB cases ({self.asb_open:,} open)"
        return f"Made {made} in {self.seconds:.1f} s."


@dataclass
class Occupancy:
    """What the cases need to know about the homes just made: their ids and lead residents."""

    home_ids: array
    lead_resident_ids: array


def _refuse_unless_empty() -> None:
    homes, estates = Home.objects.count(), Estate.objects.count()
    if homes or estates:
        raise Conflict(
            f"The database already holds {homes:,} home(s) and {estates:,} "
            "estate(s): synthetic data only goes into an empty, migrated database."
        )


def _check(
    homes: int,
    cases: int,
    open_deadlines: int,
    overdue_share: float,
    residents_per_home: float,
    complaints: int = 0,
    repairs: int = 0,
    years: int = 1,
    asb: int = 0,
) -> None:
    if not 1 <= years <= MAX_YEARS:
        raise InvalidInput(f"Give between 1 and {MAX_YEARS} years of history.")
    if homes < 1 or min(cases, open_deadlines, complaints, repairs, asb) < 0:
        raise InvalidInput(
            "Give at least 1 home, and no negative number of cases, deadlines, complaints, "
            "repairs or ASB cases."
        )
    if not 0 <= overdue_share <= 1:
        raise InvalidInput("The overdue share is a fraction between 0 and 1, e.g. 0.01.")
    if not 1 <= residents_per_home <= 6:
        raise InvalidInput("Give between 1 and 6 residents per home.")


def generate(
    *,
    homes: int,
    cases: int = 0,
    open_deadlines: int = 0,
    overdue_share: float = 0.01,
    complaints: int = 0,
    repairs: int = 0,
    residents_per_home: float = RESIDENTS_PER_HOME,
    seed: int = SEED,
    report: Report | None = None,
    years: int = 1,
    asb: int = 0,
) -> Made:
    """Make the landlord in one transaction (all or nothing), then vacuum and analyze, as
    after any bulk load. With `years` above 1, the complaints and repairs closed long ago are
    spread over that many whole reporting years before the current one, so each year's TSM
    return and annual complaints report have data; 1 (the default) is the one year or so the
    queue and sweep benchmarks were measured on. ASB cases (`asb`) are spread the same way."""
    _check(
        homes,
        cases,
        open_deadlines,
        overdue_share,
        residents_per_home,
        complaints,
        repairs,
        years,
        asb,
    )
    started = time.perf_counter()
    rng, at, say = random.Random(seed), now(), report or (lambda _: None)
    with transaction.atomic():
        _refuse_unless_empty()
        counts, occupancy = _landlord(rng, homes, residents_per_home, at, say)
        made_cases = synthetic_cases.generate(
            rng=rng,
            cases=cases,
            open_deadlines=open_deadlines,
            overdue_share=overdue_share,
            at=at,
            home_ids=occupancy.home_ids,
            lead_resident_ids=occupancy.lead_resident_ids,
            report=say,
        )
        made_complaints = synthetic_complaints.generate(
            rng=rng,
            complaints=complaints,
            overdue_share=overdue_share,
            at=at,
            home_ids=occupancy.home_ids,
            lead_resident_ids=occupancy.lead_resident_ids,
            report=say,
            years=years,
        )
        made_repairs = synthetic_repairs.generate(
            rng=rng,
            repairs=repairs,
            at=at,
            home_ids=occupancy.home_ids,
            lead_resident_ids=occupancy.lead_resident_ids,
            report=say,
            years=years,
        )
        made_asb = synthetic_asb.generate(
            rng=rng,
            cases=asb,
            at=at,
            home_ids=occupancy.home_ids,
            lead_resident_ids=occupancy.lead_resident_ids,
            report=say,
            years=years,
        )
        bulk.move_sequences_past_inserted_keys(
            [
                *(Estate, Block, Home, Tenancy, Timeline, Resident, Case, Deadline),
                *_COMPLAINT_ROWS,
                *_REPAIR_ROWS,
                *_ASB_ROWS,
            ]
        )
    _vacuum_analyze()
    return Made(
        **counts,
        cases=made_cases.cases,
        open_deadlines=made_cases.open_deadlines,
        overdue=made_cases.overdue,
        seconds=time.perf_counter() - started,
        complaints=made_complaints.complaints,
        complaints_overdue=made_complaints.overdue,
        repairs=made_repairs.repairs,
        repairs_overdue=made_repairs.overdue,
        asb=made_asb.cases,
        asb_open=made_asb.open,
    )


def _vacuum_analyze() -> None:
    """What PostgreSQL advises after a bulk load: fresh planner statistics, and (outside a
    transaction) a VACUUM that sets the visibility map, so the first queries do not pay for it."""
    if connection.vendor != "postgresql":
        return
    models = (
        *(Home, Resident, Timeline, Event, Case, Deadline),
        *_COMPLAINT_ROWS,
        *_REPAIR_ROWS,
        *_ASB_ROWS,
    )
    tables = ", ".join(m._meta.db_table for m in models)
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")


# Estates, blocks and homes --------------------------------------------------------------------


def _landlord(
    rng: random.Random, homes: int, per_home: float, at: datetime, say: Report
) -> tuple[dict[str, int], Occupancy]:
    plans = list(estate_plans(rng, homes))
    placed = _insert_estates_and_blocks(plans)
    sizes = household_sizes(rng, homes, per_home)
    builder = _Households(rng, at)
    batch: list[tuple[Home, EstatePlan]] = []
    for index, home_and_plan in enumerate(_homes(placed), start=1):
        batch.append(home_and_plan)
        if len(batch) == bulk.BATCH or index == homes:
            builder.add(batch, sizes)
            batch = []
            if index % 25_000 == 0 or index == homes:
                say(f"  {index:,} of {homes:,} homes, {builder.residents:,} residents")
    counts = {
        "estates": len(plans),
        "blocks": sum(len(p.block_ids) for p in placed),
        "homes": homes,
        "residents": builder.residents,
        "tenancies": builder.tenancies,
    }
    return counts, Occupancy(builder.home_ids, builder.lead_resident_ids)


@dataclass(frozen=True)
class _Placed:
    plan: EstatePlan
    estate_id: int
    block_ids: tuple[int, ...]  # in the order of plan.blocks


def _insert_estates_and_blocks(plans: list[EstatePlan]) -> list[_Placed]:
    estate_ids, block_ids = bulk.Ids(Estate), bulk.Ids(Block)
    estates, blocks, placed = [], [], []
    for plan in plans:
        estate = Estate(
            id=estate_ids.take(), name=plan.name, local_authority=plan.region.local_authority
        )
        estates.append(estate)
        estate_blocks = [
            Block(
                id=block_ids.take(),
                estate_id=estate.id,
                name=block.name,
                address=f"1-{block.homes} {block.name}, {block.street}",
                postcode=block.postcode,
                storeys=block.storeys,
                height_m=block.height_m,
            )
            for block in plan.blocks
        ]
        blocks.extend(estate_blocks)
        placed.append(_Placed(plan, estate.id, tuple(b.id for b in estate_blocks)))
    bulk.insert(Estate, estates)
    bulk.insert(Block, blocks)
    return placed


def _homes(placed: list[_Placed]) -> Iterator[tuple[Home, EstatePlan]]:
    """Every home, flats block by block then houses street by street; UPRNs follow the ids."""
    ids = bulk.Ids(Home)
    for place in placed:
        plan, town = place.plan, place.plan.region.town
        for block, block_id in zip(plan.blocks, place.block_ids, strict=True):
            for number in range(1, block.homes + 1):
                home_id = ids.take()
                yield (
                    Home(
                        id=home_id,
                        uprn=str(SYNTHETIC_UPRN_BASE + home_id),
                        address_line_1=f"Flat {number}, {block.name}",
                        address_line_2=block.street,
                        town=town,
                        postcode=block.postcode,
                        estate_id=place.estate_id,
                        block_id=block_id,
                        home_type=HomeType.FLAT,
                        bedrooms=1 + number % 3,
                        floor=(number - 1) // block.flats_per_floor,
                    ),
                    plan,
                )
        for street in plan.streets:
            for number in range(1, street.houses + 1):
                home_id = ids.take()
                yield (
                    Home(
                        id=home_id,
                        uprn=str(SYNTHETIC_UPRN_BASE + home_id),
                        address_line_1=f"{number} {street.street}",
                        town=town,
                        postcode=street.postcode,
                        estate_id=place.estate_id,
                        home_type=HomeType.HOUSE,
                        bedrooms=2 + number % 3,
                    ),
                    plan,
                )


def household_sizes(rng: random.Random, homes: int, per_home: float) -> list[int]:
    """A household size for every home, adding up to exactly round(homes * per_home)."""
    values, weights = zip(*_SIZES, strict=True)
    sizes = rng.choices(values, weights=weights, k=homes)
    gap = round(homes * per_home) - sum(sizes)
    step = 1 if gap > 0 else -1
    while gap:
        i = rng.randrange(homes)
        if 1 <= sizes[i] + step <= 8:
            sizes[i] += step
            gap -= step
    return sizes


# Tenancies, residents and their timelines -----------------------------------------------------


class _Households:
    """Builds and inserts, a batch of homes at a time, each home's tenancy and household: a
    resident, their timeline and its first event, exactly as `resident_create` records it."""

    def __init__(self, rng: random.Random, at: datetime) -> None:
        self.rng, self.at = rng, at
        self.today = timezone.localdate(at)
        self.tenancy_ids, self.timeline_ids = bulk.Ids(Tenancy), bulk.Ids(Timeline)
        self.resident_ids = bulk.Ids(Resident)
        self.home_ids, self.lead_resident_ids = array("q"), array("q")
        self.homes_done = self.residents = self.tenancies = 0

    def add(self, batch: list[tuple[Home, EstatePlan]], sizes: list[int]) -> None:
        tenancies, timelines, residents, events = [], [], [], []
        for home, plan in batch:
            tenancy = self._tenancy(home)
            tenancies.append(tenancy)
            size = sizes[self.homes_done]
            self.homes_done += 1
            community = people.weighted_choice(self.rng, plan.region.community_mix)
            members = people.household(self.rng, community, size, self.today)
            self.home_ids.append(home.id)
            self.lead_resident_ids.append(self.resident_ids.next)
            for index, person in enumerate(members):
                resident, timeline, event = self._resident(home, tenancy, index, person)
                residents.append(resident)
                timelines.append(timeline)
                events.append(event)
        bulk.insert(Home, [home for home, _ in batch])
        bulk.insert(Tenancy, tenancies)
        bulk.insert(Timeline, timelines)
        bulk.insert(Resident, residents)
        bulk.insert(Event, events)
        self.tenancies += len(tenancies)
        self.residents += len(residents)
        bulk.forget_queries()

    def _tenancy(self, home: Home) -> Tenancy:
        rng = self.rng
        return Tenancy(
            id=self.tenancy_ids.take(),
            reference=f"TS{home.id:09d}",
            home_id=home.id,
            tenure=people.weighted_choice(rng, _TENURES),
            start_date=date(rng.randint(1985, 2024), rng.randint(1, 12), rng.randint(1, 28)),
        )

    def _resident(
        self, home: Home, tenancy: Tenancy, index: int, person: people.Person
    ) -> tuple[Resident, Timeline, Event]:
        resident_id, timeline_id = self.resident_ids.take(), self.timeline_ids.take()
        age = (self.today - person.date_of_birth).days // 365
        contact = needs.contact_for(
            self.rng, person, age=age, serial=resident_id, needs=needs.Needs(), domain=EMAIL_DOMAIN
        )
        name = f"{person.first_name} {person.last_name}"
        event = _build_event(
            timeline_id=timeline_id,
            sequence=1,
            prev_hash=chain.GENESIS,
            actor=None,
            data={"resident_id": resident_id, "home_id": home.id},
            occurred_at=self.at,
            recorded_at=self.at,
            backdate_reason="",
            channel=Channel.SYSTEM,
            kind="resident.created",
            summary=f"Record created for {name}",
            visibility=Visibility.RESIDENT,
        )
        timeline = Timeline(
            id=timeline_id, subject=f"Resident: {name}", length=1, head_hash=event.hash
        )
        resident = Resident(
            id=resident_id,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            home_id=home.id,
            tenancy_id=tenancy.id,
            household_role=people.household_role(tenancy.tenure, index, adult=person.adult),
            preferred_language=person.language,
            needs_interpreter=person.needs_interpreter,
            timeline_id=timeline_id,
            email=contact.get("email", ""),
            phone=contact.get("phone", ""),
            preferred_channel=contact["preferred_channel"],
            preferred_format=contact.get("preferred_format", "standard"),
        )
        return resident, timeline, event
