"""Reads for the board dashboard: open cases and their ages, deadlines due this week and missed,
monthly trends, repeat complainants, homes with repeated repairs, overdue learning actions, and
anti-social behaviour volumes, outcomes and hate incidents.

ASB cases name victims and alleged perpetrators, and the dashboard is read by board members:
they appear here as counts, their drill-downs list references and dates only, and their
promises carry a fixed label for their duty (an action's own label may name someone).

Every figure is one aggregate query (counts grouped in the database, never rows counted in
Python), so that the page stays fast with a million repairs and deadlines; each has a
drill-down queryset listing the cases behind it, for a paginated page."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q, QuerySet, Window
from django.db.models.functions import TruncMonth
from django.utils import timezone

from homecase.asb import rules as asb_rules
from homecase.asb.models import AsbCase, AsbStatus, ClosureReason
from homecase.complaints import rules as complaint_rules
from homecase.complaints.models import LearningAction, Stage
from homecase.housing.models import Home, Resident
from homecase.records.models import Case, CaseKind, Deadline, DeadlineStatus
from homecase.repairs import rules as repair_rules
from homecase.repairs.models import Repair

OPEN_COMPLAINT_STATUSES = (
    complaint_rules.RECEIVED,
    complaint_rules.STAGE_1,
    complaint_rules.STAGE_2_REQUESTED,
    complaint_rules.STAGE_2,
)
OPEN_REPAIR_STATUSES = tuple(sorted(repair_rules.OPEN_STATUSES))
KINDS = {
    CaseKind.COMPLAINT.value: "Complaints",
    CaseKind.REPAIR.value: "Repairs",
    CaseKind.ASB.value: "Anti-social behaviour cases",
}
# Kinds whose cases are listed by reference and date only.
RESTRICTED_KINDS = {CaseKind.ASB.value}
ASB_DUTY_LABELS = {
    "asb.first_contact": "ASB: first contact with the reporter",
    "asb.action_plan": "ASB: agree an action plan",
    "asb.contact": "ASB: keep in touch (agreed contact)",
    "asb.action": "ASB: an action on the plan",
    "asb.risk_review": "ASB: review the risk assessment",
    "asb.case_review": "ASB: decide on a case review",
}
ASB_LISTS = {
    "month": "Anti-social behaviour cases opened this month",
    "year": "Anti-social behaviour cases opened in the last 12 months",
    "hate": "Anti-social behaviour cases involving hate incidents opened in the last 12 months",
    "outcome": "Anti-social behaviour cases closed in the last 12 months",
}
# Ages in calendar days since the case was opened: (label, from, to) with `to` excluded.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 10 days", 0, 10),
    ("10 to 19 days", 10, 20),
    ("20 to 39 days", 20, 40),
    ("40 to 89 days", 40, 90),
    ("90 days or more", 90, None),
)
WEEK = timedelta(days=7)
YEAR = timedelta(days=365)
REPEAT_COMPLAINTS = 2
REPEAT_REPAIRS = 3


@dataclass(frozen=True)
class AgeRow:
    kind: str
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class DutyRow:
    duty: str
    label: str
    count: int


@dataclass(frozen=True)
class MonthRow:
    month: date
    complaints_opened: int
    complaints_responded: int
    repairs_reported: int
    repairs_completed: int

    @property
    def opened(self) -> int:
        return self.complaints_opened + self.repairs_reported

    @property
    def closed(self) -> int:
        return self.complaints_responded + self.repairs_completed


@dataclass(frozen=True)
class OutcomeRow:
    reason: str
    label: str
    count: int


@dataclass(frozen=True)
class AsbSummary:
    """ASB volumes: cases opened (further reports joined to another case are not new cases),
    those involving hate incidents, and the closure reasons of the last 12 months."""

    opened_this_month: int
    opened_12_months: int
    hate_12_months: int
    outcomes: list[OutcomeRow]

    @property
    def closed_12_months(self) -> int:
        return sum(row.count for row in self.outcomes)


def _open_cases(kind: str) -> QuerySet[Case]:
    if kind == CaseKind.COMPLAINT:
        return Case.objects.filter(kind=kind, complaint__status__in=OPEN_COMPLAINT_STATUSES)
    if kind == CaseKind.ASB:
        return Case.objects.filter(kind=kind, asb__status__in=asb_rules.OPEN_STATUSES)
    return Case.objects.filter(kind=kind, repair__status__in=OPEN_REPAIR_STATUSES)


def _age_q(at: datetime, bucket: int) -> Q:
    _, low, high = AGE_BUCKETS[bucket]
    q = Q(opened_at__lte=at - timedelta(days=low))
    if high is not None:
        q &= Q(opened_at__gt=at - timedelta(days=high))
    return q


def open_case_ages(*, at: datetime) -> list[AgeRow]:
    """Open complaints, repairs and ASB cases, counted by age (one query per kind)."""
    rows = []
    for kind, label in KINDS.items():
        counts = _open_cases(kind).aggregate(
            **{f"b{i}": Count("pk", filter=_age_q(at, i)) for i in range(len(AGE_BUCKETS))}
        )
        rows.append(AgeRow(kind, label, [counts[f"b{i}"] for i in range(len(AGE_BUCKETS))]))
    return rows


def open_cases(*, kind: str, bucket: int | None, at: datetime) -> QuerySet[Case]:
    """The open cases of a kind (in one age bucket, or all), oldest first."""
    cases = _open_cases(kind)
    if bucket is not None:
        cases = cases.filter(_age_q(at, bucket))
    return cases.select_related("home", "resident").order_by("opened_at", "pk")


def _due_this_week(at: datetime) -> Q:
    return Q(status=DeadlineStatus.OPEN, due_at__gte=at, due_at__lt=at + WEEK)


def _missed(at: datetime) -> Q:
    """Missed and still owed: marked missed by the sweep, or open and past due (not yet swept)."""
    return Q(status=DeadlineStatus.MISSED) | Q(status=DeadlineStatus.OPEN, due_at__lt=at)


def duty_label(duty: str, label: str) -> str:
    """What a promise is, as the dashboard shows it: an ASB promise by its duty alone."""
    if duty.startswith("asb."):
        return ASB_DUTY_LABELS.get(duty, "ASB: a promise on the case")
    return label


def _by_duty(q: Q) -> list[DutyRow]:
    rows = (
        Deadline.objects.filter(q)
        .values("duty")
        .annotate(count=Count("pk"), label=Min("label"))
        .order_by("-count", "duty")
    )
    return [DutyRow(r["duty"], duty_label(r["duty"], r["label"]), r["count"]) for r in rows]


def deadlines_due_this_week(*, at: datetime) -> list[DutyRow]:
    """Open deadlines due in the next seven days, counted by duty."""
    return _by_duty(_due_this_week(at))


def deadlines_missed(*, at: datetime) -> list[DutyRow]:
    """Deadlines missed and still owed, counted by duty."""
    return _by_duty(_missed(at))


def deadlines(*, which: str, duty: str, at: datetime) -> QuerySet[Deadline]:
    """The deadlines behind a figure (`which` is "due" or "missed"), soonest due first."""
    found = Deadline.objects.filter(_due_this_week(at) if which == "due" else _missed(at))
    if duty:
        found = found.filter(duty=duty)
    return found.select_related("case").order_by("due_at", "pk")


def _per_month(queryset: QuerySet, field: str, since: datetime) -> dict[date, int]:
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return {timezone.localtime(month).date(): n for month, n in rows}


def months(*, at: datetime, count: int = 12) -> list[date]:
    """The first day of each of the last `count` months (local time), oldest first."""
    local = timezone.localtime(at)
    year, month = local.year, local.month
    firsts = []
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def monthly_trends(*, at: datetime) -> list[MonthRow]:
    """Cases opened and closed per month for the last 12 months (this month so far included):
    complaints received and stage responses sent, repairs reported and completed."""
    firsts = months(at=at)
    since = datetime.combine(firsts[0], time(), tzinfo=timezone.get_current_timezone())
    cases = (
        Case.objects.filter(opened_at__gte=since)
        .annotate(month=TruncMonth("opened_at"))
        .values("kind", "month")
        .annotate(n=Count("pk"))
        .values_list("kind", "month", "n")
    )
    opened: dict[str, dict[date, int]] = {CaseKind.COMPLAINT: {}, CaseKind.REPAIR: {}}
    for kind, month, n in cases:  # one pass over the cases for both kinds
        opened.setdefault(kind, {})[timezone.localtime(month).date()] = n
    responded = _per_month(Stage.objects.all(), "responded_at", since)
    completed = _per_month(Repair.objects.all(), "completed_at", since)
    return [
        MonthRow(
            month,
            opened[CaseKind.COMPLAINT].get(month, 0),
            responded.get(month, 0),
            opened[CaseKind.REPAIR].get(month, 0),
            completed.get(month, 0),
        )
        for month in firsts
    ]


def repeat_complainants(*, at: datetime) -> QuerySet:
    """Residents with two or more complaints received in the last 12 months, most first:
    rows of `resident` (id) and `complaints`."""
    return (
        Case.objects.filter(
            kind=CaseKind.COMPLAINT, opened_at__gt=at - YEAR, resident__isnull=False
        )
        .values("resident")
        .annotate(complaints=Count("pk"))
        .filter(complaints__gte=REPEAT_COMPLAINTS)
        .order_by("-complaints", "resident")
    )


def homes_with_repeated_repairs(*, at: datetime) -> QuerySet:
    """Homes with three or more repairs reported in the last 12 months, most first: rows of
    `home` (id) and `repairs`."""
    return (
        Case.objects.filter(kind=CaseKind.REPAIR, opened_at__gt=at - YEAR, home__isnull=False)
        .values("home")
        .annotate(repairs=Count("pk"))
        .filter(repairs__gte=REPEAT_REPAIRS)
        .order_by("-repairs", "home")
    )


def top_with_total(grouped: QuerySet, count: int) -> tuple[list[dict], int]:
    """The first `count` rows of a grouped query and how many rows it has in all, in one
    query (a window count over the groups) rather than a second pass for the total."""
    rows = list(grouped.annotate(groups=Window(Count("*")))[:count])
    return rows, (rows[0]["groups"] if rows else 0)


def _cases_by(kind: str, field: str, ids: list[int], at: datetime) -> dict[int, list[Case]]:
    grouped: dict[int, list[Case]] = {pk: [] for pk in ids}
    cases = Case.objects.filter(
        kind=kind, opened_at__gt=at - YEAR, **{f"{field}__in": ids}
    ).order_by("opened_at", "pk")
    for case in cases:
        grouped[getattr(case, f"{field}_id")].append(case)
    return grouped


def with_residents(rows: list[dict], *, at: datetime) -> list[dict]:
    """A page of `repeat_complainants` rows with each resident and their complaints attached
    (two queries for the page)."""
    ids = [r["resident"] for r in rows]
    found = Resident.objects.in_bulk(ids)
    cases = _cases_by(CaseKind.COMPLAINT, "resident", ids, at)
    return [{**r, "person": found.get(r["resident"]), "cases": cases[r["resident"]]} for r in rows]


def with_homes(rows: list[dict], *, at: datetime) -> list[dict]:
    """A page of `homes_with_repeated_repairs` rows with each home and its repairs attached."""
    ids = [r["home"] for r in rows]
    found = Home.objects.in_bulk(ids)
    cases = _cases_by(CaseKind.REPAIR, "home", ids, at)
    return [{**r, "place": found.get(r["home"]), "cases": cases[r["home"]]} for r in rows]


def _month_start(at: datetime) -> datetime:
    local = timezone.localtime(at)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _asb_opened() -> QuerySet[AsbCase]:
    """ASB cases, less further reports opened as a case and joined to the matter's case."""
    return AsbCase.objects.exclude(status=AsbStatus.JOINED)


def asb_summary(*, at: datetime) -> AsbSummary:
    """ASB volumes and outcomes as at `at` (two queries)."""
    year_ago = at - YEAR
    counts = _asb_opened().aggregate(
        month=Count("pk", filter=Q(case__opened_at__gte=_month_start(at))),
        year=Count("pk", filter=Q(case__opened_at__gt=year_ago)),
        hate=Count("pk", filter=Q(case__opened_at__gt=year_ago, hate_incident=True)),
    )
    closed = dict(
        AsbCase.objects.filter(status=AsbStatus.CLOSED, closed_at__gt=year_ago)
        .values("closure_reason")
        .annotate(n=Count("pk"))
        .values_list("closure_reason", "n")
    )
    outcomes = [
        OutcomeRow(reason, label, closed[reason])
        for reason, label in ClosureReason.choices
        if closed.get(reason)
    ]
    return AsbSummary(counts["month"], counts["year"], counts["hate"], outcomes)


def asb_cases(*, which: str, at: datetime, reason: str = "") -> QuerySet[AsbCase]:
    """The ASB cases behind a figure of `asb_summary` (`which` is a key of ASB_LISTS), oldest
    first; for "outcome", those closed for `reason` (every reason when empty)."""
    if which == "outcome":
        found = AsbCase.objects.filter(status=AsbStatus.CLOSED, closed_at__gt=at - YEAR)
        if reason:
            found = found.filter(closure_reason=reason)
    elif which == "month":
        found = _asb_opened().filter(case__opened_at__gte=_month_start(at))
    else:
        found = _asb_opened().filter(case__opened_at__gt=at - YEAR)
        if which == "hate":
            found = found.filter(hate_incident=True)
    return found.select_related("case").order_by("case__opened_at", "pk")


def learning_overdue(*, at: datetime) -> QuerySet[LearningAction]:
    """Learning actions not done whose deadline has passed, most overdue first."""
    return (
        LearningAction.objects.filter(done_at__isnull=True, deadline__due_at__lt=at)
        .select_related("complaint__case", "owner", "deadline")
        .order_by("deadline__due_at", "pk")
    )
