"""Reads for the Code self-assessment: each Code provision with the evidence the record holds
(for the measurable ones a computed figure over a period) and its current and past assessments.

Each measure is one aggregate query; `Figure.text` reads like "acknowledged within 5 working
days: 94% (1,203 of 1,280)"."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from homecase.complaints.models import (
    Compensation,
    Complaint,
    ComplaintOffer,
    ComplaintStatus,
    ContactRestriction,
    LearningAction,
    OmbudsmanOrder,
    Point,
    Remedy,
    Stage,
)
from homecase.complaints.services._common import ACKNOWLEDGE, RESPOND
from homecase.notify.models import OutboundMessage
from homecase.records.models import Deadline, DeadlineStatus
from homecase.reports.code_provisions import PROVISIONS, Provision
from homecase.reports.models import ProvisionAssessment
from homecase.reports.rules_charts import percentage
from homecase.reports.selectors_annual import DUTIES, Period, _within, received


@dataclass(frozen=True)
class Figure:
    """A measured share: `numerator` of `denominator`, described by `wording`."""

    wording: str
    numerator: int
    denominator: int
    counted: bool = False  # a count, not a share

    @property
    def share(self) -> float | None:
        return percentage(self.numerator, self.denominator)

    @property
    def text(self) -> str:
        if self.counted:
            return f"{self.wording}: {self.numerator:,}"
        if not self.denominator:
            return f"{self.wording}: nothing to measure in the period"
        share = self.share
        shown = f"{share:.0f}" if share is not None and share == int(share) else f"{share}"
        return f"{self.wording}: {shown}% ({self.numerator:,} of {self.denominator:,})"


class Measuring:
    """The period being measured, with what several measures share fetched once: the Code
    deadlines' outcomes in one grouped query instead of one query a measure."""

    def __init__(self, period: Period) -> None:
        self.period = period

    @cached_property
    def deadlines(self) -> dict[str, dict[str, int]]:
        rows = (
            Deadline.objects.filter(_within("started_at", self.period), duty__in=DUTIES)
            .values("duty")
            .annotate(
                met=Count("pk", filter=Q(status=DeadlineStatus.MET)),
                decided=Count(
                    "pk",
                    filter=Q(
                        status__in=(
                            DeadlineStatus.MET,
                            DeadlineStatus.MET_LATE,
                            DeadlineStatus.MISSED,
                        )
                    ),
                ),
                extended=Count("pk", filter=Q(extended_working_days__gt=0)),
                within=Count(
                    "pk",
                    filter=Q(
                        extended_working_days__gt=0,
                        extended_working_days__lte=F("extension_limit_working_days"),
                    ),
                ),
            )
        )
        empty = {"met": 0, "decided": 0, "extended": 0, "within": 0}
        found = {row["duty"]: row for row in rows}
        return {duty: found.get(duty, empty) for duty in DUTIES}


def _deadline_share(duty: str, wording: str) -> Callable[[Measuring], Figure]:
    def measure(measuring: Measuring) -> Figure:
        counts = measuring.deadlines[duty]
        return Figure(wording, counts["met"], counts["decided"])

    return measure


def _extension_share(duty: str, wording: str) -> Callable[[Measuring], Figure]:
    def measure(measuring: Measuring) -> Figure:
        counts = measuring.deadlines[duty]
        return Figure(wording, counts["within"], counts["extended"])

    return measure


def _offers(period: Period) -> Figure:
    counts = ComplaintOffer.objects.filter(_within("created_at", period)).aggregate(
        asked=Count("pk", filter=~Q(choice="pending")), total=Count("pk")
    )
    return Figure(
        "expressions of dissatisfaction where the resident was asked if they want to complain",
        counts["asked"],
        counts["total"],
    )


def _about_service_requests(period: Period) -> Figure:
    counts = received(period).aggregate(
        related=Count("pk", filter=Q(related_case__isnull=False)), total=Count("pk")
    )
    return Figure(
        "complaints linked to the service request they are about",
        counts["related"],
        counts["total"],
    )


def _accepted(period: Period) -> Figure:
    counts = received(period).aggregate(
        accepted=Count("pk", filter=~Q(status=ComplaintStatus.REFUSED)), total=Count("pk")
    )
    return Figure("complaints accepted", counts["accepted"], counts["total"])


def _refusal_letters(period: Period) -> Figure:
    refused = received(period).filter(status=ComplaintStatus.REFUSED)
    told = refused.filter(
        case_id__in=OutboundMessage.objects.filter(template="complaint_refused").values("case_id")
    )
    return Figure(
        "refused complaints told in writing, with the Ombudsman's details",
        told.count(),
        refused.count(),
    )


def _channels(period: Period) -> Figure:
    used = received(period).values("received_channel").distinct().count()
    return Figure("channels complaints were received through", used, 0, counted=True)


def _two_stages(period: Period) -> Figure:
    complaints = received(period)
    counts = complaints.aggregate(total=Count("pk"))
    beyond = (
        Stage.objects.filter(complaint__in=complaints.values("pk"))
        .exclude(number__in=(1, 2))
        .values("complaint_id")
        .distinct()
        .count()
    )
    return Figure(
        "complaints handled in no more than two stages", counts["total"] - beyond, counts["total"]
    )


def _definitions(period: Period) -> Figure:
    counts = Stage.objects.filter(
        _within("acknowledged_at", period),
    ).aggregate(defined=Count("pk", filter=~Q(outcomes_sought="")), total=Count("pk"))
    return Figure(
        "stages acknowledged with the outcomes sought written down",
        counts["defined"],
        counts["total"],
    )


def _restrictions_reviewed(period: Period) -> Figure:
    today = timezone.localdate()
    counts = ContactRestriction.objects.filter(ended_at__isnull=True).aggregate(
        current=Count("pk", filter=Q(review_on__gte=today)), total=Count("pk")
    )
    return Figure(
        "contact restrictions in force with a review not yet overdue",
        **{
            "numerator": counts["current"],
            "denominator": counts["total"],
        },
    )


def _stage2_different(period: Period) -> Figure:
    stages = Stage.objects.filter(_within("acknowledged_at", period), number=2)
    same_person = Stage.objects.filter(
        complaint_id=OuterRef("complaint_id"), number=1, officer_id=OuterRef("officer_id")
    )
    counts = stages.aggregate(
        different=Count("pk", filter=~Q(Exists(same_person))), total=Count("pk")
    )
    return Figure(
        "stage 2 reviews handled by a different person from stage 1",
        counts["different"],
        counts["total"],
    )


def _points_reasoned(period: Period) -> Figure:
    counts = Point.objects.filter(_within("stage__responded_at", period)).aggregate(
        reasoned=Count("pk", filter=~Q(reason="") & ~Q(decision="")), total=Count("pk")
    )
    return Figure(
        "points of complaint answered with a decision and reasons",
        counts["reasoned"],
        counts["total"],
    )


def _remedies_completed(period: Period) -> Figure:
    counts = Remedy.objects.filter(_within("created_at", period)).aggregate(
        done=Count("pk", filter=Q(done_at__isnull=False)), total=Count("pk")
    )
    return Figure("remedies agreed in the period completed", counts["done"], counts["total"])


def _compensation_banded(period: Period) -> Figure:
    counts = Compensation.objects.filter(_within("created_at", period)).aggregate(
        banded=Count("pk", filter=~Q(impact="")), total=Count("pk")
    )
    return Figure(
        "compensation offers placed in an Ombudsman remedies band",
        counts["banded"],
        counts["total"],
    )


def _self_assessment_current(period: Period) -> Figure:
    since = timezone.now() - timedelta(days=365)
    assessed = (
        ProvisionAssessment.objects.filter(assessed_at__gte=since)
        .values("provision")
        .distinct()
        .count()
    )
    return Figure("provisions assessed in the last 12 months", assessed, len(PROVISIONS))


def _learning_actions(period: Period) -> Figure:
    counts = LearningAction.objects.filter(_within("created_at", period)).aggregate(
        done=Count("pk", filter=Q(done_at__isnull=False)), total=Count("pk")
    )
    return Figure("learning actions agreed in the period done", counts["done"], counts["total"])


def _root_causes(period: Period) -> Figure:
    responded = Complaint.objects.filter(
        pk__in=Stage.objects.filter(_within("responded_at", period)).values("complaint_id")
    )
    counts = responded.aggregate(
        with_cause=Count("pk", filter=~Q(root_cause="")), total=Count("pk")
    )
    return Figure(
        "complaints answered in the period with a root cause recorded",
        counts["with_cause"],
        counts["total"],
    )


def _ombudsman_orders(period: Period) -> Figure:
    orders = OmbudsmanOrder.objects.filter(_within("deadline__due_at", period))
    counts = orders.aggregate(
        complied=Count(
            "pk", filter=Q(complied_at__isnull=False, complied_at__lte=F("deadline__due_at"))
        ),
        total=Count("pk"),
    )
    return Figure(
        "Ombudsman orders due in the period complied with on time",
        counts["complied"],
        counts["total"],
    )


def _on_period(measure: Callable[[Period], Figure]) -> Callable[[Measuring], Figure]:
    return lambda measuring: measure(measuring.period)


MEASURES: dict[str, Callable[[Measuring], Figure]] = {
    "offers": _on_period(_offers),
    "about_service_requests": _on_period(_about_service_requests),
    "accepted": _on_period(_accepted),
    "refusal_letters": _on_period(_refusal_letters),
    "channels": _on_period(_channels),
    "two_stages": _on_period(_two_stages),
    "definitions": _on_period(_definitions),
    "restrictions_reviewed": _on_period(_restrictions_reviewed),
    "stage1_acknowledge": _deadline_share(
        ACKNOWLEDGE[1], "stage 1 acknowledged within 5 working days"
    ),
    "stage1_respond": _deadline_share(
        RESPOND[1], "stage 1 responded to within 10 working days of acknowledgement"
    ),
    "stage1_extension": _extension_share(RESPOND[1], "stage 1 extensions within 10 working days"),
    "stage2_acknowledge": _deadline_share(
        ACKNOWLEDGE[2], "stage 2 acknowledged within 5 working days"
    ),
    "stage2_different_officer": _on_period(_stage2_different),
    "stage2_respond": _deadline_share(
        RESPOND[2], "stage 2 responded to within 20 working days of acknowledgement"
    ),
    "stage2_extension": _extension_share(RESPOND[2], "stage 2 extensions within 20 working days"),
    "points_reasoned": _on_period(_points_reasoned),
    "remedies_completed": _on_period(_remedies_completed),
    "compensation_banded": _on_period(_compensation_banded),
    "self_assessment_current": _on_period(_self_assessment_current),
    "learning_actions": _on_period(_learning_actions),
    "root_causes": _on_period(_root_causes),
    "ombudsman_orders": _on_period(_ombudsman_orders),
}


def figure(
    provision: Provision, period: Period, *, measuring: Measuring | None = None
) -> Figure | None:
    """The computed evidence for a measurable provision, or None."""
    if provision.measure is None:
        return None
    return MEASURES[provision.measure](measuring or Measuring(period))


def measure(key: str, period: Period) -> Figure:
    """One measure's figure for the period."""
    return MEASURES[key](Measuring(period))


def history(provision: str) -> list[ProvisionAssessment]:
    """Every assessment of the provision, newest first."""
    return list(
        ProvisionAssessment.objects.filter(provision=provision)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-pk")
    )


def current_assessments() -> dict[str, ProvisionAssessment]:
    """The latest assessment of each provision that has one."""
    latest: dict[str, ProvisionAssessment] = {}
    for assessment in ProvisionAssessment.objects.select_related("assessed_by").order_by(
        "provision", "-assessed_at", "-pk"
    ):
        latest.setdefault(assessment.provision, assessment)
    return latest


def self_assessment(period: Period) -> list[dict[str, Any]]:
    """Every provision, in the Code's order, with its figure and current assessment."""
    current = current_assessments()
    measuring = Measuring(period)
    return [
        {
            "provision": provision,
            "figure": figure(provision, period, measuring=measuring),
            "assessment": current.get(provision.number),
        }
        for provision in sorted(PROVISIONS, key=lambda p: p.sort_key)
    ]
