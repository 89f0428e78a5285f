"""The complaint officer's pages in the staff console, under /console/complaints/: the queue
(what falls due soonest first, red/amber/green), logging a complaint taken by any channel, the
complaint page, the letters sent, and one page per stage action (acknowledge and define, extend,
decide points, respond, escalate, refuse, withdraw, add a point).

Views parse, check access, call a complaints selector or service, and render. Any staff member
may see complaints, log one and record a resident's request for stage 2; only complaint
handlers (access.can_handle) may work one through its stages. A service's refusal is shown in
the form's error summary, and nothing is written: every service runs in one transaction."""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from homecase.common.errors import DomainError, NotFound
from homecase.common.time import now
from homecase.complaints import access, letters, rules, selectors, services
from homecase.complaints.forms_console import (
    AcknowledgeForm,
    ComplaintLogForm,
    DecideForm,
    EscalateForm,
    ExtendForm,
    PointForm,
    QueueForm,
    RefuseForm,
    RespondForm,
    WithdrawForm,
    add_domain_error,
)
from homecase.complaints.models import Complainant, Complaint, ComplaintStatus, Stage
from homecase.complaints.services._common import letter_context
from homecase.complaints.services.stages import response_letter_context
from homecase.console.views import staff_only
from homecase.housing.models import Resident
from homecase.housing.selectors import resident_detail
from homecase.notify.selectors import messages_for_case
from homecase.policy import selectors as policy
from homecase.records.models import Case, Channel, DeadlineStatus
from homecase.records.selectors import case_by_reference

View = Callable[..., HttpResponse]
NAMESPACE = "console:console-complaints"
TIMELINE_LIMIT = 200
OWED = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
# What the officer owes next, by status (the queue shows it without reading the deadline row).
OWED_NEXT = {
    ComplaintStatus.RECEIVED: "Acknowledge and define (stage 1)",
    ComplaintStatus.STAGE_1: "Stage 1 response",
    ComplaintStatus.STAGE_2_REQUESTED: "Acknowledge and define (stage 2)",
    ComplaintStatus.STAGE_2: "Final (stage 2) response",
}
INVESTIGATING = (ComplaintStatus.STAGE_1, ComplaintStatus.STAGE_2)


def _url(name: str, complaint: Complaint) -> str:
    return reverse(f"{NAMESPACE}:{name}", kwargs={"reference": complaint.reference})


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "console/not_found.html", {"message": message}, status=404)


def _cannot_handle(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    return render(
        request, "complaints/console/cannot_handle.html", {"complaint": complaint}, status=403
    )


def _complaint_view(view: View) -> View:
    """Staff only; the complaint named in the URL, or a 404 page saying there is none."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args, **kwargs) -> HttpResponse:
        try:
            complaint = access.access_complaint_for_staff(user=request.user, reference=reference)
        except NotFound as error:
            return _not_found(request, error.message)
        return view(request, complaint, *args, **kwargs)

    return wrapper


# The queue


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis between page numbers
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    previous: str
    next: str
    pages: list[PageLink] = field(default_factory=list)


def _pagination(query: QueryDict, *, current: int, total: int) -> Pagination | None:
    """GOV.UK pagination: first, last, and the pages either side of this one."""
    last = max(1, -(-total // selectors.QUEUE_PAGE_SIZE))
    if last == 1:
        return None

    def url(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    pages: list[PageLink] = []
    for before, number in zip([0, *shown], shown, strict=False):
        if number - before > 1:
            pages.append(PageLink(None))
        pages.append(PageLink(number, url(number), number == current))
    return Pagination(
        previous=url(current - 1) if 1 < current <= last else "",
        next=url(current + 1) if current < last else "",
        pages=pages,
    )


@staff_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueForm(request.GET or None)
    filters = form.filters(user=request.user)
    page, total = selectors.complaint_queue(filters=filters, at=now())
    for complaint in page:
        complaint.owed_next = OWED_NEXT.get(complaint.status, "")
    context = {
        "form": form,
        "complaints": page,
        "total": total,
        "pagination": _pagination(request.GET, current=filters.page, total=total),
    }
    return render(request, "complaints/console/queue.html", context)


# Logging a complaint


def _intake_subjects(query: QueryDict) -> tuple[Resident | None, Case | None]:
    """The resident (?resident=<id>) and the case it is about (?case=<reference>), if given."""
    case = None
    if reference := query.get("case", "").strip():
        case = case_by_reference(reference)
        if case is None:
            raise NotFound(f"There is no case with the reference {reference}.")
    resident_id = query.get("resident", "").strip() or (case.resident_id if case else None)
    if not resident_id:
        return None, case
    resident = resident_detail(resident_id=int(resident_id)) if str(resident_id).isdigit() else None
    if resident is None:
        raise NotFound("There is no resident with that number.")
    return resident, case


def _log_initial(resident: Resident | None, case: Case | None) -> dict[str, str]:
    complainant = Complainant.RESIDENT if resident else Complainant.THIRD_PARTY
    return {
        **ComplaintLogForm.initial_at(now()),
        "complainant": complainant,
        "related_case": case.reference if case else "",
    }


def _signers(form: ComplaintLogForm, resident: Resident | None) -> list[services.Signer]:
    signers = []
    for position, (name, circumstances) in enumerate(form.signer_lines()):
        # The first signer gets our letters: when it is the resident, link their record.
        is_resident = (
            position == 0
            and resident is not None
            and name.casefold() == resident.full_name.casefold()
        )
        signers.append(services.Signer(name, circumstances, resident if is_resident else None))
    return signers


def _log(request: HttpRequest, form: ComplaintLogForm, resident: Resident | None) -> Complaint:
    data = form.cleaned_data
    related = None
    if data["related_case"]:
        related = case_by_reference(data["related_case"])
        if related is None:
            raise NotFound(
                f"There is no case with the reference {data['related_case']}.",
                field="related_case",
            )
    third_party = data["complainant"] == Complainant.THIRD_PARTY
    representatives = (
        {str(rep.pk): rep for rep in resident.representatives.all()} if resident else {}
    )
    return services.complaint_create(
        actor=request.user,
        channel=data["channel"],
        description=data["description"],
        desired_outcome=data["desired_outcome"],
        resident=None if third_party else resident,
        complainant=data["complainant"],
        representative=representatives.get(data["representative"]),
        third_party_name=data["third_party_name"],
        third_party_contact=data["third_party_contact"],
        signers=_signers(form, resident),
        received_at=data["received_at"],
        backdate_reason=data["backdate_reason"],
        about_conduct=data["about_conduct"],
        conduct_subject=data["conduct_subject"],
        related_case=related,
    )


@staff_only
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    try:
        resident, case = _intake_subjects(request.GET)
    except NotFound as error:
        return _not_found(request, error.message)
    form = ComplaintLogForm(
        request.POST if request.method == "POST" else None,
        representatives=resident.representatives.all() if resident else [],
        has_resident=resident is not None,
        initial=_log_initial(resident, case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = _log(request, form, resident)
        except DomainError as error:
            add_domain_error(form, error, ComplaintLogForm.ALIASES)
        else:
            messages.success(
                request,
                f"Complaint {complaint.reference} logged. Acknowledge and define it next.",
            )
            return redirect(_url("complaint", complaint))
    return render(
        request,
        "complaints/console/new.html",
        {"form": form, "resident": resident, "case": case},
    )


# The complaint page


def _current_stage(complaint: Complaint) -> Stage | None:
    """The latest stage, from the stages complaint_detail prefetched."""
    stages = list(complaint.stages.all())
    return stages[-1] if stages else None


def _actions(complaint: Complaint, *, can_handle: bool) -> list[tuple[str, str]]:
    """Links to the actions that fit the complaint's status now (the services check again)."""
    allowed = rules.TRANSITIONS.get(complaint.status, frozenset())
    investigating = complaint.status in INVESTIGATING
    offered = [
        ("acknowledge", "Acknowledge and define", bool(allowed & set(INVESTIGATING)), True),
        ("decide", "Decide the points", investigating, True),
        ("respond", "Write and send the response", investigating, True),
        ("extend", "Extend the time to respond", investigating, True),
        ("add-point", "Add a point to the definition", investigating, True),
        ("escalate", "Escalate to stage 2", ComplaintStatus.STAGE_2_REQUESTED in allowed, False),
        ("refuse", "Do not accept as a complaint", ComplaintStatus.REFUSED in allowed, True),
        ("withdraw", "Withdraw the complaint", ComplaintStatus.WITHDRAWN in allowed, True),
    ]
    return [
        (_url(name, complaint), label)
        for name, label, fits, handlers_only in offered
        if fits and (can_handle or not handlers_only)
    ]


def _channel_label(channel: str) -> str:
    return Channel(channel).label.lower() if channel in Channel.values else channel


def _page_context(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    detail = selectors.complaint_detail(complaint=complaint)
    deadlines = list(selectors.complaint_deadlines(complaint=detail, resident_view=False))
    owed = next((d for d in deadlines if d.status in OWED), None)
    can_handle = access.can_handle(request.user)
    timeline = selectors.complaint_timeline(complaint=detail, resident_view=False)
    return {
        "complaint": detail,
        "user": request.user,
        "can_handle": can_handle,
        "can_see_conduct": access.can_see_conduct(request.user),
        "stage": _current_stage(detail),
        "received_by": _channel_label(detail.received_channel),
        "deadlines": deadlines,
        "owed": owed,
        "owed_rag": selectors.rag_for(owed.due_at, at=now()) if owed else "",
        "sent": list(messages_for_case(case=detail.case)),
        "timeline": list(timeline.select_related("actor").order_by("-sequence")[:TIMELINE_LIMIT]),
        "actions": _actions(detail, can_handle=can_handle),
    }


@_complaint_view
@require_GET
def complaint(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    return render(request, "complaints/console/complaint.html", _page_context(request, complaint))


# Letters and messages sent


def _sent(complaint: Complaint, message_id: int):
    found = messages_for_case(case=complaint.case).filter(pk=message_id).first()
    if found is None:
        raise NotFound("There is no such message about this complaint.")
    return found


@_complaint_view
@require_GET
def message(request: HttpRequest, complaint: Complaint, message_id: int) -> HttpResponse:
    try:
        sent = _sent(complaint, message_id)
    except NotFound as error:
        return _not_found(request, error.message)
    return render(
        request, "complaints/console/message.html", {"complaint": complaint, "message": sent}
    )


def _printable(request: HttpRequest, complaint: Complaint, message_id: int, *, pdf: bool):
    try:
        html = letters.message_html(complaint=complaint, message=_sent(complaint, message_id))
    except NotFound as error:
        return _not_found(request, error.message)
    if not pdf:
        return HttpResponse(html)
    name = f"{complaint.reference}-{message_id}.pdf"
    return HttpResponse(
        letters.letter_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@_complaint_view
@require_GET
def message_letter(request: HttpRequest, complaint: Complaint, message_id: int) -> HttpResponse:
    return _printable(request, complaint, message_id, pdf=False)


@_complaint_view
@require_GET
def message_pdf(request: HttpRequest, complaint: Complaint, message_id: int) -> HttpResponse:
    return _printable(request, complaint, message_id, pdf=True)


# Stage actions: a GET form and a POST that calls one service, then back to the complaint.


@dataclass(frozen=True)
class Action:
    title: str
    template: str
    make_form: Callable[[HttpRequest, Complaint, QueryDict | None], forms.Form]
    perform: Callable[[HttpRequest, Complaint, Any], str]  # the success message
    handlers_only: bool = True
    more_context: Callable[[Complaint], dict[str, Any]] = lambda complaint: {}


def _action_context(complaint: Complaint, form: forms.Form, action: Action) -> dict[str, Any]:
    return {
        "complaint": complaint,
        "form": form,
        "title": action.title,
        "stage": _current_stage(complaint),
        "stage_number": rules.stage_of(complaint.status) or 1,
        **action.more_context(complaint),
    }


def action_view(action: Action) -> View:
    @_complaint_view
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, complaint: Complaint) -> HttpResponse:
        if action.handlers_only and not access.can_handle(request.user):
            return _cannot_handle(request, complaint)
        complaint = selectors.complaint_detail(complaint=complaint)
        data = request.POST if request.method == "POST" else None
        form = action.make_form(request, complaint, data)
        if request.method == "POST" and form.is_valid():
            try:
                done = action.perform(request, complaint, form)
            except DomainError as error:
                add_domain_error(form, error, getattr(form, "ALIASES", None))
            else:
                messages.success(request, done)
                return redirect(_url("complaint", complaint))
        return render(request, action.template, _action_context(complaint, form, action))

    return view


def _acknowledge(request: HttpRequest, complaint: Complaint, form: AcknowledgeForm) -> str:
    stage = services.complaint_acknowledge(
        complaint=complaint,
        actor=request.user,
        points=form.point_lines(),
        outcomes_sought=form.cleaned_data["outcomes_sought"],
        officer=form.chosen_officer(),
    )
    return (
        f"Stage {stage.number} acknowledged and defined. The complainant has been told what we "
        "will answer and by when."
    )


def _open_deadline(complaint: Complaint) -> dict[str, Any]:
    deadlines = selectors.complaint_deadlines(complaint=complaint, resident_view=False)
    return {"deadline": deadlines.filter(status=DeadlineStatus.OPEN).first()}


def _extend(request: HttpRequest, complaint: Complaint, form: ExtendForm) -> str:
    services.complaint_extend(complaint=complaint, actor=request.user, **form.cleaned_data)
    return "More time recorded. The complainant has been told the new date and why."


def _decide(request: HttpRequest, complaint: Complaint, form: DecideForm) -> str:
    services.complaint_decide_points(
        complaint=complaint,
        actor=request.user,
        decisions=[services.PointDecisionInput(*row) for row in form.decisions()],
    )
    return "Decisions saved. The complainant sees them with the response."


def _late(complaint: Complaint) -> dict[str, Any]:
    first = next((s for s in complaint.stages.all() if s.number == 1), None)
    escalate_by = first.escalate_by if first else None
    return {"escalate_by": escalate_by, "late": bool(escalate_by and now() > escalate_by)}


def _escalate(request: HttpRequest, complaint: Complaint, form: EscalateForm) -> str:
    data = form.cleaned_data
    services.complaint_escalate(
        complaint=complaint,
        actor=request.user,
        channel=data["channel"],
        reason=data["reason"],
        requested_at=data["received_at"],
        backdate_reason=data["backdate_reason"],
        late_discretion_reason=data["late_discretion_reason"],
    )
    return "Stage 2 review requested. A different officer must acknowledge and define it."


def _refuse(request: HttpRequest, complaint: Complaint, form: RefuseForm) -> str:
    services.complaint_refuse(complaint=complaint, actor=request.user, **form.cleaned_data)
    return (
        "Not accepted as a complaint. The complainant has been told why, with the Housing "
        "Ombudsman's details."
    )


def _withdraw(request: HttpRequest, complaint: Complaint, form: WithdrawForm) -> str:
    services.complaint_withdraw(complaint=complaint, actor=request.user, **form.cleaned_data)
    return "Complaint withdrawn."


def _add_point(request: HttpRequest, complaint: Complaint, form: PointForm) -> str:
    point = services.complaint_point_add(
        complaint=complaint, actor=request.user, **form.cleaned_data
    )
    return f"Point {point.number} added to the definition."


def _points(complaint: Complaint):
    stage = _current_stage(complaint)
    return stage.points.all() if stage and rules.stage_of(complaint.status) else []


acknowledge = action_view(
    Action(
        title="Acknowledge and define the complaint",
        template="complaints/console/acknowledge.html",
        make_form=lambda request, complaint, data: AcknowledgeForm(
            data,
            officers=selectors.complaint_handlers(),
            initial={"officer": str(request.user.pk)},
        ),
        perform=_acknowledge,
    )
)
extend = action_view(
    Action(
        title="Extend the time to respond",
        template="complaints/console/extend.html",
        make_form=lambda request, complaint, data: ExtendForm(data),
        perform=_extend,
        more_context=_open_deadline,
    )
)
decide = action_view(
    Action(
        title="Decide the points",
        template="complaints/console/decide.html",
        make_form=lambda request, complaint, data: DecideForm(data, points=_points(complaint)),
        perform=_decide,
    )
)
escalate = action_view(
    Action(
        title="Escalate to stage 2",
        template="complaints/console/escalate.html",
        make_form=lambda request, complaint, data: EscalateForm(
            data, initial=EscalateForm.initial_at(now())
        ),
        perform=_escalate,
        # Any staff member may record the resident's request: no barrier to stage 2.
        handlers_only=False,
        more_context=_late,
    )
)
refuse = action_view(
    Action(
        title="Do not accept as a complaint",
        template="complaints/console/refuse.html",
        make_form=lambda request, complaint, data: RefuseForm(data),
        perform=_refuse,
    )
)
withdraw = action_view(
    Action(
        title="Withdraw the complaint",
        template="complaints/console/withdraw.html",
        make_form=lambda request, complaint, data: WithdrawForm(data),
        perform=_withdraw,
    )
)
add_point = action_view(
    Action(
        title="Add a point to the definition",
        template="complaints/console/add_point.html",
        make_form=lambda request, complaint, data: PointForm(data),
        perform=_add_point,
    )
)


# Responding: the letter previewed and its gaps listed before it can be sent.


def _gaps(stage: Stage | None, explanation: str) -> list[str]:
    if stage is None:
        return []
    points = [rules.PointDecision(p.number, p.decision, p.reason) for p in stage.points.all()]
    return rules.response_gaps(
        points=points, explanation=explanation, outcomes_sought=stage.outcomes_sought
    )


def _preview(complaint: Complaint, stage: Stage, explanation: str, remedy: str) -> str:
    """The response letter's body as it would read if sent now (nothing is saved)."""
    draft = copy.copy(stage)
    draft.explanation, draft.remedy_summary = explanation, remedy
    draft.outcome = rules.overall_outcome(p.decision for p in stage.points.all())
    if stage.number == 1:
        home = complaint.case.home
        draft.escalate_by, _ = policy.due_within_working_days(
            now(),
            policy.complaint_timescales().escalation_window_days,
            calendar_name=home.nation if home else None,
        )
    context = letter_context(complaint, response_letter_context(complaint=complaint, stage=draft))
    return render_to_string("complaints/letters/response.html", context)


def _send(request: HttpRequest, complaint: Complaint, form: RespondForm) -> bool:
    try:
        services.complaint_respond(complaint=complaint, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error, RespondForm.ALIASES)
        return False
    return True


@_complaint_view
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, complaint: Complaint) -> HttpResponse:
    if not access.can_handle(request.user):
        return _cannot_handle(request, complaint)
    complaint = selectors.complaint_detail(complaint=complaint)
    form = RespondForm(request.POST if request.method == "POST" else None)
    valid = form.is_valid()
    if valid and "send" in request.POST and _send(request, complaint, form):
        messages.success(request, "Response sent. The complainant has been sent the letter.")
        return redirect(_url("complaint", complaint))
    stage = _current_stage(complaint)
    # The draft as typed, even when refused (a refusal takes it out of cleaned_data).
    explanation = (form["explanation"].value() or "").strip()
    remedy = (form["remedy_summary"].value() or "").strip()
    context = {
        "complaint": complaint,
        "form": form,
        "title": "Write and send the response",
        "stage": stage,
        "gaps": _gaps(stage, explanation),
        "preview": _preview(complaint, stage, explanation, remedy) if stage else "",
    }
    return render(request, "complaints/console/respond.html", context)
