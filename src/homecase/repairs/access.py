"""Who may see or act on a repair. Residents see the jobs on their own home, the ones they
reported and the ones their report was joined to; representatives see them while the
resident's consent covers the job; staff see all; a contractor sees only its own work orders
(another contractor's order is "not found")."""

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import Role, User
from homecase.common.time import now
from homecase.housing.models import Resident
from homecase.records.models import Event
from homecase.repairs.models import Contractor, Repair, WorkOrder

# Who works repairs in the console (triage, orders, appointments...): see services._common.
REPAIRS_ROLES = (Role.REPAIRS_PLANNER, Role.CONTACT_AGENT, Role.MANAGER)


def can_work_repairs(user: User) -> bool:
    """May work repairs in the console (planners, contact agents, managers, superusers)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, *REPAIRS_ROLES)


def _resident_of(user: User) -> Resident | None:
    return Resident.objects.filter(user=user).first() if user.is_authenticated else None


def _concerns(repair: Repair, resident: Resident) -> bool:
    """The resident reported the job, it is on their home, or they reported the same problem
    and it was joined to this job (a communal repair someone else reported first)."""
    case = repair.case
    if case.resident_id == resident.pk:
        return True
    if case.home_id is not None and case.home_id == resident.home_id:
        return True
    return Event.objects.filter(
        timeline_id=case.timeline_id, kind="repair.report_joined", data__reporter_id=resident.pk
    ).exists()


def can_see_repair(user: User, repair: Repair) -> bool:
    """Staff; the resident whose home or report it is; a representative whose consent covers
    it today; a contractor with a work order on it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_staff_member(user):
        return True
    resident = _resident_of(user)
    if resident is not None and _concerns(repair, resident):
        return True
    if repair.case.resident_id is not None:
        today = now().date()
        for representative in repair.case.resident.representatives.filter(user=user):
            if representative.covers(repair.case.reference, today):
                return True
    firm = contractor_of(user)
    return firm is not None and repair.work_orders.filter(contractor=firm).exists()


def contractor_of(user: User) -> Contractor | None:
    """The contractor a user works for (None unless they hold the contractor role)."""
    if not user.is_authenticated or not user.is_active or not has_role(user, Role.CONTRACTOR):
        return None
    return user.contractors.order_by("pk").first()


def can_update_work_order(user: User, work_order: WorkOrder) -> bool:
    """Repairs staff may update any order; a contractor only its own."""
    if can_work_repairs(user):
        return True
    firm = contractor_of(user)
    return firm is not None and work_order.contractor_id == firm.pk
