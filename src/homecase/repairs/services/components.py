"""Cyclical and planned work: the components of homes and blocks (external and communal
decoration, roofs, fire doors, door entry...), when each was last done, and the work recorded on
them. Work is appended, never overwritten: a component's last-done date moves forward only with a
`ComponentWork` row behind it, so the history shows why it is due when it is."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import InvalidInput
from homecase.common.time import now
from homecase.housing.models import Block, Home
from homecase.records.models import Visibility
from homecase.repairs import cycles
from homecase.repairs.models import Component, ComponentKind, ComponentWork, Repair
from homecase.repairs.services import _common

MAX_CYCLE_YEARS = 100


def _today() -> date:
    return timezone.localdate(now())


def _kind_label(kind: str) -> str:
    return ComponentKind(kind).label


def _checked_kind(kind: str) -> str:
    if kind not in ComponentKind.values:
        raise InvalidInput("Choose what kind of component it is.", field="kind")
    return kind


def _checked_cycle(kind: str, cycle_years: int | None) -> int:
    if cycle_years is None:
        cycle_years = _common.repairs_policy().cycles.get(kind)
        if cycle_years is None:
            raise InvalidInput(
                f"Policy gives no cycle for {_kind_label(kind).lower()}: say how many years "
                "between each time it is done.",
                field="cycle_years",
            )
    if not 1 <= cycle_years <= MAX_CYCLE_YEARS:
        raise InvalidInput(
            f"The cycle must be between 1 and {MAX_CYCLE_YEARS} years.", field="cycle_years"
        )
    return cycle_years


def _checked_past(day: date | None, *, field: str, what: str) -> date | None:
    if day is not None and day > _today():
        raise InvalidInput(f"{what} cannot be in the future.", field=field)
    return day


@transaction.atomic
def component_add(
    *,
    actor: User | None,
    kind: str,
    home: Home | None = None,
    block: Block | None = None,
    last_done_on: date | None,
    cycle_years: int | None = None,
    programme: str = "",
    notes: str = "",
) -> Component:
    """Put a component of a home or a block on the cyclical programme. Its cycle is the
    policy's for its kind unless given; it is next due one cycle after it was last done (or
    now, if nobody knows when that was)."""
    _common.ensure_planner(actor)
    kind = _checked_kind(kind)
    if (home is None) == (block is None):
        raise InvalidInput("Choose either a home or a block (not both).", field="home")
    cycle_years = _checked_cycle(kind, cycle_years)
    _checked_past(last_done_on, field="last_done_on", what="The date it was last done")
    return Component.objects.create(
        kind=kind,
        home=home,
        block=block,
        last_done_on=last_done_on,
        cycle_years=cycle_years,
        next_due_on=cycles.next_due_on(last_done_on, cycle_years, today=_today()),
        programme=programme.strip(),
        notes=notes.strip(),
    )


@transaction.atomic
def component_work_record(
    *,
    component: Component,
    actor: User | None,
    done_on: date,
    description: str,
    repair: Repair | None = None,
) -> ComponentWork:
    """Record work done to a component. Work newer than its last-done date moves that date and
    the next due date on; older work (filling in history) is kept without moving them back."""
    _common.ensure_planner(actor)
    description = description.strip()
    if not description:
        raise InvalidInput("Say what work was done.", field="description")
    if len(description) > 300:
        raise InvalidInput("Describe the work in 300 characters or fewer.", field="description")
    if done_on is None:
        raise InvalidInput("Give the date the work was done.", field="done_on")
    _checked_past(done_on, field="done_on", what="The date the work was done")
    component = Component.objects.select_for_update().get(pk=component.pk)
    work = ComponentWork.objects.create(
        component=component,
        done_on=done_on,
        description=description,
        repair=repair,
        recorded_by=actor,
    )
    if component.last_done_on is None or done_on >= component.last_done_on:
        component.last_done_on = done_on
        component.next_due_on = cycles.next_due_on(done_on, component.cycle_years, today=_today())
        component.save(update_fields=["last_done_on", "next_due_on", "updated_at"])
    if repair is not None:
        _common.event(
            repair,
            kind="repair.component_work",
            summary=f"{_kind_label(component.kind)} work recorded: {description}",
            actor=actor,
            data={"component_id": component.pk, "work_id": work.pk, "done_on": done_on},
            visibility=Visibility.STAFF,
        )
    return work
