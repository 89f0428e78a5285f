"""A resident's complaint through a real browser: making it, finding it, reading the response
and asking for a stage 2 review with one button; axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from homecase.complaints import services
from homecase.complaints.models import Complaint, ComplaintStatus
from homecase.complaints.services import PointDecisionInput
from homecase.records.models import Channel
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory, resident_with_login

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, resident) -> None:
    page.goto("/")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home")


def officer_answers(complaint: Complaint) -> None:
    """What the complaint officer does in the console, done through the services."""
    officer = UserFactory(roles=["complaint_officer"])
    services.complaint_acknowledge(
        complaint=complaint,
        actor=officer,
        points=["Nobody came to fix the lift"],
        outcomes_sought="The lift fixed this week",
    )
    services.complaint_decide_points(
        complaint=complaint,
        actor=officer,
        decisions=[PointDecisionInput(1, "upheld", "The engineer's visit was not booked.")],
    )
    services.complaint_respond(
        complaint=complaint, actor=officer, explanation="We booked the engineer for Monday."
    )


def test_a_resident_complains_and_asks_for_a_stage_2_review(page):
    # given
    resident = resident_with_login(first_name="Amara", last_name="Okafor")
    sign_in(page, resident)
    assert_accessible(page)

    # when: telling us what went wrong
    page.get_by_role("link", name="Tell us what went wrong").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what went wrong")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()

    # then: told what is missing
    expect(page).to_have_title(re.compile(r"^Error: Tell us what went wrong"))
    expect(page.get_by_role("link", name="Tell us what happened")).to_be_visible()
    assert_accessible(page)

    # when: filling it in
    page.get_by_label("What happened?").fill("The lift has been broken for a month.")
    page.get_by_label("What would you like us to do").fill("Fix it this week.")
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Send").click()

    # then: a reference and the date we will acknowledge it by
    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("We have received your complaint")
    expect(page.get_by_text(complaint.reference)).to_be_visible()
    expect(page.get_by_text("within 5 working days")).to_be_visible()
    assert_accessible(page)

    # when: looking for it in their complaints
    page.get_by_role("link", name="Your complaints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your complaints")
    row = page.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text("Received, not yet acknowledged")
    assert_accessible(page)
    page.get_by_role("link", name=complaint.reference).click()

    # then: its page
    expect(page.get_by_role("heading", level=1)).to_have_text(complaint.reference)
    expect(page.get_by_text("The lift has been broken for a month.")).to_be_visible()
    assert_accessible(page)

    # when: an officer acknowledges and answers it
    officer_answers(complaint)
    page.reload()

    # then: the decision, the letter and the one button
    expect(page.get_by_text("The engineer's visit was not booked.")).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name=f"Our stage 1 response to your complaint {complaint.reference}", exact=True
        )
    ).to_be_visible()
    assert_accessible(page)

    # when: reading the letter
    page.get_by_role("link", name=re.compile(r"^Read\s+Our stage 1 response")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Our stage 1 response")
    assert_accessible(page)
    page.go_back()

    # when: asking for a stage 2 review
    page.get_by_role("button", name="Ask for a stage 2 review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a stage 2 review")
    assert_accessible(page)
    page.get_by_role("button", name="Ask for a stage 2 review").click()

    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("You have asked for a stage 2 review")
    assert_accessible(page)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_2_REQUESTED
    escalated = complaint.case.timeline.events.get(kind="complaint.escalated")
    assert escalated.channel == Channel.PORTAL
