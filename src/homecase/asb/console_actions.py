"""Every action on an ASB case in the staff console, through ONE view: a table says, for each
action, its form, the ASB service it calls, the message on success and when it is offered.

The view is the same for all of them: ASB officers only (anyone else is told there is no such
case); the case from the URL; a GOV.UK form; on a valid POST the service is called with `actor`
and the form's `arguments()`; a service's refusal (a `DomainError`) is shown on the field it
names, in the error summary and inline, with a 400 status, and nothing is written (each service
is one transaction); on success, back to the case page with a banner."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from homecase.asb import forms_console_actions as f
from homecase.asb.console import case_view, not_found, url
from homecase.asb.forms_console import AsbForm, add_domain_error
from homecase.asb.models import ActionStatus, AsbCase, AsbStatus, ReviewDecision
from homecase.asb.services import closure, evidence, plan, review, risk
from homecase.common.errors import DomainError


def _open(asb: AsbCase) -> bool:
    return asb.status == AsbStatus.OPEN


def _open_actions(asb: AsbCase) -> bool:
    return _open(asb) and asb.actions.filter(status=ActionStatus.OPEN).exists()


def _partner_actions(asb: AsbCase) -> bool:
    return asb.actions.filter(partner__isnull=False).exclude(status=ActionStatus.CANCELLED).exists()


def _pending_review(asb: AsbCase) -> bool:
    return asb.reviews.filter(decision=ReviewDecision.PENDING).exists()


@dataclass(frozen=True)
class Action:
    label: str  # the link on the case page, and the heading of the action's page
    form: type[AsbForm]
    service: Callable[..., Any]  # an ASB service, called with actor and the form's data
    done: str  # the message shown on the case page afterwards
    button: str
    fits: Callable[[AsbCase], bool]  # offered on the case page now (the service checks again)
    about: str = ""  # what the officer should know before filling it in
    reason_label: str = ""  # for the reason-only forms


ACTIONS: dict[str, Action] = {
    "assess-risk": Action(
        "Review the risk assessment",
        f.RiskForm,
        risk.risk_assess,
        "Risk assessment recorded.",
        "Record the assessment",
        _open,
        about="Ask every question again with the victim. The answers set the risk level and "
        "the first-contact timescale; a safeguarding concern adds a safeguarding referral.",
    ),
    "add-action": Action(
        "Add an action",
        f.ActionForm,
        plan.action_add,
        "Action added to the plan.",
        "Add the action",
        _open,
        about="Every action has an owner (an officer or a partner) and a date. Actions agreed "
        "with the victim are shown to them, and they are told when each is done.",
    ),
    "complete-action": Action(
        "Complete an action",
        f.CompleteActionForm,
        plan.action_complete,
        "Action completed.",
        "Complete the action",
        _open_actions,
    ),
    "cancel-action": Action(
        "Cancel an action",
        f.CancelActionForm,
        plan.action_cancel,
        "Action cancelled.",
        "Cancel the action",
        _open_actions,
    ),
    "partner-response": Action(
        "Record a partner's response",
        f.PartnerResponseForm,
        plan.partner_response_record,
        "Partner's response recorded.",
        "Record the response",
        _partner_actions,
    ),
    "agree-contact-interval": Action(
        "Agree how often to keep in touch",
        f.ContactIntervalForm,
        plan.contact_interval_agree,
        "Contact interval agreed. The next contact is due from today.",
        "Agree the interval",
        _open,
    ),
    "record-contact": Action(
        "Record a contact",
        f.ContactForm,
        plan.contact_record,
        "Contact recorded.",
        "Record the contact",
        _open,
        about="A contact with the victim keeps the first-contact and agreed-contact promises "
        "and opens the next one.",
    ),
    "add-person": Action(
        "Add a person",
        f.PersonForm,
        evidence.party_add,
        "Person added to the case.",
        "Add the person",
        _open,
        about="A victim, alleged perpetrator, witness or further reporter: a resident (by "
        "their number) or anyone else (by name).",
    ),
    "add-note": Action(
        "Add an officer note",
        f.NoteForm,
        evidence.officer_note_add,
        "Note added.",
        "Add the note",
        lambda asb: True,
    ),
    "crime-reference": Action(
        "Record a crime reference",
        f.CrimeReferenceForm,
        evidence.crime_reference_record,
        "Crime reference recorded.",
        "Record the crime reference",
        lambda asb: True,
        about="Only when the police have given one. It is never needed before we act.",
    ),
    "link-repair": Action(
        "Link a repair",
        f.LinkRepairForm,
        evidence.repair_link,
        "Repair linked.",
        "Link the repair",
        _open,
        about="For a repair that bears on the behaviour, such as an insecure entrance door. "
        "Its interim measures are shown on this case.",
    ),
    "assign-officer": Action(
        "Change the named officer",
        f.OfficerForm,
        evidence.officer_assign,
        "Named officer changed. The reporter has been told.",
        "Change the officer",
        _open,
    ),
    "hate-incident": Action(
        "Record a hate incident",
        f.HateForm,
        evidence.hate_incident_record,
        "Hate incident recorded.",
        "Record the hate incident",
        _open,
        about="Anything the victim or anyone else perceives as motivated by hostility is "
        "recorded as a hate incident.",
    ),
    "decide-review": Action(
        "Decide on a case review",
        f.DecideReviewForm,
        review.case_review_decide,
        "Case review decision recorded. The resident has been told.",
        "Record the decision",
        _pending_review,
    ),
    "close": Action(
        "Close the case",
        f.CloseForm,
        closure.asb_close,
        "Case closed. The reporter has been asked how satisfied they are.",
        "Close the case",
        _open,
        about="Every action must be done or cancelled first. Record what the victim says.",
    ),
    "reopen": Action(
        "Reopen the case",
        f.ReasonForm,
        closure.asb_reopen,
        "Case reopened.",
        "Reopen the case",
        lambda asb: asb.status == AsbStatus.CLOSED,
        about="Only when the behaviour recurs within the reopening period; after it, take a "
        "new report.",
        reason_label="What has happened again?",
    ),
    "join": Action(
        "Join to another case",
        f.JoinForm,
        closure.asb_join,
        "Case joined to the other case about the same matter.",
        "Join the cases",
        _open,
        about="For a case opened about a matter another open case already covers. This case "
        "stops and its reports count on the other.",
    ),
}


def offered(asb: AsbCase) -> list[tuple[str, str]]:
    """Links to the actions that fit the case now, for the case page."""
    return [
        (url("action", asb, action=name), action.label)
        for name, action in ACTIONS.items()
        if action.fits(asb)
    ]


def _make_form(action: Action, asb: AsbCase, request: HttpRequest) -> AsbForm:
    posted = request.method == "POST"
    form = action.form(request.POST if posted else None, request.FILES if posted else None, asb=asb)
    for name in form.fields:
        # ?action=<id> (from a row on the case page) chooses it already.
        if not posted and name in request.GET:
            form.initial[name] = request.GET[name]
    if action.reason_label and "reason" in form.fields:
        form.fields["reason"].label = action.reason_label
    return form


@case_view
@require_http_methods(["GET", "POST"])
def action_view(request: HttpRequest, asb: AsbCase, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        return not_found(request, "", "There is no such action on an ASB case.")
    form = _make_form(chosen, asb, request)
    if request.method == "POST" and form.is_valid():
        try:
            chosen.service(actor=request.user, **form.arguments())
        except DomainError as error:
            add_domain_error(form, error, form.ALIASES)
        else:
            messages.success(request, chosen.done)
            return redirect(url("case", asb))
    context = {"asb": asb, "form": form, "action": chosen}
    return render(request, "asb/console/action.html", context, status=400 if form.errors else 200)
