"""An ASB officer's work in a real browser: taking a report by phone (the whole risk matrix, no
crime reference), then from the queue to the case page, reviewing the risk, adding an action,
recording a contact, being refused closure while the action is open, completing it and closing
the case. Every page is checked by axe-core on the way."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from homecase.asb.models import AsbCase, AsbStatus
from homecase.common.time import now
from homecase.policy import selectors as policy
from tests.asb.factories import asb_officer, reported_case, resident_in_block
from tests.browser.conftest import assert_accessible

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user) -> None:
    page.goto("/console/sign-in/")
    page.get_by_label("Email address or username").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _answer_the_matrix(page, yes: set[str]) -> None:
    for question in policy.asb_policy().risk_questions:
        group = page.get_by_role("group", name=question.staff_text)
        group.get_by_label("Yes" if question.code in yes else "No", exact=True).check()


def test_an_officer_takes_a_report_by_phone(page):
    # given: an ASB officer and a resident of a block
    officer = asb_officer(first_name="Grace", last_name="Adeyemi")
    resident = resident_in_block(first_name="Amara", last_name="Okafor")
    _sign_in(page, officer)

    # when: finding the caller
    page.get_by_role("link", name="ASB").click()
    page.get_by_role("link", name="Take a report of anti-social behaviour").click()
    assert_accessible(page)
    page.get_by_label("Name, address, postcode or UPRN").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Take a report of anti-social behaviour"
    )
    assert_accessible(page)

    # when: sending it with nothing filled in
    page.get_by_role("button", name="Record the report").click()

    # then: every problem in the summary, nothing written
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what is happening")
    assert_accessible(page)
    assert not AsbCase.objects.exists()

    # when: the report, no crime reference
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("group", name="Is the caller a victim of it?").get_by_label("Yes").check()
    page.get_by_label("Drug dealing or drug use").check()
    page.get_by_label("Describe it in their words").fill(
        "People are dealing drugs on the stairs every evening."
    )
    page.get_by_label("In a block (entrances, stairs, corridors)").check()
    page.get_by_label("The block").select_option(str(resident.home.block_id))
    page.locator("#id_perpetrator_1_name").fill("A man in a red jacket")
    _answer_the_matrix(page, {"unsafe_at_home", "repeated"})
    page.get_by_role("button", name="Record the report").click()

    # then: the case page, high risk, no crime reference needed
    asb = AsbCase.objects.select_related("case").get()
    expect(page.get_by_role("heading", level=1)).to_have_text(asb.case.reference)
    expect(page.get_by_text(f"ASB case {asb.case.reference} opened.")).to_be_visible()
    expect(page.get_by_text("None – not needed")).to_be_visible()
    assert_accessible(page)
    assert asb.risk_level == "high"
    assert asb.crime_reference == ""


def test_an_officer_runs_a_case_from_the_queue_to_closure(page):
    # given: an open case
    officer = asb_officer(first_name="Grace", last_name="Adeyemi")
    asb = reported_case(officer=officer)
    reference = asb.case.reference
    _sign_in(page, officer)

    # when: the queue, then the case
    page.get_by_role("link", name="ASB").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anti-social behaviour")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    assert_accessible(page)

    # when: reviewing the risk
    page.get_by_role("link", name="Review the risk assessment").click()
    assert_accessible(page)
    _answer_the_matrix(page, {"threats_or_violence"})
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.get_by_text("Risk assessment recorded.")).to_be_visible()

    # when: adding a site visit next week
    page.get_by_role("link", name="Add an action").click()
    assert_accessible(page)
    page.get_by_label("What will be done?").select_option("site_visit")
    page.get_by_label("Describe the action").fill("Walk the block with the caretaker at 9pm.")
    visit_on = now().date() + timedelta(days=7)
    page.get_by_label("Day").fill(str(visit_on.day))
    page.get_by_label("Month").fill(str(visit_on.month))
    page.get_by_label("Year").fill(str(visit_on.year))
    page.get_by_label("Agreed with the victim").check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added to the plan.")).to_be_visible()
    expect(page.locator("#action-plan")).to_contain_text("Walk the block with the caretaker")
    assert_accessible(page)

    # when: recording a call with the victim
    page.get_by_role("link", name="Record a contact").click()
    assert_accessible(page)
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("What was said?").fill("Called: still happening every night.")
    page.get_by_label("Yes: it keeps the contact promise").check()
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()

    # when: closing with the action still open
    page.get_by_role("link", name="Close the case").click()
    assert_accessible(page)
    page.get_by_label("Why is it closing?").select_option("resolved")
    page.get_by_label("What does the victim say about closing it?").fill(
        "Happy for it to close: it has stopped."
    )
    page.get_by_role("button", name="Close the case").click()

    # then: refused, in the summary and on the field
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_reason-error")).to_be_visible()
    assert_accessible(page)
    assert AsbCase.objects.get(pk=asb.pk).status == AsbStatus.OPEN

    # when: completing the action from its row, then closing
    page.get_by_role("link", name=f"Back to case {reference}").click()
    page.locator("#action-plan").get_by_role("link", name="Complete").click()
    assert_accessible(page)
    page.get_by_label("What came of it?").fill("Visited: nobody on the stairs; door fixed.")
    page.get_by_role("button", name="Complete the action").click()
    expect(page.get_by_text("Action completed.")).to_be_visible()
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Why is it closing?").select_option("resolved")
    page.get_by_label("What does the victim say about closing it?").fill(
        "Happy for it to close: it has stopped."
    )
    page.get_by_role("button", name="Close the case").click()

    # then
    expect(page.get_by_text("Case closed.")).to_be_visible()
    assert_accessible(page)
    assert AsbCase.objects.get(pk=asb.pk).status == AsbStatus.CLOSED
