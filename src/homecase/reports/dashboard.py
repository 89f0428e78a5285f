"""The board dashboard at /governance/dashboard/ and the drill-down pages behind its figures.

Views parse, call `selectors_dashboard`, and render; every figure links to a paginated list of
the cases behind it. Anti-social behaviour cases are listed by reference and date only: their
records name victims and alleged perpetrators, and are open to ASB officers alone."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from homecase.asb.models import ClosureReason
from homecase.common.time import now
from homecase.reports import selectors_dashboard as dashboard
from homecase.reports.rules_charts import bar_chart
from homecase.reports.views_common import governance_only

PAGE_SIZE = 50
TOP = 10
DEADLINE_TITLES = {
    "due": "Deadlines due in the next 7 days",
    "missed": "Deadlines missed and still owed",
}


def _page(request: HttpRequest, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reports/dashboard_missing.html", {"message": message}, status=404)


@require_GET
@governance_only
def index(request: HttpRequest) -> HttpResponse:
    at = now()
    trends = dashboard.monthly_trends(at=at)
    label = "%b %Y"
    complainants, complainants_total = dashboard.top_with_total(
        dashboard.repeat_complainants(at=at), TOP
    )
    homes, homes_total = dashboard.top_with_total(dashboard.homes_with_repeated_repairs(at=at), TOP)
    due = dashboard.deadlines_due_this_week(at=at)
    missed = dashboard.deadlines_missed(at=at)
    learning = dashboard.learning_overdue(at=at)
    context = {
        "at": at,
        "buckets": [label for label, _, _ in dashboard.AGE_BUCKETS],
        "ages": dashboard.open_case_ages(at=at),
        "due": due,
        "due_total": sum(row.count for row in due),
        "missed": missed,
        "missed_total": sum(row.count for row in missed),
        "trends": trends,
        "opened_chart": bar_chart([(row.month.strftime(label), row.opened) for row in trends]),
        "closed_chart": bar_chart([(row.month.strftime(label), row.closed) for row in trends]),
        "complainants": dashboard.with_residents(complainants, at=at),
        "complainants_total": complainants_total,
        "homes": dashboard.with_homes(homes, at=at),
        "homes_total": homes_total,
        "learning": list(learning[:TOP]),
        "learning_total": learning.count(),
        "asb": dashboard.asb_summary(at=at),
        "top": TOP,
    }
    return render(request, "reports/dashboard.html", context)


@require_GET
@governance_only
def open_cases(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in dashboard.KINDS:
        return _not_found(request, "There is no such kind of case on the dashboard.")
    bucket = request.GET.get("age", "")
    if bucket not in {"", *map(str, range(len(dashboard.AGE_BUCKETS)))}:
        return _not_found(request, "There is no such age group on the dashboard.")
    index = int(bucket) if bucket else None
    age = dashboard.AGE_BUCKETS[index][0].lower() if index is not None else ""
    title = f"Open {dashboard.KINDS[kind].lower()}" + (f" opened {age} ago" if age else "")
    at = now()
    context = {
        "title": title,
        "page": _page(request, dashboard.open_cases(kind=kind, bucket=index, at=at)),
        "keep": f"age={bucket}" if bucket else "",
        "at": at,
        "restricted": kind in dashboard.RESTRICTED_KINDS,
    }
    return render(request, "reports/dashboard_cases.html", context)


@require_GET
@governance_only
def deadlines(request: HttpRequest, which: str) -> HttpResponse:
    if which not in DEADLINE_TITLES:
        return _not_found(request, "There is no such list of deadlines on the dashboard.")
    duty = request.GET.get("duty", "").strip()
    found = dashboard.deadlines(which=which, duty=duty, at=now())
    page = _page(request, found)
    page.object_list = list(page.object_list)
    for deadline in page.object_list:  # shown, never saved
        deadline.label = dashboard.duty_label(deadline.duty, deadline.label)
    context = {
        "title": DEADLINE_TITLES[which],
        "duty": duty,
        "page": page,
        "keep": f"duty={duty}" if duty else "",
    }
    return render(request, "reports/dashboard_deadlines.html", context)


@require_GET
@governance_only
def repeat_complainants(request: HttpRequest) -> HttpResponse:
    at = now()
    page = _page(request, dashboard.repeat_complainants(at=at))
    context = {"page": page, "rows": dashboard.with_residents(list(page.object_list), at=at)}
    return render(request, "reports/dashboard_complainants.html", context)


@require_GET
@governance_only
def repeat_repairs(request: HttpRequest) -> HttpResponse:
    at = now()
    page = _page(request, dashboard.homes_with_repeated_repairs(at=at))
    context = {"page": page, "rows": dashboard.with_homes(list(page.object_list), at=at)}
    return render(request, "reports/dashboard_homes.html", context)


@require_GET
@governance_only
def learning_overdue(request: HttpRequest) -> HttpResponse:
    at = now()
    context = {
        "page": _page(request, dashboard.learning_overdue(at=at)),
        "today": timezone.localdate(at),
    }
    return render(request, "reports/dashboard_learning.html", context)


@require_GET
@governance_only
def asb_cases(request: HttpRequest, which: str) -> HttpResponse:
    """The ASB cases behind a figure, by reference and date only."""
    if which not in dashboard.ASB_LISTS:
        return _not_found(request, "There is no such list of ASB cases on the dashboard.")
    reason = request.GET.get("reason", "").strip() if which == "outcome" else ""
    if reason and reason not in ClosureReason.values:
        return _not_found(request, "There is no such closure reason.")
    title = dashboard.ASB_LISTS[which]
    if reason:
        title += f": {ClosureReason(reason).label}"
    context = {
        "title": title,
        "closed": which == "outcome",
        "page": _page(request, dashboard.asb_cases(which=which, at=now(), reason=reason)),
        "keep": f"reason={reason}" if reason else "",
    }
    return render(request, "reports/dashboard_asb.html", context)
