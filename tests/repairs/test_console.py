"""The repairs pages of the staff console through the Django test client: who may use them,
the queue (soonest due first, due states in words, filters, pages), reporting a repair by phone
(the vulnerability question, the recorded vulnerabilities shown, an open job offered to be
joined, the confirmation to read out), and the job page. On every refused path the message is
shown and nothing is written."""

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from homecase.common.time import now
from homecase.housing.models import (
    AdjustmentKind,
    ReasonableAdjustment,
    Vulnerability,
    VulnerabilityKind,
)
from homecase.records.models import Attachment, Event
from homecase.repairs import console
from homecase.repairs.models import Repair, RepairStatus
from tests.factories import HomeFactory, ResidentFactory, UserFactory, resident_with_login
from tests.repairs.factories import (
    booked_appointment,
    communal_area,
    contact_agent,
    issued_work_order,
    reported_repair,
    triaged_repair,
    visited_repair,
    written,
)

pytestmark = pytest.mark.django_db
NS = "console:console-repairs"
QUEUE = reverse(f"{NS}:repairs")
REPORT = reverse(f"{NS}:report")


def job_url(repair: Repair, name: str = "repair") -> str:
    return reverse(f"{NS}:{name}", kwargs={"reference": repair.case.reference})


def text(response) -> str:
    return response.content.decode()


def png(name: str = "leak.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def agent():
    return contact_agent(first_name="Priya", last_name="Shah")


@pytest.fixture
def as_agent(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def resident():
    return ResidentFactory(first_name="Amara", last_name="Okafor", home=HomeFactory())


def report_data(**overrides) -> dict:
    data = {
        "channel": "phone",
        "where": "home",
        "category": "leak",
        "description": "Water coming through the bathroom ceiling.",
        "access_notes": "Call first: a dog in the flat.",
        "vulnerable": "no",
        "vulnerability_details": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Who may use the pages


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("resident", 403), ("contractor", 403), ("agent", 200)],
)
@pytest.mark.parametrize("page", ["queue", "report", "repair"])
def test_only_staff_see_the_repairs_pages(client, who, status, page):
    # given
    repair = reported_repair()
    users = {
        "resident": lambda: resident_with_login().user,
        "contractor": lambda: UserFactory(roles=["contractor"]),
        "agent": contact_agent,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    address = {"queue": QUEUE, "report": REPORT, "repair": job_url(repair)}[page]

    # when
    response = client.get(address)

    # then
    assert response.status_code == status


def test_an_unknown_reference_is_a_plain_404(as_agent):
    response = as_agent.get(reverse(f"{NS}:repair", kwargs={"reference": "R-2026-999999"}))

    assert response.status_code == 404
    assert "There is no repair with the reference R-2026-999999." in text(response)


def test_a_complaint_reference_is_not_a_repair(as_agent):
    response = as_agent.get(reverse(f"{NS}:repair", kwargs={"reference": "C-2026-000001"}))

    assert response.status_code == 404


# The queue


def test_the_queue_puts_the_job_due_soonest_first_with_its_due_state_in_words(as_agent):
    # given: a routine job reported long ago (overdue), and an emergency due tomorrow
    with time_machine.travel(now() - timedelta(days=60)):
        old = reported_repair(category="plaster")
    urgent = reported_repair(category="uncontained_leak")

    # when
    response = as_agent.get(QUEUE)

    # then
    page = text(response)
    assert response.status_code == 200
    assert page.index(old.case.reference) < page.index(urgent.case.reference)
    assert "Overdue" in page
    assert "govuk-tag--red" in page


def test_the_queue_filters_by_priority_and_overdue(as_agent):
    # given
    with time_machine.travel(now() - timedelta(days=60)):
        old = reported_repair(category="plaster")
    urgent = reported_repair(category="uncontained_leak")

    # when
    emergencies = text(as_agent.get(QUEUE, {"priority": "emergency"}))
    overdue = text(as_agent.get(QUEUE, {"overdue_only": "on"}))

    # then
    assert urgent.case.reference in emergencies
    assert old.case.reference not in emergencies
    assert old.case.reference in overdue
    assert urgent.case.reference not in overdue


def test_the_queue_pages_with_previous_and_next(as_agent, monkeypatch):
    # given
    monkeypatch.setattr(console, "PAGE_SIZE", 1)
    first, second = reported_repair(), reported_repair()

    # when
    page_one = text(as_agent.get(QUEUE))
    page_two = text(as_agent.get(QUEUE, {"page": "2"}))

    # then
    assert 'rel="next"' in page_one
    assert 'rel="prev"' in page_two
    shown = {first.case.reference, second.case.reference}
    assert {ref for ref in shown if ref in page_one} != {ref for ref in shown if ref in page_two}


def test_the_console_navigation_links_to_repairs(as_agent):
    response = as_agent.get(reverse("console:search"))

    assert f'href="{QUEUE}"' in text(response)


# Reporting a repair: finding who it is for


def test_reporting_starts_by_finding_the_resident_or_home(as_agent, resident):
    # when
    response = as_agent.get(REPORT, {"q": "Okafor"})

    # then
    page = text(response)
    assert f'href="?resident={resident.pk}"' in page
    assert "Amara Okafor" in page


def test_an_unknown_resident_is_a_404(as_agent):
    response = as_agent.get(REPORT, {"resident": "999999"})

    assert response.status_code == 404


def test_the_agent_sees_the_recorded_vulnerabilities_and_adjustments(as_agent, resident, agent):
    # given: one vulnerability in force, one ended, and an adjustment
    today = timezone.localdate(now())
    Vulnerability.objects.create(
        resident=resident,
        kind=VulnerabilityKind.MOBILITY,
        details="Uses a wheelchair",
        consent_given_on=today,
        review_on=today + timedelta(days=365),
    )
    Vulnerability.objects.create(
        resident=resident,
        kind=VulnerabilityKind.HEARING,
        details="Ended record",
        consent_given_on=today - timedelta(days=400),
        review_on=today,
        ended_on=today - timedelta(days=10),
    )
    ReasonableAdjustment.objects.create(
        resident=resident,
        kind=AdjustmentKind.ACCESS_TIMES,
        details="Mornings only",
        consent_given_on=today,
        review_on=today + timedelta(days=365),
    )

    # when
    response = as_agent.get(REPORT, {"resident": resident.pk})

    # then
    page = text(response)
    assert "Limited mobility: Uses a wheelchair" in page
    assert "Appointments only at certain times: Mornings only" in page
    assert "Ended record" not in page
    assert "Does anyone in the home have a disability or vulnerability" in page


# Reporting a repair: the form


def test_the_vulnerability_question_must_be_answered(as_agent, resident):
    # given
    before = written()

    # when
    response = as_agent.post(f"{REPORT}?resident={resident.pk}", report_data(vulnerable=None))

    # then
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "Ask whether anyone in the home has a disability or vulnerability" in page
    assert written() == before


def test_a_yes_without_details_is_refused_by_the_service(as_agent, resident):
    before = written()

    response = as_agent.post(f"{REPORT}?resident={resident.pk}", report_data(vulnerable="yes"))

    assert "There is a problem" in text(response)
    assert written() == before


def test_a_phone_report_gives_one_reference_and_the_promise_to_read_out(as_agent, resident):
    # when
    response = as_agent.post(
        f"{REPORT}?resident={resident.pk}",
        {
            **report_data(vulnerable="yes", vulnerability_details="Uses a wheelchair"),
            "photos": [png()],
        },
    )

    # then
    repair = Repair.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(repair, "reported")
    assert repair.vulnerability_flag is True
    assert repair.case.resident == resident
    assert repair.access_notes == "Call first: a dog in the flat."
    assert Attachment.objects.filter(case=repair.case).count() == 1
    confirmation = text(as_agent.get(response["Location"]))
    assert repair.case.reference in confirmation
    assert "We will complete the repair by" in confirmation


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_written(as_agent, resident):
    # given
    before = written()
    fake = SimpleUploadedFile("notes.png", b"not an image", content_type="image/png")

    # when
    response = as_agent.post(
        f"{REPORT}?resident={resident.pk}", {**report_data(), "photos": [fake]}
    )

    # then
    assert "notes.png is not a photo" in text(response)
    assert written() == before


def test_a_communal_problem_is_reported_on_the_communal_area(as_agent):
    # given
    area = communal_area()
    resident = ResidentFactory(home=HomeFactory(block=area.block, estate=area.estate))

    # when
    response = as_agent.post(
        f"{REPORT}?resident={resident.pk}",
        report_data(where=f"area-{area.pk}", category="door_entry", description="Door open"),
    )

    # then
    repair = Repair.objects.get()
    assert response.status_code == 302
    assert repair.case.communal_area == area
    confirmation = text(as_agent.get(response["Location"]))
    assert "We will complete the repair by" not in confirmation
    assert "specialist job" in confirmation


def test_an_open_job_on_the_same_home_is_offered_to_be_joined(as_agent, resident):
    # given
    existing = reported_repair(resident=resident)
    before = written()

    # when: the first submission
    response = as_agent.post(f"{REPORT}?resident={resident.pk}", report_data())

    # then: nothing written yet; the question is asked with the answers kept
    page = text(response)
    assert written() == before
    assert "There is already an open job here" in page
    assert f"Yes, add it to {existing.case.reference}" in page
    assert "Water coming through the bathroom ceiling." in page

    # when: joining it
    response = as_agent.post(
        f"{REPORT}?resident={resident.pk}",
        {**report_data(), "duplicates_asked": "1", "join_to": str(existing.pk)},
    )

    # then: no new job; the report is on the open one
    assert response.status_code == 302
    assert response["Location"] == job_url(existing)
    assert Repair.objects.count() == 1
    assert Event.objects.filter(
        timeline=existing.case.timeline, kind="repair.report_joined"
    ).exists()


def test_a_different_problem_at_the_same_home_gets_a_new_number(as_agent, resident):
    # given
    reported_repair(resident=resident)

    # when
    response = as_agent.post(
        f"{REPORT}?resident={resident.pk}",
        {**report_data(category="door"), "duplicates_asked": "1", "join_to": "new"},
    )

    # then
    assert response.status_code == 302
    assert Repair.objects.count() == 2


def test_the_join_question_must_be_answered(as_agent, resident):
    reported_repair(resident=resident)
    before = written()

    response = as_agent.post(
        f"{REPORT}?resident={resident.pk}", {**report_data(), "duplicates_asked": "1"}
    )

    assert "Select whether this is the same problem as the open job" in text(response)
    assert written() == before


# The job page


def test_the_job_page_shows_the_job_its_orders_visits_and_timeline(as_agent):
    # given: a job with a work order, an appointment and a visit
    appointment = booked_appointment()
    repair = visited_repair(work_order=appointment.work_order, outcome="parts_ordered")

    # when
    response = as_agent.get(job_url(repair))

    # then
    page = text(response)
    assert response.status_code == 200
    assert repair.case.reference in page
    assert "Complete by" in page
    assert f"{repair.case.reference}/1" in page
    assert "In-house plumbing team" in page
    assert "Parts ordered" in page
    assert "Sam Okafor" in page
    assert "Booked" in page or "booked" in page
    assert "Timeline" in page
    assert "Record a visit" in page


def test_the_job_page_offers_only_the_actions_that_fit(as_agent):
    # given
    repair = reported_repair()

    # when
    page = text(as_agent.get(job_url(repair)))

    # then
    assert "Triage the repair" in page
    assert "Book an appointment" not in page
    assert "Close the job" not in page


def test_staff_outside_repairs_see_the_job_but_no_actions(client):
    # given
    client.force_login(UserFactory(roles=["complaint_officer"]))
    repair = triaged_repair()

    # when
    page = text(client.get(job_url(repair)))

    # then
    assert repair.case.reference in page
    assert "Issue a work order" not in page
    assert "Only repairs planners, contact agents and managers can work a repair." in page


def test_a_safety_job_without_interim_measures_says_so(as_agent):
    repair = reported_repair(category="lock")

    page = text(as_agent.get(job_url(repair)))

    assert "Not yet recorded" in page
    assert "Record interim measures" in page


def test_a_photo_on_the_job_can_be_opened(as_agent, resident):
    # given
    repair = reported_repair(resident=resident, photos=[console_photo()])
    photo = Attachment.objects.get(case=repair.case)

    # when
    response = as_agent.get(
        reverse(f"{NS}:photo", kwargs={"reference": repair.case.reference, "photo_id": photo.pk})
    )

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def console_photo():
    from homecase.records.attachments import Photo

    upload = png()
    return Photo(name=upload.name, content=upload.read())


def test_the_console_case_page_links_to_the_repair_page(as_agent):
    repair = reported_repair()

    page = text(as_agent.get(reverse("console:case", kwargs={"reference": repair.case.reference})))

    assert f'href="{job_url(repair)}"' in page


def test_a_cancelled_job_says_so(as_agent):
    repair = reported_repair()
    repair.status = RepairStatus.CANCELLED  # only the page's words are under test here
    assert console.promise_words(repair, []) == "The job was cancelled."


def test_the_queue_reads_a_fixed_number_of_queries(as_agent):
    # given
    reported_repair()
    as_agent.get(QUEUE)  # the session and roles, read once
    with CaptureQueriesContext(connection) as few:
        as_agent.get(QUEUE)
    for _ in range(4):
        reported_repair()

    # when
    with CaptureQueriesContext(connection) as many:
        as_agent.get(QUEUE)

    # then
    assert len(many) == len(few)


def test_a_report_for_a_communal_area_needs_no_resident(as_agent):
    # given
    area = communal_area()

    # when
    form = text(as_agent.get(REPORT, {"communal_area": area.pk}))
    response = as_agent.post(
        f"{REPORT}?communal_area={area.pk}",
        report_data(where=f"area-{area.pk}", category="communal_lighting"),
    )

    # then
    assert "Nothing is recorded for this household" in form
    assert response.status_code == 302
    repair = Repair.objects.get()
    assert repair.case.communal_area == area
    assert repair.case.resident is None


def test_a_report_for_a_home_shows_the_household_needs(as_agent, resident):
    # given
    today = timezone.localdate(now())
    Vulnerability.objects.create(
        resident=resident,
        kind=VulnerabilityKind.SIGHT,
        consent_given_on=today,
        review_on=today + timedelta(days=365),
    )

    # when
    page = text(as_agent.get(REPORT, {"home": resident.home_id}))

    # then
    assert "Amara Okafor" in page
    assert "Sight loss" in page


def test_a_damp_job_shows_the_awaab_hazard_panel(as_agent):
    repair = reported_repair(category="damp_mould")

    page = text(as_agent.get(job_url(repair)))

    assert "Awaab’s Law hazard" in page


def test_the_job_page_reads_a_fixed_number_of_queries(as_agent):
    # given: a job with one work order and its slot
    appointment = booked_appointment()
    repair = Repair.objects.get(pk=appointment.work_order.repair_id)
    as_agent.get(job_url(repair))  # the session and roles, read once
    with CaptureQueriesContext(connection) as few:
        as_agent.get(job_url(repair))
    for _ in range(3):
        booked_appointment(work_order=issued_work_order(repair=repair))

    # when
    with CaptureQueriesContext(connection) as many:
        as_agent.get(job_url(repair))

    # then
    assert len(many) == len(few)
