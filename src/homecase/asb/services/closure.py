"""Closing a case with a reason and the victim's view, the satisfaction question, reopening it
when the behaviour recurs within the policy's window, and joining a case opened about a matter
that already has one."""

from datetime import datetime

from django.db import transaction

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.asb import rules
from homecase.asb.models import ActionStatus, AsbCase, ClosureReason
from homecase.asb.services import _common
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import Resident
from homecase.records.models import Visibility

__all__ = ["asb_close", "asb_join", "asb_reopen", "reopen_on_report", "satisfaction_record"]


def _move(asb: AsbCase, new_status: str) -> str:
    old = asb.status
    try:
        rules.ensure_transition(old, new_status)
    except rules.TransitionRefused as refused:
        raise Conflict(str(refused)) from None
    asb.status = new_status
    return old


def _cancel_promises(asb: AsbCase, *, actor: User | None, reason: str) -> None:
    for duty in _common.QUEUE_DUTIES:
        _common.cancel_unkept(asb, duty, actor=actor, reason=reason)


# --- closing --------------------------------------------------------------------------------


def _check_closure(reason: str, explanation: str, victim_view: str) -> tuple[str, str]:
    if reason not in ClosureReason.values:
        raise InvalidInput("Choose the reason for closing the case.", field="reason")
    explanation = explanation.strip()
    if reason == ClosureReason.OTHER and not explanation:
        raise InvalidInput("Explain the reason for closing the case.", field="explanation")
    victim_view = victim_view.strip()
    if not victim_view:
        raise InvalidInput(
            "Record what the victim said about closing the case (or that they could not be "
            "reached, and how you tried).",
            field="victim_view",
        )
    return explanation, victim_view


def _ensure_no_open_actions(asb: AsbCase) -> None:
    open_actions = list(asb.actions.filter(status=ActionStatus.OPEN))
    if open_actions:
        named = "; ".join(
            f"{action.get_kind_display()} (due {action.due_on:%-d %B %Y})"
            for action in open_actions
        )
        raise Conflict(f"Complete or cancel the open actions first: {named}.", field="actions")


@transaction.atomic
def asb_close(
    *, asb: AsbCase, actor: User | None, reason: str, victim_view: str, explanation: str = ""
) -> AsbCase:
    """Close an open case: the reason, the victim's view, every open promise cancelled, and the
    reporter asked how satisfied they are."""
    _common.ensure_asb_officer(actor)
    explanation, victim_view = _check_closure(reason, explanation, victim_view)
    asb = _common.locked(asb)
    if asb.status != rules.OPEN:
        raise Conflict("Only an open case can be closed.", field="reason")
    _ensure_no_open_actions(asb)
    at = now()
    _cancel_promises(asb, actor=actor, reason="The case is closed")
    _move(asb, rules.CLOSED)
    asb.closed_at = at
    asb.closure_reason = reason
    asb.closure_explanation = explanation
    asb.victim_view = victim_view
    asb.save()
    label = ClosureReason(reason).label
    _common.event(
        asb,
        kind="asb.closed",
        summary=f"We have closed this case. Reason: {label}.",
        actor=actor,
        data={"reason": reason},
        visibility=Visibility.RESIDENT,
    )
    _common.event(
        asb,
        kind="asb.closure_recorded",
        summary=f"Closed ({label}). Victim's view: {victim_view}"
        + (f" Explanation: {explanation}" if explanation else ""),
        actor=actor,
        data={"reason": reason, "explanation": explanation, "victim_view": victim_view},
    )
    _common.tell(
        asb,
        template="asb_closed",
        context={
            "reason": label,
            "reopen_within_days": _common.asb_policy().reopen_within_days,
        },
        actor=actor,
    )
    return asb


def _is_reporter(asb: AsbCase, resident: Resident) -> bool:
    return asb.case.resident_id == resident.pk or asb.reports.filter(reporter=resident).exists()


def _check_answerer(asb: AsbCase, *, actor: User | None, resident: Resident | None) -> None:
    """The reporter answers for themselves; an ASB officer may write it down for them."""
    if actor is not None and is_staff_member(actor):
        _common.ensure_asb_officer(actor)
        return
    if actor is not None and (resident is None or resident.user_id != actor.pk):
        raise PermissionDenied("You can answer only for yourself.")
    if resident is not None and not _is_reporter(asb, resident):
        raise PermissionDenied("Only someone who reported this case can answer.")


@transaction.atomic
def satisfaction_record(
    *,
    asb: AsbCase,
    actor: User | None,
    resident: Resident | None,
    satisfaction: int,
    comment: str = "",
) -> AsbCase:
    """How satisfied the reporter is with how the case was handled: 1 (poor) to 5, once per
    closure."""
    if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise InvalidInput("Choose a number from 1 (poor) to 5 (very good).", field="satisfaction")
    asb = _common.locked(asb)
    _check_answerer(asb, actor=actor, resident=resident)
    if asb.status != rules.CLOSED:
        raise Conflict("You can tell us this once the case is closed.", field="satisfaction")
    if asb.satisfaction is not None:
        raise Conflict("Satisfaction has already been recorded.", field="satisfaction")
    asb.satisfaction = satisfaction
    asb.save(update_fields=["satisfaction", "updated_at"])
    visible = resident is not None and resident.pk == asb.case.resident_id
    _common.event(
        asb,
        kind="asb.satisfaction",
        summary=f"Satisfaction with how the case was handled: {satisfaction} out of 5.",
        actor=actor,
        data={"satisfaction": satisfaction, "comment": comment.strip()},
        visibility=Visibility.RESIDENT if visible else Visibility.STAFF,
    )
    if comment.strip():
        _common.event(
            asb,
            kind="asb.satisfaction_comment",
            summary=f"Comment: {comment.strip()}",
            actor=actor,
        )
    return asb


# --- reopening ------------------------------------------------------------------------------


@transaction.atomic
def asb_reopen(*, asb: AsbCase, actor: User | None, reason: str) -> AsbCase:
    """An ASB officer reopens a closed case because the behaviour came back."""
    _common.ensure_asb_officer(actor)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the case is being reopened.", field="reason")
    asb = _common.locked(asb)
    return _reopen(asb, actor=actor, reason=reason, at=now())


def reopen_on_report(asb: AsbCase, *, actor: User | None, at: datetime) -> AsbCase:
    """A further report on a closed case reopens it (no role check: the reporter's own report
    does it). `asb` must be locked."""
    return _reopen(asb, actor=actor, reason="A further report: the behaviour has come back", at=at)


def _reopen(asb: AsbCase, *, actor: User | None, reason: str, at: datetime) -> AsbCase:
    policy = _common.asb_policy()
    if asb.status != rules.CLOSED:
        raise Conflict("Only a closed case can be reopened.", field="reason")
    if not rules.may_reopen(asb.closed_at, at=at, within_days=policy.reopen_within_days):
        raise Conflict(
            f"This case was closed more than {policy.reopen_within_days} days ago: report it "
            "as a new case.",
            field="join",
        )
    old = {
        "closed_at": asb.closed_at,
        "closure_reason": asb.closure_reason,
        "closure_explanation": asb.closure_explanation,
        "victim_view": asb.victim_view,
        "satisfaction": asb.satisfaction,
    }
    _move(asb, rules.OPEN)
    asb.reopened_count += 1
    asb.closed_at = None
    asb.closure_reason = ""
    asb.closure_explanation = ""
    asb.victim_view = ""
    asb.satisfaction = None
    asb.save()
    _common.event(
        asb,
        kind="asb.reopened",
        summary=f"We have reopened this case. {reason}.",
        actor=actor,
        data={"reason": reason, "old": old, "reopened_count": asb.reopened_count},
        visibility=Visibility.RESIDENT,
    )
    first_contact = _common.promise_working_days(
        asb,
        duty=_common.FIRST_CONTACT,
        started_at=at,
        working_days=policy.first_contact_working_days(asb.risk_level),
        actor=actor,
    )
    _common.promise_working_days(
        asb,
        duty=_common.CONTACT,
        started_at=at,
        working_days=asb.contact_interval_working_days or policy.contact_interval_working_days,
        actor=actor,
    )
    _common.tell(
        asb,
        template="asb_reopened",
        context={
            "officer_name": asb.officer.get_full_name() if asb.officer_id else "",
            "first_contact": _common.local_date(first_contact.due_at),
        },
        actor=actor,
    )
    return asb


# --- joining --------------------------------------------------------------------------------


@transaction.atomic
def asb_join(*, asb: AsbCase, into: AsbCase, actor: User | None, reason: str) -> AsbCase:
    """A case opened about a matter that already has a case joins that case: one case, one
    count in NM01. Returns the case it was joined into."""
    _common.ensure_asb_officer(actor)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why these cases are about the same matter.", field="reason")
    if asb.pk == into.pk:
        raise InvalidInput("Choose another case to join this one to.", field="into")
    first, second = sorted((asb, into), key=lambda case: case.pk)
    locked = {case.pk: _common.locked(case) for case in (first, second)}
    asb, into = locked[asb.pk], locked[into.pk]
    if into.status != rules.OPEN:
        raise Conflict("Join it only to an open case.", field="into")
    if asb.status != rules.OPEN:
        raise Conflict("Only an open case can be joined to another.", field="into")
    _cancel_open_actions(asb, actor=actor, into=into)
    _cancel_promises(asb, actor=actor, reason=f"Joined to {into.case.reference}")
    _move(asb, rules.JOINED)
    asb.joined_into = into
    asb.save()
    _record_join(asb, into=into, actor=actor, reason=reason)
    _common.tell(
        asb,
        template="asb_report_joined",
        context={
            "new_reference": into.case.reference,
            "officer_name": into.officer.get_full_name() if into.officer_id else "",
            "joined_case": True,
        },
        actor=actor,
    )
    return into


def _cancel_open_actions(asb: AsbCase, *, actor: User | None, into: AsbCase) -> None:
    """Open actions of the joined case stop; the officer plans on the case it joined."""
    for action in asb.actions.filter(status=ActionStatus.OPEN):
        action.status = ActionStatus.CANCELLED
        action.outcome = f"Cancelled: the case was joined to {into.case.reference}."
        action.save(update_fields=["status", "outcome", "updated_at"])
        _common.event(
            asb,
            kind="asb.action_cancelled",
            summary=f"Action cancelled: {action.get_kind_display()}. {action.outcome}",
            actor=actor,
            data={"action_id": action.pk},
        )


def _record_join(asb: AsbCase, *, into: AsbCase, actor: User | None, reason: str) -> None:
    _common.event(
        asb,
        kind="asb.joined",
        summary=f"Joined to {into.case.reference}, about the same matter. {reason}",
        actor=actor,
        data={"into": into.case.reference, "reason": reason},
    )
    _common.event(
        asb,
        kind="asb.joined_notice",
        summary=f"This report is now dealt with under {into.case.reference}.",
        actor=actor,
        data={"into": into.case.reference},
        visibility=Visibility.RESIDENT,
    )
    _common.event(
        into,
        kind="asb.case_joined",
        summary=f"{asb.case.reference}, about the same matter, was joined to this case. {reason}",
        actor=actor,
        data={"joined": asb.case.reference, "reason": reason},
    )
