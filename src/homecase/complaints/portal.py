"""The resident's complaint pages in the portal: make a complaint, your complaints, one complaint
(its promises, timeline, letters, decisions and what happens next), and asking for a stage 2
review with one button.

Views parse, check access, call a selector or service, and render. A signed-in resident sees
their own complaints (and petitions they signed); someone acting for a resident with consent
sees the resident's. Not yours and not found are the same 404 page."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.common.errors import DomainError, NotFound
from homecase.common.time import now
from homecase.complaints import letters, selectors, services
from homecase.complaints.access import (
    access_complaint_for_representative,
    access_complaint_for_resident,
)
from homecase.complaints.forms_portal import ComplaintForm, EscalationForm
from homecase.complaints.models import Complaint, ComplaintStatus
from homecase.complaints.services._common import ACKNOWLEDGE, OMBUDSMAN, RESPOND
from homecase.housing.models import Resident
from homecase.housing.selectors import resident_for_user
from homecase.notify.models import OutboundMessage
from homecase.notify.selectors import messages_for_case
from homecase.policy.selectors import complaint_timescales
from homecase.portal.forms import add_domain_error
from homecase.records.models import Case, Channel, Deadline, DeadlineStatus

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Seen:
    """A complaint as the signed-in person may see it, and whose letters they may read."""

    complaint: Complaint
    letters_of: int | None  # the resident the letters were written to


@dataclass(frozen=True)
class NextStep:
    """What happens next, for the template to put into words."""

    kind: str  # acknowledge, respond, escalate, escalate_late, ombudsman, refused, withdrawn
    stage: int
    due_at: datetime | None = None


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/portal/not_found.html", status=404)


def _not_a_resident(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/not_a_resident.html",
        {"is_staff_member": is_staff_member(request.user)},
        status=403,
    )


def _seen(user: User, reference: str) -> Seen:
    """The resident's own complaint, or one they act on with consent; NotFound otherwise."""
    resident = resident_for_user(user=user)
    if resident is not None:
        try:
            complaint = access_complaint_for_resident(resident=resident, reference=reference)
        except NotFound:
            pass
        else:
            return Seen(complaint=complaint, letters_of=resident.pk)
    complaint = access_complaint_for_representative(user=user, reference=reference)
    return Seen(complaint=complaint, letters_of=complaint.case.resident_id)


def _posted(request: HttpRequest):
    # Bound on every POST, even an empty one: a form with nothing filled in is still an answer.
    return request.POST if request.method == "POST" else None


def complaint_page(view: View) -> View:
    """Signed in, and the complaint in the URL is one this person may see (else the 404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args, **kwargs) -> HttpResponse:
        try:
            seen = _seen(request.user, reference)
        except NotFound:
            return _not_found(request)
        return view(request, seen, *args, **kwargs)

    return wrapper


# Your complaints


def _represented(user: User) -> list[Complaint]:
    """Complaints of residents this person acts for, where consent covers them today."""
    today = timezone.localdate(now())
    found = []
    for rep in user.representations.select_related("resident").order_by("pk"):
        found.extend(
            complaint
            for complaint in selectors.complaints_for_resident(resident=rep.resident)
            if rep.covers(complaint.reference, today)
        )
    return found


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    represented = _represented(request.user)
    if resident is None and not represented:
        return _not_a_resident(request)
    own = list(selectors.complaints_for_resident(resident=resident)) if resident else []
    return render(
        request,
        "complaints/portal/list.html",
        {"resident": resident, "complaints": own, "represented": represented},
    )


# Making a complaint


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    if resident is None:
        return _not_a_resident(request)
    cases = list(selectors.cases_to_complain_about(resident=resident))
    form = ComplaintForm(_posted(request), cases=cases)
    if request.method == "POST" and form.is_valid():
        complaint = _make(request, resident, form, cases)
        if complaint is not None:
            return redirect("portal:portal-complaints:made", reference=complaint.reference)
    return render(request, "complaints/portal/new.html", {"form": form})


def _make(
    request: HttpRequest, resident: Resident, form: ComplaintForm, cases: list[Case]
) -> Complaint | None:
    data = form.cleaned_data
    chosen = data.get("related_case", "")
    try:
        return services.complaint_create(
            actor=request.user,
            channel=Channel.PORTAL,
            resident=resident,
            description=data["description"],
            desired_outcome=data["desired_outcome"],
            about_conduct=data["about_conduct"],
            conduct_subject=data["conduct_subject"],
            related_case=next((case for case in cases if case.reference == chosen), None),
        )
    except DomainError as error:
        add_domain_error(form, error)
        return None


@complaint_page
@require_GET
def complaint_made(request: HttpRequest, seen: Seen) -> HttpResponse:
    complaint = seen.complaint
    deadlines = list(selectors.complaint_deadlines(complaint=complaint, resident_view=True))
    return render(
        request,
        "complaints/portal/made.html",
        {
            "complaint": complaint,
            "acknowledge_by": _promised(deadlines, ACKNOWLEDGE[1]),
            "working_days": complaint_timescales().stage1_acknowledge_days,
        },
    )


# One complaint


def _promised(deadlines: list[Deadline], duty: str) -> datetime | None:
    """When we now promise to do a duty: its open deadline, else the one we missed."""
    for status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        owed = [d for d in deadlines if d.duty == duty and d.status == status]
        if owed:
            return owed[-1].due_at
    return None


def next_step(complaint: Complaint, deadlines: list[Deadline], *, at: datetime) -> NextStep:
    """What happens next on a complaint, as the resident should be told it."""
    status = complaint.status
    waiting = {
        ComplaintStatus.RECEIVED: ("acknowledge", 1),
        ComplaintStatus.STAGE_1: ("respond", 1),
        ComplaintStatus.STAGE_2_REQUESTED: ("acknowledge", 2),
        ComplaintStatus.STAGE_2: ("respond", 2),
    }
    if status in waiting:
        kind, number = waiting[status]
        duty = (ACKNOWLEDGE if kind == "acknowledge" else RESPOND)[number]
        return NextStep(kind=kind, stage=number, due_at=_promised(deadlines, duty))
    if status == ComplaintStatus.STAGE_1_RESPONDED:
        escalate_by = complaint.stages.all()[0].escalate_by
        late = escalate_by is not None and at > escalate_by
        return NextStep(kind="escalate_late" if late else "escalate", stage=1, due_at=escalate_by)
    other = {
        ComplaintStatus.STAGE_2_RESPONDED: "ombudsman",
        ComplaintStatus.REFUSED: "refused",
        ComplaintStatus.WITHDRAWN: "withdrawn",
    }
    return NextStep(kind=other[status], stage=2 if status == "stage_2_responded" else 1)


def _letters(seen: Seen) -> QuerySet[OutboundMessage]:
    """What we sent about the complaint to the resident (not copies to representatives)."""
    return messages_for_case(case=seen.complaint.case).filter(
        resident_id=seen.letters_of, representative__isnull=True
    )


@complaint_page
@require_GET
def complaint_detail(request: HttpRequest, seen: Seen) -> HttpResponse:
    complaint = selectors.complaint_detail(complaint=seen.complaint)
    deadlines = list(selectors.complaint_deadlines(complaint=complaint, resident_view=True))
    events = list(selectors.complaint_timeline(complaint=complaint, resident_view=True))
    remedies = list(complaint.remedies.all())
    return render(
        request,
        "complaints/portal/detail.html",
        {
            "complaint": complaint,
            "stages": list(complaint.stages.all()),
            "deadlines": deadlines,
            "events": events[::-1],
            "letters": list(_letters(seen)),
            "remedies": remedies,
            "outstanding": [remedy for remedy in remedies if remedy.outstanding],
            "compensations": list(complaint.compensations.all()),
            "next": next_step(complaint, deadlines, at=now()),
            "ombudsman": OMBUDSMAN,
        },
    )


# Letters


def _letter(seen: Seen, message_id: int) -> str:
    message = _letters(seen).filter(pk=message_id).first()
    if message is None:
        raise NotFound("We could not find that letter.")
    return letters.message_html(complaint=seen.complaint, message=message)


@complaint_page
@require_GET
def letter(request: HttpRequest, seen: Seen, message_id: int) -> HttpResponse:
    """The letter or message itself, as a page of its own to read or print."""
    try:
        html = _letter(seen, message_id)
    except NotFound:
        return _not_found(request)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@complaint_page
@require_GET
def letter_pdf(request: HttpRequest, seen: Seen, message_id: int) -> HttpResponse:
    try:
        html = _letter(seen, message_id)
    except NotFound:
        return _not_found(request)
    response = HttpResponse(letters.letter_pdf(html), content_type="application/pdf")
    filename = f"{seen.complaint.reference}-letter-{message_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Asking for a stage 2 review


@complaint_page
@require_http_methods(["GET", "POST"])
def complaint_escalate(request: HttpRequest, seen: Seen) -> HttpResponse:
    complaint = seen.complaint
    form = EscalationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_escalate(
                complaint=complaint,
                actor=request.user,
                channel=Channel.PORTAL,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("portal:portal-complaints:escalated", reference=complaint.reference)
    deadlines = list(selectors.complaint_deadlines(complaint=complaint, resident_view=True))
    return render(
        request,
        "complaints/portal/escalate.html",
        {
            "complaint": complaint,
            "form": form,
            "next": next_step(selectors.complaint_detail(complaint=complaint), deadlines, at=now()),
            "ombudsman": OMBUDSMAN,
        },
    )


@complaint_page
@require_GET
def complaint_escalated(request: HttpRequest, seen: Seen) -> HttpResponse:
    complaint = seen.complaint
    deadlines = list(selectors.complaint_deadlines(complaint=complaint, resident_view=True))
    return render(
        request,
        "complaints/portal/escalated.html",
        {
            "complaint": complaint,
            "acknowledge_by": _promised(deadlines, ACKNOWLEDGE[2]),
            "working_days": complaint_timescales().stage2_acknowledge_days,
        },
    )
