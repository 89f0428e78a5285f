"""Who may see a complaint: for a resident or representative, "not yours" and "not found" are
the same answer; the console is for staff; only handlers work a complaint or see conduct."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import NotFound, PermissionDenied
from homecase.complaints import access
from homecase.complaints.models import Complainant
from homecase.complaints.services import Signer
from homecase.housing.services import representative_add
from tests.complaints import factories as make
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime(2024, 9, 2, 10, tzinfo=ZoneInfo("Europe/London"))
NOT_FOUND = "We could not find that complaint."


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def complaint():
    return make.received_complaint()


def test_a_resident_sees_their_own_complaint_by_its_reference(complaint):
    found = access.access_complaint_for_resident(
        resident=complaint.case.resident, reference=f" {complaint.reference.lower()} "
    )
    assert found == complaint


@pytest.mark.parametrize("whose", ["someone else's", "nobody's"])
def test_not_yours_and_not_found_are_the_same_answer(complaint, whose):
    reference = complaint.reference if whose == "someone else's" else "C-2024-999999"
    with pytest.raises(NotFound) as error:
        access.access_complaint_for_resident(resident=ResidentFactory(), reference=reference)
    assert (error.value.message, error.value.field) == (NOT_FOUND, None)


def test_a_signer_of_a_petition_sees_it():
    signer = ResidentFactory()
    petition = make.received_complaint(
        complainant=Complainant.PETITION,
        signers=[Signer(name="Ann"), Signer(name="Bo", resident=signer)],
    )
    assert (
        access.access_complaint_for_resident(resident=signer, reference=petition.reference)
        == petition
    )


def represent(resident, user, **kwargs):
    rep = representative_add(
        resident=resident,
        actor=None,
        name="Grace",
        relationship="advocate",
        consent_given_on=date(2024, 8, 1),
        consent_method="Signed form",
        **kwargs,
    )
    rep.user = user
    rep.save(update_fields=["user"])
    return rep


@pytest.mark.parametrize(
    ("consent", "sees"),
    [
        pytest.param({}, True, id="all cases"),
        pytest.param({"case_references": ["C-2024-000001"]}, True, id="this case named"),
        pytest.param({"case_references": ["R-2024-000001"]}, False, id="other cases only"),
        pytest.param({"valid_until": date(2024, 9, 1)}, False, id="expired"),
    ],
)
def test_a_representative_sees_what_their_consent_covers(complaint, consent, sees):
    # given
    user = UserFactory()
    represent(complaint.case.resident, user, **consent)
    # when / then
    if sees:
        found = access.access_complaint_for_representative(user=user, reference=complaint.reference)
        assert found == complaint
    else:
        with pytest.raises(NotFound) as error:
            access.access_complaint_for_representative(user=user, reference=complaint.reference)
        assert error.value.message == NOT_FOUND


def test_a_representative_of_someone_else_is_told_not_found(complaint):
    user = UserFactory()
    represent(ResidentFactory(), user)
    with pytest.raises(NotFound) as error:
        access.access_complaint_for_representative(user=user, reference=complaint.reference)
    assert error.value.message == NOT_FOUND


def test_a_third_party_complaint_has_no_representative():
    complaint = make.received_complaint(complainant="third_party", third_party_name="Mr Lee")
    with pytest.raises(NotFound):
        access.access_complaint_for_representative(
            user=UserFactory(), reference=complaint.reference
        )


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ([], False),
        (["contractor"], False),
        (["board_member"], False),
        (["contact_agent"], True),
        (["complaint_officer"], True),
        (["manager"], True),
    ],
)
def test_only_staff_see_complaints_in_the_console(complaint, roles, allowed):
    user = UserFactory(roles=roles)
    if allowed:
        assert access.access_complaint_for_staff(user=user, reference=complaint.reference) == (
            complaint
        )
    else:
        with pytest.raises(PermissionDenied) as error:
            access.access_complaint_for_staff(user=user, reference=complaint.reference)
        assert error.value.message == "Only staff can see complaints in the console."


def test_staff_are_told_when_there_is_no_such_complaint():
    with pytest.raises(NotFound) as error:
        access.access_complaint_for_staff(
            user=UserFactory(roles=["contact_agent"]), reference="C-2024-999999"
        )
    assert error.value.message == "There is no complaint C-2024-999999."


@pytest.mark.parametrize(
    ("roles", "handles"),
    [
        ([], False),
        (["contact_agent"], False),
        (["repairs_planner"], False),
        (["complaint_officer"], True),
        (["manager"], True),
    ],
)
def test_only_complaint_officers_and_managers_handle_and_see_conduct(roles, handles):
    user = UserFactory(roles=roles)
    assert access.can_handle(user) is handles
    assert access.can_see_conduct(user) is handles
