"""Console pages for putting things right (remedies, compensation), learning (root cause,
learning actions), the Housing Ombudsman (referrals, determinations, orders), contacts on any
case with the offer of a complaint they may open, and contact restrictions.

Every page is a GOV.UK form: parse, access, call one service, redirect (POST/redirect/GET). A
service's refusal is shown as an error summary and an inline error, and nothing is written.
Complaint officers' work (remedies, compensation, learning, the Ombudsman, restrictions) needs
`access.can_handle`; any member of staff may record a contact and the resident's choice."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from homecase.clock import end_of_local_day
from homecase.common.errors import DomainError, NotFound
from homecase.common.time import now
from homecase.complaints import selectors, services
from homecase.complaints.access import access_complaint_for_staff, can_handle
from homecase.complaints.forms_console_extra import (
    CompensationForm,
    CompensationRecordForm,
    ComplyForm,
    ConfirmForm,
    ContactForm,
    DeterminationForm,
    DoneForm,
    LearningForm,
    OfferForm,
    ProgressForm,
    ReferralForm,
    RemedyForm,
    RestrictionForm,
    RestrictionReviewForm,
    RootCauseForm,
    add_domain_error,
)
from homecase.complaints.models import (
    Complaint,
    ComplaintOffer,
    ContactRestriction,
    OfferChoice,
    OmbudsmanOrder,
)
from homecase.console.views import staff_only
from homecase.housing.selectors import resident_detail
from homecase.policy.selectors import landlord_time_zone
from homecase.records.selectors import case_by_reference

View = Callable[..., HttpResponse]
NS = "console:console-complaints"


@dataclass(frozen=True)
class Page:
    """What the form page shows around its form."""

    title: str
    caption: str
    button: str
    back_url: str
    intro: list[str] = field(default_factory=list)
    summary: list[tuple[str, str]] = field(default_factory=list)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/console/extra_forbidden.html", status=403)


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "console/not_found.html", {"message": message}, status=404)


def complaint_url(reference: str, anchor: str = "") -> str:
    """The complaint's page in the console, at one of this module's sections."""
    url = reverse(f"{NS}:complaint", kwargs={"reference": reference})
    return f"{url}#{anchor}" if anchor else url


def officer_page(view: View) -> View:
    """Staff only; complaint handlers only (403); the complaint in the URL, or a 404."""

    @staff_only
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_handle(request.user):
            return _forbidden(request)
        try:
            complaint = access_complaint_for_staff(user=request.user, reference=reference)
        except NotFound as missing:
            return _not_found(request, missing.message)
        return view(request, complaint, *args, **kwargs)

    return wrapper


def handler_only(view: View) -> View:
    """Staff only; complaint handlers only (for pages not about one complaint)."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_handle(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


def _bound(request: HttpRequest, form_class: type[forms.Form], **kwargs: Any) -> forms.Form:
    data = request.POST if request.method == "POST" else None
    return form_class(data, **kwargs)


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    page: Page,
    write: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    message: str,
    field_map: dict[str, str] | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST call the service and redirect, or show its refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except DomainError as refused:
            add_domain_error(form, refused, field_map)
        else:
            messages.success(request, message)
            return redirect(done(result))
    return render(request, "complaints/console/extra_form.html", {"form": form, "page": page})


def _page(complaint: Complaint, title: str, button: str, anchor: str, **kwargs: Any) -> Page:
    return Page(
        title=title,
        caption=f"Complaint {complaint.reference}",
        button=button,
        back_url=complaint_url(complaint.reference, anchor),
        **kwargs,
    )


def _moment_on(day: date) -> datetime:
    """A date typed by an officer as a moment: now if today, else the end of that local day
    (a past day's event then falls after anything recorded earlier that day)."""
    if day == timezone.localdate(now()):
        return now()
    return end_of_local_day(day, tz=landlord_time_zone())


def _today() -> date:
    return timezone.localdate(now())


# Putting things right


@officer_page
def remedy_add(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    form = _bound(request, RemedyForm, users=selectors.staff_members())
    return _form_page(
        request,
        form=form,
        page=_page(complaint, "Add a remedy", "Add the remedy", "putting-things-right"),
        write=lambda data: services.remedy_add(complaint=complaint, actor=request.user, **data),
        done=lambda _: complaint_url(complaint.reference, "putting-things-right"),
        message="The remedy has been added.",
    )


def _remedy_or_404(request: HttpRequest, complaint: Complaint, remedy_id: int):
    remedy = complaint.remedies.select_related("deadline").filter(pk=remedy_id).first()
    if remedy is None:
        return None, _not_found(request, "This complaint has no such remedy.")
    return remedy, None


@officer_page
def remedy_update(request: HttpRequest, complaint: Complaint, remedy_id: int) -> HttpResponse:
    remedy, missing = _remedy_or_404(request, complaint, remedy_id)
    if missing:
        return missing
    return _form_page(
        request,
        form=_bound(request, ProgressForm),
        page=_page(
            complaint,
            "Post an update to the resident",
            "Send the update",
            "putting-things-right",
            summary=[("Action", remedy.description)],
        ),
        write=lambda data: services.remedy_update(remedy=remedy, actor=request.user, **data),
        done=lambda _: complaint_url(complaint.reference, "putting-things-right"),
        message="The update has been sent to the resident.",
    )


@officer_page
def remedy_complete(request: HttpRequest, complaint: Complaint, remedy_id: int) -> HttpResponse:
    remedy, missing = _remedy_or_404(request, complaint, remedy_id)
    if missing:
        return missing
    return _form_page(
        request,
        form=_bound(request, DoneForm),
        page=_page(
            complaint,
            "Mark an action as done",
            "Mark as done",
            "putting-things-right",
            summary=[("Action", remedy.description)],
        ),
        write=lambda data: services.remedy_complete(remedy=remedy, actor=request.user, **data),
        done=lambda _: complaint_url(complaint.reference, "putting-things-right"),
        message="The action is marked as done and the resident has been told.",
    )


@officer_page
def compensation_offer(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    bands = selectors.compensation_bands_in_force(on=_today())
    form = _bound(request, CompensationForm, bands=bands)
    if request.method == "GET":
        form.initial["impact"] = request.GET.get("impact", "")
    intro = [
        "Choose the impact on the resident to see the range the Housing Ombudsman's remedies "
        "guidance suggests, then the amount and what it is for."
    ]
    return _form_page(
        request,
        form=form,
        page=_page(
            complaint, "Offer compensation", "Offer compensation", "compensation", intro=intro
        ),
        write=lambda data: services.compensation_offer(
            complaint=complaint, actor=request.user, **data
        ),
        done=lambda _: complaint_url(complaint.reference, "compensation"),
        message="The compensation offer has been recorded.",
    )


@officer_page
def compensation_record(
    request: HttpRequest, complaint: Complaint, compensation_id: int
) -> HttpResponse:
    offer = complaint.compensations.filter(pk=compensation_id).first()
    if offer is None:
        return _not_found(request, "This complaint has no such compensation offer.")
    return _form_page(
        request,
        form=_bound(request, CompensationRecordForm),
        page=_page(
            complaint,
            "Record what happened to the offer",
            "Save",
            "compensation",
            summary=[
                ("Amount", f"£{offer.amount:,.2f}"),
                ("For", offer.reason),
                ("Now", offer.get_status_display()),
            ],
        ),
        write=lambda data: services.compensation_record(
            compensation=offer, actor=request.user, **data
        ),
        done=lambda _: complaint_url(complaint.reference, "compensation"),
        message="The compensation has been updated.",
    )


# Learning


@officer_page
def root_cause(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    form = _bound(request, RootCauseForm, initial={"root_cause": complaint.root_cause})
    return _form_page(
        request,
        form=form,
        page=_page(complaint, "Record the root cause", "Save the root cause", "learning"),
        write=lambda data: services.root_cause_record(
            complaint=complaint, actor=request.user, **data
        ),
        done=lambda _: complaint_url(complaint.reference, "learning"),
        message="The root cause has been recorded.",
    )


@officer_page
def learning_add(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    intro = ["Learning actions follow a complaint that was upheld or partly upheld."]
    return _form_page(
        request,
        form=_bound(request, LearningForm, users=selectors.staff_members()),
        page=_page(
            complaint, "Add a learning action", "Add the learning action", "learning", intro=intro
        ),
        write=lambda data: services.learning_action_add(
            complaint=complaint, actor=request.user, **data
        ),
        done=lambda _: complaint_url(complaint.reference, "learning"),
        message="The learning action has been added.",
    )


@officer_page
def learning_complete(request: HttpRequest, complaint: Complaint, action_id: int) -> HttpResponse:
    action = complaint.learning.filter(pk=action_id).first()
    if action is None:
        return _not_found(request, "This complaint has no such learning action.")
    return _form_page(
        request,
        form=_bound(request, ConfirmForm),
        page=_page(
            complaint,
            "Mark a learning action as done",
            "Mark as done",
            "learning",
            summary=[("Learning action", action.description)],
        ),
        write=lambda _: services.learning_action_complete(action=action, actor=request.user),
        done=lambda _: complaint_url(complaint.reference, "learning"),
        message="The learning action is marked as done.",
    )


# The Housing Ombudsman

_OCCURRED = {"occurred_at": "referred_on", "referred_at": "referred_on"}


@officer_page
def referral_record(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    def write(data: dict[str, Any]):
        return services.ombudsman_referral_record(
            complaint=complaint,
            actor=request.user,
            referred_at=_moment_on(data["referred_on"]),
            ombudsman_reference=data["ombudsman_reference"],
        )

    return _form_page(
        request,
        form=_bound(request, ReferralForm),
        page=_page(
            complaint, "Record a referral to the Ombudsman", "Save the referral", "ombudsman"
        ),
        write=write,
        done=lambda _: complaint_url(complaint.reference, "ombudsman"),
        message="The referral to the Housing Ombudsman has been recorded.",
        field_map=_OCCURRED,
    )


@officer_page
def determination_record(
    request: HttpRequest, complaint: Complaint, referral_id: int
) -> HttpResponse:
    referral = complaint.ombudsman_referrals.filter(pk=referral_id).first()
    if referral is None:
        return _not_found(request, "This complaint has no such Ombudsman referral.")

    def write(data: dict[str, Any]):
        return services.ombudsman_determination_record(
            referral=referral,
            actor=request.user,
            determined_at=_moment_on(data["determined_on"]),
            findings=data["findings"],
            orders=data["orders"],
        )

    return _form_page(
        request,
        form=_bound(request, DeterminationForm),
        page=_page(
            complaint,
            "Record the Ombudsman's determination",
            "Save the determination",
            "ombudsman",
            summary=[("Referral", str(referral))],
        ),
        write=write,
        done=lambda _: complaint_url(complaint.reference, "ombudsman"),
        message="The Ombudsman's determination has been recorded.",
        field_map={"occurred_at": "determined_on", "determined_at": "determined_on"},
    )


@officer_page
def order_comply(request: HttpRequest, complaint: Complaint, order_id: int) -> HttpResponse:
    order = (
        OmbudsmanOrder.objects.filter(pk=order_id, referral__complaint=complaint)
        .select_related("deadline")
        .first()
    )
    if order is None:
        return _not_found(request, "This complaint has no such Ombudsman order.")
    return _form_page(
        request,
        form=_bound(request, ComplyForm),
        page=_page(
            complaint,
            "Record compliance with an order",
            "Save the evidence",
            "ombudsman",
            summary=[("Order", order.text)],
        ),
        write=lambda data: services.ombudsman_order_comply(order=order, actor=request.user, **data),
        done=lambda _: complaint_url(complaint.reference, "ombudsman"),
        message="Compliance with the order has been recorded.",
    )


# Contacts on any case, and the offer of a complaint they may open


@staff_only
@require_http_methods(["GET", "POST"])
def contact_record(request: HttpRequest, case_reference: str) -> HttpResponse:
    case = case_by_reference(case_reference)
    if case is None:
        return _not_found(request, f"There is no case with the reference {case_reference}.")
    form = _bound(request, ContactForm)
    if request.method == "POST" and form.is_valid():
        try:
            _, offer = services.contact_record(case=case, actor=request.user, **form.cleaned_data)
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            messages.success(request, "The contact has been recorded.")
            # Dissatisfaction shown: the resident must be offered the choice to complain now.
            if offer is not None:
                return redirect(f"{NS}:offer", offer_id=offer.pk)
            return redirect("console:case", reference=case.reference)
    page = Page(
        title="Record a contact",
        caption=f"{case.get_kind_display()} {case.reference}",
        button="Record the contact",
        back_url=reverse("console:case", kwargs={"reference": case.reference}),
        summary=[("Case", case.title)],
    )
    return render(request, "complaints/console/extra_form.html", {"form": form, "page": page})


def _offer_page(offer: ComplaintOffer) -> Page:
    case = offer.case
    summary = [
        ("Case", f"{case.reference}: {case.title}"),
        ("What they said", offer.contact_summary),
    ]
    if offer.phrases:
        summary.append(("Words that show dissatisfaction", ", ".join(offer.phrases)))
    if offer.flagged_by_staff:
        summary.append(("Flagged by staff", "Yes, the resident seemed dissatisfied"))
    if offer.choice != OfferChoice.PENDING:
        summary.append(("Already recorded", offer.get_choice_display()))
    return Page(
        title="Offer a complaint",
        caption=f"{case.get_kind_display()} {case.reference}",
        button="Record their choice",
        back_url=reverse("console:case", kwargs={"reference": case.reference}),
        intro=[
            "The resident seems dissatisfied. Ask them whether they want to make a complaint: "
            "they do not have to use the word 'complaint' to be offered one.",
            "If they say yes, we log the complaint now, linked to this case, and the work on "
            "this case carries on.",
        ],
        summary=summary,
    )


@staff_only
@require_http_methods(["GET", "POST"])
def offer_decide(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = ComplaintOffer.objects.select_related("case").filter(pk=offer_id).first()
    if offer is None:
        return _not_found(request, "There is no such offer of a complaint.")

    def write(data: dict[str, Any]) -> ComplaintOffer:
        return services.complaint_offer_decide(
            offer=offer,
            actor=request.user,
            wants_to_complain=data["wants_to_complain"] == "yes",
            description=data["description"],
            desired_outcome=data["desired_outcome"],
            channel=data["channel"],
        )

    def done(decided: ComplaintOffer) -> str:
        if decided.complaint is not None:
            return complaint_url(decided.complaint.reference)
        return reverse("console:case", kwargs={"reference": decided.case.reference})

    return _form_page(
        request,
        form=_bound(request, OfferForm),
        page=_offer_page(offer),
        write=write,
        done=done,
        message="The resident's choice has been recorded.",
    )


# Contact restrictions


@handler_only
@require_http_methods(["GET", "POST"])
def restriction_record(request: HttpRequest) -> HttpResponse:
    resident_id = request.GET.get("resident", "")
    resident = resident_detail(resident_id=int(resident_id)) if resident_id.isdigit() else None
    if resident is None:
        return _not_found(
            request, "Open the resident's page and choose 'Record a restriction' from there."
        )
    resident_url = reverse("console:resident", kwargs={"resident_id": resident.pk})
    return _form_page(
        request,
        form=_bound(request, RestrictionForm),
        page=Page(
            title="Record a contact restriction",
            caption=resident.full_name,
            button="Record the restriction",
            back_url=resident_url,
            intro=[
                "A restriction must be evidenced and proportionate, with the Equality Act 2010 "
                "considered, and kept under review. It changes how we keep in touch, never "
                "whether we deal with a complaint."
            ],
        ),
        write=lambda data: services.contact_restriction_record(
            resident=resident, actor=request.user, **data
        ),
        done=lambda _: resident_url,
        message="The contact restriction has been recorded.",
    )


@handler_only
@require_http_methods(["GET", "POST"])
def restriction_review(request: HttpRequest, restriction_id: int) -> HttpResponse:
    restriction = (
        ContactRestriction.objects.select_related("resident").filter(pk=restriction_id).first()
    )
    if restriction is None:
        return _not_found(request, "There is no such contact restriction.")
    resident_url = reverse("console:resident", kwargs={"resident_id": restriction.resident_id})

    def write(data: dict[str, Any]) -> ContactRestriction:
        keep = data["decision"] == "keep"
        return services.contact_restriction_review(
            restriction=restriction,
            actor=request.user,
            outcome=data["outcome"],
            next_review_on=data["next_review_on"] if keep else None,
        )

    return _form_page(
        request,
        form=_bound(request, RestrictionReviewForm),
        page=Page(
            title="Review a contact restriction",
            caption=restriction.resident.full_name,
            button="Save the review",
            back_url=resident_url,
            summary=[
                ("Behaviour", restriction.behaviour),
                ("How we are in touch", restriction.arrangement),
                ("Started", f"{restriction.starts_on:%-d %B %Y}"),
                ("Review due", f"{restriction.review_on:%-d %B %Y}"),
            ],
        ),
        write=write,
        done=lambda _: resident_url,
        message="The review has been recorded.",
    )


@handler_only
@require_GET
def restrictions_due(request: HttpRequest) -> HttpResponse:
    today = _today()
    due = selectors.restrictions_due_review(on=today).order_by("review_on", "pk")
    return render(
        request,
        "complaints/console/extra_restrictions_due.html",
        {"restrictions": list(due), "today": today},
    )
