"""The complaints API: each operation's happy path, each refused path (with nothing written),
and the list's filters, order and query count. Time stands still on Wednesday 4 March 2026 at
10:00 in London (GMT), so every due date is exact."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from homecase.complaints.models import Complaint, Point, Stage
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case, Deadline, Event
from tests.complaints.factories import (
    acknowledged_complaint,
    decide_all,
    received_complaint,
    responded_complaint,
)
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 3, 4, 10, 0, tzinfo=LONDON)
ACK_LABEL = "Acknowledge your complaint and agree what it is about"
RESPOND_LABEL = "Send our stage 1 response to your complaint"


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def post(client: Client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(url, body, content_type="application/json")
    return response.status_code, response.json()


def written() -> dict[str, int]:
    """Row counts of everything a complaint operation writes."""
    models = (Case, Complaint, Stage, Point, Event, Deadline, OutboundMessage)
    return {model.__name__: model.objects.count() for model in models}


def deadline(duty: str, due: str, status: str = "open", **changes) -> dict:
    label = {"acknowledge": ACK_LABEL, "respond": RESPOND_LABEL}[duty.split(".")[-1]]
    return {
        "duty": duty,
        "label": label,
        "due_at": due,
        "original_due_at": due,
        "status": status,
        "met_at": None,
        "extended_working_days": 0,
        "extension_reason": "",
        **changes,
    }


# Create ---------------------------------------------------------------------------------------


def test_create_logs_a_complaint_and_answers_201_with_it(officer_api):
    # given
    resident = ResidentFactory(first_name="Amina", last_name="Khan")
    # when
    status, body = post(
        officer_api,
        "/api/complaints",
        {
            "resident_id": resident.pk,
            "channel": "phone",
            "description": "  Nobody came to fix the boiler.  ",
            "desired_outcome": "Fix it this week.",
        },
    )
    # then
    complaint = Complaint.objects.get()
    assert status == 201
    assert body == {
        "reference": complaint.reference,
        "status": "received",
        "status_label": "Received, not yet acknowledged",
        "stage": 1,
        "complainant": "resident",
        "channel": "phone",
        "received_at": "2026-03-04T10:00:00Z",
        "resident": {"id": resident.pk, "name": "Amina Khan"},
        "representative_id": None,
        "third_party_name": "",
        "description": "Nobody came to fix the boiler.",
        "desired_outcome": "Fix it this week.",
        "related_case": None,
        "about_conduct": False,
        "conduct_subject": None,
        "next_due_at": "2026-03-11T23:59:59.999Z",
        "stages": [
            {
                "number": 1,
                "requested_at": "2026-03-04T10:00:00Z",
                "officer_name": None,
                "acknowledged_at": None,
                "outcomes_sought": "",
                "points": [],
                "explanation": "",
                "remedy_summary": "",
                "outcome": "",
                "responded_at": None,
                "escalate_by": None,
                "escalation_reason": "",
                "late_escalation_reason": "",
            }
        ],
        "deadlines": [deadline("complaint.stage1.acknowledge", "2026-03-11T23:59:59.999Z")],
        "remedies": [],
    }
    assert complaint.case.timeline.events.first().actor_name == "Priya Shah"


def test_create_for_a_third_party_about_conduct(officer_api):
    # given
    related = received_complaint()
    # when
    status, body = post(
        officer_api,
        "/api/complaints",
        {
            "channel": "email",
            "complainant": "third_party",
            "third_party_name": "Jo Bloggs",
            "third_party_contact": "jo@example.org",
            "description": "Your officer was rude to me at the door.",
            "about_conduct": True,
            "conduct_subject": "Officer K. Lane",
            "related_case": related.reference.lower(),
        },
    )
    # then
    assert status == 201
    assert (body["complainant"], body["resident"], body["third_party_name"]) == (
        "third_party",
        None,
        "Jo Bloggs",
    )
    assert (body["about_conduct"], body["conduct_subject"]) == (True, "Officer K. Lane")
    assert body["related_case"] == related.reference


@pytest.mark.parametrize(
    ("change", "status", "detail", "field"),
    [
        (
            {"received_at": "2026-03-05T10:00:00+00:00"},
            400,
            "in the future",
            "received_at",
        ),
        (
            {"received_at": "2026-03-02T10:00:00+00:00"},
            400,
            "earlier",
            "backdate_reason",
        ),
        (
            {"description": " "},
            400,
            "Say what the complaint is about, in the complainant's words.",
            "description",
        ),
        ({"channel": "pigeon"}, 400, "Say how the complaint reached us.", "channel"),
        ({"channel": "system"}, 400, "Say how the complaint reached us.", "channel"),
        ({"resident_id": 999999}, 400, "There is no resident 999999.", "resident_id"),
        (
            {"complainant": "representative"},
            400,
            "Choose a representative who acts for this resident.",
            "representative",
        ),
        (
            {"about_conduct": True},
            400,
            "Say whose conduct the complaint is about.",
            "conduct_subject",
        ),
        ({"related_case": "R-2026-999999"}, 400, "There is no case R-2026-999999.", "related_case"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(officer_api, change, status, detail, field):
    """`detail` is the service's message, or the part of it that matters (its wording is the
    service's to choose)."""
    # given
    resident = ResidentFactory()
    body = {"resident_id": resident.pk, "channel": "letter", "description": "Damp in my flat."}
    before = written()
    # when
    answered, answer = post(officer_api, "/api/complaints", {**body, **change})
    # then
    assert (answered, answer["field"], sorted(answer)) == (status, field, ["detail", "field"])
    assert detail in answer["detail"]
    assert written() == before


def test_create_with_a_time_without_a_zone_is_a_validation_error(officer_api):
    # given
    resident = ResidentFactory()
    before = written()
    # when
    status, body = post(
        officer_api,
        "/api/complaints",
        {
            "resident_id": resident.pk,
            "channel": "letter",
            "description": "Damp in my flat.",
            "received_at": "2026-03-02T10:00:00",
        },
    )
    # then
    assert status == 422
    assert [error["loc"] for error in body["detail"]] == [["body", "payload", "received_at"]]
    assert written() == before


# Read and timeline ----------------------------------------------------------------------------


def test_read_shows_the_definition_decisions_and_deadlines(officer_api, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    # when
    response = officer_api.get(f"/api/complaints/{complaint.reference.lower()}")
    # then
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["stage"], body["next_due_at"]) == (
        "stage_1",
        1,
        "2026-03-18T23:59:59.999Z",
    )
    stage = body["stages"][0]
    assert (stage["officer_name"], stage["acknowledged_at"]) == (
        "Priya Shah",
        "2026-03-04T10:00:00Z",
    )
    assert stage["points"] == [
        {
            "number": 1,
            "summary": "Three missed repair appointments",
            "decision": "",
            "reason": "",
            "added_after_acknowledgement": False,
        },
        {
            "number": 2,
            "summary": "No reply to my calls",
            "decision": "",
            "reason": "",
            "added_after_acknowledgement": False,
        },
    ]
    assert body["deadlines"] == [
        deadline(
            "complaint.stage1.acknowledge",
            "2026-03-11T23:59:59.999Z",
            status="met",
            met_at="2026-03-04T10:00:00Z",
        ),
        deadline("complaint.stage1.respond", "2026-03-18T23:59:59.999Z"),
    ]


def test_read_an_unknown_complaint_is_a_404(officer_api):
    # when
    response = officer_api.get("/api/complaints/C-2026-999999")
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no complaint C-2026-999999.", "field": None}


def test_only_handlers_see_whose_conduct_a_complaint_is_about(officer_api, agent_api):
    # given
    complaint = received_complaint(about_conduct=True, conduct_subject="Officer K. Lane")
    url = f"/api/complaints/{complaint.reference}"
    # when
    as_officer, as_agent = officer_api.get(url).json(), agent_api.get(url).json()
    # then
    assert (as_officer["about_conduct"], as_officer["conduct_subject"]) == (True, "Officer K. Lane")
    assert (as_agent["about_conduct"], as_agent["conduct_subject"]) == (True, None)


def test_the_timeline_lists_events_but_never_internal_ones(officer_api):
    # given: a conduct complaint (its conduct note is internal)
    complaint = received_complaint(about_conduct=True, conduct_subject="Officer K. Lane")
    # when
    response = officer_api.get(f"/api/complaints/{complaint.reference}/timeline")
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["reference"] == complaint.reference
    assert [(e["sequence"], e["kind"], e["visibility"]) for e in body["events"]] == [
        (1, "case.opened", "resident"),
        (2, "complaint.received", "resident"),
        (4, "deadline.opened", "resident"),
        (5, "message.sent", "resident"),
    ]
    assert body["events"][0] == {
        "sequence": 1,
        "occurred_at": "2026-03-04T10:00:00Z",
        "recorded_at": "2026-03-04T10:00:00Z",
        "backdate_reason": "",
        "kind": "case.opened",
        "summary": "Complaint received",
        "channel": "phone",
        "actor_name": body["events"][0]["actor_name"],
        "visibility": "resident",
    }


# Acknowledge and decide -----------------------------------------------------------------------


def test_acknowledge_defines_the_complaint_and_starts_the_response_clock(officer_api):
    # given
    complaint = received_complaint()
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/acknowledge",
        {"points": ["Missed visits", "  "], "outcomes_sought": "An apology"},
    )
    # then
    assert status == 200
    assert body == {
        "reference": complaint.reference,
        "status": "stage_1",
        "stage": 1,
        "officer_name": "Priya Shah",
        "acknowledged_at": "2026-03-04T10:00:00Z",
        "outcomes_sought": "An apology",
        "points": [
            {
                "number": 1,
                "summary": "Missed visits",
                "decision": "",
                "reason": "",
                "added_after_acknowledgement": False,
            }
        ],
        "respond_by": "2026-03-18T23:59:59.999Z",
    }


def test_acknowledge_without_points_is_refused_and_writes_nothing(officer_api):
    # given
    complaint = received_complaint()
    before = written()
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/acknowledge",
        {"points": [], "outcomes_sought": "An apology"},
    )
    # then
    assert (status, body) == (
        400,
        {"detail": "Write at least one point the response must answer.", "field": "points"},
    )
    assert written() == before
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_decisions_are_recorded_point_by_point(officer_api, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/decisions",
        {"decisions": [{"number": 2, "decision": "upheld", "reason": "No call was returned."}]},
    )
    # then
    assert status == 200
    assert body["stage"] == 1
    assert [(p["number"], p["decision"], p["reason"]) for p in body["points"]] == [
        (1, "", ""),
        (2, "upheld", "No call was returned."),
    ]
    assert body["undecided"] == [1]


def test_a_decision_on_a_point_that_does_not_exist_is_refused(officer_api, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    before = written()
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/decisions",
        {
            "decisions": [
                {"number": 1, "decision": "upheld", "reason": "Yes."},
                {"number": 9, "decision": "upheld", "reason": "No such point."},
            ]
        },
    )
    # then: not even point 1 was written
    assert (status, body) == (400, {"detail": "There is no point 9.", "field": "decisions"})
    assert written() == before
    assert list(Point.objects.values_list("decision", flat=True)) == ["", ""]


# Respond --------------------------------------------------------------------------------------


def test_respond_sends_the_stage_1_response(officer_api, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    decide_all(complaint, actor=officer, decision="partly_upheld")
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/respond",
        {"explanation": "We checked every visit.", "remedy_summary": "An apology."},
    )
    # then
    assert status == 200
    assert body == {
        "reference": complaint.reference,
        "status": "stage_1_responded",
        "stage": 1,
        "outcome": "partly_upheld",
        "responded_at": "2026-03-04T10:00:00Z",
        "escalate_by": "2026-04-01T22:59:59.999Z",
        "letter_sent": True,
    }


def test_respond_before_acknowledging_is_a_409_and_writes_nothing(officer_api):
    # given
    complaint = received_complaint()
    before = written()
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/respond",
        {"explanation": "We checked every visit."},
    )
    # then
    assert (status, body) == (
        409,
        {"detail": "The complaint must be acknowledged before it is answered.", "field": None},
    )
    assert written() == before
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_a_response_missing_a_decision_is_a_400_and_writes_nothing(officer_api, officer):
    # given: point 2 has no decision
    complaint = acknowledged_complaint(officer=officer)
    post(
        officer_api,
        f"/api/complaints/{complaint.reference}/decisions",
        {"decisions": [{"number": 1, "decision": "upheld", "reason": "Three visits missed."}]},
    )
    before = written()
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/respond",
        {"explanation": "We checked every visit."},
    )
    # then
    assert status == 400
    assert body["field"] == "points"
    assert body["detail"].startswith("The response cannot be sent yet. ")
    assert "2" in body["detail"]
    assert written() == before
    assert Complaint.objects.get(pk=complaint.pk).status == "stage_1"


# Escalate -------------------------------------------------------------------------------------


def test_escalate_opens_stage_2(agent_api):
    # given
    complaint = responded_complaint()
    # when
    status, body = post(
        agent_api, f"/api/complaints/{complaint.reference}/escalate", {"channel": "phone"}
    )
    # then: recorded by a contact agent taking the call; no reason demanded
    assert status == 200
    assert body == {
        "reference": complaint.reference,
        "status": "stage_2_requested",
        "stage": 2,
        "requested_at": "2026-03-04T10:00:00Z",
        "late": False,
        "acknowledge_by": "2026-03-11T23:59:59.999Z",
    }


def test_escalate_with_no_stage_1_response_is_a_409_and_writes_nothing(officer_api, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    before = written()
    # when
    status, body = post(
        officer_api, f"/api/complaints/{complaint.reference}/escalate", {"channel": "phone"}
    )
    # then
    assert (status, body) == (
        409,
        {"detail": "There is no stage 1 response to escalate from yet.", "field": None},
    )
    assert written() == before
    assert Complaint.objects.get(pk=complaint.pk).status == "stage_1"


# Extend ---------------------------------------------------------------------------------------


def test_extend_gives_more_time_and_keeps_the_original_date(officer_api, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/extend",
        {"working_days": 5, "reason": "We are waiting for the contractor's report."},
    )
    # then
    assert status == 200
    assert body == {
        "reference": complaint.reference,
        "status": "stage_1",
        "stage": 1,
        "respond_by": "2026-03-25T23:59:59.999Z",
        "original_due_at": "2026-03-18T23:59:59.999Z",
        "extended_working_days": 5,
        "extension_reason": "We are waiting for the contractor's report.",
    }


@pytest.mark.parametrize(
    ("change", "detail", "field"),
    [
        (
            {"reason": " "},
            "Give the reason for the extension: the resident will be told it.",
            "reason",
        ),
        (
            {"working_days": 11},
            "This would extend 'Send our stage 1 response to your complaint' by 11 working days "
            "in all; the limit is 10. Going beyond it needs a recorded good reason.",
            "working_days",
        ),
        ({"working_days": 0}, "An extension must be at least 1 working day.", "working_days"),
    ],
)
def test_a_bad_extension_is_a_400_and_writes_nothing(officer_api, officer, change, detail, field):
    # given
    complaint = acknowledged_complaint(officer=officer)
    before = written()
    # when
    status, body = post(
        officer_api,
        f"/api/complaints/{complaint.reference}/extend",
        {"working_days": 5, "reason": "Waiting for a report.", **change},
    )
    # then
    assert (status, body) == (400, {"detail": detail, "field": field})
    assert written() == before
    respond = Deadline.objects.get(case=complaint.case, duty="complaint.stage1.respond")
    assert (respond.due_at, respond.extended_working_days) == (respond.original_due_at, 0)


# List -----------------------------------------------------------------------------------------


@pytest.fixture
def four_complaints(officer):
    """a: received today; b: received 16 February (acknowledgement overdue); c: acknowledged
    today (response due 18 March); d: answered (owes nothing)."""
    resident = ResidentFactory(first_name="Amina", last_name="Khan")
    return {
        "a": received_complaint(resident=resident),
        "b": received_complaint(received_at=datetime(2026, 2, 16, 9, 0, tzinfo=LONDON)),
        "c": acknowledged_complaint(officer=officer),
        "d": responded_complaint(officer=officer),
    }


def references(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/api/complaints{query}")
    assert response.status_code == 200
    return [item["reference"] for item in response.json()["items"]]


def test_the_list_puts_what_falls_due_soonest_first(officer_api, four_complaints):
    # given
    c = four_complaints
    # when
    body = officer_api.get("/api/complaints").json()
    # then
    assert body["count"] == 4
    assert [(i["reference"], i["next_due_at"], i["rag"]) for i in body["items"]] == [
        (c["b"].reference, "2026-02-23T23:59:59.999Z", "red"),
        (c["a"].reference, "2026-03-11T23:59:59.999Z", "green"),
        (c["c"].reference, "2026-03-18T23:59:59.999Z", "green"),
        (c["d"].reference, None, "green"),
    ]
    assert body["items"][1] == {
        "reference": c["a"].reference,
        "status": "received",
        "stage": 1,
        "resident": {"id": c["a"].case.resident_id, "name": "Amina Khan"},
        "received_at": "2026-03-04T10:00:00Z",
        "next_due_at": "2026-03-11T23:59:59.999Z",
        "rag": "green",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=stage_1", ["c"]),
        ("?status=stage_1_responded", ["d"]),
        ("?overdue=true", ["b"]),
        ("?overdue=false", ["a", "c", "d"]),
        ("?received_from=2026-03-04", ["a", "c", "d"]),
        ("?received_to=2026-02-16", ["b"]),
        ("?received_from=2026-02-17&received_to=2026-03-03", []),
        ("?limit=2&offset=1", ["a", "c"]),
    ],
)
def test_the_list_filters(officer_api, four_complaints, query, expected):
    # when
    found = references(officer_api, query)
    # then
    assert found == [four_complaints[key].reference for key in expected]


def test_the_list_filters_by_resident(officer_api, four_complaints):
    # given
    resident_id = four_complaints["a"].case.resident_id
    # when
    found = references(officer_api, f"?resident_id={resident_id}")
    # then
    assert found == [four_complaints["a"].reference]


def test_the_list_counts_all_matches_and_pages(officer_api, four_complaints):
    # when
    body = officer_api.get("/api/complaints?limit=1&offset=3").json()
    # then
    assert (body["count"], body["limit"], body["offset"], len(body["items"])) == (4, 1, 3, 1)


@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        ("?status=lost", 400, "'lost' is not a complaint status."),
        ("?limit=0", 422, None),
        ("?received_from=yesterday", 422, None),
    ],
)
def test_the_list_refuses_bad_filters(officer_api, query, status, detail):
    # when
    response = officer_api.get(f"/api/complaints{query}")
    # then
    assert response.status_code == status
    if detail:
        assert response.json() == {"detail": detail, "field": "status"}


def test_the_list_costs_the_same_queries_however_long(
    officer_api, four_complaints, django_assert_num_queries
):
    # given: the token was used a moment ago (its last use is not written again)
    officer_api.get("/api/complaints")
    # when / then: token and user, roles, count, page (residents joined, nothing per row)
    with django_assert_num_queries(4):
        officer_api.get("/api/complaints")
