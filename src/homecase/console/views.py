"""The staff console: sign in, search, and the resident, home and case pages.

Only staff members (accounts.access.is_staff_member) get past sign-in; anyone else signed in
is told plainly why not. Views parse, call a selector, and render. Anti-social behaviour cases
are found, listed and opened only by staff with the ASB role (`asb.access.can_work_asb`): for
anyone else they are not there, as a reference that does not exist."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from homecase.accounts.access import is_staff_member
from homecase.asb.access import can_work_asb
from homecase.common.time import now
from homecase.complaints.access import can_handle
from homecase.console import selectors
from homecase.console.forms import SearchForm
from homecase.housing.selectors import home_detail, resident_detail, search_everything
from homecase.portal.auth import authenticate_by_email, safe_next_url
from homecase.portal.forms import SignInForm
from homecase.records.models import CaseKind
from homecase.records.selectors import case_by_reference

View = Callable[..., HttpResponse]


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "console/forbidden.html", status=403)


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "console/not_found.html", {"message": message}, status=404)


def staff_only(view: View) -> View:
    """Anonymous people are sent to sign in; signed-in people who are not staff get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:sign-in"))
        if not is_staff_member(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    search = reverse("console:search")
    if is_staff_member(request.user):
        return redirect(safe_next_url(request, search))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate_by_email(request, **form.cleaned_data)
        if user is not None and not is_staff_member(user):
            return _forbidden(request)
        if user is not None:
            login(request, user)
            return redirect(safe_next_url(request, search))
        form.add_error(None, "Enter a correct email address and password")
    return render(
        request, "console/sign_in.html", {"form": form, "next": safe_next_url(request, "")}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("console:sign-in")


@staff_only
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = search_everything(
            query=form.cleaned_data["q"], with_asb=can_work_asb(request.user)
        )
        # A case reference names exactly one case: go straight to it.
        if len(results.cases) == 1 and not (results.residents or results.homes):
            return redirect("console:case", reference=results.cases[0].reference)
    return render(request, "console/search.html", {"form": form, "results": results})


@staff_only
def resident(request: HttpRequest, resident_id: int) -> HttpResponse:
    found = resident_detail(resident_id=resident_id)
    if found is None:
        return _not_found(request, "There is no resident with that number.")
    today = timezone.localdate(now())
    page = selectors.resident_page(resident=found, today=today, user=request.user)
    # Only complaint officers and managers record and review contact restrictions.
    context = {"page": page, "today": today, "can_handle": can_handle(request.user)}
    return render(request, "console/resident.html", context)


@staff_only
def home(request: HttpRequest, home_id: int) -> HttpResponse:
    found = home_detail(home_id=home_id)
    if found is None:
        return _not_found(request, "There is no home with that number.")
    page = selectors.home_page(home=found, user=request.user)
    return render(request, "console/home.html", {"page": page})


@staff_only
def case(request: HttpRequest, reference: str) -> HttpResponse:
    found = case_by_reference(reference)
    # An ASB case is "no such case" to staff without the ASB role, as an unknown reference;
    # ASB officers work it on the ASB case page.
    if found is not None and found.kind == CaseKind.ASB:
        if can_work_asb(request.user):
            return redirect("console:console-asb:case", reference=found.reference)
        found = None
    if found is None:
        return _not_found(request, f"There is no case with the reference {reference}.")
    return render(request, "console/case.html", {"page": selectors.case_page(case=found)})
