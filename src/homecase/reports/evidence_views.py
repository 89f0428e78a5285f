"""The Ombudsman evidence pack in the console: a page saying what the pack holds, and the
download itself (which records on the case's timeline that the pack was produced). An ASB
case's pack is for ASB officers only."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from homecase.asb.access import can_work_asb
from homecase.records.models import Case, CaseKind
from homecase.records.selectors import case_by_reference
from homecase.reports.access import can_produce_evidence
from homecase.reports.evidence import evidence_pack_build
from homecase.reports.selectors_evidence import pack_contents

View = Callable[..., HttpResponse]


def evidence_staff_only(view: View) -> View:
    """Anonymous people are sent to sign in; anyone else without the right gets a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:sign-in"))
        if not can_produce_evidence(request.user):
            return render(request, "console/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _found(request: HttpRequest, reference: str) -> Case | HttpResponse:
    """The case, or the 404 page: an ASB case's record names victims and alleged perpetrators,
    so to anyone without the ASB role it is "no such case", as an unknown reference."""
    found = case_by_reference(reference)
    if found is not None and found.kind == CaseKind.ASB and not can_work_asb(request.user):
        found = None
    if found is None:
        return render(
            request,
            "console/not_found.html",
            {"message": f"There is no case with the reference {reference}."},
            status=404,
        )
    return found


@require_GET
@evidence_staff_only
def case(request: HttpRequest, reference: str) -> HttpResponse:
    found = _found(request, reference)
    if isinstance(found, HttpResponse):
        return found
    context = {"case": found, "contents": pack_contents(case=found)}
    return render(request, "reports/evidence_case.html", context)


@require_GET
@evidence_staff_only
def pack(request: HttpRequest, reference: str) -> HttpResponse:
    found = _found(request, reference)
    if isinstance(found, HttpResponse):
        return found
    built = evidence_pack_build(case=found, actor=request.user)
    response = HttpResponse(built.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    response["X-Content-SHA256"] = built.sha256
    return response
