"""Writes about homes and residents: validation, consent, and the resident's own timeline."""

from datetime import date

import pytest

from homecase.common.errors import Conflict, InvalidInput
from homecase.housing import services
from homecase.housing.models import Home, Resident
from tests.factories import BlockFactory, HomeFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_resident(**overrides) -> Resident:
    fields = {
        "actor": None,
        "first_name": "Amina",
        "last_name": "Hassan",
        "home": HomeFactory(),
        "email": "amina@example.org",
        "phone": "07700 900001",
    }
    return services.resident_create(**(fields | overrides))


def test_a_home_gets_a_normalised_postcode_and_uprn():
    block = BlockFactory()
    home = services.home_create(
        uprn="0100023336956",
        address_line_1="Flat 3, Heron House",
        town="London",
        postcode="e3 2ab",
        home_type="flat",
        block=block,
    )
    assert (home.uprn, home.postcode, home.estate) == ("100023336956", "E3 2AB", block.estate)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"uprn": "12345678901234"}, "is not a UPRN"),
        ({"postcode": "NOWHERE"}, "UK postcode"),
        ({"home_type": "castle"}, "type of home"),
        ({"nation": "wales"}, "calendar"),
    ],
)
def test_bad_home_details_are_refused_and_nothing_is_written(overrides, message):
    fields = {
        "uprn": "123",
        "address_line_1": "1 High Street",
        "town": "London",
        "postcode": "E3 2AB",
        "home_type": "house",
    }
    with pytest.raises(InvalidInput, match=message):
        services.home_create(**(fields | overrides))
    assert Home.objects.count() == 0


def test_a_duplicate_uprn_is_refused():
    HomeFactory(uprn="123")
    with pytest.raises(Conflict, match="UPRN 123 is already recorded"):
        services.home_create(
            uprn="000123",
            address_line_1="1 High Street",
            town="London",
            postcode="E3 2AB",
            home_type="house",
        )


def test_creating_a_resident_starts_their_timeline():
    agent = UserFactory(first_name="Tom", last_name="Reid")
    resident = new_resident(actor=agent)
    event = resident.timeline.events.get()
    assert (event.kind, event.summary, event.actor_name) == (
        "resident.created",
        "Record created for Amina Hassan",
        "Tom Reid",
    )


def test_a_duplicate_resident_email_is_refused_whatever_its_case():
    new_resident(email="amina@example.org")
    with pytest.raises(Conflict, match="already uses this email"):
        new_resident(email="AMINA@Example.org", first_name="Another")
    assert Resident.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "not an email address"),
        ({"first_name": " "}, "first and last name"),
        ({"preferred_channel": "sms", "phone": ""}, "phone number is needed"),
        ({"preferred_channel": "email", "email": ""}, "email address is needed"),
        ({"preferred_channel": "letter", "home": None}, "home address is needed"),
        ({"preferred_format": "comic_sans"}, "not a known format"),
    ],
)
def test_bad_resident_details_are_refused(overrides, message):
    with pytest.raises(InvalidInput, match=message):
        new_resident(**overrides)
    assert Resident.objects.count() == 0


def test_changing_contact_preferences_records_old_and_new_values():
    # given
    resident = new_resident()
    # when
    services.resident_update_contact_preferences(
        resident=resident, actor=None, preferred_format="large_print", preferred_channel="letter"
    )
    # then
    resident.refresh_from_db()
    assert (resident.preferred_format, resident.preferred_channel) == ("large_print", "letter")
    event = resident.timeline.events.get(kind="resident.contact_preferences_changed")
    assert event.data == {
        "preferred_format": {"old": "standard", "new": "large_print"},
        "preferred_channel": {"old": "email", "new": "letter"},
    }
    assert event.summary == "Contact preferences changed: preferred channel, preferred format"


def test_no_change_records_nothing():
    resident = new_resident()
    services.resident_update_contact_preferences(
        resident=resident, actor=None, preferred_format="standard"
    )
    assert resident.timeline.events.count() == 1


def test_a_refused_preference_change_changes_nothing():
    # given
    other = ResidentFactory(email="taken@example.org")
    resident = new_resident()
    # when / then
    with pytest.raises(Conflict):
        services.resident_update_contact_preferences(
            resident=resident, actor=None, email="Taken@example.org"
        )
    with pytest.raises(InvalidInput, match="phone number is needed"):
        services.resident_update_contact_preferences(
            resident=resident, actor=None, preferred_channel="sms", phone=""
        )
    resident.refresh_from_db()
    assert (resident.email, resident.phone, resident.preferred_channel) == (
        "amina@example.org",
        "07700 900001",
        "email",
    )
    assert resident.timeline.events.count() == 1
    assert other.email == "taken@example.org"


def test_changing_email_changes_the_sign_in_name():
    resident = new_resident()
    resident.user = UserFactory(username="amina@example.org", email="amina@example.org")
    resident.save(update_fields=["user"])
    services.resident_update_contact_preferences(
        resident=resident, actor=resident.user, email="amina.h@example.org"
    )
    resident.user.refresh_from_db()
    assert (resident.user.username, resident.user.email) == ("amina.h@example.org",) * 2


def test_vulnerabilities_and_adjustments_need_a_review_after_consent():
    resident = new_resident()
    with pytest.raises(InvalidInput, match="review date"):
        services.vulnerability_record(
            resident=resident,
            actor=None,
            kind="mobility",
            details="Uses a wheelchair",
            consent_given_on=date(2026, 1, 5),
            review_on=date(2026, 1, 5),
        )
    record = services.adjustment_record(
        resident=resident,
        actor=None,
        kind="large_print",
        details="",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2027, 1, 5),
    )
    assert record.review_on == date(2027, 1, 5)
    assert list(resident.timeline.events.values_list("kind", flat=True)) == [
        "resident.created",
        "resident.adjustment_recorded",
    ]


def test_a_representative_acts_for_the_cases_consented_to_until_the_end_date():
    resident = new_resident()
    rep = services.representative_add(
        resident=resident,
        actor=None,
        name="Citizens Advice Bow",
        relationship="advice_agency",
        consent_given_on=date(2026, 3, 1),
        consent_method="Signed consent form",
        case_references=["c-2026-000318"],
        valid_until=date(2026, 12, 31),
    )
    assert rep.covers("C-2026-000318", date(2026, 6, 1))
    assert not rep.covers("R-2026-000001", date(2026, 6, 1))
    assert not rep.covers("C-2026-000318", date(2027, 1, 1))
    with pytest.raises(InvalidInput, match="end before"):
        services.representative_add(
            resident=resident,
            actor=None,
            name="X",
            relationship="family",
            consent_given_on=date(2026, 3, 1),
            consent_method="Phone",
            valid_until=date(2026, 2, 1),
        )


def test_an_email_used_by_a_staff_account_is_refused():
    # given
    UserFactory(username="officer@example.org", email="officer@example.org")
    resident = new_resident()
    # when / then
    with pytest.raises(Conflict, match="already uses this email"):
        services.resident_update_contact_preferences(
            resident=resident, actor=None, email="Officer@example.org"
        )
    resident.refresh_from_db()
    assert resident.email == "amina@example.org"
