"""Forms for the programme view in the staff console: its filters (a GET form, so a filtered
programme is a link that can be shared), adding a component, and recording work done to one.
They check shape only; the components service decides what may be written."""

from datetime import date
from typing import Any

from django import forms

from homecase.housing.models import Block, Estate, Home
from homecase.repairs.forms_console import RepairForm, _date_fields, _line
from homecase.repairs.models import Component, ComponentKind, Repair

KIND_CHOICES = [("", "All kinds"), *ComponentKind.choices]
WITHIN_CHOICES = [("1", "1 year"), ("2", "2 years"), ("5", "5 years"), ("10", "10 years")]


class ProgrammeFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of work", choices=KIND_CHOICES, required=False)
    estate = forms.ModelChoiceField(
        label="Estate", queryset=Estate.objects.all(), required=False, empty_label="All estates"
    )
    block = forms.ModelChoiceField(
        label="Block",
        queryset=Block.objects.select_related("estate"),
        required=False,
        empty_label="All blocks",
    )
    within = forms.ChoiceField(
        label="Due within", choices=WITHIN_CHOICES, required=False, initial="1"
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @staticmethod
    def defaults() -> dict[str, Any]:
        return {"kind": None, "estate": None, "block": None, "within_years": 1, "page": 1}

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; anything not understood is ignored (a GET form)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "kind": data.get("kind") or None,
            "estate": data.get("estate"),
            "block": data.get("block"),
            "within_years": int(data.get("within") or 1),
            "page": data.get("page") or 1,
        }


class _DatedForm(RepairForm):
    """A form with one GOV.UK date input and no repair of its own."""

    def __init__(self, data=None, files=None, **kwargs) -> None:
        super().__init__(data, files, repair=None, **kwargs)  # type: ignore[arg-type]

    def optional_date(self) -> date | None:
        if not any((self.cleaned_data.get(name) or "").strip() for name in self.DATE_PARTS):
            return None
        return self.the_date()


class ComponentAddForm(_DatedForm):
    kind = forms.ChoiceField(
        label="Kind of component",
        choices=[("", "Choose a kind"), *ComponentKind.choices],
        error_messages={"required": "Select the kind of component"},
    )
    block = forms.ModelChoiceField(
        label="Block",
        queryset=Block.objects.select_related("estate"),
        required=False,
        empty_label="Not a block: a home",
        help_text="For a component of a whole block, such as its roof or communal decoration.",
    )
    uprn = _line(
        "Or the home's UPRN",
        required=False,
        max_length=12,
        help_text="For a component of one home, such as its kitchen or boiler.",
    )
    day, month, year = _date_fields()
    cycle_years = forms.IntegerField(
        label="Years between each time (optional)",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Leave empty to use the policy's cycle for this kind.",
        error_messages={
            "invalid": "Enter the cycle as a whole number of years",
            "min_value": "The cycle must be at least 1 year",
            "max_value": "The cycle must be 100 years or fewer",
        },
    )
    programme = _line("Programme (optional)", required=False)
    DATE_LEGEND = "When was it last done? (optional)"
    DATE_HINT = "Leave empty if nobody knows: it will show as due now. For example, 27 3 2021"
    ALIASES = {"last_done_on": "day", "home": "uprn", "cycle_years": "cycle_years"}

    def clean(self) -> dict:
        data = super().clean()
        data["last_done_on"] = self.optional_date()
        uprn = (data.pop("uprn", "") or "").strip()
        data["home"] = None
        if uprn:
            data["home"] = Home.objects.filter(uprn=uprn).first()
            if data["home"] is None:
                self.add_error("uprn", "There is no home with that UPRN")
        for name in self.DATE_PARTS:
            data.pop(name, None)
        return data

    def arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ComponentWorkForm(_DatedForm):
    day, month, year = _date_fields()
    description = _line("What work was done?", max_length=300)
    reference = _line(
        "Repair number (optional)",
        required=False,
        max_length=20,
        help_text="If the work was done under a repair, for example R-2026-004211.",
    )
    DATE_LEGEND = "When was the work done?"
    ALIASES = {"done_on": "day", "description": "description", "repair": "reference"}

    def __init__(self, data=None, files=None, *, component: Component, **kwargs) -> None:
        super().__init__(data, files, **kwargs)
        self.component = component

    def clean(self) -> dict:
        data = super().clean()
        data["done_on"] = self.the_date()
        reference = (data.pop("reference", "") or "").strip()
        data["repair"] = None
        if reference:
            data["repair"] = Repair.objects.filter(case__reference=reference).first()
            if data["repair"] is None:
                self.add_error("reference", "There is no repair with that number")
        for name in self.DATE_PARTS:
            data.pop(name, None)
        return data

    def arguments(self) -> dict[str, Any]:
        return {"component": self.component, **self.cleaned_data}
