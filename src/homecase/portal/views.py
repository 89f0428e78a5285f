"""The resident portal: sign in (password or one-time link), "Your home", contact preferences.

Views only parse the request, call a selector or service, and render; the rules live in the
housing services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from homecase.accounts.access import is_staff_member
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.housing.models import Resident
from homecase.housing.selectors import resident_for_user
from homecase.housing.services import resident_update_contact_preferences
from homecase.portal.auth import authenticate_by_email, safe_next_url
from homecase.portal.forms import (
    ContactPreferencesForm,
    SignInForm,
    SignInLinkForm,
    add_domain_error,
)
from homecase.portal.selectors import your_home
from homecase.portal.sign_in_links import sign_in_link_send, user_for_sign_in_link
from homecase.records.models import Channel


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    home = reverse("portal:home")
    if request.user.is_authenticated:
        return redirect(safe_next_url(request, home))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate_by_email(request, **form.cleaned_data)
        if user is not None:
            login(request, user)
            return redirect(safe_next_url(request, home))
        form.add_error(None, "Enter a correct email address and password")
    return render(
        request, "portal/sign_in.html", {"form": form, "next": safe_next_url(request, "")}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("portal:sign-in")


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time link. The answer is the same whether or not the email is known."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_in_link_send(
            email=form.cleaned_data["email"],
            absolute_url=request.build_absolute_uri,
            landlord_name=settings.HOMECASE_LANDLORD_NAME,
        )
        return render(
            request,
            "portal/sign_in_link_sent.html",
            {"minutes": settings.HOMECASE_SIGN_IN_LINK_MINUTES},
        )
    return render(request, "portal/sign_in_link.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_in_link_use(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Opening the link shows a button; only pressing it signs in. Mail scanners that open
    links to check them would otherwise use up the resident's one chance."""
    user = user_for_sign_in_link(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "portal/sign_in_link_invalid.html", status=400)
    if request.method == "POST":
        logout(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:home")
    return render(request, "portal/sign_in_link_use.html")


def _not_a_resident(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/not_a_resident.html",
        {"is_staff_member": is_staff_member(request.user)},
        status=403,
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    if resident is None:
        return _not_a_resident(request)
    today = timezone.localdate(now())
    return render(
        request,
        "portal/home.html",
        {"page": your_home(resident=resident, today=today), "resident": resident},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_preferences(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    if resident is None:
        return _not_a_resident(request)
    form = ContactPreferencesForm.for_resident(resident, request.POST or None)
    if request.method == "POST" and form.is_valid() and _save_preferences(request, resident, form):
        messages.success(request, "Your contact preferences have been saved.")
        return redirect("portal:home")
    return render(request, "portal/contact_preferences.html", {"form": form})


def _save_preferences(
    request: HttpRequest, resident: Resident, form: ContactPreferencesForm
) -> bool:
    try:
        resident_update_contact_preferences(
            resident=resident, actor=request.user, channel=Channel.PORTAL, **form.cleaned_data
        )
    except (InvalidInput, Conflict) as error:
        add_domain_error(form, error)
        return False
    return True
