"""Who may see the governance area and who may produce evidence packs.

The governance area is for the Board (and its Member Responsible for Complaints), managers and
complaint officers; evidence packs are produced by any staff member or board member."""

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import Role, User

GOVERNANCE_ROLES = (Role.BOARD_MEMBER, Role.MANAGER, Role.COMPLAINT_OFFICER)


def can_see_governance(user: User) -> bool:
    """Board members, managers, complaint officers and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, *GOVERNANCE_ROLES)


def can_produce_evidence(user: User) -> bool:
    """Any staff member or board member may produce an Ombudsman evidence pack."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_staff_member(user) or has_role(user, Role.BOARD_MEMBER)
