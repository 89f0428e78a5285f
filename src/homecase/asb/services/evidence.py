"""Evidence and the case's details: incident diary entries (by a resident as things happen, or
taken by an officer from a call), officer notes and photos, people added to the case, the police
crime reference when there is one, the link to a related repair, the named officer and a hate
incident."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import User
from homecase.asb import access, rules
from homecase.asb.models import (
    AsbCase,
    AsbParty,
    DiaryEntry,
    EntrySource,
    HateMotivation,
    PartyRole,
)
from homecase.asb.services import _common
from homecase.asb.services.intake import PersonInput
from homecase.common.errors import Conflict, InvalidInput, NotFound
from homecase.common.time import now
from homecase.housing.models import Resident
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.attachments import Photo, photos_attach
from homecase.records.models import Attachment, Channel, Visibility
from homecase.repairs.models import Repair

NOT_FOUND = "We could not find that case."
CRIME_REFERENCE_MAX = 40


def _text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def _who(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _attach(
    asb: AsbCase, photos: Sequence[Photo], *, actor: User | None, caption: str, shown: bool
) -> list[Attachment]:
    limits = policy.repair_policy()  # one photo limit for every kind of case
    stored, _ = photos_attach(
        case=asb.case,
        photos=photos,
        actor=actor,
        max_bytes=limits.photo_max_bytes,
        max_count=limits.photos_per_upload,
        caption=caption,
        visible_to_resident=shown,
    )
    return stored


def _case_written_on(asb: AsbCase) -> AsbCase:
    """The case an entry goes on: a case joined to another lives on in that one."""
    asb = AsbCase.objects.select_related("case").get(pk=asb.pk)  # as it stands now
    seen = {asb.pk}
    while asb.status == rules.JOINED and asb.joined_into_id is not None:
        asb = AsbCase.objects.select_related("case").get(pk=asb.joined_into_id)
        if asb.pk in seen:  # pragma: no cover - a joined case never joins back
            break
        seen.add(asb.pk)
    return asb


def _ensure_may_write_diary(asb: AsbCase, *, actor: User | None, resident: Resident | None) -> None:
    """An ASB officer writes down any entry (from a call). Otherwise the entry is a reporter's
    own: written by them (or their representative) in the portal, or taken down by any member
    of staff when they ring in (writing reveals nothing of the case). For anyone else the case
    does not exist."""
    if actor is None or access.can_work_asb(actor):
        return
    if resident is None or access.is_alleged_perpetrator(resident, asb):
        raise NotFound(NOT_FOUND)
    if not access.reported(resident, asb):
        raise NotFound(NOT_FOUND)
    if is_staff_member(actor):
        return
    own = access.resident_of(actor)
    if not access.can_see_as_resident(actor, asb) or (own is not None and own.pk != resident.pk):
        raise NotFound(NOT_FOUND)


@transaction.atomic
def diary_add(
    *,
    asb: AsbCase,
    actor: User | None,
    resident: Resident | None,
    happened_at: datetime,
    what_happened: str,
    photos: Sequence[Photo] = (),
    channel: str = Channel.PORTAL,
) -> DiaryEntry:
    """An incident written down as it happens. Only the resident who wrote it (and staff with
    the ASB role) ever see it; on a joined case it goes on the case it was joined to."""
    _ensure_may_write_diary(asb, actor=actor, resident=resident)
    if happened_at is None:
        raise InvalidInput("Say when it happened.", field="happened_at")
    happened_at = _common.moment(happened_at, field="happened_at")
    if happened_at > now():
        raise InvalidInput("The date cannot be in the future.", field="happened_at")
    what_happened = _text(what_happened, field="what_happened", message="Say what happened.")
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the entry reached us.", field="channel")
    target = _common.locked(_case_written_on(asb))
    if target.status != rules.OPEN:
        raise Conflict(
            "This case is closed: if it is happening again, report it and we will reopen it."
        )
    mine = resident is not None and resident.pk == target.case.resident_id
    entry = DiaryEntry.objects.create(
        asb=target,
        source=EntrySource.RESIDENT,
        resident=resident,
        author=actor,
        happened_at=happened_at,
        what_happened=what_happened,
        recorded_at=now(),
    )
    entry.attachments.set(
        _attach(target, photos, actor=actor, caption="Photo with a diary entry", shown=mine)
    )
    _common.event(
        target,
        kind="asb.diary_entry",
        summary=f"Incident diary, {_common.local_moment(happened_at)}: {what_happened}",
        actor=actor,
        channel=channel,
        data={
            "entry_id": entry.pk,
            "resident_id": resident.pk if resident is not None else None,
            "happened_at": happened_at,
            "photos": entry.attachments.count(),
            "from_case": asb.pk if target.pk != asb.pk else None,
        },
        visibility=Visibility.RESIDENT if mine else Visibility.STAFF,
    )
    return entry


@transaction.atomic
def officer_note_add(
    *, asb: AsbCase, actor: User | None, text: str, photos: Sequence[Photo] = ()
) -> DiaryEntry:
    """An officer's note (what they saw on a visit, what a neighbour said), staff-only."""
    _common.ensure_asb_officer(actor)
    text = _text(text, field="text", message="Write the note.")
    asb = _common.locked(asb)
    at = now()
    entry = DiaryEntry.objects.create(
        asb=asb,
        source=EntrySource.OFFICER,
        author=actor,
        happened_at=at,
        what_happened=text,
        recorded_at=at,
    )
    entry.attachments.set(
        _attach(asb, photos, actor=actor, caption="Photo with an officer note", shown=False)
    )
    _common.event(
        asb,
        kind="asb.officer_note",
        summary=f"Officer note: {text}",
        actor=actor,
        data={"entry_id": entry.pk, "photos": entry.attachments.count()},
    )
    return entry


@transaction.atomic
def party_add(*, asb: AsbCase, actor: User | None, role: str, person: PersonInput) -> AsbParty:
    """Add someone to the case (a victim, witness, alleged perpetrator or another reporter)."""
    _common.ensure_asb_officer(actor)
    if role not in PartyRole.values:
        raise InvalidInput("Choose the person's part in the case.", field="role")
    name = person.display_name()
    if not name:
        raise InvalidInput(
            "Give the person's name, or a description if the name is not known.", field="name"
        )
    asb = _common.locked(asb)
    if asb.status != rules.OPEN:
        raise Conflict("This case is not open: reopen it first.", field="status")
    same = asb.parties.filter(role=role)
    same = same.filter(resident=person.resident) if person.resident else same.filter(name=name)
    if same.exists():
        raise Conflict(f"{name} is already in the case as {PartyRole(role).label.lower()}.")
    party = AsbParty.objects.create(
        asb=asb,
        role=role,
        resident=person.resident,
        name=name[:150],
        contact=person.contact.strip()[:200],
        notes=person.notes.strip(),
        added_by=actor,
    )
    _common.event(
        asb,
        kind="asb.party_added",
        summary=f"Added to the case: {party.get_role_display()}: {party.name}",
        actor=actor,
        data={"party_id": party.pk, "role": role, "resident_id": party.resident_id},
    )
    return party


@transaction.atomic
def crime_reference_record(*, asb: AsbCase, actor: User | None, crime_reference: str) -> AsbCase:
    """The police crime reference, when there is one (never needed before we act)."""
    _common.ensure_asb_officer(actor)
    crime_reference = _text(
        crime_reference, field="crime_reference", message="Give the crime reference."
    )
    if len(crime_reference) > CRIME_REFERENCE_MAX:
        raise InvalidInput(
            f"A crime reference is at most {CRIME_REFERENCE_MAX} characters.",
            field="crime_reference",
        )
    asb = _common.locked(asb)
    old = asb.crime_reference
    if old == crime_reference:
        raise InvalidInput("That crime reference is already recorded.", field="crime_reference")
    asb.crime_reference = crime_reference
    asb.save(update_fields=["crime_reference", "updated_at"])
    _common.event(
        asb,
        kind="asb.crime_reference_recorded",
        summary=f"Police crime reference: {crime_reference}" + (f" (was {old})" if old else ""),
        actor=actor,
        data={"old": old, "new": crime_reference},
    )
    return asb


def _repair_words(repair: Repair) -> str:
    measures = (
        f"interim measures: {repair.interim_measures}"
        if repair.interim_measures_at is not None
        else "no interim measures recorded yet"
    )
    status = repair.get_status_display().lower()
    return f"{repair.case.reference} ({repair.case.title}; {status}; {measures})"


@transaction.atomic
def repair_link(*, asb: AsbCase, actor: User | None, repair: Repair) -> AsbCase:
    """Link the repair that bears on the case (insecure doors, broken lighting). The repair's
    own timeline says only that a restricted case is linked: its readers are not ASB staff."""
    _common.ensure_asb_officer(actor)
    repair = Repair.objects.select_related("case__timeline").get(pk=repair.pk)
    asb = _common.locked(asb)
    if asb.related_repair_id == repair.pk:
        raise Conflict("That repair is already linked to this case.", field="repair")
    old = asb.related_repair_id
    asb.related_repair = repair
    asb.save(update_fields=["related_repair", "updated_at"])
    _common.event(
        asb,
        kind="asb.repair_linked",
        summary=f"Linked to repair {_repair_words(repair)}",
        actor=actor,
        data={"old_repair_id": old, "repair_id": repair.pk, "reference": repair.case.reference},
    )
    records.case_event_record(
        case=repair.case,
        since="the repair was reported",
        kind="repair.restricted_case_linked",
        summary="Linked to a restricted ASB case",
        actor=actor,
        data={},
        visibility=Visibility.STAFF,
    )
    return asb


@transaction.atomic
def officer_assign(*, asb: AsbCase, actor: User | None, officer: User) -> AsbCase:
    """Name the officer the victim deals with; the reporter is told who it is now."""
    _common.ensure_asb_officer(actor)
    works_asb = officer is not None and (
        officer.is_superuser or has_role(officer, *_common.ASB_ROLES)
    )
    if officer is None or not officer.is_active or not works_asb:
        raise InvalidInput("Choose an ASB officer.", field="officer")
    asb = _common.locked(asb)
    if asb.officer_id == officer.pk:
        raise InvalidInput(f"{_who(officer)} is already the named officer.", field="officer")
    old = asb.officer_id
    asb.officer = officer
    asb.save(update_fields=["officer", "updated_at"])
    _common.event(
        asb,
        kind="asb.officer_assigned",
        summary=f"Your named officer is now {_who(officer)}.",
        actor=actor,
        data={"old_officer_id": old, "officer_id": officer.pk},
        visibility=Visibility.RESIDENT,
    )
    if asb.status == rules.OPEN:
        _common.tell(
            asb,
            template="asb_officer_changed",
            context={"officer_name": _who(officer)},
            actor=actor,
        )
    return asb


@transaction.atomic
def hate_incident_record(
    *, asb: AsbCase, actor: User | None, motivations: Sequence[str], perceived_by: str
) -> AsbCase:
    """Flag the case as a hate incident: perceived, by the victim or anyone else, as motivated
    by hostility based on one of the five monitored strands (TSM NM01)."""
    _common.ensure_asb_officer(actor)
    chosen = list(dict.fromkeys(motivations))
    if not chosen or any(code not in HateMotivation.values for code in chosen):
        raise InvalidInput(
            "Choose from disability, race, religion, sexual orientation or transgender identity.",
            field="motivations",
        )
    perceived_by = _text(
        perceived_by,
        field="perceived_by",
        message="Say who perceives it as a hate incident (the victim, a witness, an officer).",
    )[:150]
    asb = _common.locked(asb)
    old = {
        "hate_incident": asb.hate_incident,
        "hate_motivations": list(asb.hate_motivations),
        "hate_perceived_by": asb.hate_perceived_by,
    }
    asb.hate_incident = True
    asb.hate_motivations = chosen
    asb.hate_perceived_by = perceived_by
    asb.save(update_fields=["hate_incident", "hate_motivations", "hate_perceived_by", "updated_at"])
    labels = ", ".join(HateMotivation(code).label.lower() for code in chosen)
    _common.event(
        asb,
        kind="asb.hate_incident_recorded",
        summary=f"Hate incident: perceived by {perceived_by} as motivated by hostility ({labels}).",
        actor=actor,
        data={
            "old": old,
            "new": {
                "hate_incident": True,
                "hate_motivations": chosen,
                "hate_perceived_by": perceived_by,
            },
        },
    )
    return asb
