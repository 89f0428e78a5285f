"""The Awaab's Law pages of a repair in the staff console: who may use them, each step through
the Django test client, the hazard panel on the job page, the hazards list, and refusals shown
as errors with nothing written."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from homecase.records.models import Deadline, DeadlineStatus, Event
from homecase.repairs.models import Hazard, HazardSeverity
from homecase.repairs.selectors_programme import hazard_clocks
from homecase.repairs.services import awaab
from tests.factories import UserFactory
from tests.repairs.factories import planner, reported_repair

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # a Monday
NS = "console:console-repairs"


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def me():
    return planner(first_name="Sam", last_name="Okafor")


@pytest.fixture
def planner_client(client, me):
    client.force_login(me)
    return client


@pytest.fixture
def hazard():
    return Hazard.objects.get(repair=reported_repair(category="damp_mould"))


def step_url(name: str, hazard: Hazard) -> str:
    return reverse(
        f"{NS}:repairs-hazard-{name}", kwargs={"reference": hazard.repair.case.reference}
    )


def test_anonymous_people_are_sent_to_sign_in(client, hazard):
    response = client.get(step_url("triage", hazard))

    assert response.status_code == 302
    assert reverse("console:sign-in") in response["Location"]


def test_staff_who_do_not_work_repairs_are_refused(client, hazard):
    client.force_login(UserFactory(roles=["complaint_officer"]))

    response = client.post(
        step_url("triage", hazard), {"severity": "emergency", "reason": "Mould everywhere"}
    )

    assert response.status_code == 403
    assert "Only repairs staff can do this" in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).triaged_at is None


def test_a_repair_without_a_hazard_is_a_404(planner_client):
    repair = reported_repair(category="leak")

    response = planner_client.get(
        reverse(f"{NS}:repairs-hazard-triage", kwargs={"reference": repair.case.reference})
    )

    assert response.status_code == 404
    assert "has no hazard record" in response.content.decode()


def test_triage_as_an_emergency(planner_client, hazard, me):
    page = planner_client.get(step_url("triage", hazard))
    assert "Triage the hazard" in page.content.decode()

    response = planner_client.post(
        step_url("triage", hazard), {"severity": "emergency", "reason": "Child with asthma"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#hazard")
    hazard.refresh_from_db()
    assert hazard.severity == HazardSeverity.EMERGENCY
    assert hazard.triaged_by == me
    assert Deadline.objects.filter(case_id=hazard.repair.case_id, duty="awaab.emergency").exists()


def test_triage_without_a_reason_shows_the_error_and_writes_nothing(planner_client, hazard):
    events = Event.objects.count()

    response = planner_client.post(step_url("triage", hazard), {"severity": "emergency"})

    assert response.status_code == 200
    assert "Say why you decided this" in response.content.decode()
    assert Event.objects.count() == events


def test_investigation_then_summary_then_works(planner_client, hazard):
    later = NOW + timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        response = planner_client.post(
            step_url("investigation", hazard),
            {
                "investigator": "Dana Reyes",
                "day": "2",
                "month": "3",
                "year": "2026",
                "time": "12:00",
                "findings": "Blocked extractor fan.",
            },
        )
        assert response.status_code == 302
        assert planner_client.post(step_url("summary", hazard), {"how": "email"}).status_code == 302
        moment = {"day": "2", "month": "3", "year": "2026", "time": "12:30"}
        assert planner_client.post(step_url("safety-works", hazard), moment).status_code == 302
        assert planner_client.post(step_url("further-works", hazard), moment).status_code == 302

    hazard.refresh_from_db()
    assert hazard.investigator == "Dana Reyes"
    assert hazard.investigated_at == datetime(2026, 3, 2, 12, 0, tzinfo=LONDON)
    assert hazard.summary_sent_how == "email"
    statuses = {d.duty: d.status for d in hazard_clocks(hazard)}
    assert statuses == {
        "awaab.investigate": DeadlineStatus.MET,
        "awaab.summary": DeadlineStatus.MET,
        "awaab.safety_works": DeadlineStatus.MET,
        "awaab.further_works": DeadlineStatus.MET,
    }


def test_an_investigation_in_the_future_is_refused_on_the_date(planner_client, hazard):
    response = planner_client.post(
        step_url("investigation", hazard),
        {
            "investigator": "Dana Reyes",
            "day": "3",
            "month": "3",
            "year": "2026",
            "time": "09:00",
            "findings": "Mould",
        },
    )

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).investigated_at is None


def test_made_safe_on_a_significant_hazard_is_refused_in_plain_english(planner_client, hazard):
    response = planner_client.post(
        step_url("made-safe", hazard), {"day": "2", "month": "3", "year": "2026", "time": "10:00"}
    )

    assert response.status_code == 200
    assert "Only an emergency hazard is made safe" in response.content.decode()


def test_alternative_accommodation_is_recorded_and_shown_on_the_panel(planner_client, hazard):
    response = planner_client.post(
        step_url("accommodation", hazard), {"details": "Riverside Inn, from tonight, at our cost"}
    )
    assert response.status_code == 302

    job = planner_client.get(
        reverse(f"{NS}:repair", kwargs={"reference": hazard.repair.case.reference})
    )
    page = job.content.decode()
    assert "Awaab’s Law hazard" in page
    assert "Riverside Inn, from tonight, at our cost" in page
    assert "Investigate the hazard" in page  # the investigation clock
    assert step_url("investigation", hazard) in page


def test_the_panel_says_when_the_law_did_not_apply_yet(me):
    with time_machine.travel(datetime(2025, 10, 1, 9, 0, tzinfo=LONDON), tick=False):
        repair = reported_repair(category="damp_mould")
    hazard = Hazard.objects.get(repair=repair)

    html = render_to_string(
        "repairs/console/_hazard_panel.html",
        {"hazard": hazard, "repair": repair, "deadlines": [], "can_work": True},
    )

    assert not awaab.law_applies(hazard)
    assert "did not apply yet" in html


def test_the_hazards_list_shows_the_next_duty(planner_client, hazard):
    response = planner_client.get(reverse(f"{NS}:repairs-hazards"))

    page = response.content.decode()
    assert response.status_code == 200
    assert hazard.repair.case.reference in page
    assert "Investigate the hazard" in page
