"""Recording a contact that becomes a complaint, put right, in a real browser with axe."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect

from homecase.common.time import now
from homecase.complaints import services
from homecase.complaints.models import (
    Complaint,
    Remedy,
)
from tests.browser.conftest import assert_accessible
from tests.complaints.factories import (
    complaint_officer,
    contact_agent,
)
from tests.complaints.test_console_extra import (
    repair_case,
    url,  # noqa: F401
)
from tests.factories import ResidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _compensation_bands_in_force():
    # The bands are seeded by a data migration, and a transactional test run before this one
    # empties every table when it ends: put them back as the migration does.
    seeding = importlib.import_module("homecase.complaints.migrations.0002_compensation_bands")
    seeding.add_bands(django_apps, None)


# In a real browser, with axe-core on every page (run with `-m browser`)


def _sign_in(browser_page, user) -> None:
    browser_page.goto("/console/sign-in/")
    browser_page.get_by_label("Email address").fill(user.email)
    browser_page.get_by_label("Password").fill("correct horse battery staple")
    browser_page.get_by_role("button", name="Sign in").click()
    browser_page.wait_for_url("**/console/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_a_contact_becomes_a_complaint_put_right(page):
    # given
    agent = contact_agent()
    officer = complaint_officer(first_name="Priya", last_name="Shah")
    case = repair_case(ResidentFactory(first_name="Amara", last_name="Okafor"))

    # when: the agent records a call showing dissatisfaction
    _sign_in(page, agent)
    page.goto(reverse("console:case", kwargs={"reference": case.reference}))
    page.get_by_role("link", name="Record a contact").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the contact").click()
    assert_accessible(page)  # the error summary
    page.get_by_label("What was said").fill("This is the third time I've called about the tap.")
    page.get_by_role("button", name="Record the contact").click()

    # then: the offer page; the resident wants to complain
    assert page.get_by_role("heading", level=1).inner_text() == "Offer a complaint"
    assert_accessible(page)
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Record their choice").click()
    complaint = Complaint.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == complaint.reference

    # when: an officer acknowledges it and adds an action and compensation
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/console/sign-in/")
    services.complaint_acknowledge(
        complaint=complaint, actor=officer, points=["Missed visits"], outcomes_sought="Fix it"
    )
    _sign_in(page, officer)
    page.goto(url("complaint", reference=complaint.reference))
    page.get_by_role("link", name="Add a remedy").click()
    assert_accessible(page)
    page.get_by_label("Action to put things right").check()
    page.get_by_label("What will be done").fill("Replace the tap")
    page.get_by_role("button", name="Add the remedy").click()
    assert_accessible(page)  # refused: an action needs an owner and a date
    page.get_by_label("Who will do it").select_option(label="Priya Shah")
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill(str(now().year + 1))
    page.get_by_role("button", name="Add the remedy").click()
    page.wait_for_url(f"**/console/complaints/{complaint.reference}/**")
    assert Remedy.objects.get().description == "Replace the tap"
    page.get_by_role("link", name="Offer compensation").click()
    # wait for the page itself: is_visible() does not wait, and the click only starts loading
    page.wait_for_url("**/compensation/new/")
    expect(page.get_by_text("The Ombudsman suggests £100 to £600")).to_be_visible()
    assert_accessible(page)

    # then: the other officer pages pass axe too
    for path in [
        url("referral-record", reference=complaint.reference),
        url("restriction-record") + f"?resident={case.resident_id}",
        url("restrictions-due"),
        reverse("console:resident", kwargs={"resident_id": case.resident_id}),
    ]:
        page.goto(path)
        assert_accessible(page)
