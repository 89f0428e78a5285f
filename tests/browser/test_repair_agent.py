"""A contact agent's repair in a real browser: taking a phone report (the resident's recorded
vulnerabilities on the screen, the vulnerability question answered), reading out the job number
and promise, triaging, issuing a work order, booking an appointment and recording the visit
that completes the job. Every page is checked by axe-core on the way."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from homecase.common.time import now
from homecase.housing.models import Vulnerability, VulnerabilityKind
from homecase.repairs.console_actions import ACTIONS
from homecase.repairs.models import Repair, RepairStatus, WorkOrderStatus
from tests.browser.conftest import assert_accessible
from tests.factories import HomeFactory, ResidentFactory, UserFactory
from tests.repairs.factories import booked_appointment, reported_repair, triaged_repair

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(page, when) -> None:
    page.get_by_label("Day").fill(str(when.day))
    page.get_by_label("Month").fill(str(when.month))
    page.get_by_label("Year").fill(str(when.year))


def _report_and_arrange(page, resident) -> Repair:
    """From the queue to a triaged job with a work order and a booked appointment."""
    # when: opening the empty queue
    page.get_by_role("link", name="Repairs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repairs")
    expect(page.get_by_text("No open repairs match.")).to_be_visible()
    assert_accessible(page)

    # when: finding the caller
    page.get_by_role("link", name="Report a repair").click()
    assert_accessible(page)
    page.get_by_label("Name, address, postcode or UPRN").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Amara Okafor").click()

    # then: the recorded vulnerability is on the screen before the question
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a repair")
    expect(page.locator("#recorded-needs")).to_contain_text("Limited mobility: Uses a wheelchair")
    assert_accessible(page)

    # when: taking the report, the question answered
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("In the home").check()
    page.get_by_label("What is the problem?").select_option(label="Water leak")
    page.get_by_label("Describe the problem in their words").fill(
        "Water is dripping through the kitchen ceiling from the flat above."
    )
    page.get_by_role("group", name="Does anyone in the home have a disability").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("What should we know?").fill("Uses a wheelchair: allow time at the door.")
    page.get_by_role("button", name="Report the repair").click()

    # then: the job number and the promise to read out
    repair = Repair.objects.get()
    expect(page.get_by_role("heading", name="Repair reported")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text(repair.case.reference)
    expect(page.get_by_text("We will complete the repair by")).to_be_visible()
    assert_accessible(page)
    assert repair.vulnerability_flag is True

    # when: triaging it as reported
    page.get_by_role("link", name=f"Open the job {repair.case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(repair.case.reference)
    assert_accessible(page)
    page.get_by_role("link", name="Triage the repair").click()
    assert_accessible(page)
    page.get_by_role("button", name="Triage").click()
    expect(page.get_by_text("Repair triaged.")).to_be_visible()

    # when: issuing a work order to the in-house team
    page.get_by_role("link", name="Issue a work order").click()
    assert_accessible(page)
    page.get_by_label("Instructions for the operative").fill("Find and fix the leak above.")
    page.get_by_label("Or the in-house team").fill("In-house plumbing")
    page.get_by_role("button", name="Issue the work order").click()
    expect(page.get_by_text("Work order issued.")).to_be_visible()
    expect(page.get_by_text("Uses a wheelchair: allow time at the door.").first).to_be_visible()

    # when: booking an appointment tomorrow morning
    page.get_by_role("link", name="Book an appointment").click()
    assert_accessible(page)
    _fill_date(page, timezone.localtime(now()) + timedelta(days=1))
    page.get_by_label("Start time").fill("08:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_role("button", name="Book the appointment").click()
    expect(page.get_by_text("Appointment booked.")).to_be_visible()
    assert_accessible(page)
    return repair


def test_an_agent_takes_a_phone_report_and_sees_it_through_to_completion(page):
    # given: the agent, and a resident with a recorded vulnerability
    agent = UserFactory(roles=["contact_agent"], first_name="Priya", last_name="Shah")
    resident = ResidentFactory(first_name="Amara", last_name="Okafor", home=HomeFactory())
    today = timezone.localdate(now())
    Vulnerability.objects.create(
        resident=resident,
        kind=VulnerabilityKind.MOBILITY,
        details="Uses a wheelchair",
        consent_given_on=today,
        review_on=today + timedelta(days=365),
    )

    # when: signing in and arranging the job, three hours ago (a visit comes after its order)
    with time_machine.travel(now() - timedelta(hours=3)):
        page.goto("/console/")
        page.get_by_label("Email address or username").fill(agent.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        repair = _report_and_arrange(page, resident)

    # when: the operative has been; the agent records the visit that completed the work
    page.get_by_role("link", name="Record a visit").click()
    assert_accessible(page)
    arrived = timezone.localtime(now()) - timedelta(hours=1)
    page.get_by_label("Operative's name").fill("Sam Okafor")
    _fill_date(page, arrived)
    page.get_by_label("Arrived at").fill(arrived.strftime("%H:%M"))
    page.get_by_label("Work completed").check()
    page.get_by_label("Notes (optional)").fill("Pipe joint replaced; ceiling dried.")
    page.get_by_role("button", name="Record the visit").click()

    # then: the job is completed and the resident asked to confirm
    expect(page.get_by_text("Visit recorded.")).to_be_visible()
    expect(page.get_by_text("Completed: waiting for the resident to confirm")).to_be_visible()
    assert_accessible(page)
    repair = Repair.objects.get(pk=repair.pk)
    assert repair.status == RepairStatus.COMPLETED
    assert repair.work_orders.get().status == WorkOrderStatus.COMPLETED


def test_a_refused_action_is_shown_in_the_summary_and_inline(page):
    # given: a triaged job
    agent = UserFactory(roles=["contact_agent"])
    repair = triaged_repair()
    page.goto("/console/sign-in/")
    page.get_by_label("Email address or username").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # when: changing the priority without a reason
    page.goto(f"/console/repairs/{repair.case.reference}/priority/")
    page.get_by_label("Emergency").check()
    page.get_by_role("button", name="Change the priority").click()

    # then
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason")
    expect(page.locator("#id_reason-error")).to_contain_text("Give a reason")
    assert_accessible(page)
    assert Repair.objects.get(pk=repair.pk).priority == repair.priority


def test_every_repair_action_page_and_a_hazard_job_are_accessible(page):
    # given: a job with an order and a booked slot, and a damp and mould job
    agent = UserFactory(roles=["contact_agent"])
    appointment = booked_appointment()
    repair = appointment.work_order.repair
    damp = reported_repair(category="damp_mould")
    page.goto("/console/sign-in/")
    page.get_by_label("Email address or username").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    for path, heading in [
        ("", "Repairs"),
        (f"{damp.case.reference}/", damp.case.reference),
        (f"{repair.case.reference}/", repair.case.reference),
        *((f"{repair.case.reference}/{name}/", action.label) for name, action in ACTIONS.items()),
    ]:
        # when
        page.goto(f"/console/repairs/{path}")

        # then
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
