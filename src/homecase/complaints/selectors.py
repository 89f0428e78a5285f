"""Reads for complaints: the officer's queue (soonest due first, red/amber/green), a complaint
with everything its page shows, a resident's complaints, restrictions due for review."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from homecase.accounts.models import STAFF_ROLES, User
from homecase.complaints.access import HANDLERS
from homecase.complaints.models import (
    CompensationBand,
    Complaint,
    ComplaintOffer,
    ComplaintStatus,
    ContactRestriction,
    OfferChoice,
    Stage,
)
from homecase.housing.models import Resident
from homecase.records.models import Case, CaseKind, Deadline, DeadlineStatus, Event

OPEN_STATUSES = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.STAGE_1,
    ComplaintStatus.STAGE_2_REQUESTED,
    ComplaintStatus.STAGE_2,
)
# Amber: due within this long. Red: overdue (missed and not yet kept).
AMBER_WITHIN = timedelta(days=2)
QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    officer_id: int | None = None  # a user id: complaints this officer handles now
    mine_for: int | None = None  # the same, for "my complaints"
    rag: str = ""  # "red", "amber", "green"
    page: int = 1


def rag_for(due_at: datetime | None, *, at: datetime) -> str:
    """Red when overdue, amber when due within AMBER_WITHIN, green otherwise."""
    if due_at is None:
        return "green"
    if due_at < at:
        return "red"
    if due_at - at <= AMBER_WITHIN:
        return "amber"
    return "green"


def _next_due() -> Subquery:
    owed = Deadline.objects.filter(
        case_id=OuterRef("case_id"),
        duty__startswith="complaint.stage",
        status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
    ).order_by("due_at")
    return Subquery(owed.values("due_at")[:1])


# A complaint's promises still owed: what the queue is ordered by. Written exactly as the partial
# indexes of migration 0003 are defined, so that PostgreSQL walks them in due order.
_OWED = Q(
    status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED), duty__startswith="complaint.stage"
)


def _first_owed() -> Q:
    """A deadline that is its case's first owed one (earliest due, then lowest id): its due
    moment is the complaint's `next_due_at`, and each complaint is listed once."""
    earlier = Deadline.objects.filter(_OWED, case_id=OuterRef("case_id")).filter(
        Q(due_at__lt=OuterRef("due_at")) | Q(due_at=OuterRef("due_at"), pk__lt=OuterRef("pk"))
    )
    return _OWED & ~Exists(earlier)


def _handled_by(handler: int, *, complaint: str) -> Exists:
    """The complaint (`complaint` names its id from the outer query) is handled by `handler`
    now: they are the officer of its latest stage. Once stage 2 is asked for, the stage 1
    officer no longer handles it (Code 6.12: a different person)."""
    later = Stage.objects.filter(
        complaint_id=OuterRef("complaint_id"), number__gt=OuterRef("number")
    )
    return Exists(
        Stage.objects.filter(complaint_id=OuterRef(complaint), officer_id=handler).exclude(
            Exists(later)
        )
    )


def _rag_band(filters: QueueFilters, at: datetime) -> Q:
    bands = {
        "red": Q(due_at__lt=at),
        "amber": Q(due_at__gte=at, due_at__lte=at + AMBER_WITHIN),
        "green": Q(due_at__gt=at + AMBER_WITHIN),
    }
    return bands.get(filters.rag, Q())


def _open_complaints(filters: QueueFilters) -> QuerySet[Complaint]:
    complaints = Complaint.objects.filter(status__in=OPEN_STATUSES)
    if filters.status:
        complaints = complaints.filter(status=filters.status)
    if handler := filters.mine_for or filters.officer_id:
        complaints = complaints.filter(_handled_by(handler, complaint="pk"))
    return complaints


def _queue_total(filters: QueueFilters, at: datetime) -> int:
    """How many complaints the filters select. An open complaint always owes a stage promise,
    so a band is counted from the owed deadlines due in it: a complaint is due by a moment if
    any of its owed deadlines is (red: before now; green: all but those due by the amber end)."""
    complaints = _open_complaints(filters)
    if not filters.rag:
        return complaints.count()

    def due_by(moment: datetime, *, inclusive: bool) -> int:
        before = Q(due_at__lte=moment) if inclusive else Q(due_at__lt=moment)
        selected = Exists(complaints.filter(case_id=OuterRef("case_id")))
        owed = Deadline.objects.filter(_OWED, before, selected)
        return owed.values("case_id").distinct().count()

    red = due_by(at, inclusive=False)
    if filters.rag == "red":
        return red
    soon = due_by(at + AMBER_WITHIN, inclusive=True)
    return soon - red if filters.rag == "amber" else complaints.count() - soon


def complaint_queue(*, filters: QueueFilters, at: datetime) -> tuple[list[Complaint], int]:
    """Open complaints, the one that falls due soonest first (overdue at the top), one page
    at a time. Each complaint carries `next_due_at` and `rag`. Returns (page, total).

    The page is read by walking the owed complaint deadlines in due order (an index does
    that), keeping each case's first: it costs the page, not the size of the queue, which
    sorting every open complaint by a computed next due date did (bench/bench_queue.py)."""
    selected = _open_complaints(filters).filter(case_id=OuterRef("case_id"))
    walk = Deadline.objects.filter(_first_owed(), _rag_band(filters, at), Exists(selected))
    start = (max(filters.page, 1) - 1) * QUEUE_PAGE_SIZE
    # The walk reads narrow index entries only; the page's rows are joined once it is found
    # (asked for in one go, the planner would rather sort every open complaint's wide row).
    on_page = walk.order_by("due_at", "pk").values("pk")[start : start + QUEUE_PAGE_SIZE]
    owed = (
        Deadline.objects.filter(pk__in=on_page)
        .select_related("case__complaint", "case__resident", "case__home")
        .order_by("due_at", "pk")
    )
    page = []
    for deadline in owed:
        complaint = deadline.case.complaint
        complaint.case = deadline.case
        complaint.next_due_at = deadline.due_at
        complaint.rag = rag_for(deadline.due_at, at=at)
        page.append(complaint)
    return page, _queue_total(filters, at)


def complaint_detail(*, complaint: Complaint) -> Complaint:
    """The complaint with its stages, points, remedies, compensation, learning, referrals and
    signers prefetched for its page."""
    return (
        Complaint.objects.select_related(
            "case__resident", "case__home", "case__timeline", "representative", "related_case"
        )
        .prefetch_related(
            "stages__points",
            "stages__officer",
            "remedies__deadline",
            "remedies__owner",
            "compensations",
            "learning__deadline",
            "learning__owner",
            "ombudsman_referrals__findings",
            "ombudsman_referrals__orders__deadline",
            "signatories",
        )
        .get(pk=complaint.pk)
    )


def complaint_deadlines(*, complaint: Complaint, resident_view: bool) -> QuerySet[Deadline]:
    deadlines = Deadline.objects.filter(case_id=complaint.case_id).order_by("due_at", "pk")
    return deadlines.filter(visible_to_resident=True) if resident_view else deadlines


def _next_promise() -> Subquery:
    """The earliest open promise the resident was given on a complaint (any duty)."""
    owed = Deadline.objects.filter(
        case_id=OuterRef("case_id"), visible_to_resident=True, status=DeadlineStatus.OPEN
    ).order_by("due_at")
    return Subquery(owed.values("due_at")[:1])


def complaints_for_resident(*, resident: Resident) -> QuerySet[Complaint]:
    """A resident's complaints, newest first, including petitions they signed. Each carries
    `next_promise_at`: the next date we promised them something (None when nothing is open)."""
    mine = Complaint.objects.filter(case__resident=resident)
    signed = Complaint.objects.filter(signatories__resident=resident)
    return (
        (mine | signed)
        .distinct()
        .select_related("case")
        .annotate(next_promise_at=_next_promise())
        .order_by("-case__opened_at", "-pk")
    )


def cases_to_complain_about(*, resident: Resident) -> QuerySet[Case]:
    """The resident's own cases other than complaints (a repair, an ASB case...), newest first:
    what a new complaint may say it is about."""
    return (
        Case.objects.filter(resident=resident)
        .exclude(kind=CaseKind.COMPLAINT)
        .order_by("-opened_at", "-pk")
    )


def complaint_timeline(*, complaint: Complaint, resident_view: bool) -> QuerySet[Event]:
    events = complaint.case.timeline.events.order_by("sequence")
    return (
        events.filter(visibility="resident")
        if resident_view
        else events.exclude(visibility="internal")
    )


def pending_offers(*, case_id: int) -> QuerySet[ComplaintOffer]:
    return ComplaintOffer.objects.filter(case_id=case_id, choice=OfferChoice.PENDING).order_by("pk")


def restrictions_for(*, resident: Resident) -> QuerySet[ContactRestriction]:
    return resident.contact_restrictions.filter(ended_at__isnull=True).order_by("starts_on")


def restrictions_due_review(*, on) -> QuerySet[ContactRestriction]:
    """Restrictions past their review date and not ended: flagged for the officer."""
    return ContactRestriction.objects.filter(
        ended_at__isnull=True, review_on__lt=on
    ).select_related("resident")


@dataclass(frozen=True)
class ComplaintSearch:
    """Filters for a list of complaints in any status (the API's list)."""

    status: str = ""
    resident_id: int | None = None
    overdue: bool | None = None  # True: a promise is overdue; False: none is
    received_from: date | None = None  # local dates, both ends included
    received_to: date | None = None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def complaints_search(
    *, filters: ComplaintSearch, at: datetime, offset: int, limit: int
) -> tuple[list[Complaint], int]:
    """Complaints matching the filters, the one that falls due soonest first (those owing
    nothing last), `limit` from `offset`. Each carries `next_due_at` and `rag`."""
    queryset = Complaint.objects.annotate(next_due_at=_next_due()).select_related("case__resident")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.resident_id is not None:
        queryset = queryset.filter(case__resident_id=filters.resident_id)
    if filters.overdue is True:
        queryset = queryset.filter(next_due_at__lt=at)
    elif filters.overdue is False:
        queryset = queryset.filter(Q(next_due_at__gte=at) | Q(next_due_at__isnull=True))
    if filters.received_from:
        queryset = queryset.filter(case__opened_at__gte=_local_midnight(filters.received_from))
    if filters.received_to:
        next_day = filters.received_to + timedelta(days=1)
        queryset = queryset.filter(case__opened_at__lt=_local_midnight(next_day))
    total = queryset.count()
    ordering = (F("next_due_at").asc(nulls_last=True), "pk")
    page = list(queryset.order_by(*ordering)[offset : offset + limit])
    for complaint in page:
        complaint.rag = rag_for(complaint.next_due_at, at=at)
    return page, total


def complaint_handlers() -> QuerySet[User]:
    """The people who may handle a complaint stage (complaint officers and managers), by name."""
    return (
        User.objects.filter(is_active=True, groups__name__in=HANDLERS)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def staff_members() -> QuerySet[User]:
    """Active staff who may own an action (any staff role), by name."""
    return (
        User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def compensation_bands_in_force(*, on: date) -> list[CompensationBand]:
    """For each impact, the Ombudsman's band with the latest effective date on or before `on`."""
    bands: dict[str, CompensationBand] = {}
    for band in CompensationBand.objects.filter(effective_from__lte=on).order_by(
        "-effective_from", "minimum"
    ):
        bands.setdefault(band.impact, band)
    return sorted(bands.values(), key=lambda band: band.minimum)
