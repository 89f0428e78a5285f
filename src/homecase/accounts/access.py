"""Role checks. Roles are Django groups named after `Role` values, read once per request."""

from collections.abc import Iterable

from homecase.accounts.models import STAFF_ROLES, Role, User


def roles_of(user: User) -> frozenset[str]:
    """The role names the user holds (cached on the user object for the request)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_homecase_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._homecase_roles = cached
    return cached


def has_role(user: User, *roles: Role | str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_member(user: User) -> bool:
    """Staff who work cases in the console (not contractors, not the board)."""
    return bool(roles_of(user) & STAFF_ROLES) or (user.is_authenticated and user.is_superuser)


def role_labels(user: User) -> Iterable[str]:
    return [Role(name).label for name in sorted(roles_of(user)) if name in Role.values]
