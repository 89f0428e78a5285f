"""Reads about homes and residents: the staff search, a resident's home and household."""

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from homecase.accounts.models import User
from homecase.housing import rules
from homecase.housing.models import Home, Resident
from homecase.records.models import Case, CaseKind

SEARCH_LIMIT = 50
_REFERENCE = re.compile(r"^[RCA]-\d{4}-\d{1,6}$", re.IGNORECASE)
_UPRN = re.compile(r"^\d{1,12}$")
_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$", re.IGNORECASE)


@dataclass
class SearchResults:
    query: str
    residents: list[Resident] = field(default_factory=list)
    homes: list[Home] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.residents or self.homes or self.cases)


def _homes() -> QuerySet[Home]:
    return Home.objects.select_related("block", "estate")


def _residents() -> QuerySet[Resident]:
    return Resident.objects.select_related("home")


def search_everything(*, query: str, with_asb: bool = False) -> SearchResults:
    """Find residents, homes and cases by name, address, postcode, UPRN or case reference.

    Anti-social behaviour cases are found only `with_asb` (the searcher holds the ASB role):
    for anyone else an ASB reference finds nothing, as a reference that does not exist."""
    text = " ".join(query.split())
    results = SearchResults(query=text)
    if len(text) < 2:
        return results
    if _REFERENCE.match(text):
        cases = Case.objects.select_related("home", "resident").filter(
            reference=_normalise_reference(text)
        )
        if not with_asb:
            cases = cases.exclude(kind=CaseKind.ASB)
        results.cases = list(cases)
    elif _UPRN.match(text):
        results.homes = list(_homes().filter(uprn=str(int(text))))
    elif rules.looks_like_postcode(text) or _OUTWARD_CODE.match(text):
        results.homes = _by_postcode(text)
        results.residents = list(_residents().filter(home__in=results.homes)[:SEARCH_LIMIT])
    else:
        results.residents = _residents_by_name(text)
        results.homes = list(_homes().filter(address_line_1__icontains=text)[:SEARCH_LIMIT])
    return results


def _normalise_reference(text: str) -> str:
    prefix, year, number = text.upper().split("-")
    return f"{prefix}-{year}-{int(number):06d}"


def _by_postcode(text: str) -> list[Home]:
    if rules.looks_like_postcode(text):
        return list(_homes().filter(postcode=rules.normalise_postcode(text))[:SEARCH_LIMIT])
    return list(_homes().filter(postcode__istartswith=f"{text.upper()} ")[:SEARCH_LIMIT])


def _residents_by_name(text: str) -> list[Resident]:
    condition = Q()
    for word in text.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return list(_residents().filter(condition)[:SEARCH_LIMIT])


def resident_for_user(*, user: User) -> Resident | None:
    if not user.is_authenticated:
        return None
    return (
        Resident.objects.select_related("home__block__estate", "home__estate", "tenancy")
        .filter(user=user)
        .first()
    )


def household_of(*, resident: Resident) -> QuerySet[Resident]:
    """Everyone recorded as living in the resident's home, the resident first."""
    if resident.home_id is None:
        return Resident.objects.filter(pk=resident.pk)
    return Resident.objects.filter(home_id=resident.home_id).order_by("-household_role", "pk")


def home_detail(*, home_id: int) -> Home | None:
    return _homes().prefetch_related("residents", "tenancies").filter(pk=home_id).first()


def resident_detail(*, resident_id: int) -> Resident | None:
    return (
        _residents()
        .prefetch_related("vulnerabilities", "adjustments", "representatives")
        .filter(pk=resident_id)
        .first()
    )
