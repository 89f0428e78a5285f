"""The period form of the annual complaints report (and the self-assessment): a reporting year
(1 April - 31 March, written `2025-26`) or any from/to dates."""

from datetime import date

from django import forms
from django.utils import timezone

from homecase.reports import rules_tsm
from homecase.reports.selectors_annual import Period


def _reporting_year(label: str) -> Period | None:
    try:
        year = rules_tsm.reporting_year(label)
    except rules_tsm.PeriodError:
        return None
    return Period(year.start, year.end, year.label)


def current_reporting_year(today: date | None = None) -> Period:
    """The reporting year containing `today` (the landlord's today by default)."""
    year = rules_tsm.reporting_year(rules_tsm.reporting_year_of(today or timezone.localdate()))
    return Period(year.start, year.end, year.label)


class PeriodForm(forms.Form):
    year = forms.CharField(
        label="Reporting year",
        required=False,
        help_text="For example, 2025-26 (1 April 2025 to 31 March 2026).",
    )
    start = forms.DateField(label="From", required=False, help_text="For example, 2025-04-01.")
    end = forms.DateField(label="To", required=False, help_text="For example, 2026-03-31.")

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        start, end, year = data.get("start"), data.get("end"), (data.get("year") or "").strip()
        if start or end:
            if not (start and end):
                raise forms.ValidationError("Enter both the start and the end of the period.")
            if end < start:
                self.add_error("end", "The end of the period must be on or after its start.")
                return data
            data["period"] = Period(start, end)
        elif year:
            period = _reporting_year(year)
            if period is None:
                self.add_error("year", "Enter a reporting year like 2025-26.")
                return data
            data["period"] = period
        else:
            data["period"] = current_reporting_year()
        return data


def period_from(query: dict) -> tuple[PeriodForm, Period | None]:
    """The bound form and its period (None when the form has errors)."""
    form = PeriodForm({key: query.get(key, "") for key in ("year", "start", "end")})
    if form.is_valid():
        return form, form.cleaned_data["period"]
    return form, None
