"""The programme (components overdue and due within N years, filtered, a page at a time) and
the open hazards list, soonest statutory duty first."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.repairs import cycles, selectors_programme
from homecase.repairs.models import Hazard
from homecase.repairs.services import awaab, components
from tests.factories import BlockFactory, EstateFactory, HomeFactory
from tests.repairs.factories import planner, reported_repair

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def me():
    return planner()


def add(me, *, last_done_on, kind="external_decoration", **where):
    if not where:
        where = {"block": BlockFactory()}
    return components.component_add(actor=me, kind=kind, last_done_on=last_done_on, **where)


def test_overdue_and_due_soon_soonest_first_and_later_ones_left_out(me):
    overdue = add(me, last_done_on=date(2020, 1, 1))  # due 1 Jan 2025
    soon = add(me, last_done_on=date(2021, 9, 1))  # due 1 Sep 2026
    add(me, last_done_on=date(2024, 1, 1))  # due 2029

    page = selectors_programme.programme(at=TODAY)

    assert [c.pk for c in page.components] == [overdue.pk, soon.pk]
    assert [c.due_status for c in page.components] == [cycles.OVERDUE, cycles.DUE_SOON]
    assert page.total == 2
    assert page.overdue == 1
    assert selectors_programme.programme(at=TODAY, within_years=5).total == 3


def test_filters_by_kind_estate_and_block(me):
    estate = EstateFactory()
    block = BlockFactory(estate=estate)
    in_block = add(me, last_done_on=None, block=block)
    home_on_estate = add(me, last_done_on=None, kind="kitchen", home=HomeFactory(block=block))
    add(me, last_done_on=None)  # elsewhere

    on_estate = selectors_programme.programme(at=TODAY, estate=estate)
    kitchens = selectors_programme.programme(at=TODAY, kind="kitchen")
    in_the_block = selectors_programme.programme(at=TODAY, block=block)

    assert {c.pk for c in on_estate.components} == {in_block.pk, home_on_estate.pk}
    assert [c.pk for c in kitchens.components] == [home_on_estate.pk]
    assert in_the_block.total == 2


def test_pages(me):
    for _ in range(3):
        add(me, last_done_on=None)

    second = selectors_programme.programme(at=TODAY, page=2, per_page=2)

    assert second.total == 3
    assert second.pages == 2
    assert len(second.components) == 1


def test_open_hazards_soonest_duty_first(me):
    damp = Hazard.objects.get(repair=reported_repair(category="damp_mould"))
    other = Hazard.objects.get(repair=reported_repair(category="hazard_other"))
    awaab.hazard_triage(hazard=other, actor=me, severity="emergency", reason="Exposed wiring")

    hazards, total = selectors_programme.hazards_open()

    assert total == 2
    assert [h.pk for h in hazards] == [other.pk, damp.pk]
    assert hazards[0].next_due.due_at == NOW + timedelta(hours=24)
    clocks = selectors_programme.hazard_clocks(hazards[0])
    assert [d.duty for d in clocks] == ["awaab.emergency"]
