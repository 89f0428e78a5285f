"""Recording an officer's assessment of a Code provision: append-only, explained when not
compliant, and only by complaint officers and managers."""

import pytest

from homecase.common.errors import InvalidInput, PermissionDenied
from homecase.reports.models import ProvisionAssessment
from homecase.reports.selectors_self_assessment import current_assessments, history
from homecase.reports.services import provision_assess
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer():
    return UserFactory(roles=["complaint_officer"])


def test_a_new_assessment_is_kept_beside_the_old_one(officer):
    first = provision_assess(provision="6.2", status="compliant", explanation="", actor=officer)
    manager = UserFactory(roles=["manager"])
    second = provision_assess(
        provision="6.2", status="partly", explanation="  Backlog in May.  ", actor=manager
    )
    assert [a.pk for a in history("6.2")] == [second.pk, first.pk]
    assert current_assessments()["6.2"].pk == second.pk
    assert second.explanation == "Backlog in May."
    assert second.assessed_by == manager


def test_assessments_cannot_be_changed_or_deleted(officer):
    assessment = provision_assess(
        provision="6.2", status="compliant", explanation="", actor=officer
    )
    assessment.status = "not_compliant"
    with pytest.raises(TypeError):
        assessment.save()
    with pytest.raises(TypeError):
        assessment.delete()
    with pytest.raises(TypeError):
        ProvisionAssessment.objects.all().update(status="partly")
    assert ProvisionAssessment.objects.get().status == "compliant"


@pytest.mark.parametrize("status", ["partly", "not_compliant"])
def test_an_explanation_is_needed_unless_compliant(officer, status):
    with pytest.raises(InvalidInput) as refused:
        provision_assess(provision="6.3", status=status, explanation="   ", actor=officer)
    assert refused.value.field == "explanation"
    assert not ProvisionAssessment.objects.exists()


def test_unknown_provision_or_status_is_refused(officer):
    with pytest.raises(InvalidInput, match="no provision 6.99"):
        provision_assess(provision="6.99", status="compliant", explanation="", actor=officer)
    with pytest.raises(InvalidInput) as refused:
        provision_assess(provision="6.2", status="fine", explanation="", actor=officer)
    assert refused.value.field == "status"
    assert not ProvisionAssessment.objects.exists()


@pytest.mark.parametrize("roles", [["board_member"], ["contact_agent"], []])
def test_only_complaint_officers_and_managers_assess(roles):
    with pytest.raises(PermissionDenied):
        provision_assess(
            provision="6.2", status="compliant", explanation="", actor=UserFactory(roles=roles)
        )
    assert not ProvisionAssessment.objects.exists()


def test_the_demo_self_assessment_records_a_history():
    from homecase.demo.governance import record_demo_self_assessment
    from homecase.demo.staff import staff_create

    recorded = record_demo_self_assessment(staff_create(password_hash="unusable"))
    assert len(recorded) == ProvisionAssessment.objects.count() == 5
    current = current_assessments()
    assert current["6.2"].status == "compliant"  # the re-assessment, not the first
    assert [a.status for a in history("6.2")] == ["compliant", "partly"]
    assert current["9.4"].status == "not_compliant"
