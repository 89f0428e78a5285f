"""The victim risk and vulnerability assessment, at intake and at each review: the policy's
matrix scored by `asb.rules.risk_score`, which sets the response priority (the first-contact
promise) and the next review, and turns a safeguarding concern into a referral action."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from homecase.accounts.access import has_role
from homecase.accounts.models import Role, User
from homecase.asb import rules
from homecase.asb.models import (
    ActionKind,
    ActionStatus,
    AsbAction,
    AsbCase,
    AssessmentStage,
    RiskAssessment,
)
from homecase.asb.services import _common
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.models import Deadline

__all__ = ["assess", "risk_assess"]

SAFEGUARDING_DESCRIPTION = (
    "Refer the safeguarding concern raised in the risk assessment to social care."
)


@transaction.atomic
def risk_assess(
    *,
    asb: AsbCase,
    actor: User | None,
    answers: Mapping[str, bool],
    stage: str = AssessmentStage.REVIEW,
    notes: str = "",
) -> RiskAssessment:
    """An ASB officer answers the matrix with the victim (again)."""
    _common.ensure_asb_officer(actor)
    if stage not in AssessmentStage.values:
        raise InvalidInput("Say whether this is the first assessment or a review.", field="stage")
    asb = _common.locked(asb)
    if asb.status != rules.OPEN:
        raise Conflict("This case is not open: reopen it to assess the risk again.")
    return assess(asb, actor=actor, answers=answers, stage=stage, notes=notes)


def _checked(answers: Mapping[str, bool]) -> dict[str, bool]:
    if not isinstance(answers, Mapping):
        raise InvalidInput("Answer the risk questions yes or no.", field="answers")
    known = {question.code for question in _common.asb_policy().risk_questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InvalidInput(
            f"Not a question of the risk assessment: {', '.join(unknown)}.", field="answers"
        )
    return {code: bool(answer) for code, answer in answers.items()}


def assess(
    asb: AsbCase,
    *,
    actor: User | None,
    answers: Mapping[str, bool],
    stage: str,
    notes: str = "",
    first_contact_from: datetime | None = None,
) -> RiskAssessment:
    """Score the matrix and act on it (no role check: intake calls it for a resident's own
    report). `asb` must be locked. At intake, `first_contact_from` is the report's moment."""
    answers = _checked(answers)
    matrix = _common.asb_policy()
    result = rules.risk_score(
        answers, matrix.risk_questions, matrix.high_threshold, matrix.medium_threshold
    )
    at = now()
    assessment = RiskAssessment.objects.create(
        asb=asb,
        stage=stage,
        answers=answers,
        score=result.score,
        level=result.level,
        safeguarding=result.safeguarding,
        notes=notes.strip(),
        assessed_at=at,
        assessed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    old = {"risk_level": asb.risk_level, "safeguarding": asb.safeguarding}
    asb.risk_level = result.level
    asb.safeguarding = result.safeguarding
    asb.save(update_fields=["risk_level", "safeguarding", "updated_at"])
    _record(asb, assessment, old=old, actor=actor)
    _first_contact(
        asb,
        level=result.level,
        started_at=first_contact_from or at,
        intake=first_contact_from is not None,
        actor=actor,
    )
    _next_review(asb, level=result.level, at=at, actor=actor)
    if result.safeguarding:
        _safeguarding_referral(asb, actor=actor, at=at)
    return assessment


def _record(asb: AsbCase, assessment: RiskAssessment, *, old: dict, actor: User | None) -> None:
    concern = " Safeguarding concern raised." if assessment.safeguarding else ""
    _common.event(
        asb,
        kind="asb.risk_assessed",
        summary=f"Risk assessed ({assessment.get_stage_display().lower()}): "
        f"{assessment.level} risk, score {assessment.score}.{concern}",
        actor=actor,
        data={
            "assessment_id": assessment.pk,
            "stage": assessment.stage,
            "answers": assessment.answers,
            "score": assessment.score,
            "level": assessment.level,
            "safeguarding": assessment.safeguarding,
            "old": old,
        },
    )


def _first_contact(
    asb: AsbCase, *, level: str, started_at: datetime, intake: bool, actor: User | None
) -> None:
    """Open the first-contact promise for the level; at a review, bring an unkept one forward
    when the new level asks for sooner (never push it back)."""
    working_days = _common.asb_policy().first_contact_working_days(level)
    owed = _common.unkept(asb, _common.FIRST_CONTACT)
    if not owed:
        if intake:
            _common.promise_working_days(
                asb,
                duty=_common.FIRST_CONTACT,
                started_at=started_at,
                working_days=working_days,
                actor=actor,
            )
        return
    due_at = _due(asb, started_at=started_at, working_days=working_days)
    if due_at >= min(deadline.due_at for deadline in owed):
        return
    _common.cancel_unkept(
        asb, _common.FIRST_CONTACT, actor=actor, reason=f"The risk is now {level}: sooner"
    )
    _common.promise_working_days(
        asb,
        duty=_common.FIRST_CONTACT,
        started_at=started_at,
        working_days=working_days,
        actor=actor,
    )


def _due(asb: AsbCase, *, started_at: datetime, working_days: int) -> datetime:
    due_at, _ = policy.due_within_working_days(
        started_at, working_days, calendar_name=records.case_calendar_name(asb.case)
    )
    return due_at


def _next_review(asb: AsbCase, *, level: str, at: datetime, actor: User | None) -> None:
    _common.keep(asb, _common.RISK_REVIEW, actor=actor, at=at)
    _common.promise_working_days(
        asb,
        duty=_common.RISK_REVIEW,
        started_at=at,
        working_days=_common.asb_policy().risk_review_within(level),
        actor=actor,
        visible_to_resident=False,
    )


def _referral_owner(asb: AsbCase, actor: User | None) -> User | None:
    if asb.officer_id is not None:
        return asb.officer
    if actor is not None and (actor.is_superuser or has_role(actor, Role.ASB_OFFICER)):
        return actor
    return None


def _safeguarding_referral(asb: AsbCase, *, actor: User | None, at: datetime) -> None:
    """A safeguarding concern asks for a referral by the next working day (one at a time)."""
    if asb.actions.filter(kind=ActionKind.SAFEGUARDING, status=ActionStatus.OPEN).exists():
        return
    owner = _referral_owner(asb, actor)
    if owner is None:
        _common.event(
            asb,
            kind="asb.safeguarding_unassigned",
            summary="Safeguarding concern: assign an officer to make the referral today.",
            actor=None,
        )
        return
    deadline: Deadline = _common.promise_working_days(
        asb,
        duty=_common.ACTION,
        started_at=at,
        working_days=1,
        actor=actor,
        label=f"{ActionKind.SAFEGUARDING.label}: refer the concern to social care",
        visible_to_resident=False,
    )
    action = AsbAction.objects.create(
        asb=asb,
        kind=ActionKind.SAFEGUARDING,
        description=SAFEGUARDING_DESCRIPTION,
        owner=owner,
        due_on=timezone.localdate(deadline.due_at),
        deadline=deadline,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _common.event(
        asb,
        kind="asb.action_added",
        summary=f"Action: {action.get_kind_display()} by {action.due_on:%-d %B %Y}, "
        f"owner {owner.get_full_name() or owner.username}",
        actor=actor,
        data={"action_id": action.pk, "kind": action.kind, "automatic": True},
    )
