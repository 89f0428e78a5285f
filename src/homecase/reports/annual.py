"""Views of the annual complaints performance and service improvement report: the page, its PDF
and the drill-down listing the complaints behind any figure."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from homecase.complaints.letters import letter_pdf
from homecase.reports import selectors_annual as annual
from homecase.reports.forms_annual import period_from
from homecase.reports.rules_charts import bar_chart
from homecase.reports.views_common import governance_only

PAGE_SIZE = 50


def _chart(rows: list[annual.Row]):
    return bar_chart([(row.label, row.count) for row in rows])


def _context(report: dict) -> dict:
    volumes = report["volumes"]
    outcomes = report["outcomes"]
    report["charts"] = {
        "stage": _chart(volumes["by_stage"]),
        "category": _chart(volumes["by_category"]),
        "channel": _chart(volumes["by_channel"]),
        "refused": _chart(volumes["refused"]),
        "outcome1": _chart(outcomes[1]["stages"]),
        "outcome2": _chart(outcomes[2]["stages"]),
        "compensation": _chart(report["compensation"]["bands"]),
        "findings": _chart(report["ombudsman"]["findings"]),
        "learning": _chart(report["learning"]["rows"]),
    }
    report["query"] = urlencode(report["period"].query())
    for item in report["timeliness"]:
        item["chart"] = _chart(item["outcomes"])
    return report


@governance_only
def report(request: HttpRequest) -> HttpResponse:
    """The report for the chosen period (the current reporting year by default)."""
    form, period = period_from(request.GET)
    context = {"form": form, "title": "Annual complaints performance report"}
    if period is not None:
        context.update(_context(annual.report(period)))
    return render(request, "reports/annual.html", context, status=200 if period else 400)


@governance_only
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The report as an A4 PDF; 400 with the reason when the period is wrong."""
    form, period = period_from(request.GET)
    if period is None:
        errors = "; ".join(error for errors in form.errors.values() for error in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    html = render_to_string(
        "reports/annual_pdf.html", _context(annual.report(period)), request=request
    )
    response = HttpResponse(letter_pdf(html), content_type="application/pdf")
    name = period.label or f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="complaints-report-{name}.pdf"'
    return response


@governance_only
def report_cases(request: HttpRequest) -> HttpResponse:
    """The complaints behind one figure, oldest first, 50 to a page."""
    form, period = period_from(request.GET)
    figure = request.GET.get("figure", "")
    value = request.GET.get("value", "")
    stage = request.GET.get("stage", "")
    duty = request.GET.get("duty", "")
    if period is None or figure not in annual.FIGURES:
        return render(
            request,
            "reports/annual_cases.html",
            {"form": form, "bad": True, "title": "Complaints behind a figure"},
            status=400,
        )
    complaints = annual.complaints_behind(period, figure, value, stage=stage, duty=duty)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = {
        key: request.GET[key]
        for key in ("year", "start", "end", "figure", "value", "stage", "duty")
        if request.GET.get(key)
    }
    return render(
        request,
        "reports/annual_cases.html",
        {
            "title": "Complaints behind a figure",
            "period": period,
            "figure": figure,
            "value": value,
            "page": page,
            "keep": urlencode(keep),
            "back": reverse("governance:complaints-report") + "?" + urlencode(period.query()),
        },
    )
