"""The governance area's shell: sign in, sign out and the hub linking to each report.

Board members, managers and complaint officers (reports.access.can_see_governance) get past
sign-in; anyone else signed in is told plainly why not."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from homecase.portal.auth import authenticate_by_email, safe_next_url
from homecase.portal.forms import SignInForm
from homecase.reports.access import can_see_governance
from homecase.reports.views_common import forbidden, governance_only


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    hub = reverse("governance:index")
    if can_see_governance(request.user):
        return redirect(safe_next_url(request, hub))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate_by_email(request, **form.cleaned_data)
        if user is not None and not can_see_governance(user):
            return forbidden(request)
        if user is not None:
            login(request, user)
            return redirect(safe_next_url(request, hub))
        form.add_error(None, "Enter a correct email address and password")
    return render(
        request, "reports/sign_in.html", {"form": form, "next": safe_next_url(request, "")}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("governance:sign-in")


@governance_only
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html")
