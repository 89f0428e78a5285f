"""What a resident sees of their own record on the "Your home" page.

These reads sit with the portal because they choose what a resident may see (names and roles
of their household, never other people's contact details; no vulnerabilities, which are staff
notes); the rows come from housing's selectors and models."""

from dataclasses import dataclass
from datetime import date

from homecase.housing.models import ReasonableAdjustment, Representative, Resident
from homecase.housing.selectors import household_of


@dataclass(frozen=True)
class HouseholdMember:
    name: str
    role: str
    is_you: bool


@dataclass(frozen=True)
class YourHome:
    resident: Resident
    household: list[HouseholdMember]
    adjustments: list[ReasonableAdjustment]
    representatives: list[Representative]


def your_home(*, resident: Resident, today: date) -> YourHome:
    """The resident's home, tenancy, household and what is in place for them today."""
    household = [
        HouseholdMember(
            name=member.full_name,
            role=member.get_household_role_display(),
            is_you=member.pk == resident.pk,
        )
        for member in household_of(resident=resident).only(
            "first_name", "last_name", "household_role"
        )
    ]
    adjustments = list(resident.adjustments.exclude(ended_on__lte=today).order_by("kind", "pk"))
    representatives = [
        rep
        for rep in resident.representatives.order_by("name", "pk")
        if not (rep.withdrawn_on and rep.withdrawn_on <= today)
        and not (rep.valid_until and rep.valid_until < today)
    ]
    return YourHome(
        resident=resident,
        household=household,
        adjustments=adjustments,
        representatives=representatives,
    )
