"""A complaint officer's day in a real browser: the queue, logging a complaint taken by phone,
acknowledging it with a definition, being stopped from sending a response with gaps, deciding
the points and sending the response. Every page is checked by axe-core on the way."""

import pytest
from playwright.sync_api import expect

from homecase.complaints.models import Complaint, ComplaintStatus
from homecase.records.models import Channel
from tests.browser.conftest import assert_accessible
from tests.complaints.factories import (
    acknowledged_complaint,
    escalated_complaint,
    received_complaint,
    responded_complaint,
)
from tests.factories import HomeFactory, ResidentFactory, UserFactory

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_logs_defines_decides_and_answers_a_complaint(page):
    # given
    officer = UserFactory(roles=["complaint_officer"], first_name="Olu", last_name="Adeyemi")
    resident = ResidentFactory(
        first_name="Amara", last_name="Okafor", home=HomeFactory(postcode="E3 2AB")
    )

    # when: signing in and opening the queue
    page.goto("/console/")
    page.get_by_label("Email address or username").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Complaints").click()

    # then: an empty queue
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints")
    expect(page.get_by_text("No open complaints match.")).to_be_visible()
    assert_accessible(page)

    # when: finding the resident and logging a phone complaint
    page.goto(f"/console/residents/{resident.pk}/")
    page.get_by_role("link", name="Log a complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a complaint")
    assert_accessible(page)
    page.get_by_label("Phone").check()
    page.get_by_label("The complaint, in their own words").fill(
        "This is the third time the plumber has not turned up. I am fed up."
    )
    page.get_by_label("What would they like us to do").fill("Fix the leak and say sorry")
    page.get_by_role("button", name="Log the complaint").click()

    # then: the complaint page, with its acknowledgement owed
    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(complaint.reference)
    expect(page.get_by_text(f"Complaint {complaint.reference} logged.")).to_be_visible()
    expect(page.get_by_text("Acknowledge your complaint and agree what it is about").first)
    assert_accessible(page)
    assert complaint.received_channel == Channel.PHONE

    # when: it is in the queue, and the officer acknowledges it with a definition
    page.get_by_role("link", name="Complaints").click()
    expect(page.get_by_role("link", name=complaint.reference)).to_be_visible()
    expect(page.locator("table .govuk-tag")).to_have_text("On track")
    assert_accessible(page)
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_role("link", name="Acknowledge and define").click()
    assert_accessible(page)
    page.get_by_label("What the response must answer").fill(
        "Three missed plumbing appointments\nThe leak is still not fixed"
    )
    page.get_by_label("What outcome does the resident want?").fill("The leak fixed; an apology")
    page.get_by_role("button", name="Acknowledge and send the definition").click()

    # then
    expect(page.get_by_text("Stage 1 acknowledged and defined.")).to_be_visible()
    expect(page.get_by_text("Send our stage 1 response to your complaint").first).to_be_visible()
    assert_accessible(page)

    # when: trying to respond before deciding the points
    page.get_by_role("link", name="Write and send the response").click()
    expect(page.get_by_role("heading", name="What the response still needs")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What we found, and why").fill("The plumber's firm double-booked.")
    page.get_by_role("button", name="Send the response").click()

    # then: refused, with the gaps named
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The response cannot be sent yet.")
    expect(summary).to_contain_text("Point 1 has no decision")
    expect(page.get_by_text("Point 2 has no reason for its decision.", exact=True)).to_be_visible()
    assert_accessible(page)
    assert Complaint.objects.get().status == ComplaintStatus.STAGE_1

    # when: deciding both points
    page.get_by_role("link", name="Decide the points").click()
    assert_accessible(page)
    page.get_by_role("group", name="Decision on point 1").get_by_label("Upheld", exact=True).check()
    page.get_by_label("Reason for the decision on point 1").fill("All three visits were missed.")
    page.get_by_role("group", name="Decision on point 2").get_by_label(
        "Partly upheld", exact=True
    ).check()
    page.get_by_label("Reason for the decision on point 2").fill("Fixed once, then it came back.")
    page.get_by_role("button", name="Save the decisions").click()
    expect(page.get_by_text("Decisions saved.")).to_be_visible()

    # when: previewing, then sending the response
    page.get_by_role("link", name="Write and send the response").click()
    page.get_by_label("What we found, and why").fill("The plumber's firm double-booked.")
    page.get_by_label("What we will do to put things right").fill("A new plumber on Friday.")
    page.get_by_role("button", name="Preview the letter").click()
    preview = page.get_by_role("region", name="Letter preview")
    expect(preview).to_contain_text("partly upheld")
    expect(preview).to_contain_text("A new plumber on Friday.")
    assert_accessible(page)
    page.get_by_role("button", name="Send the response").click()

    # then: sent, with the letter listed
    expect(page.get_by_text("Response sent.")).to_be_visible()
    expect(page.get_by_text("Stage 1 response sent", exact=True).first).to_be_visible()
    assert_accessible(page)
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.STAGE_1_RESPONDED
    assert complaint.stages.get(number=1).responded_by == officer


def test_every_other_complaint_page_is_accessible(page):
    # given: complaints in each state
    officer = UserFactory(roles=["complaint_officer"])
    answered = escalated_complaint(officer=UserFactory(roles=["complaint_officer"]))
    open_one = acknowledged_complaint(officer=officer)
    new_one = received_complaint()
    responded = responded_complaint()
    letter = answered.stages.get(number=1).response_letter
    page.goto("/console/sign-in/")
    page.get_by_label("Email address or username").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    for path, heading in [
        (f"{open_one.reference}/extend/", "Extend the time to respond"),
        (f"{open_one.reference}/add-point/", "Add a point to the definition"),
        (f"{open_one.reference}/withdraw/", "Withdraw the complaint"),
        (f"{answered.reference}/", answered.reference),
        (f"{answered.reference}/acknowledge/", "Acknowledge and define the complaint"),
        (f"{answered.reference}/messages/{letter.pk}/", letter.subject),
        (f"{new_one.reference}/refuse/", "Do not accept as a complaint"),
        (f"{responded.reference}/escalate/", "Escalate to stage 2"),
        ("new/", "Log a complaint"),
    ]:
        # when
        page.goto(f"/console/complaints/{path}")

        # then
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    # when: a refusal, shown in the error summary and inline
    page.goto(f"/console/complaints/{open_one.reference}/extend/")
    page.get_by_label("How many more working days?").fill("3")
    page.get_by_role("button", name="Extend and tell the complainant").click()

    # then
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    assert_accessible(page)
