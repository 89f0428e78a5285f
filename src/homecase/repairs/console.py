"""The repairs pages of the staff console, under /console/repairs/: the queue (what falls due
soonest first, with its due state in words and colour), reporting a repair taken by phone or any
other channel (the vulnerability question asked every time, the resident's recorded
vulnerabilities and adjustments shown, an open job on the same place offered to be joined), the
confirmation to read out, the job page, and its photos. The actions on a job are one generic
view in `console_actions`.

Views parse, call a repairs selector or service, and render. A service's refusal is shown in the
form's error summary, and nothing is written: every service runs in one transaction."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from homecase.common.errors import DomainError, NotFound
from homecase.common.time import now
from homecase.console.views import staff_only
from homecase.housing.models import CommunalArea, Home, Resident
from homecase.housing.selectors import home_detail, resident_detail, search_everything
from homecase.policy import selectors as policy
from homecase.records.models import Attachment, Channel, Deadline, DeadlineStatus
from homecase.records.selectors import timeline_for_staff
from homecase.repairs import access, selectors
from homecase.repairs.forms_console import HOME, FindForm, QueueForm, ReportForm, add_domain_error
from homecase.repairs.models import Repair, RepairStatus
from homecase.repairs.services import _common, intake, triage

View = Callable[..., HttpResponse]
NAMESPACE = "console:console-repairs"
PAGE_SIZE = 50
TIMELINE_LIMIT = 200
DUE_SOON = timedelta(days=2)
OWED = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
HAZARD_PANEL = "repairs/console/_hazard_panel.html"


def url(name: str, repair: Repair, **kwargs: Any) -> str:
    return reverse(f"{NAMESPACE}:{name}", kwargs={"reference": repair.case.reference, **kwargs})


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "console/not_found.html", {"message": message}, status=404)


def _find(reference: str) -> Repair | None:
    try:
        return selectors.repair_detail(reference=reference)
    except NotFound:
        return None


def repair_view(view: View) -> View:
    """Staff only; the repair named in the URL, or a 404 page saying there is none."""

    @staff_only
    @wraps(view)
    def wrapper(request: HttpRequest, reference: str, *args, **kwargs) -> HttpResponse:
        repair = _find(reference)
        if repair is None:
            return not_found(request, f"There is no repair with the reference {reference}.")
        return view(request, repair, *args, **kwargs)

    return wrapper


# Due states: words and a colour, never a colour alone.


@dataclass(frozen=True)
class Due:
    words: str
    colour: str  # a govuk-tag modifier


def due_state(due_at: datetime | None, *, at: datetime) -> Due | None:
    if due_at is None:
        return None
    if due_at < at:
        return Due("Overdue", "govuk-tag--red")
    if timezone.localdate(due_at) == timezone.localdate(at):
        return Due("Due today", "govuk-tag--orange")
    if due_at - at <= DUE_SOON:
        return Due("Due soon", "govuk-tag--yellow")
    return Due("On track", "govuk-tag--green")


# The queue


@dataclass(frozen=True)
class Pagination:
    previous: str
    next: str
    page: int


def _pagination(query: QueryDict, found: selectors.RepairsPage) -> Pagination | None:
    """GOV.UK pagination by previous and next (the queue never counts a million jobs)."""
    if not (found.has_previous or found.has_next):
        return None

    def link(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    return Pagination(
        previous=link(found.page - 1) if found.has_previous else "",
        next=link(found.page + 1) if found.has_next else "",
        page=found.page,
    )


def _trades() -> list[str]:
    return sorted({entry.trade for entry in policy.repair_policy().catalogue})


@staff_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    repairs_policy = policy.repair_policy()
    form = QueueForm(request.GET or None, priorities=repairs_policy.priorities, trades=_trades())
    filters = form.filters()
    at = now()
    found = selectors.repairs_queue(at=at, per_page=PAGE_SIZE, **filters)
    labels = {p.code: p.label for p in repairs_policy.priorities}
    for job in found:
        job.due = due_state(job.next_due_at, at=at)
        job.priority_label = labels.get(job.priority, job.priority)
    context = {"form": form, "repairs": found, "pagination": _pagination(request.GET, found)}
    return render(request, "repairs/console/queue.html", context)


# Reporting a repair


@dataclass(frozen=True)
class Subject:
    """Who or what the report is about, from ?resident=, ?home= or ?communal_area=."""

    resident: Resident | None = None
    home: Home | None = None
    communal_area: CommunalArea | None = None

    @property
    def chosen(self) -> bool:
        return bool(self.resident or self.home or self.communal_area)


def _number(query: QueryDict, name: str) -> int | None:
    value = query.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise NotFound(f"There is no {name.replace('_', ' ')} with that number.")
    return int(value)


def _subject(query: QueryDict) -> Subject:
    if (resident_id := _number(query, "resident")) is not None:
        resident = resident_detail(resident_id=resident_id)
        if resident is None:
            raise NotFound("There is no resident with that number.")
        return Subject(resident=resident, home=resident.home)
    if (home_id := _number(query, "home")) is not None:
        home = home_detail(home_id=home_id)
        if home is None:
            raise NotFound("There is no home with that number.")
        return Subject(home=home)
    if (area_id := _number(query, "communal_area")) is not None:
        area = CommunalArea.objects.select_related("block", "estate").filter(pk=area_id).first()
        if area is None:
            raise NotFound("There is no communal area with that number.")
        return Subject(communal_area=area)
    return Subject()


def _communal_areas(home: Home | None) -> list[CommunalArea]:
    """The shared parts of the home's block, and of its estate outside any block."""
    if home is None or not (home.block_id or home.estate_id):
        return []
    near = Q(block_id=home.block_id) if home.block_id else Q(pk__in=[])
    if home.estate_id:
        near |= Q(estate_id=home.estate_id, block__isnull=True)
    return list(CommunalArea.objects.select_related("block", "estate").filter(near))


def _places(subject: Subject) -> dict[str, tuple[str, Home | None, CommunalArea | None]]:
    """The answers to "where is the problem?": key -> (words, home, communal area)."""
    if subject.communal_area is not None:
        area = subject.communal_area
        return {f"area-{area.pk}": (str(area), None, area)}
    places: dict[str, tuple[str, Home | None, CommunalArea | None]] = {}
    if subject.home is not None:
        places[HOME] = (f"In the home: {subject.home.one_line_address}", subject.home, None)
    for area in _communal_areas(subject.home):
        places[f"area-{area.pk}"] = (f"Communal: {area}", None, area)
    return places


def _recorded_needs(subject: Subject) -> list[tuple[Resident, selectors.ResidentNeeds]]:
    """The vulnerabilities and reasonable adjustments in force of the resident (or of everyone
    recorded as living in the home), for the agent to see before asking the question."""
    if subject.resident is not None:
        residents = [subject.resident]
    elif subject.home is not None:
        residents = list(subject.home.residents.all())
    else:
        residents = []
    needs = [(resident, selectors.resident_needs(resident)) for resident in residents]
    return [(resident, need) for resident, need in needs if need]


def _duplicates(
    places: dict[str, tuple[str, Home | None, CommunalArea | None]], data: QueryDict
) -> list[Repair]:
    """Open jobs on the place chosen in the posted form (read before it is validated, so that
    the "is this the same problem?" question can be asked)."""
    place = places.get(data.get("where", ""))
    if place is None:
        return []
    _, home, area = place
    category = data.get("category") or None
    return list(selectors.duplicates_for(home=home, communal_area=area, category=category))


def _report(request: HttpRequest, form: ReportForm, subject: Subject, places) -> Repair:
    data = form.cleaned_data
    _, home, area = places[data["where"]]
    return intake.repair_report(
        actor=request.user,
        channel=data["channel"],
        category=data["category"],
        description=data["description"],
        vulnerable=data["vulnerable"],
        vulnerability_details=data["vulnerability_details"],
        resident=subject.resident,
        home=home,
        communal_area=area,
        access_notes=data["access_notes"],
        photos=data["photos"],
        join_to=form.join_target(),
    )


def _find_page(request: HttpRequest) -> HttpResponse:
    form = FindForm(request.GET if "q" in request.GET else None)
    results = search_everything(query=form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "repairs/console/report_find.html", {"form": form, "results": results})


def _reported(request: HttpRequest, repair: Repair, joined: bool) -> HttpResponse:
    if joined:
        messages.success(request, f"The report was added to the open job {repair.case.reference}.")
        return redirect(url("repair", repair))
    return redirect(url("reported", repair))


@staff_only
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    try:
        subject = _subject(request.GET)
    except NotFound as error:
        return not_found(request, error.message)
    if not subject.chosen:
        return _find_page(request)
    places = _places(subject)
    choices = [(key, words) for key, (words, _, _) in places.items()]
    catalogue = policy.repair_policy().catalogue
    posted = request.method == "POST"
    duplicates = _duplicates(places, request.POST) if posted else []
    asked = "duplicates_asked" in request.POST
    form = ReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        places=choices,
        catalogue=catalogue,
        duplicates=duplicates if asked else (),
        initial={"where": choices[0][0]} if len(choices) == 1 else None,
    )
    if posted and form.is_valid():
        if duplicates and not asked:
            # The second step: the same answers, and the question whether it is the same job.
            form = ReportForm(
                initial=request.POST.dict(),
                places=choices,
                catalogue=catalogue,
                duplicates=duplicates,
            )
            asked = True
        else:
            try:
                repair = _report(request, form, subject, places)
            except DomainError as error:
                add_domain_error(form, error, ReportForm.ALIASES)
            else:
                return _reported(request, repair, joined=form.join_target() is not None)
    context = {
        "form": form,
        "subject": subject,
        "duplicates": duplicates if asked else [],
        "needs": _recorded_needs(subject),
        "had_photos": bool(request.FILES) if posted else False,
    }
    return render(request, "repairs/console/report.html", context)


# The promise, in words


def _owed(deadlines: list[Deadline], duty: str) -> Deadline | None:
    return next((d for d in deadlines if d.duty == duty and d.status in OWED), None)


def promise_words(repair: Repair, deadlines: list[Deadline]) -> str:
    """What we have promised the resident, for staff: the completion moment, or plainly that
    there is no responsive timescale, who has the job and when the next update is due."""
    if repair.status in (RepairStatus.COMPLETED, RepairStatus.CLOSED):
        return "The work is done."
    if repair.status == RepairStatus.CANCELLED:
        return "The job was cancelled."
    if repair.status == RepairStatus.PAUSED:
        pause = next((p for p in repair.pauses.all() if p.ended_at is None), None)
        return f"The clock is paused: {pause.reason}" if pause else "The clock is paused."
    complete = _owed(deadlines, _common.COMPLETE)
    if complete is not None:
        return f"Complete by {_common.local_moment(complete.due_at)}."
    who = repair.responsible or repair.programme or "our repairs team"
    words = f"No responsive timescale: {who} has the job"
    update = _owed(deadlines, _common.UPDATE)
    return (
        f"{words}; next update by {_common.local_date(update.due_at)}." if update else f"{words}."
    )


def _deadlines(repair: Repair) -> list[Deadline]:
    return list(selectors.repair_promises(repair))


@repair_view
@require_GET
def reported(request: HttpRequest, repair: Repair) -> HttpResponse:
    # The words the resident was given, to read out to the caller.
    context = {"repair": repair, "promise": triage.promise_text(repair)}
    return render(request, "repairs/console/reported.html", context)


# The job page


def _hazard_panel(repair: Repair) -> str:
    """Helper C's Awaab's Law panel, when the job is a hazard and the panel exists."""
    if not hasattr(repair, "awaab_hazard"):
        return ""
    try:
        get_template(HAZARD_PANEL)
    except TemplateDoesNotExist:
        return ""
    return HAZARD_PANEL


def _page_context(request: HttpRequest, repair: Repair) -> dict[str, Any]:
    from homecase.repairs import console_actions  # the actions link back here

    at = now()
    deadlines = _deadlines(repair)
    for deadline in deadlines:
        deadline.due = due_state(deadline.due_at, at=at) if deadline.status in OWED else None
    labels = {p.code: p.label for p in policy.repair_policy().priorities}
    chases = list(repair.chases.all())
    for chase in chases:
        chase.channel_words = channel_words(chase.channel)
    timeline = timeline_for_staff(case=repair.case).order_by("-sequence")[:TIMELINE_LIMIT]
    return {
        "repair": repair,
        "case": repair.case,
        "priority_label": labels.get(repair.priority, repair.priority),
        "category_label": _category_label(repair.category),
        "promise": promise_words(repair, deadlines),
        "deadlines": deadlines,
        "work_orders": list(repair.work_orders.all()),
        "reported_by": channel_words(repair.reported_channel),
        "chases": chases,
        "inspections": list(repair.inspections.all()),
        "photos": list(Attachment.objects.filter(case_id=repair.case_id)),
        "hazard_panel": _hazard_panel(repair),
        "hazard": getattr(repair, "awaab_hazard", None),
        "timeline": list(timeline),
        "actions": console_actions.offered(repair) if _can_work(request) else [],
        "can_work": _can_work(request),
    }


def channel_words(channel: str) -> str:
    return Channel(channel).label.lower() if channel in Channel.values else channel


def _can_work(request: HttpRequest) -> bool:
    return access.can_work_repairs(request.user)


def _category_label(code: str) -> str:
    try:
        return policy.repair_policy().entry(code).label
    except KeyError:
        return code


@repair_view
@require_GET
def repair(request: HttpRequest, repair: Repair) -> HttpResponse:
    return render(request, "repairs/console/repair.html", _page_context(request, repair))


@repair_view
@require_GET
def photo(request: HttpRequest, repair: Repair, photo_id: int) -> HttpResponse:
    found = Attachment.objects.filter(case_id=repair.case_id, pk=photo_id).first()
    if found is None:
        return not_found(request, "There is no such photo on this repair.")
    return FileResponse(found.file.open("rb"), content_type=found.content_type)
