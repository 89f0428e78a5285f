"""The annual complaints performance report on a hand-made year of complaints, made through the
services on real dates (time_machine), with the right answers worked out below.

Reporting year 2025-26 (1 April 2025 - 31 March 2026):
- A: phone, received Thu 1 May 2025, acknowledged Fri 2 May (met), answered Fri 9 May, upheld.
- B: email, received Mon 2 June 2025, acknowledged Fri 20 June (due Mon 9 June: met late),
  not yet answered.
- C: phone, received Tue 1 July 2025, refused (over 12 months): its acknowledgement is
  cancelled, so it is not in the timeliness figures.
- D: letter, received Mon 2 December 2024: the year before, in no figure of 2025-26.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from homecase.complaints import services
from homecase.complaints.services._common import ACKNOWLEDGE, RESPOND
from homecase.records.models import Channel
from homecase.reports import selectors_annual as annual
from homecase.reports.forms_annual import PeriodForm, current_reporting_year
from tests.complaints.factories import decide_all
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
YEAR = annual.Period(date(2025, 4, 1), date(2026, 3, 31), "2025-26")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


def received(day: str, channel: str, agent):
    with time_machine.travel(at(day), tick=False):
        return services.complaint_create(
            actor=agent,
            channel=channel,
            resident=ResidentFactory(),
            description="Nobody came to fix the leak.",
            desired_outcome="Fix it.",
        )


def acknowledge(complaint, day: str, officer) -> None:
    with time_machine.travel(at(day), tick=False):
        services.complaint_acknowledge(
            complaint=complaint, actor=officer, points=["The leak"], outcomes_sought="Fixed"
        )


@pytest.fixture
def year():
    agent = UserFactory(roles=["contact_agent"])
    officer = UserFactory(roles=["complaint_officer"], first_name="Asha", last_name="Patel")
    a = received("2025-05-01", Channel.PHONE, agent)
    acknowledge(a, "2025-05-02", officer)
    with time_machine.travel(at("2025-05-09"), tick=False):
        decide_all(a, actor=officer, decision="upheld")
        services.complaint_respond(complaint=a, actor=officer, explanation="We checked.")
    b = received("2025-06-02", Channel.EMAIL, agent)
    acknowledge(b, "2025-06-20", officer)
    c = received("2025-07-01", Channel.PHONE, agent)
    with time_machine.travel(at("2025-07-02"), tick=False):
        services.complaint_refuse(
            complaint=c, actor=officer, exclusion="over_12_months", explanation="In 2022."
        )
    d = received("2024-12-02", Channel.LETTER, agent)
    return {"a": a, "b": b, "c": c, "d": d, "officer": officer}


def test_volumes_count_the_year_only(year):
    volumes = annual.volumes(YEAR)
    assert volumes["total"] == 3  # A, B, C; D was received the year before
    assert volumes["stage1"] == 3
    assert volumes["stage2"] == 0
    assert volumes["refused_total"] == 1
    assert [(r.value, r.count) for r in volumes["refused"]] == [("over_12_months", 1)]
    assert {r.value: r.count for r in volumes["by_channel"]} == {"phone": 2, "email": 1}
    assert [(r.value, r.count) for r in volumes["by_category"]] == [(annual.NO_CATEGORY, 3)]
    officers = {(r.extra["stage"], r.label): r.count for r in volumes["by_officer"]}
    assert officers == {(1, "Asha Patel"): 2}


def test_timeliness_against_each_deadline(year):
    rows = {row["duty"]: row for row in annual.timeliness(YEAR)}
    acknowledged = {r.value: r.count for r in rows[ACKNOWLEDGE[1]]["outcomes"]}
    assert acknowledged == {"met": 1, "met_late": 1, "missed": 0, "open": 0}
    assert rows[ACKNOWLEDGE[1]]["share"] == 50.0  # 1 of 2; C's was cancelled
    responded = {r.value: r.count for r in rows[RESPOND[1]]["outcomes"]}
    assert responded["met"] == 1
    assert responded["met"] + responded["open"] + responded["missed"] == 2  # B's still owed
    assert rows[ACKNOWLEDGE[2]]["decided"] == 0
    assert rows[ACKNOWLEDGE[2]]["share"] is None


def test_outcomes_of_responses_sent_in_the_year(year):
    result = annual.outcomes(YEAR)
    assert {r.value: r.count for r in result[1]["stages"]} == {
        "upheld": 1,
        "partly_upheld": 0,
        "not_upheld": 0,
    }
    assert result[1]["responded"] == 1
    assert sum(r.count for r in result[1]["points"]) == 1  # A's one point
    assert result[2]["responded"] == 0


def test_drill_downs_list_the_complaints_behind_a_figure(year):
    def refs(*args, **kwargs):
        return [c.pk for c in annual.complaints_behind(YEAR, *args, **kwargs)]

    assert refs("received") == [year["a"].pk, year["b"].pk, year["c"].pk]
    assert refs("channel", "email") == [year["b"].pk]
    assert refs("refused", "over_12_months") == [year["c"].pk]
    assert refs("deadline", "met_late", duty=ACKNOWLEDGE[1]) == [year["b"].pk]
    assert refs("outcome", "upheld", stage="1") == [year["a"].pk]
    assert refs("officer", str(year["officer"].pk), stage="1") == [year["a"].pk, year["b"].pk]
    assert refs("no-such-figure") == []


def test_an_empty_year_is_a_report_saying_so():
    report = annual.report(annual.Period(date(2030, 4, 1), date(2031, 3, 31), "2030-31"))
    assert report["empty"] is True
    assert report["volumes"]["total"] == 0
    assert all(row["share"] is None for row in report["timeliness"])
    assert report["compensation"]["n"] == 0


def test_period_form_reporting_year_and_dates():
    form = PeriodForm({"year": "2025-26", "start": "", "end": ""})
    assert form.is_valid()
    assert form.cleaned_data["period"] == YEAR
    assert not PeriodForm({"year": "2025-27"}).is_valid()
    backwards = PeriodForm({"start": "2026-01-10", "end": "2026-01-01"})
    assert not backwards.is_valid()
    assert backwards.errors["end"] == ["The end of the period must be on or after its start."]
    assert current_reporting_year(date(2026, 3, 31)).label == "2025-26"
    assert current_reporting_year(date(2026, 4, 1)).label == "2026-27"


@pytest.fixture
def manager_client(client):
    client.force_login(UserFactory(roles=["manager"]))
    return client


def test_page_pdf_and_drill_down(year, manager_client):
    url = reverse("governance:complaints-report")
    page = manager_client.get(url, {"year": "2025-26"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body
    assert "Complaints by channel" in body
    assert "Asha Patel" in body
    cases = manager_client.get(
        reverse("governance:complaints-report-cases"),
        {"year": "2025-26", "figure": "channel", "value": "email"},
    )
    assert cases.status_code == 200
    assert year["b"].case.reference in cases.content.decode()
    assert year["a"].case.reference not in cases.content.decode()
    pdf = manager_client.get(reverse("governance:complaints-report-pdf"), {"year": "2025-26"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_empty_year_page_and_bad_periods(manager_client):
    url = reverse("governance:complaints-report")
    page = manager_client.get(url, {"year": "2030-31"})
    assert page.status_code == 200
    assert "There were no complaints in this period." in page.content.decode()
    bad = manager_client.get(url, {"start": "2026-01-10", "end": "2026-01-01"})
    assert bad.status_code == 400
    assert "must be on or after its start" in bad.content.decode()
    pdf = manager_client.get(
        reverse("governance:complaints-report-pdf"), {"start": "2026-01-10", "end": "2026-01-01"}
    )
    assert pdf.status_code == 400


def test_people_without_the_governance_role_are_refused(client):
    client.force_login(UserFactory(roles=["contact_agent"]))
    assert client.get(reverse("governance:complaints-report")).status_code == 403
    assert client.get(reverse("governance:complaints-report-pdf")).status_code == 403


def test_the_report_is_a_fixed_number_of_aggregate_queries(year, django_assert_max_num_queries):
    # Aggregates only: the query count does not grow with the number of complaints.
    with django_assert_max_num_queries(20):
        report = annual.report(YEAR)
        assert report["learning"]["latest"] == []  # fetched, not lazy
    assert report["volumes"]["total"] == 3
