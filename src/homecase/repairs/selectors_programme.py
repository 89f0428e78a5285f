"""Reads for cyclical and planned work and for Awaab's Law hazards: the programme (components
overdue or due within N years, soonest first, filtered by kind, estate or block, a page at a
time) and the open hazards with their next statutory duty."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from homecase.housing.models import Block, Estate
from homecase.records.models import Deadline, DeadlineStatus
from homecase.repairs import cycles
from homecase.repairs.models import Component, Hazard, Repair, RepairStatus

PAGE_SIZE = 50
AWAAB_DUTY_PREFIX = "awaab."


@dataclass(frozen=True)
class ProgrammePage:
    """One page of the programme and how many components match in all."""

    components: list[Component]
    total: int
    overdue: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _where(component: Component) -> str:
    if component.home_id is not None:
        return str(component.home)
    return str(component.block)


def programme(
    *,
    at: date,
    within_years: int = 1,
    kind: str | None = None,
    estate: Estate | None = None,
    block: Block | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> ProgrammePage:
    """Components overdue or due within `within_years` of `at`, the soonest due first. Each
    component carries `due_status` (cycles.OVERDUE or DUE_SOON) and `where` for display."""
    horizon = cycles.horizon(at, within_years)
    query = Component.objects.filter(next_due_on__lte=horizon)
    if kind:
        query = query.filter(kind=kind)
    if estate is not None:
        query = query.filter(Q(home__estate=estate) | Q(block__estate=estate))
    if block is not None:
        query = query.filter(Q(home__block=block) | Q(block=block))
    total = query.count()
    overdue = query.filter(next_due_on__lt=at).count()
    page = max(1, min(page, max(1, -(-total // per_page))))
    start = (page - 1) * per_page
    rows = list(
        query.select_related("home", "block__estate").order_by("next_due_on", "pk")[
            start : start + per_page
        ]
    )
    for component in rows:
        component.due_status = cycles.due_status(
            component.next_due_on, today=at, within_years=within_years
        )
        component.due_status_label = cycles.STATUS_LABELS[component.due_status]
        component.where = _where(component)
    return ProgrammePage(rows, total, overdue, page, per_page)


def component_history(component: Component) -> QuerySet:
    """The work recorded on a component, newest first."""
    return component.works.select_related("recorded_by", "repair__case").order_by("-done_on", "-pk")


def hazard_clocks(hazard: Hazard) -> list[Deadline]:
    """Every Awaab's Law deadline on the hazard's repair, soonest first (kept ones too)."""
    return list(
        Deadline.objects.filter(
            case_id=hazard.repair.case_id, duty__startswith=AWAAB_DUTY_PREFIX
        ).order_by("due_at", "pk")
    )


def hazards_open(*, page: int = 1, per_page: int = PAGE_SIZE) -> tuple[list[Hazard], int]:
    """Hazards on repairs not yet closed or cancelled, each with `next_due` (its soonest
    unkept Awaab's Law deadline, or None), the most urgent first; and how many in all."""
    query = (
        Hazard.objects.exclude(repair__status__in=(RepairStatus.CLOSED, RepairStatus.CANCELLED))
        .select_related("repair__case__home", "repair__case__communal_area")
        .order_by("aware_at", "pk")
    )
    hazards = list(query)
    unkept = Deadline.objects.filter(
        case_id__in=[hazard.repair.case_id for hazard in hazards],
        duty__startswith=AWAAB_DUTY_PREFIX,
        status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
    ).order_by("due_at")
    soonest: dict[int, Deadline] = {}
    for deadline in unkept:
        soonest.setdefault(deadline.case_id, deadline)
    for hazard in hazards:
        hazard.next_due = soonest.get(hazard.repair.case_id)
    hazards.sort(
        key=lambda hazard: (
            hazard.next_due is None,
            hazard.next_due.due_at if hazard.next_due else hazard.aware_at,
        )
    )
    start = (max(1, page) - 1) * per_page
    return hazards[start : start + per_page], len(hazards)


def repair_by_reference(reference: str) -> Repair | None:
    return (
        Repair.objects.select_related("case__home", "case__resident", "case__communal_area")
        .filter(case__reference=reference)
        .first()
    )
