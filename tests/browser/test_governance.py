"""A board member's visit to the governance area in a real browser: signing in, the hub, the
TSM return, the annual complaints report, the self-assessment and the board dashboard; and a
resident's look at the public performance page. Every page is checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.complaints.factories import responded_complaint
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_signs_in_and_reads_the_reports(page):
    # given: a board member, and a complaint answered this year
    member = UserFactory(roles=["board_member"], first_name="Grace", last_name="Mensah")
    responded_complaint()

    # when: asking for the governance area before signing in
    page.goto("/governance/")

    # then: the sign-in page, which is itself accessible
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to governance")
    assert_accessible(page)

    # when: signing in
    page.get_by_label("Email address or username").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then: the hub, linking to each report
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance")
    for report in ("Tenant Satisfaction Measures", "Annual complaints report", "Board dashboard"):
        expect(page.get_by_role("link", name=report)).to_be_visible()
    assert_accessible(page)

    # when / then: each report from the navigation opens and is accessible
    navigation = page.get_by_role("navigation", name="Menu")
    for item, heading in (
        ("TSM", "Tenant Satisfaction Measures"),
        ("Complaints report", "complaints"),
        ("Self-assessment", "self-assessment"),
        ("Dashboard", "Board dashboard"),
    ):
        navigation.get_by_role("link", name=item, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            re.compile(heading, re.IGNORECASE)
        )
        assert_accessible(page)

    # when: signing out
    page.get_by_role("button", name="Sign out").click()

    # then: back at sign-in
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_a_resident_is_turned_away_and_sees_the_public_page(page):
    # given: someone with no governance role
    contact_agent = UserFactory(roles=["contact_agent"])

    # when: signing in to governance
    page.goto("/governance/sign-in/")
    page.get_by_label("Email address or username").fill(contact_agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then: told plainly why not, and where to look instead
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see the governance area")
    assert_accessible(page)
    page.get_by_role("link", name="public performance page").click()

    # then: the public page, with no sign-in
    expect(page.get_by_role("heading", level=1)).to_have_text("How we are doing")
    expect(page.get_by_role("heading", name="Our annual complaints report")).to_be_visible()
    assert_accessible(page)
