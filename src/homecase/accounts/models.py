"""The user account. What a person may do comes from their roles (Django groups named by role)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class Role(models.TextChoices):
    """Staff and governance roles (ARCHITECTURE.md "Roles"). Residents have no role: their
    access comes from their own home and cases."""

    CONTACT_AGENT = "contact_agent", "Contact centre agent"
    COMPLAINT_OFFICER = "complaint_officer", "Complaint officer"
    REPAIRS_PLANNER = "repairs_planner", "Repairs planner"
    NEIGHBOURHOOD_OFFICER = "neighbourhood_officer", "Neighbourhood officer"
    ASB_OFFICER = "asb_officer", "ASB officer"
    MANAGER = "manager", "Manager"
    CONTRACTOR = "contractor", "Contractor"
    BOARD_MEMBER = "board_member", "Board member"


STAFF_ROLES = frozenset(
    {
        Role.CONTACT_AGENT,
        Role.COMPLAINT_OFFICER,
        Role.REPAIRS_PLANNER,
        Role.NEIGHBOURHOOD_OFFICER,
        Role.ASB_OFFICER,
        Role.MANAGER,
    }
)


class User(AbstractUser):
    """A person who signs in. Residents sign in with their email address as username."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message="Another account already uses this email address.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
