"""What the console's resident, home and case pages read, gathered page by page.

The rows come from housing's and records' selectors; what is added here are the few reads those
do not offer yet (a resident's own timeline for staff, the cases of a resident or home, a
case's deadlines), each one query, so that every page's query count stays fixed however much
is recorded."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from homecase.accounts.models import User
from homecase.asb.access import can_work_asb
from homecase.complaints.models import ComplaintOffer, ContactRestriction
from homecase.complaints.selectors import pending_offers, restrictions_for
from homecase.housing.models import (
    Home,
    ReasonableAdjustment,
    Representative,
    Resident,
    Tenancy,
    Vulnerability,
)
from homecase.housing.selectors import household_of
from homecase.records.models import Case, CaseKind, Deadline, Event, Visibility
from homecase.records.selectors import timeline_for_staff

TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class ResidentPage:
    resident: Resident
    household: list[Resident]
    vulnerabilities: list[Vulnerability]
    adjustments: list[ReasonableAdjustment]
    representatives: list[Representative]
    cases: list[Case]
    timeline: list[Event]
    # Active contact restrictions, each with `review_overdue` set (review date passed).
    restrictions: list[ContactRestriction] = field(default_factory=list)


@dataclass(frozen=True)
class HomePage:
    home: Home
    higher_risk: bool
    tenancy: Tenancy | None
    residents: list[Resident]
    cases: list[Case]


@dataclass(frozen=True)
class CasePage:
    case: Case
    deadlines: list[Deadline]
    timeline: list[Event]
    # Offers of a complaint still to be put to the resident (Code 1.3).
    offers: list[ComplaintOffer] = field(default_factory=list)


def _current(records, today: date) -> list:
    """Consented records still in force (not ended), soonest review first."""
    return sorted(
        (r for r in records if r.ended_on is None or r.ended_on > today),
        key=lambda r: (r.review_on, r.pk),
    )


def _events_for_staff(events: QuerySet[Event]) -> list[Event]:
    """Newest first; internal (restricted) events are never shown in the console."""
    return list(
        events.exclude(visibility=Visibility.INTERNAL)
        .select_related("actor")
        .order_by("-sequence")[:TIMELINE_LIMIT]
    )


def _cases_for(user: User, cases: QuerySet[Case]) -> QuerySet[Case]:
    """ASB cases are listed only to staff with the ASB role: they name victims and alleged
    perpetrators (for anyone else they are not there at all)."""
    return cases if can_work_asb(user) else cases.exclude(kind=CaseKind.ASB)


def resident_page(*, resident: Resident, today: date, user: User) -> ResidentPage:
    """`resident` as returned by housing.selectors.resident_detail (consents prefetched), as
    `user` may see it."""
    cases = _cases_for(user, Case.objects.filter(resident=resident))
    cases = cases.select_related("home").order_by("-opened_at")
    return ResidentPage(
        resident=resident,
        household=list(household_of(resident=resident).exclude(pk=resident.pk)),
        vulnerabilities=_current(resident.vulnerabilities.all(), today),
        adjustments=_current(resident.adjustments.all(), today),
        representatives=sorted(resident.representatives.all(), key=lambda r: (r.name, r.pk)),
        cases=list(cases),
        timeline=_events_for_staff(Event.objects.filter(timeline_id=resident.timeline_id)),
        restrictions=_restrictions(resident, today),
    )


def _restrictions(resident: Resident, today: date) -> list[ContactRestriction]:
    restrictions = list(restrictions_for(resident=resident))
    for restriction in restrictions:
        restriction.review_overdue = restriction.review_on < today
    return restrictions


def home_page(*, home: Home, user: User) -> HomePage:
    """`home` as returned by housing.selectors.home_detail (residents, tenancies prefetched),
    as `user` may see it."""
    residents = list(home.residents.all())
    tenancy = next((t for t in home.tenancies.all() if t.end_date is None), None)
    higher_risk = home.block.is_higher_risk() if home.block_id else False
    cases = _cases_for(user, Case.objects.filter(home=home))
    cases = cases.select_related("resident").order_by("-opened_at")
    return HomePage(
        home=home,
        higher_risk=higher_risk,
        tenancy=tenancy,
        residents=sorted(residents, key=lambda r: (r.last_name, r.first_name)),
        cases=list(cases),
    )


def case_page(*, case: Case) -> CasePage:
    deadlines = list(Deadline.objects.filter(case=case).order_by("due_at", "pk"))
    timeline = list(timeline_for_staff(case=case).reverse()[:TIMELINE_LIMIT])
    offers = list(pending_offers(case_id=case.pk))
    return CasePage(case=case, deadlines=deadlines, timeline=timeline, offers=offers)
