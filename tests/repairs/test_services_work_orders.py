"""Work orders under the one job number: numbering, the assignee, the vulnerability and access
notes copied onto every order, the job moving into progress, cancelling with a reason, and
refusals in plain English with nothing written."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.housing.models import (
    AdjustmentKind,
    ReasonableAdjustment,
    Vulnerability,
    VulnerabilityKind,
)
from homecase.notify.models import OutboundMessage
from homecase.records.models import Visibility
from homecase.repairs.models import AppointmentStatus, Repair, WorkOrder, WorkOrderStatus
from homecase.repairs.services.work_orders import work_order_cancel, work_order_issue
from tests.factories import ResidentFactory, UserFactory
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 6, 1, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_1_june_2026():
    with time_machine.travel(MONDAY, tick=False):
        yield


def kinds(repair: Repair) -> list[str]:
    return list(repair.case.timeline.events.order_by("sequence").values_list("kind", flat=True))


def test_orders_are_numbered_under_the_one_job_and_start_the_work():
    # given
    repair = make.triaged_repair()
    firm = make.contractor(name="Brightwater Plumbing")
    # when
    first = work_order_issue(
        repair=repair,
        actor=make.planner(),
        instructions="Find and fix the leak.",
        in_house_team="In-house plumbing team",
    )
    second = work_order_issue(
        repair=repair,
        actor=make.planner(),
        instructions="Make good the ceiling.",
        contractor=firm,
        trade="plastering",
        cost_pence=25_000,
    )
    # then
    reference = repair.case.reference
    assert [first.reference, second.reference] == [f"{reference}/1", f"{reference}/2"]
    assert (first.assignee, first.trade) == ("In-house plumbing team", "plumbing")
    assert (second.assignee, second.trade) == ("Brightwater Plumbing", "plastering")
    repair.refresh_from_db()
    assert repair.status == "in_progress"
    assert repair.cost_pence == 25_000
    assert Repair.objects.count() == 1
    issued = repair.case.timeline.events.filter(kind="repair.work_order_issued")
    assert [e.summary for e in issued] == [
        f"Work order {reference}/1 issued to In-house plumbing team (plumbing).",
        f"Work order {reference}/2 issued to Brightwater Plumbing (plastering).",
    ]
    assert {e.visibility for e in issued} == {Visibility.RESIDENT}
    details = repair.case.timeline.events.filter(kind="repair.work_order_details").last()
    assert details.visibility == Visibility.STAFF
    assert details.data["cost_pence"] == 25_000


def test_vulnerabilities_adjustments_and_access_notes_are_copied_onto_every_order():
    # given
    resident = ResidentFactory()
    Vulnerability.objects.create(
        resident=resident,
        kind=VulnerabilityKind.MOBILITY,
        details="Uses a wheelchair; slow to the door.",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2027, 1, 5),
    )
    Vulnerability.objects.create(  # ended: no longer current
        resident=resident,
        kind=VulnerabilityKind.YOUNG_CHILDREN,
        consent_given_on=date(2020, 1, 5),
        review_on=date(2021, 1, 5),
        ended_on=date(2024, 1, 1),
    )
    ReasonableAdjustment.objects.create(
        resident=resident,
        kind=AdjustmentKind.ACCESS_TIMES,
        details="Mornings only.",
        consent_given_on=date(2026, 1, 5),
        review_on=date(2027, 1, 5),
    )
    repair = make.triaged_repair(
        resident=resident,
        vulnerable=True,
        vulnerability_details="My husband is recovering from an operation.",
        access_notes="Key safe by the door: code given by phone.",
    )
    # when
    work_order = make.issued_work_order(repair=repair)
    follow_on = make.issued_work_order(repair=repair, instructions="Second visit.")
    # then
    for order in (work_order, follow_on):
        assert order.vulnerability_notes == (
            "Told us when reporting: My husband is recovering from an operation.\n"
            "Vulnerability: Limited mobility: Uses a wheelchair; slow to the door.\n"
            "Reasonable adjustment: Appointments only at certain times: Mornings only."
        )
        assert order.access_notes == "Key safe by the door: code given by phone."


def test_an_order_from_a_planned_programme_moves_the_job_into_progress_under_the_same_number():
    # given
    repair = make.triaged_repair(category="component_replacement")
    from homecase.repairs.services.intake import repair_hand_to_programme

    repair_hand_to_programme(
        repair=repair,
        actor=make.planner(),
        programme="Kitchens 2026",
        planned_for=date(2026, 9, 1),
        reason="Worn out: replace under the programme.",
    )
    # when
    work_order = make.issued_work_order(repair=Repair.objects.get(pk=repair.pk))
    # then
    repair.refresh_from_db()
    assert repair.status == "in_progress"
    assert work_order.reference == f"{repair.case.reference}/1"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"instructions": "  "}, "instructions", "Write the instructions for the work."),
        (
            {"in_house_team": ""},
            "contractor",
            "Choose a contractor or name the in-house team doing the work.",
        ),
        (
            {"contractor": "firm"},
            "in_house_team",
            "Give either a contractor or an in-house team, not both.",
        ),
        ({"cost_pence": -1}, "cost", "The cost must be a whole number of pence, 0 or more."),
        ({"cost_pence": 12.5}, "cost", "The cost must be a whole number of pence, 0 or more."),
    ],
)
def test_bad_orders_are_refused_with_the_field_and_nothing_written(changes, field, message):
    # given
    repair = make.triaged_repair()
    arguments = {"instructions": "Fix it.", "in_house_team": "Plumbers", **changes}
    if arguments.get("contractor") == "firm":
        arguments["contractor"] = make.contractor()
    before = make.written()
    # when
    with pytest.raises(InvalidInput) as refused:
        work_order_issue(repair=repair, actor=make.planner(), **arguments)
    # then
    assert (refused.value.field, refused.value.message) == (field, message)
    assert make.written() == before
    assert Repair.objects.get(pk=repair.pk).status == "triaged"


def test_an_untriaged_or_finished_job_takes_no_order():
    reported = make.reported_repair()
    with pytest.raises(Conflict, match="Triage the repair before raising a work order."):
        work_order_issue(repair=reported, actor=make.planner(), instructions="x", in_house_team="y")
    closed = make.closed_repair()
    before = make.written()
    with pytest.raises(Conflict, match="This repair is closed: it cannot take a new work order."):
        work_order_issue(repair=closed, actor=make.planner(), instructions="x", in_house_team="y")
    assert make.written() == before


def test_a_follow_on_must_follow_an_order_on_the_same_job():
    other = make.issued_work_order()
    repair = make.triaged_repair()
    with pytest.raises(InvalidInput) as refused:
        work_order_issue(
            repair=repair,
            actor=make.planner(),
            instructions="x",
            in_house_team="y",
            follow_on_from=other,
        )
    assert refused.value.field == "follow_on_from"


@pytest.mark.parametrize(
    "who",
    [
        lambda: UserFactory(roles=["complaint_officer"]),
        lambda: UserFactory(),
        lambda: make.contractor_user(),
    ],
    ids=["staff without the repairs role", "no role", "contractor"],
)
def test_only_repairs_staff_issue_orders(who):
    repair = make.triaged_repair()
    before = make.written()
    with pytest.raises(PermissionDenied):
        work_order_issue(repair=repair, actor=who(), instructions="x", in_house_team="y")
    assert make.written() == before


def test_cancelling_an_order_cancels_its_appointment_tells_the_resident_and_drops_its_cost():
    # given
    firm = make.contractor()
    work_order = make.issued_work_order(firm=firm, cost_pence=40_000)
    appointment = make.booked_appointment(work_order=work_order)
    # when
    cancelled = work_order_cancel(
        work_order=work_order, actor=make.planner(), reason="The leak stopped on its own."
    )
    # then
    assert cancelled.status == WorkOrderStatus.CANCELLED
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.change_reason == "The leak stopped on its own."
    repair = Repair.objects.get(pk=work_order.repair_id)
    assert repair.cost_pence == 0
    last = OutboundMessage.objects.filter(case=repair.case).latest("pk")
    assert last.template == "repair_appointment_moved"
    assert "We have cancelled the appointment" in last.body
    assert repair.case.reference in last.body
    assert kinds(repair)[-4:] == [
        "repair.appointment_cancelled",
        "message.sent",
        "repair.work_order_cancelled",
        "repair.cost_changed",
    ]


def test_cancelling_needs_a_reason_and_an_open_order():
    work_order = make.issued_work_order()
    before = make.written()
    with pytest.raises(InvalidInput) as refused:
        work_order_cancel(work_order=work_order, actor=make.planner(), reason=" ")
    assert refused.value.field == "reason"
    assert make.written() == before
    work_order_cancel(work_order=work_order, actor=make.planner(), reason="Duplicate order.")
    with pytest.raises(Conflict, match="is already cancelled"):
        work_order_cancel(work_order=work_order, actor=make.planner(), reason="Again.")
    assert WorkOrder.objects.get(pk=work_order.pk).status == WorkOrderStatus.CANCELLED


def test_a_contractor_that_has_not_signed_the_code_of_conduct_gets_no_work():
    # given: a firm with no signed code of conduct on record
    unsigned = make.contractor(name="Quickfix Ltd", code_of_conduct_signed_on=None)
    repair = make.triaged_repair()
    before = make.written()
    # when / then
    with pytest.raises(Conflict, match="Quickfix Ltd has not signed our contractors' code"):
        work_order_issue(
            repair=repair, actor=make.planner(), instructions="Fix it", contractor=unsigned
        )
    assert make.written() == before
