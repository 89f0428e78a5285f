"""Writes about homes and residents. Changes to a resident are recorded on their own timeline
(who changed what, from what, to what), so their record is as trustworthy as a case's."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.housing import rules
from homecase.housing.models import (
    AdjustmentKind,
    Block,
    ContactChannel,
    ContactFormat,
    Estate,
    Home,
    HomeType,
    Nation,
    ReasonableAdjustment,
    Representative,
    RepresentativeRelationship,
    Resident,
    Vulnerability,
    VulnerabilityKind,
)
from homecase.records.models import Channel, Visibility
from homecase.records.services import event_record, timeline_create


def _choice(value: str, choices: type, field: str, what: str) -> str:
    if value not in choices.values:
        raise InvalidInput(f"'{value}' is not a known {what}.", field=field)
    return value


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except DjangoValidationError as error:
        raise InvalidInput(f"'{email}' is not an email address.", field="email") from error
    return email


def _ensure_email_free(email: str, *, excluding: Resident | None = None) -> None:
    """An email is a sign-in name: no other resident, and no other account, may use it."""
    if not email:
        return
    residents = Resident.objects.filter(email__iexact=email)
    accounts = User.objects.filter(email__iexact=email) | User.objects.filter(
        username__iexact=email
    )
    if excluding is not None:
        residents = residents.exclude(pk=excluding.pk)
        accounts = accounts.exclude(pk=excluding.user_id)
    if residents.exists() or accounts.exists():
        raise Conflict(
            "Another resident or account already uses this email address.", field="email"
        )


@transaction.atomic
def home_create(
    *,
    uprn: str,
    address_line_1: str,
    town: str,
    postcode: str,
    home_type: str,
    address_line_2: str = "",
    estate: Estate | None = None,
    block: Block | None = None,
    bedrooms: int = 1,
    floor: int | None = None,
    nation: str = Nation.ENGLAND_AND_WALES,
) -> Home:
    uprn = rules.normalise_uprn(uprn)
    if Home.objects.filter(uprn=uprn).exists():
        raise Conflict(f"A home with UPRN {uprn} is already recorded.", field="uprn")
    if not address_line_1.strip():
        raise InvalidInput("Enter the first line of the address.", field="address_line_1")
    return Home.objects.create(
        uprn=uprn,
        address_line_1=address_line_1.strip(),
        address_line_2=address_line_2.strip(),
        town=town.strip(),
        postcode=rules.normalise_postcode(postcode),
        home_type=_choice(home_type, HomeType, "home_type", "type of home"),
        estate=estate or (block.estate if block else None),
        block=block,
        bedrooms=bedrooms,
        floor=floor,
        nation=_choice(nation, Nation, "nation", "calendar"),
    )


@transaction.atomic
def resident_create(
    *,
    actor: User | None,
    first_name: str,
    last_name: str,
    home: Home | None = None,
    email: str = "",
    phone: str = "",
    preferred_channel: str = ContactChannel.EMAIL,
    preferred_format: str = ContactFormat.STANDARD,
    preferred_language: str = "English",
    **details: Any,
) -> Resident:
    if not first_name.strip() or not last_name.strip():
        raise InvalidInput("Enter the resident's first and last name.", field="first_name")
    email = _clean_email(email)
    _ensure_email_free(email)
    _check_channel_reachable(preferred_channel, email=email, phone=phone, home=home)
    name = f"{first_name.strip()} {last_name.strip()}"
    resident = Resident.objects.create(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        home=home,
        email=email,
        phone=phone.strip(),
        preferred_channel=_choice(
            preferred_channel, ContactChannel, "preferred_channel", "contact channel"
        ),
        preferred_format=_choice(preferred_format, ContactFormat, "preferred_format", "format"),
        preferred_language=preferred_language.strip() or "English",
        timeline=timeline_create(subject=f"Resident: {name}"),
        **details,
    )
    event_record(
        timeline=resident.timeline,
        kind="resident.created",
        actor=actor,
        summary=f"Record created for {name}",
        visibility=Visibility.RESIDENT,
        data={"resident_id": resident.pk, "home_id": home.pk if home else None},
    )
    return resident


def _check_channel_reachable(channel: str, *, email: str, phone: str, home: Home | None) -> None:
    if channel == ContactChannel.EMAIL and not email:
        raise InvalidInput(
            "To be contacted by email, an email address is needed.", field="preferred_channel"
        )
    if channel in (ContactChannel.SMS, ContactChannel.PHONE) and not phone.strip():
        raise InvalidInput(
            "To be contacted by text or phone, a phone number is needed.", field="preferred_channel"
        )
    if channel == ContactChannel.LETTER and home is None:
        raise InvalidInput(
            "To be contacted by letter, a home address is needed.", field="preferred_channel"
        )


CONTACT_FIELDS = (
    "email",
    "phone",
    "preferred_channel",
    "preferred_format",
    "preferred_language",
    "needs_interpreter",
)


@transaction.atomic
def resident_update_contact_preferences(
    *,
    resident: Resident,
    actor: User | None,
    channel: str = Channel.PORTAL,
    **changes: Any,
) -> Resident:
    """Change how a resident is contacted; every change is recorded with its old value."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))} here.")
    locked = (
        Resident.objects.select_for_update(of=("self",)).select_related("home").get(pk=resident.pk)
    )
    new = {field: getattr(locked, field) for field in CONTACT_FIELDS} | changes
    new["email"] = _clean_email(new["email"])
    new["phone"] = str(new["phone"]).strip()
    _choice(new["preferred_channel"], ContactChannel, "preferred_channel", "contact channel")
    _choice(new["preferred_format"], ContactFormat, "preferred_format", "format")
    _ensure_email_free(new["email"], excluding=locked)
    _check_channel_reachable(
        new["preferred_channel"], email=new["email"], phone=new["phone"], home=locked.home
    )
    diff = {
        f: {"old": getattr(locked, f), "new": v} for f, v in new.items() if getattr(locked, f) != v
    }
    if not diff:
        return locked
    for field, value in new.items():
        setattr(locked, field, value)
    locked.save(update_fields=[*diff, "updated_at"])
    if "email" in diff and locked.user_id:
        User.objects.filter(pk=locked.user_id).update(email=new["email"], username=new["email"])
    event_record(
        timeline=locked.timeline,
        kind="resident.contact_preferences_changed",
        actor=actor,
        channel=channel,
        visibility=Visibility.RESIDENT,
        data=diff,
        summary="Contact preferences changed: " + ", ".join(f.replace("_", " ") for f in diff),
    )
    return locked


def _check_consent(consent_given_on: date, review_on: date) -> None:
    if review_on <= consent_given_on:
        raise InvalidInput(
            "The review date must be after the date consent was given.", field="review_on"
        )


_CONSENTED_KINDS = {
    Vulnerability: (VulnerabilityKind, "vulnerability"),
    ReasonableAdjustment: (AdjustmentKind, "reasonable adjustment"),
}


def _consented_record_create(
    model: type[Vulnerability] | type[ReasonableAdjustment],
    *,
    resident: Resident,
    actor: User | None,
    kind: str,
    details: str,
    consent_given_on: date,
    review_on: date,
) -> Vulnerability | ReasonableAdjustment:
    kinds, what = _CONSENTED_KINDS[model]
    _choice(kind, kinds, "kind", what)
    _check_consent(consent_given_on, review_on)
    return model.objects.create(
        resident=resident,
        kind=kind,
        details=details.strip(),
        consent_given_on=consent_given_on,
        consent_recorded_by=actor,
        review_on=review_on,
    )


@transaction.atomic
def vulnerability_record(*, resident: Resident, actor: User | None, **fields: Any) -> Vulnerability:
    """Record a vulnerability (kind, details, consent_given_on, review_on), with the resident's
    consent and a date to review it. Staff-only: vulnerabilities are never shown to others."""
    record = _consented_record_create(Vulnerability, resident=resident, actor=actor, **fields)
    event_record(
        timeline=resident.timeline,
        kind="resident.vulnerability_recorded",
        actor=actor,
        visibility=Visibility.STAFF,
        summary=f"Vulnerability recorded with consent: {record.get_kind_display()}",
        data={"vulnerability_id": record.pk, "kind": record.kind, "review_on": record.review_on},
    )
    return record


@transaction.atomic
def adjustment_record(
    *, resident: Resident, actor: User | None, **fields: Any
) -> ReasonableAdjustment:
    """Record a reasonable adjustment (Equality Act 2010; kind, details, consent_given_on,
    review_on), with consent and a review date. The resident sees what was agreed."""
    record = _consented_record_create(
        ReasonableAdjustment, resident=resident, actor=actor, **fields
    )
    event_record(
        timeline=resident.timeline,
        kind="resident.adjustment_recorded",
        actor=actor,
        visibility=Visibility.RESIDENT,
        summary=f"Reasonable adjustment agreed: {record.get_kind_display()}",
        data={"adjustment_id": record.pk, "kind": record.kind, "review_on": record.review_on},
    )
    return record


@transaction.atomic
def representative_add(
    *,
    resident: Resident,
    actor: User | None,
    name: str,
    relationship: str,
    consent_given_on: date,
    consent_method: str,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    case_references: list[str] | None = None,
    valid_until: date | None = None,
) -> Representative:
    """Someone may act for the resident, with consent: for every case or the ones named."""
    _choice(relationship, RepresentativeRelationship, "relationship", "relationship")
    if not name.strip() or not consent_method.strip():
        raise InvalidInput("Record who the representative is and how consent was given.")
    if valid_until and valid_until < consent_given_on:
        raise InvalidInput("Consent cannot end before it was given.", field="valid_until")
    references = sorted({r.strip().upper() for r in case_references or [] if r.strip()})
    rep = Representative.objects.create(
        resident=resident,
        name=name.strip(),
        relationship=relationship,
        organisation=organisation.strip(),
        email=_clean_email(email),
        phone=phone.strip(),
        consent_given_on=consent_given_on,
        consent_method=consent_method.strip(),
        all_cases=not references,
        case_references="\n".join(references),
        valid_until=valid_until,
    )
    scope = "all cases" if not references else ", ".join(references)
    event_record(
        timeline=resident.timeline,
        kind="resident.representative_added",
        actor=actor,
        visibility=Visibility.RESIDENT,
        summary=f"{rep.name} ({rep.get_relationship_display()}) may act for "
        f"{resident.full_name} on {scope}",
        data={
            "representative_id": rep.pk,
            "valid_until": valid_until,
            "case_references": references,
        },
    )
    return rep
