"""The TSM period chooser: a reporting year, or any dates from and to (which win when given).
Validates shape only; the period rules are in `rules_tsm`."""

from datetime import date

from django import forms

from homecase.common.time import now
from homecase.reports import rules_tsm
from homecase.reports.rules_tsm import Period


def _today() -> date:
    return now().date()


class TsmPeriodForm(forms.Form):
    year = forms.ChoiceField(
        label="Reporting year",
        required=False,
        error_messages={
            "invalid_choice": "Choose a reporting year from the list, or give the dates from "
            "and to."
        },
    )
    start = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the start date as a real date, like 1/4/2025."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the end date as a real date, like 31/3/2026."},
    )

    def __init__(self, data=None, *, today: date | None = None) -> None:
        super().__init__(data)
        years = rules_tsm.recent_years(today or _today())
        self.fields["year"].choices = [(y, y) for y in years]
        self.default_year = years[0]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if end and not start:
            self.add_error("start", "Enter the start of the period.")
            return cleaned
        try:
            if start:
                cleaned["period"] = rules_tsm.period_between(start, end or _today())
            else:
                cleaned["period"] = rules_tsm.reporting_year(cleaned["year"] or self.default_year)
        except rules_tsm.PeriodError as refused:
            self.add_error("end" if start else "year", str(refused))
        return cleaned

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


def period_form(params, *, today: date | None = None) -> TsmPeriodForm:
    """The form bound to a request's query string (the current year when nothing is asked)."""
    return TsmPeriodForm(
        params if any(params.get(k) for k in ("year", "start", "end")) else {}, today=today
    )
