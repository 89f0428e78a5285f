"""Forms for the repairs pages of the staff console. They check only the shape of what was sent
(a real date, a whole number, one of the choices offered) and turn it into the keyword
arguments of one repairs service (`arguments()`); whether the job may be triaged, booked,
completed or closed is for the services to say, and their refusals are shown on the field they
name (`ALIASES` maps a service's field name to the form's)."""

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from homecase.common.errors import DomainError
from homecase.policy.repairs import CatalogueEntry, Priority
from homecase.records.attachments import Photo
from homecase.records.models import Channel
from homecase.repairs import rules
from homecase.repairs.models import (
    AppointmentStatus,
    AttemptMethod,
    Repair,
    RepairStatus,
    VisitOutcome,
    WorkOrder,
    WorkOrderStatus,
)
from homecase.repairs.services.visits import AttemptInput

# How a report or an update reaches us or goes out (the portal is the resident's own).
CHANNELS = [
    (channel.value, channel.label)
    for channel in (
        Channel.PHONE,
        Channel.EMAIL,
        Channel.LETTER,
        Channel.IN_PERSON,
        Channel.LIVE_CHAT,
        Channel.SOCIAL_MEDIA,
        Channel.SMS,
        Channel.VISIT,
    )
]
YES_NO = [("yes", "Yes"), ("no", "No")]
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_TEXT = 5000
ATTEMPT_ROWS = 3
OPEN_WORK_ORDER = (WorkOrderStatus.ISSUED, WorkOrderStatus.APPOINTED, WorkOrderStatus.IN_PROGRESS)


def add_domain_error(
    form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the field it names (or its alias here), else above the form."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _text(
    label: str, *, required: bool = True, missing: str = "", max_length: int = _TEXT, **kw
) -> forms.Field:
    messages = {"max_length": f"{label} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = missing or f"Enter {label[0].lower()}{label[1:]}".rstrip("?")
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea,
        error_messages=messages,
        **kw,
    )


def _line(label: str, *, required: bool = True, max_length: int = 200, **kw) -> forms.Field:
    messages = {"max_length": f"{label} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = f"Enter {label[0].lower()}{label[1:]}".rstrip("?")
    return forms.CharField(
        label=label, required=required, max_length=max_length, error_messages=messages, **kw
    )


def _radios(label: str, choices: Iterable[tuple[str, str]], *, required_message: str) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=list(choices),
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def _clock(value: str) -> time | None:
    match = _TIME.match(value.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to a handful of photos; the service checks they are real images of a sensible size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Photo]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [_photo(upload) for upload in files if upload]


def _photo(upload: UploadedFile) -> Photo:
    return Photo(name=upload.name or "photo", content=upload.read())


class RepairForm(forms.Form):
    """A form about one repair: `arguments()` gives the service its keyword arguments."""

    ALIASES: dict[str, str] = {}
    # Fields rendered together as one GOV.UK date input (see _date.html), if the form has them.
    DATE_PARTS = ("day", "month", "year")
    DATE_LEGEND = ""
    DATE_HINT = ""
    DATE_MISSING = "Enter the date"

    # Whether the service takes the repair (rather than one of its work orders, chases...).
    TAKES_REPAIR = True

    def __init__(self, data=None, files=None, *, repair: Repair, **kwargs) -> None:
        super().__init__(data, files, **kwargs)
        self.repair = repair
        self.offered: dict[str, dict[str, Any]] = {}

    def offer(self, name: str, items: Iterable[Any], words: Callable[[Any], str]) -> None:
        """Offer the job's own items (its open work orders, booked slots, chases...) in the
        choice field `name`; a single one is chosen already. Only these can be sent back."""
        found = {str(item.pk): item for item in items}
        self.offered[name] = found
        self.fields[name].choices = [(pk, words(item)) for pk, item in found.items()]
        if len(found) == 1:
            self.initial[name] = next(iter(found))

    def arguments(self) -> dict[str, Any]:
        """The service's keyword arguments: the cleaned data, with the chosen items."""
        data = {**self.cleaned_data}
        data.update({name: found[data[name]] for name, found in self.offered.items()})
        return {"repair": self.repair, **data} if self.TAKES_REPAIR else data

    def date_parts(self) -> list[tuple[forms.BoundField, str]]:
        """The day, month and year fields with their GOV.UK widths, for _date.html."""
        widths = ("govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4")
        return [(self[name], width) for name, width in zip(self.DATE_PARTS, widths, strict=True)]

    def the_date(self) -> date | None:
        """The day/month/year fields as a date, or an error on the day field."""
        parts = [(self.cleaned_data.get(name) or "").strip() for name in self.DATE_PARTS]
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

    def moment(self, on: date | None, name: str, *, required: bool = True) -> datetime | None:
        """The date with the time typed in field `name`, aware in the landlord's zone."""
        if name in self._errors:
            return None
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            if required:
                self.add_error(name, f"Enter {self.fields[name].label.lower()}")
            return None
        clock = _clock(value)
        if clock is None:
            self.add_error(name, "Enter the time in hours and minutes, like 14:30")
            return None
        if on is None:
            return None
        return timezone.make_aware(datetime.combine(on, clock), timezone.get_current_timezone())


def _date_fields() -> tuple[forms.Field, forms.Field, forms.Field]:
    """Day, month and year: shown as one GOV.UK date input (the form's `the_date()`)."""
    return tuple(  # type: ignore[return-value]
        forms.CharField(label=label, required=False, max_length=4)
        for label in ("Day", "Month", "Year")
    )


def _time(label: str, *, required: bool = True) -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5,
        help_text="In the 24-hour clock, for example 14:30",
        error_messages={"required": f"Enter the {label.lower()}"},
    )


# The queue


class QueueForm(forms.Form):
    """The queue's filters: a GET form, so a filtered queue is a link that can be shared."""

    status = forms.ChoiceField(label="Status", required=False)
    priority = forms.ChoiceField(label="Priority", required=False)
    trade = forms.ChoiceField(label="Trade", required=False)
    overdue_only = forms.BooleanField(label="Only overdue jobs", required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, data=None, *, priorities: Sequence[Priority], trades: Iterable[str]):
        super().__init__(data)
        self.fields["status"].choices = [
            ("", "Any open job"),
            *((s.value, s.label) for s in RepairStatus if s.value in rules.OPEN_STATUSES),
        ]
        self.fields["priority"].choices = [("", "Any"), *((p.code, p.label) for p in priorities)]
        self.fields["trade"].choices = [("", "Any"), *((t, t.capitalize()) for t in trades)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or None,
            "priority": data.get("priority") or None,
            "trade": data.get("trade") or None,
            "overdue_only": bool(data.get("overdue_only")),
            "page": data.get("page") or 1,
        }


# Reporting a repair


class FindForm(forms.Form):
    q = forms.CharField(
        label="Name, address, postcode or UPRN",
        max_length=100,
        error_messages={"required": "Enter a name, address, postcode or UPRN"},
    )


HOME = "home"


class ReportForm(forms.Form):
    """A repair reported by phone or any other channel, for a resident, a home or a communal
    area. The vulnerability question must be answered every time."""

    channel = _radios("How did the report reach us?", CHANNELS, required_message="Select how")
    where = forms.ChoiceField(
        label="Where is the problem?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the problem is"},
    )
    category = forms.ChoiceField(
        label="What is the problem?",
        error_messages={"required": "Select what the problem is"},
    )
    description = _text("Describe the problem in their words", missing="Describe the problem")
    access_notes = _text("Access notes (optional)", required=False)
    photos = PhotosField(label="Photos (optional)", required=False)
    vulnerable = _radios(
        "Does anyone in the home have a disability or vulnerability we should know about?",
        YES_NO,
        required_message="Ask whether anyone in the home has a disability or vulnerability "
        "we should know about",
    )
    vulnerability_details = _text("What should we know?", required=False)
    join_to = forms.ChoiceField(label="Is this the same problem?", required=False)

    ALIASES = {
        "home": "where",
        "communal_area": "where",
        "resident": "where",
        "join_to": "join_to",
        "received_at": "channel",
    }

    def __init__(
        self,
        data=None,
        files=None,
        *,
        places: Sequence[tuple[str, str]],
        catalogue: Sequence[CatalogueEntry],
        duplicates: Sequence[Repair] = (),
        **kwargs,
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.fields["where"].choices = list(places)
        self.fields["category"].choices = [("", "Choose the problem")] + [
            (entry.code, entry.label) for entry in catalogue
        ]
        self.duplicates = {str(repair.pk): repair for repair in duplicates}
        self.fields["join_to"].choices = [
            *((pk, f"Yes, add it to {r.case.reference}") for pk, r in self.duplicates.items()),
            ("new", "No, it is a different problem: report a new repair"),
        ]
        if self.duplicates:
            self.fields["join_to"].required = True
            self.fields["join_to"].error_messages["required"] = (
                "Select whether this is the same problem as the open job"
            )

    def clean_vulnerable(self) -> bool:
        return self.cleaned_data["vulnerable"] == "yes"

    def join_target(self) -> Repair | None:
        return self.duplicates.get(self.cleaned_data.get("join_to") or "")


# The actions on a job


def _priority_choices(priorities: Sequence[Priority]) -> list[tuple[str, str]]:
    return [(p.code, f"{p.label} ({p.timescale_words()})") for p in priorities]


class TriageForm(RepairForm):
    priority = forms.ChoiceField(label="Priority", widget=forms.RadioSelect)
    reason = _text("Reason, if you change the priority", required=False)

    def __init__(self, data=None, files=None, *, repair: Repair, priorities=(), **kw) -> None:
        super().__init__(data, files, repair=repair, initial={"priority": repair.priority}, **kw)
        self.fields["priority"].choices = _priority_choices(priorities)


class PriorityForm(RepairForm):
    priority = forms.ChoiceField(
        label="New priority",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new priority"},
    )
    reason = _text("Why is the priority changing?", required=False)

    def __init__(self, data=None, files=None, *, repair: Repair, priorities=(), **kw) -> None:
        super().__init__(data, files, repair=repair, initial={"priority": repair.priority}, **kw)
        self.fields["priority"].choices = _priority_choices(priorities)


class InterimForm(RepairForm):
    measures = _text(
        "What has been done to keep people safe in the meantime?",
        missing="Enter the interim measures taken",
    )


class WorkOrderForm(RepairForm):
    instructions = _text("Instructions for the operative", missing="Enter the instructions")
    contractor = forms.ChoiceField(label="Contractor", required=False)
    in_house_team = _line("Or the in-house team", required=False, max_length=100)
    trade = _line("Trade", required=False, max_length=40)
    cost = forms.DecimalField(
        label="Estimated cost in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        error_messages={"invalid": "Enter the cost in pounds, like 120.50"},
    )
    ALIASES = {"contractor": "contractor", "in_house_team": "contractor", "cost_pence": "cost"}

    def __init__(self, data=None, files=None, *, repair: Repair, contractors=(), **kw) -> None:
        super().__init__(data, files, repair=repair, initial={"trade": repair.trade}, **kw)
        self.contractors = {str(c.pk): c for c in contractors}
        self.fields["contractor"].choices = [("", "In-house (no contractor)")] + [
            (pk, c.name) for pk, c in self.contractors.items()
        ]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        cost = data.get("cost")
        return {
            "repair": self.repair,
            "instructions": data["instructions"],
            "contractor": self.contractors.get(data.get("contractor") or ""),
            "in_house_team": data.get("in_house_team", ""),
            "trade": data.get("trade") or None,
            "cost_pence": int(cost * 100) if cost is not None else 0,
        }


def _work_order_words(work_order: WorkOrder) -> str:
    return f"{work_order.reference}: {work_order.assignee} ({work_order.trade})"


def _open_orders(repair: Repair) -> list[WorkOrder]:
    return [wo for wo in repair.work_orders.all() if wo.status in OPEN_WORK_ORDER]


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def _choice(label: str, missing: str) -> Any:
    return forms.ChoiceField(
        label=label, error_messages={"required": missing, "invalid_choice": missing}
    )


class _Slot(RepairForm):
    """A date and a start and end time: an appointment slot."""

    DATE_LEGEND = "The date of the appointment"
    DATE_MISSING = "Enter the date of the appointment"
    DATE_HINT = "For example, 27 3 2026"
    ALIASES = {"starts_at": "day", "ends_at": "end_time"}

    def clean(self) -> dict:
        data = super().clean()
        on = self.the_date()
        data["starts_at"] = self.moment(on, "start_time")
        data["ends_at"] = self.moment(on, "end_time")
        return data


class AppointmentForm(_Slot):
    work_order = _choice("Work order", "Select the work order")
    day, month, year = _date_fields()
    start_time = _time("Start time")
    end_time = _time("End time")
    ALIASES = {**_Slot.ALIASES, "work_order": "work_order"}

    def __init__(self, data=None, files=None, *, repair: Repair, **kw) -> None:
        super().__init__(data, files, repair=repair, **kw)
        self.offer("work_order", _open_orders(repair), _work_order_words)

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "work_order": self.offered["work_order"][data["work_order"]],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }


class MoveAppointmentForm(_Slot):
    appointment = _choice("Appointment to move", "Select the appointment")
    day, month, year = _date_fields()
    start_time = _time("New start time")
    end_time = _time("New end time")
    reason = _text("Why is it moving?", missing="Enter why the appointment is moving")
    ALIASES = {**_Slot.ALIASES, "appointment": "appointment"}
    DATE_LEGEND = "The new date"
    DATE_MISSING = "Enter the new date"

    def __init__(self, data=None, files=None, *, repair: Repair, **kw) -> None:
        super().__init__(data, files, repair=repair, **kw)
        booked = [
            appointment
            for wo in repair.work_orders.all()
            for appointment in wo.appointments.all()
            if appointment.status == AppointmentStatus.BOOKED
        ]
        self.offer(
            "appointment",
            booked,
            lambda a: (
                f"{a.work_order.reference}: {timezone.localtime(a.starts_at):%-d %B %Y, %H:%M}"
            ),
        )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "appointment": self.offered["appointment"][data["appointment"]],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "reason": data["reason"],
        }


class VisitForm(RepairForm):
    work_order = _choice("Work order", "Select the work order")
    operative = _line("Operative's name", max_length=150)
    day, month, year = _date_fields()
    arrived_time = _time("Arrived at")
    left_time = _time("Left at (optional)", required=False)
    outcome = _radios(
        "What happened?", VisitOutcome.choices, required_message="Select what happened"
    )
    notes = _text("Notes (optional)", required=False)
    follow_on_instructions = _text("Follow-on work needed (if any)", required=False)
    photos = PhotosField(label="Photos (optional)", required=False)
    DATE_LEGEND = "The date of the visit"
    DATE_MISSING = "Enter the date of the visit"
    DATE_HINT = "For example, 27 3 2026"
    ALIASES = {
        "arrived_at": "day",
        "left_at": "left_time",
        "attempts": "attempt_1_time",
        "work_order": "work_order",
        "appointment": "work_order",
    }

    def __init__(self, data=None, files=None, *, repair: Repair, **kw) -> None:
        super().__init__(data, files, repair=repair, **kw)
        self.offer("work_order", _open_orders(repair), _work_order_words)
        for row in range(1, ATTEMPT_ROWS + 1):
            self.fields[f"attempt_{row}_time"] = _time(f"Attempt {row}: time", required=False)
            self.fields[f"attempt_{row}_method"] = forms.ChoiceField(
                label=f"Attempt {row}: how",
                required=False,
                choices=[("", "Choose how"), *AttemptMethod.choices],
            )
            self.fields[f"attempt_{row}_card"] = forms.BooleanField(
                label=f"Attempt {row}: card left", required=False
            )

    def attempt_rows(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            (self[f"attempt_{n}_time"], self[f"attempt_{n}_method"], self[f"attempt_{n}_card"])
            for n in range(1, ATTEMPT_ROWS + 1)
        ]

    def clean(self) -> dict:
        data = super().clean()
        on = self.the_date()
        data["arrived_at"] = self.moment(on, "arrived_time")
        data["left_at"] = self.moment(on, "left_time", required=False)
        data["attempt_list"] = []
        for row in range(1, ATTEMPT_ROWS + 1):
            when = self.moment(on, f"attempt_{row}_time", required=False)
            method = data.get(f"attempt_{row}_method") or ""
            if when and not method:
                self.add_error(f"attempt_{row}_method", f"Select how attempt {row} was made")
            elif method and not (data.get(f"attempt_{row}_time") or "").strip():
                self.add_error(f"attempt_{row}_time", f"Enter the time of attempt {row}")
            elif when:
                data["attempt_list"].append((when, method, data.get(f"attempt_{row}_card")))
        return data

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        work_order = self.offered["work_order"][data["work_order"]]
        booked = [a for a in work_order.appointments.all() if a.status == AppointmentStatus.BOOKED]
        return {
            "work_order": work_order,
            "operative": data["operative"],
            "arrived_at": data["arrived_at"],
            "left_at": data["left_at"],
            "outcome": data["outcome"],
            "notes": data.get("notes", ""),
            "attempts": [
                AttemptInput(attempted_at=when, method=method, card_left=bool(card))
                for when, method, card in data["attempt_list"]
            ],
            "photos": data.get("photos") or [],
            "appointment": booked[0] if booked else None,
            "follow_on_instructions": data.get("follow_on_instructions", ""),
        }


class ProgrammeForm(RepairForm):
    programme = _line("Which programme?")
    day, month, year = _date_fields()
    reason = _text(
        "Why is it going to the programme?", missing="Enter why it is going to the programme"
    )
    DATE_LEGEND = "When is the work planned for?"
    DATE_MISSING = "Enter the date the work is planned for"
    DATE_HINT = "The first day of the planned month is fine, for example 1 9 2026"
    ALIASES = {"planned_for": "day"}

    def clean(self) -> dict:
        data = super().clean()
        data["planned_for"] = self.the_date()
        return data

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "repair": self.repair,
            "programme": data["programme"],
            "planned_for": data["planned_for"],
            "reason": data["reason"],
        }


class UpdateForm(RepairForm):
    summary = _text("The update the resident is given", missing="Enter the update")
    channel = _radios("How was it given?", CHANNELS, required_message="Select how it was given")


class ChaseForm(RepairForm):
    channel = _radios("How did they chase?", CHANNELS, required_message="Select how they chased")
    summary = _text("What did they say?", missing="Enter what they said")
    ALIASES = {"occurred_at": "channel"}


class ChaseReplyForm(RepairForm):
    chase = _choice("Chase", "Select the chase")
    summary = _text("The reply", missing="Enter the reply")
    channel = _radios("How was it given?", CHANNELS, required_message="Select how it was given")

    TAKES_REPAIR = False

    def __init__(self, data=None, files=None, *, repair: Repair, **kw) -> None:
        super().__init__(data, files, repair=repair, **kw)
        self.offer(
            "chase",
            [c for c in repair.chases.all() if c.replied_at is None],
            lambda c: f"Chase {c.number} of {_when(c.chased_at)}",
        )


class CompleteForm(RepairForm):
    """Nothing to fill in: the service checks there is a completed visit."""


class ConfirmForm(RepairForm):
    confirmed = _radios(
        "Does the resident say the work is done?",
        [("yes", "Yes, it is done"), ("no", "No, it is not done properly")],
        required_message="Select whether the resident says the work is done",
    )
    satisfaction = forms.TypedChoiceField(
        label="How satisfied are they? (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "Not asked"),
            ("5", "5: very satisfied"),
            ("4", "4: fairly satisfied"),
            ("3", "3: neither"),
            ("2", "2: fairly dissatisfied"),
            ("1", "1: very dissatisfied"),
        ],
    )
    comment = _text("What did they say? (optional)", required=False)

    def clean_confirmed(self) -> bool:
        return self.cleaned_data["confirmed"] == "yes"


class InspectForm(RepairForm):
    inspection = _choice("Inspection", "Select the inspection")
    passed = _radios(
        "Did the work pass?",
        [("yes", "Yes, it passed"), ("no", "No, it failed: reopen the job")],
        required_message="Select whether the work passed",
    )
    notes = _text("What did you find?", missing="Enter what you found")

    TAKES_REPAIR = False

    def __init__(self, data=None, files=None, *, repair: Repair, **kw) -> None:
        super().__init__(data, files, repair=repair, **kw)
        self.offer(
            "inspection",
            [i for i in repair.inspections.all() if not i.result],
            lambda i: (
                f"{i.get_reason_display()}, asked for {timezone.localtime(i.created_at):%-d %B}"
            ),
        )

    def clean_passed(self) -> bool:
        return self.cleaned_data["passed"] == "yes"


class ReasonForm(RepairForm):
    reason = _text("Reason", missing="Enter the reason")


class CancelWorkOrderForm(RepairForm):
    work_order = _choice("Work order", "Select the work order")
    reason = _text("Why is it cancelled?", missing="Enter why it is cancelled")
    TAKES_REPAIR = False

    def __init__(self, data=None, files=None, *, repair: Repair, **kw) -> None:
        super().__init__(data, files, repair=repair, **kw)
        self.offer("work_order", _open_orders(repair), _work_order_words)
