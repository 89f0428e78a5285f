"""The forms of the actions on an ASB case in the staff console (one per action of
`console_actions.ACTIONS`). Each checks the shape of what was sent and gives one ASB service its
keyword arguments (`arguments()`); the service decides whether it may be done."""

from typing import Any

from django import forms
from django.utils import timezone

from homecase.asb.forms_console import (
    CHANNELS,
    AsbForm,
    asb_officers,
    checkboxes,
    officer_words,
    risk_answers,
    risk_fields,
)
from homecase.asb.models import (
    ActionKind,
    ActionStatus,
    AsbAction,
    AsbCase,
    ClosureReason,
    HateMotivation,
    Partner,
    PartyRole,
    ReviewDecision,
)
from homecase.asb.services import PersonInput
from homecase.housing.models import Resident
from homecase.policy import selectors as policy
from homecase.repairs.forms_console import PhotosField, _date_fields, _line, _radios, _text
from homecase.repairs.models import Repair


def _choice(label: str, missing: str, **kw) -> forms.Field:
    return forms.ChoiceField(
        label=label, error_messages={"required": missing, "invalid_choice": missing}, **kw
    )


def _action_words(action: AsbAction) -> str:
    who = action.partner or (officer_words(action.owner) if action.owner else "")
    by = f"{action.due_on:%-d %B %Y}"
    return f"{action.get_kind_display()}: {action.description[:60]} ({who}, by {by})"


def partners() -> list[Partner]:
    return list(Partner.objects.order_by("name"))


def _actions(asb: AsbCase, *statuses: str, with_partner: bool = False) -> list[AsbAction]:
    found = asb.actions.select_related("owner", "partner").order_by("due_on", "pk")
    if statuses:
        found = found.filter(status__in=statuses)
    if with_partner:
        found = found.filter(partner__isnull=False)
    return list(found)


class RiskForm(AsbForm):
    """The whole victim risk and vulnerability matrix, asked again at a review."""

    notes = _text("Notes (optional)", required=False)
    ALIASES = {"answers": "notes"}

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        latest = asb.risk_assessments.order_by("-assessed_at", "-pk").first()
        notes = self.fields.pop("notes")
        risk_fields(self, policy.asb_policy().risk_questions, latest.answers if latest else {})
        self.fields["notes"] = notes

    def arguments(self) -> dict[str, Any]:
        return {
            "asb": self.asb,
            "answers": risk_answers(self),
            "stage": "review",
            "notes": self.cleaned_data["notes"],
        }


class ActionForm(AsbForm):
    kind = _choice(
        "What will be done?", "Select what will be done", choices=[("", ""), *ActionKind.choices]
    )
    description = _text("Describe the action", missing="Describe the action")
    owner = forms.ChoiceField(label="Officer who owns it", required=False)
    partner = forms.ChoiceField(label="Or the partner organisation doing it", required=False)
    day, month, year = _date_fields()
    agreed_with_victim = forms.BooleanField(
        label="Agreed with the victim (they will see it and be told when it is done)",
        required=False,
    )
    victim_consent = forms.BooleanField(
        label="The victim consents (needed to report to the police on their behalf)",
        required=False,
    )
    DATE_LEGEND = "To be done by"
    DATE_HINT = "For example, 27 3 2026"
    ALIASES = {"due_on": "day"}

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        self.fields["kind"].choices = [("", "Choose the action"), *ActionKind.choices]
        self.offer("owner", asb_officers(), officer_words, blank="No officer (a partner does it)")
        self.offer("partner", partners(), str, blank="No partner")
        if asb.officer_id and str(asb.officer_id) in self.offered["owner"]:
            self.initial["owner"] = str(asb.officer_id)

    def clean(self) -> dict:
        data = super().clean()
        # No date at all is the service's refusal ("Give the date this will be done by.").
        data["due_on"] = self.the_date(required=False)
        return data

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "asb": self.asb,
            "kind": data["kind"],
            "description": data["description"],
            "due_on": data["due_on"],
            "owner": self.chosen("owner"),
            "partner": self.chosen("partner"),
            "agreed_with_victim": data["agreed_with_victim"],
            "victim_consent": data["victim_consent"],
        }


class _OnAction(AsbForm):
    """A form about one of the case's actions (chosen, or given as ?action=<id>)."""

    action = _choice("Action", "Select the action")
    STATUSES: tuple[str, ...] = (ActionStatus.OPEN,)
    WITH_PARTNER = False

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        found = _actions(asb, *self.STATUSES, with_partner=self.WITH_PARTNER)
        self.offer("action", found, _action_words)

    def arguments(self) -> dict[str, Any]:
        return {**self.cleaned_data, "action": self.chosen("action")}


class CompleteActionForm(_OnAction):
    outcome = _text("What came of it?", missing="Enter what came of it")


class CancelActionForm(_OnAction):
    reason = _text("Why is it cancelled?", missing="Enter why it is cancelled")


class PartnerResponseForm(_OnAction):
    response = _text("What did the partner say or do?", missing="Enter the partner's response")
    STATUSES = (ActionStatus.OPEN, ActionStatus.DONE)
    WITH_PARTNER = True
    ALIASES = {"partner": "action"}


class ContactIntervalForm(AsbForm):
    working_days = forms.IntegerField(
        label="Keep in touch every (working days)",
        help_text="As agreed with the victim: from 1 to 60 working days.",
        error_messages={
            "required": "Enter how many working days between contacts",
            "invalid": "Enter a whole number of working days",
        },
    )

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        self.initial["working_days"] = asb.contact_interval_working_days


class ContactForm(AsbForm):
    channel = _radios("How was the contact made?", CHANNELS, required_message="Select how")
    summary = _text("What was said?", missing="Enter what was said")
    with_victim = _radios(
        "Was it with the victim?",
        [("yes", "Yes: it keeps the contact promise"), ("no", "No: someone else")],
        required_message="Select whether it was with the victim",
    )
    ALIASES = {"occurred_at": "channel"}

    def clean_with_victim(self) -> bool:
        return self.cleaned_data["with_victim"] == "yes"


class PersonForm(AsbForm):
    role = _radios(
        "Their part in the case", PartyRole.choices, required_message="Select their part"
    )
    name = _line("Name or description", required=False, max_length=150)
    resident = forms.IntegerField(
        label="Or their resident number",
        required=False,
        min_value=1,
        error_messages={"invalid": "Enter the resident's number as digits"},
    )
    contact = _line("Contact (optional)", required=False)
    notes = _text("Notes (optional)", required=False)
    ALIASES = {"person": "name"}

    def clean_resident(self) -> Resident | None:
        number = self.cleaned_data.get("resident")
        if not number:
            return None
        found = Resident.objects.filter(pk=number).first()
        if found is None:
            raise forms.ValidationError(f"There is no resident with the number {number}")
        return found

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        person = PersonInput(
            name=data["name"],
            resident=data["resident"],
            contact=data["contact"],
            notes=data["notes"],
        )
        return {"asb": self.asb, "role": data["role"], "person": person}


class NoteForm(AsbForm):
    text = _text("The note", missing="Enter the note")
    photos = PhotosField(label="Photos (optional)", required=False)


class CrimeReferenceForm(AsbForm):
    crime_reference = _line("Police crime reference", max_length=40)


class LinkRepairForm(AsbForm):
    repair = _line("Repair reference", max_length=20)
    ALIASES = {"repair": "repair"}

    def clean_repair(self) -> Repair:
        reference = self.cleaned_data["repair"].strip().upper()
        found = Repair.objects.select_related("case").filter(case__reference=reference).first()
        if found is None:
            raise forms.ValidationError(f"There is no repair with the reference {reference}")
        return found


class OfficerForm(AsbForm):
    officer = _choice("Named officer", "Select the officer")

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        self.offer("officer", asb_officers(), officer_words)
        if asb.officer_id and str(asb.officer_id) in self.offered["officer"]:
            self.initial["officer"] = str(asb.officer_id)


class HateForm(AsbForm):
    motivations = checkboxes(
        "Hostility based on",
        HateMotivation.choices,
        error_messages={"required": "Select what the hostility is based on"},
    )
    perceived_by = _line("Perceived as hate by", max_length=150)
    ALIASES = {"hate_motivations": "motivations", "hate_perceived_by": "perceived_by"}

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        self.initial.update(motivations=asb.hate_motivations, perceived_by=asb.hate_perceived_by)


class DecideReviewForm(AsbForm):
    review = _choice("Case review asked for", "Select the case review")
    decision = _radios(
        "Decision",
        [c for c in ReviewDecision.choices if c[0] != ReviewDecision.PENDING],
        required_message="Select the decision",
    )
    outcome = _text("Outcome", missing="Enter the outcome")
    recommendations = _text("Recommendations (optional)", required=False)

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        pending = asb.reviews.filter(decision=ReviewDecision.PENDING).order_by("requested_at")
        self.offer(
            "review",
            pending,
            lambda r: f"Asked {timezone.localtime(r.requested_at):%-d %B %Y}: {r.reason[:60]}",
        )

    def arguments(self) -> dict[str, Any]:
        return {key: value for key, value in super().arguments().items() if key != "asb"}


class CloseForm(AsbForm):
    reason = _choice("Why is it closing?", "Select why it is closing")
    explanation = _text("Explanation (needed for another reason)", required=False)
    victim_view = _text(
        "What does the victim say about closing it?", missing="Enter the victim's view"
    )
    ALIASES = {"actions": "reason"}

    def __init__(self, data=None, files=None, *, asb: AsbCase, **kw) -> None:
        super().__init__(data, files, asb=asb, **kw)
        self.fields["reason"].choices = [("", "Choose the reason"), *ClosureReason.choices]


class ReasonForm(AsbForm):
    reason = _text("Reason", missing="Enter the reason")


class JoinForm(AsbForm):
    into = _line("Reference of the case about the same matter", max_length=20)
    reason = _text("Why are they the same matter?", missing="Enter why")

    def clean_into(self) -> AsbCase:
        from homecase.asb import selectors

        reference = self.cleaned_data["into"].strip().upper()
        found = selectors.case_by_reference(reference)
        if found is None:
            raise forms.ValidationError(f"There is no ASB case with the reference {reference}")
        return found
