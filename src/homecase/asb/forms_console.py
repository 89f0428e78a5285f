"""Forms for the ASB pages of the staff console: the queue's filters, the base every action
form shares, and a report taken by phone. They check only the shape of what was sent (a real
date, a whole number, one of the choices offered) and turn it into the keyword arguments of one
ASB service; whether the case may be closed, an action added or a report joined is for the
services to say, and their refusals are shown on the field they name (`ALIASES` maps a
service's field name to the form's). The action forms are in `forms_console_actions`."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone

from homecase.accounts.models import Role, User
from homecase.asb.models import AsbCase, Behaviour, HateMotivation, Location
from homecase.asb.services import PersonInput
from homecase.housing.models import Block, CommunalArea, Estate, Home, Resident
from homecase.policy.asb import RiskQuestion
from homecase.repairs.forms_console import (
    CHANNELS,
    YES_NO,
    _clock,
    _date_fields,
    _line,
    _radios,
    _text,
    _time,
    add_domain_error,
)

__all__ = [
    "CHANNELS",
    "YES_NO",
    "AsbForm",
    "QueueForm",
    "ReportForm",
    "add_domain_error",
    "asb_officers",
]

PARTY_ROWS = 2  # rows offered for each of victims, alleged perpetrators and witnesses
PARTY_GROUPS = (  # form prefix, legend, the service's argument
    ("victim", "Victims (other than the caller)", "victims"),
    ("perpetrator", "Alleged perpetrators", "perpetrators"),
    ("witness", "Witnesses", "witnesses"),
)
AUTO = ""  # the officer chosen by Homecase: the active ASB officer with fewest open cases
RISK_LEVEL_CHOICES = [("", "Any"), ("high", "High"), ("medium", "Medium"), ("standard", "Standard")]


def asb_officers() -> list[User]:
    """The active ASB officers, by name: those who may own actions and run cases."""
    return list(
        User.objects.filter(is_active=True, groups__name=Role.ASB_OFFICER)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def officer_words(user: User) -> str:
    return user.get_full_name() or user.username


def checkboxes(label: str, choices: Iterable[tuple[str, str]], **kw) -> forms.Field:
    return forms.MultipleChoiceField(
        label=label, choices=list(choices), widget=forms.CheckboxSelectMultiple, **kw
    )


def risk_fields(form: forms.Form, questions: Sequence[RiskQuestion], initial: dict) -> None:
    """One Yes/No question per line of the risk matrix, answered every time."""
    for question in questions:
        name = f"risk_{question.code}"
        form.fields[name] = _radios(
            question.staff_text, YES_NO, required_message=f"Answer: {question.staff_text}"
        )
        if question.code in initial:
            form.initial[name] = "yes" if initial[question.code] else "no"
    form.risk_names = [f"risk_{question.code}" for question in questions]


def risk_answers(form: forms.Form) -> dict[str, bool]:
    data = form.cleaned_data
    return {name.removeprefix("risk_"): data.get(name) == "yes" for name in form.risk_names}


class AsbForm(forms.Form):
    """A form about one ASB case: `arguments()` gives the service its keyword arguments."""

    ALIASES: dict[str, str] = {}
    DATE_PARTS = ("day", "month", "year")
    DATE_LEGEND = ""
    DATE_HINT = ""
    DATE_MISSING = "Enter the date"

    def __init__(self, data=None, files=None, *, asb: AsbCase | None, **kwargs) -> None:
        super().__init__(data, files, **kwargs)
        self.asb = asb
        self.offered: dict[str, dict[str, Any]] = {}
        self.risk_names: list[str] = []

    def offer(self, name: str, items: Iterable[Any], words, *, blank: str = "") -> None:
        """Offer the case's own items (its open actions, pending reviews...) in choice field
        `name`; a single one is chosen already. Only these can be sent back."""
        found = {str(item.pk): item for item in items}
        self.offered[name] = found
        choices = [(pk, words(item)) for pk, item in found.items()]
        self.fields[name].choices = [("", blank), *choices] if blank else choices
        if len(found) == 1 and not blank:
            self.initial[name] = next(iter(found))

    def chosen(self, name: str) -> Any:
        return self.offered[name].get(self.cleaned_data.get(name) or "")

    def arguments(self) -> dict[str, Any]:
        """The service's keyword arguments: the cleaned data, with the chosen items."""
        data = {**self.cleaned_data}
        data.update({name: self.chosen(name) for name in self.offered})
        return {"asb": self.asb, **data}

    def date_parts(self) -> list[tuple[forms.BoundField, str]]:
        widths = ("govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4")
        return [(self[name], width) for name, width in zip(self.DATE_PARTS, widths, strict=True)]

    def the_date(self, *, required: bool = True) -> date | None:
        """The day/month/year fields as a date, or an error on the day field."""
        parts = [(self.cleaned_data.get(name) or "").strip() for name in self.DATE_PARTS]
        if not any(parts) and not required:
            return None
        if not all(parts):
            self.add_error("day", self.DATE_MISSING)
            return None
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            self.add_error("day", "Enter the date as numbers, for example 27 3 2026")
            return None
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("day", "Enter a real date")
            return None

    def moment(self, on: date | None, name: str) -> datetime | None:
        """The date with the time typed in field `name`, aware in the landlord's zone."""
        value = (self.cleaned_data.get(name) or "").strip()
        if on is None or name in self._errors:
            return None
        if not value:
            self.add_error(name, f"Enter {self.fields[name].label.lower()}")
            return None
        clock = _clock(value)
        if clock is None:
            self.add_error(name, "Enter the time in hours and minutes, like 14:30")
            return None
        return timezone.make_aware(datetime.combine(on, clock), timezone.get_current_timezone())


# The queue


class QueueForm(forms.Form):
    """The queue's filters: a GET form, so a filtered queue is a link that can be shared."""

    mine = forms.BooleanField(label="Only my cases", required=False)
    risk_level = forms.ChoiceField(label="Risk level", required=False, choices=RISK_LEVEL_CHOICES)
    hate_only = forms.BooleanField(label="Only hate incidents", required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def filters(self, user: User) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "officer": user if data.get("mine") else None,
            "risk_level": data.get("risk_level") or "",
            "hate_only": bool(data.get("hate_only")),
            "page": data.get("page") or 1,
        }


# A report by phone


class FindForm(forms.Form):
    q = forms.CharField(
        label="Name, address, postcode or UPRN",
        max_length=100,
        error_messages={"required": "Enter a name, address, postcode or UPRN"},
    )


def _number(label: str) -> forms.Field:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the resident's number as digits",
            "min_value": "Enter the resident's number as digits",
        },
    )


def _place_choice(label: str) -> forms.Field:
    return forms.ChoiceField(label=label, required=False)


class ReportForm(AsbForm):
    """A report of anti-social behaviour taken by phone (or any channel but the portal). A
    crime reference is optional: it is never needed before we act."""

    channel = _radios("How did the report reach us?", CHANNELS, required_message="Select how")
    reporter_name = _line("Caller's name", required=False, max_length=150)
    reporter_contact = _line("How to contact them (optional)", required=False)
    reporter_is_victim = _radios(
        "Is the caller a victim of it?", YES_NO, required_message="Select whether they are"
    )
    on_behalf_of = _line("Reporting for someone else? Their name (optional)", required=False)
    behaviours = checkboxes(
        "What is happening?",
        Behaviour.choices,
        error_messages={"required": "Select what is happening"},
    )
    description = _text("Describe it in their words", missing="Describe what is happening")
    location = _radios("Where is it happening?", Location.choices, required_message="Select where")
    home = _place_choice("The home")
    block = _place_choice("The block")
    communal_area = _place_choice("The communal area")
    estate = _place_choice("The estate")
    where_details = _line("Where exactly? (optional)", required=False, max_length=300)
    day, month, year = _date_fields()
    time = _time("Time it last happened (optional)", required=False)
    hate_incident = forms.BooleanField(
        label="The victim or anyone else sees it as motivated by hostility", required=False
    )
    hate_motivations = checkboxes("Hostility based on", HateMotivation.choices, required=False)
    hate_perceived_by = _line("Perceived as hate by (optional)", required=False, max_length=150)
    crime_reference = _line("Police crime reference (optional)", required=False, max_length=40)
    officer = forms.ChoiceField(label="Named officer", required=False)
    join = forms.ChoiceField(label="Is this the same matter as an open case?", required=False)

    DATE_LEGEND = "When did it last happen? (optional)"
    DATE_HINT = "For example, 2 7 2024"
    ALIASES = {
        "happened_at": "day",
        "reporter": "reporter_name",
        "risk_answers": "channel",
        "received_at": "channel",
    }

    def __init__(
        self,
        data=None,
        files=None,
        *,
        reporter: Resident | None,
        home: Home | None,
        questions: Sequence[RiskQuestion],
        open_cases: Sequence[AsbCase] = (),
        **kwargs,
    ) -> None:
        super().__init__(data, files, asb=None, **kwargs)
        self.reporter = reporter
        self._places(home)
        self.officers = {str(user.pk): user for user in asb_officers()}
        self.fields["officer"].choices = [
            (AUTO, "Choose automatically (the officer with the fewest open cases)"),
            *((pk, officer_words(user)) for pk, user in self.officers.items()),
        ]
        self._party_rows()
        risk_fields(self, questions, {})
        self.open_cases = {str(asb.pk): asb for asb in open_cases}
        self.fields["join"].choices = [
            *((pk, f"Yes, add it to {asb.case.reference}") for pk, asb in self.open_cases.items()),
            ("new", "No, it is a different matter: open a new case"),
        ]
        if not self.open_cases:  # asked only once the place is known to have open cases
            del self.fields["join"]
        else:
            self.fields["join"].required = True
            self.fields["join"].error_messages["required"] = (
                "Select whether this is the same matter as an open case"
            )

    def _places(self, home: Home | None) -> None:
        """The pickers: the caller's (or chosen) home, every block, area and estate."""
        self.homes = {str(home.pk): home} if home is not None else {}
        self.blocks = {str(b.pk): b for b in Block.objects.select_related("estate")}
        self.areas = {str(a.pk): a for a in CommunalArea.objects.select_related("block", "estate")}
        self.estates = {str(e.pk): e for e in Estate.objects.all()}
        places = (
            ("home", self.homes, "No home chosen: find the home first"),
            ("block", self.blocks, "Choose the block"),
            ("communal_area", self.areas, "Choose the communal area"),
            ("estate", self.estates, "Choose the estate"),
        )
        for name, found, blank in places:
            self.fields[name].choices = [("", blank), *((pk, str(o)) for pk, o in found.items())]
        if home is None:  # no home to pick: a refusal about it is about the location
            self.ALIASES = {**self.ALIASES, "home": "location"}
        else:
            self.initial.update(
                home=str(home.pk),
                block=str(home.block_id or ""),
                estate=str(home.estate_id or ""),
                location=Location.HOME,
            )

    def _party_rows(self) -> None:
        for group, _, _ in PARTY_GROUPS:
            for row in range(1, PARTY_ROWS + 1):
                prefix = f"{group}_{row}"
                self.fields[f"{prefix}_name"] = _line(
                    "Name or description", required=False, max_length=150
                )
                self.fields[f"{prefix}_resident"] = _number("Or their resident number")
                self.fields[f"{prefix}_contact"] = _line("Contact (optional)", required=False)
                self.fields[f"{prefix}_notes"] = _line("Notes (optional)", required=False)

    def party_groups(self) -> list[tuple[str, list[tuple[int, list[forms.BoundField]]]]]:
        """For the template: each group's rows of bound fields."""
        groups = []
        for group, legend, _ in PARTY_GROUPS:
            rows = [
                (
                    row,
                    [
                        self[f"{group}_{row}_{part}"]
                        for part in ("name", "resident", "contact", "notes")
                    ],
                )
                for row in range(1, PARTY_ROWS + 1)
            ]
            groups.append((legend, rows))
        return groups

    def risk_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.risk_names]

    def clean(self) -> dict:
        data = super().clean()
        on = self.the_date(required=False)
        data["happened_at"] = self.moment(on, "time") if on else None
        for group, _, argument in PARTY_GROUPS:
            rows = (self._person(group, row) for row in range(1, PARTY_ROWS + 1))
            data[argument] = [person for person in rows if person is not None]
        return data

    def _person(self, group: str, row: int) -> PersonInput | None:
        prefix = f"{group}_{row}"
        data = self.cleaned_data
        number = data.get(f"{prefix}_resident")
        resident = None
        if number:
            resident = Resident.objects.filter(pk=number).first()
            if resident is None:
                self.add_error(
                    f"{prefix}_resident", f"There is no resident with the number {number}"
                )
                return None
        name = data.get(f"{prefix}_name") or ""
        if not (name or resident):
            return None
        return PersonInput(
            name=name,
            resident=resident,
            contact=data.get(f"{prefix}_contact") or "",
            notes=data.get(f"{prefix}_notes") or "",
        )

    def place(self) -> dict[str, Any]:
        """The chosen place, as the service's keyword arguments."""
        data = self.cleaned_data
        picked = {
            Location.HOME: ("home", self.homes),
            Location.BLOCK: ("block", self.blocks),
            Location.COMMUNAL: ("communal_area", self.areas),
            Location.ESTATE: ("estate", self.estates),
        }.get(data.get("location"))
        if picked is None:
            return {}
        name, found = picked
        return {name: found.get(data.get(name) or "")}

    def join_target(self) -> AsbCase | None:
        return self.open_cases.get(self.cleaned_data.get("join") or "")

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "reporter": self.reporter,
            "reporter_name": data["reporter_name"],
            "reporter_contact": data["reporter_contact"],
            "reporter_is_victim": data["reporter_is_victim"] == "yes",
            "on_behalf_of": data["on_behalf_of"],
            "description": data["description"],
            "behaviours": data["behaviours"],
            "location": data["location"],
            **self.place(),
            "where_details": data["where_details"],
            "happened_at": data["happened_at"],
            "hate_incident": data["hate_incident"],
            "hate_motivations": data["hate_motivations"],
            "hate_perceived_by": data["hate_perceived_by"],
            "crime_reference": data["crime_reference"],
            "risk_answers": risk_answers(self),
            "victims": data["victims"],
            "perpetrators": data["perpetrators"],
            "witnesses": data["witnesses"],
            "officer": self.officers.get(data.get("officer") or ""),
            "join": self.join_target(),
        }
