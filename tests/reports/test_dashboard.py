"""The board dashboard: a hand-made record built through the services on known dates, and the
figures worked out by hand from it (as at Monday 15 June 2026, 10:00 in London).

Complaints (stage 1 deadlines: acknowledge in 5 working days, respond in 10 after that):
  A1  resident A, received Wed 10 Jun 2026, not acknowledged: open, 5 days old; its
      acknowledgement is due Wed 17 Jun (this week).
  A2  resident A, received Mon 2 Mar 2026, acknowledged that afternoon: open (stage 1), 105
      days old; its response was due mid-March: missed.
  B1  resident B, received 20 May 2026, acknowledged 21 May, answered (upheld) 22 May: not
      open; two learning actions added 22 May, due 1 June (overdue) and 1 July (not yet).
  C1  resident C, received 1 May 2025, never acknowledged: open, 410 days; ack missed.
  C2  resident C, received 1 Apr 2026, never acknowledged: open, 75 days; ack missed.
  Open complaints by age: under 10 days 1 (A1), 40-89 days 1 (C2), 90+ days 2 (A2, C1).
  Repeat complainants in 12 months: A (2). C has one complaint within the 12 months.

Repairs:
  home H: reported 1 Jun 2025 (outside the 12 months, open, 379 days), 10 Apr 2026 (66 days),
          10 May 2026 (36 days), 1 Jun 2026 completed the same day (14 days: "completed,
          waiting for the resident" is still open): 3 in 12 months, a repeated-repairs home.
  home K: 2 Jun and 3 Jun 2026 (13 and 12 days): 2 in 12 months, not repeated.
  Open repairs by age: 10-19 days 3, 20-39 days 1, 40-89 days 1, 90+ days 1.

Trends (July 2025 to June 2026): complaints received Mar 1, Apr 1, May 1, Jun 1; stage
responses May 1; repairs reported Apr 1, May 1, Jun 3; repairs completed Jun 1.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from homecase.complaints import services as complaints
from homecase.housing.models import Resident
from homecase.reports import selectors_dashboard as dashboard
from tests.complaints.factories import (
    acknowledged_complaint,
    complaint_officer,
    received_complaint,
    responded_complaint,
)
from tests.factories import ResidentFactory, UserFactory
from tests.repairs.factories import completed_repair, reported_repair

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 15, 10, tzinfo=LONDON)
ACK1, RESPOND1, LEARNING = (
    "complaint.stage1.acknowledge",
    "complaint.stage1.respond",
    "complaint.learning",
)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _complaint(resident: Resident, day: str, *, then: str = "received"):
    with time_machine.travel(at(day), tick=False):
        complaint = received_complaint(resident=resident)
    if then == "received":
        return complaint
    with time_machine.travel(at(day, 15), tick=False):
        return acknowledged_complaint(complaint=complaint)


def _repair(resident: Resident, day: str, *, completed: bool = False):
    with time_machine.travel(at(day), tick=False):
        if completed:
            return completed_repair(resident=resident, home=resident.home)
        return reported_repair(resident=resident, home=resident.home)


@pytest.fixture
def record() -> dict:
    a, b, c = ResidentFactory(), ResidentFactory(), ResidentFactory()
    made = {
        "A1": _complaint(a, "2026-06-10"),
        "A2": _complaint(a, "2026-03-02", then="acknowledged"),
        "C1": _complaint(c, "2025-05-01"),
        "C2": _complaint(c, "2026-04-01"),
    }
    officer = complaint_officer()
    with time_machine.travel(at("2026-05-20"), tick=False):
        b1 = received_complaint(resident=b)
    with time_machine.travel(at("2026-05-21"), tick=False):
        acknowledged_complaint(complaint=b1, officer=officer)
    with time_machine.travel(at("2026-05-22"), tick=False):
        b1 = responded_complaint(complaint=b1, officer=officer, outcome="upheld")
        for description, due in (
            ("Train the team", date(2026, 6, 1)),
            ("New leaflet", date(2026, 7, 1)),
        ):
            complaints.learning_action_add(
                complaint=b1, actor=officer, description=description, owner=officer, due_on=due
            )
    made["B1"] = b1
    h, k = ResidentFactory(), ResidentFactory()
    made["H"] = [
        _repair(h, "2025-06-01"),
        _repair(h, "2026-04-10"),
        _repair(h, "2026-05-10"),
        _repair(h, "2026-06-01", completed=True),
    ]
    made["K"] = [_repair(k, "2026-06-02"), _repair(k, "2026-06-03")]
    made["residents"] = {"A": a, "B": b, "C": c, "H": h, "K": k}
    return made


def test_open_cases_by_age(record):
    rows = {row.kind: row.counts for row in dashboard.open_case_ages(at=NOW)}
    assert rows == {
        "complaint": [1, 0, 0, 1, 2],
        "repair": [0, 3, 1, 1, 1],
        "asb": [0, 0, 0, 0, 0],
    }
    oldest = dashboard.open_cases(kind="complaint", bucket=4, at=NOW)
    assert [case.reference for case in oldest] == [record["C1"].reference, record["A2"].reference]


def test_deadlines_due_this_week_and_missed(record):
    due = {row.duty: row.count for row in dashboard.deadlines_due_this_week(at=NOW)}
    missed = {row.duty: row.count for row in dashboard.deadlines_missed(at=NOW)}
    assert due.get(ACK1) == 1
    assert due.get(RESPOND1) is None
    assert due.get(LEARNING) is None
    assert (missed.get(ACK1), missed.get(RESPOND1), missed.get(LEARNING)) == (2, 1, 1)
    listed = dashboard.deadlines(which="missed", duty=ACK1, at=NOW)
    assert [d.case.reference for d in listed] == [record["C1"].reference, record["C2"].reference]


def test_trends_by_month(record):
    trends = dashboard.monthly_trends(at=NOW)
    assert [row.month for row in trends][0] == date(2025, 7, 1)
    assert [row.month for row in trends][-1] == date(2026, 6, 1)
    by_month = {
        row.month.strftime("%Y-%m"): (
            row.complaints_opened,
            row.complaints_responded,
            row.repairs_reported,
            row.repairs_completed,
        )
        for row in trends
    }
    assert by_month["2026-03"] == (1, 0, 0, 0)
    assert by_month["2026-04"] == (1, 0, 1, 0)
    assert by_month["2026-05"] == (1, 1, 1, 0)
    assert by_month["2026-06"] == (1, 0, 3, 1)
    assert all(v == (0, 0, 0, 0) for m, v in by_month.items() if m < "2026-03")


def test_repeat_complainants_and_homes(record):
    people = list(dashboard.repeat_complainants(at=NOW))
    assert people == [{"resident": record["residents"]["A"].pk, "complaints": 2}]
    homes = list(dashboard.homes_with_repeated_repairs(at=NOW))
    assert homes == [{"home": record["residents"]["H"].home_id, "repairs": 3}]
    top, total = dashboard.top_with_total(dashboard.homes_with_repeated_repairs(at=NOW), 10)
    assert total == 1
    assert [r["home"] for r in top] == [record["residents"]["H"].home_id]
    (row,) = dashboard.with_homes(homes, at=NOW)
    assert [case.reference for case in row["cases"]] == [r.case.reference for r in record["H"][1:]]


def test_learning_actions_overdue(record):
    overdue = list(dashboard.learning_overdue(at=NOW))
    assert [action.description for action in overdue] == ["Train the team"]


def test_dashboard_page_and_drill_downs(client, record, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=["board_member"]))
    with time_machine.travel(NOW, tick=False):
        with django_assert_max_num_queries(25):
            response = client.get(reverse("governance:dashboard"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Board dashboard" in body
        assert "<svg" in body
        assert record["residents"]["A"].full_name in body
        assert "Train the team" in body
        pages = [
            (
                reverse("governance:dashboard-open", args=["complaint"]) + "?age=4",
                record["C1"].reference,
            ),
            (
                reverse("governance:dashboard-deadlines", args=["missed"]) + f"?duty={ACK1}",
                record["C2"].reference,
            ),
            (reverse("governance:dashboard-deadlines", args=["due"]), record["A1"].reference),
            (reverse("governance:dashboard-repeat-complainants"), record["A2"].reference),
            (reverse("governance:dashboard-repeat-repairs"), record["H"][1].case.reference),
            (reverse("governance:dashboard-learning"), record["B1"].reference),
        ]
        for url, reference in pages:
            page = client.get(url)
            assert page.status_code == 200, url
            assert reference in page.content.decode(), url
        assert (
            client.get(reverse("governance:dashboard-open", args=["nonsense"])).status_code == 404
        )
        assert (
            client.get(reverse("governance:dashboard-open", args=["repair"]) + "?age=9").status_code
            == 404
        )


def test_an_empty_record_gives_an_empty_dashboard(client):
    client.force_login(UserFactory(roles=["manager"]))
    response = client.get(reverse("governance:dashboard"))
    assert response.status_code == 200
    assert "None." in response.content.decode()


def test_access(client):
    url = reverse("governance:dashboard")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(roles=["contact_agent"]))
    assert client.get(url).status_code == 403


# Anti-social behaviour: counts, and drill-downs by reference only


@pytest.fixture
def asb_record() -> dict:
    """X: opened 2 Jun 2026 (this month), a hate incident, with an action "Speak to Gary" due
    19 Jun; Z: opened 3 Jun, joined to X (not a new case); Y: opened 10 Jan 2026, closed as
    resolved 1 Feb; W: opened 1 May 2025 (over 12 months ago), still open."""
    from homecase.asb.services import PersonInput, action_add, asb_join
    from tests.asb import factories as asb

    officer = asb.asb_officer()
    made = {}
    for key, day, kw in (
        ("X", "2026-06-02", {"behaviours": ("hate",)}),
        ("Z", "2026-06-03", {}),
        ("Y", "2026-01-10", {}),
        ("W", "2025-05-01", {}),
    ):
        with time_machine.travel(at(day), tick=False):
            made[key] = asb.reported_case(
                officer=officer, perpetrators=[PersonInput(name="Gary Pike")], **kw
            )
    with time_machine.travel(at("2026-06-04"), tick=False):
        asb_join(asb=made["Z"], into=made["X"], actor=officer, reason="Same matter")
        action_add(
            asb=made["X"], actor=officer, kind="speak_to_neighbours",
            description="Speak to Gary Pike", due_on=date(2026, 6, 19), owner=officer,
        )  # fmt: skip
    with time_machine.travel(at("2026-02-01"), tick=False):
        asb.closed_case(asb=made["Y"], by=officer)
    return made


def test_asb_volumes_ages_and_outcomes(asb_record):
    # when
    summary = dashboard.asb_summary(at=NOW)
    ages = {row.kind: row.counts for row in dashboard.open_case_ages(at=NOW)}

    # then
    assert (summary.opened_this_month, summary.opened_12_months, summary.hate_12_months) == (
        1,
        2,
        1,
    )
    assert [(r.reason, r.count) for r in summary.outcomes] == [("resolved", 1)]
    assert ages["asb"] == [0, 1, 0, 0, 1]  # X 13 days, W 410 days
    listed = dashboard.asb_cases(which="year", at=NOW)
    assert [a.case.reference for a in listed] == [
        asb_record["Y"].case.reference,
        asb_record["X"].case.reference,
    ]
    due = {row.duty: row.label for row in dashboard.deadlines_due_this_week(at=NOW)}
    assert due["asb.action"] == "ASB: an action on the plan"


def test_asb_drill_downs_show_references_never_titles_or_names(client, asb_record):
    # given
    client.force_login(UserFactory(roles=["board_member"]))
    x, y = asb_record["X"].case, asb_record["Y"].case
    with time_machine.travel(NOW, tick=False):
        # when
        pages = {
            "dashboard": client.get(reverse("governance:dashboard")),
            "hate": client.get(reverse("governance:dashboard-asb", args=["hate"])),
            "outcome": client.get(
                reverse("governance:dashboard-asb", args=["outcome"]) + "?reason=resolved"
            ),
            "open": client.get(reverse("governance:dashboard-open", args=["asb"]) + "?age=1"),
            "due": client.get(reverse("governance:dashboard-deadlines", args=["due"])),
        }
        missing = client.get(reverse("governance:dashboard-asb", args=["nonsense"]))

    # then
    for name, page in pages.items():
        body = page.content.decode()
        assert page.status_code == 200, name
        assert "Gary Pike" not in body, name
        assert x.title not in body, name
    assert x.reference in pages["hate"].content.decode()
    assert y.reference in pages["outcome"].content.decode()
    assert x.reference in pages["open"].content.decode()
    assert "ASB: an action on the plan" in pages["due"].content.decode()
    assert missing.status_code == 404
