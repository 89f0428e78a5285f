"""Views of the Code self-assessment: every provision with its evidence and confirmed status, the
form to assess one provision (with its history), and the CSV in the Ombudsman's table layout."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from homecase.common.errors import DomainError
from homecase.reports import selectors_self_assessment as selectors
from homecase.reports.code_provisions import SECTIONS, provision_get
from homecase.reports.forms_annual import period_from
from homecase.reports.forms_self_assessment import AssessForm
from homecase.reports.models import AssessmentStatus
from homecase.reports.services import can_assess, provision_assess
from homecase.reports.views_common import forbidden, governance_only

CSV_HEADER = [
    "Section",
    "Code provision",
    "Code requirement",
    "Comply: yes/no",
    "Evidence",
    "Commentary / explanation",
]
COMPLY = {
    AssessmentStatus.COMPLIANT: "Yes",
    AssessmentStatus.PARTLY: "No (partly)",
    AssessmentStatus.NOT_COMPLIANT: "No",
}


def _sections(rows: list[dict]) -> list[dict]:
    grouped: dict[int, dict] = {}
    for row in rows:
        number = row["provision"].section
        grouped.setdefault(number, {"number": number, "title": SECTIONS[number], "rows": []})
        grouped[number]["rows"].append(row)
    return list(grouped.values())


@governance_only
def index(request: HttpRequest) -> HttpResponse:
    """Every provision, section by section, with its evidence and current assessment."""
    form, period = period_from(request.GET)
    context = {"form": form, "period": period, "can_assess": can_assess(request.user)}
    if period is not None:
        rows = selectors.self_assessment(period)
        context["sections"] = _sections(rows)
        context["assessed"] = sum(1 for row in rows if row["assessment"])
        context["total"] = len(rows)
        context["query"] = urlencode(period.query())
    return render(request, "reports/self_assessment.html", context, status=200 if period else 400)


@governance_only
def assess(request: HttpRequest, provision: str) -> HttpResponse:
    """Confirm the status of one provision; earlier assessments are kept and shown."""
    found = provision_get(provision)
    if found is None:
        raise Http404("There is no such provision in the Code.")
    if not can_assess(request.user):
        return forbidden(request)
    _, period = period_from(request.GET)
    figure = selectors.figure(found, period) if period else None
    form = AssessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provision_assess(
                provision=found.number,
                status=form.cleaned_data["status"],
                explanation=form.cleaned_data["explanation"],
                evidence=figure.text if figure else "",
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            target = reverse("governance:self-assessment")
            return redirect(f"{target}#provision-{found.number.replace('.', '-')}")
    return render(
        request,
        "reports/self_assessment_assess.html",
        {
            "form": form,
            "provision": found,
            "figure": figure,
            "history": selectors.history(found.number),
        },
        status=400 if form.errors else 200,
    )


@governance_only
def export_csv(request: HttpRequest) -> HttpResponse:
    """The self-assessment in the Ombudsman's table layout; 400 when the period is wrong."""
    form, period = period_from(request.GET)
    if period is None:
        errors = "; ".join(error for errors in form.errors.values() for error in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = period.label or f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="code-self-assessment-{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in selectors.self_assessment(period):
        provision, figure, assessment = row["provision"], row["figure"], row["assessment"]
        writer.writerow(
            [
                f"{provision.section}. {provision.section_title}",
                provision.number,
                provision.text,
                COMPLY[assessment.status] if assessment else "Not yet assessed",
                figure.text if figure else "",
                assessment.explanation if assessment else "",
            ]
        )
    return response
