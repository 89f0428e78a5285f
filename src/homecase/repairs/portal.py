"""The resident's repair pages in the portal: report a repair (what and where, "is this the same
problem?" when we already have an open job there, then the details with photos and the
vulnerability question), your repairs with the honest promise on each, and one repair (its
promise, appointments, visits, photos and timeline) with chase, "I can give access now" and
confirm-or-dispute buttons.

Views parse, check access, call a selector or service, and render. A signed-in resident sees
their own home's and own repairs; someone acting for a resident with consent sees theirs. Not
yours and not found are the same 404 page."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.common.errors import DomainError, NotFound
from homecase.common.time import local_date, now
from homecase.housing.models import CommunalArea, Resident
from homecase.housing.selectors import resident_for_user
from homecase.policy.selectors import repair_policy
from homecase.portal.forms import add_domain_error
from homecase.records.attachments import Photo
from homecase.records.models import Attachment, Channel, Deadline, DeadlineStatus
from homecase.records.selectors import timeline_for_resident
from homecase.repairs import access, selectors
from homecase.repairs.forms_portal import (
    COMMUNAL_PREFIX,
    HOME,
    SAME,
    AccessForm,
    ChaseForm,
    CompletionForm,
    ReportDetailsForm,
    SameProblemForm,
    WhatAndWhereForm,
)
from homecase.repairs.models import Chase, ClockPause, Repair, RepairStatus
from homecase.repairs.services import chases, completion, intake, visits
from homecase.repairs.services._common import COMPLETE, UPDATE

View = Callable[..., HttpResponse]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "repairs/portal/not_found.html", status=404)


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


def _seen(user: User, reference: str) -> Repair | None:
    """The repair if this person may see it as a resident or representative, else None.
    Staff and contractors have their own views of a job (the console, the contractor view)."""
    if resident_for_user(user=user) is None and (
        is_staff_member(user) or access.contractor_of(user) is not None
    ):
        return None
    try:
        repair = selectors.repair_detail(reference=reference)
    except NotFound:
        return None
    return repair if access.can_see_repair(user, repair) else None


def repair_page(view: View) -> View:
    """Signed in, and the repair in the URL is one this person may see (else the 404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args, **kwargs) -> HttpResponse:
        repair = _seen(request.user, reference)
        if repair is None:
            return _not_found(request)
        return view(request, repair, *args, **kwargs)

    return wrapper


# The promise on a repair, in words


@dataclass(frozen=True)
class Promise:
    """What we have promised next on a repair, for the template to put into words."""

    kind: str  # complete, update, paused, completed, closed, cancelled, none
    due_at: datetime | None = None
    late: bool = False  # the date has passed and the job is not done
    who: str = ""  # who has a job with no completion date
    reason: str = ""  # why the clock is paused


def _promise(repair: Repair, owed: list[Deadline], pause: ClockPause | None, at: datetime):
    status = repair.status
    if status in {RepairStatus.COMPLETED, RepairStatus.CLOSED, RepairStatus.CANCELLED}:
        return Promise(kind=status, due_at=repair.completed_at or repair.closed_at)
    if status == RepairStatus.PAUSED:
        return Promise(kind="paused", reason=pause.reason if pause else "")
    for duty, kind in ((COMPLETE, "complete"), (UPDATE, "update")):
        mine = [deadline for deadline in owed if deadline.duty == duty]
        if mine:
            due_at = mine[-1].due_at
            who = repair.responsible or "our repairs team"
            return Promise(kind=kind, due_at=due_at, late=due_at < at, who=who)
    return Promise(kind="none")


def promises_of(repairs: Iterable[Repair], *, at: datetime) -> dict[int, Promise]:
    """The promise on each repair, in two queries however many repairs there are."""
    repairs = list(repairs)
    owed: dict[int, list[Deadline]] = {}
    for deadline in Deadline.objects.filter(
        case_id__in=[repair.case_id for repair in repairs],
        duty__in=(COMPLETE, UPDATE),
        status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        visible_to_resident=True,
    ).order_by("pk"):
        owed.setdefault(deadline.case_id, []).append(deadline)
    paused = [repair.pk for repair in repairs if repair.status == RepairStatus.PAUSED]
    pauses = {
        pause.repair_id: pause
        for pause in ClockPause.objects.filter(repair_id__in=paused, ended_at__isnull=True)
    }
    return {
        repair.pk: _promise(repair, owed.get(repair.case_id, []), pauses.get(repair.pk), at)
        for repair in repairs
    }


def promise_of(repair: Repair, *, at: datetime) -> Promise:
    return promises_of([repair], at=at)[repair.pk]


# Your repairs


def _listed(repairs) -> list[tuple[Repair, Promise]]:
    items = list(repairs)
    found = promises_of(items, at=now())
    return [(repair, found[repair.pk]) for repair in items]


def _represented(user: User) -> list[tuple[Repair, Promise]]:
    """Repairs of residents this person acts for, where consent covers them today."""
    today = timezone.localdate(now())
    found = []
    for rep in user.representations.select_related("resident__home").order_by("pk"):
        repairs = selectors.repairs_for_resident(resident=rep.resident)
        found.extend(
            (repair, promise)
            for repair, promise in _listed(repairs)
            if rep.covers(repair.case.reference, today)
        )
    return found


@login_required
@require_GET
def repair_list(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    represented = _represented(request.user)
    if resident is None and not represented:
        return _not_a_resident(request)
    page = (
        selectors.repairs_for_resident(resident=resident, page=_page_number(request))
        if resident
        else None
    )
    return render(
        request,
        "repairs/portal/list.html",
        {
            "resident": resident,
            "repairs": _listed(page) if page else [],
            "page": page,
            "represented": represented,
        },
    )


def _page_number(request: HttpRequest) -> int:
    number = request.GET.get("page", "1")
    return int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1


# Reporting a repair: what and where, then maybe "the same problem?", then the details


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


def _what_and_where(resident: Resident, data) -> WhatAndWhereForm:
    return WhatAndWhereForm(
        data,
        catalogue=repair_policy().catalogue,
        areas=_areas(resident),
        has_home=resident.home_id is not None,
    )


def _place(resident: Resident, where: str) -> dict:
    """The repair_report arguments for the chosen place."""
    if where == HOME:
        return {"home": resident.home, "communal_area": None}
    area_id = int(where.removeprefix(COMMUNAL_PREFIX))
    area = next(area for area in _areas(resident) if area.pk == area_id)
    return {"home": None, "communal_area": area}


def _duplicate(resident: Resident, category: str, where: str) -> Repair | None:
    """An open job of the same kind on the same place, which this report may be about."""
    found = selectors.duplicates_for(category=category, **_place(resident, where))
    return next((repair for repair in found if repair.category == category), None)


def _step(name: str, **params: str) -> str:
    return f"{reverse(f'portal:portal-repairs:{name}')}?{urlencode(params)}"


@login_required
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    if resident is None:
        return _not_a_resident(request)
    form = _what_and_where(resident, _posted(request))
    if request.method == "POST" and form.is_valid():
        chosen = {key: form.cleaned_data[key] for key in ("category", "where")}
        duplicate = _duplicate(resident, **chosen)
        if duplicate is not None:
            return redirect(_step("report-same", **chosen))
        return redirect(_step("report-details", **chosen))
    return render(request, "repairs/portal/report_start.html", {"form": form})


def _chosen(request: HttpRequest, resident: Resident) -> dict | None:
    """What and where, from the address, checked again (None if not a valid choice)."""
    form = _what_and_where(
        resident, {key: request.GET.get(key, "") for key in ("category", "where")}
    )
    if not form.is_valid():
        return None
    return {key: form.cleaned_data[key] for key in ("category", "where")}


@login_required
@require_http_methods(["GET", "POST"])
def report_same(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    if resident is None:
        return _not_a_resident(request)
    chosen = _chosen(request, resident)
    if chosen is None:
        return redirect("portal:portal-repairs:report")
    duplicate = _duplicate(resident, **chosen)
    if duplicate is None:
        return redirect(_step("report-details", **chosen))
    form = SameProblemForm(_posted(request), reference=duplicate.case.reference)
    if request.method == "POST" and form.is_valid():
        join = {"join": duplicate.case.reference} if form.cleaned_data["same"] == SAME else {}
        return redirect(_step("report-details", **chosen, **join))
    return render(
        request,
        "repairs/portal/report_same.html",
        {
            "form": form,
            "duplicate": duplicate,
            "promise": promise_of(duplicate, at=now()),
            "query": urlencode(chosen),
        },
    )


def _photos(files: list[UploadedFile]) -> list[Photo]:
    return [Photo(name=upload.name or "photo", content=upload.read()) for upload in files]


def _join_to(resident: Resident, chosen: dict, reference: str) -> Repair | None:
    """The open job the resident chose to add to, if it is still open there."""
    if not reference:
        return None
    duplicate = _duplicate(resident, **chosen)
    return duplicate if duplicate and duplicate.case.reference == reference else None


@login_required
@require_http_methods(["GET", "POST"])
def report_details(request: HttpRequest) -> HttpResponse:
    resident = resident_for_user(user=request.user)
    if resident is None:
        return _not_a_resident(request)
    chosen = _chosen(request, resident)
    if chosen is None:
        return redirect("portal:portal-repairs:report")
    join_to = _join_to(resident, chosen, request.GET.get("join", ""))
    form = ReportDetailsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        repair = _report(request, resident, form, chosen, join_to)
        if repair is not None:
            done = reverse("portal:portal-repairs:reported", args=[repair.case.reference])
            return redirect(done + ("?added=1" if join_to else ""))
    entry = repair_policy().entry(chosen["category"])
    return render(
        request,
        "repairs/portal/report_details.html",
        {
            "form": form,
            "entry": entry,
            "place": _place(resident, chosen["where"]),
            "join_to": join_to,
            "query": request.GET.urlencode(),
            "max_photos": repair_policy().photos_per_upload,
            # A browser never keeps chosen files when the page comes back with errors.
            "choose_again": request.method == "POST" and bool(request.FILES),
        },
    )


def _report(
    request: HttpRequest,
    resident: Resident,
    form: ReportDetailsForm,
    chosen: dict,
    join_to: Repair | None,
) -> Repair | None:
    data = form.cleaned_data
    files = request.FILES.getlist("photos")
    if len(files) > repair_policy().photos_per_upload:
        form.add_error("photos", f"Upload at most {repair_policy().photos_per_upload} photos")
        return None
    try:
        return intake.repair_report(
            actor=request.user,
            channel=Channel.PORTAL,
            category=chosen["category"],
            description=data["description"],
            vulnerable=data["vulnerable"] == "yes",
            vulnerability_details=data["vulnerability_details"],
            resident=resident,
            access_notes=data["access_notes"],
            photos=_photos(files),
            join_to=join_to,
            **_place(resident, chosen["where"]),
        )
    except DomainError as error:
        add_domain_error(form, error)
        return None


@repair_page
@require_GET
def repair_reported(request: HttpRequest, repair: Repair) -> HttpResponse:
    return render(
        request,
        "repairs/portal/reported.html",
        {
            "repair": repair,
            "promise": promise_of(repair, at=now()),
            "added": request.GET.get("added") == "1",
        },
    )


# One repair


def _visits(repair: Repair) -> list:
    return [visit for order in repair.work_orders.all() for visit in order.visits.all()]


def _appointments(repair: Repair) -> list:
    return sorted(
        (a for order in repair.work_orders.all() for a in order.appointments.all()),
        key=lambda appointment: appointment.starts_at,
    )


def _next_appointment(appointments: list, at: datetime):
    booked = [a for a in appointments if a.status == "booked" and a.ends_at > at]
    return booked[0] if booked else None


def _detail_context(repair: Repair, forms: dict[str, Form]) -> dict:
    """Everything the repair page shows (the repair comes from `selectors.repair_detail`,
    with its work orders, appointments and visits already fetched)."""
    status = repair.status
    appointments = _appointments(repair)
    return {
        "repair": repair,
        "promise": promise_of(repair, at=now()),
        "appointments": appointments,
        "next_appointment": _next_appointment(appointments, now()),
        "deadlines": list(selectors.repair_promises(repair, resident_view=True)),
        "visits": _visits(repair),
        "photos": list(repair.case.attachments.filter(visible_to_resident=True)),
        "events": list(timeline_for_resident(case=repair.case))[::-1],
        "can_chase": status not in {RepairStatus.CLOSED, RepairStatus.CANCELLED},
        "can_give_access": status == RepairStatus.PAUSED,
        "can_confirm": status == RepairStatus.COMPLETED and not repair.resident_verdict,
        "chase_form": forms.get("chase") or ChaseForm(),
        "access_form": forms.get("access") or AccessForm(),
        "completion_form": forms.get("completion") or CompletionForm(),
        "form": next(iter(forms.values()), None),  # for "Error:" in the page title
    }


def _detail(request: HttpRequest, repair: Repair, **forms: Form) -> HttpResponse:
    return render(request, "repairs/portal/detail.html", _detail_context(repair, forms))


@repair_page
@require_GET
def repair_detail(request: HttpRequest, repair: Repair) -> HttpResponse:
    return _detail(request, repair)


@repair_page
@require_GET
def photo(request: HttpRequest, repair: Repair, attachment_id: int) -> HttpResponse:
    found = Attachment.objects.filter(
        pk=attachment_id, case_id=repair.case_id, visible_to_resident=True
    ).first()
    if found is None:
        return _not_found(request)
    return FileResponse(found.file.open("rb"), content_type=found.content_type)


def _done(
    request: HttpRequest,
    repair: Repair,
    form: Form,
    action: Callable[[], object],
    thanks: Callable[[object], str],
) -> HttpResponse | None:
    """Call the service; back to the repair page with thanks, or None with the refusal shown
    on the form."""
    try:
        result = action()
    except DomainError as error:
        # clock_resume calls the resident's answer its reason.
        field = "when" if error.field == "reason" else error.field
        add_domain_error(form, type(error)(error.message, field=field))
        return None
    messages.success(request, thanks(result))
    return redirect("portal:portal-repairs:detail", reference=repair.case.reference)


def _chase_thanks(chase: Chase) -> str:
    deadline = chase.reply_deadline
    if deadline is None:
        return "We have received your message. We will reply soon."
    return f"We have received your message. We will reply by {local_date(deadline.due_at)}."


@repair_page
@require_POST
def repair_chase(request: HttpRequest, repair: Repair) -> HttpResponse:
    form = ChaseForm(request.POST)
    if form.is_valid():
        done = _done(
            request,
            repair,
            form,
            lambda: chases.chase_record(
                repair=repair,
                actor=request.user,
                channel=Channel.PORTAL,
                summary=form.cleaned_data["summary"],
            ),
            _chase_thanks,
        )
        if done:
            return done
    return _detail(request, repair, chase=form)


@repair_page
@require_POST
def repair_give_access(request: HttpRequest, repair: Repair) -> HttpResponse:
    form = AccessForm(request.POST)
    if form.is_valid():
        done = _done(
            request,
            repair,
            form,
            lambda: visits.clock_resume(
                repair=repair,
                actor=request.user,
                reason=f"The resident can give access: {form.cleaned_data['when']}",
            ),
            lambda _: (
                "Thank you. We will contact you to arrange a visit at a time that suits "
                "you, and the clock on your repair has started again."
            ),
        )
        if done:
            return done
    return _detail(request, repair, access=form)


@repair_page
@require_POST
def repair_confirm(request: HttpRequest, repair: Repair) -> HttpResponse:
    form = CompletionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = _done(
            request,
            repair,
            form,
            lambda: completion.completion_confirm(
                repair=repair,
                actor=request.user,
                confirmed=data["confirmed"] == "yes",
                satisfaction=int(data["satisfaction"]) if data["satisfaction"] else None,
                comment=data["comment"],
            ),
            lambda _: (
                "Thank you for telling us."
                if data["confirmed"] == "yes"
                else "Thank you for telling us. We will arrange for someone to check the work."
            ),
        )
        if done:
            return done
    return _detail(request, repair, completion=form)
