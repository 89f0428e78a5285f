"""A contractor in a real browser: signing in, finding its own work order (and not another
firm's), booking an appointment, and recording a visit; axe-core checks every page on the
way."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from homecase.common.time import now
from homecase.repairs.models import Appointment, RepairStatus, Visit
from tests.browser.conftest import assert_accessible
from tests.repairs import factories

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contractor_opens_its_work_order_and_records_a_visit(page):
    # given: an order issued to this firm three hours ago, and one to another firm
    firm = factories.contractor(name="Brightwater Plumbing")
    worker = factories.contractor_user(firm)
    with time_machine.travel(now() - timedelta(hours=3)):
        order = factories.issued_work_order(
            firm=firm, vulnerable=True, vulnerability_details="Hard of hearing: knock loudly."
        )
        other = factories.issued_work_order(firm=factories.contractor(name="Other Firm"))
    reference = order.repair.case.reference

    # when: opening the contractor view
    page.goto("/contractor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to see your work orders")
    assert_accessible(page)
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then: its own orders only
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work orders")
    expect(page.get_by_role("link", name=order.reference)).to_be_visible()
    expect(page.get_by_text(other.reference)).to_have_count(0)
    assert_accessible(page)

    # when: opening the order
    page.get_by_role("link", name=order.reference).click()

    # then: the job number and what to know before knocking
    expect(page.get_by_role("heading", level=1)).to_have_text(order.reference)
    expect(page.get_by_text(f"Job {reference}, work order {order.number}")).to_be_visible()
    expect(page.get_by_text("Read before you visit")).to_be_visible()
    assert_accessible(page)

    # when: booking an appointment for tomorrow morning
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_label("From").fill("08:00")
    page.get_by_label("To").fill("12:00")
    page.get_by_role("button", name="Book the appointment").click()

    # then
    expect(page.get_by_text("The appointment is booked.")).to_be_visible()
    assert Appointment.objects.get(work_order=order).booked_by == worker
    assert_accessible(page)

    # when: recording a visit an hour ago
    page.get_by_role("button", name="Record a visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a visit")
    assert_accessible(page)
    page.get_by_role("button", name="Record the visit").click()
    expect(page).to_have_title(re.compile(r"^Error: Record a visit"))
    assert_accessible(page)
    arrived = timezone.localtime(now() - timedelta(hours=1))
    page.get_by_label("Operative's name").fill("Sam Okafor")
    page.get_by_label("Parts ordered").check()
    page.get_by_label("Date of the visit").fill(arrived.date().isoformat())
    page.get_by_label("Arrived at").fill(arrived.strftime("%H:%M"))
    page.get_by_label("Notes (optional)").fill("Needs a new valve; ordered.")
    page.get_by_role("button", name="Record the visit").click()

    # then: back on the order, with the visit
    expect(page.get_by_text("The visit is recorded.")).to_be_visible()
    expect(page.get_by_text("By Sam Okafor. Needs a new valve; ordered.")).to_be_visible()
    assert_accessible(page)
    visit = Visit.objects.get(work_order=order)
    assert visit.recorded_by == worker
    order.repair.refresh_from_db()
    assert order.repair.status == RepairStatus.IN_PROGRESS

    # when: trying another firm's order
    response = page.goto(f"/contractor/{other.repair.case.reference}/{other.number}/")

    # then
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
