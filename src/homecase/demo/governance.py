"""Demo data for the governance area: a few Code provisions assessed by the complaints team, one
of them twice so that its history shows."""

from homecase.accounts.models import User
from homecase.reports.models import AssessmentStatus, ProvisionAssessment
from homecase.reports.services import provision_assess

OFFICER = "complaints@homecase.example"
MANAGER = "manager@homecase.example"

ASSESSMENTS = [
    (OFFICER, "4.1", AssessmentStatus.COMPLIANT, "The complaints team is named in the policy."),
    (OFFICER, "5.2", AssessmentStatus.COMPLIANT, "Homecase allows two stages and no other."),
    (
        OFFICER,
        "6.2",
        AssessmentStatus.PARTLY,
        "Acknowledgements slipped during the spring backlog; a daily queue check now runs.",
    ),
    (
        MANAGER,
        "6.2",
        AssessmentStatus.COMPLIANT,
        "Re-assessed after three months of acknowledgements on time.",
    ),
    (
        MANAGER,
        "9.4",
        AssessmentStatus.NOT_COMPLIANT,
        "The Board has not yet named its Member Responsible for Complaints; due at its next "
        "meeting.",
    ),
]


def record_demo_self_assessment(staff: dict[str, User]) -> list[ProvisionAssessment]:
    """Assess a few provisions as the demo complaints officer and manager, oldest first."""
    recorded = []
    for actor, provision, status, explanation in ASSESSMENTS:
        recorded.append(
            provision_assess(
                provision=provision,
                status=status,
                explanation=explanation,
                actor=staff[actor],
            )
        )
    return recorded
