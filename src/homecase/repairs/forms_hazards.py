"""Forms for the Awaab's Law pages of a repair in the staff console. They check the shape of
what was typed (a choice offered, a real date and time) and give the awaab service its keyword
arguments (`arguments()`); whether the step may be taken now is the service's decision."""

from typing import Any

from homecase.repairs.forms_console import RepairForm, _date_fields, _line, _radios, _text, _time
from homecase.repairs.models import Hazard, HazardSeverity
from homecase.repairs.services.awaab import SUMMARY_HOW


class HazardForm(RepairForm):
    """A form about a repair's hazard: the service is called with `hazard=`."""

    def __init__(self, data=None, files=None, *, hazard: Hazard, **kwargs) -> None:
        super().__init__(data, files, repair=hazard.repair, **kwargs)
        self.hazard = hazard

    def arguments(self) -> dict[str, Any]:
        return {"hazard": self.hazard, **self.cleaned_data}


class TriageForm(HazardForm):
    severity = _radios(
        "How serious is the hazard?",
        HazardSeverity.choices,
        required_message="Select how serious the hazard is",
    )
    reason = _text("Why did you decide this?", missing="Say why you decided this")


class _Moment(HazardForm):
    """A date and a time: when something happened (`at` for the service)."""

    DATE_LEGEND = "The date"
    MOMENT = "at"
    TIME_FIELD = "time"

    def clean(self) -> dict:
        data = super().clean()
        on = self.the_date()
        data[self.MOMENT] = self.moment(on, self.TIME_FIELD)
        for name in ("day", "month", "year", self.TIME_FIELD):
            data.pop(name, None)
        return data


class InvestigationForm(_Moment):
    investigator = _line("Name of the investigator", max_length=150)
    day, month, year = _date_fields()
    time = _time("Time the investigation ended")
    findings = _text("What did the investigation find?", missing="Say what it found")
    DATE_LEGEND = "The date the investigation ended"
    MOMENT = "investigated_at"
    ALIASES = {"investigated_at": "day", "investigator": "investigator", "findings": "findings"}


class SummaryForm(HazardForm):
    how = _radios(
        "How is the written summary reaching the tenant?",
        list(SUMMARY_HOW.items()),
        required_message="Select how the summary is reaching the tenant",
    )


class MadeSafeForm(_Moment):
    day, month, year = _date_fields()
    time = _time("Time it was made safe")
    DATE_LEGEND = "The date it was made safe"
    ALIASES = {"at": "day"}


class SafetyWorksForm(_Moment):
    day, month, year = _date_fields()
    time = _time("Time the safety works were completed")
    DATE_LEGEND = "The date the safety works were completed"
    ALIASES = {"at": "day"}


class FurtherWorksForm(_Moment):
    day, month, year = _date_fields()
    time = _time("Time the further works physically started")
    DATE_LEGEND = "The date the further works physically started"
    ALIASES = {"at": "day"}


class AccommodationForm(HazardForm):
    details = _text(
        "What accommodation was offered?",
        missing="Say what accommodation was offered",
        help_text="Where, from when, and that it is at our cost.",
    )
