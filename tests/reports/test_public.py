"""The public performance page: the latest whole reporting year's TSM figures and complaints
report headlines, in plain English, with no sign-in, on a hand-made landlord whose answers are
worked out here. Today is 23 November 2026, so the latest whole year is 2025-26."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from homecase.reports.public import latest_year_label
from tests.complaints import factories as cf
from tests.factories import HomeFactory, ResidentFactory, resident_with_login
from tests.repairs import factories as rf

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 11, 23, 11, 0, tzinfo=LONDON)
PAGE = reverse("performance:performance")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON)


def complaint(home, received: str, ack: str, respond: str) -> None:
    officer = cf.complaint_officer()
    with time_machine.travel(at(received), tick=False):
        c = cf.received_complaint(resident=ResidentFactory(home=home))
    with time_machine.travel(at(ack), tick=False):
        c = cf.acknowledged_complaint(complaint=c, officer=officer)
    with time_machine.travel(at(respond), tick=False):
        cf.responded_complaint(complaint=c, officer=officer)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def landlord():
    """Two homes. In 2025-26: two stage 1 complaints, one answered on time (2 June, answered
    10 June) and one late (acknowledged 2 September, due 16 September, answered 20 October),
    and one routine leak fixed in two days. In 2024-25: one complaint, answered on time."""
    first, second = HomeFactory(), HomeFactory()
    complaint(first, "2025-06-02", "2025-06-03", "2025-06-10")
    complaint(second, "2025-09-01", "2025-09-02", "2025-10-20")
    complaint(first, "2024-05-01", "2024-05-02", "2024-05-08")
    with time_machine.travel(at("2025-07-01"), tick=False):
        order = rf.issued_work_order(category="leak", resident=ResidentFactory(home=first))
    with time_machine.travel(at("2025-07-03", 15), tick=False):
        rf.completed_repair(work_order=order)


def _get(client, url=PAGE):
    with time_machine.travel(TODAY, tick=False):
        return client.get(url)


def test_the_latest_whole_reporting_year_is_the_one_before_todays():
    with time_machine.travel(TODAY, tick=False):
        assert latest_year_label() == "2025-26"
    with time_machine.travel(datetime(2026, 3, 31, 12, tzinfo=LONDON), tick=False):
        assert latest_year_label() == "2024-25"
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=LONDON), tick=False):
        assert latest_year_label() == "2025-26"


def test_anyone_sees_the_latest_years_figures_without_signing_in(client, landlord):
    response = _get(client)
    assert response.status_code == 200
    content = response.content.decode()
    assert "How we are doing" in content
    assert "Reporting year 2025-26" in content
    # CH01: 2 stage 1 complaints for 2 homes
    assert "Complaints we received, for every 1,000 homes" in content
    assert "1000.0 per 1,000 homes" in content
    # CH02: one of the two answered within the Code's time
    assert "First-stage complaints we answered within the time the Code allows" in content
    assert "1 of 2 stage 1 complaints responded to." in content
    assert "50.0%" in content
    # RP02: the one routine repair fixed in time
    assert "Non-emergency repairs finished within our target time" in content
    assert "1 of 1 non-emergency responsive repairs completed." in content


def test_the_complaints_report_headlines_are_there(client, landlord):
    content = _get(client).content.decode()
    assert 'id="complaints-report"' in content
    assert "we received 2 complaints." in content
    # both acknowledged in time; one of two answered in time
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr.*?</tr>", content, re.DOTALL)
    ]
    assert "Stage 1: acknowledged within 5 working days 2 of 2 100.0%" in rows
    assert "Stage 1: responded to within 10 working days 1 of 2 50.0%" in rows


def test_nothing_links_to_a_case_or_the_governance_area(client, landlord):
    content = _get(client).content.decode()
    assert "/console/" not in content
    assert "/governance/" not in content


def test_an_earlier_year_can_be_chosen(client, landlord):
    content = _get(client, f"{PAGE}?year=2024-25").content.decode()
    assert "Reporting year 2024-25" in content
    assert "we received 1 complaint." in content
    assert "1 of 1 stage 1 complaints responded to." in content


def test_a_year_with_no_data_says_so(client, landlord):
    response = _get(client, f"{PAGE}?year=2021-22")
    assert response.status_code == 200
    content = response.content.decode()
    assert "We have no complaints, repairs or safety checks recorded for 2021-22" in content
    assert "we received 0 complaints." in content


@pytest.mark.parametrize("year", ["2026-27", "2015-16", "nonsense", "2025-27"])
def test_a_year_we_do_not_publish_is_a_plain_404(client, db, year):
    response = _get(client, f"{PAGE}?year={year}")
    assert response.status_code == 404
    content = response.content.decode()
    assert "We publish figures for the reporting years 2021-22 to 2025-26 only." in content


def test_the_figures_are_cached_for_an_hour(client, landlord, django_assert_max_num_queries):
    _get(client)
    with django_assert_max_num_queries(0):
        assert _get(client).status_code == 200


def test_the_portal_home_page_and_the_footer_link_to_it(client, db):
    resident = resident_with_login()
    client.force_login(resident.user)
    content = client.get(reverse("portal:home")).content.decode()
    assert content.count(f'href="{PAGE}"') == 2
