"""Who may see or act on a complaint. For a resident, "not yours" and "not found" are the same
answer (NotFound), so a reference cannot be used to learn that a complaint exists."""

from homecase.accounts import access as accounts
from homecase.accounts.models import Role, User
from homecase.common.errors import NotFound, PermissionDenied
from homecase.common.time import now
from homecase.complaints.models import Complaint
from homecase.housing.models import Resident

# Roles that may work complaints (log, acknowledge, respond...). Any staff member may log one.
HANDLERS = (Role.COMPLAINT_OFFICER, Role.MANAGER)


def _with_case():
    return Complaint.objects.select_related("case__home", "case__resident", "case__timeline")


def access_complaint_for_resident(*, resident: Resident, reference: str) -> Complaint:
    """The resident's own complaint, or one a signer of a petition they signed, or NotFound."""
    complaint = _with_case().filter(case__reference=reference.strip().upper()).first()
    if complaint is None or not _concerns(complaint, resident):
        raise NotFound("We could not find that complaint.")
    return complaint


def _concerns(complaint: Complaint, resident: Resident) -> bool:
    if complaint.case.resident_id == resident.pk:
        return True
    return complaint.signatories.filter(resident=resident).exists()


def access_complaint_for_representative(*, user: User, reference: str) -> Complaint:
    """A complaint whose resident this user represents, with consent covering it today."""
    complaint = _with_case().filter(case__reference=reference.strip().upper()).first()
    if complaint is None or complaint.case.resident is None:
        raise NotFound("We could not find that complaint.")
    today = now().date()
    reps = complaint.case.resident.representatives.filter(user=user)
    if not any(rep.covers(complaint.reference, today) for rep in reps):
        raise NotFound("We could not find that complaint.")
    return complaint


def access_complaint_for_staff(*, user: User, reference: str) -> Complaint:
    if not accounts.is_staff_member(user):
        raise PermissionDenied("Only staff can see complaints in the console.")
    complaint = _with_case().filter(case__reference=reference.strip().upper()).first()
    if complaint is None:
        raise NotFound(f"There is no complaint {reference}.")
    return complaint


def can_handle(user: User) -> bool:
    """May work a complaint through its stages (acknowledge, extend, respond...)."""
    return accounts.has_role(user, *HANDLERS)


def can_see_conduct(user: User) -> bool:
    """Conduct complaints name a person: only complaint officers and managers see that."""
    return accounts.has_role(user, *HANDLERS)
