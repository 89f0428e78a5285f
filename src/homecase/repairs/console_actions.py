"""Every action on a repair in the staff console, through ONE view: a table says, for each
action, its form, the repairs service it calls, the message on success and when it is offered.

The view is the same for all of them: staff only; the job from the URL; a GOV.UK form; on a
valid POST the service is called with `actor` and the form's `arguments()`; a service's refusal
(a `DomainError`) is shown on the field it names, in the error summary and inline, and nothing
is written (each service is one transaction); on success, back to the job page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from homecase.common.errors import DomainError
from homecase.policy import selectors as policy
from homecase.repairs.console import not_found, repair_view, url
from homecase.repairs.forms_console import (
    OPEN_WORK_ORDER,
    AppointmentForm,
    CancelWorkOrderForm,
    ChaseForm,
    ChaseReplyForm,
    CompleteForm,
    ConfirmForm,
    InspectForm,
    InterimForm,
    MoveAppointmentForm,
    PriorityForm,
    ProgrammeForm,
    ReasonForm,
    RepairForm,
    TriageForm,
    UpdateForm,
    VisitForm,
    WorkOrderForm,
    add_domain_error,
)
from homecase.repairs.models import AppointmentStatus, Contractor, Repair, RepairStatus
from homecase.repairs.services import (
    appointments,
    chases,
    completion,
    triage,
    visits,
    work_orders,
)

ACTIVE = (RepairStatus.TRIAGED, RepairStatus.IN_PROGRESS, RepairStatus.PAUSED, RepairStatus.PLANNED)
WAITING = (RepairStatus.REPORTED, *ACTIVE)


def _open_orders(repair: Repair) -> bool:
    return repair.work_orders.filter(status__in=OPEN_WORK_ORDER).exists()


def _booked(repair: Repair) -> bool:
    return repair.work_orders.filter(appointments__status=AppointmentStatus.BOOKED).exists()


def _priorities() -> dict[str, Any]:
    return {"priorities": policy.repair_policy().priorities}


@dataclass(frozen=True)
class Action:
    label: str  # the link on the job page, and the heading of the action's page
    form: type[RepairForm]
    service: Callable[..., Any]  # a repairs service, called with actor and the form's data
    done: str  # the message shown on the job page afterwards
    button: str
    fits: Callable[[Repair], bool]  # offered on the job page now (the service checks again)
    about: str = ""  # what the agent should know before filling it in
    template: str = "repairs/console/action.html"
    form_kwargs: Callable[[], dict[str, Any]] = dict
    reason_label: str = ""  # for the reason-only forms


ACTIONS: dict[str, Action] = {
    "triage": Action(
        "Triage the repair",
        TriageForm,
        triage.repair_triage,
        "Repair triaged.",
        "Triage",
        lambda r: r.status == RepairStatus.REPORTED,
        about="Confirm the priority from the catalogue, or choose another and say why.",
        form_kwargs=_priorities,
    ),
    "priority": Action(
        "Change the priority",
        PriorityForm,
        triage.repair_priority_change,
        "Priority changed. The resident has been told the new date.",
        "Change the priority",
        lambda r: r.status in WAITING,
        about="The new timescale runs from when the repair was reported. The resident is told.",
        form_kwargs=_priorities,
    ),
    "interim-measures": Action(
        "Record interim measures",
        InterimForm,
        triage.interim_measures_record,
        "Interim measures recorded.",
        "Record the interim measures",
        lambda r: r.safety and r.status in WAITING,
        about="A safety job may not wait beyond 24 hours until the steps taken to keep people "
        "safe meanwhile are recorded (a temporary lock, a patrol, a barrier).",
    ),
    "work-order": Action(
        "Issue a work order",
        WorkOrderForm,
        work_orders.work_order_issue,
        "Work order issued.",
        "Issue the work order",
        lambda r: r.status in ACTIVE,
        about="The resident's vulnerability answer, their recorded vulnerabilities and "
        "adjustments, and the access notes are copied onto the order for the operative.",
        form_kwargs=lambda: {"contractors": Contractor.objects.order_by("name")},
    ),
    "book": Action(
        "Book an appointment",
        AppointmentForm,
        appointments.appointment_book,
        "Appointment booked. The resident has been told.",
        "Book the appointment",
        _open_orders,
    ),
    "move": Action(
        "Move an appointment",
        MoveAppointmentForm,
        appointments.appointment_move,
        "Appointment moved. The resident has been told.",
        "Move the appointment",
        _booked,
    ),
    "visit": Action(
        "Record a visit",
        VisitForm,
        visits.visit_record,
        "Visit recorded.",
        "Record the visit",
        _open_orders,
        about="For “No access”, record each attempt to get in: the clock is paused with a "
        "reason the resident can see.",
        template="repairs/console/visit.html",
    ),
    "cancel-work-order": Action(
        "Cancel a work order",
        CancelWorkOrderForm,
        work_orders.work_order_cancel,
        "Work order cancelled.",
        "Cancel the work order",
        _open_orders,
    ),
    "programme": Action(
        "Hand to a planned programme",
        ProgrammeForm,
        triage.repair_hand_to_programme,
        "Handed to the programme. The job stays open and the resident has been told.",
        "Hand to the programme",
        lambda r: r.status in (RepairStatus.TRIAGED, RepairStatus.IN_PROGRESS),
        about="The completion date is cancelled and the resident is told the plain truth, with "
        "a regular update deadline. A safety job needs interim measures first.",
    ),
    "update": Action(
        "Give an update",
        UpdateForm,
        triage.repair_update_give,
        "Update given. The resident can see it.",
        "Record the update",
        lambda r: r.status in WAITING,
    ),
    "chase": Action(
        "Record a chase",
        ChaseForm,
        chases.chase_record,
        "Chase recorded, with a deadline to reply.",
        "Record the chase",
        lambda r: r.status in (*WAITING, RepairStatus.COMPLETED),
        about="Each chase gets a reply deadline. A second chase goes to a manager and the "
        "resident is offered the choice to complain.",
    ),
    "reply": Action(
        "Reply to a chase",
        ChaseReplyForm,
        chases.chase_reply,
        "Reply recorded.",
        "Record the reply",
        lambda r: r.chases.filter(replied_at__isnull=True).exists(),
    ),
    "resume": Action(
        "Restart the clock",
        ReasonForm,
        visits.clock_resume,
        "The clock has restarted.",
        "Restart the clock",
        lambda r: r.status == RepairStatus.PAUSED,
        reason_label="Why is the clock restarting? (for example, the resident offered access)",
    ),
    "complete": Action(
        "Complete the repair",
        CompleteForm,
        completion.repair_complete,
        "Repair completed. The resident has been asked to confirm.",
        "Complete the repair",
        lambda r: r.status in ACTIVE,
        about="A repair can only be completed after a visit that completed the work.",
    ),
    "confirm": Action(
        "Confirm on the resident's behalf",
        ConfirmForm,
        completion.completion_confirm,
        "The resident's answer is recorded.",
        "Record their answer",
        lambda r: r.status == RepairStatus.COMPLETED and not r.resident_verdict,
    ),
    "inspect": Action(
        "Record a post-inspection",
        InspectForm,
        completion.inspection_record,
        "Inspection recorded.",
        "Record the inspection",
        lambda r: r.inspections.filter(result="").exists(),
        about="A failed inspection reopens the same job with a new completion date.",
    ),
    "close": Action(
        "Close the job",
        ReasonForm,
        completion.repair_close,
        "Job closed.",
        "Close the job",
        lambda r: r.status == RepairStatus.COMPLETED,
        reason_label="Why is it being closed now?",
    ),
    "cancel": Action(
        "Cancel the repair",
        ReasonForm,
        triage.repair_cancel,
        "Repair cancelled.",
        "Cancel the repair",
        lambda r: r.status in WAITING,
        about="Only cancel a job reported in error or no longer needed. The resident is told.",
        reason_label="Why is it being cancelled?",
    ),
}


def offered(repair: Repair) -> list[tuple[str, str]]:
    """Links to the actions that fit the job now, for the job page."""
    return [
        (url("action", repair, action=name), action.label)
        for name, action in ACTIONS.items()
        if action.fits(repair)
    ]


def _make_form(action: Action, repair: Repair, request: HttpRequest) -> RepairForm:
    posted = request.method == "POST"
    form = action.form(
        request.POST if posted else None,
        request.FILES if posted else None,
        repair=repair,
        **action.form_kwargs(),
    )
    if action.reason_label and "reason" in form.fields:
        form.fields["reason"].label = action.reason_label
    return form


@repair_view
@require_http_methods(["GET", "POST"])
def action_view(request: HttpRequest, repair: Repair, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        return not_found(request, "There is no such action on a repair.")
    form = _make_form(chosen, repair, request)
    if request.method == "POST" and form.is_valid():
        try:
            chosen.service(actor=request.user, **form.arguments())
        except DomainError as error:
            add_domain_error(form, error, form.ALIASES)
        else:
            messages.success(request, chosen.done)
            return redirect(url("repair", repair))
    context = {"repair": repair, "form": form, "action": chosen}
    return render(request, chosen.template, context)
