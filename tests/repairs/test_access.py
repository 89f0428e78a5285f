"""Who may see or act on a repair: the resident of the home or the reporter, representatives
whose consent covers the job, staff, and a contractor only on its own work orders."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.housing.services import representative_add
from homecase.repairs import access
from homecase.repairs.models import WorkOrder
from homecase.repairs.services.intake import repair_report
from tests.factories import ResidentFactory, UserFactory, resident_with_login
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def order(repair, firm) -> WorkOrder:
    return WorkOrder.objects.create(
        repair=repair,
        number=repair.work_orders.count() + 1,
        contractor=firm,
        trade="plumbing",
        instructions="Fix the leak",
        issued_at=MONDAY,
    )


def represent(resident, *, references=None, valid_until=None):
    """A representative of the resident who signs in as a user (returned)."""
    representative = representative_add(
        resident=resident,
        actor=None,
        name="Sam Advocate",
        relationship="advocate",
        consent_given_on=date(2024, 8, 1),
        consent_method="Signed form",
        case_references=references,
        valid_until=valid_until,
    )
    representative.user = UserFactory()
    representative.save(update_fields=["user"])
    return representative.user


@pytest.mark.parametrize(
    ("roles", "works"),
    [
        (["repairs_planner"], True),
        (["contact_agent"], True),
        (["manager"], True),
        (["complaint_officer"], False),
        (["contractor"], False),
        ([], False),
    ],
)
def test_who_works_repairs(roles, works):
    assert access.can_work_repairs(UserFactory(roles=roles)) is works


def test_an_inactive_planner_does_not_work_repairs():
    assert not access.can_work_repairs(make.planner(is_active=False))


def test_residents_see_their_own_repairs_and_those_on_their_home_only():
    resident = resident_with_login()
    mine = make.reported_repair(resident=resident)
    on_my_home = make.reported_repair(resident=ResidentFactory(home=resident.home))
    elsewhere = make.reported_repair()

    assert access.can_see_repair(resident.user, mine)
    assert access.can_see_repair(resident.user, on_my_home)
    assert not access.can_see_repair(resident.user, elsewhere)


def test_a_resident_sees_the_communal_repair_they_reported():
    resident = resident_with_login()
    door = make.communal_repair(resident=resident)

    assert access.can_see_repair(resident.user, door)


def test_staff_see_every_repair():
    repair = make.reported_repair()

    assert access.can_see_repair(UserFactory(roles=["complaint_officer"]), repair)


def test_a_representative_sees_a_repair_their_consent_covers():
    resident = ResidentFactory()
    repair = make.reported_repair(resident=resident)
    advocate = represent(resident)

    assert access.can_see_repair(advocate, repair)


def test_a_representative_for_other_cases_or_whose_consent_ended_sees_nothing():
    resident = ResidentFactory()
    repair = make.reported_repair(resident=resident)
    other_cases = represent(resident, references=["C-2024-000001"])
    other_resident = ResidentFactory()
    ended = represent(other_resident, valid_until=date(2024, 8, 31))
    old_job = make.reported_repair(resident=other_resident)

    assert not access.can_see_repair(other_cases, repair)
    assert not access.can_see_repair(ended, old_job)


def test_a_contractor_sees_only_jobs_with_its_own_work_orders():
    firm, other = make.contractor(), make.contractor()
    worker = make.contractor_user(contractor=firm)
    ours = make.triaged_repair()
    theirs = make.triaged_repair()
    mine = order(ours, firm)
    not_mine = order(theirs, other)

    assert access.contractor_of(worker) == firm
    assert access.can_see_repair(worker, ours)
    assert not access.can_see_repair(worker, theirs)
    assert access.can_update_work_order(worker, mine)
    assert not access.can_update_work_order(worker, not_mine)


def test_planners_may_update_any_work_order():
    firm = make.contractor()
    work_order = order(make.triaged_repair(), firm)

    assert access.can_update_work_order(make.planner(), work_order)


def test_a_user_without_the_contractor_role_is_nobodys_contractor():
    firm = make.contractor()
    user = UserFactory()
    firm.users.add(user)

    assert access.contractor_of(user) is None
    assert not access.can_update_work_order(user, order(make.triaged_repair(), firm))


def test_a_resident_whose_report_was_joined_to_a_communal_job_may_follow_it():
    door = make.communal_repair()
    neighbour = resident_with_login(home__block=door.case.communal_area.block)
    stranger = resident_with_login(home__block=door.case.communal_area.block)
    assert not access.can_see_repair(neighbour.user, door)

    repair_report(
        actor=neighbour.user,
        channel="portal",
        category="door_entry",
        description="The door entry is still broken.",
        vulnerable=False,
        resident=neighbour,
        communal_area=door.case.communal_area,
        join_to=door,
    )

    assert access.can_see_repair(neighbour.user, door)
    assert not access.can_see_repair(stranger.user, door)
