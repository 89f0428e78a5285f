"""Components on the cyclical programme: added with the policy's cycle, and work recorded on
them appended (never overwritten), moving the last-done and next-due dates on."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import InvalidInput, PermissionDenied
from homecase.records.models import Event
from homecase.repairs.models import Component, ComponentWork
from homecase.repairs.services import components
from tests.factories import BlockFactory, HomeFactory, UserFactory
from tests.repairs.factories import planner, reported_repair

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def me():
    return planner()


def test_external_decoration_is_every_five_years_by_default(me):
    block = BlockFactory()

    component = components.component_add(
        actor=me, kind="external_decoration", block=block, last_done_on=date(2022, 7, 1)
    )

    assert component.cycle_years == 5
    assert component.next_due_on == date(2027, 7, 1)
    assert component.home is None


def test_a_given_cycle_overrides_the_policy(me):
    component = components.component_add(
        actor=me, kind="roof", home=HomeFactory(), last_done_on=date(2000, 1, 1), cycle_years=25
    )

    assert component.next_due_on == date(2025, 1, 1)


def test_never_done_is_due_today(me):
    component = components.component_add(
        actor=me, kind="fire_doors", block=BlockFactory(), last_done_on=None
    )

    assert component.next_due_on == TODAY


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "swimming_pool"}, "kind"),
        ({"home": None, "block": None}, "home"),
        ({"cycle_years": 0}, "cycle_years"),
        ({"last_done_on": date(2026, 3, 3)}, "last_done_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(me, kwargs, field):
    arguments = {"kind": "roof", "home": HomeFactory(), "last_done_on": None, **kwargs}

    with pytest.raises(InvalidInput) as refused:
        components.component_add(actor=me, **arguments)

    assert refused.value.field == field
    assert Component.objects.count() == 0


def test_home_and_block_together_are_refused(me):
    home = HomeFactory()

    with pytest.raises(InvalidInput, match="either a home or a block"):
        components.component_add(
            actor=me, kind="roof", home=home, block=home.block, last_done_on=None
        )


def test_only_repairs_staff_may_add_components():
    with pytest.raises(PermissionDenied):
        components.component_add(
            actor=UserFactory(roles=["complaint_officer"]),
            kind="roof",
            home=HomeFactory(),
            last_done_on=None,
        )


def test_work_moves_the_dates_on_and_keeps_the_history(me):
    component = components.component_add(
        actor=me, kind="communal_decoration", block=BlockFactory(), last_done_on=date(2019, 5, 1)
    )

    components.component_work_record(
        component=component, actor=me, done_on=date(2025, 9, 1), description="Stairwells painted"
    )
    components.component_work_record(
        component=component, actor=me, done_on=date(2020, 5, 1), description="Touch-up (late entry)"
    )

    component.refresh_from_db()
    assert component.last_done_on == date(2025, 9, 1)
    assert component.next_due_on == date(2030, 9, 1)
    assert list(component.works.order_by("done_on").values_list("description", flat=True)) == [
        "Touch-up (late entry)",
        "Stairwells painted",
    ]
    assert component.works.first().recorded_by == me


def test_work_needs_a_description_and_a_date_not_in_the_future(me):
    component = components.component_add(
        actor=me, kind="roof", home=HomeFactory(), last_done_on=None
    )

    with pytest.raises(InvalidInput, match="what work"):
        components.component_work_record(
            component=component, actor=me, done_on=TODAY, description=" "
        )
    with pytest.raises(InvalidInput, match="future"):
        components.component_work_record(
            component=component, actor=me, done_on=date(2026, 3, 3), description="Re-roofed"
        )
    assert ComponentWork.objects.count() == 0


def test_work_done_under_a_repair_is_on_its_timeline(me):
    repair = reported_repair(category="leak")
    component = components.component_add(
        actor=me, kind="roof", home=repair.case.home, last_done_on=None
    )

    components.component_work_record(
        component=component, actor=me, done_on=TODAY, description="Roof re-felted", repair=repair
    )

    event = Event.objects.get(kind="repair.component_work")
    assert event.timeline_id == repair.case.timeline_id
    assert "Roof re-felted" in event.summary
