"""Awaab's Law on a repair: the hazard record and its statutory clocks (RULES.md).

For a hazard the landlord became aware of on or after 27 October 2025, each duty is a deadline
on the repair's case: an emergency hazard is investigated and made safe within 24 hours of
becoming aware; a significant hazard (phase 1: damp and mould, significant unless triaged
otherwise) is investigated within 10 working days; from the end of the investigation the
written summary goes to the tenant within 3 working days, safety works are completed within 5,
and further preventative works begin within 5 (physically started within 12 weeks at the
latest). Before that date the law did not apply: the record is kept and says so, with no clocks.

Every step records who did it and when, on the case timeline, in the same transaction."""

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.policy.repairs import DAMP_MOULD, EMERGENCY, OTHER_HAZARD
from homecase.records import services as records
from homecase.records.models import Deadline, Visibility
from homecase.repairs.models import Hazard, HazardSeverity, Repair
from homecase.repairs.services import _common
from homecase.repairs.services.next_due import refresh_next_due

# Awaab's Law applies to hazards a landlord becomes aware of on or after this day.
LAW_STARTS_ON = date(2025, 10, 27)
NOT_YET_LAW = (
    "Awaab's Law did not apply yet: this hazard was reported before 27 October 2025, so it has "
    "no statutory clocks."
)

KIND_LABELS = {DAMP_MOULD: "damp and mould", OTHER_HAZARD: "a hazard in the home"}

AWAAB_DUTIES = (
    _common.AWAAB_EMERGENCY,
    _common.AWAAB_INVESTIGATE,
    _common.AWAAB_SUMMARY,
    _common.AWAAB_SAFETY_WORKS,
    _common.AWAAB_FURTHER_WORKS,
)

# How the written summary reached the tenant.
SUMMARY_HOW = {
    "email": "By email",
    "letter": "By letter",
    "in_person": "Handed over in person",
}


def law_applies(hazard: Hazard) -> bool:
    """Whether Awaab's Law's clocks run for this hazard (aware on or after 27 October 2025)."""
    return timezone.localtime(hazard.aware_at).date() >= LAW_STARTS_ON


def _locked(hazard: Hazard) -> Hazard:
    return (
        Hazard.objects.select_for_update(of=("self",))
        .select_related("repair__case__timeline", "repair__case__resident", "repair__case__home")
        .get(pk=hazard.pk)
    )


def _when(
    value: datetime | None, *, field: str, not_before: datetime, what: str, since: str
) -> datetime:
    """A moment given by staff: with its time zone, not in the future, and not before
    `not_before` (`since` says what happened then)."""
    value = _common.moment(value, field=field) or now()
    if value > now():
        raise InvalidInput(f"{what} cannot be in the future.", field=field)
    if value < not_before:
        raise InvalidInput(
            f"{what} cannot be before {since} ({_common.local_moment(not_before)}).",
            field=field,
        )
    return value


def _event(
    hazard: Hazard,
    *,
    kind: str,
    summary: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    visibility: str = Visibility.RESIDENT,
) -> None:
    _common.event(
        hazard.repair,
        kind=kind,
        summary=summary,
        actor=actor,
        data={"hazard_id": hazard.pk, **(data or {})},
        visibility=visibility,
    )


def _refresh_next_due(repair: Repair) -> None:
    """Keep the queue's soonest-promise column in step with the clocks just changed."""
    refresh_next_due(repair)


def _has_unkept(hazard: Hazard, duty: str) -> bool:
    return bool(_common.unkept(hazard.repair, duty))


def _open_investigate(hazard: Hazard, actor: User | None) -> None:
    if law_applies(hazard) and not _has_unkept(hazard, _common.AWAAB_INVESTIGATE):
        _common.promise_working_days(
            hazard.repair,
            duty=_common.AWAAB_INVESTIGATE,
            started_at=hazard.aware_at,
            working_days=policy.awaab_timescales().investigate_working_days,
            actor=actor,
        )


def _open_emergency(hazard: Hazard, actor: User | None) -> None:
    if law_applies(hazard) and not _has_unkept(hazard, _common.AWAAB_EMERGENCY):
        _common.promise_hours(
            hazard.repair,
            duty=_common.AWAAB_EMERGENCY,
            started_at=hazard.aware_at,
            hours=policy.awaab_timescales().emergency_hours,
            actor=actor,
        )


def _open_further_works(hazard: Hazard, actor: User | None) -> Deadline:
    """Begin further works within 5 working days of the investigation; the 12-week latest
    physical start goes in the label and the basis so it is never lost."""
    timescales = policy.awaab_timescales()
    started_at = hazard.investigated_at
    due_at, basis = policy.due_within_working_days(
        started_at,
        timescales.further_works_begin_working_days,
        calendar_name=_common.calendar_name(hazard.repair),
    )
    latest = started_at + timedelta(weeks=timescales.further_works_latest_weeks)
    label = (
        f"{_common.LABELS[_common.AWAAB_FURTHER_WORKS]} (physically started by "
        f"{_common.local_date(latest)} at the latest)"
    )
    return records.deadline_open(
        case=hazard.repair.case,
        duty=_common.AWAAB_FURTHER_WORKS,
        label=label,
        started_at=started_at,
        due_at=due_at,
        basis={
            **basis,
            "physically_started_within_weeks": timescales.further_works_latest_weeks,
            "physically_started_by": latest.isoformat(),
        },
        actor=actor,
    )


def _make_priority_emergency(hazard: Hazard, actor: User | None, reason: str) -> None:
    """An emergency hazard makes the repair an emergency: through the intake service where it
    exists (it recomputes the completion promise and tells the resident)."""
    repair = hazard.repair
    if repair.priority == EMERGENCY:
        return
    why = f"Emergency hazard under Awaab's Law: {reason}"
    try:  # imported here: intake (which calls hazard_open) imports this module
        from homecase.repairs.services.triage import repair_priority_change as change
    except ImportError:
        change = None
    if change is not None:
        change(repair=repair, actor=actor, priority=EMERGENCY, reason=why)
        repair.refresh_from_db()
        return
    repair = _common.locked(repair)
    old = repair.priority
    repair.priority, repair.is_emergency = EMERGENCY, True
    repair.save(update_fields=["priority", "is_emergency", "updated_at"])
    _common.event(
        repair,
        kind="repair.priority_changed",
        summary=f"Priority changed from {old} to emergency. {why}",
        actor=actor,
        data={"old": old, "new": EMERGENCY, "reason": why},
    )


def _catalogue_hazard(category: str) -> str:
    try:
        return _common.repairs_policy().entry(category).hazard
    except KeyError:
        return ""


@transaction.atomic
def hazard_open(*, repair: Repair, aware_at: datetime, actor: User | None) -> Hazard:
    """Record that we became aware of a hazard on this repair (called by `repair_report` for
    hazard categories, which checks who may report). Damp and mould is a significant hazard
    until triaged otherwise: its 10-working-day investigation clock starts at once. Any other
    hazard waits for triage (is it an emergency?)."""
    aware_at = _common.moment(aware_at, field="aware_at")
    if aware_at is None:
        raise InvalidInput("Give when we became aware of the hazard.", field="aware_at")
    if aware_at > now():
        raise InvalidInput("We cannot become aware of a hazard in the future.", field="aware_at")
    if Hazard.objects.filter(repair_id=repair.pk).exists():
        raise Conflict("This repair already has a hazard record.")
    kind = repair.hazard or _catalogue_hazard(repair.category) or OTHER_HAZARD
    hazard = Hazard.objects.create(
        repair=repair,
        kind=kind,
        aware_at=aware_at,
        severity=HazardSeverity.SIGNIFICANT if kind == DAMP_MOULD else "",
    )
    hazard.repair = repair
    what = KIND_LABELS.get(kind, "a hazard in the home")
    if not law_applies(hazard):
        _event(
            hazard,
            kind="repair.hazard_opened",
            summary=f"Reported {what}. {NOT_YET_LAW}",
            actor=actor,
            data={"kind": kind, "law_applies": False, "aware_at": aware_at},
        )
        return hazard
    if kind == DAMP_MOULD:
        days = policy.awaab_timescales().investigate_working_days
        summary = (
            f"Reported {what}: a significant hazard under Awaab's Law. We will investigate it "
            f"within {days} working days."
        )
    else:
        summary = f"Reported {what}: we will decide at once whether it is an emergency."
    _event(
        hazard,
        kind="repair.hazard_opened",
        summary=summary,
        actor=actor,
        data={"kind": kind, "law_applies": True, "aware_at": aware_at, "triage_owed": True},
    )
    if kind == DAMP_MOULD:
        _open_investigate(hazard, actor)
    _refresh_next_due(repair)
    return hazard


@transaction.atomic
def hazard_triage(*, hazard: Hazard, actor: User | None, severity: str, reason: str) -> Hazard:
    """Decide how serious the hazard is, recording who decided and when. Emergency: investigate
    and make safe within 24 hours of becoming aware, and the repair becomes an emergency.
    Significant: investigate within 10 working days. Not significant: no clocks (any open one
    is cancelled with the reason)."""
    _common.ensure_planner(actor)
    if severity not in HazardSeverity.values:
        raise InvalidInput("Choose how serious the hazard is.", field="severity")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why you decided this.", field="reason")
    hazard = _locked(hazard)
    old = hazard.severity
    if hazard.triaged_at is not None and old == severity:
        raise Conflict(
            f"This hazard is already triaged as {HazardSeverity(severity).label.lower()}."
        )
    hazard.severity = severity
    hazard.triaged_by = actor
    hazard.triaged_at = now()
    hazard.save(update_fields=["severity", "triaged_by", "triaged_at", "updated_at"])
    label = HazardSeverity(severity).label
    summary = f"Hazard triaged: {label.lower()}. {reason}"
    if not law_applies(hazard):
        summary = f"{summary} {NOT_YET_LAW}"
    _event(
        hazard,
        kind="repair.hazard_triaged",
        summary=summary,
        actor=actor,
        data={"old": old, "new": severity, "reason": reason, "law_applies": law_applies(hazard)},
    )
    why = f"Hazard triaged as {label.lower()}: {reason}"
    if severity == HazardSeverity.EMERGENCY:
        # Investigating an emergency is part of the 24-hour duty (any 10-day clock stays).
        _open_emergency(hazard, actor)
        _make_priority_emergency(hazard, actor, reason)
    elif severity == HazardSeverity.SIGNIFICANT:
        _common.cancel_open(hazard.repair, _common.AWAAB_EMERGENCY, actor=actor, reason=why)
        if hazard.investigated_at is None:
            _open_investigate(hazard, actor)
    else:  # not significant: no statutory duty is owed any more
        for duty in AWAAB_DUTIES:
            _common.cancel_open(hazard.repair, duty, actor=actor, reason=why)
    _refresh_next_due(hazard.repair)
    return hazard


@transaction.atomic
def hazard_investigation_record(
    *,
    hazard: Hazard,
    actor: User | None,
    investigator: str,
    investigated_at: datetime,
    findings: str,
) -> Hazard:
    """The investigation by a competent investigator is done (keeps the investigate promise).
    From its end: the written summary within 3 working days, safety works within 5 (significant
    hazards) and further works begun within 5, physically started within 12 weeks."""
    _common.ensure_planner(actor)
    investigator, findings = investigator.strip(), findings.strip()
    if not investigator:
        raise InvalidInput("Give the name of the investigator.", field="investigator")
    if not findings:
        raise InvalidInput("Say what the investigation found.", field="findings")
    hazard = _locked(hazard)
    if hazard.investigated_at is not None:
        raise Conflict(
            "The investigation is already recorded "
            f"({_common.local_moment(hazard.investigated_at)})."
        )
    if investigated_at is None:
        raise InvalidInput("Give when the investigation ended.", field="investigated_at")
    investigated_at = _when(
        investigated_at,
        field="investigated_at",
        not_before=hazard.aware_at,
        what="The investigation",
        since="we became aware of the hazard",
    )
    hazard.investigator, hazard.investigated_at, hazard.findings = (
        investigator,
        investigated_at,
        findings,
    )
    hazard.save(update_fields=["investigator", "investigated_at", "findings", "updated_at"])
    _event(
        hazard,
        kind="repair.hazard_investigated",
        summary=f"The hazard was investigated by {investigator} on "
        f"{_common.local_moment(investigated_at)}.",
        actor=actor,
        data={"investigator": investigator, "investigated_at": investigated_at},
    )
    _event(
        hazard,
        kind="repair.hazard_findings",
        summary=f"Findings: {findings}",
        actor=actor,
        visibility=Visibility.STAFF,
    )
    _common.keep(hazard.repair, _common.AWAAB_INVESTIGATE, actor=actor, at=investigated_at)
    if law_applies(hazard) and hazard.severity in (
        HazardSeverity.SIGNIFICANT,
        HazardSeverity.EMERGENCY,
    ):
        _open_after_investigation(hazard, actor)
    _refresh_next_due(hazard.repair)
    return hazard


def _open_after_investigation(hazard: Hazard, actor: User | None) -> None:
    timescales = policy.awaab_timescales()
    repair, started_at = hazard.repair, hazard.investigated_at
    _common.promise_working_days(
        repair,
        duty=_common.AWAAB_SUMMARY,
        started_at=started_at,
        working_days=timescales.summary_working_days,
        actor=actor,
    )
    if hazard.severity == HazardSeverity.SIGNIFICANT:
        _common.promise_working_days(
            repair,
            duty=_common.AWAAB_SAFETY_WORKS,
            started_at=started_at,
            working_days=timescales.safety_works_working_days,
            actor=actor,
        )
    _open_further_works(hazard, actor)


def _due(hazard: Hazard, duty: str) -> datetime | None:
    open_ones = _common.unkept(hazard.repair, duty)
    return open_ones[0].due_at if open_ones else None


@transaction.atomic
def hazard_summary_sent(
    *, hazard: Hazard, actor: User | None, how: str, sent_at: datetime | None = None
) -> Hazard:
    """Send the tenant the written summary of the investigation's findings (through notify,
    in their chosen way) and record how; keeps the summary promise."""
    _common.ensure_planner(actor)
    if how not in SUMMARY_HOW:
        raise InvalidInput("Say how the summary reached the tenant.", field="how")
    hazard = _locked(hazard)
    if hazard.investigated_at is None:
        raise Conflict("Record the investigation before sending the summary of its findings.")
    if hazard.summary_sent_at is not None:
        raise Conflict(
            f"The summary was already sent on {_common.local_moment(hazard.summary_sent_at)}."
        )
    sent_at = _when(
        sent_at,
        field="sent_at",
        not_before=hazard.investigated_at,
        what="The summary",
        since="the investigation ended",
    )
    hazard.summary_sent_at, hazard.summary_sent_how = sent_at, how
    hazard.save(update_fields=["summary_sent_at", "summary_sent_how", "updated_at"])
    _common.tell(
        hazard.repair,
        template="repair_hazard_summary",
        context={
            "hazard": hazard,
            "what": KIND_LABELS.get(hazard.kind, "a hazard in the home"),
            "works": _works(hazard.repair),
            "investigated_on": _common.local_date(hazard.investigated_at),
            "safety_works_due": _date_or_none(_due(hazard, _common.AWAAB_SAFETY_WORKS)),
            "further_works_due": _date_or_none(_due(hazard, _common.AWAAB_FURTHER_WORKS)),
        },
        actor=actor,
    )
    _event(
        hazard,
        kind="repair.hazard_summary_sent",
        summary=f"Written summary of the findings sent ({SUMMARY_HOW[how].lower()}).",
        actor=actor,
        data={"how": how, "sent_at": sent_at},
    )
    _common.keep(hazard.repair, _common.AWAAB_SUMMARY, actor=actor, at=sent_at)
    _refresh_next_due(hazard.repair)
    return hazard


def _works(repair: Repair) -> str:
    """A short description of the works for every message (the catalogue's words)."""
    try:
        return _common.repairs_policy().entry(repair.category).label
    except KeyError:
        return repair.description[:80]


def _date_or_none(value: datetime | None) -> str | None:
    return _common.local_date(value) if value is not None else None


def _ensure_investigated(hazard: Hazard, what: str) -> None:
    if hazard.investigated_at is None:
        raise Conflict(f"Record the investigation before recording that {what}.")


@transaction.atomic
def hazard_made_safe(*, hazard: Hazard, actor: User | None, at: datetime) -> Hazard:
    """An emergency hazard was made safe (keeps the 24-hour emergency promise)."""
    _common.ensure_planner(actor)
    hazard = _locked(hazard)
    if hazard.severity != HazardSeverity.EMERGENCY:
        raise Conflict(
            "Only an emergency hazard is made safe under the 24-hour duty. For a significant "
            "hazard, record the safety works instead."
        )
    if hazard.made_safe_at is not None:
        raise Conflict(f"Already made safe on {_common.local_moment(hazard.made_safe_at)}.")
    at = _when(
        at,
        field="at",
        not_before=hazard.aware_at,
        what="Making it safe",
        since="we became aware of the hazard",
    )
    hazard.made_safe_at = at
    hazard.save(update_fields=["made_safe_at", "updated_at"])
    _event(
        hazard,
        kind="repair.hazard_made_safe",
        summary=f"The hazard was made safe on {_common.local_moment(at)}.",
        actor=actor,
        data={"at": at},
    )
    _common.keep(hazard.repair, _common.AWAAB_EMERGENCY, actor=actor, at=at)
    _refresh_next_due(hazard.repair)
    return hazard


@transaction.atomic
def hazard_safety_works_completed(*, hazard: Hazard, actor: User | None, at: datetime) -> Hazard:
    """The safety works are complete (keeps the safety works promise)."""
    _common.ensure_planner(actor)
    hazard = _locked(hazard)
    _ensure_investigated(hazard, "the safety works are complete")
    if hazard.safety_works_completed_at is not None:
        raise Conflict(
            "The safety works were already completed on "
            f"{_common.local_moment(hazard.safety_works_completed_at)}."
        )
    at = _when(
        at,
        field="at",
        not_before=hazard.investigated_at,
        what="Completing the safety works",
        since="the investigation ended",
    )
    hazard.safety_works_completed_at = at
    hazard.save(update_fields=["safety_works_completed_at", "updated_at"])
    _event(
        hazard,
        kind="repair.hazard_safety_works_completed",
        summary=f"The work to make your home safe was completed on {_common.local_moment(at)}.",
        actor=actor,
        data={"at": at},
    )
    _common.keep(hazard.repair, _common.AWAAB_SAFETY_WORKS, actor=actor, at=at)
    _refresh_next_due(hazard.repair)
    return hazard


@transaction.atomic
def hazard_further_works_started(*, hazard: Hazard, actor: User | None, at: datetime) -> Hazard:
    """The further preventative works physically started (keeps the further works promise;
    a start later than 12 weeks after the investigation is recorded as such)."""
    _common.ensure_planner(actor)
    hazard = _locked(hazard)
    _ensure_investigated(hazard, "the further works started")
    if hazard.further_works_started_at is not None:
        raise Conflict(
            "The further works already started on "
            f"{_common.local_moment(hazard.further_works_started_at)}."
        )
    at = _when(
        at,
        field="at",
        not_before=hazard.investigated_at,
        what="Starting the further works",
        since="the investigation ended",
    )
    hazard.further_works_started_at = at
    hazard.save(update_fields=["further_works_started_at", "updated_at"])
    weeks = policy.awaab_timescales().further_works_latest_weeks
    late = at > hazard.investigated_at + timedelta(weeks=weeks)
    summary = f"The further work to stop it coming back started on {_common.local_moment(at)}."
    if late and law_applies(hazard):
        summary += f" This is later than the {weeks} weeks Awaab's Law allows."
    _event(
        hazard,
        kind="repair.hazard_further_works_started",
        summary=summary,
        actor=actor,
        data={"at": at, "later_than_latest_start": late},
    )
    _common.keep(hazard.repair, _common.AWAAB_FURTHER_WORKS, actor=actor, at=at)
    _refresh_next_due(hazard.repair)
    return hazard


@transaction.atomic
def hazard_alternative_accommodation_offer(
    *, hazard: Hazard, actor: User | None, details: str, offered_at: datetime | None = None
) -> Hazard:
    """Record that suitable alternative accommodation was offered at our cost while the home
    cannot be made safe in time. A later offer is recorded too; the earlier one stays on the
    timeline (nothing silently overwritten)."""
    _common.ensure_planner(actor)
    details = details.strip()
    if not details:
        raise InvalidInput("Say what accommodation was offered.", field="details")
    hazard = _locked(hazard)
    offered_at = _when(
        offered_at,
        field="offered_at",
        not_before=hazard.aware_at,
        what="The offer",
        since="we became aware of the hazard",
    )
    previous = {
        "offered_at": hazard.alternative_accommodation_offered_at,
        "details": hazard.alternative_accommodation_details,
    }
    hazard.alternative_accommodation_offered_at = offered_at
    hazard.alternative_accommodation_details = details
    hazard.save(
        update_fields=[
            "alternative_accommodation_offered_at",
            "alternative_accommodation_details",
            "updated_at",
        ]
    )
    _event(
        hazard,
        kind="repair.hazard_accommodation_offered",
        summary=f"Alternative accommodation offered at our cost: {details}",
        actor=actor,
        data={"offered_at": offered_at, "details": details, "previous": previous},
    )
    return hazard
