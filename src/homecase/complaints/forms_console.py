"""Forms for the complaint officer's pages in the staff console. They check only the shape of
what was sent (a real date, a whole number, one of the choices offered); whether a complaint can
be acknowledged, extended, answered or escalated is for the complaint services to say, and their
messages are shown on the field they name."""

import re
from collections.abc import Iterable
from datetime import datetime

from django import forms
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import DomainError
from homecase.complaints.models import Complainant, Decision, Exclusion, Point
from homecase.complaints.selectors import OPEN_STATUSES, QueueFilters
from homecase.housing.models import Representative
from homecase.records.models import Channel

# The ways a complaint reaches staff (a resident uses the portal themselves).
CHANNELS = [
    (channel.value, channel.label)
    for channel in (
        Channel.PHONE,
        Channel.EMAIL,
        Channel.LETTER,
        Channel.LIVE_CHAT,
        Channel.SOCIAL_MEDIA,
        Channel.IN_PERSON,
    )
]
RAG_CHOICES = [("", "Any"), ("red", "Overdue"), ("amber", "Due soon"), ("green", "On track")]
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
# "Name – circumstances": an en dash, em dash or hyphen with spaces round it.
_SIGNER_SEPARATOR = re.compile(r"\s+[–—-]\s+")
_TEXT = 5000


def add_domain_error(
    form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the field it names (or its alias here), else above the form."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _text(label: str, *, required: bool = False, max_length: int = _TEXT, **kwargs) -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea,
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer"},
        **kwargs,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QueueForm(forms.Form):
    """The queue's filters: a GET form, so a filtered queue is a link that can be shared."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any open complaint"), *((s.value, s.label) for s in OPEN_STATUSES)],
    )
    rag = forms.ChoiceField(label="Due", required=False, choices=RAG_CHOICES)
    mine = forms.BooleanField(label="Only complaints I handle", required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def filters(self, *, user: User) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            status=data.get("status", ""),
            rag=data.get("rag", ""),
            mine_for=user.pk if data.get("mine") else None,
            page=data.get("page") or 1,
        )


class ReceivedForm(forms.Form):
    """When something reached us: now unless changed, and a reason if it is recorded later.

    The date and time are filled in with the moment the page was opened; sent back unchanged
    they mean "now", so a long phone call never turns into a back-dated record."""

    received_day = forms.CharField(label="Day", required=False, max_length=2)
    received_month = forms.CharField(label="Month", required=False, max_length=2)
    received_year = forms.CharField(label="Year", required=False, max_length=4)
    received_time = forms.CharField(label="Time", required=False, max_length=5)
    received_default = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    backdate_reason = forms.CharField(
        label="If it reached us earlier, why is it being recorded now? (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )
    PARTS = ("received_day", "received_month", "received_year", "received_time")

    @classmethod
    def initial_at(cls, at: datetime) -> dict[str, str]:
        local = timezone.localtime(at)
        parts = [str(local.day), str(local.month), str(local.year), local.strftime("%H:%M")]
        return {**dict(zip(cls.PARTS, parts, strict=True)), "received_default": " ".join(parts)}

    def clean(self) -> dict:
        data = super().clean()
        parts = [data.get(name) or "" for name in self.PARTS]
        if not any(parts) or " ".join(parts) == data.get("received_default"):
            data["received_at"] = None
            return data
        data["received_at"] = self._moment(parts)
        return data

    def _moment(self, parts: list[str]) -> datetime | None:
        day, month, year, clock = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            self.add_error("received_day", "Enter the date as numbers, for example 27 3 2026")
            return None
        match = _TIME.match(clock)
        if match is None:
            self.add_error("received_time", "Enter the time in hours and minutes, like 14:30")
            return None
        try:
            naive = datetime(  # noqa: DTZ001 - made aware in the landlord's zone just below
                int(year), int(month), int(day), int(match[1]), int(match[2])
            )
        except ValueError:
            self.add_error("received_day", "Enter a real date and time")
            return None
        return timezone.make_aware(naive, timezone.get_current_timezone())


class ComplaintLogForm(ReceivedForm):
    """A complaint taken by phone, email, letter, live chat, social media or in person."""

    channel = forms.ChoiceField(
        label="How did the complaint reach us?",
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the complaint reached us"},
    )
    complainant = forms.ChoiceField(
        label="Who is complaining?",
        choices=Complainant.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is complaining"},
    )
    representative = forms.ChoiceField(label="Which representative?", required=False)
    third_party_name = forms.CharField(label="Their name", required=False, max_length=200)
    third_party_contact = forms.CharField(
        label="How we can contact them", required=False, max_length=300
    )
    signers = _text("Who signed the petition")
    description = _text("The complaint, in their own words")
    desired_outcome = _text("What would they like us to do to put things right? (optional)")
    related_case = forms.CharField(
        label="Reference of the case it is about (optional)", required=False, max_length=20
    )
    about_conduct = forms.BooleanField(
        label="It is about the conduct of a member of staff or a contractor", required=False
    )
    conduct_subject = forms.CharField(label="Whose conduct?", required=False, max_length=200)

    field_order = [
        "channel",
        *ReceivedForm.PARTS,
        "backdate_reason",
        "complainant",
        "representative",
        "third_party_name",
        "third_party_contact",
        "signers",
        "description",
        "desired_outcome",
        "related_case",
        "about_conduct",
        "conduct_subject",
    ]
    ALIASES = {
        "occurred_at": "received_day",
        "received_at": "received_day",
        "title": "description",
    }

    def __init__(
        self, data=None, *, representatives: Iterable[Representative], has_resident: bool, **kw
    ) -> None:
        super().__init__(data, **kw)
        self.fields["representative"].choices = [("", "Choose a representative")] + [
            (str(rep.pk), f"{rep.name} ({rep.get_relationship_display()})")
            for rep in representatives
        ]
        if not has_resident:
            # Without a resident, only someone outside our records can be the complainant.
            self.fields["complainant"].choices = [
                (Complainant.THIRD_PARTY.value, Complainant.THIRD_PARTY.label)
            ]

    def signer_lines(self) -> list[tuple[str, str]]:
        """Each petition signer as (name, circumstances), in the order given."""
        signers = []
        for line in _lines(self.cleaned_data.get("signers", "")):
            name, *rest = _SIGNER_SEPARATOR.split(line, maxsplit=1)
            signers.append((name.strip(), rest[0].strip() if rest else ""))
        return signers


class AcknowledgeForm(forms.Form):
    points = _text("What the response must answer")
    outcomes_sought = _text("What outcome does the resident want?")
    officer = forms.ChoiceField(
        label="Officer handling this stage",
        error_messages={"required": "Select the officer handling this stage"},
    )

    def __init__(self, data=None, *, officers: Iterable[User], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.officers = {str(officer.pk): officer for officer in officers}
        self.fields["officer"].choices = [
            (pk, officer.get_full_name() or officer.username)
            for pk, officer in self.officers.items()
        ]

    def chosen_officer(self) -> User | None:
        return self.officers.get(self.cleaned_data.get("officer", ""))

    def point_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("points", ""))


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(
        label="How many more working days?",
        min_value=1,
        max_value=60,
        error_messages={
            "required": "Enter how many more working days are needed",
            "invalid": "Enter the number of working days as a whole number, like 5",
            "min_value": "An extension must be at least 1 working day",
            "max_value": "An extension must be 60 working days or fewer",
        },
    )
    reason = _text("Why is more time needed?")
    good_reason_beyond_limit = _text(
        "If this goes beyond the limit, the good reason for that (optional)"
    )
    ALIASES = {"beyond_limit_reason": "good_reason_beyond_limit"}


DECISION_CHOICES = [(d.value, d.label) for d in Decision]


class DecideForm(forms.Form):
    """A decision and its reason for each point of the definition; a point may be left undecided
    for now (the response cannot be sent until every point has both)."""

    def __init__(self, data=None, *, points: Iterable[Point], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.points = list(points)
        for point in self.points:
            self.fields[f"decision_{point.number}"] = forms.ChoiceField(
                label=f"Decision on point {point.number}",
                required=False,
                choices=DECISION_CHOICES,
                initial=point.decision,
                error_messages={"invalid_choice": f"Select a decision for point {point.number}"},
            )
            self.fields[f"reason_{point.number}"] = _text(
                f"Reason for the decision on point {point.number}", initial=point.reason
            )

    def rows(self) -> list[tuple[Point, forms.BoundField, forms.BoundField]]:
        return [
            (point, self[f"decision_{point.number}"], self[f"reason_{point.number}"])
            for point in self.points
        ]

    def decisions(self) -> list[tuple[int, str, str]]:
        data = self.cleaned_data
        return [
            (p.number, data.get(f"decision_{p.number}", ""), data.get(f"reason_{p.number}", ""))
            for p in self.points
        ]


class RespondForm(forms.Form):
    explanation = _text("What we found, and why")
    remedy_summary = _text("What we will do to put things right (optional)")
    ALIASES = {"responded_at": "explanation"}


class EscalateForm(ReceivedForm):
    channel = forms.ChoiceField(
        label="How did the resident ask for stage 2?",
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the resident asked"},
    )
    reason = _text("Why are they unhappy with the stage 1 response? (optional)")
    late_discretion_reason = _text("Why are we accepting it after the deadline?")
    field_order = ["channel", *ReceivedForm.PARTS, "backdate_reason", "reason"]
    ALIASES = {"occurred_at": "received_day", "requested_at": "received_day"}


class RefuseForm(forms.Form):
    exclusion = forms.ChoiceField(
        label="Why can it not be accepted as a complaint?",
        choices=Exclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason it cannot be accepted"},
    )
    explanation = _text("Why this reason applies to this complaint")


class WithdrawForm(forms.Form):
    reason = _text("Why is the complaint being withdrawn?")


class PointForm(forms.Form):
    summary = _text("The new point")
