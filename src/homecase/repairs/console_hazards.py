"""The Awaab's Law pages of a repair in the staff console: the open hazards list, and one page
for each step on a hazard (triage, investigation, written summary, made safe, safety works,
further works, alternative accommodation).

Every step page is the same view: staff only (other staff may look; only repairs staff may act,
403 otherwise); the repair from the URL and its hazard, or a 404; a GOV.UK form; on a valid POST
the awaab service is called with `actor`; its refusal is shown on the field it names and nothing
is written; on success, back to the job page's hazard panel."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from homecase.common.errors import DomainError
from homecase.common.time import now
from homecase.console.views import staff_only
from homecase.repairs import selectors_programme
from homecase.repairs.access import can_work_repairs
from homecase.repairs.console import NAMESPACE, not_found
from homecase.repairs.forms_console import add_domain_error
from homecase.repairs.forms_hazards import (
    AccommodationForm,
    FurtherWorksForm,
    HazardForm,
    InvestigationForm,
    MadeSafeForm,
    SafetyWorksForm,
    SummaryForm,
    TriageForm,
)
from homecase.repairs.models import Hazard
from homecase.repairs.services import awaab

View = Callable[..., HttpResponse]
FORBIDDEN = "repairs/console/hazard_forbidden.html"


@dataclass(frozen=True)
class Step:
    label: str  # the page's heading and the link on the hazard panel
    form: type[HazardForm]
    service: Callable[..., Hazard]
    done: str
    button: str
    about: str = ""


STEPS: dict[str, Step] = {
    "triage": Step(
        "Triage the hazard",
        TriageForm,
        awaab.hazard_triage,
        "The triage decision has been recorded.",
        "Record the decision",
        "An emergency must be investigated and made safe within 24 hours of when we became "
        "aware (or the household offered somewhere else to stay), and the repair becomes an "
        "emergency. A significant hazard must be investigated within 10 working days.",
    ),
    "investigation": Step(
        "Record the investigation",
        InvestigationForm,
        awaab.hazard_investigation_record,
        "The investigation has been recorded and the next clocks started.",
        "Record the investigation",
        "From the end of the investigation: the written summary within 3 working days, safety "
        "works within 5, and further works begun within 5 (physically started within 12 weeks).",
    ),
    "summary": Step(
        "Send the written summary",
        SummaryForm,
        awaab.hazard_summary_sent,
        "The written summary of the findings has been sent to the tenant.",
        "Send the summary",
        "The tenant is sent the findings and the dates of the works, in the way they chose.",
    ),
    "made-safe": Step(
        "Record that the hazard was made safe",
        MadeSafeForm,
        awaab.hazard_made_safe,
        "Recorded: the hazard was made safe.",
        "Record it",
        "Only for an emergency hazard (the 24-hour duty).",
    ),
    "safety-works": Step(
        "Record that the safety works are complete",
        SafetyWorksForm,
        awaab.hazard_safety_works_completed,
        "Recorded: the safety works are complete.",
        "Record it",
    ),
    "further-works": Step(
        "Record that the further works started",
        FurtherWorksForm,
        awaab.hazard_further_works_started,
        "Recorded: the further works have started.",
        "Record it",
        "The date the work physically started on site.",
    ),
    "accommodation": Step(
        "Record an offer of alternative accommodation",
        AccommodationForm,
        awaab.hazard_alternative_accommodation_offer,
        "The offer of alternative accommodation has been recorded.",
        "Record the offer",
        "While the home cannot be made safe in time, the household is offered somewhere suitable "
        "to stay at our cost.",
    ),
}


def job_url(reference: str) -> str:
    """The job page, at its hazard panel."""
    return reverse(f"{NAMESPACE}:repair", kwargs={"reference": reference}) + "#hazard"


def hazard_view(view: View) -> View:
    """Staff only; the repair in the URL and its hazard, or a 404 page saying which is
    missing; only repairs staff may go on (403)."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args: Any, **kwargs: Any) -> HttpResponse:
        repair = selectors_programme.repair_by_reference(reference)
        if repair is None:
            return not_found(request, f"There is no repair with the reference {reference}.")
        hazard = Hazard.objects.filter(repair=repair).first()
        if hazard is None:
            return not_found(request, f"Repair {reference} has no hazard record.")
        if not can_work_repairs(request.user):
            return render(request, FORBIDDEN, {"repair": repair}, status=403)
        hazard.repair = repair
        return view(request, hazard, *args, **kwargs)

    return wrapper


def _step_view(name: str) -> View:
    step = STEPS[name]

    @hazard_view
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, hazard: Hazard) -> HttpResponse:
        data = request.POST if request.method == "POST" else None
        form = step.form(data, hazard=hazard)
        if request.method == "POST" and form.is_valid():
            try:
                step.service(actor=request.user, **form.arguments())
            except DomainError as refused:
                add_domain_error(form, refused, form.ALIASES)
            else:
                messages.success(request, step.done)
                return redirect(job_url(hazard.repair.case.reference))
        context = {
            "repair": hazard.repair,
            "hazard": hazard,
            "form": form,
            "action": step,
            "law_applies": awaab.law_applies(hazard),
            "clocks": selectors_programme.hazard_clocks(hazard),
        }
        return render(request, "repairs/console/hazard_action.html", context)

    view.__name__ = f"hazard_{name.replace('-', '_')}"
    return view


hazard_triage = _step_view("triage")
hazard_investigation = _step_view("investigation")
hazard_summary = _step_view("summary")
hazard_made_safe = _step_view("made-safe")
hazard_safety_works = _step_view("safety-works")
hazard_further_works = _step_view("further-works")
hazard_accommodation = _step_view("accommodation")


@staff_only
@require_GET
def hazards(request: HttpRequest) -> HttpResponse:
    """Every hazard on a repair still open, the soonest statutory duty first."""
    rows, total = selectors_programme.hazards_open()
    at = now()
    for hazard in rows:
        hazard.overdue = hazard.next_due is not None and hazard.next_due.due_at < at
    return render(request, "repairs/console/hazard_list.html", {"hazards": rows, "total": total})
