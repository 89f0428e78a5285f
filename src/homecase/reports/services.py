"""Writes of the governance area: an officer's assessment of a Code provision.

Assessments are never changed: each is a new row, so the self-assessment keeps its history."""

from django.db import transaction
from django.utils import timezone

from homecase.accounts.access import has_role
from homecase.accounts.models import Role, User
from homecase.common.errors import InvalidInput, PermissionDenied
from homecase.reports.code_provisions import provision_get
from homecase.reports.models import AssessmentStatus, ProvisionAssessment

ASSESSORS = (Role.COMPLAINT_OFFICER, Role.MANAGER)


def can_assess(user: User) -> bool:
    """Complaint officers and managers (and superusers) confirm the self-assessment."""
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, *ASSESSORS)))


@transaction.atomic
def provision_assess(
    *, provision: str, status: str, explanation: str, actor: User, evidence: str = ""
) -> ProvisionAssessment:
    """Record the actor's status for one Code provision; an explanation is required unless it
    is compliant. The provision's earlier assessments are kept as its history."""
    if not can_assess(actor):
        raise PermissionDenied("Only complaint officers and managers can assess the Code.")
    if provision_get(provision) is None:
        raise InvalidInput(f"There is no provision {provision} in the Code.", field="provision")
    if status not in AssessmentStatus.values:
        raise InvalidInput("Choose compliant, partly compliant or not compliant.", field="status")
    explanation = explanation.strip()
    if status != AssessmentStatus.COMPLIANT and not explanation:
        raise InvalidInput(
            "Explain why the provision is not fully met and what is being done about it.",
            field="explanation",
        )
    return ProvisionAssessment.objects.create(
        provision=provision,
        status=status,
        explanation=explanation,
        evidence=evidence.strip(),
        assessed_by=actor,
        assessed_at=timezone.now(),
    )
