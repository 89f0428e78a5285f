"""Reporting a repair by any channel: the mandatory disability and vulnerability question, a home
or a communal area, the catalogue's priority and the honest promise that goes with it. A report
of a fault already open on the same place may be joined to that job; the same fault again soon
after completion reopens the finished job (a recall). Either way: one job number.

Triage, priority changes, interim measures, hand-over, updates and cancellation live in
`triage.py` and are re-exported here (the service contract names them under intake)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import CommunalArea, Home, Resident
from homecase.policy.repairs import NO_HAZARD, RESPONSIVE, CatalogueEntry
from homecase.records import services as records
from homecase.records.attachments import Photo, photos_attach
from homecase.records.models import CaseKind, Channel, Visibility
from homecase.repairs import rules
from homecase.repairs.models import Location, Repair
from homecase.repairs.services import _common
from homecase.repairs.services.next_due import refresh_next_due
from homecase.repairs.services.triage import (
    catalogue_entry,
    ensure_interim_measures,
    interim_measures_record,
    open_completion_promise,
    open_update_promise,
    priority_of,
    promise_text,
    repair_cancel,
    repair_hand_to_programme,
    repair_priority_change,
    repair_triage,
    repair_update_give,
)

__all__ = [
    "ensure_interim_measures",
    "interim_measures_record",
    "repair_cancel",
    "repair_hand_to_programme",
    "repair_priority_change",
    "repair_report",
    "repair_triage",
    "repair_update_give",
]

VULNERABILITY_QUESTION = (
    "Ask whether anyone in the home has a disability or vulnerability we should know about."
)


def _check_vulnerability(vulnerable: bool | None, details: str) -> str:
    """The mandatory question: asked every time, and a yes says what it is."""
    if vulnerable is None:
        raise InvalidInput(VULNERABILITY_QUESTION, field="vulnerable")
    details = details.strip()
    if vulnerable and not details:
        raise InvalidInput(
            "Say what the disability or vulnerability is, so that whoever comes knows before "
            "they arrive.",
            field="vulnerability_details",
        )
    return details if vulnerable else "No disability or vulnerability mentioned."


def _place(
    *, resident: Resident | None, home: Home | None, communal_area: CommunalArea | None
) -> tuple[Home | None, CommunalArea | None]:
    """A home or a communal area, never both; a resident's home when neither is given."""
    if home is not None and communal_area is not None:
        raise InvalidInput(
            "Choose either the home or a communal area, not both.", field="communal_area"
        )
    if home is None and communal_area is None:
        if resident is None or resident.home_id is None:
            raise InvalidInput("Say where the repair is needed.", field="home")
        home = resident.home
    if home is not None and resident is not None and resident.home_id != home.pk:
        raise InvalidInput("This resident does not live at that home.", field="home")
    return home, communal_area


def _check_reporter(
    actor: User | None, *, resident: Resident | None, communal_area: CommunalArea | None
) -> None:
    """Staff take reports for anyone; a resident (or their representative) signed in reports
    only for their own home and the shared parts of their own block or estate."""
    if actor is None or is_staff_member(actor):
        return
    today = timezone.localdate(now())
    own = resident is not None and (
        resident.user_id == actor.pk
        or any(
            rep.all_cases and rep.covers("", today)
            for rep in resident.representatives.filter(user=actor)
        )
    )
    if not own:
        raise PermissionDenied("You can report repairs only for your own home.")
    if communal_area is not None and not _shared_by(communal_area, resident):
        raise InvalidInput(
            "Choose a shared area of your own block or estate.", field="communal_area"
        )


def _shared_by(area: CommunalArea, resident: Resident) -> bool:
    home = resident.home
    if home is None:
        return False
    if area.block_id is not None:
        return area.block_id == home.block_id
    return area.estate_id == home.estate_id


def _place_filter(*, home: Home | None, communal_area: CommunalArea | None) -> dict[str, Any]:
    if communal_area is not None:
        return {"case__communal_area": communal_area}
    return {"case__home": home, "location": Location.HOME}


def _place_words(home: Home | None, communal_area: CommunalArea | None) -> str:
    if communal_area is not None:
        return str(communal_area)
    return home.address_line_1 if home is not None else ""


def _attach(repair: Repair, photos: Sequence[Photo], *, actor: User | None) -> None:
    if not photos:
        return
    policy = _common.repairs_policy()
    photos_attach(
        case=repair.case,
        photos=photos,
        actor=actor,
        max_bytes=policy.photo_max_bytes,
        max_count=policy.photos_per_upload,
        caption="Photo from the report",
    )


@transaction.atomic
def repair_report(
    *,
    actor: User | None,
    channel: str,
    category: str,
    description: str,
    vulnerable: bool | None,
    vulnerability_details: str = "",
    resident: Resident | None = None,
    home: Home | None = None,
    communal_area: CommunalArea | None = None,
    access_notes: str = "",
    photos: Sequence[Photo] = (),
    received_at: datetime | None = None,
    backdate_reason: str = "",
    join_to: Repair | None = None,
) -> Repair:
    """Take a repair report. Returns the job it now lives on: a new one, the open job it was
    joined to, or the finished job it reopened as a recall."""
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the repair was reported.", field="channel")
    entry = catalogue_entry(category)
    description = description.strip()
    if not description:
        raise InvalidInput("Describe the problem in the reporter's words.", field="description")
    answer = _check_vulnerability(vulnerable, vulnerability_details)
    home, communal_area = _place(resident=resident, home=home, communal_area=communal_area)
    _check_reporter(actor, resident=resident, communal_area=communal_area)
    received_at = _common.moment(received_at, field="received_at")
    policy = _common.repairs_policy()
    if len(photos) > policy.photos_per_upload:
        raise InvalidInput(
            f"Upload at most {policy.photos_per_upload} photos at a time.", field="photos"
        )
    report = {
        "category": entry.code,
        "description": description,
        "channel": channel,
        "vulnerable": bool(vulnerable),
        "vulnerability_answer": answer,
        "access_notes": access_notes.strip(),
        "reporter": resident.full_name if resident is not None else "",
        # Who reported it: a resident who joins someone else's communal job may follow it.
        "reporter_id": resident.pk if resident is not None else None,
    }
    if join_to is not None:
        return _join(
            join_to,
            home=home,
            communal_area=communal_area,
            report=report,
            photos=photos,
            actor=actor,
        )
    at = received_at or now()
    recalled = _recall_candidate(entry, home=home, communal_area=communal_area, at=at)
    if recalled is not None:
        return _recall(recalled, report=report, photos=photos, actor=actor, at=at)
    return _open(
        entry,
        actor=actor,
        resident=resident,
        home=home,
        communal_area=communal_area,
        report=report,
        photos=photos,
        received_at=received_at,
        backdate_reason=backdate_reason,
    )


def _open(
    entry: CatalogueEntry,
    *,
    actor: User | None,
    resident: Resident | None,
    home: Home | None,
    communal_area: CommunalArea | None,
    report: dict[str, Any],
    photos: Sequence[Photo],
    received_at: datetime | None,
    backdate_reason: str,
) -> Repair:
    """A new job with its one reference and the promises the catalogue allows."""
    place = _place_words(home, communal_area)
    case = records.case_open(
        kind=CaseKind.REPAIR,
        title=f"{entry.label}: {place}"[:200] if place else entry.label,
        actor=actor,
        channel=report["channel"],
        summary="Repair reported",
        home=home,
        communal_area=communal_area,
        resident=resident,
        received_at=received_at,
        backdate_reason=backdate_reason,
        data={"category": entry.code},
    )
    priority = priority_of(entry.priority)
    repair = Repair.objects.create(
        case=case,
        location=Location.COMMUNAL if communal_area is not None else Location.HOME,
        category=entry.code,
        trade=entry.trade,
        route=entry.route,
        priority=priority.code,
        is_emergency=priority.is_emergency,
        safety=entry.safety,
        hazard=entry.hazard,
        description=report["description"],
        access_notes=report["access_notes"],
        reported_channel=report["channel"],
        vulnerability_asked_at=now(),
        vulnerability_answer=report["vulnerability_answer"],
        vulnerability_flag=report["vulnerable"],
        responsible=""
        if entry.route == RESPONSIVE
        else rules.responsible_for(route=entry.route, trade=entry.trade),
    )
    repair = _common.locked(repair)
    started_at = case.opened_at
    _common.event(
        repair,
        kind="repair.vulnerability_asked",
        summary="Asked about disability and vulnerability: " + report["vulnerability_answer"],
        actor=actor,
        data={"vulnerable": report["vulnerable"], "answer": report["vulnerability_answer"]},
        visibility=Visibility.STAFF,
    )
    if entry.route == RESPONSIVE:
        open_completion_promise(repair, started_at=started_at, actor=actor)
    else:
        open_update_promise(repair, started_at=started_at, actor=actor)
    if entry.safety:
        _common.promise_hours(
            repair,
            duty=_common.INTERIM,
            started_at=started_at,
            hours=_common.repairs_policy().interim_measures_hours,
            actor=actor,
        )
    promise = promise_text(repair)
    _common.event(
        repair,
        kind="repair.reported",
        summary=f"{entry.label}: {report['description']} {promise}",
        actor=actor,
        channel=report["channel"],
        data={**report, "priority": repair.priority, "route": repair.route, "promise": promise},
        visibility=Visibility.RESIDENT,
    )
    _attach(repair, photos, actor=actor)
    if entry.hazard != NO_HAZARD:
        _hazard_open(repair, aware_at=started_at, actor=actor)
    _common.tell(
        repair,
        template="repair_reported",
        context={"category": entry.label, "promise": promise, "recall": False},
        actor=actor,
    )
    refresh_next_due(repair)
    return repair


def _hazard_open(repair: Repair, *, aware_at: datetime, actor: User | None) -> None:
    # Awaab's Law clocks are helper C's module; imported here to keep intake's imports light.
    from homecase.repairs.services.awaab import hazard_open

    hazard_open(repair=repair, aware_at=aware_at, actor=actor)


def _join(
    join_to: Repair,
    *,
    home: Home | None,
    communal_area: CommunalArea | None,
    report: dict[str, Any],
    photos: Sequence[Photo],
    actor: User | None,
) -> Repair:
    """A duplicate: no new job; the report goes on the open job's timeline."""
    repair = _common.locked(join_to)
    if repair.status not in rules.OPEN_STATUSES or repair.status == rules.COMPLETED:
        raise Conflict(
            "That job is no longer open, so this report cannot be joined to it.", field="join_to"
        )
    same_place = (
        repair.case.communal_area_id == communal_area.pk
        if communal_area is not None
        else repair.location == Location.HOME and repair.case.home_id == getattr(home, "pk", None)
    )
    if not same_place:
        raise InvalidInput(
            "That job is for a different place: join only a job on the same home or communal area.",
            field="join_to",
        )
    by = f" by {report['reporter']}" if report["reporter"] else ""
    _common.event(
        repair,
        kind="repair.report_joined",
        summary=f"The same problem reported again{by}: {report['description']}",
        actor=actor,
        channel=report["channel"],
        data=report,
        visibility=Visibility.RESIDENT,
    )
    _common.event(
        repair,
        kind="repair.vulnerability_asked",
        summary="Asked about disability and vulnerability: " + report["vulnerability_answer"],
        actor=actor,
        data={"vulnerable": report["vulnerable"], "answer": report["vulnerability_answer"]},
        visibility=Visibility.STAFF,
    )
    _attach(repair, photos, actor=actor)
    return repair


def _recall_candidate(
    entry: CatalogueEntry, *, home: Home | None, communal_area: CommunalArea | None, at: datetime
) -> Repair | None:
    """The most recent finished job for the same fault on the same place, if the new report
    falls within the recall window."""
    finished = (
        Repair.objects.filter(
            category=entry.code,
            status__in=(rules.COMPLETED, rules.CLOSED),
            completed_at__isnull=False,
            **_place_filter(home=home, communal_area=communal_area),
        )
        .order_by("-completed_at")
        .first()
    )
    if finished is None:
        return None
    recall = rules.is_recall(
        completed_at=finished.completed_at,
        status=finished.status,
        reported_at=at,
        recall_days=_common.repairs_policy().recall_days,
    )
    return finished if recall else None


def _recall(
    repair: Repair,
    *,
    report: dict[str, Any],
    photos: Sequence[Photo],
    actor: User | None,
    at: datetime,
) -> Repair:
    """The same fault again soon after completion: the same job reopened, with a new completion
    promise, never a new number."""
    repair = _common.locked(repair)
    old = {
        "status": repair.status,
        "completed_at": repair.completed_at,
        "closed_at": repair.closed_at,
        "met_target": repair.met_target,
        "resident_verdict": repair.resident_verdict,
    }
    _common.move(repair, rules.IN_PROGRESS)
    repair.recalls += 1
    repair.completed_at = None
    repair.closed_at = None
    repair.resident_verdict = ""
    repair.save(
        update_fields=["recalls", "completed_at", "closed_at", "resident_verdict", "updated_at"]
    )
    # A job reopened on recall: any pending inspection still stands (the work was not right).
    if repair.route == RESPONSIVE:
        _common.cancel_open(repair, _common.COMPLETE, actor=actor, reason="Reopened on recall")
        open_completion_promise(repair, started_at=at, actor=actor)
    elif not _common.unkept(repair, _common.UPDATE):
        open_update_promise(repair, started_at=at, actor=actor)
    promise = promise_text(repair)
    _common.event(
        repair,
        kind="repair.recalled",
        summary="The same problem came back: we have reopened this job under the same "
        f"reference. {report['description']} {promise}",
        actor=actor,
        channel=report["channel"],
        data={**report, "old": old, "recalls": repair.recalls, "promise": promise},
        visibility=Visibility.RESIDENT,
    )
    _common.event(
        repair,
        kind="repair.vulnerability_asked",
        summary="Asked about disability and vulnerability: " + report["vulnerability_answer"],
        actor=actor,
        data={"vulnerable": report["vulnerable"], "answer": report["vulnerability_answer"]},
        visibility=Visibility.STAFF,
    )
    _attach(repair, photos, actor=actor)
    _common.tell(
        repair,
        template="repair_reported",
        context={
            "category": catalogue_entry(repair.category).label,
            "promise": promise,
            "recall": True,
        },
        actor=actor,
    )
    refresh_next_due(repair)
    return repair
