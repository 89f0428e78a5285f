"""The ASB API: list and filter, report (a new case, or joined to an open one), read, timeline,
risk assessment, actions, contact and closure; ASB officers only, every other token refused
with a 403 before any case is looked up; each refusal writes nothing. Time stands still on
Tuesday 3 March 2026 at 10:00 in London."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from homecase.accounts.models import User
from homecase.api import services as api_services
from homecase.asb.models import AsbAction, AsbCase
from homecase.asb.services import PersonInput, action_add
from tests.asb import factories as f
from tests.factories import ResidentFactory, UserFactory, resident_with_login
from tests.repairs import factories as rf

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=LONDON)
NOT_ASB = {"detail": "Only ASB officers can use the ASB API.", "field": None}
NOT_STAFF = {"detail": "API tokens work only for staff members."}


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(TUESDAY, tick=False):
        yield


def bearer(user: User) -> Client:
    issued = api_services.api_token_issue(actor=None, user=user, name="Test client")
    return Client(headers={"Authorization": f"Bearer {issued.key}"})


@pytest.fixture
def officer() -> User:
    return f.asb_officer(first_name="Dee", last_name="Okafor")


@pytest.fixture
def api(officer) -> Client:
    return bearer(officer)


def post(client: Client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(url, body, content_type="application/json")
    return response.status_code, response.json()


def report_body(**changes) -> dict:
    reporter = changes.pop("reporter", None) or f.resident_in_block()
    return {
        "channel": "phone",
        "reporter_id": reporter.pk,
        "description": f.DESCRIPTION,
        "behaviours": ["drugs"],
        "location": "block",
        "block_id": reporter.home.block_id,
        "perpetrators": [{"name": "Man in a red jacket"}],
        **changes,
    }


def _resident_token_user() -> User:
    """A resident holding a token issued while they were staff (tokens are for staff only)."""
    resident = resident_with_login()
    resident.user.groups.add(*f.contact_agent().groups.all())
    user = resident.user
    user.api_client = bearer(user)
    resident.user.groups.clear()
    return user


# Who may use it -------------------------------------------------------------------------------


def _calls(asb: AsbCase, action: AsbAction) -> list[tuple[str, str, dict | None, int]]:
    """Every ASB operation: (method, url, body, what an ASB officer gets)."""
    ref = asb.case.reference
    return [
        ("get", "/api/asb", None, 200),
        ("get", f"/api/asb/{ref}", None, 200),
        ("get", f"/api/asb/{ref}/timeline", None, 200),
        ("post", f"/api/asb/{ref}/risk-assessments", {"answers": {"repeated": True}}, 201),
        (
            "post",
            f"/api/asb/{ref}/actions",
            {
                "kind": "site_visit",
                "description": "Visit the block",
                "due_on": "2026-03-06",
                "owner_id": asb.officer_id,
            },
            201,
        ),  # fmt: skip
        (
            "post",
            f"/api/asb/{ref}/contacts",
            {"channel": "phone", "summary": "Called the reporter back"},
            201,
        ),
        ("post", "/api/asb", report_body(), 201),
        (
            "post",
            f"/api/asb/{ref}/actions/{action.pk}/complete",
            {"outcome": "Visited: door reported"},
            200,
        ),
        ("post", f"/api/asb/{ref}/close", {"reason": "x", "victim_view": ""}, 400),
    ]


ROLES: dict[str, Callable[[], User]] = {
    "contact agent": f.contact_agent,
    "repairs planner": f.planner,
    "manager": lambda: UserFactory(roles=["manager"]),
    "complaint officer": lambda: UserFactory(roles=["complaint_officer"]),
}


@pytest.mark.parametrize("role", ROLES)
def test_staff_without_the_asb_role_are_refused_everything_and_nothing_is_written(role):
    # given
    asb = f.reported_case()
    action = action_add(
        asb=asb, actor=asb.officer, kind="site_visit", description="Visit",
        due_on=TUESDAY.date(), owner=asb.officer,
    )  # fmt: skip
    client = bearer(ROLES[role]())
    before = f.written()
    for method, url, body, _ in _calls(asb, action):
        # when
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, body, content_type="application/json")
        # then
        assert (response.status_code, response.json()) == (403, NOT_ASB), url
    assert f.written() == before


@pytest.mark.parametrize("who", ["contractor", "resident"])
def test_contractors_and_residents_are_refused_everything(who):
    # given
    asb = f.reported_case()
    action = action_add(
        asb=asb, actor=asb.officer, kind="site_visit", description="Visit",
        due_on=TUESDAY.date(), owner=asb.officer,
    )  # fmt: skip
    if who == "contractor":
        client = bearer(rf.contractor_user())
    else:
        client = _resident_token_user().api_client
    for method, url, body, _ in _calls(asb, action):
        # when
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, body, content_type="application/json")
        # then
        assert (response.status_code, response.json()) == (403, NOT_STAFF), url


def test_an_asb_officer_may_do_everything(api, officer):
    # given
    asb = f.reported_case(officer=officer)
    action = action_add(
        asb=asb, actor=officer, kind="site_visit", description="Visit",
        due_on=TUESDAY.date(), owner=officer,
    )  # fmt: skip
    for method, url, body, expected in _calls(asb, action):
        # when
        if method == "get":
            response = api.get(url)
        else:
            response = api.post(url, body, content_type="application/json")
        # then
        assert response.status_code == expected, (url, response.json())


# Reads ----------------------------------------------------------------------------------------


def test_a_case_reads_in_full_with_its_parties_for_the_officer(api, officer):
    # given
    asb = f.reported_case(officer=officer, perpetrators=[PersonInput(name="Man in a red jacket")])
    # when
    response = api.get(f"/api/asb/{asb.case.reference.lower()}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == asb.case.reference
    assert body["status"] == "open"
    assert body["officer_name"] == "Dee Okafor"
    assert body["crime_reference"] == ""
    parties = [(p["role"], p["name"]) for p in body["parties"]]
    assert ("reporter", asb.case.resident.full_name) in parties
    assert ("alleged_perpetrator", "Man in a red jacket") in parties
    assert [a["stage"] for a in body["risk_assessments"]] == ["intake"]
    assert {"asb.first_contact", "asb.action_plan"} <= {d["duty"] for d in body["deadlines"]}
    timeline = api.get(f"/api/asb/{asb.case.reference}/timeline").json()
    assert timeline["reference"] == asb.case.reference
    assert timeline["events"][0]["kind"] == "case.opened"


@pytest.mark.parametrize("other", ["repair", "complaint", "unknown"])
def test_a_reference_that_is_not_an_asb_case_is_404(api, other):
    # given
    if other == "repair":
        reference = rf.reported_repair().case.reference
    elif other == "complaint":
        from tests.complaints.factories import received_complaint

        reference = received_complaint(resident=ResidentFactory()).case.reference
    else:
        reference = "A-2026-999999"
    # when
    response = api.get(f"/api/asb/{reference}")
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "We could not find that ASB case.", "field": None}


def test_the_list_filters_by_officer_risk_and_hate(api, officer):
    # given
    other = f.asb_officer()
    high = f.high_risk_case(officer=officer)
    hate = f.reported_case(officer=other, behaviours=("hate", "harassment"))
    standard = f.reported_case(officer=officer)

    def refs(**query) -> list[str]:
        response = api.get("/api/asb", query)
        assert response.status_code == 200, response.json()
        return [item["reference"] for item in response.json()["items"]]

    # when / then
    assert set(refs()) == {c.case.reference for c in (high, hate, standard)}
    assert set(refs(officer_id=officer.pk)) == {high.case.reference, standard.case.reference}
    assert refs(risk_level="high") == [high.case.reference]
    assert refs(hate="true") == [hate.case.reference]
    response = api.get("/api/asb", {"risk_level": "extreme"})
    assert (response.status_code, response.json()["field"]) == (400, "risk_level")


# Report ---------------------------------------------------------------------------------------


def test_a_report_opens_a_case_without_a_crime_reference_and_a_further_report_joins_it(api):
    # given
    status, first = post(api, "/api/asb", report_body())
    assert status == 201, first
    assert first["reference"].startswith("A-2026-")
    assert first["crime_reference"] == ""
    assert "Man in a red jacket" in [p["name"] for p in first["parties"]]
    # when: a neighbour reports the same matter
    neighbour = f.resident_in_block(AsbCase.objects.get(case__reference=first["reference"]).block)
    status, joined = post(
        api, "/api/asb", report_body(reporter=neighbour, join=first["reference"].lower())
    )
    # then: no new case (NM01 counts cases), the report is on the first
    assert status == 200, joined
    assert joined["reference"] == first["reference"]
    assert len(joined["reports"]) == 2
    assert AsbCase.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"behaviours": []}, "behaviours"),
        ({"description": " "}, "description"),
        ({"block_id": None}, "block"),
        ({"join": "A-2026-999999"}, "join"),
        ({"reporter_id": 999999}, "reporter_id"),
    ],
)
def test_a_bad_report_is_refused_with_its_field_and_nothing_written(api, changes, field):
    # given
    body = report_body(**changes)
    before = f.written()
    # when
    status, answer = post(api, "/api/asb", body)
    # then
    assert (status, answer["field"]) == (400, field), answer
    assert f.written() == before


# Actions --------------------------------------------------------------------------------------


def test_an_action_without_an_owner_or_date_is_refused(api, officer):
    # given
    asb = f.reported_case(officer=officer)
    url = f"/api/asb/{asb.case.reference}/actions"
    before = f.written()
    # when
    no_owner = post(api, url, {"kind": "site_visit", "description": "Visit", "due_on": None})
    no_date = post(
        api,
        url,
        {"kind": "site_visit", "description": "Visit", "due_on": None, "owner_id": officer.pk},
    )
    # then
    assert (no_owner[0], no_owner[1]["field"]) == (400, "owner")
    assert (no_date[0], no_date[1]["field"]) == (400, "due_on")
    assert f.written() == before


def test_an_action_is_added_completed_and_the_case_closed(api, officer):
    # given
    asb = f.reported_case(officer=officer)
    ref = asb.case.reference
    status, action = post(
        api,
        f"/api/asb/{ref}/actions",
        {
            "kind": "patrols",
            "description": "Ask the safer neighbourhood team for evening patrols",
            "due_on": "2026-03-10",
            "partner_id": f.partner().pk,
            "agreed_with_victim": True,
        },
    )
    assert status == 201, action
    assert action["status"] == "open"
    assert action["due_at"].startswith("2026-03-10T23:59")
    # when: closing with the action open is refused
    close = {"reason": "resolved", "victim_view": "Happy: it has stopped."}
    refused = post(api, f"/api/asb/{ref}/close", close)
    # then
    assert (refused[0], refused[1]["field"]) == (409, "actions")
    # when: the action is done, then the case is closed
    status, done = post(
        api, f"/api/asb/{ref}/actions/{action['id']}/complete", {"outcome": "Patrols held"}
    )
    assert (status, done["status"], done["outcome"]) == (200, "done", "Patrols held")
    status, closed = post(api, f"/api/asb/{ref}/close", close)
    # then
    assert status == 200, closed
    assert (closed["status"], closed["closure_reason"]) == ("closed", "resolved")
    assert closed["victim_view"] == "Happy: it has stopped."


def test_an_action_of_another_case_is_404(api, officer):
    # given
    asb, other = f.reported_case(officer=officer), f.reported_case(officer=officer)
    action = action_add(
        asb=other, actor=officer, kind="site_visit", description="Visit",
        due_on=TUESDAY.date(), owner=officer,
    )  # fmt: skip
    # when
    status, answer = post(
        api, f"/api/asb/{asb.case.reference}/actions/{action.pk}/complete", {"outcome": "Done"}
    )
    # then
    assert status == 404
    assert answer["detail"] == f"Case {asb.case.reference} has no action {action.pk}."
    assert AsbAction.objects.get(pk=action.pk).status == "open"


def test_risk_assessment_and_contact(api, officer):
    # given
    asb = f.reported_case(officer=officer)
    ref = asb.case.reference
    # when
    status, assessment = post(
        api,
        f"/api/asb/{ref}/risk-assessments",
        {"answers": {"threats_or_violence": True}, "notes": "Threatened on the stairs"},
    )
    # then
    assert status == 201, assessment
    assert (assessment["stage"], assessment["level"]) == ("review", "high")
    assert AsbCase.objects.get(pk=asb.pk).risk_level == "high"
    # when: an unknown question
    status, answer = post(api, f"/api/asb/{ref}/risk-assessments", {"answers": {"nope": True}})
    assert (status, answer["field"]) == (400, "answers")
    # when: contact with the victim
    status, event = post(
        api, f"/api/asb/{ref}/contacts", {"channel": "phone", "summary": "Called back"}
    )
    # then
    assert status == 201, event
    assert event["kind"] == "asb.contact"
    assert event["visibility"] == "resident"
