"""The public performance page: the landlord's complaint and repair figures for its latest whole
reporting year, in plain English, for residents and anyone else, with no sign-in.

The figures are the Tenant Satisfaction Measures (`selectors_tsm.tsm_return`) and the headline
volumes and timeliness of the annual complaints report (`selectors_annual`), read straight from
the record. Nothing here links to a case: the drill-down pages are for the governance area.
A past year's figures hardly change, so each year's are kept in the cache for an hour."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from homecase.common.time import now
from homecase.reports import rules_tsm, selectors_annual, selectors_tsm

CACHE_SECONDS = 3600
EARLIER_YEARS = 4

# What each figure means, for residents; the Regulator's wording is in the governance area.
PLAIN: dict[str, str] = {
    "ch01-stage1": "Complaints we received, for every 1,000 homes",
    "ch01-stage2": "Complaints taken to the second stage (a review), for every 1,000 homes",
    "ch02-stage1": "First-stage complaints we answered within the time the Code allows",
    "ch02-stage2": "Second-stage complaints we answered within the time the Code allows",
    "rp02-non-emergency": "Non-emergency repairs finished within our target time",
    "rp02-emergency": "Emergency repairs finished within our target time",
    "nm01-asb": "Anti-social behaviour cases opened, for every 1,000 homes",
    "nm01-hate": "Anti-social behaviour cases involving hate incidents, for every 1,000 homes",
    "rp01": "Homes that do not meet the Decent Homes Standard",
    "bs01": "Homes with every gas safety check done",
    "bs02": "Homes with every fire risk assessment done",
    "bs03": "Homes with every asbestos survey done",
    "bs04": "Homes with every water safety (legionella) assessment done",
    "bs05": "Homes with every lift safety check done",
}
SECTIONS = (
    ("complaints", "Complaints", ("CH01", "CH02")),
    ("repairs", "Repairs and the condition of homes", ("RP02", "RP01")),
    ("safety", "Building safety", ("BS01", "BS02", "BS03", "BS04", "BS05")),
    ("neighbourhoods", "Anti-social behaviour", ("NM01",)),
)


@dataclass(frozen=True)
class PublicFigure:
    label: str
    result: str
    detail: str


def latest_year_label() -> str:
    """The latest whole reporting year (1 April - 31 March) before today's."""
    today = timezone.localdate(now())
    current = rules_tsm.reporting_year(rules_tsm.reporting_year_of(today))
    return rules_tsm.reporting_year_of(current.start - timedelta(days=1))


def _earlier(label: str, count: int) -> list[str]:
    start = rules_tsm.reporting_year(label).start
    return [rules_tsm.year_label(start.year - back) for back in range(1, count + 1)]


def _detail(figure: Any) -> str:
    if figure.numerator is None:
        return "Not yet recorded."
    if figure.kind == rules_tsm.SHARE:
        return f"{figure.numerator:,} of {figure.denominator:,} {figure.denominator_label}."
    return f"{figure.numerator:,} {figure.numerator_label}; {figure.denominator:,} homes."


def _tsm_sections(period: rules_tsm.Period) -> tuple[list[dict[str, Any]], bool]:
    tsm = selectors_tsm.tsm_return(period=period)
    sections = []
    for anchor, title, codes in SECTIONS:
        figures = [
            PublicFigure(PLAIN.get(f.key, f.measure), f.result_text, _detail(f))
            for f in tsm.figures
            if f.code in codes
        ]
        if figures:
            sections.append({"anchor": anchor, "title": title, "figures": figures})
    # Homes alone are not data: something must have been counted in the period.
    has_data = any(f.numerator for f in tsm.figures) or any(
        f.denominator for f in tsm.figures if f.code in ("CH02", "RP02")
    )
    return sections, has_data


def _complaints_summary(period: rules_tsm.Period) -> dict[str, Any]:
    annual = selectors_annual.Period(period.start, period.end, period.label)
    volumes = selectors_annual.volumes(annual)
    counts = {
        "received": volumes["total"],
        "stage2": volumes["stage2"],
        "withdrawn": volumes["withdrawn"],
        "refused": volumes["refused_total"],
    }
    return {
        **counts,
        **{f"{key}_text": f"{value:,}" for key, value in counts.items()},
        "timeliness": [
            {
                "label": row["label"],
                "on_time": f"{row['met']:,} of {row['decided']:,}",
                "share": "No data" if row["share"] is None else f"{row['share']}%",
            }
            for row in selectors_annual.timeliness(annual)
        ],
    }


def performance_for(label: str) -> dict[str, Any]:
    """Everything the page shows for a reporting year (cached for an hour)."""
    key = f"homecase:public-performance:{label}"
    found = cache.get(key)
    if found is None:
        period = rules_tsm.reporting_year(label)
        sections, has_data = _tsm_sections(period)
        found = {
            "label": label,
            "start": period.start,
            "end": period.end,
            "sections": sections,
            "has_data": has_data,
            "complaints": _complaints_summary(period),
        }
        cache.set(key, found, CACHE_SECONDS)
    return found


@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    latest = latest_year_label()
    years = [latest, *_earlier(latest, EARLIER_YEARS)]
    asked = request.GET.get("year", "").strip() or latest
    if asked not in years:
        error = f"We publish figures for the reporting years {years[-1]} to {latest} only."
        context = {"page": None, "years": years, "latest": latest, "error": error}
        return render(request, "reports/public.html", context, status=404)
    context = {"page": performance_for(asked), "years": years, "latest": latest}
    return render(request, "reports/public.html", context)
