"""A resident reports a repair through a real browser: what and where, the details with a
photo and the disability or vulnerability question, the reference and the promise, then finds
it in "Your repairs"; axe-core checks every page on the way."""

import re
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from homecase.records.models import Attachment, Channel, Deadline
from homecase.repairs.models import Repair, RepairStatus
from homecase.repairs.services._common import COMPLETE
from tests.browser.conftest import assert_accessible
from tests.factories import resident_with_login
from tests.repairs import factories

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
    Image.new("RGB", (40, 30), "steelblue").save(buffer, "PNG")
    return {"name": "ceiling.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_a_resident_reports_a_repair_with_a_photo_and_sees_its_promise(page):
    # given
    resident = resident_with_login(first_name="Amara", last_name="Okafor")
    sign_in(page, resident)

    # when: starting a report from the navigation
    page.get_by_role("link", name="Repairs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your repairs")
    assert_accessible(page)
    page.get_by_role("button", name="Report a repair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs repairing, and where?")
    assert_accessible(page)

    # when: continuing without choosing
    page.get_by_role("button", name="Continue").click()

    # then: told what is missing
    expect(page).to_have_title(re.compile(r"^Error: Report a repair"))
    expect(page.get_by_role("link", name="Choose what needs repairing")).to_be_visible()
    assert_accessible(page)

    # when: choosing what and where
    page.get_by_label("What needs repairing?").select_option(label="Water leak")
    page.get_by_label("In my home").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about the problem")
    assert_accessible(page)

    # when: sending the details without answering the vulnerability question
    page.get_by_label("Describe the problem").fill("Water is coming through the ceiling.")
    page.get_by_role("button", name="Report the repair").click()

    # then: the question must be answered
    expect(page).to_have_title(re.compile(r"^Error: Tell us about the problem"))
    expect(
        page.get_by_role("link", name=re.compile("Select yes if anyone in your home"))
    ).to_be_visible()
    assert_accessible(page)

    # when: answering it, with a photo
    page.get_by_label("Photos (optional)").set_input_files([photo()])
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("If yes, tell us about it").fill("My son uses a wheelchair.")
    page.get_by_role("button", name="Report the repair").click()

    # then: one reference and an honest date
    repair = Repair.objects.get()
    due = Deadline.objects.get(case=repair.case, duty=COMPLETE).due_at
    expect(page.get_by_role("heading", level=1)).to_have_text("Repair reported")
    expect(page.get_by_text(repair.case.reference)).to_be_visible()
    promise = f"We will finish this repair by {timezone.localtime(due):%-d %B %Y}."
    expect(page.get_by_text(promise)).to_be_visible()
    assert_accessible(page)
    assert repair.reported_channel == Channel.PORTAL
    assert repair.vulnerability_flag is True
    assert Attachment.objects.get(case=repair.case).original_name == "ceiling.png"

    # when: finding it in "Your repairs"
    page.get_by_role("link", name="Repairs", exact=True).click()
    row = page.get_by_role("row").filter(has_text=repair.case.reference)
    expect(row).to_contain_text("Reported, not yet triaged")
    expect(row).to_contain_text(promise)
    assert_accessible(page)

    # then: its own page, with the photo
    page.get_by_role("link", name=repair.case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(repair.case.reference)
    expect(page.get_by_role("img", name="Photo 1: ceiling.png")).to_be_visible()
    assert_accessible(page)

    # when: chasing it
    page.get_by_label("What would you like to tell us or ask?").fill("When will you come?")
    page.get_by_role("button", name="Chase this repair").click()

    # then
    expect(page.get_by_role("heading", level=1)).to_have_text(repair.case.reference)
    assert repair.chases.get().summary == "When will you come?"
    assert_accessible(page)


def test_a_resident_offers_access_and_then_confirms_the_repair_is_done(page):
    # given: the operative could not get in, so the clock is paused
    resident = resident_with_login(first_name="Amara", last_name="Okafor")
    order = factories.issued_work_order(resident=resident)
    repair = factories.visited_repair(outcome="no_access", work_order=order)
    sign_in(page, resident)

    # when: opening the repair
    page.goto(f"/repairs/{repair.case.reference}/")

    # then: why it is waiting, and the button to restart it
    expect(page.get_by_role("heading", level=1)).to_have_text(repair.case.reference)
    expect(page.get_by_text("Waiting for access:")).to_be_visible()
    expect(page.get_by_text("No access", exact=True)).to_be_visible()
    assert_accessible(page)

    # when: offering access
    page.get_by_label("When can we come in?").fill("Any time on Thursday")
    page.get_by_role("button", name="I can give access now").click()

    # then: the clock runs again
    expect(page.get_by_role("button", name="I can give access now")).to_have_count(0)
    repair.refresh_from_db()
    assert repair.status != RepairStatus.PAUSED
    assert_accessible(page)

    # when: the work is done and the resident is asked to confirm
    factories.visited_repair(outcome="completed", work_order=order)
    page.reload()
    expect(page.get_by_role("heading", name="Is the repair done?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send your answer").click()
    expect(page).to_have_title(re.compile(r"^Error: Repair"))
    assert_accessible(page)
    page.get_by_role("radio", name="Yes, it is done").check()
    page.get_by_role("radio", name="Very satisfied").check()
    page.get_by_role("button", name="Send your answer").click()

    # then
    expect(page.get_by_role("heading", name="Is the repair done?")).to_have_count(0)
    repair.refresh_from_db()
    assert repair.resident_verdict == "confirmed"
    assert repair.satisfaction == 5
