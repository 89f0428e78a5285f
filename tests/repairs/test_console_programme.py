"""The programme view in the staff console: what is overdue and due, its filters and pages,
adding a component and recording work (repairs staff only), refusals shown with nothing
written."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from homecase.repairs.models import Component, ComponentWork
from homecase.repairs.services import components
from tests.factories import BlockFactory, EstateFactory, HomeFactory, UserFactory
from tests.repairs.factories import planner, reported_repair

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
NS = "console:console-repairs"
PROGRAMME = f"{NS}:repairs-programme"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def me():
    return planner()


@pytest.fixture
def planner_client(client, me):
    client.force_login(me)
    return client


def add(me, **kwargs):
    kwargs.setdefault("kind", "external_decoration")
    kwargs.setdefault("last_done_on", None)
    if "home" not in kwargs and "block" not in kwargs:
        kwargs["block"] = BlockFactory()
    return components.component_add(actor=me, **kwargs)


def test_any_staff_member_may_look_but_not_write(client, me):
    add(me, last_done_on=date(2020, 1, 1))
    client.force_login(UserFactory(roles=["complaint_officer"]))

    page = client.get(reverse(PROGRAMME))
    refused = client.post(reverse(f"{NS}:repairs-component-add"), {"kind": "roof"})

    assert page.status_code == 200
    assert "External decoration" in page.content.decode()
    assert "Add a component" not in page.content.decode()
    assert refused.status_code == 403
    assert Component.objects.count() == 1


def test_residents_and_strangers_are_kept_out(client):
    response = client.get(reverse(PROGRAMME))

    assert response.status_code == 302


def test_overdue_and_due_shown_with_status_in_words(planner_client, me):
    add(me, last_done_on=date(2020, 1, 1))  # due 1 January 2025: overdue
    add(me, kind="roof", last_done_on=date(1996, 9, 1))  # due 1 September 2026
    add(me, kind="windows", last_done_on=date(2020, 1, 1))  # due 2050: not shown

    page = planner_client.get(reverse(PROGRAMME)).content.decode()

    assert "2 components due, 1 overdue" in page
    assert "Overdue" in page
    assert "Due soon" in page
    assert "Windows" not in page.split("<tbody")[1]


def test_filter_by_kind_and_estate(planner_client, me):
    estate = EstateFactory(name="Marsh Lane")
    add(me, block=BlockFactory(estate=estate))
    add(me, kind="roof")

    by_estate = planner_client.get(reverse(PROGRAMME), {"estate": estate.pk}).content.decode()
    by_kind = planner_client.get(reverse(PROGRAMME), {"kind": "roof"}).content.decode()

    assert "1 component due" in by_estate
    assert "External decoration" in by_estate.split("<tbody")[1]
    assert "Roof" in by_kind.split("<tbody")[1]
    assert "External decoration" not in by_kind.split("<tbody")[1]


def test_pagination(planner_client, me, monkeypatch):
    monkeypatch.setattr("homecase.repairs.console_programme.PAGE_SIZE", 2)
    for _ in range(3):
        add(me)

    first = planner_client.get(reverse(PROGRAMME)).content.decode()
    second = planner_client.get(reverse(PROGRAMME), {"page": "2"}).content.decode()

    assert 'aria-label="Pages of the programme"' in first
    assert "?page=2" in first
    assert second.split("<tbody")[1].count("govuk-table__row") == 1


def test_add_a_block_component_with_the_policy_cycle(planner_client):
    block = BlockFactory()

    response = planner_client.post(
        reverse(f"{NS}:repairs-component-add"),
        {
            "kind": "communal_decoration",
            "block": block.pk,
            "day": "1",
            "month": "6",
            "year": "2023",
        },
    )

    assert response.status_code == 302
    component = Component.objects.get()
    assert component.block == block
    assert component.cycle_years == 5
    assert component.next_due_on == date(2028, 6, 1)


def test_add_a_home_component_by_uprn(planner_client):
    home = HomeFactory()

    response = planner_client.post(
        reverse(f"{NS}:repairs-component-add"),
        {"kind": "kitchen", "uprn": home.uprn, "cycle_years": "15"},
    )

    assert response.status_code == 302
    component = Component.objects.get()
    assert component.home == home
    assert component.cycle_years == 15


def test_neither_block_nor_home_is_refused_with_nothing_written(planner_client):
    response = planner_client.post(reverse(f"{NS}:repairs-component-add"), {"kind": "roof"})

    assert response.status_code == 200
    assert "Choose either a home or a block" in response.content.decode()
    assert Component.objects.count() == 0


def test_record_work_moves_the_dates_and_shows_the_history(planner_client, me):
    component = add(me, last_done_on=date(2020, 1, 1))
    repair = reported_repair(category="leak")
    url = reverse(f"{NS}:repairs-component-work", kwargs={"component_id": component.pk})

    response = planner_client.post(
        url,
        {
            "day": "20",
            "month": "2",
            "year": "2026",
            "description": "Repainted all windows and doors",
            "reference": repair.case.reference,
        },
    )

    assert response.status_code == 302
    component.refresh_from_db()
    assert component.last_done_on == date(2026, 2, 20)
    assert component.next_due_on == date(2031, 2, 20)
    work = ComponentWork.objects.get()
    assert work.repair == repair
    assert "Repainted all windows and doors" in planner_client.get(url).content.decode()


def test_work_in_the_future_is_refused(planner_client, me):
    component = add(me)
    url = reverse(f"{NS}:repairs-component-work", kwargs={"component_id": component.pk})

    response = planner_client.post(
        url, {"day": "3", "month": "3", "year": "2026", "description": "Painted"}
    )

    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert ComponentWork.objects.count() == 0


def test_an_unknown_component_is_a_404(planner_client):
    url = reverse(f"{NS}:repairs-component-work", kwargs={"component_id": 999})

    assert planner_client.get(url).status_code == 404
