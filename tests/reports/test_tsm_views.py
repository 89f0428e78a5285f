"""The TSM pages: who sees them, the period chooser, the CSV in the Regulator's layout, the PDF
and the drill-down behind each figure."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from homecase.housing.models import DecencyAssessment, SafetyCheck, SafetyCheckStatus
from homecase.records.models import Case, CaseKind, Timeline
from tests.complaints import factories as cf
from tests.factories import HomeFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PAGE = reverse("governance:tsm")
CSV = reverse("governance:tsm-csv")
PDF = reverse("governance:tsm-pdf")


@pytest.fixture
def board(client):
    client.force_login(UserFactory(roles=["board_member"]))
    return client


@pytest.fixture
def landlord():
    """Four homes; one fails the Decent Homes Standard; one gas check in date, one expired;
    three ASB cases opened in 2025-26."""
    homes = [HomeFactory() for _ in range(4)]
    DecencyAssessment.objects.create(
        home=homes[0], assessed_on=date(2025, 5, 1), meets_standard=False, failing_reasons="Damp"
    )
    for home, due in ((homes[0], date(2026, 5, 1)), (homes[1], date(2025, 5, 1))):
        SafetyCheck.objects.create(
            kind="gas",
            home=home,
            done_on=due.replace(year=due.year - 1),
            next_due_on=due,
            status=SafetyCheckStatus.SATISFACTORY,
        )
    for n in range(3):
        Case.objects.create(
            reference=f"A-2025-00010{n}",
            kind=CaseKind.ASB,
            title=f"Noise {n}",
            timeline=Timeline.objects.create(subject="ASB"),
            opened_at=datetime(2025, 6, 1 + n, 12, tzinfo=LONDON),
        )
    return homes


@pytest.mark.parametrize("url", [PAGE, CSV, PDF, reverse("governance:tsm-cases", args=["rp01"])])
def test_anonymous_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("governance:sign-in"))


@pytest.mark.parametrize("url", [PAGE, CSV, PDF, reverse("governance:tsm-cases", args=["rp01"])])
def test_staff_without_a_governance_role_get_403(client, url):
    client.force_login(UserFactory(roles=["contact_agent"]))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["board_member", "manager"])
def test_governance_roles_see_the_page(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(PAGE).status_code == 200


def test_the_page_shows_each_figure_with_numerator_denominator_and_link(board, landlord):
    # when
    response = board.get(PAGE, {"year": "2025-26"})

    # then
    assert response.status_code == 200
    content = response.content.decode()
    figures = {f.key: f for f in response.context["tsm"].figures}
    assert (figures["rp01"].numerator, figures["rp01"].denominator) == (1, 4)
    assert figures["rp01"].result_text == "25.0%"
    assert figures["bs01"].result_text == "50.0%"
    assert figures["nm01-asb"].result_text == "750.0 per 1,000 homes"
    assert figures["nm01-hate"].result_text == "0.0 per 1,000 homes"
    assert f"{reverse('governance:tsm-cases', args=['nm01-hate'])}?year=2025-26" in content
    assert f"{reverse('governance:tsm-cases', args=['rp01'])}?year=2025-26" in content
    assert f"{CSV}?year=2025-26" in content


def test_an_empty_year_says_so(board):
    response = board.get(PAGE, {"year": "2025-26"})
    assert response.status_code == 200
    assert "There is no data for this period" in response.content.decode()


def test_a_period_ending_before_it_starts_is_a_form_error(board):
    response = board.get(PAGE, {"start": "2025-09-30", "end": "2025-04-01"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "The end of the period must be the same as or after its start." in content


@pytest.mark.parametrize("url", [CSV, PDF])
def test_downloads_refuse_a_backwards_period_with_400(board, url):
    response = board.get(url, {"start": "2025-09-30", "end": "2025-04-01"})
    assert response.status_code == 400
    assert "The end of the period must be the same as or after its start." in (
        response.content.decode()
    )


def test_the_csv_is_in_the_regulators_layout(board, landlord):
    # when
    response = board.get(CSV, {"year": "2025-26"})

    # then
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tsm-2025-26.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["TSM code", "Measure", "Numerator", "Denominator", "Result", "Unit", "Notes"]
    by_code = {row[0]: row for row in rows[1:]}
    assert list(by_code) == [
        "BS01", "BS02", "BS03", "BS04", "BS05", "CH01 (1)", "CH01 (2)", "CH02 (1)",
        "CH02 (2)", "NM01 (1)", "NM01 (2)", "RP01", "RP02 (1)", "RP02 (2)",
    ]  # fmt: skip
    assert by_code["RP01"][2:6] == ["1", "4", "25.0", "%"]
    assert by_code["BS01"][2:5] == ["1", "2", "50.0"]
    assert by_code["NM01 (1)"][2:6] == ["3", "4", "750.0", "per 1,000 homes"]
    assert by_code["NM01 (2)"][2:7] == ["0", "4", "0.0", "per 1,000 homes", ""]
    assert by_code["CH02 (1)"][2:5] == ["0", "0", ""]  # no data, not an error


def test_a_custom_period_csv_is_named_by_its_dates(board):
    response = board.get(CSV, {"start": "2025-04-01", "end": "2025-09-30"})
    assert response.status_code == 200
    assert "tsm-2025-04-01-to-2025-09-30.csv" in response["Content-Disposition"]


def test_the_pdf(board, landlord):
    response = board.get(PDF, {"year": "2025-26"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_drill_down_lists_the_homes_behind_a_figure(board, landlord):
    # when
    response = board.get(reverse("governance:tsm-cases", args=["bs01"]), {"year": "2025-26"})

    # then: the two homes needing a gas check, the in-date one counted
    assert response.status_code == 200
    rows = {row.reference: row.counted for row in response.context["rows"]}
    assert rows == {landlord[0].uprn: True, landlord[1].uprn: False}
    assert reverse("console:home", args=[landlord[0].pk]) in response.content.decode()


def test_the_drill_down_is_paginated(board, landlord, monkeypatch):
    from homecase.reports import tsm

    monkeypatch.setattr(tsm, "ROWS_PER_PAGE", 2)
    url = reverse("governance:tsm-cases", args=["nm01-asb"])
    first = board.get(url, {"year": "2025-26"})
    second = board.get(url, {"year": "2025-26", "page": "2"})
    assert [r.reference for r in first.context["rows"]] == ["A-2025-000100", "A-2025-000101"]
    assert [r.reference for r in second.context["rows"]] == ["A-2025-000102"]
    assert "Page 1 of 2" in first.content.decode()


def test_the_drill_down_of_complaints_links_each_case(board):
    # given: a complaint received in 2025-26
    with time_machine.travel(datetime(2025, 6, 2, 10, tzinfo=LONDON), tick=False):
        complaint = cf.received_complaint(resident=ResidentFactory())

    # when
    response = board.get(reverse("governance:tsm-cases", args=["ch01-stage1"]), {"year": "2025-26"})

    # then
    reference = complaint.case.reference
    assert [(r.reference, r.counted) for r in response.context["rows"]] == [(reference, True)]
    assert reverse("console:case", args=[reference]) in response.content.decode()


def test_an_unknown_figure_is_404(board):
    assert board.get(reverse("governance:tsm-cases", args=["tp01"])).status_code == 404


def test_a_year_not_offered_is_a_form_error(board):
    response = board.get(PAGE, {"year": "1990-91"})
    assert response.status_code == 400
    assert "Choose a reporting year from the list" in response.content.decode()


def test_dates_from_and_to_win_over_the_year(board):
    response = board.get(PAGE, {"year": "2024-25", "start": "1/4/2025", "end": "30/9/2025"})
    assert response.status_code == 200
    period = response.context["tsm"].period
    assert (period.start, period.end) == (date(2025, 4, 1), date(2025, 9, 30))


def test_the_asb_drill_down_lists_references_and_dates_only(board):
    from homecase.asb.services import PersonInput
    from tests.asb import factories as asb

    # given: a hate incident reported in 2025-26
    with time_machine.travel(datetime(2025, 6, 2, 10, tzinfo=LONDON), tick=False):
        case = asb.reported_case(
            behaviours=("hate",), perpetrators=[PersonInput(name="Gary Pike")]
        ).case

    # when
    response = board.get(reverse("governance:tsm-cases", args=["nm01-hate"]), {"year": "2025-26"})

    # then: counted, by reference; no title, no names
    body = response.content.decode()
    assert [(r.reference, r.counted) for r in response.context["rows"]] == [(case.reference, True)]
    assert case.title not in body
    assert "Gary Pike" not in body
    assert case.resident.full_name not in body
