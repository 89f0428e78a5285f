"""Forms for the contractor view: booking or moving an appointment, and recording a visit. They
check only the shape of what was sent (a real date, a time); whether a slot or a visit is
allowed (in the past, on another contractor's order, no access without attempts) is for the
repairs services to say.

Dates and times are plain inputs that work on any phone without JavaScript; they are read as
local time in the landlord's time zone."""

from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from homecase.repairs.models import Appointment, AttemptMethod, VisitOutcome

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]
ATTEMPTS = 3  # rows for access attempts on a "no access" visit


def local(day: date, at: time) -> datetime:
    """A date and a time as an aware moment in the landlord's time zone."""
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def _date(label: str, what: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a real date, for example 27/3/2026",
        },
        **kwargs,
    )


def _time(label: str, what: str, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a 24-hour time, for example 14:30",
        },
        **kwargs,
    )


class AppointmentForm(forms.Form):
    day = _date("Date", "date of the appointment")
    starts = _time("From", "time the slot starts")
    ends = _time("To", "time the slot ends")

    def clean(self) -> dict:
        cleaned = super().clean()
        day, starts, ends = (cleaned.get(key) for key in ("day", "starts", "ends"))
        if day and starts and ends:
            cleaned["starts_at"] = local(day, starts)
            cleaned["ends_at"] = local(day, ends)
        return cleaned


class MoveAppointmentForm(AppointmentForm):
    reason = forms.CharField(
        label="Why is it moving?",
        max_length=300,
        error_messages={
            "required": "Enter why the appointment is moving",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )


class VisitForm(forms.Form):
    operative = forms.CharField(
        label="Operative's name",
        max_length=150,
        error_messages={
            "required": "Enter the name of the operative who visited",
            "max_length": "The name must be 150 characters or fewer",
        },
    )
    appointment = forms.ChoiceField(label="Which appointment was this?", required=False)
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=VisitOutcome.choices,
        error_messages={"required": "Select what happened on the visit"},
    )
    day = _date("Date of the visit", "date of the visit")
    arrived = _time("Arrived at", "time the operative arrived")
    left = _time("Left at (optional)", "time the operative left", required=False)
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": "Notes must be 5,000 characters or fewer"},
    )
    follow_on_instructions = forms.CharField(
        label="Follow-on work needed (only if follow-on work is needed)",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": "Follow-on work must be 5,000 characters or fewer"},
    )
    photos = forms.FileField(label="Photos (optional)", required=False)

    def __init__(self, *args, appointments: list[Appointment], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appointment"].choices = [("", "Not on an appointment")] + [
            (str(a.pk), timezone.localtime(a.starts_at).strftime("%-d %B %Y, %H:%M"))
            for a in appointments
        ]
        self.attempt_rows = []
        for number in range(1, ATTEMPTS + 1):
            self.fields[f"attempt_{number}_time"] = _time(
                f"Attempt {number}: time", f"time of attempt {number}", required=False
            )
            self.fields[f"attempt_{number}_method"] = forms.ChoiceField(
                label=f"Attempt {number}: how",
                required=False,
                choices=[("", "Choose how")] + list(AttemptMethod.choices),
            )
            self.fields[f"attempt_{number}_card_left"] = forms.BooleanField(
                label=f"Attempt {number}: card left", required=False
            )
            self.attempt_rows.append(
                (
                    number,
                    self[f"attempt_{number}_time"],
                    self[f"attempt_{number}_method"],
                    self[f"attempt_{number}_card_left"],
                )
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        day, arrived, left = (cleaned.get(key) for key in ("day", "arrived", "left"))
        if day and arrived:
            cleaned["arrived_at"] = local(day, arrived)
            cleaned["left_at"] = local(day, left) if left else None
        cleaned["attempts"] = self._attempts(day)
        return cleaned

    def _attempts(self, day: date | None) -> list[tuple[datetime, str, bool]]:
        """The filled-in attempt rows, each as (when, how, card left)."""
        found = []
        for number in range(1, ATTEMPTS + 1):
            at, how, card = (
                self.cleaned_data.get(f"attempt_{number}_{key}")
                for key in ("time", "method", "card_left")
            )
            if at is None and not how:
                continue
            if at is None or not how:
                missing = "time" if at is None else "method"
                self.add_error(
                    f"attempt_{number}_{missing}",
                    f"Give both the time and how for attempt {number}",
                )
                continue
            if day is not None:
                found.append((local(day, at), how, bool(card)))
        return found
