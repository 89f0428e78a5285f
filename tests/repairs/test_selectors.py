"""Repairs reads: the queue by soonest due promise, "Your repairs", one job, duplicates to offer,
a contractor's work orders, a job's promises and the resident's recorded needs."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import NotFound
from homecase.housing.models import AdjustmentKind, ReasonableAdjustment, Vulnerability
from homecase.repairs import selectors
from homecase.repairs.models import WorkOrder
from homecase.repairs.services import _common
from homecase.repairs.services.triage import (
    interim_measures_record,
    repair_cancel,
    repair_hand_to_programme,
)
from tests.factories import ResidentFactory, UserFactory
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def refs(page) -> list[str]:
    return [repair.case.reference for repair in page]


def test_the_queue_puts_the_soonest_due_first_and_what_owes_nothing_last():
    routine = make.triaged_repair(category="toilet", description="Won't flush.")
    emergency = make.reported_repair(category="uncontained_leak", description="Burst pipe.")
    urgent = make.reported_repair()
    cancelled = make.reported_repair()
    repair_cancel(repair=cancelled, actor=make.planner(), reason="Raised in error")

    page = selectors.repairs_queue(at=MONDAY)

    assert refs(page) == [
        emergency.case.reference,
        urgent.case.reference,
        routine.case.reference,
    ]
    assert not page.has_next
    assert not page.has_previous


def test_a_paused_job_owing_no_date_comes_after_every_job_with_one():
    # given: a job waiting for access (its clock is paused: nothing falls due) reported first
    paused = make.visited_repair(outcome="no_access")
    routine = make.triaged_repair(category="toilet", description="Won't flush.")
    assert (paused.status, paused.next_due_at) == ("paused", None)

    # when
    page = selectors.repairs_queue()

    # then: on SQLite as on PostgreSQL, the job with a date comes first
    assert refs(page) == [routine.case.reference, paused.case.reference]


def test_the_queue_orders_a_specialist_job_by_its_next_update():
    urgent = make.reported_repair()  # due 9 September
    door_entry = make.communal_repair()  # interim 3 September, update 16 September
    interim_measures_record(repair=door_entry, actor=make.planner(), measures="Guard on door")

    page = selectors.repairs_queue(at=MONDAY)

    assert refs(page) == [urgent.case.reference, door_entry.case.reference]
    door_entry.refresh_from_db()
    assert door_entry.next_due_at == _common.unkept(door_entry, _common.UPDATE)[0].due_at


def test_the_queue_filters_by_status_priority_and_trade():
    leak = make.reported_repair()
    lock = make.triaged_repair(category="lock", description="Lock broken.")

    assert refs(selectors.repairs_queue(at=MONDAY, status="triaged")) == [lock.case.reference]
    assert refs(selectors.repairs_queue(at=MONDAY, trade="plumbing")) == [leak.case.reference]
    assert refs(selectors.repairs_queue(at=MONDAY, priority="routine")) == []


def test_the_queue_shows_only_overdue_jobs_when_asked():
    with time_machine.travel(MONDAY - timedelta(days=14), tick=False):
        late = make.reported_repair()
    make.reported_repair()

    page = selectors.repairs_queue(at=MONDAY, overdue_only=True)

    assert refs(page) == [late.case.reference]
    assert page.items[0].overdue


def test_the_queue_filters_by_contractor():
    firm = make.contractor()
    ordered = make.triaged_repair()
    WorkOrder.objects.create(
        repair=ordered,
        number=1,
        contractor=firm,
        trade="plumbing",
        instructions="Fix the leak",
        issued_at=MONDAY,
    )
    make.triaged_repair()

    assert refs(selectors.repairs_queue(at=MONDAY, contractor=firm)) == [ordered.case.reference]


def test_the_queue_pages():
    for _ in range(3):
        make.reported_repair()

    first = selectors.repairs_queue(at=MONDAY, per_page=2)
    second = selectors.repairs_queue(at=MONDAY, per_page=2, page=2)

    assert (len(first), first.has_next) == (2, True)
    assert (len(second), second.has_next, second.has_previous) == (1, False, True)


def test_your_repairs_lists_the_residents_jobs_newest_first_with_the_next_promise():
    resident = ResidentFactory()
    with time_machine.travel(MONDAY - timedelta(days=3), tick=False):
        older = make.reported_repair(resident=resident)
    newer = make.reported_repair(resident=resident, category="toilet", description="Cracked.")
    door = make.communal_repair(resident=resident)
    make.reported_repair()  # someone else's

    page = selectors.repairs_for_resident(resident=resident)

    assert refs(page) == [door.case.reference, newer.case.reference, older.case.reference]
    assert page.items[1].next_promise_at == newer.target_due_at


def test_your_repairs_include_jobs_on_your_home_reported_by_someone_else():
    resident = ResidentFactory()
    partner = ResidentFactory(home=resident.home)
    theirs = make.reported_repair(resident=partner)

    assert refs(selectors.repairs_for_resident(resident=resident)) == [theirs.case.reference]


def test_a_repair_is_found_by_id_or_reference():
    repair = make.reported_repair()

    assert selectors.repair_detail(repair_id=repair.pk) == repair
    assert selectors.repair_detail(reference=repair.case.reference.lower()) == repair
    with pytest.raises(NotFound):
        selectors.repair_detail(reference="R-1999-000001")


def test_duplicates_are_open_jobs_on_the_same_place_same_category_first():
    resident = ResidentFactory()
    toilet = make.reported_repair(resident=resident, category="toilet", description="Cracked.")
    leak = make.reported_repair(resident=resident)
    closed = make.reported_repair(resident=resident, category="door", description="Sticks.")
    repair_cancel(repair=closed, actor=make.planner(), reason="Fixed by resident")
    make.reported_repair()  # another home

    found = selectors.duplicates_for(home=resident.home, category="toilet")

    assert [repair.pk for repair in found] == [toilet.pk, leak.pk]


def test_duplicates_on_a_communal_area():
    door = make.communal_repair()

    assert selectors.duplicates_for(communal_area=door.case.communal_area) == [door]
    assert selectors.duplicates_for() == []


def test_a_contractor_sees_only_its_own_work_orders():
    firm = make.contractor()
    other_firm = make.contractor()
    worker = make.contractor_user(contractor=firm)
    repair = make.triaged_repair()
    mine = WorkOrder.objects.create(
        repair=repair,
        number=1,
        contractor=firm,
        trade="plumbing",
        instructions="Fix",
        issued_at=MONDAY,
    )
    WorkOrder.objects.create(
        repair=repair,
        number=2,
        contractor=other_firm,
        trade="plumbing",
        instructions="Fix",
        issued_at=MONDAY,
    )

    assert list(selectors.work_orders_for_contractor(user=worker)) == [mine]
    assert list(selectors.work_orders_for_contractor(user=UserFactory())) == []


def test_the_resident_sees_only_the_promises_they_were_given():
    repair = make.communal_repair()
    hidden = _common.promise_hours(
        repair,
        duty=_common.INSPECT,
        started_at=MONDAY,
        hours=48,
        actor=None,
        visible_to_resident=False,
    )

    everything = list(selectors.repair_promises(repair))
    theirs = list(selectors.repair_promises(repair, resident_view=True))

    assert hidden in everything
    assert hidden not in theirs
    assert len(theirs) == 2


def test_the_agent_sees_the_residents_current_needs():
    resident = ResidentFactory()
    Vulnerability.objects.create(
        resident=resident,
        kind="mobility",
        details="Wheelchair user",
        consent_given_on=date(2024, 1, 1),
        review_on=date(2025, 1, 1),
    )
    Vulnerability.objects.create(
        resident=resident,
        kind="sight",
        consent_given_on=date(2023, 1, 1),
        review_on=date(2024, 1, 1),
        ended_on=date(2024, 1, 1),
    )
    ReasonableAdjustment.objects.create(
        resident=resident,
        kind=AdjustmentKind.ACCESS_TIMES,
        details="Mornings only",
        consent_given_on=date(2024, 1, 1),
        review_on=date(2025, 1, 1),
    )

    needs = selectors.resident_needs(resident)

    assert needs
    assert needs.lines() == [
        "Limited mobility: Wheelchair user",
        "Appointments only at certain times: Mornings only",
    ]
    assert not selectors.resident_needs(ResidentFactory())
    assert not selectors.resident_needs(None)


def test_a_planned_job_stays_in_the_queue():
    repair = make.triaged_repair(category="component_replacement", description="Kitchen worn.")
    repair_hand_to_programme(
        repair=repair,
        actor=make.planner(),
        programme="Kitchens 2025",
        planned_for=date(2025, 4, 1),
        reason="Due for replacement",
    )

    assert refs(selectors.repairs_queue(at=MONDAY)) == [repair.case.reference]
