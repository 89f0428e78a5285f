"""The Code self-assessment: every provision with its computed evidence (on a hand-made year),
the officer's confirmed status with its history, and the CSV in the Ombudsman's layout.

Reporting year 2025-26, complaints made through the services on real dates:
- A: received Thu 1 May 2025, acknowledged Fri 2 May (on time), answered Fri 9 May.
- B: received Mon 2 June 2025, acknowledged Fri 20 June (due Mon 9 June: late).
- C: received Tue 1 July 2025, refused (over 12 months), told by letter with the Ombudsman's
  details.
So: stage 1 acknowledged within 5 working days 1 of 2 (50%); stage 1 responses on time 1 of 1;
refusals told in writing 1 of 1; complaints accepted 2 of 3."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from homecase.complaints import services
from homecase.records.models import Channel
from homecase.reports import selectors_self_assessment as selectors
from homecase.reports.code_provisions import PROVISIONS, SECTIONS, provision_get
from homecase.reports.models import ProvisionAssessment
from homecase.reports.selectors_annual import Period
from homecase.reports.self_assessment import CSV_HEADER
from homecase.reports.services import provision_assess
from tests.complaints.factories import decide_all
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
YEAR = Period(date(2025, 4, 1), date(2026, 3, 31), "2025-26")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=10, tzinfo=LONDON)


def received(day: str, agent):
    with time_machine.travel(at(day), tick=False):
        return services.complaint_create(
            actor=agent,
            channel=Channel.PHONE,
            resident=ResidentFactory(),
            description="Nobody came.",
            desired_outcome="Come.",
        )


def acknowledge(complaint, day: str, officer) -> None:
    with time_machine.travel(at(day), tick=False):
        services.complaint_acknowledge(
            complaint=complaint, actor=officer, points=["Nobody came"], outcomes_sought="A visit"
        )


@pytest.fixture
def officer():
    return UserFactory(roles=["complaint_officer"])


@pytest.fixture
def year(officer):
    agent = UserFactory(roles=["contact_agent"])
    a = received("2025-05-01", agent)
    acknowledge(a, "2025-05-02", officer)
    with time_machine.travel(at("2025-05-09"), tick=False):
        decide_all(a, actor=officer, decision="not_upheld")
        services.complaint_respond(complaint=a, actor=officer, explanation="We checked.")
    b = received("2025-06-02", agent)
    acknowledge(b, "2025-06-20", officer)
    c = received("2025-07-01", agent)
    with time_machine.travel(at("2025-07-02"), tick=False):
        services.complaint_refuse(
            complaint=c, actor=officer, exclusion="over_12_months", explanation="In 2022."
        )


def measured(key: str) -> selectors.Figure:
    return selectors.measure(key, YEAR)


def test_provisions_cover_sections_1_to_9_once_each():
    numbers = [p.number for p in PROVISIONS]
    assert len(numbers) == len(set(numbers))
    assert {p.section for p in PROVISIONS} == set(range(1, 10)) == set(SECTIONS)
    assert {"6.2", "6.3", "6.11", "6.14", "2.4", "8.3"} <= set(numbers)
    assert provision_get("6.13").measure == "stage2_different_officer"
    assert provision_get("6.2").measure == "stage1_acknowledge"
    assert all(p.measure in selectors.MEASURES for p in PROVISIONS if p.measure)


def test_figures_computed_from_the_record(year):
    acknowledged = measured("stage1_acknowledge")
    assert (acknowledged.numerator, acknowledged.denominator) == (1, 2)
    assert acknowledged.text == "stage 1 acknowledged within 5 working days: 50% (1 of 2)"
    assert (measured("stage1_respond").numerator, measured("stage1_respond").denominator) == (
        1,
        1,
    )
    refusals = measured("refusal_letters")
    assert (refusals.numerator, refusals.denominator) == (1, 1)
    accepted = measured("accepted")
    assert (accepted.numerator, accepted.denominator) == (2, 3)
    assert accepted.text == "complaints accepted: 66.7% (2 of 3)"
    assert measured("definitions").numerator == 2
    assert measured("points_reasoned").text.endswith("100% (1 of 1)")
    assert measured("channels").text == "channels complaints were received through: 1"


def test_a_year_with_nothing_to_measure_says_so():
    empty = Period(date(2030, 4, 1), date(2031, 3, 31), "2030-31")
    figure = selectors.measure("stage1_acknowledge", empty)
    assert (
        figure.text
        == "stage 1 acknowledged within 5 working days: nothing to measure in the period"
    )
    rows = selectors.self_assessment(empty)
    assert len(rows) == len(PROVISIONS)
    assert all(row["assessment"] is None for row in rows)


def test_large_numbers_are_shown_with_thousands_separators():
    figure = selectors.Figure("acknowledged within 5 working days", 1203, 1280)
    assert figure.text == "acknowledged within 5 working days: 94% (1,203 of 1,280)"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_page_lists_every_provision_with_evidence(year, officer_client):
    page = officer_client.get(reverse("governance:self-assessment"), {"year": "2025-26"})
    assert page.status_code == 200
    body = page.content.decode()
    for provision in PROVISIONS:
        assert f'id="provision-{provision.number.replace(".", "-")}"' in body
    assert "Stage 1 acknowledged within 5 working days: 50% (1 of 2)" in body
    assert f"0 of {len(PROVISIONS)} provisions assessed" in body


def test_assessing_a_provision_keeps_its_history(year, officer_client):
    url = reverse("governance:self-assessment-assess", args=["6.2"]) + "?year=2025-26"
    refused = officer_client.post(url, {"status": "partly", "explanation": ""})
    assert refused.status_code == 400
    assert "Explain why the provision is not fully met" in refused.content.decode()
    assert not ProvisionAssessment.objects.exists()
    done = officer_client.post(url, {"status": "partly", "explanation": "Backlog in June."})
    assert done.status_code == 302
    assert done["Location"].endswith("#provision-6-2")
    saved = ProvisionAssessment.objects.get()
    assert (saved.provision, saved.status, saved.explanation) == (
        "6.2",
        "partly",
        "Backlog in June.",
    )
    assert saved.evidence == "stage 1 acknowledged within 5 working days: 50% (1 of 2)"
    officer_client.post(url, {"status": "compliant", "explanation": ""})
    page = officer_client.get(url).content.decode()
    assert "Backlog in June." in page  # the earlier assessment is still shown
    assert "Compliant (current)" in page


def test_csv_in_the_ombudsman_layout(year, officer, officer_client):
    provision_assess(provision="6.2", status="not_compliant", explanation="Late.", actor=officer)
    response = officer_client.get(reverse("governance:self-assessment-csv"), {"year": "2025-26"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + len(PROVISIONS)
    by_number = {row[1]: row for row in rows[1:]}
    assert by_number["6.2"][0] == "6. Complaints stages"
    assert by_number["6.2"][3:] == [
        "No",
        "stage 1 acknowledged within 5 working days: 50% (1 of 2)",
        "Late.",
    ]
    assert by_number["4.1"][3:] == ["Not yet assessed", "", ""]


def test_bad_period_and_bad_provision(officer_client):
    bad = officer_client.get(
        reverse("governance:self-assessment-csv"), {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert bad.status_code == 400
    assert "must be on or after its start" in bad.content.decode()
    missing = officer_client.get(reverse("governance:self-assessment-assess", args=["6.99"]))
    assert missing.status_code == 404


def test_board_members_see_but_do_not_assess(client):
    client.force_login(UserFactory(roles=["board_member"]))
    assert client.get(reverse("governance:self-assessment")).status_code == 200
    url = reverse("governance:self-assessment-assess", args=["6.2"])
    assert client.post(url, {"status": "compliant"}).status_code == 403
    assert not ProvisionAssessment.objects.exists()
    client.force_login(UserFactory(roles=["contact_agent"]))
    assert client.get(reverse("governance:self-assessment")).status_code == 403
