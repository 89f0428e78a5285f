"""Reads for the annual complaints performance and service improvement report (Code 8.1).

Every figure is one aggregate query over the period, so the report stays fast over hundreds of
thousands of complaints; `complaints_behind` returns the complaints behind any figure for the
drill-down pages. A complaint belongs to the period in which it was received (a stage 2 to the
period in which it was requested; a response, Ombudsman determination or learning action to the
period in which it happened)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from homecase.accounts.models import User
from homecase.complaints.models import (
    Compensation,
    CompensationStatus,
    Complaint,
    ComplaintStatus,
    Decision,
    Exclusion,
    Finding,
    Impact,
    LearningAction,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OmbudsmanReferral,
    Point,
    Stage,
)
from homecase.complaints.services._common import ACKNOWLEDGE, LABELS, RESPOND
from homecase.records.models import CaseKind, Channel, Deadline, DeadlineStatus

NO_CATEGORY = "none"
DUTIES = (ACKNOWLEDGE[1], RESPOND[1], ACKNOWLEDGE[2], RESPOND[2])
DUTY_LABELS = {
    ACKNOWLEDGE[1]: "Stage 1: acknowledged within 5 working days",
    RESPOND[1]: "Stage 1: responded to within 10 working days",
    ACKNOWLEDGE[2]: "Stage 2: acknowledged within 5 working days",
    RESPOND[2]: "Stage 2: responded to within 20 working days",
}
DEADLINE_OUTCOMES = (
    (DeadlineStatus.MET, "Met"),
    (DeadlineStatus.MET_LATE, "Met late"),
    (DeadlineStatus.MISSED, "Missed (not yet done)"),
    (DeadlineStatus.OPEN, "Still open"),
)


@dataclass(frozen=True)
class Period:
    """From `start` to `end` inclusive, local dates; `label` names a reporting year."""

    start: date
    end: date
    label: str = ""

    @property
    def title(self) -> str:
        if self.label:
            return f"Reporting year {self.label}"
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes [from, to) in the landlord's time zone."""
        zone = ZoneInfo(getattr(settings, "TIME_ZONE", "Europe/London"))
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def query(self) -> dict[str, str]:
        if self.label:
            return {"year": self.label}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _within(prefix: str, period: Period) -> Q:
    start, end = period.bounds()
    return Q(**{f"{prefix}__gte": start, f"{prefix}__lt": end})


@dataclass
class Row:
    """One line of a figure: a label, a count and the drill-down value behind it."""

    label: str
    count: int
    value: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def received(period: Period) -> QuerySet[Complaint]:
    """Complaints received in the period (including those refused or withdrawn)."""
    return Complaint.objects.filter(_within("case__opened_at", period))


def _category_expression() -> Coalesce:
    return Coalesce(
        "related_case__repair__category",
        "related_case__kind",
        Value(NO_CATEGORY, output_field=CharField()),
    )


def _category_label(value: str) -> str:
    if value == NO_CATEGORY:
        return "Not about a service request"
    if value in CaseKind.values:
        return CaseKind(value).label
    return f"Repair: {value.replace('_', ' ')}"


def volumes(period: Period) -> dict[str, Any]:
    """Volumes by stage, category, channel and officer, and refusals by reason."""
    stages = Stage.objects.filter(_within("requested_at", period))
    by_stage = dict(stages.values_list("number").annotate(n=Count("pk")).values_list("number", "n"))
    refused = dict(
        received(period)
        .filter(status=ComplaintStatus.REFUSED)
        .values_list("exclusion")
        .annotate(n=Count("pk"))
        .values_list("exclusion", "n")
    )
    total = received(period).count()
    withdrawn = received(period).filter(status=ComplaintStatus.WITHDRAWN).count()
    categories = (
        received(period)
        .annotate(category=_category_expression())
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
    )
    channels = received(period).values("received_channel").annotate(n=Count("pk")).order_by("-n")
    officers = list(
        stages.filter(officer__isnull=False)
        .values("number", "officer")
        .annotate(n=Count("pk"))
        .order_by("number", "-n")
    )
    names = {
        user.pk: user.get_full_name() or user.get_username()
        for user in User.objects.filter(pk__in={row["officer"] for row in officers})
    }
    channel_labels = dict(Channel.choices)
    return {
        "total": total,
        "withdrawn": withdrawn,
        "stage1": by_stage.get(1, 0),
        "stage2": by_stage.get(2, 0),
        "by_stage": [
            Row("Stage 1 complaints", by_stage.get(1, 0), "1"),
            Row("Stage 2 escalations", by_stage.get(2, 0), "2"),
        ],
        "by_category": [
            Row(_category_label(row["category"]), row["n"], row["category"]) for row in categories
        ],
        "by_channel": [
            Row(
                channel_labels.get(row["received_channel"], row["received_channel"]),
                row["n"],
                row["received_channel"],
            )
            for row in channels
        ],
        "by_officer": [
            Row(
                names.get(row["officer"], f"Officer {row['officer']}"),
                row["n"],
                str(row["officer"]),
                {"stage": row["number"]},
            )
            for row in officers
        ],
        "refused_total": sum(refused.values()),
        "refused": [
            Row(label, refused[value], value)
            for value, label in Exclusion.choices
            if refused.get(value)
        ],
    }


def timeliness(period: Period) -> list[dict[str, Any]]:
    """For each Code deadline whose clock started in the period: met, met late, missed, still
    open, and how many were extended; the share met of those decided."""
    rows = (
        Deadline.objects.filter(duty__in=DUTIES)
        .filter(_within("started_at", period))
        .exclude(status=DeadlineStatus.CANCELLED)
        .values("duty", "status")
        .annotate(n=Count("pk"), extended=Count("pk", filter=Q(extended_working_days__gt=0)))
    )
    counts: dict[str, dict[str, int]] = {duty: {} for duty in DUTIES}
    extended: dict[str, int] = dict.fromkeys(DUTIES, 0)
    for row in rows:
        counts[row["duty"]][row["status"]] = row["n"]
        extended[row["duty"]] += row["extended"]
    result = []
    for duty in DUTIES:
        c = counts[duty]
        decided = sum(c.get(status, 0) for status in ("met", "met_late", "missed"))
        result.append(
            {
                "duty": duty,
                "label": DUTY_LABELS[duty],
                "short": LABELS[duty],
                "outcomes": [
                    Row(label, c.get(status, 0), status) for status, label in DEADLINE_OUTCOMES
                ],
                "extended": extended[duty],
                "met": c.get("met", 0),
                "decided": decided,
                "share": round(100 * c.get("met", 0) / decided, 1) if decided else None,
            }
        )
    return result


def outcomes(period: Period) -> dict[str, Any]:
    """Decisions of the stage responses sent in the period, by stage, and of their points."""
    stages = {
        (number, outcome): n
        for number, outcome, n in Stage.objects.filter(_within("responded_at", period))
        .values_list("number", "outcome")
        .annotate(n=Count("pk"))
        .values_list("number", "outcome", "n")
    }
    points = {
        (number, decision): n
        for number, decision, n in Point.objects.filter(_within("stage__responded_at", period))
        .values_list("stage__number", "decision")
        .annotate(n=Count("pk"))
        .values_list("stage__number", "decision", "n")
    }
    return {
        number: {
            "stages": [
                Row(label, stages.get((number, value), 0), value)
                for value, label in Decision.choices
            ],
            "points": [
                Row(label, points.get((number, value), 0), value)
                for value, label in Decision.choices
            ],
            "responded": sum(n for (s, _), n in stages.items() if s == number),
        }
        for number in (1, 2)
    }


def compensation(period: Period) -> dict[str, Any]:
    """Compensation offered in the period: count and total, by band, and how much was paid."""
    offered = Compensation.objects.filter(_within("created_at", period))
    totals = offered.aggregate(
        n=Count("pk"),
        total=Coalesce(Sum("amount"), Decimal("0")),
        paid=Coalesce(Sum("amount", filter=Q(status=CompensationStatus.PAID)), Decimal("0")),
        declined=Count("pk", filter=Q(status=CompensationStatus.DECLINED)),
    )
    bands = {
        row["impact"]: row
        for row in offered.values("impact").annotate(n=Count("pk"), total=Sum("amount"))
    }
    rows = [
        Row(label, bands[value]["n"], value, {"total": bands[value]["total"]})
        for value, label in Impact.choices
        if value in bands
    ]
    if "" in bands:
        rows.append(Row("No band recorded", bands[""]["n"], "", {"total": bands[""]["total"]}))
    return {**totals, "bands": rows}


def ombudsman(period: Period) -> dict[str, Any]:
    """Determinations made in the period, their findings, and the orders with compliance."""
    findings = dict(
        OmbudsmanFinding.objects.filter(_within("referral__determined_at", period))
        .values_list("finding")
        .annotate(n=Count("pk"))
        .values_list("finding", "n")
    )
    determinations = OmbudsmanReferral.objects.filter(_within("determined_at", period)).count()
    orders = OmbudsmanOrder.objects.filter(_within("referral__determined_at", period))
    compliance = orders.aggregate(
        total=Count("pk"),
        on_time=Count(
            "pk", filter=Q(complied_at__isnull=False, complied_at__lte=F("deadline__due_at"))
        ),
        late=Count(
            "pk", filter=Q(complied_at__isnull=False, complied_at__gt=F("deadline__due_at"))
        ),
        overdue=Count("pk", filter=Q(complied_at__isnull=True, deadline__status="missed")),
        open=Count("pk", filter=Q(complied_at__isnull=True) & ~Q(deadline__status="missed")),
    )
    return {
        "determinations": determinations,
        "findings": [
            Row(label, findings[value], value)
            for value, label in Finding.choices
            if value in findings
        ],
        "orders": compliance,
        "order_rows": [
            Row("Complied with by the deadline", compliance["on_time"], "on_time"),
            Row("Complied with late", compliance["late"], "late"),
            Row("Overdue, not yet complied with", compliance["overdue"], "overdue"),
            Row("Not yet due", compliance["open"], "open"),
        ],
    }


def themes(period: Period, *, limit: int = 20) -> list[Row]:
    """The commonest root causes recorded on complaints received in the period."""
    rows = (
        received(period)
        .exclude(root_cause="")
        .values("root_cause")
        .annotate(n=Count("pk"))
        .order_by("-n", "root_cause")[:limit]
    )
    return [Row(row["root_cause"], row["n"], row["root_cause"]) for row in rows]


LEARNING_STATES = (
    ("done", "Done"),
    ("overdue", "Overdue"),
    ("open", "In progress"),
)


def _learning_state(prefix: str = "") -> dict[str, Q]:
    return {
        "done": Q(**{f"{prefix}done_at__isnull": False}),
        "overdue": Q(**{f"{prefix}done_at__isnull": True, f"{prefix}deadline__status": "missed"}),
        "open": Q(**{f"{prefix}done_at__isnull": True})
        & ~Q(**{f"{prefix}deadline__status": "missed"}),
    }


def learning(period: Period, *, limit: int = 50) -> dict[str, Any]:
    """Learning actions agreed in the period, by state, and the latest of them."""
    actions = LearningAction.objects.filter(_within("created_at", period))
    states = _learning_state()
    counts = actions.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in states.items()}
    )
    latest = actions.select_related("complaint__case", "owner", "deadline").order_by("-created_at")[
        :limit
    ]
    return {
        "total": sum(counts.values()),
        "rows": [Row(label, counts[key], key) for key, label in LEARNING_STATES],
        "latest": list(latest),
    }


def report(period: Period) -> dict[str, Any]:
    """The whole annual report for the period."""
    volume = volumes(period)
    return {
        "period": period,
        "volumes": volume,
        "empty": volume["total"] == 0 and volume["stage2"] == 0,
        "timeliness": timeliness(period),
        "outcomes": outcomes(period),
        "compensation": compensation(period),
        "ombudsman": ombudsman(period),
        "themes": themes(period),
        "learning": learning(period),
    }


# The drill-downs: which complaints are behind a figure.
FIGURES = (
    "received",
    "stage",
    "category",
    "channel",
    "officer",
    "refused",
    "deadline",
    "outcome",
    "compensation",
    "finding",
    "order",
    "root_cause",
    "learning",
)


def complaints_behind(
    period: Period, figure: str, value: str = "", *, stage: str = "", duty: str = ""
) -> QuerySet[Complaint]:
    """The complaints behind one figure of the report, oldest first. An unknown figure gives
    none."""
    base = Complaint.objects.select_related("case")
    condition = _condition(period, figure, value, stage=stage, duty=duty)
    if condition is None:
        return base.none()
    return base.filter(condition).distinct().order_by("case__opened_at", "pk")


def _stage_number(stage: str) -> int | None:
    return int(stage) if stage in ("1", "2") else None


def _condition(period: Period, figure: str, value: str, *, stage: str, duty: str) -> Q | None:
    received_q = _within("case__opened_at", period)
    number = _stage_number(stage)
    if figure == "received":
        return received_q
    if figure == "stage" and _stage_number(value):
        return Q(
            pk__in=Stage.objects.filter(_within("requested_at", period), number=int(value)).values(
                "complaint_id"
            )
        )
    if figure == "category":
        ids = (
            received(period)
            .annotate(category=_category_expression())
            .filter(category=value)
            .values("pk")
        )
        return Q(pk__in=ids)
    if figure == "channel":
        return received_q & Q(received_channel=value)
    if figure == "officer" and value.isdigit() and number:
        return Q(
            pk__in=Stage.objects.filter(
                _within("requested_at", period), number=number, officer_id=int(value)
            ).values("complaint_id")
        )
    if figure == "refused":
        return received_q & Q(status=ComplaintStatus.REFUSED, exclusion=value)
    if figure == "deadline" and duty in DUTIES:
        deadlines = Deadline.objects.filter(_within("started_at", period), duty=duty)
        if value == "extended":
            deadlines = deadlines.filter(extended_working_days__gt=0)
        else:
            deadlines = deadlines.filter(status=value)
        return Q(case_id__in=deadlines.values("case_id"))
    if figure == "outcome" and number:
        return Q(
            pk__in=Stage.objects.filter(
                _within("responded_at", period), number=number, outcome=value
            ).values("complaint_id")
        )
    if figure == "compensation":
        return Q(
            pk__in=Compensation.objects.filter(_within("created_at", period), impact=value).values(
                "complaint_id"
            )
        )
    if figure == "finding":
        return Q(
            pk__in=OmbudsmanFinding.objects.filter(
                _within("referral__determined_at", period), finding=value
            ).values("referral__complaint_id")
        )
    if figure == "order":
        orders = OmbudsmanOrder.objects.filter(_within("referral__determined_at", period))
        conditions = {
            "on_time": Q(complied_at__isnull=False, complied_at__lte=F("deadline__due_at")),
            "late": Q(complied_at__isnull=False, complied_at__gt=F("deadline__due_at")),
            "overdue": Q(complied_at__isnull=True, deadline__status="missed"),
            "open": Q(complied_at__isnull=True) & ~Q(deadline__status="missed"),
        }
        if value not in conditions:
            return None
        return Q(pk__in=orders.filter(conditions[value]).values("referral__complaint_id"))
    if figure == "root_cause":
        return received_q & Q(root_cause=value)
    if figure == "learning":
        states = _learning_state()
        if value not in states:
            return None
        return Q(
            pk__in=LearningAction.objects.filter(_within("created_at", period))
            .filter(states[value])
            .values("complaint_id")
        )
    return None
