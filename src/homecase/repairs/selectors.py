"""Reads for repairs: the planners' queue (soonest due first), a resident's "Your repairs", one
job with everything its page shows, open jobs on the same place (duplicates to offer), a
contractor's work orders, a job's promises, and the resident's recorded needs for the agent.

The queue reads one indexed column, `Repair.next_due_at` (kept by
`services.next_due.refresh_next_due`), walking the partial index `repairs_open_next_due` a page
at a time: its cost is the page, not the million jobs behind it."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import NotFound
from homecase.common.time import now
from homecase.housing.models import (
    CommunalArea,
    Home,
    ReasonableAdjustment,
    Resident,
    Vulnerability,
)
from homecase.records.models import Deadline, DeadlineStatus
from homecase.repairs import rules
from homecase.repairs.access import contractor_of
from homecase.repairs.models import Contractor, Location, Repair, WorkOrder, WorkOrderStatus

# Written exactly as the partial index's condition (sorted), so that PostgreSQL uses it.
OPEN = sorted(rules.OPEN_STATUSES)
QUEUE_PAGE_SIZE = 50
RESIDENT_PAGE_SIZE = 20


@dataclass
class RepairsPage:
    """One page of repairs. No total: counting a million rows for a page number is what made
    queues slow; `has_next` is read by fetching one more row than the page."""

    items: list[Repair]
    page: int
    per_page: int
    has_next: bool
    has_previous: bool = field(init=False)

    def __post_init__(self) -> None:
        self.has_previous = self.page > 1

    def __iter__(self) -> Iterator[Repair]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _page(queryset: QuerySet[Repair], *, page: int, per_page: int) -> RepairsPage:
    page = max(page, 1)
    per_page = max(1, min(per_page, 200))
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return RepairsPage(
        items=rows[:per_page], page=page, per_page=per_page, has_next=len(rows) > per_page
    )


def repairs_queue(
    *,
    at: datetime | None = None,
    status: str | None = None,
    priority: str | None = None,
    trade: str | None = None,
    contractor: Contractor | None = None,
    overdue_only: bool = False,
    page: int = 1,
    per_page: int = QUEUE_PAGE_SIZE,
) -> RepairsPage:
    """Open jobs, the one that falls due soonest first (overdue at the top; jobs owing nothing
    last). Each job carries `overdue` (its next due moment has passed)."""
    at = at or now()
    if status:
        jobs = Repair.objects.filter(status=status)
    else:
        jobs = Repair.objects.filter(status__in=OPEN)
    if priority:
        jobs = jobs.filter(priority=priority)
    if trade:
        jobs = jobs.filter(trade=trade)
    if contractor is not None:
        jobs = jobs.filter(
            Exists(
                WorkOrder.objects.filter(repair_id=OuterRef("pk"), contractor=contractor).exclude(
                    status=WorkOrderStatus.CANCELLED
                )
            )
        )
    if overdue_only:
        jobs = jobs.filter(next_due_at__lt=at)
    # Jobs owing nothing (paused, completed) last on every database: PostgreSQL puts NULLs last
    # in ascending order already (so its index still serves this), SQLite puts them first.
    ordered = jobs.select_related("case__home", "case__communal_area", "case__resident").order_by(
        F("next_due_at").asc(nulls_last=True), "id"
    )
    result = _page(ordered, page=page, per_page=per_page)
    for repair in result.items:
        repair.overdue = repair.next_due_at is not None and repair.next_due_at < at
    return result


def _next_promise() -> Subquery:
    """The earliest open promise the resident was given on the job (any duty)."""
    owed = Deadline.objects.filter(
        case_id=OuterRef("case_id"), visible_to_resident=True, status=DeadlineStatus.OPEN
    ).order_by("due_at")
    return Subquery(owed.values("due_at")[:1])


def repairs_for_resident(
    *, resident: Resident, page: int = 1, per_page: int = RESIDENT_PAGE_SIZE
) -> RepairsPage:
    """ "Your repairs": the jobs the resident reported or that are on their home, newest first.
    Each carries `next_promise_at`: the next date we promised them something."""
    mine = Q(case__resident=resident)
    if resident.home_id is not None:
        mine |= Q(case__home_id=resident.home_id, location=Location.HOME)
    jobs = (
        Repair.objects.filter(mine)
        .select_related("case__home", "case__communal_area")
        .annotate(next_promise_at=_next_promise())
        .order_by("-case__opened_at", "-id")
    )
    return _page(jobs, page=page, per_page=per_page)


def repair_detail(*, repair_id: int | None = None, reference: str | None = None) -> Repair:
    """One job with what its page shows (work orders with their appointments and visits,
    chases, inspections, pauses, the hazard record)."""
    jobs = Repair.objects.select_related(
        "case__home", "case__communal_area", "case__resident", "case__timeline", "joined_to__case"
    ).prefetch_related(
        "work_orders__contractor",
        "work_orders__appointments",
        "work_orders__visits__access_attempts",
        "chases__reply_deadline",
        "chases__escalated_to",
        "inspections",
        "pauses",
    )
    if repair_id is not None:
        repair = jobs.filter(pk=repair_id).first()
    elif reference:
        repair = jobs.filter(case__reference=reference.strip().upper()).first()
    else:
        repair = None
    if repair is None:
        raise NotFound("We could not find that repair.")
    return repair


def duplicates_for(
    *,
    home: Home | None = None,
    communal_area: CommunalArea | None = None,
    category: str | None = None,
) -> list[Repair]:
    """Open jobs on the same home or communal area (same category first): offered to the agent
    or resident to join instead of opening another job."""
    if communal_area is not None:
        jobs = Repair.objects.filter(case__communal_area=communal_area)
    elif home is not None:
        jobs = Repair.objects.filter(case__home=home, location=Location.HOME)
    else:
        return []
    jobs = jobs.filter(status__in=[s for s in OPEN if s != rules.COMPLETED]).select_related("case")
    found = list(jobs.order_by("-case__opened_at")[:20])
    if category:
        found.sort(key=lambda repair: repair.category != category)
    return found


def work_orders_for_contractor(*, user: User, status: str | None = None) -> QuerySet[WorkOrder]:
    """The work orders of the contractor this user works for (none for anyone else)."""
    firm = contractor_of(user)
    if firm is None:
        return WorkOrder.objects.none()
    orders = WorkOrder.objects.filter(contractor=firm)
    if status:
        orders = orders.filter(status=status)
    return orders.select_related(
        "repair__case__home", "repair__case__communal_area", "repair__case__resident"
    ).order_by("-issued_at", "-id")


def repair_promises(repair: Repair, *, resident_view: bool = False) -> QuerySet[Deadline]:
    """The job's promises, soonest first (only those the resident was given, for them)."""
    deadlines = Deadline.objects.filter(case_id=repair.case_id).order_by("due_at", "pk")
    return deadlines.filter(visible_to_resident=True) if resident_view else deadlines


@dataclass(frozen=True)
class ResidentNeeds:
    """What the agent must see when taking a repair: the resident's recorded vulnerabilities
    and reasonable adjustments in force today."""

    vulnerabilities: list[Vulnerability]
    adjustments: list[ReasonableAdjustment]

    def __bool__(self) -> bool:
        return bool(self.vulnerabilities or self.adjustments)

    def lines(self) -> list[str]:
        """One plain line each, as copied onto work orders."""
        return [
            f"{item.get_kind_display()}{': ' + item.details if item.details else ''}"
            for item in [*self.vulnerabilities, *self.adjustments]
        ]


def resident_needs(resident: Resident | None) -> ResidentNeeds:
    """The resident's vulnerabilities and adjustments that have not ended."""
    if resident is None:
        return ResidentNeeds([], [])
    today = timezone.localdate(now())
    current = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    return ResidentNeeds(
        vulnerabilities=list(resident.vulnerabilities.filter(current).order_by("pk")),
        adjustments=list(resident.adjustments.filter(current).order_by("pk")),
    )
