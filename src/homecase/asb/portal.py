"""The resident's anti-social behaviour pages in the portal: report ASB (what and where, "is this
about your report A-…?" when they already have one about it, then what happened), the
confirmation with the named officer and the first-contact date, "Your anti-social behaviour
reports", and one case (where it stands, the named officer, what we promised, the action plan
agreed with them, their own diary and what has happened) with "add to my diary", "ask for a case
review" and, once closed, the satisfaction question and "it has happened again".

Views parse, check access, call a selector or service, and render. A resident sees only the cases
they reported, and within them only what `selectors.portal_page` gives: never the names of
victims, alleged perpetrators, witnesses or other reporters. Not theirs, an alleged perpetrator's
view, staff on the portal and not found are the same 404 page. A crime reference is optional."""

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.asb import access, selectors, services
from homecase.asb.forms_portal import (
    BLOCK,
    COMMUNAL_PREFIX,
    ESTATE,
    HOME,
    SAME,
    SOMEONE_ELSE,
    DiaryForm,
    ReportDetailsForm,
    ReviewForm,
    SameMatterForm,
    SatisfactionForm,
    WhatAndWhereForm,
    where_choices,
)
from homecase.asb.models import AsbCase, AsbStatus, Location
from homecase.asb.services._common import CONTACT, FIRST_CONTACT
from homecase.common.errors import DomainError
from homecase.housing.models import CommunalArea, Resident
from homecase.policy.selectors import asb_policy
from homecase.portal.forms import add_domain_error
from homecase.records.attachments import Photo
from homecase.records.models import Attachment, Channel, Deadline, DeadlineStatus

View = Callable[..., HttpResponse]
STEP_FIELDS = ("behaviours", "where")
# A service's field that has no box of its own on the form it was sent from.
FIELD_ON_FORM = {"happened_at": "happened_day", "victims": "affected_name"}


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "asb/portal/not_found.html", status=404)


def _not_a_resident(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/not_a_resident.html",
        {"is_staff_member": is_staff_member(request.user)},
        status=403,
    )


def _posted(request: HttpRequest):
    # Bound on every POST, even an empty one: a form with nothing filled in is still an answer.
    return request.POST if request.method == "POST" else None


def _show_error(form: Form, error: DomainError) -> None:
    field = FIELD_ON_FORM.get(error.field or "", error.field)
    add_domain_error(form, type(error)(error.message, field=field))


def _seen(user: User, reference: str) -> AsbCase | None:
    """The case if this person may see it as a resident or their representative, else None.
    Staff work ASB cases in the console, never here."""
    if access.resident_of(user) is None and is_staff_member(user):
        return None
    asb = selectors.case_by_reference(reference)
    if asb is None or not access.can_see_as_resident(user, asb):
        return None
    return asb


def _viewer(user: User, asb: AsbCase) -> Resident:
    """Whose report this is, as far as the page goes: the signed-in resident, or the resident
    a representative acts for."""
    # A representative is only let in by `can_see_as_resident` when the case has a resident.
    return access.resident_of(user) or asb.case.resident


def case_page(view: View) -> View:
    """Signed in, and the case in the URL is one this person may see (else the 404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args, **kwargs) -> HttpResponse:
        asb = _seen(request.user, reference)
        if asb is None:
            return _not_found(request)
        return view(request, asb, _viewer(request.user, asb), *args, **kwargs)

    return wrapper


# Your reports


def next_contacts(cases: Iterable[AsbCase]) -> dict[int, Deadline]:
    """The next contact we promised on each case (first contact or agreed contact), in one
    query however many cases there are."""
    found: dict[int, Deadline] = {}
    case_ids = [asb.case_id for asb in cases]
    for deadline in Deadline.objects.filter(
        case_id__in=case_ids,
        duty__in=(FIRST_CONTACT, CONTACT),
        status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        visible_to_resident=True,
    ).order_by("due_at", "pk"):
        found.setdefault(deadline.case_id, deadline)
    return found


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    resident = access.resident_of(request.user)
    if resident is None:
        return _not_a_resident(request)
    cases = list(selectors.cases_reported_by(resident))
    contacts = next_contacts(cases)
    return render(
        request,
        "asb/portal/list.html",
        {"cases": [(asb, contacts.get(asb.case_id)) for asb in cases]},
    )


# Reporting: what and where, then maybe "is this about your report?", then what happened


def _areas(resident: Resident) -> list[CommunalArea]:
    """The shared parts of the resident's block, and of their estate outside any block."""
    home = resident.home
    if home is None:
        return []
    where = Q(pk__in=[])
    if home.block_id:
        where |= Q(block_id=home.block_id)
    if home.estate_id:
        where |= Q(block__isnull=True, estate_id=home.estate_id)
    return list(CommunalArea.objects.filter(where).select_related("block", "estate"))


def _where(resident: Resident) -> list[tuple[str, str]]:
    home = resident.home
    return where_choices(
        _areas(resident),
        has_home=home is not None,
        has_block=bool(home and home.block_id),
        has_estate=bool(home and home.estate_id),
    )


def _what_and_where(resident: Resident, data, initial=None) -> WhatAndWhereForm:
    return WhatAndWhereForm(data, where=_where(resident), initial=initial)


def _place(resident: Resident, where: str) -> dict:
    """The location arguments of `asb_report` (and `own_case_like`) for the chosen place."""
    home = resident.home
    if where == HOME:
        return {"location": Location.HOME, "home": home}
    if where == BLOCK:
        return {"location": Location.BLOCK, "block": home.block}
    if where == ESTATE:
        return {"location": Location.ESTATE, "estate": home.estate}
    area_id = int(where.removeprefix(COMMUNAL_PREFIX))
    area = next(area for area in _areas(resident) if area.pk == area_id)
    return {"location": Location.COMMUNAL, "communal_area": area}


def _own_case(resident: Resident, chosen: dict) -> AsbCase | None:
    """The resident's own case about this (open, or closed recently enough to reopen)."""
    return selectors.own_case_like(
        resident, behaviours=chosen["behaviours"], **_place(resident, chosen["where"])
    )


def _step(name: str, chosen: dict, **more: str) -> str:
    query = urlencode({**chosen, **more}, doseq=True)
    return f"{reverse(f'portal:portal-asb:{name}')}?{query}"


def _chosen(request: HttpRequest, resident: Resident) -> dict | None:
    """What and where, from the address, checked again (None if not a valid choice)."""
    data = QueryDict(mutable=True)
    data.setlist("behaviours", request.GET.getlist("behaviours"))
    data["where"] = request.GET.get("where", "")
    form = _what_and_where(resident, data)
    if not form.is_valid():
        return None
    return {key: form.cleaned_data[key] for key in STEP_FIELDS}


def _again(request: HttpRequest) -> dict:
    """What and where filled in from the address ("It has happened again")."""
    return {"behaviours": request.GET.getlist("behaviours"), "where": request.GET.get("where")}


@login_required
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest) -> HttpResponse:
    resident = access.resident_of(request.user)
    if resident is None:
        return _not_a_resident(request)
    form = _what_and_where(resident, _posted(request), initial=_again(request))
    if request.method == "POST" and form.is_valid():
        chosen = {key: form.cleaned_data[key] for key in STEP_FIELDS}
        if _own_case(resident, chosen) is not None:
            return redirect(_step("report-same", chosen))
        return redirect(_step("report-details", chosen))
    return render(request, "asb/portal/report_start.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def report_same(request: HttpRequest) -> HttpResponse:
    resident = access.resident_of(request.user)
    if resident is None:
        return _not_a_resident(request)
    chosen = _chosen(request, resident)
    if chosen is None:
        return redirect("portal:portal-asb:report")
    own = _own_case(resident, chosen)
    if own is None:
        return redirect(_step("report-details", chosen))
    form = SameMatterForm(_posted(request), reference=own.case.reference)
    if request.method == "POST" and form.is_valid():
        join = {"join": own.case.reference} if form.cleaned_data["same"] == SAME else {}
        return redirect(_step("report-details", chosen, **join))
    return render(
        request,
        "asb/portal/report_same.html",
        {"form": form, "own": own, "query": urlencode(chosen, doseq=True)},
    )


def _join_to(resident: Resident, chosen: dict, reference: str) -> AsbCase | None:
    """The resident's own case they chose to add to, if it is still theirs to add to."""
    if not reference:
        return None
    own = _own_case(resident, chosen)
    return own if own and own.case.reference == reference else None


def _labels(choices, codes) -> list[str]:
    return [label for code, label in choices if code in codes]


@login_required
@require_http_methods(["GET", "POST"])
def report_details(request: HttpRequest) -> HttpResponse:
    resident = access.resident_of(request.user)
    if resident is None:
        return _not_a_resident(request)
    chosen = _chosen(request, resident)
    if chosen is None:
        return redirect("portal:portal-asb:report")
    join_to = _join_to(resident, chosen, request.GET.get("join", ""))
    form = ReportDetailsForm(_posted(request), questions=asb_policy().risk_questions)
    if request.method == "POST" and form.is_valid():
        report = _report(request, resident, form, chosen, join_to)
        if report is not None:
            done = reverse("portal:portal-asb:reported", args=[report.asb.case.reference])
            return redirect(done + ("?added=1" if join_to else ""))
    where = dict(_where(resident))[chosen["where"]]
    what = _labels(WhatAndWhereForm.base_fields["behaviours"].choices, chosen["behaviours"])
    return render(
        request,
        "asb/portal/report_details.html",
        {
            "form": form,
            "what": what,
            "where": where,
            "join_to": join_to,
            "query": request.GET.urlencode(),
            "start_again": _step("report", chosen),
        },
    )


def _people(data: dict) -> dict:
    """Who is affected and anything about the people responsible, as the service takes them."""
    people: dict = {"reporter_is_victim": data["affected"] != SOMEONE_ELSE}
    if data["affected"] == SOMEONE_ELSE:
        people["victims"] = [services.PersonInput(name=data["affected_name"].strip())]
    responsible = data["responsible"].strip()
    if responsible:
        people["perpetrators"] = [services.PersonInput(name="Not known", notes=responsible)]
    return people


def _report(
    request: HttpRequest,
    resident: Resident,
    form: ReportDetailsForm,
    chosen: dict,
    join_to: AsbCase | None,
):
    data = form.cleaned_data
    hate = data["hate"] == "yes"
    try:
        return services.asb_report(
            actor=request.user,
            channel=Channel.PORTAL,
            reporter=resident,
            description=data["description"],
            behaviours=chosen["behaviours"],
            where_details=data["where_details"],
            happened_at=data["happened_at"],
            hate_incident=hate,
            hate_motivations=data["hate_motivations"],
            hate_perceived_by="The reporter" if hate else "",
            crime_reference=data["crime_reference"].strip(),
            risk_answers=data["risk_answers"],
            join=join_to,
            **_people(data),
            **_place(resident, chosen["where"]),
        )
    except DomainError as error:
        _show_error(form, error)
        return None


@case_page
@require_GET
def case_reported(request: HttpRequest, asb: AsbCase, viewer: Resident) -> HttpResponse:
    return render(
        request,
        "asb/portal/reported.html",
        {
            "asb": asb,
            "first_contact": next_contacts([asb]).get(asb.case_id),
            "added": request.GET.get("added") == "1",
        },
    )


# One case


def _again_link(asb: AsbCase) -> str:
    """The report form filled in with this case's behaviours and place."""
    where = {
        Location.HOME: HOME,
        Location.BLOCK: BLOCK,
        Location.ESTATE: ESTATE,
        Location.COMMUNAL: f"{COMMUNAL_PREFIX}{asb.case.communal_area_id}",
    }.get(asb.location, "")
    query = urlencode({"behaviours": asb.behaviours, "where": where}, doseq=True)
    return f"{reverse('portal:portal-asb:report')}?{query}"


def _detail_context(asb: AsbCase, viewer: Resident, forms: dict[str, Form]) -> dict:
    page = selectors.portal_page(asb, viewer)
    closed = asb.status == AsbStatus.CLOSED
    return {
        "asb": asb,
        "page": page,
        "again_link": _again_link(asb) if closed else "",
        "satisfaction_form": forms.get("satisfaction") or SatisfactionForm(),
        "form": next(iter(forms.values()), None),  # for "Error:" in the page title
    }


def _detail(request: HttpRequest, asb: AsbCase, viewer, **forms: Form) -> HttpResponse:
    return render(request, "asb/portal/detail.html", _detail_context(asb, viewer, forms))


@case_page
@require_GET
def case_detail(request: HttpRequest, asb: AsbCase, viewer: Resident) -> HttpResponse:
    return _detail(request, asb, viewer)


@case_page
@require_GET
def photo(request: HttpRequest, asb: AsbCase, viewer: Resident, attachment_id: int) -> HttpResponse:
    # Only photos on the viewer's own diary entries: the same list the case page shows.
    own = {pk for entry in selectors.portal_page(asb, viewer).diary for pk in entry.photo_ids}
    if attachment_id not in own:
        return _not_found(request)
    found = Attachment.objects.get(pk=attachment_id)
    return FileResponse(found.file.open("rb"), content_type=found.content_type)


def _photos(files: list[UploadedFile]) -> list[Photo]:
    return [Photo(name=upload.name or "photo", content=upload.read()) for upload in files]


def _attempt(form: Form, action: Callable[[], object]) -> bool:
    """Call the service; False with its refusal shown on the form."""
    try:
        action()
    except DomainError as error:
        _show_error(form, error)
        return False
    return True


@case_page
@require_http_methods(["GET", "POST"])
def diary_add(request: HttpRequest, asb: AsbCase, viewer: Resident) -> HttpResponse:
    form = DiaryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.diary_add(
                asb=asb,
                actor=request.user,
                resident=viewer,
                happened_at=data["happened_at"],
                what_happened=data["what_happened"],
                photos=_photos(request.FILES.getlist("photos")),
                channel=Channel.PORTAL,
            ),
        )
        if done:
            messages.success(request, "Thank you. We have added this to your diary.")
            return redirect("portal:portal-asb:detail", reference=asb.case.reference)
    return render(
        request,
        "asb/portal/diary.html",
        {
            "asb": asb,
            "form": form,
            "choose_again": request.method == "POST" and bool(request.FILES),
        },
    )


@case_page
@require_http_methods(["GET", "POST"])
def review_request(request: HttpRequest, asb: AsbCase, viewer: Resident) -> HttpResponse:
    form = ReviewForm(_posted(request))
    policy = asb_policy()
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.case_review_request(
                asb=asb,
                actor=request.user,
                resident=viewer,
                reason=form.cleaned_data["reason"],
                channel=Channel.PORTAL,
            ),
        )
        if done:
            messages.success(
                request,
                "We have received your request for a case review. We will tell you what we "
                f"decide within {policy.case_review_decision_working_days} working days.",
            )
            return redirect("portal:portal-asb:detail", reference=asb.case.reference)
    return render(request, "asb/portal/review.html", {"asb": asb, "form": form, "policy": policy})


@case_page
@require_POST
def satisfaction(request: HttpRequest, asb: AsbCase, viewer: Resident) -> HttpResponse:
    form = SatisfactionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.satisfaction_record(
                asb=asb,
                actor=request.user,
                resident=viewer,
                satisfaction=int(data["satisfaction"]),
                comment=data["comment"],
            ),
        )
        if done:
            messages.success(request, "Thank you for telling us.")
            return redirect("portal:portal-asb:detail", reference=asb.case.reference)
    return _detail(request, asb, viewer, satisfaction=form)
