"""Case reviews (the "community trigger"): a reporter asks for a review of how their reports
were dealt with; Homecase says whether the usual threshold is met (the policy's number of
reports about the same matter within its number of months) and an ASB officer decides."""

from datetime import datetime

from django.db import transaction

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.asb import rules
from homecase.asb.models import AsbCase, AsbReport, CaseReview, ReviewDecision
from homecase.asb.services import _common
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import Resident
from homecase.records.models import Channel, Visibility

__all__ = ["case_review_decide", "case_review_request", "threshold_met"]

DECISIONS = (ReviewDecision.REVIEW_HELD, ReviewDecision.NOT_MET)


def threshold_met(asb: AsbCase, *, at: datetime | None = None) -> tuple[bool, int]:
    """Whether the case-review threshold is met now: the reports on this case and on the cases
    joined into it, within the policy's months. Returns (met, reports counted)."""
    policy = _common.asb_policy()
    moments = AsbReport.objects.filter(
        asb__in=[asb.pk, *asb.joined_cases.values_list("pk", flat=True)]
    ).values_list("received_at", flat=True)
    return rules.case_review_threshold_met(
        moments,
        at=at or now(),
        reports=policy.case_review_reports,
        months=policy.case_review_months,
    )


def _check_requester(asb: AsbCase, *, actor: User | None, resident: Resident | None) -> None:
    """A reporter asks for themselves; an ASB officer may write down a request made by phone."""
    if actor is not None and is_staff_member(actor):
        _common.ensure_asb_officer(actor)
    elif actor is not None and (resident is None or resident.user_id != actor.pk):
        raise PermissionDenied("You can ask only for yourself.")
    if resident is not None and not (
        asb.case.resident_id == resident.pk or asb.reports.filter(reporter=resident).exists()
    ):
        raise PermissionDenied("Only someone who reported this case can ask for a case review.")


@transaction.atomic
def case_review_request(
    *,
    asb: AsbCase,
    actor: User | None,
    resident: Resident | None,
    reason: str,
    channel: str = Channel.PORTAL,
) -> CaseReview:
    """Record a request for a case review and promise a decision."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "Tell us why you want a case review: what has happened and what you think has "
            "not been done.",
            field="reason",
        )
    asb = _common.locked(asb)
    _check_requester(asb, actor=actor, resident=resident)
    if asb.status == rules.JOINED:
        raise Conflict("This report was joined to another case: ask on that case.", field="reason")
    if asb.reviews.filter(decision=ReviewDecision.PENDING).exists():
        raise Conflict(
            "A case review has already been asked for and is waiting for a decision.",
            field="reason",
        )
    at = now()
    met, counted = threshold_met(asb, at=at)
    review = CaseReview.objects.create(
        asb=asb,
        requested_at=at,
        requested_by=resident,
        reason=reason,
        threshold_met=met,
        reports_counted=counted,
    )
    deadline = _common.promise_working_days(
        asb,
        duty=_common.CASE_REVIEW,
        started_at=at,
        working_days=_common.asb_policy().case_review_decision_working_days,
        actor=actor,
    )
    _common.event(
        asb,
        kind="asb.case_review_requested",
        summary="A case review was asked for.",
        actor=actor,
        channel=channel if channel in Channel.values else Channel.PORTAL,
        data={"review_id": review.pk},
        visibility=_visibility_for(asb, resident),
    )
    met_words = "met" if met else "not met"
    _common.event(
        asb,
        kind="asb.case_review_threshold",
        summary=f"Case review asked for: threshold {met_words} ({counted} reports counted). "
        f"Reason: {reason}",
        actor=None,
        data={"review_id": review.pk, "threshold_met": met, "reports_counted": counted},
    )
    if resident is not None:
        _common.tell(
            asb,
            template="asb_review_requested",
            context={"decide_by": _common.local_date(deadline.due_at)},
            actor=actor,
            resident=resident,
        )
    return review


def _visibility_for(asb: AsbCase, resident: Resident | None) -> str:
    if resident is not None and resident.pk == asb.case.resident_id:
        return Visibility.RESIDENT
    return Visibility.STAFF


@transaction.atomic
def case_review_decide(
    *,
    review: CaseReview,
    actor: User | None,
    decision: str,
    outcome: str,
    recommendations: str = "",
) -> CaseReview:
    """An ASB officer decides: a case review held (with its recommendations) or the threshold
    not met (with the reasons)."""
    _common.ensure_asb_officer(actor)
    if decision not in DECISIONS:
        raise InvalidInput("Choose whether a case review was held or not.", field="decision")
    outcome = outcome.strip()
    if not outcome:
        raise InvalidInput("Say what was decided and why.", field="outcome")
    asb = _common.locked(review.asb)
    review = CaseReview.objects.select_for_update().get(pk=review.pk)
    if review.decision != ReviewDecision.PENDING:
        raise Conflict("This request has already been decided.", field="decision")
    at = now()
    review.decision = decision
    review.decided_at = at
    review.decided_by = actor
    review.outcome = outcome
    review.recommendations = recommendations.strip()
    review.save()
    _common.keep(asb, _common.CASE_REVIEW, actor=actor, at=at)
    label = ReviewDecision(decision).label
    _common.event(
        asb,
        kind="asb.case_review_decided",
        summary=f"Case review decision: {label}. {outcome}",
        actor=actor,
        data={
            "review_id": review.pk,
            "decision": decision,
            "recommendations": review.recommendations,
        },
        visibility=_visibility_for(asb, review.requested_by),
    )
    if review.requested_by is not None:
        _common.tell(
            asb,
            template="asb_review_decided",
            context={
                "review_held": decision == ReviewDecision.REVIEW_HELD,
                "outcome": outcome,
                "recommendations": review.recommendations,
            },
            actor=actor,
            resident=review.requested_by,
        )
    return review
