"""The programme view in the staff console, /console/repairs/programme/: components of homes and
blocks overdue or due within the chosen years, soonest first, filtered by kind, estate or block,
a page at a time; adding a component; and recording work done to one (which moves its dates on,
the history kept). Any member of staff may look; only repairs staff may write (403)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from homecase.common.errors import DomainError
from homecase.common.time import now
from homecase.console.views import staff_only
from homecase.repairs import selectors_programme
from homecase.repairs.access import can_work_repairs
from homecase.repairs.console import NAMESPACE, not_found
from homecase.repairs.forms_console import add_domain_error
from homecase.repairs.forms_programme import (
    ComponentAddForm,
    ComponentWorkForm,
    ProgrammeFilterForm,
)
from homecase.repairs.models import Component
from homecase.repairs.services import components

View = Callable[..., HttpResponse]
FORBIDDEN = "repairs/console/component_forbidden.html"
PAGE_SIZE = selectors_programme.PAGE_SIZE


def programme_url() -> str:
    return reverse(f"{NAMESPACE}:repairs-programme")


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


def pagination(query: QueryDict, *, current: int, last: int) -> Pagination | None:
    """GOV.UK pagination: first, last, and the pages either side of this one."""
    if last <= 1:
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
        previous=url(current - 1) if current > 1 else "",
        next=url(current + 1) if current < last else "",
        pages=pages,
    )


def planner_only(view: View) -> View:
    """Staff only; repairs staff only (403 for other staff)."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_work_repairs(request.user):
            return render(request, FORBIDDEN, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@staff_only
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    form = ProgrammeFilterForm(request.GET or None)
    filters = form.filters() if request.GET else ProgrammeFilterForm.defaults()
    today = timezone.localdate(now())
    page = selectors_programme.programme(at=today, per_page=PAGE_SIZE, **filters)
    context = {
        "form": form,
        "page": page,
        "within_years": filters["within_years"],
        "can_work": can_work_repairs(request.user),
        "pagination": pagination(request.GET, current=page.page, last=page.pages),
    }
    return render(request, "repairs/console/programme.html", context)


def _write(
    request: HttpRequest,
    form: ComponentAddForm | ComponentWorkForm,
    write: Callable[..., Any],
    message: str,
) -> HttpResponse | None:
    """On a valid POST: call the service and redirect to the programme (None: show the form)."""
    if request.method == "POST" and form.is_valid():
        try:
            write(actor=request.user, **form.arguments())
        except DomainError as refused:
            add_domain_error(form, refused, form.ALIASES)
        else:
            messages.success(request, message)
            return redirect(programme_url())
    return None


@planner_only
@require_http_methods(["GET", "POST"])
def component_add(request: HttpRequest) -> HttpResponse:
    form = ComponentAddForm(request.POST if request.method == "POST" else None)
    done = _write(request, form, components.component_add, "The component has been added.")
    return done or render(
        request,
        "repairs/console/component_add.html",
        {"form": form, "back_url": programme_url()},
    )


@planner_only
@require_http_methods(["GET", "POST"])
def component_work(request: HttpRequest, component_id: int) -> HttpResponse:
    component = (
        Component.objects.select_related("home", "block__estate").filter(pk=component_id).first()
    )
    if component is None:
        return not_found(request, "There is no such component on the programme.")
    form = ComponentWorkForm(
        request.POST if request.method == "POST" else None, component=component
    )
    done = _write(
        request,
        form,
        components.component_work_record,
        f"The work on the {component.get_kind_display().lower()} has been recorded.",
    )
    context = {
        "form": form,
        "component": component,
        "where": str(component.home or component.block),
        "history": list(selectors_programme.component_history(component)),
        "back_url": programme_url(),
    }
    return done or render(request, "repairs/console/component_work.html", context)
