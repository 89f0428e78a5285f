"""Who may see an ASB case. The record names victims, witnesses and alleged perpetrators, so it is
open only to staff with the ASB role (and superusers): any other member of staff gets the same
"no such case" as for a reference that does not exist. A resident sees only a case they reported
(and a representative only while the reporter's consent covers it); an alleged perpetrator never
sees the case, even when they also hold a login or made a report."""

from homecase.accounts.access import has_role
from homecase.accounts.models import Role, User
from homecase.asb.models import AsbCase, AsbParty, AsbReport, PartyRole
from homecase.common.time import now
from homecase.housing.models import Resident

# Who works ASB cases (see services._common.ASB_ROLES).
ASB_ROLES = (Role.ASB_OFFICER,)


def _active(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_work_asb(user: User | None) -> bool:
    """May see and work every ASB case: an active ASB officer, or a superuser."""
    if not _active(user):
        return False
    return user.is_superuser or has_role(user, *ASB_ROLES)


def resident_of(user: User | None) -> Resident | None:
    """The resident who signs in as this user (None for staff and representatives)."""
    if not _active(user):
        return None
    return Resident.objects.filter(user=user).first()


def is_alleged_perpetrator(resident: Resident, asb: AsbCase) -> bool:
    return AsbParty.objects.filter(
        asb=asb, resident=resident, role=PartyRole.ALLEGED_PERPETRATOR
    ).exists()


def reported(resident: Resident, asb: AsbCase) -> bool:
    """The resident reported the matter: the case's reporter, or a further report joined it."""
    if asb.case.resident_id == resident.pk:
        return True
    return AsbReport.objects.filter(asb=asb, reporter=resident).exists()


def _represents_reporter(user: User, asb: AsbCase) -> bool:
    reporter = asb.case.resident
    if reporter is None:
        return False
    if is_alleged_perpetrator(reporter, asb):
        return False
    today = now().date()
    return any(
        representative.covers(asb.case.reference, today)
        for representative in reporter.representatives.filter(user=user)
    )


def can_see_as_resident(user: User | None, asb: AsbCase) -> bool:
    """A resident who reported the case (never one named as an alleged perpetrator), or a
    representative of the case's reporter whose consent covers the reference today."""
    if not _active(user):
        return False
    resident = resident_of(user)
    if resident is not None:
        if is_alleged_perpetrator(resident, asb):
            return False
        if reported(resident, asb):
            return True
    return _represents_reporter(user, asb)
