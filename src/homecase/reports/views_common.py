"""What every governance view shares: the `governance_only` decorator and the 403 page."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from homecase.reports.access import can_see_governance

View = Callable[..., HttpResponse]


def forbidden(request: HttpRequest) -> HttpResponse:
    """The plain-English 403 page for someone signed in without a governance role."""
    return render(request, "reports/forbidden.html", status=403)


def governance_only(view: View) -> View:
    """Anonymous people are sent to sign in; signed-in people without the role get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("governance:sign-in"))
        if not can_see_governance(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper
