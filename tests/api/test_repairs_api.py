"""The repairs API: report, list, read, timeline, triage and priority, work orders, appointments,
visits (a contractor only on its own orders), chases and completion; each refusal writes
nothing. Time stands still on Tuesday 3 March 2026 at 10:00 in London (GMT)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from homecase.repairs.models import Repair, WorkOrder
from tests.factories import ResidentFactory
from tests.repairs import factories as f

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=LONDON)
NOW = TUESDAY.isoformat()
LEAK = "Water dripping from the pipe under the kitchen sink."


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def planner_api(client_for) -> Client:
    return client_for(f.planner(first_name="Ana", last_name="Silva"))


def post(client: Client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(url, body, content_type="application/json")
    return response.status_code, response.json()


def report(client: Client, **changes) -> tuple[int, dict]:
    resident = changes.pop("resident", None) or ResidentFactory()
    body = {
        "resident_id": resident.pk,
        "channel": "phone",
        "category": "leak",
        "description": LEAK,
        "vulnerable": False,
        **changes,
    }
    return post(client, "/api/repairs", body)


def at(days: int, hour: int) -> str:
    moment = datetime.combine((TUESDAY + timedelta(days=days)).date(), datetime.min.time())
    return moment.replace(hour=hour, tzinfo=LONDON).isoformat()


# Report ---------------------------------------------------------------------------------------


def test_a_report_gets_one_reference_and_an_honest_completion_promise(planner_api):
    status, body = report(planner_api)
    assert status == 201
    assert body["reference"].startswith("R-2026-")
    assert body["status"] == "reported"
    assert body["priority"] == "urgent"
    # urgent: within 5 working days of Tuesday 3 March -> the end of Tuesday 10 March
    assert body["target_due_at"].startswith("2026-03-10T")
    assert [d["duty"] for d in body["deadlines"]] == ["repair.complete"]
    assert Repair.objects.get(case__reference=body["reference"]).description == LEAK


def test_a_report_without_the_vulnerability_answer_is_refused_and_nothing_written(planner_api):
    before = f.written()
    status, body = report(planner_api, vulnerable=None)
    assert status == 400
    assert body["field"] == "vulnerable"
    assert "disability or vulnerability" in body["detail"]
    assert f.written() == before


def test_a_report_for_an_unknown_resident_or_category_is_refused(planner_api):
    status, body = post(
        planner_api,
        "/api/repairs",
        {
            "resident_id": 999_999,
            "channel": "phone",
            "category": "leak",
            "description": "x",
            "vulnerable": False,
        },
    )
    assert (status, body["field"]) == (400, "resident_id")
    status, body = report(planner_api, category="spaceship")
    assert (status, body["field"]) == (400, "category")


def test_a_specialist_job_has_no_made_up_date_but_an_update_deadline(planner_api):
    area = f.communal_area()
    resident = ResidentFactory(home__block=area.block, home__estate=area.estate)
    status, body = report(
        planner_api, resident=resident, communal_area_id=area.pk, category="door_entry"
    )
    assert status == 201
    assert body["route"] == "specialist"
    assert body["target_due_at"] is None
    assert "repair.update" in [d["duty"] for d in body["deadlines"]]


def test_the_same_fault_soon_after_completion_reopens_the_same_job(planner_api):
    done = f.closed_repair()
    status, body = report(planner_api, resident=done.case.resident)
    assert status == 200
    assert body["reference"] == done.case.reference
    assert body["recalls"] == 1
    assert body["status"] == "in_progress"


def test_only_repairs_staff_may_report_and_a_contractor_cannot(client_for):
    from tests.complaints.factories import complaint_officer

    for user in (complaint_officer(), f.contractor_user()):
        before = f.written()
        status, _ = report(client_for(user))
        assert status == 403
        assert f.written() == before


# Reads ----------------------------------------------------------------------------------------


def test_the_list_is_soonest_due_first_and_filters(planner_api):
    routine = f.reported_repair(category="door")
    emergency = f.reported_repair(category="uncontained_leak")
    urgent = f.reported_repair(category="leak")
    response = planner_api.get("/api/repairs")
    assert response.status_code == 200
    refs = [item["reference"] for item in response.json()["items"]]
    assert refs == [r.case.reference for r in (emergency, urgent, routine)]
    only = planner_api.get("/api/repairs?priority=emergency").json()["items"]
    assert [item["reference"] for item in only] == [emergency.case.reference]
    assert planner_api.get("/api/repairs?overdue=true").json()["items"] == []
    bad = planner_api.get("/api/repairs?status=lost")
    assert (bad.status_code, bad.json()["field"]) == (400, "status")


def test_read_and_timeline_of_a_job(planner_api):
    repair = f.triaged_repair()
    body = planner_api.get(f"/api/repairs/{repair.case.reference}").json()
    assert body["status"] == "triaged"
    assert body["description"] == f.DESCRIPTION
    timeline = planner_api.get(f"/api/repairs/{repair.case.reference}/timeline").json()
    kinds = [event["kind"] for event in timeline["events"]]
    assert kinds[0] == "case.opened"
    assert "repair.triaged" in kinds
    missing = planner_api.get("/api/repairs/R-2026-999999")
    assert missing.status_code == 404


# Triage and priority ----------------------------------------------------------------------------


def test_triage_and_a_priority_change_needs_a_reason(planner_api):
    repair = f.reported_repair(category="door")
    url = f"/api/repairs/{repair.case.reference}"
    status, body = post(planner_api, f"{url}/triage", {})
    assert (status, body["status"], body["priority"]) == (200, "triaged", "routine")
    before = f.written()
    status, body = post(planner_api, f"{url}/priority", {"priority": "urgent", "reason": " "})
    assert (status, body["field"]) == (400, "reason")
    assert f.written() == before
    status, body = post(
        planner_api, f"{url}/priority", {"priority": "urgent", "reason": "Elderly resident"}
    )
    assert (status, body["priority"]) == (200, "urgent")
    assert body["target_due_at"].startswith("2026-03-10T")


# Work orders, appointments, visits ------------------------------------------------------------


def test_a_work_order_then_an_appointment_then_a_completing_visit(planner_api):
    firm = f.contractor()
    repair = f.triaged_repair(vulnerable=True, vulnerability_details="Uses a wheelchair.")
    url = f"/api/repairs/{repair.case.reference}"
    status, order = post(
        planner_api,
        f"{url}/work-orders",
        {"instructions": "Fix the pipe.", "contractor_id": firm.pk},
    )
    assert status == 201
    assert order["reference"] == f"{repair.case.reference}/1"
    assert "wheelchair" in order["vulnerability_notes"]
    status, slot = post(
        planner_api,
        f"{url}/work-orders/1/appointments",
        {"starts_at": at(2, 8), "ends_at": at(2, 12)},
    )
    assert (status, slot["status"]) == (201, "booked")
    status, body = post(
        planner_api,
        f"{url}/work-orders/1/appointments",
        {"starts_at": at(-1, 8), "ends_at": at(-1, 12)},
    )
    assert status in (400, 409)
    status, visit = post(
        planner_api,
        f"{url}/work-orders/1/visits",
        {
            "operative": "Sam Patel",
            "arrived_at": NOW,
            "left_at": NOW,
            "outcome": "completed",
            "appointment_id": slot["id"],
        },
    )
    assert (status, visit["outcome"], visit["work_order"]) == (201, "completed", order["reference"])
    assert Repair.objects.get(pk=repair.pk).status == "completed"


def test_a_no_access_visit_needs_the_attempts_and_pauses_the_clock(planner_api):
    order = f.issued_work_order()
    url = f"/api/repairs/{order.repair.case.reference}/work-orders/1/visits"
    visit = {"operative": "Lee Walsh", "arrived_at": NOW, "outcome": "no_access"}
    before = f.written()
    status, body = post(planner_api, url, visit)
    assert (status, body["field"]) == (400, "attempts")
    assert f.written() == before
    attempts = [{"attempted_at": NOW, "method": "knocked", "card_left": True}]
    status, body = post(planner_api, url, {**visit, "attempts": attempts})
    assert status == 201
    assert body["attempts"][0]["card_left"] is True
    assert Repair.objects.get(pk=order.repair_id).status == "paused"


def test_a_contractor_sees_and_updates_only_its_own_orders(client_for):
    firm, other = f.contractor(), f.contractor()
    ours = f.issued_work_order(firm=firm)
    theirs = f.issued_work_order(firm=other)
    api = client_for(f.contractor_user(firm))
    listed = api.get("/api/repairs").json()["items"]
    assert [item["reference"] for item in listed] == [ours.repair.case.reference]
    assert api.get(f"/api/repairs/{theirs.repair.case.reference}").status_code == 404
    before = f.written()
    visit = {"operative": "Dave Okafor", "arrived_at": NOW, "outcome": "parts_ordered"}
    status, _ = post(
        api, f"/api/repairs/{theirs.repair.case.reference}/work-orders/1/visits", visit
    )
    assert status == 404
    assert f.written() == before
    status, body = post(
        api, f"/api/repairs/{ours.repair.case.reference}/work-orders/1/visits", visit
    )
    assert (status, body["outcome"]) == (201, "parts_ordered")
    # and the staff-only actions stay closed to it
    status, _ = post(api, f"/api/repairs/{ours.repair.case.reference}/triage", {})
    assert status == 403
    assert api.get(f"/api/repairs/{ours.repair.case.reference}/timeline").status_code == 403


def test_a_work_order_of_another_firm_on_a_shared_job_is_not_found_to_a_contractor(client_for):
    firm, other = f.contractor(), f.contractor()
    ours = f.issued_work_order(firm=firm)
    f.issued_work_order(repair=ours.repair, firm=other)
    api = client_for(f.contractor_user(firm))
    body = api.get(f"/api/repairs/{ours.repair.case.reference}").json()
    assert [order["number"] for order in body["work_orders"]] == [1]
    before = WorkOrder.objects.get(repair=ours.repair, number=2).visits.count()
    visit = {"operative": "Dave Okafor", "arrived_at": NOW, "outcome": "parts_ordered"}
    status, _ = post(api, f"/api/repairs/{ours.repair.case.reference}/work-orders/2/visits", visit)
    assert status == 404
    assert WorkOrder.objects.get(repair=ours.repair, number=2).visits.count() == before


# Chases and completion ------------------------------------------------------------------------


def test_each_chase_gets_a_reply_deadline_and_the_second_escalates(planner_api):
    f.manager()
    repair = f.triaged_repair()
    url = f"/api/repairs/{repair.case.reference}/chases"
    status, first = post(planner_api, url, {"channel": "phone", "summary": "Any news?"})
    assert (status, first["number"], first["escalated"]) == (201, 1, False)
    assert first["reply_due_at"] is not None
    status, second = post(planner_api, url, {"channel": "email", "summary": "Still waiting."})
    assert (status, second["number"], second["escalated"]) == (201, 2, True)
    assert second["complaint_offered"] is True


def test_completion_without_a_visit_is_refused(planner_api):
    repair = f.triaged_repair()
    before = f.written()
    status, body = post(planner_api, f"/api/repairs/{repair.case.reference}/complete", {})
    assert status in (400, 409)
    assert "visit" in body["detail"]
    assert f.written() == before


def test_a_report_joined_to_an_open_job_answers_with_that_job(planner_api):
    open_job = f.reported_repair()
    jobs = Repair.objects.count()
    status, body = report(
        planner_api,
        resident=open_job.case.resident,
        category="plaster",
        description="The ceiling under the leak is now bulging.",
        join_to=open_job.case.reference.lower(),
    )
    assert (status, body["reference"]) == (200, open_job.case.reference)
    assert Repair.objects.count() == jobs
    status, body = report(planner_api, join_to="R-2026-999999")
    assert (status, body["field"]) == (400, "join_to")
