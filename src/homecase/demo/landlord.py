"""`homecase demo-data`: a believable landlord to demonstrate Homecase with.

Estates, blocks (one a higher-risk building) and a few hundred homes with their communal areas;
tenancies of every tenure; households with a range of needs recorded with consent; a daughter
acting for her mother; staff in every role; a handful of repairs in every deadline state; and
complaints in every state of the Complaint Handling Code, made through the complaints services.

Residents and homes go through the housing services, so every resident has a verified timeline;
estates, blocks, communal areas, tenancies and users have no service yet and are created with
the ORM. The same seed gives the same landlord, and a second run changes nothing: the demo's
estate names and UPRN range mark it as loaded.
"""

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.time import now
from homecase.complaints.services import missed_promises_follow_up
from homecase.demo import asb, cases, complaints, compliance, governance, needs, people, repairs
from homecase.demo.households import FEATURED, Household, Member
from homecase.demo.places import (
    BLOCK_AREAS,
    DEMO_ESTATE_NAMES,
    DEMO_UPRN_BASE,
    ESTATES,
    LIFT_FROM_STOREYS,
    BlockPlan,
    EstatePlan,
)
from homecase.demo.staff import (
    admin_create,
    demo_password_hash,
    resident_user_create,
    staff_create,
)
from homecase.housing import services as housing
from homecase.housing.models import (
    Block,
    CommunalArea,
    CommunalAreaKind,
    Estate,
    Home,
    HomeType,
    RepresentativeRelationship,
    Resident,
    Tenancy,
    Tenure,
)
from homecase.records.services import deadlines_sweep

SEED = 2026
NEEDS_OFFICER = "neighbourhood@homecase.example"


@dataclass
class Place:
    """A home as planned, with what the rest of the demo needs to know about it."""

    home: Home
    estate: EstatePlan
    tenures: tuple[tuple[str, int], ...]


@dataclass
class DemoLandlord:
    staff: dict[str, User]
    homes: dict[tuple[str, int], Place] = field(default_factory=dict)
    areas: dict[tuple[str, str], CommunalArea] = field(default_factory=dict)
    residents: dict[str, Resident] = field(default_factory=dict)
    tenancies: int = 0
    residents_made: int = 0
    serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))


@dataclass(frozen=True)
class Loaded:
    homes: int
    residents: int
    cases: int
    complaints: int
    missed: int
    apologies: int
    repairs: int = 0
    asb: int = 0


def demo_loaded() -> bool:
    return (
        Estate.objects.filter(name__in=DEMO_ESTATE_NAMES).exists()
        or Home.objects.filter(uprn=str(DEMO_UPRN_BASE + 1)).exists()
    )


@transaction.atomic
def load_demo_landlord() -> Loaded | None:
    """Load the whole demo in one transaction (all or nothing); None if it is already there."""
    if demo_loaded():
        return None
    rng = random.Random(SEED)
    password = demo_password_hash()
    landlord = DemoLandlord(staff=staff_create(password_hash=password))
    admin_create(password_hash=password)
    _build_places(landlord)
    compliance.record_demo_compliance(
        [place.home for place in landlord.homes.values()],
        Block.objects.filter(estate__name__in=DEMO_ESTATE_NAMES),
    )
    for household in FEATURED:
        _featured_household(landlord, household, password)
    _random_households(landlord, rng)
    _daughter_acts_for_her_mother(landlord)
    opened = cases.open_demo_cases(
        staff=landlord.staff, residents=landlord.residents, areas=landlord.areas
    )
    made = complaints.open_demo_complaints(
        staff=landlord.staff, residents=landlord.residents, repairs=opened
    )
    jobs = repairs.open_demo_repairs(
        staff=landlord.staff,
        residents=landlord.residents,
        areas=landlord.areas,
        password_hash=password,
    )
    made_asb = asb.open_demo_asb(
        staff=landlord.staff, residents=landlord.residents, areas=landlord.areas
    )
    governance.record_demo_self_assessment(landlord.staff)
    at = now()
    missed = deadlines_sweep(at=at)
    # As `homecase sweep` does: each missed complaint promise gets an apology and a new date.
    apologies = missed_promises_follow_up(at=at)
    return Loaded(
        homes=len(landlord.homes),
        residents=landlord.residents_made,
        cases=len(opened) + len(made),
        complaints=len(made),
        missed=missed,
        apologies=apologies,
        repairs=len(jobs.repairs),
        asb=len(made_asb.cases),
    )


# Places ---------------------------------------------------------------------------------------

_TENURES = (
    (Tenure.SOCIAL_RENT, 66),
    (Tenure.AFFORDABLE_RENT, 12),
    (Tenure.LEASEHOLD, 16),
    (Tenure.SHARED_OWNERSHIP, 6),
)
# A newer block sold mostly on shared ownership.
_NEW_BUILD_TENURES = (
    (Tenure.SHARED_OWNERSHIP, 6),
    (Tenure.AFFORDABLE_RENT, 3),
    (Tenure.SOCIAL_RENT, 1),
)
_NEW_BUILDS = frozenset({"Aspen Court"})


def _build_places(landlord: DemoLandlord) -> None:
    uprns = iter(range(DEMO_UPRN_BASE + 1, DEMO_UPRN_BASE + 10_000))
    for plan in ESTATES:
        estate = Estate.objects.create(name=plan.name, local_authority=plan.local_authority)
        for name, kind in plan.estate_areas:
            landlord.areas[(plan.name, name)] = CommunalArea.objects.create(
                name=name, kind=kind, estate=estate
            )
        for block_plan in plan.blocks:
            _build_block(landlord, plan, estate, block_plan, uprns)
        for street in plan.streets:
            for number in range(street.first_number, street.first_number + street.houses):
                home = housing.home_create(
                    uprn=str(next(uprns)),
                    address_line_1=f"{number} {street.street}",
                    town=plan.town,
                    postcode=street.postcode,
                    home_type=HomeType.HOUSE,
                    estate=estate,
                    bedrooms=2 + number % 3,
                    nation=plan.nation,
                )
                landlord.homes[(street.street, number)] = Place(home, plan, _TENURES)


def _build_block(
    landlord: DemoLandlord,
    plan: EstatePlan,
    estate: Estate,
    block_plan: BlockPlan,
    uprns: Iterator[int],
) -> None:
    block = Block.objects.create(
        estate=estate,
        name=block_plan.name,
        postcode=block_plan.postcode,
        address=f"1-{block_plan.homes} {block_plan.name}, {block_plan.street}",
        storeys=block_plan.storeys,
        height_m=block_plan.height_m,
    )
    areas = list(BLOCK_AREAS)
    if block_plan.storeys >= LIFT_FROM_STOREYS:
        areas.append(("Lift", CommunalAreaKind.LIFT))
    for name, kind in areas:
        landlord.areas[(block_plan.name, name)] = CommunalArea.objects.create(
            name=name, kind=kind, block=block, estate=estate
        )
    tenures = _NEW_BUILD_TENURES if block_plan.name in _NEW_BUILDS else _TENURES
    for number in range(1, block_plan.homes + 1):
        floor = (number - 1) // block_plan.flats_per_floor
        home = housing.home_create(
            uprn=str(next(uprns)),
            address_line_1=f"Flat {number}, {block_plan.name}",
            address_line_2=block_plan.street,
            town=plan.town,
            postcode=block_plan.postcode,
            home_type=HomeType.FLAT,
            block=block,
            floor=floor,
            bedrooms=1 + number % 3,
            nation=plan.nation,
        )
        landlord.homes[(block_plan.name, number)] = Place(home, plan, tenures)


def _tenancy(landlord: DemoLandlord, home: Home, tenure: str, since: date) -> Tenancy:
    landlord.tenancies += 1
    return Tenancy.objects.create(
        reference=f"TD{landlord.tenancies:06d}", home=home, tenure=tenure, start_date=since
    )


# The named households -------------------------------------------------------------------------


def _featured_household(landlord: DemoLandlord, household: Household, password: str) -> None:
    place = landlord.homes[(household.place, household.number)]
    place.tenures = ()  # let: the random households pass it by
    tenancy = _tenancy(landlord, place.home, household.tenure, household.since)
    for index, member in enumerate(household.members):
        resident = _featured_resident(landlord, member, place.home, tenancy, password)
        if index == 0:
            landlord.residents[household.key] = resident


def _featured_resident(
    landlord: DemoLandlord, member: Member, home: Home, tenancy: Tenancy, password: str
) -> Resident:
    resident = housing.resident_create(
        actor=None,
        first_name=member.first_name,
        last_name=member.last_name,
        home=home,
        email=member.email,
        phone=member.phone,
        preferred_channel=member.channel,
        preferred_format=member.format,
        preferred_language=member.language,
        needs_interpreter=member.interpreter,
        date_of_birth=member.born,
        tenancy=tenancy,
        household_role=member.role,
    )
    landlord.residents_made += 1
    if member.signs_in:
        # After the resident: resident_create refuses an email an account already uses.
        resident_user_create(resident=resident, password_hash=password)
    _record_needs(
        landlord, resident, member.vulnerabilities, member.adjustments, since=tenancy.start_date
    )
    return resident


def _record_needs(
    landlord: DemoLandlord,
    resident: Resident,
    vulnerabilities: Sequence[tuple[str, str]],
    adjustments: Sequence[tuple[str, str]],
    *,
    since: date,
) -> None:
    """Needs recorded with consent by the neighbourhood officer, each with a yearly review;
    some reviews are already due, as on any real patch."""
    officer = landlord.staff[NEEDS_OFFICER]
    today = timezone.localdate(now())
    consent_on = max(since, today - timedelta(days=300 + landlord.residents_made % 200))
    review_on = consent_on + timedelta(days=365)
    for kind, details in vulnerabilities:
        housing.vulnerability_record(
            resident=resident,
            actor=officer,
            kind=kind,
            details=details,
            consent_given_on=consent_on,
            review_on=review_on,
        )
    for kind, details in adjustments:
        housing.adjustment_record(
            resident=resident,
            actor=officer,
            kind=kind,
            details=details,
            consent_given_on=consent_on,
            review_on=review_on,
        )


def _daughter_acts_for_her_mother(landlord: DemoLandlord) -> None:
    margaret = landlord.residents["margaret"]
    housing.representative_add(
        resident=margaret,
        actor=landlord.staff[NEEDS_OFFICER],
        name="Susan Collins",
        relationship=RepresentativeRelationship.FAMILY,
        email="susan.collins@example.org",
        phone="07700 900122",
        consent_given_on=date(2023, 3, 6),
        consent_method="Mrs Collins told us on a home visit and signed a consent form",
    )


# Everyone else --------------------------------------------------------------------------------

_VOID_SHARE = 0.03  # homes between lettings


def _random_households(landlord: DemoLandlord, rng: random.Random) -> None:
    today = timezone.localdate(now())
    for place in landlord.homes.values():
        if not place.tenures or rng.random() < _VOID_SHARE:
            continue
        tenure = people.weighted_choice(rng, place.tenures)
        since = date(rng.randint(1985, 2024), rng.randint(1, 12), rng.randint(1, 28))
        tenancy = _tenancy(landlord, place.home, tenure, since)
        size = people.household_size(rng, place.home.bedrooms)
        members = people.household(
            rng, people.weighted_choice(rng, place.estate.community_mix), size, today
        )
        for index, person in enumerate(members):
            role = people.household_role(tenure, index, adult=person.adult)
            _random_resident(
                landlord,
                rng,
                person,
                role,
                place.home,
                tenancy,
                today=today,
                lives_alone=len(members) == 1,
            )


def _random_resident(
    landlord: DemoLandlord,
    rng: random.Random,
    person: people.Person,
    role: str,
    home: Home,
    tenancy: Tenancy,
    *,
    today: date,
    lives_alone: bool,
) -> None:
    age = (today - person.date_of_birth).days // 365
    resident_needs = needs.needs_of(rng, person, age=age, lives_alone=lives_alone)
    contact = needs.contact_for(
        rng, person, age=age, serial=next(landlord.serial), needs=resident_needs
    )
    resident = housing.resident_create(
        actor=None,
        first_name=person.first_name,
        last_name=person.last_name,
        home=home,
        preferred_language=person.language,
        needs_interpreter=person.needs_interpreter,
        date_of_birth=person.date_of_birth,
        tenancy=tenancy,
        household_role=role,
        **contact,
    )
    landlord.residents_made += 1
    _record_needs(
        landlord,
        resident,
        resident_needs.vulnerabilities,
        resident_needs.adjustments,
        since=tenancy.start_date,
    )
