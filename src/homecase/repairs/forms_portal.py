"""Forms for the resident's repair pages. They check only the shape of what was sent: whether
a repair can be reported, chased or confirmed is for the repairs services to say.

Reporting a repair takes three short steps, each working without JavaScript: what and where,
then (only if we already have an open job there) "is this the same problem?", then the
details. What was chosen travels in the address, so nothing is kept on the server between
steps and the back button works."""

from django import forms

from homecase.housing.models import CommunalArea
from homecase.policy.repairs import CatalogueEntry

YES_NO = [("yes", "Yes"), ("no", "No")]
HOME = "home"
COMMUNAL_PREFIX = "communal-"
SAME = "same"
NEW = "new"
SATISFACTION = [
    ("5", "Very satisfied"),
    ("4", "Fairly satisfied"),
    ("3", "Neither satisfied nor dissatisfied"),
    ("2", "Fairly dissatisfied"),
    ("1", "Very dissatisfied"),
]


def category_choices(catalogue: tuple[CatalogueEntry, ...]) -> list:
    """The catalogue in plain words, grouped: things in the home, then shared areas."""
    in_home = [(entry.code, entry.label) for entry in catalogue if not entry.communal]
    shared = [(entry.code, entry.label) for entry in catalogue if entry.communal]
    return [
        ("", "Choose what needs repairing"),
        ("In your home", in_home),
        ("Shared areas of your block or estate", shared),
    ]


def where_choices(areas: list[CommunalArea], has_home: bool) -> list[tuple[str, str]]:
    home = [(HOME, "In my home")] if has_home else []
    return home + [(f"{COMMUNAL_PREFIX}{area.pk}", f"{area.name} (shared)") for area in areas]


class WhatAndWhereForm(forms.Form):
    category = forms.ChoiceField(
        label="What needs repairing?",
        error_messages={
            "required": "Choose what needs repairing",
            "invalid_choice": "Choose what needs repairing from the list",
        },
    )
    where = forms.ChoiceField(
        label="Where is it?",
        error_messages={
            "required": "Choose where the problem is",
            "invalid_choice": "Choose where the problem is from the list",
        },
    )

    def __init__(self, *args, catalogue, areas, has_home: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(catalogue)
        self.groups = category_choices(catalogue)[1:]
        self.fields["where"].choices = where_choices(areas, has_home)


class SameProblemForm(forms.Form):
    same = forms.ChoiceField(
        label="Is this the same problem?",
        choices=[],
        error_messages={"required": "Choose whether this is the same problem"},
    )

    def __init__(self, *args, reference: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["same"].choices = [
            (SAME, f"Yes, add what I tell you to {reference}"),
            (NEW, "No, it is a different problem"),
        ]


class ReportDetailsForm(forms.Form):
    description = forms.CharField(
        label="Describe the problem",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Describe the problem",
            "max_length": "The description must be 5,000 characters or fewer",
        },
    )
    # Read from request.FILES in the view (several files); here so errors have a field to sit on.
    photos = forms.FileField(label="Photos (optional)", required=False)
    access_notes = forms.CharField(
        label="How can we get in? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": "How we can get in must be 1,000 characters or fewer"},
    )
    vulnerable = forms.ChoiceField(
        label="Does anyone in your home have a disability or vulnerability we should know "
        "about for this repair?",
        choices=YES_NO,
        error_messages={
            "required": "Select yes if anyone in your home has a disability or vulnerability "
            "we should know about"
        },
    )
    vulnerability_details = forms.CharField(
        label="If yes, tell us about it",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "What you tell us must be 2,000 characters or fewer"},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        vulnerable = cleaned.get("vulnerable")
        details = cleaned.get("vulnerability_details", "").strip()
        if vulnerable == "yes" and not details:
            self.add_error(
                "vulnerability_details",
                "Tell us about the disability or vulnerability, so that we can plan the visit",
            )
        if vulnerable == "no":
            cleaned["vulnerability_details"] = ""
        return cleaned


class ChaseForm(forms.Form):
    summary = forms.CharField(
        label="What would you like to tell us or ask?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Tell us what you would like to know about the repair",
            "max_length": "Your message must be 2,000 characters or fewer",
        },
    )


class AccessForm(forms.Form):
    when = forms.CharField(
        label="When can we come in?",
        max_length=300,
        error_messages={
            "required": "Tell us the days and times we can come in",
            "max_length": "When we can come in must be 300 characters or fewer",
        },
    )


class CompletionForm(forms.Form):
    confirmed = forms.ChoiceField(
        label="Has the repair been done?",
        choices=[("yes", "Yes, it is done"), ("no", "No, it is not done properly")],
        error_messages={"required": "Select whether the repair has been done"},
    )
    satisfaction = forms.ChoiceField(
        label="How satisfied are you with the repair?",
        choices=SATISFACTION,
        required=False,
    )
    comment = forms.CharField(
        label="Anything else you want to tell us? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("confirmed") == "no" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Tell us what is still wrong")
        return cleaned
