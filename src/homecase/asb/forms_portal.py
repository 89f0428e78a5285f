"""Forms for the resident's anti-social behaviour pages. They check only the shape of what was
sent: whether a report can be made, joined, added to or reviewed is for the ASB services to say
(a date in the future, for one, is refused by the service and shown on the date).

Reporting takes three short steps, each working without JavaScript: what is happening and
where; then, only when the resident already has a report about it, "is this about your report
A-…?"; then what happened. The codes chosen in the first step travel in the address, so nothing
is kept on the server between steps and the back button works. A police crime reference is
asked for only as an optional extra, never as a condition."""

import re
from datetime import datetime

from django import forms
from django.utils import timezone

from homecase.asb.models import Behaviour, HateMotivation
from homecase.housing.models import CommunalArea
from homecase.policy.asb import RiskQuestion

YES_NO = [("yes", "Yes"), ("no", "No")]
HOME = "home"
BLOCK = "block"
ESTATE = "estate"
COMMUNAL_PREFIX = "communal-"
SAME = "same"
NEW = "new"
ME = "me"
SOMEONE_ELSE = "someone_else"
RISK_PREFIX = "risk_"
SATISFACTION = [
    ("5", "Very satisfied"),
    ("4", "Fairly satisfied"),
    ("3", "Neither satisfied nor dissatisfied"),
    ("2", "Fairly dissatisfied"),
    ("1", "Very dissatisfied"),
]
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
DATE_FORMAT_ERROR = "Enter the date as numbers, for example 27 3 2026"


def where_choices(
    areas: list[CommunalArea], *, has_home: bool, has_block: bool, has_estate: bool
) -> list[tuple[str, str]]:
    """The places a resident can choose: their home, their block, a shared area of their block
    or estate, or elsewhere on their estate."""
    choices = [(HOME, "At or near my home")] if has_home else []
    if has_block:
        choices.append((BLOCK, "In my block (entrances, stairs, landings or corridors)"))
    choices += [(f"{COMMUNAL_PREFIX}{area.pk}", f"{area.name} (shared area)") for area in areas]
    if has_estate:
        choices.append((ESTATE, "Somewhere else on my estate"))
    return choices


class WhatAndWhereForm(forms.Form):
    behaviours = forms.MultipleChoiceField(
        label="What is happening?",
        choices=Behaviour.choices,
        error_messages={
            "required": "Select what is happening",
            "invalid_choice": "Select what is happening from the list",
        },
    )
    where = forms.ChoiceField(
        label="Where is it happening?",
        error_messages={
            "required": "Select where it is happening",
            "invalid_choice": "Select where it is happening from the list",
        },
    )

    def __init__(self, *args, where: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = where


class SameMatterForm(forms.Form):
    same = forms.ChoiceField(
        label="Is this about the same thing?",
        choices=[],
        error_messages={"required": "Select whether this is about your earlier report"},
    )

    def __init__(self, *args, reference: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["same"].choices = [
            (SAME, f"Yes, add what I tell you to {reference}"),
            (NEW, "No, it is about something else"),
        ]


class WhenForm(forms.Form):
    """A day, month and year, and a time (optional unless TIME_REQUIRED), in the landlord's
    time zone. Errors about the date sit on the day, so the summary's link lands there."""

    happened_day = forms.CharField(label="Day", required=False, max_length=2)
    happened_month = forms.CharField(label="Month", required=False, max_length=2)
    happened_year = forms.CharField(label="Year", required=False, max_length=4)
    happened_time = forms.CharField(label="Time", required=False, max_length=5)
    TIME_REQUIRED = False
    DATE_REQUIRED_ERROR = "Enter the date it last happened"

    def date_parts(self) -> list[tuple[forms.BoundField, str]]:
        return [
            (self["happened_day"], "govuk-input--width-2"),
            (self["happened_month"], "govuk-input--width-2"),
            (self["happened_year"], "govuk-input--width-4"),
        ]

    def clean(self) -> dict:
        data = super().clean()
        day, month, year = (data.get(f"happened_{part}") or "" for part in ("day", "month", "year"))
        clock = (data.get("happened_time") or "").strip()
        data["happened_at"] = None
        if not (day or month or year):
            self.add_error("happened_day", self.DATE_REQUIRED_ERROR)
            return data
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            self.add_error("happened_day", DATE_FORMAT_ERROR)
            return data
        hour_minute = self._time(clock)
        if hour_minute is None:
            return data
        try:
            naive = datetime(int(year), int(month), int(day), *hour_minute)  # noqa: DTZ001 - made aware just below
        except ValueError:
            self.add_error("happened_day", "Enter a real date")
            return data
        moment = timezone.make_aware(naive, timezone.get_current_timezone())
        today = timezone.localdate(timezone.now())
        if not clock and moment.date() == today:
            # No time given for today: midday, or now if midday is still to come.
            moment = min(moment, timezone.now())
        data["happened_at"] = moment
        return data

    def _time(self, clock: str) -> tuple[int, int] | None:
        if not clock:
            if self.TIME_REQUIRED:
                self.add_error("happened_time", "Enter the time it happened, for example 21:30")
                return None
            return (12, 0)
        match = _TIME.match(clock)
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            self.add_error("happened_time", "Enter the time in hours and minutes, like 21:30")
            return None
        return (int(match[1]), int(match[2]))


class ReportDetailsForm(WhenForm):
    where_details = forms.CharField(
        label="Where exactly? (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "Where exactly must be 300 characters or fewer"},
    )
    description = forms.CharField(
        label="What happened?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Describe what happened",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )
    affected = forms.ChoiceField(
        label="Who is affected?",
        choices=[(ME, "Me, or my household"), (SOMEONE_ELSE, "Someone else")],
        error_messages={"required": "Select who is affected"},
    )
    affected_name = forms.CharField(
        label="If someone else, who?",
        required=False,
        max_length=150,
        error_messages={"max_length": "Their name must be 150 characters or fewer"},
    )
    responsible = forms.CharField(
        label="Can you tell us anything about the people responsible? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "What you tell us must be 2,000 characters or fewer"},
    )
    hate = forms.ChoiceField(
        label="Do you think this happens because of someone's disability, race, religion, "
        "sexual orientation or being transgender?",
        choices=YES_NO,
        error_messages={"required": "Select yes if you think it happens because of who someone is"},
    )
    hate_motivations = forms.MultipleChoiceField(
        label="If yes, because of what?",
        required=False,
        choices=HateMotivation.choices,
        error_messages={"invalid_choice": "Select from the list"},
    )
    crime_reference = forms.CharField(
        label="Police crime reference number (optional)",
        required=False,
        max_length=40,
        error_messages={"max_length": "The crime reference must be 40 characters or fewer"},
    )

    def __init__(self, *args, questions: tuple[RiskQuestion, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = [question for question in questions if question.asked_at_intake]
        for question in self.questions:
            self.fields[f"{RISK_PREFIX}{question.code}"] = forms.ChoiceField(
                label=question.resident_text,
                choices=YES_NO,
                error_messages={"required": f"Answer: {question.resident_text}"},
            )

    def risk_fields(self) -> list[forms.BoundField]:
        return [self[f"{RISK_PREFIX}{question.code}"] for question in self.questions]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("affected") == SOMEONE_ELSE and not cleaned.get("affected_name", "").strip():
            self.add_error("affected_name", "Tell us who is affected")
        if cleaned.get("affected") == ME:
            cleaned["affected_name"] = ""
        if cleaned.get("hate") == "yes" and not cleaned.get("hate_motivations"):
            self.add_error("hate_motivations", "Select why you think it happens")
        if cleaned.get("hate") == "no":
            cleaned["hate_motivations"] = []
        cleaned["risk_answers"] = {
            question.code: cleaned.get(f"{RISK_PREFIX}{question.code}") == "yes"
            for question in self.questions
        }
        return cleaned


class DiaryForm(WhenForm):
    TIME_REQUIRED = True
    DATE_REQUIRED_ERROR = "Enter the date it happened"

    what_happened = forms.CharField(
        label="What happened?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Tell us what happened",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )
    # Read from request.FILES in the view (several files); here so errors have a field to sit on.
    photos = forms.FileField(label="Photos (optional)", required=False)


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label="Why are you asking for a case review?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Tell us why you are asking for a case review",
            "max_length": "Your reason must be 5,000 characters or fewer",
        },
    )


class SatisfactionForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="How satisfied are you with how we dealt with your report?",
        choices=SATISFACTION,
        error_messages={"required": "Select how satisfied you are"},
    )
    comment = forms.CharField(
        label="Anything else you want to tell us? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )
