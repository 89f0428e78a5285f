"""The Tenant Satisfaction Measures pages: the return for a period (page, CSV in the Regulator's
layout, PDF) and, for each figure, the records behind it. Parse the period, call the selector,
render; a period that ends before it starts is a form error (400 for the downloads)."""

import csv
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from homecase.common.time import now
from homecase.reports.forms_tsm import TsmPeriodForm, period_form
from homecase.reports.rules_tsm import Period
from homecase.reports.selectors_tsm import (
    FIGURE_KEYS,
    METHOD_NOTES,
    TsmReturn,
    figure_rows,
    tsm_figure,
    tsm_return,
)
from homecase.reports.views_common import governance_only

CSV_COLUMNS = ["TSM code", "Measure", "Numerator", "Denominator", "Result", "Unit", "Notes"]
ROWS_PER_PAGE = 50
HOME_KEYS = {"rp01", "bs01", "bs02", "bs03", "bs04", "bs05"}
# ASB cases name victims and alleged perpetrators: their drill-down lists the reference, the
# date opened and whether counted, never the case's title or anyone's name.
ASB_KEYS = {"nm01-asb", "nm01-hate"}


def _query(period: Period) -> str:
    if period.is_reporting_year:
        return f"year={period.label}"
    return f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"


def _slug(period: Period) -> str:
    if period.is_reporting_year:
        return period.label
    return f"{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"


def _context(form: TsmPeriodForm, result: TsmReturn | None) -> dict[str, Any]:
    context: dict[str, Any] = {"form": form, "tsm": result, "notes": METHOD_NOTES}
    if result is not None:
        query = _query(result.period)
        context["query"] = query
        context["rows"] = [
            {
                "figure": f,
                "cases_url": (
                    f"{reverse('governance:tsm-cases', args=[f.key])}?{query}"
                    if f.key in FIGURE_KEYS
                    else ""
                ),
            }
            for f in result.figures
        ]
    return context


@require_GET
@governance_only
def tsm(request: HttpRequest) -> HttpResponse:
    """The return for the chosen period (the current reporting year unless asked)."""
    form = period_form(request.GET)
    if not form.is_valid():
        return render(request, "reports/tsm.html", _context(form, None), status=400)
    return render(request, "reports/tsm.html", _context(form, tsm_return(period=form.period)))


def _bad_period(request: HttpRequest, form: TsmPeriodForm) -> HttpResponse:
    errors = "; ".join(e for errs in form.errors.values() for e in errs)
    return HttpResponse(
        f"This period cannot be reported on: {errors}\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _unit(kind: str) -> str:
    return "%" if kind == "share" else "per 1,000 homes"


@require_GET
@governance_only
def tsm_csv(request: HttpRequest) -> HttpResponse:
    """The return as CSV, one row per measure (and part), as the Regulator collects it."""
    form = period_form(request.GET)
    if not form.is_valid():
        return _bad_period(request, form)
    result = tsm_return(period=form.period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tsm-{_slug(result.period)}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for f in result.figures:
        writer.writerow(
            [
                f.full_code,
                f.measure,
                "" if f.numerator is None else f.numerator,
                "" if f.denominator is None else f.denominator,
                "" if f.result is None else f.result,
                _unit(f.kind),
                f.note or ("" if f.result is not None else f.result_text),
            ]
        )
    return response


def _no_fetching(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise ValueError(f"The TSM return loads nothing from outside ({url}).")


@require_GET
@governance_only
def tsm_pdf(request: HttpRequest) -> HttpResponse:
    """The return as an A4 PDF (WeasyPrint), with numerators, denominators and notes."""
    form = period_form(request.GET)
    if not form.is_valid():
        return _bad_period(request, form)
    result = tsm_return(period=form.period)
    html = render_to_string(
        "reports/tsm_pdf.html",
        {**_context(form, result), "produced_at": timezone.localtime(now())},
    )
    from weasyprint import HTML  # slow to import; only this view needs it

    response = HttpResponse(
        HTML(string=html, url_fetcher=_no_fetching).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="tsm-{_slug(result.period)}.pdf"'
    return response


@dataclass(frozen=True)
class Row:
    """One record behind a figure, as the drill-down lists it."""

    reference: str
    url: str
    when: datetime | None
    detail: str
    counted: bool


def _row(key: str, obj: Any) -> Row:
    if key in HOME_KEYS:
        url = reverse("console:home", args=[obj.pk])
        return Row(obj.uprn, url, None, obj.one_line_address, obj.counted)
    if key.startswith("ch0"):
        case = obj.complaint.case
        when = obj.requested_at if key.startswith("ch01") else obj.responded_at
        detail = f"{case.title} ({obj.complaint.get_status_display()})"
        return Row(
            case.reference,
            reverse("console:case", args=[case.reference]),
            when,
            detail,
            obj.counted,
        )
    if key.startswith("rp02"):
        case = obj.case
        detail = f"{case.title}; priority {obj.priority}"
        return Row(
            case.reference,
            reverse("console:case", args=[case.reference]),
            obj.completed_at,
            detail,
            obj.counted,
        )
    # NM01: ASB cases, by reference and date only.
    return Row(
        obj.reference,
        reverse("console:case", args=[obj.reference]),
        obj.opened_at,
        "",
        obj.counted,
    )


@require_GET
@governance_only
def tsm_cases(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one figure, a page at a time, each saying whether it counts in the
    numerator."""
    if key not in FIGURE_KEYS:
        raise Http404("There is no such figure.")
    form = period_form(request.GET)
    if not form.is_valid():
        return render(request, "reports/tsm.html", _context(form, None), status=400)
    figure = tsm_figure(key=key, period=form.period)
    page = Paginator(figure_rows(key=key, period=form.period), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "figure": figure,
        "period": form.period,
        "query": _query(form.period),
        "page": page,
        "rows": [_row(key, obj) for obj in page.object_list],
        "homes_listed": key in HOME_KEYS,
        "asb_listed": key in ASB_KEYS,
    }
    return render(request, "reports/tsm_cases.html", context)
