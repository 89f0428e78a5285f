"""The parts of an ASB report shared by a new case and a further report: the people in it
(`PersonInput`), checking what was reported, recording the people and the report itself."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import Role, User
from homecase.asb.models import (
    AsbCase,
    AsbParty,
    AsbReport,
    Behaviour,
    HateMotivation,
    Location,
    PartyRole,
)
from homecase.asb.services import _common
from homecase.common.errors import InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import Block, CommunalArea, Estate, Home, Resident
from homecase.records.models import Channel


@dataclass(frozen=True)
class PersonInput:
    """Someone in the case, a resident or not (a name, or a description if unnamed)."""

    name: str = ""  # required when resident is None
    resident: Resident | None = None
    contact: str = ""
    notes: str = ""

    def display_name(self) -> str:
        if self.name.strip():
            return self.name.strip()
        return self.resident.full_name if self.resident is not None else ""


@dataclass(frozen=True)
class Place:
    location: str
    home: Home | None
    block: Block | None
    estate: Estate | None
    communal_area: CommunalArea | None
    where_details: str

    def words(self) -> str:
        if self.location == Location.HOME and self.home is not None:
            return self.home.address_line_1
        if self.location == Location.BLOCK and self.block is not None:
            return self.block.name
        if self.location == Location.COMMUNAL and self.communal_area is not None:
            return str(self.communal_area)
        if self.estate is not None:
            return self.estate.name
        return self.where_details


# --- checking the report --------------------------------------------------------------------


def check_channel(channel: str) -> None:
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the report reached us.", field="channel")


def check_behaviours(behaviours: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(behaviours))
    if not chosen:
        raise InvalidInput("Choose at least one kind of behaviour.", field="behaviours")
    unknown = [code for code in chosen if code not in Behaviour.values]
    if unknown:
        raise InvalidInput(
            f"Not a kind of behaviour we know: {', '.join(unknown)}.", field="behaviours"
        )
    return chosen


_PLACE_NEEDED = {
    Location.HOME: ("home", "Say which home it happens at."),
    Location.BLOCK: ("block", "Say which block it happens in."),
    Location.COMMUNAL: ("communal_area", "Say which communal area it happens in."),
    Location.ESTATE: ("estate", "Say which estate it happens on."),
}


def check_place(location: str, **given: Any) -> Place:
    if location not in Location.values:
        raise InvalidInput("Say where it happens.", field="location")
    name, message = _PLACE_NEEDED[Location(location)]
    if given[name] is None:
        raise InvalidInput(message, field=name)
    return Place(location=location, **given)


def check_happened_at(happened_at: datetime | None) -> datetime | None:
    happened_at = _common.moment(happened_at, field="happened_at")
    if happened_at is not None and happened_at > now():
        raise InvalidInput("The date cannot be in the future.", field="happened_at")
    return happened_at


def check_hate(motivations: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(motivations))
    unknown = [code for code in chosen if code not in HateMotivation.values]
    if unknown:
        raise InvalidInput(
            "Choose from disability, race, religion, sexual orientation or transgender identity.",
            field="hate_motivations",
        )
    return chosen


def check_risk_answers(answers: Mapping[str, bool] | None) -> dict[str, bool]:
    answers = dict(answers or {})
    known = {question.code for question in _common.asb_policy().risk_questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InvalidInput(
            f"Not a question of the risk assessment: {', '.join(unknown)}.",
            field="risk_answers",
        )
    return {code: bool(answer) for code, answer in answers.items()}


def check_people(field: str, people: Sequence[PersonInput]) -> None:
    for person in people:
        if not person.display_name():
            raise InvalidInput(
                "Give each person's name, or a description if the name is not known.",
                field=field,
            )


def check_reporter(actor: User | None, reporter: Resident | None, reporter_name: str) -> str:
    """The reporter's name; a resident signed in reports only as themselves (or for someone
    they represent)."""
    if reporter is None and not reporter_name.strip():
        raise InvalidInput("Give the name of the person reporting.", field="reporter_name")
    if actor is not None and not is_staff_member(actor) and not acts_for(actor, reporter):
        raise PermissionDenied("You can report only as yourself.")
    return reporter_name.strip() or (reporter.full_name if reporter is not None else "")


def acts_for(actor: User, resident: Resident | None) -> bool:
    if resident is None:
        return False
    if resident.user_id == actor.pk:
        return True
    today = timezone.localdate(now())
    return any(
        rep.all_cases and rep.covers("", today)
        for rep in resident.representatives.filter(user=actor)
    )


def check_officer(officer: User | None) -> None:
    if officer is not None and not (
        officer.is_active and (officer.is_superuser or has_role(officer, Role.ASB_OFFICER))
    ):
        raise InvalidInput("Choose an ASB officer.", field="officer")


def report_data(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "behaviours": report["behaviours"],
        "reporter_is_victim": report["reporter_is_victim"],
        "on_behalf_of": report["on_behalf_of"],
        "hate_incident": report["hate_incident"],
        "crime_reference": report["crime_reference"],
        "happened_at": report["happened_at"],
    }


def add_party(asb: AsbCase, role: str, person: PersonInput, *, actor: User | None) -> AsbParty:
    return AsbParty.objects.create(
        asb=asb,
        role=role,
        resident=person.resident,
        name=person.display_name()[:150],
        contact=person.contact.strip()[:200],
        notes=person.notes.strip(),
        added_by=actor if actor is not None and actor.is_authenticated else None,
    )


def add_reporter(asb: AsbCase, *, report: dict[str, Any], actor: User | None) -> None:
    """The reporter as a party (and as a victim when it is happening to them), unless already
    in the case in that role."""
    reporter = PersonInput(
        name=report["reporter_name"],
        resident=report["reporter"],
        contact=report["reporter_contact"],
    )
    roles = [PartyRole.REPORTER] + ([PartyRole.VICTIM] if report["reporter_is_victim"] else [])
    added = [
        add_party(asb, role, reporter, actor=actor)
        for role in roles
        if not already(asb, role, reporter)
    ]
    people_event(asb, added, actor=actor)


def already(asb: AsbCase, role: str, person: PersonInput) -> bool:
    parties = asb.parties.filter(role=role)
    if person.resident is not None:
        return parties.filter(resident=person.resident).exists()
    return parties.filter(resident=None, name__iexact=person.display_name()).exists()


def add_people(
    asb: AsbCase, people: Mapping[str, Sequence[PersonInput]], *, actor: User | None
) -> None:
    added = [
        add_party(asb, role, person, actor=actor)
        for role, persons in people.items()
        for person in persons
        if not already(asb, role, person)
    ]
    people_event(asb, added, actor=actor)


def people_event(asb: AsbCase, added: Sequence[AsbParty], *, actor: User | None) -> None:
    if not added:
        return
    _common.event(
        asb,
        kind="asb.people_added",
        summary="People in the case: "
        + "; ".join(f"{party.get_role_display()}: {party.name}" for party in added),
        actor=actor,
        data={"party_ids": [party.pk for party in added]},
    )


def save_report(
    asb: AsbCase, *, report: dict[str, Any], actor: User | None, received_at: datetime
) -> AsbReport:
    return AsbReport.objects.create(
        asb=asb,
        reporter=report["reporter"],
        reporter_name=report["reporter_name"][:150],
        on_behalf_of=report["on_behalf_of"][:150],
        channel=report["channel"],
        received_at=received_at,
        description=report["description"],
        behaviours=report["behaviours"],
        happened_at=report["happened_at"],
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
