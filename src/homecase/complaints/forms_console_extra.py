"""Forms for the console's putting-things-right, learning, Ombudsman, contact, offer and
restriction pages. They check shape only (a field given, a real date, a line split in two):
whether the thing may be done is the services' decision.

Each field's widget says how the page draws it (`complaints/console/extra_field.html` reads
`BoundField.widget_type`); `govuk_width`, `govuk_prefix`, `govuk_inline` and `hinted_choices`
are presentation hints read by the same template."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from homecase.common.errors import DomainError
from homecase.complaints.models import (
    CompensationBand,
    CompensationStatus,
    Finding,
    Impact,
    RemedyKind,
)
from homecase.records.models import Channel

YES_NO = [("yes", "Yes"), ("no", "No")]
# A person records what was said, so "Homecase (automatic)" is not a channel they can pick.
PERSON_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.SYSTEM]


def add_domain_error(
    form: forms.Form, error: DomainError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's refusal inline on the field it names (renamed through `field_map` where
    the service's argument and the form's field differ), or above the form."""
    field = (field_map or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


class DatePartsWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes named <name>_day, _month, _year."""

    def __init__(self) -> None:
        boxes = {"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}
        super().__init__(widgets={name: box() for name, box in boxes.items()})

    def decompress(self, value: date | None) -> list[Any]:
        return [value.day, value.month, value.year] if value else ["", "", ""]


class DateField(forms.Field):
    """A date typed as day, month and year. Its value for display is always [day, month, year]
    so that the template can refill the boxes whether the form was sent or not."""

    widget = DatePartsWidget
    default_error_messages = {"invalid": "Enter a real date"}

    def to_python(self, value: Any) -> date | None:
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            return None
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return self.widget.decompress(value)
        return list(value) if isinstance(value, list | tuple) else ["", "", ""]


def _text(label: str, required: str | None, *, hint: str = "", rows: int = 5) -> forms.CharField:
    """A textarea; `required` is the message when left empty (None: optional)."""
    return forms.CharField(
        label=label,
        required=required is not None,
        help_text=hint,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required or "",
            "max_length": f"{label} must be 5,000 characters or fewer",
        },
    )


def _date(label: str, required: str | None, *, hint: str = "") -> DateField:
    return DateField(
        label=label,
        required=required is not None,
        help_text=hint or "For example, 27 3 2026",
        error_messages={"required": required or "", "invalid": f"{label} must be a real date"},
    )


def _radios(label: str, choices: list, required: str, *, inline: bool = False):
    field = forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )
    field.govuk_inline = inline
    field.hinted_choices = [(value, text, "") for value, text in choices]
    return field


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _owner(required: str | None, users) -> OwnerChoiceField:
    return OwnerChoiceField(
        label="Who will do it",
        queryset=users,
        required=required is not None,
        empty_label="Choose a member of staff",
        error_messages={"required": required or "", "invalid_choice": "Choose a member of staff"},
    )


# Putting things right


class RemedyForm(forms.Form):
    kind = _radios("What kind of remedy is it?", RemedyKind.choices, "Choose the kind of remedy")
    description = _text(
        "What will be done",
        "Say what will be done to put things right",
        hint="Write it as the resident will read it in their letter.",
    )
    owner = _owner(None, None)
    due_on = _date("Done by", None, hint="For an action: the date it will be done by.")

    def __init__(self, *args: Any, users, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["owner"].help_text = "Needed for an action, with the date it will be done by."


class ProgressForm(forms.Form):
    progress = _text(
        "What has happened",
        "Say what has happened",
        hint="We will send this to the resident in their usual way.",
    )


class DoneForm(forms.Form):
    note = _text("Anything to add (optional)", None, hint="The resident is told it is done.")


class CompensationForm(forms.Form):
    impact = _radios("How much did the failure affect the resident?", [], "Choose the impact")
    amount = forms.DecimalField(
        label="Amount",
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Enter the amount",
            "invalid": "Amount must be a number of pounds, like 150 or 150.00",
            "min_value": "Amount must be more than £0",
            "max_digits": "Amount must be less than £10,000,000",
            "max_decimal_places": "Amount must be pounds and pence, like 150.50",
        },
    )
    reason = _text("What the compensation is for", "Say what the compensation is for")

    def __init__(self, *args: Any, bands: list[CompensationBand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ranges = {band.impact: _range(band) for band in bands}
        self.fields["impact"].choices = Impact.choices
        # The answer's hint is the band in force, e.g. "The Ombudsman suggests £100 to £600".
        self.fields["impact"].hinted_choices = [
            (value, label, ranges.get(value, "")) for value, label in Impact.choices
        ]
        self.fields["amount"].govuk_prefix = "£"
        self.fields["amount"].govuk_width = "govuk-input--width-10"


def _range(band: CompensationBand) -> str:
    top = f"£{band.maximum:,.0f}" if band.maximum is not None else "more"
    return f"The Ombudsman suggests £{band.minimum:,.0f} to {top}"


class CompensationRecordForm(forms.Form):
    status = _radios(
        "What happened to the offer?",
        [(s.value, s.label) for s in CompensationStatus if s != CompensationStatus.OFFERED],
        "Choose accepted, declined or paid",
    )


class RootCauseForm(forms.Form):
    root_cause = _text(
        "What caused the failure",
        "Say what caused the failure",
        hint="Staff only: this is not sent to the resident.",
    )


class LearningForm(forms.Form):
    description = _text("What will change", "Say what will change")
    owner = _owner("Choose who will do it", None)
    due_on = _date("Done by", "Enter the date it will be done by")

    def __init__(self, *args: Any, users, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users


class ConfirmForm(forms.Form):
    """A page whose only answer is its button."""


# The Housing Ombudsman


class ReferralForm(forms.Form):
    referred_on = _date("Date the Ombudsman told us", "Enter the date the complaint was referred")
    ombudsman_reference = forms.CharField(
        label="The Ombudsman's reference (optional)",
        required=False,
        max_length=40,
        error_messages={"max_length": "The reference must be 40 characters or fewer"},
    )
    ombudsman_reference.govuk_width = "govuk-input--width-20"


_FINDINGS = {label.lower(): value for value, label in Finding.choices} | {
    value: value for value in Finding.values
}


def _split_lines(text: str, what: str) -> list[tuple[str, str]]:
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        left, bar, right = line.rpartition("|")
        if not bar or not left.strip() or not right.strip():
            raise forms.ValidationError(f"Line {number}: write the {what}, a | and then the rest")
        pairs.append((left.strip(), right.strip()))
    return pairs


class DeterminationForm(forms.Form):
    determined_on = _date("Date of the determination", "Enter the date of the determination")
    findings = _text(
        "Findings",
        "Record at least one finding",
        hint="One element a line: the element, a | and the finding, for example "
        "'Repairs to the roof | Maladministration'. Findings: "
        + ", ".join(label.lower() for label in Finding.labels)
        + ".",
    )
    orders = _text(
        "Orders (optional)",
        None,
        hint="One order a line: what was ordered, a | and the number of weeks, for example "
        "'Apologise to the resident | 4'.",
    )

    def clean_findings(self) -> list[tuple[str, str]]:
        findings = []
        for element, finding in _split_lines(self.cleaned_data["findings"], "element"):
            value = _FINDINGS.get(finding.lower().replace(" ", "_")) or _FINDINGS.get(
                finding.lower()
            )
            if value is None:
                raise forms.ValidationError(f"'{finding}' is not one of the Ombudsman's findings")
            findings.append((element, value))
        return findings

    def clean_orders(self) -> list[tuple[str, int]]:
        orders = []
        for text, weeks in _split_lines(self.cleaned_data["orders"], "order"):
            if not weeks.isdigit() or int(weeks) < 1:
                raise forms.ValidationError(f"'{weeks}' must be a whole number of weeks, like 4")
            orders.append((text, int(weeks)))
        return orders


class ComplyForm(forms.Form):
    evidence = _text(
        "Evidence that the order was complied with",
        "Record the evidence that the order was complied with",
        hint="For example, the date the letter of apology was sent and where it is kept.",
    )


# Contacts, offers of a complaint and contact restrictions


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did they get in touch?",
        choices=PERSON_CHANNELS,
        initial=Channel.PHONE,
        error_messages={"required": "Choose how they got in touch"},
    )
    summary = _text(
        "What was said",
        "Say what the contact was about",
        hint="Use the resident's own words where you can.",
    )
    dissatisfied = forms.BooleanField(label="The resident seems dissatisfied", required=False)
    dissatisfied.help_text = "They do not have to say the word 'complaint'."


class OfferForm(forms.Form):
    wants_to_complain = _radios(
        "Does the resident want to make a complaint?",
        YES_NO,
        "Choose yes if the resident wants to make a complaint",
        inline=True,
    )
    description = _text(
        "The complaint in their own words (if yes)",
        None,
        hint="Leave empty to use what they said when they got in touch.",
    )
    desired_outcome = _text("What they want to happen (if yes)", None, rows=3)
    channel = forms.ChoiceField(
        label="How did they tell you?",
        choices=PERSON_CHANNELS,
        initial=Channel.PHONE,
        error_messages={"required": "Choose how they told you"},
    )


class RestrictionForm(forms.Form):
    behaviour = _text("The behaviour", "Describe the behaviour that led to the restriction")
    evidence = _text("The evidence", "Record the evidence for it")
    equality_act_consideration = _text(
        "How the Equality Act 2010 was considered",
        "Record how the Equality Act 2010 was considered",
        hint="For example, whether a disability could explain the behaviour, and the "
        "reasonable adjustments considered.",
    )
    arrangement = _text(
        "How we will be in touch while it lasts",
        "Say how we will be in touch while it lasts",
        hint="It limits how we keep in touch, never whether a complaint is dealt with.",
    )
    starts_on = _date("Start date", "Enter the start date")
    review_on = _date("Review date", "Enter the review date")


class RestrictionReviewForm(forms.Form):
    outcome = _text("What the review found", "Record what the review found")
    decision = _radios(
        "What happens now?",
        [("keep", "Keep the restriction"), ("end", "End the restriction")],
        "Choose whether to keep or end the restriction",
    )
    next_review_on = _date(
        "Next review date (if kept)", None, hint="Needed if it is kept. For example, 27 3 2026"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kept = cleaned.get("decision") == "keep"
        if kept and not cleaned.get("next_review_on") and "next_review_on" not in self.errors:
            self.add_error("next_review_on", "Enter the next review date")
        return cleaned
