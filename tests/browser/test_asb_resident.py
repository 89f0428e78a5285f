"""A resident reports anti-social behaviour through a real browser, without a crime reference:
what and where, what happened, the reference with the named officer and the first-contact date,
the case page, an entry in their diary with a photo, and a request for a case review; axe-core
checks every page on the way."""

import re
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from homecase.asb.models import AsbCase, CaseReview, DiaryEntry
from homecase.asb.services._common import FIRST_CONTACT
from homecase.records.models import Deadline
from tests.asb import factories
from tests.browser.conftest import assert_accessible
from tests.factories import resident_with_login

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, resident) -> None:
    page.goto("/")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home")


def photo() -> dict:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "darkred").save(buffer, "PNG")
    return {"name": "stairs.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def test_a_resident_reports_asb_keeps_a_diary_and_asks_for_a_case_review(page):
    # given
    factories.asb_officer(first_name="Priya", last_name="Shah")
    resident = resident_with_login(first_name="Amara", last_name="Okafor")
    sign_in(page, resident)

    # when: starting from "Your home"
    page.get_by_role("link", name="Report anti-social behaviour").click()
    heading(page, "What is happening, and where?")

    # when: continuing without choosing
    page.get_by_role("button", name="Continue").click()

    # then
    expect(page).to_have_title(re.compile(r"^Error: Report anti-social behaviour"))
    expect(page.get_by_role("link", name="Select what is happening", exact=True)).to_be_visible()
    assert_accessible(page)

    # when: what and where
    page.get_by_label("Drug dealing or drug use").check()
    page.get_by_label("In my block (entrances, stairs, landings or corridors)").check()
    page.get_by_role("button", name="Continue").click()
    heading(page, "Tell us what happened")
    expect(
        page.get_by_text("You do not need one. We will act on your report either way.")
    ).to_be_visible()

    # when: what happened, with no crime reference and a date in the future
    page.get_by_label("Where exactly? (optional)").fill("The stairs by the 3rd floor")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("What happened?").fill("People dealing drugs on the stairs every night.")
    page.get_by_label("Me, or my household").check()
    page.get_by_role("group", name=re.compile("because of someone's disability")).get_by_label(
        "No"
    ).check()
    for question in (
        "Do you feel unsafe in your home because of this?",
        "Has anyone been violent or threatened violence?",
        "Has this happened before?",
        "Is it aimed at you or your household?",
        "Is it affecting your health or sleep?",
    ):
        page.get_by_role("group", name=question).get_by_label("No").check()
    page.get_by_role("button", name="Send your report").click()

    # then: the date is refused
    expect(page).to_have_title(re.compile(r"^Error: Tell us what happened"))
    expect(page.get_by_role("link", name="The date cannot be in the future.")).to_be_visible()
    assert_accessible(page)

    # when: correcting it
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_role("button", name="Send your report").click()

    # then: a reference, the named officer and the first-contact date
    asb = AsbCase.objects.select_related("case").get()
    reference = asb.case.reference
    due = Deadline.objects.get(case=asb.case, duty=FIRST_CONTACT).due_at
    heading(page, "Report sent")
    expect(page.get_by_text(reference)).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your officer is Priya Shah.")
    expect(main).to_contain_text(f"We will contact you by {timezone.localtime(due):%-d %B %Y}")
    assert asb.crime_reference == ""

    # when: the case page
    page.get_by_role("link", name="See your report").click()
    heading(page, reference)

    # when: adding to the diary, with a photo
    page.get_by_role("button", name="Add to your diary").click()
    heading(page, "Add to your diary")
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Time", exact=True).fill("22:15")
    page.get_by_label("What happened?").fill("Shouting and a fight on the landing.")
    page.get_by_label("Photos (optional)").set_input_files([photo()])
    page.get_by_role("button", name="Add to your diary").click()

    # then
    heading(page, reference)
    expect(page.get_by_text("Shouting and a fight on the landing.", exact=True)).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("^Photo 1 with your diary entry"))
    ).to_be_visible()
    assert DiaryEntry.objects.get().attachments.count() == 1

    # when: asking for a case review
    page.get_by_role("button", name="Ask for a case review").click()
    heading(page, "Ask for a case review")
    page.get_by_label("Why are you asking for a case review?").fill("It is getting worse.")
    page.get_by_role("button", name="Ask for a case review").click()

    # then
    heading(page, reference)
    expect(page.get_by_text("You have asked for a case review.")).to_be_visible()
    assert CaseReview.objects.get().reason == "It is getting worse."

    # then: "Your reports" lists it
    page.goto("/asb/")
    heading(page, "Your anti-social behaviour reports")
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Open")


def test_after_closure_a_resident_rates_it_and_reports_it_happening_again(page):
    # given: their report, closed as resolved
    resident = resident_with_login(first_name="Amara", last_name="Okafor")
    asb = factories.closed_case(reporter=resident, behaviours=("drugs",))
    reference = asb.case.reference
    sign_in(page, resident)

    # when
    page.goto(f"/asb/{reference}/")
    heading(page, reference)
    page.get_by_role("button", name="Send your answer").click()

    # then
    expect(page).to_have_title(re.compile(r"^Error: Report"))
    assert_accessible(page)

    # when: answering
    page.get_by_label("Fairly satisfied").check()
    page.get_by_role("button", name="Send your answer").click()

    # then
    expect(page.get_by_role("heading", name="How did we do?")).to_have_count(0)
    asb.refresh_from_db()
    assert asb.satisfaction == 4

    # when: it has happened again
    page.get_by_role("link", name="It has happened again").click()
    heading(page, "What is happening, and where?")
    page.get_by_role("button", name="Continue").click()

    # then: asked whether it is about the closed report, which is reopened
    heading(page, f"Is this about your report {reference}?")
    page.get_by_label(f"Yes, add what I tell you to {reference}").check()
    page.get_by_role("button", name="Continue").click()
    heading(page, "Tell us what happened")
    page.get_by_label("Day").fill(str(timezone.localdate().day))
    page.get_by_label("Month").fill(str(timezone.localdate().month))
    page.get_by_label("Year").fill(str(timezone.localdate().year))
    page.get_by_label("What happened?").fill("They are back on the stairs.")
    page.get_by_label("Me, or my household").check()
    for group in page.get_by_role("group").filter(has=page.get_by_label("No")).all():
        group.get_by_label("No").check()
    page.get_by_role("button", name="Send your report").click()
    heading(page, "Added to your report")
    asb.refresh_from_db()
    assert asb.status == "open"
