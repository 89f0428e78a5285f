"""Two journeys through a real browser, each page checked by axe-core on the way."""

import pytest
from playwright.sync_api import expect

from homecase.housing.models import ContactFormat
from homecase.records.models import Channel
from homecase.records.services import case_open
from tests.browser.conftest import assert_accessible
from tests.factories import HomeFactory, ResidentFactory, UserFactory, resident_with_login

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_asks_for_large_print(page):
    # given
    resident = resident_with_login(first_name="Amara", last_name="Okafor")

    # when: signing in
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to your Riverside Commons Housing account"
    )
    assert_accessible(page)
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then: their home
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home")
    expect(page.get_by_text(resident.home.address_line_1)).to_be_visible()
    assert_accessible(page)

    # when: asking for large print
    page.get_by_role("link", name="Change how we contact you").click()
    expect(page).to_have_title("Contact preferences – Your account – Riverside Commons Housing")
    assert_accessible(page)
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Save contact preferences").click()

    # then: confirmed and recorded
    expect(page.get_by_text("Your contact preferences have been saved.")).to_be_visible()
    expect(page.get_by_text("Large print", exact=True)).to_be_visible()
    assert_accessible(page)
    resident.refresh_from_db()
    assert resident.preferred_format == ContactFormat.LARGE_PRINT

    # when: signing out
    page.get_by_role("button", name="Sign out").click()

    # then
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert_accessible(page)


def test_staff_find_a_resident_by_postcode_and_open_their_case(page):
    # given
    staff = UserFactory(roles=["contact_agent"])
    resident = ResidentFactory(
        first_name="Amara", last_name="Okafor", home=HomeFactory(postcode="E3 2AB")
    )
    case = case_open(
        kind="repair",
        title="Leaking kitchen tap",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported by phone",
        home=resident.home,
        resident=resident,
    )

    # when: signing in
    page.goto("/console/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the staff console")
    assert_accessible(page)
    page.get_by_label("Email address or username").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then: the search page
    search_box = page.get_by_label("Search by name, address, postcode, UPRN or case reference")
    expect(search_box).to_be_visible()
    assert_accessible(page)

    # when: searching by postcode
    search_box.fill("e3 2ab")
    page.get_by_role("button", name="Search").click()

    # then
    expect(page.get_by_role("table", name="Residents")).to_be_visible()
    assert_accessible(page)

    # when: opening the resident, then the case
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara Okafor")
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()

    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Leaking kitchen tap")
    expect(page.get_by_text("Reported by phone")).to_be_visible()
    assert_accessible(page)
