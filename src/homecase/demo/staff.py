"""The demo landlord's people who sign in: staff in every role, a contractor, a board member
(the Member Responsible for Complaints) and an administrator, with one fixed demo password.

`DEMO_SIGN_INS` is the list printed by `homecase demo-data` and copied into the README. There is
no accounts service yet, so users are created with the ORM.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from homecase.accounts.models import Role, User
from homecase.housing.models import Resident

DEMO_PASSWORD = "homecase-demo"  # noqa: S105 - a published demo password, never a real one
DEMO_RESIDENT_EMAIL = "amina.hassan@example.org"


@dataclass(frozen=True)
class SignIn:
    who: str
    username: str
    password: str = DEMO_PASSWORD


@dataclass(frozen=True)
class StaffPlan:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    who: str


STAFF: tuple[StaffPlan, ...] = (
    StaffPlan(
        "agent@homecase.example", "Priya", "Shah", (Role.CONTACT_AGENT,), "Contact centre agent"
    ),
    StaffPlan(
        "complaints@homecase.example",
        "Daniel",
        "Mensah",
        (Role.COMPLAINT_OFFICER,),
        "Complaint officer",
    ),
    # Stage 2 must be considered by someone other than the stage 1 officer (Code 6.13).
    StaffPlan(
        "reviews@homecase.example",
        "Helen",
        "Osei",
        (Role.COMPLAINT_OFFICER,),
        "Complaint officer (stage 2 reviews)",
    ),
    StaffPlan(
        "repairs@homecase.example", "Kate", "Byrne", (Role.REPAIRS_PLANNER,), "Repairs planner"
    ),
    # Neighbourhood officers handle ASB on their patch, so one person holds both roles.
    StaffPlan(
        "neighbourhood@homecase.example",
        "Tomasz",
        "Nowicki",
        (Role.NEIGHBOURHOOD_OFFICER, Role.ASB_OFFICER),
        "Neighbourhood and ASB officer",
    ),
    StaffPlan(
        "manager@homecase.example", "Ruth", "Adeyemi", (Role.MANAGER,), "Housing services manager"
    ),
    StaffPlan(
        "contractor@eastway-building.example",
        "Gary",
        "Holt",
        (Role.CONTRACTOR,),
        "Contractor (Eastway Building Services)",
    ),
    StaffPlan(
        "board@homecase.example",
        "Farah",
        "Qureshi",
        (Role.BOARD_MEMBER,),
        "Board member (Member Responsible for Complaints)",
    ),
)
ADMIN_USERNAME = "admin"

DEMO_SIGN_INS: tuple[SignIn, ...] = (
    SignIn("Resident (Heron House, the higher-risk block)", DEMO_RESIDENT_EMAIL),
    *(SignIn(plan.who, plan.username) for plan in STAFF),
    SignIn("Administrator (superuser)", ADMIN_USERNAME),
)


def sign_ins_table() -> list[str]:
    """The demo sign-ins as aligned lines, to print at the end of `homecase demo-data`."""
    who = max(len(s.who) for s in DEMO_SIGN_INS)
    username = max(len(s.username) for s in DEMO_SIGN_INS)
    return [f"{s.who:<{who}}  {s.username:<{username}}  {s.password}" for s in DEMO_SIGN_INS]


def _user(
    username: str, *, email: str, first_name: str, last_name: str, password_hash: str, **flags: bool
) -> User:
    # Left alone if it exists (e.g. an administrator someone made with createsuperuser).
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "password": password_hash,
            **flags,
        },
    )
    return user


def demo_password_hash() -> str:
    """Hashed once and shared: hashing is deliberately slow, and these accounts are public."""
    return make_password(DEMO_PASSWORD)


def staff_create(*, password_hash: str) -> dict[str, User]:
    """Every staff, contractor and board account, by username, each in its role groups."""
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    users = {}
    for plan in STAFF:
        user = _user(
            plan.username,
            email=plan.username,
            first_name=plan.first_name,
            last_name=plan.last_name,
            password_hash=password_hash,
        )
        user.groups.add(*(groups[role] for role in plan.roles))
        users[plan.username] = user
    return users


def admin_create(*, password_hash: str) -> User:
    return _user(
        ADMIN_USERNAME,
        email="admin@homecase.example",
        first_name="Sam",
        last_name="Okoro",
        password_hash=password_hash,
        is_staff=True,
        is_superuser=True,
    )


def resident_user_create(*, resident: Resident, password_hash: str) -> User:
    """A resident's portal account (residents sign in with their email address), linked to
    their record. There is no service for giving a resident an account yet, so the link is
    made with the ORM."""
    user = _user(
        resident.email,
        email=resident.email,
        first_name=resident.first_name,
        last_name=resident.last_name,
        password_hash=password_hash,
    )
    Resident.objects.filter(pk=resident.pk).update(user=user)
    resident.user = user
    return user
