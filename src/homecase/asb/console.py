"""The anti-social behaviour pages of the staff console, under /console/asb/: the queue of open
cases (the one falling due soonest first, with its due state in words and colour), a report
taken by phone (the whole risk matrix asked, no crime reference needed, an open case at the same
place offered to be joined), the case page with the whole story, and its photos. The actions on
a case are one generic view in `console_actions`.

ASB records name victims and alleged perpetrators, so only ASB officers see them: other staff
get the queue and the report form refused (403) and every case page answers as if the case did
not exist (404). Views parse, call an ASB selector or service, and render; a service's refusal
is shown in the form's error summary, and nothing is written."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from homecase.asb import selectors
from homecase.asb.access import can_work_asb
from homecase.asb.forms_console import FindForm, QueueForm, ReportForm, add_domain_error
from homecase.asb.models import (
    AsbCase,
    AsbStatus,
    Behaviour,
    HateMotivation,
    Location,
    PartyRole,
    RiskAssessment,
)
from homecase.asb.services import intake
from homecase.common.errors import DomainError
from homecase.common.time import now
from homecase.console.views import staff_only
from homecase.housing.models import Home, Resident
from homecase.housing.selectors import home_detail, resident_detail, search_everything
from homecase.policy import selectors as policy
from homecase.records.models import Attachment, DeadlineStatus
from homecase.repairs.console import _pagination as pagination
from homecase.repairs.console import due_state

View = Callable[..., HttpResponse]
NAMESPACE = "console:console-asb"
PAGE_SIZE = 50
OWED = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
FORBIDDEN = "asb/console/forbidden.html"


def url(name: str, asb: AsbCase, **kwargs: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", kwargs={"reference": asb.case.reference, **kwargs})


def not_found(request: HttpRequest, reference: str, message: str = "") -> HttpResponse:
    message = message or f"There is no case with the reference {reference}."
    return render(request, "console/not_found.html", {"message": message}, status=404)


def asb_officers_only(view: View) -> View:
    """Staff only; other staff than ASB officers are told plainly that they may not (403)."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_work_asb(request.user):
            return render(request, FORBIDDEN, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def case_view(view: View) -> View:
    """Staff only; the ASB case named in the URL. To anyone but an ASB officer it does not
    exist: the same 404 as for a reference that was never given out."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args, **kwargs) -> HttpResponse:
        if not can_work_asb(request.user):
            return not_found(request, reference)
        asb = selectors.case_by_reference(reference)
        if asb is None:
            return not_found(request, reference)
        return view(request, asb, *args, **kwargs)

    return wrapper


# The queue


@asb_officers_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueForm(request.GET or None)
    found = selectors.queue(per_page=PAGE_SIZE, **form.filters(request.user))
    at = now()
    for asb in found:
        asb.due = due_state(asb.next_due_at, at=at)
    context = {"form": form, "cases": found, "pagination": pagination(request.GET, found)}
    return render(request, "asb/console/queue.html", context)


# A report taken by phone


def _number(query: QueryDict, name: str) -> int | None:
    value = query.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _subject(query: QueryDict) -> tuple[Resident | None, Home | None, bool]:
    """The caller (a resident) or the home it is about, from ?resident= or ?home=; whether
    that was asked for and found (?caller=other: neither, the form straight away)."""
    if (resident_id := _number(query, "resident")) is not None:
        resident = resident_detail(resident_id=resident_id)
        return resident, resident.home if resident else None, resident is not None
    if (home_id := _number(query, "home")) is not None:
        home = home_detail(home_id=home_id)
        return None, home, home is not None
    return None, None, query.get("caller") == "other"


def _find_page(request: HttpRequest) -> HttpResponse:
    form = FindForm(request.GET if "q" in request.GET else None)
    results = search_everything(query=form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "asb/console/report_find.html", {"form": form, "results": results})


def _open_cases(form: ReportForm) -> list[AsbCase]:
    """Open cases at the place chosen in the posted form, to ask whether it is the same matter."""
    place = {name: value for name, value in form.place().items() if value is not None}
    return list(selectors.open_cases_at(**place)) if place else []


MULTIPLE = ("behaviours", "hate_motivations")


def _initial(data: QueryDict) -> dict[str, Any]:
    """The answers sent, to ask the second question with everything kept."""
    initial: dict[str, Any] = data.dict()
    initial.update({name: data.getlist(name) for name in MULTIPLE})
    return initial


@asb_officers_only
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    resident, home, chosen = _subject(request.GET)
    if not chosen:
        return _find_page(request)
    posted = request.method == "POST"
    questions = policy.asb_policy().risk_questions
    subject = {"reporter": resident, "home": home, "questions": questions}
    form = ReportForm(request.POST if posted else None, **subject)
    open_cases: list[AsbCase] = []
    if posted and form.is_valid():
        open_cases = _open_cases(form)
        if open_cases and "join_asked" not in request.POST:
            # The second step: the same answers, and the question whether it is the same matter.
            form = ReportForm(initial=_initial(request.POST), open_cases=open_cases, **subject)
        else:
            if open_cases:
                form = ReportForm(request.POST, open_cases=open_cases, **subject)
            if form.is_valid() and (done := _take(request, form)) is not None:
                return done
    context = {"form": form, "resident": resident, "home": home, "open_cases": open_cases}
    status = 400 if form.errors else 200
    return render(request, "asb/console/report.html", context, status=status)


def _take(request: HttpRequest, form: ReportForm) -> HttpResponse | None:
    """Record the report and go to its case; on a refusal, the error on the form and None."""
    try:
        report = intake.asb_report(actor=request.user, **form.arguments())
    except DomainError as error:
        add_domain_error(form, error, form.ALIASES)
        return None
    asb = report.asb
    if form.join_target() is not None:
        messages.success(request, f"The report was added to the open case {asb.case.reference}.")
    else:
        officer = asb.officer.get_full_name() if asb.officer else "none yet"
        messages.success(
            request, f"ASB case {asb.case.reference} opened. Named officer: {officer}."
        )
    return redirect(url("case", asb))


# The case page


def _page_context(asb: AsbCase) -> dict[str, Any]:
    from homecase.asb import console_actions  # the actions link back here

    page = selectors.case_page(asb)
    at = now()
    for deadline in page.deadlines:
        deadline.due = due_state(deadline.due_at, at=at) if deadline.status in OWED else None
    for action in page.actions:
        owed = action.deadline is not None and action.deadline.status in OWED
        action.due = due_state(action.deadline.due_at, at=at) if owed else None
    asb_policy = policy.asb_policy()
    latest = page.assessments[-1] if page.assessments else None
    return {
        "asb": page.asb,
        "case": page.asb.case,
        "page": page,
        "behaviours": [
            Behaviour(code).label for code in asb.behaviours if code in Behaviour.values
        ],
        "motivations": [
            HateMotivation(code).label
            for code in asb.hate_motivations
            if code in HateMotivation.values
        ],
        "people": [(label, page.people(role)) for role, label in PartyRole.choices],
        "latest": latest,
        "latest_yes": _yes_answers(latest, asb_policy),
        "policy": asb_policy,
        "next_contact": _next_contact(page.deadlines),
        "timeline": list(reversed(page.timeline)),
        "actions_offered": console_actions.offered(page.asb),
        "is_open": page.asb.status == AsbStatus.OPEN,
        "location_words": _where(page.asb),
    }


def _yes_answers(assessment: RiskAssessment | None, asb_policy) -> list[str]:
    """The questions answered yes in an assessment, as the officer asks them."""
    if assessment is None:
        return []
    return [q.staff_text for q in asb_policy.risk_questions if assessment.answers.get(q.code)]


def _next_contact(deadlines) -> Any:
    from homecase.asb.services import _common

    owed = [d for d in deadlines if d.duty == _common.CONTACT and d.status in OWED]
    return min(owed, key=lambda d: d.due_at) if owed else None


def _where(asb: AsbCase) -> str:
    case = asb.case
    place = {
        Location.HOME: case.home.one_line_address if case.home_id else "",
        Location.BLOCK: str(asb.block) if asb.block_id else "",
        Location.COMMUNAL: str(case.communal_area) if case.communal_area_id else "",
        Location.ESTATE: str(asb.estate) if asb.estate_id else "",
    }.get(asb.location, "")
    words = f"{asb.get_location_display()}: {place}" if place else asb.get_location_display()
    return f"{words} ({asb.where_details})" if asb.where_details else words


@case_view
@require_GET
def case(request: HttpRequest, asb: AsbCase) -> HttpResponse:
    return render(request, "asb/console/case.html", _page_context(asb))


@case_view
@require_GET
def photo(request: HttpRequest, asb: AsbCase, photo_id: int) -> HttpResponse:
    found = Attachment.objects.filter(case_id=asb.case_id, pk=photo_id).first()
    if found is None:
        return not_found(request, asb.case.reference)
    return FileResponse(found.file.open("rb"), content_type=found.content_type)
