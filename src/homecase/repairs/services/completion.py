"""Completion and quality: a job is completed only on a recorded visit that finished the work;
the record says whether it met its target (TSM RP02, split by `is_emergency`); a share of jobs,
every job with a complaint and every costly job are post-inspected; the resident confirms or
disputes and rates the work; a failed inspection (or an upheld dispute) reopens the SAME job
with a new completion promise; and a job closes only when no inspection is pending."""

from datetime import datetime

from django.db import transaction

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.complaints.models import Complaint
from homecase.housing.models import Resident
from homecase.records.models import Deadline, DeadlineStatus, Event, Visibility
from homecase.repairs import rules
from homecase.repairs.models import (
    Inspection,
    InspectionReason,
    InspectionResult,
    Repair,
    ResidentVerdict,
    Route,
    Visit,
    VisitOutcome,
)
from homecase.repairs.services import _common
from homecase.repairs.services.next_due import refresh_next_due

NO_VISIT = "A repair cannot be completed without a recorded visit."
_COMPLETED_EVENT = "repair.completed"


# --- Who may speak for the resident -------------------------------------------------------


def _speaks_for_resident(actor: User, repair: Repair) -> bool:
    """The resident on the job (or someone living in the home it is in), or a representative
    whose consent covers the job today."""
    case = repair.case
    resident = Resident.objects.filter(user=actor).first()
    if resident is not None and (
        resident.pk == case.resident_id or (case.home_id and resident.home_id == case.home_id)
    ):
        return True
    if case.resident is None:
        return False
    today = now().date()
    return any(
        representative.covers(case.reference, today)
        for representative in case.resident.representatives.filter(user=actor)
    )


def ensure_resident_or_planner(actor: User | None, repair: Repair) -> None:
    """The resident (or their representative) or repairs staff may do this."""
    if actor is None or actor.is_superuser or _speaks_for_resident(actor, repair):
        return
    try:
        _common.ensure_planner(actor)
    except PermissionDenied:
        raise PermissionDenied(
            "Only the resident, someone acting for them, or repairs staff can do this."
        ) from None


# --- Promises -----------------------------------------------------------------------------


def promise_completion(
    repair: Repair,
    *,
    started_at: datetime,
    actor: User | None,
    hours: int | None = None,
    working_days: int | None = None,
) -> Deadline | None:
    """A new completion promise from `started_at`: the priority's timescale unless a shorter
    remaining time is given. None for a job with no responsive timescale (specialist or
    planned): those are never given a made-up date."""
    if repair.route != Route.RESPONSIVE:
        return None
    priority = _common.repairs_policy().priority(repair.priority)
    if priority.hours is not None:
        deadline = _common.promise_hours(
            repair,
            duty=_common.COMPLETE,
            started_at=started_at,
            hours=hours or priority.hours,
            actor=actor,
        )
    else:
        deadline = _common.promise_working_days(
            repair,
            duty=_common.COMPLETE,
            started_at=started_at,
            working_days=working_days or priority.working_days or 1,
            actor=actor,
        )
    repair.target_due_at = deadline.due_at
    repair.save(update_fields=["target_due_at", "updated_at"])
    return deadline


def _met_target(repair: Repair) -> bool | None:
    """TSM RP02: met only if every completion promise was kept on time and none was ever
    missed (a paused promise, cancelled with its reason, does not count). None for a job
    with no responsive timescale."""
    statuses = list(
        Deadline.objects.filter(case_id=repair.case_id, duty=_common.COMPLETE)
        .exclude(status=DeadlineStatus.CANCELLED)
        .values_list("status", flat=True)
    )
    if repair.route != Route.RESPONSIVE or not statuses:
        return None
    return all(status == DeadlineStatus.MET for status in statuses)


# --- Completing ---------------------------------------------------------------------------


def _last_completing_visit_id(repair: Repair) -> int:
    last = (
        Event.objects.filter(timeline_id=repair.case.timeline_id, kind=_COMPLETED_EVENT)
        .order_by("-sequence")
        .values_list("data", flat=True)
        .first()
    )
    return int((last or {}).get("visit_id") or 0)


def completing_visit(repair: Repair) -> Visit:
    """The latest visit that finished the work since the job was last completed (a reopened
    job needs a new one)."""
    visit = (
        Visit.objects.filter(
            work_order__repair=repair,
            outcome=VisitOutcome.COMPLETED,
            pk__gt=_last_completing_visit_id(repair),
        )
        .order_by("-pk")
        .first()
    )
    if visit is None:
        raise Conflict(NO_VISIT)
    return visit


def pending_inspection(repair: Repair) -> Inspection | None:
    return repair.inspections.filter(result=InspectionResult.PENDING).first()


def _inspection_reason(repair: Repair) -> str | None:
    policy = _common.repairs_policy()
    if Complaint.objects.filter(related_case=repair.case).exists():
        return InspectionReason.COMPLAINT
    if repair.cost_pence > policy.inspection_cost_threshold_pence:
        return InspectionReason.COST
    if rules.inspection_sampled(repair.case.reference, policy.inspection_sample_percent):
        return InspectionReason.SAMPLE
    return None


def inspection_open(repair: Repair, *, reason: str, actor: User | None, at: datetime) -> Inspection:
    """A post-inspection with its (staff-only) deadline, unless one is already pending."""
    pending = pending_inspection(repair)
    if pending is not None:
        return pending
    deadline = _common.promise_working_days(
        repair,
        duty=_common.INSPECT,
        started_at=at,
        working_days=_common.repairs_policy().inspection_working_days,
        actor=actor,
        visible_to_resident=False,
    )
    inspection = Inspection.objects.create(repair=repair, reason=reason, deadline=deadline)
    _common.event(
        repair,
        kind="repair.inspection_selected",
        summary=f"Selected for post-inspection: {inspection.get_reason_display().lower()}.",
        actor=actor,
        data={"inspection_id": inspection.pk, "reason": reason, "deadline_id": deadline.pk},
        visibility=Visibility.STAFF,
    )
    return inspection


def complete(repair: Repair, *, actor: User | None, at: datetime, visit: Visit) -> Repair:
    """Complete a job already locked by the caller, on the visit that finished the work."""
    old_status = _common.move(repair, rules.COMPLETED)
    _common.keep(repair, _common.COMPLETE, actor=actor, at=at)
    for duty in (_common.UPDATE, _common.INTERIM):
        _common.cancel_open(repair, duty, actor=actor, reason="The repair is complete.")
    old = {
        "completed_at": repair.completed_at,
        "met_target": repair.met_target,
        "resident_verdict": repair.resident_verdict,
        "satisfaction": repair.satisfaction,
    }
    # A reopened job asks the resident again: the last answer is kept in the event.
    repair.completed_at, repair.met_target = at, _met_target(repair)
    repair.resident_verdict, repair.satisfaction = "", None
    repair.save(update_fields=[*old, "updated_at"])
    _common.event(
        repair,
        kind=_COMPLETED_EVENT,
        summary=f"Repair completed on {_common.local_moment(at)}. Please tell us whether the "
        "work is done and how we did.",
        actor=actor,
        data={
            "visit_id": visit.pk,
            "work_order_id": visit.work_order_id,
            "old_status": old_status,
            "new_status": repair.status,
            "completed_at": at,
            "met_target": repair.met_target,
            "is_emergency": repair.is_emergency,
            "old": old,
        },
        occurred_at=at,
        backdate_reason="Completed on the recorded visit" if at < now() else "",
    )
    if reason := _inspection_reason(repair):
        inspection_open(repair, reason=reason, actor=actor, at=now())
    _common.tell(
        repair,
        template="repair_completed",
        context={"completed_on": _common.local_date(at), "visit": visit},
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


@transaction.atomic
def repair_complete(*, repair: Repair, actor: User | None, at: datetime | None = None) -> Repair:
    """Mark the job complete (staff), on the latest visit that finished the work; refused
    without one."""
    _common.ensure_planner(actor)
    repair = _common.locked(repair)
    at = _common.moment(at, field="at") or now()
    if at > now():
        raise InvalidInput("A repair cannot be completed in the future.", field="at")
    visit = completing_visit(repair)
    if at < visit.arrived_at:
        raise InvalidInput(
            "A repair cannot be completed before the visit that finished it "
            f"({_common.local_moment(visit.arrived_at)}).",
            field="at",
        )
    return complete(repair, actor=actor, at=at, visit=visit)


# --- The resident's verdict, inspection, reopening and closing ------------------------------


def close(repair: Repair, *, actor: User | None, reason: str) -> Repair:
    """Close a job already locked by the caller (refused while an inspection is pending)."""
    if pending_inspection(repair) is not None:
        raise Conflict("This repair cannot be closed while its post-inspection is pending.")
    old_status = _common.move(repair, rules.CLOSED)
    repair.closed_at = now()
    repair.save(update_fields=["closed_at", "updated_at"])
    _common.event(
        repair,
        kind="repair.closed",
        summary=f"Repair closed. {reason}",
        actor=actor,
        data={"old_status": old_status, "new_status": repair.status, "reason": reason},
    )
    _common.tell(
        repair,
        template="repair_closed",
        context={"cancelled": False, "reason": reason},
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


def _checked_satisfaction(satisfaction: int | None) -> int | None:
    if satisfaction is None:
        return None
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int):
        raise InvalidInput("Choose a rating from 1 to 5.", field="satisfaction")
    if not 1 <= satisfaction <= 5:
        raise InvalidInput("Choose a rating from 1 (poor) to 5 (very good).", field="satisfaction")
    return satisfaction


@transaction.atomic
def completion_confirm(
    *,
    repair: Repair,
    actor: User | None,
    confirmed: bool,
    satisfaction: int | None = None,
    comment: str = "",
) -> Repair:
    """The resident (or staff on their behalf) confirms the work is done, or disputes it, and
    rates it 1-5. A dispute brings an inspection; a confirmation closes the job unless an
    inspection is pending."""
    satisfaction = _checked_satisfaction(satisfaction)
    comment = comment.strip()
    if not confirmed and not comment:
        raise InvalidInput("Tell us what is still wrong with the repair.", field="comment")
    repair = _common.locked(repair)
    ensure_resident_or_planner(actor, repair)
    if repair.status != rules.COMPLETED:
        raise Conflict("You can confirm or dispute a repair once we have marked it complete.")
    if repair.resident_verdict:
        raise Conflict(
            "The resident has already "
            f"{'confirmed' if repair.resident_verdict == ResidentVerdict.CONFIRMED else 'disputed'}"
            " this completion."
        )
    verdict = ResidentVerdict.CONFIRMED if confirmed else ResidentVerdict.DISPUTED
    repair.resident_verdict, repair.satisfaction = verdict, satisfaction
    repair.save(update_fields=["resident_verdict", "satisfaction", "updated_at"])
    said = "the work is done" if confirmed else "the work is not done"
    rating = f" Rating: {satisfaction} out of 5." if satisfaction else ""
    _common.event(
        repair,
        kind="repair.confirmed" if confirmed else "repair.disputed",
        summary=f"The resident says {said}.{rating}" + (f" {comment}" if comment else ""),
        actor=actor,
        data={"verdict": verdict, "satisfaction": satisfaction, "comment": comment},
    )
    if not confirmed:
        inspection_open(repair, reason=InspectionReason.DISPUTED, actor=actor, at=now())
    elif pending_inspection(repair) is None:
        close(repair, actor=actor, reason="The resident confirmed the work is done.")
    refresh_next_due(repair)
    return repair


def reopen(repair: Repair, *, actor: User | None, reason: str) -> Repair:
    """Reopen the SAME job (locked by the caller): in progress again with a new completion
    promise (or, with no responsive timescale, a new update promise), the resident told."""
    at = now()
    old_status = _common.move(repair, rules.IN_PROGRESS)
    old_verdict = repair.resident_verdict
    repair.resident_verdict, repair.closed_at = "", None
    repair.save(update_fields=["resident_verdict", "closed_at", "updated_at"])
    deadline = promise_completion(repair, started_at=at, actor=actor)
    if deadline is None:
        deadline = _common.promise_working_days(
            repair,
            duty=_common.UPDATE,
            started_at=at,
            working_days=_common.repairs_policy().update_every_working_days,
            actor=actor,
        )
    _common.event(
        repair,
        kind="repair.reopened",
        summary=f"Repair reopened: {reason}",
        actor=actor,
        data={
            "old_status": old_status,
            "new_status": repair.status,
            "old_verdict": old_verdict,
            "reason": reason,
            "deadline_id": deadline.pk,
        },
    )
    _common.tell(
        repair,
        template="repair_reopened",
        context={
            "reason": reason,
            "due": _common.local_date(deadline.due_at),
            "has_completion_date": deadline.duty == _common.COMPLETE,
        },
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


@transaction.atomic
def inspection_record(
    *, inspection: Inspection, actor: User | None, passed: bool, notes: str
) -> Inspection:
    """Record a post-inspection (staff). Passed: the job closes. Failed: the same job is
    reopened with a new completion promise and the resident told."""
    _common.ensure_planner(actor)
    notes = notes.strip()
    if not passed and not notes:
        raise InvalidInput("Say what is wrong with the work.", field="notes")
    repair = _common.locked(inspection.repair)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.result != InspectionResult.PENDING:
        raise Conflict("This inspection has already been recorded.")
    at = now()
    inspection.result = InspectionResult.PASSED if passed else InspectionResult.FAILED
    inspection.inspector, inspection.inspected_at, inspection.notes = actor, at, notes
    inspection.save(update_fields=["result", "inspector", "inspected_at", "notes", "updated_at"])
    _common.keep(repair, _common.INSPECT, actor=actor, at=at)
    _common.event(
        repair,
        kind="repair.inspected",
        summary=f"Post-inspection {'passed' if passed else 'failed'}."
        + (f" {notes}" if notes else ""),
        actor=actor,
        data={"inspection_id": inspection.pk, "result": inspection.result, "notes": notes},
        visibility=Visibility.STAFF,
    )
    if not passed:
        reopen(
            repair, actor=actor, reason=f"Our inspection found the work is not finished. {notes}"
        )
    elif repair.status == rules.COMPLETED:
        # A pending inspection is the answer to any dispute: passing it settles the dispute.
        close(repair, actor=actor, reason="The work passed our inspection.")
    refresh_next_due(repair)
    return inspection


@transaction.atomic
def repair_close(*, repair: Repair, actor: User | None, reason: str) -> Repair:
    """Close a completed job (staff), with a reason; refused while an inspection is pending."""
    _common.ensure_planner(actor)
    if not reason.strip():
        raise InvalidInput("Give the reason for closing the repair.", field="reason")
    repair = _common.locked(repair)
    return close(repair, actor=actor, reason=reason.strip())
