"""The contractor view: a contractor's people sign in and see only their own firm's work orders
(open ones first, by appointment), one work order with everything the operative needs before
knocking (instructions, address, vulnerability and access notes), book or move an appointment,
and record a visit (outcome, times, notes, access attempts, photos).

Views parse, check access, call a selector or service, and render. Another contractor's work
order is the same 404 as one that does not exist."""

from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from homecase.common.errors import DomainError
from homecase.common.time import now
from homecase.policy.selectors import repair_policy
from homecase.portal.auth import authenticate_by_email, safe_next_url
from homecase.portal.forms import SignInForm, add_domain_error
from homecase.records.attachments import Photo
from homecase.records.models import Attachment
from homecase.repairs import access, selectors
from homecase.repairs.forms_contractor import AppointmentForm, MoveAppointmentForm, VisitForm
from homecase.repairs.models import (
    Appointment,
    AppointmentStatus,
    Contractor,
    WorkOrder,
    WorkOrderStatus,
)
from homecase.repairs.services import appointments, visits

View = Callable[..., HttpResponse]
CLOSED_ORDERS = {WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED}
RECENTLY_CLOSED = 50  # finished orders listed under the open ones, newest first


# The services name their arguments; the forms split a moment into a date and a time.
FIELDS = {
    "arrived_at": "arrived",
    "left_at": "left",
    "attempts": "attempt_1_time",
    "starts_at": "starts",
    "ends_at": "ends",
}


def _refused(form: Form, error: DomainError) -> None:
    """Show a service's refusal on the form field it is about, or above the form."""
    field = FIELDS.get(error.field or "", error.field)
    add_domain_error(form, type(error)(error.message, field=field))


def photos_per_upload() -> int:
    return repair_policy().photos_per_upload


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "repairs/contractor/forbidden.html", status=403)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "repairs/contractor/not_found.html", status=404)


def contractor_only(view: View) -> View:
    """Anonymous people are sent to sign in; signed-in people of no contractor get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("contractor:sign-in"))
        firm = access.contractor_of(request.user)
        if firm is None:
            return _forbidden(request)
        return view(request, firm, *args, **kwargs)

    return wrapper


def work_order_page(view: View) -> View:
    """A contractor's own work order, by job number and order number (else the 404)."""

    @contractor_only
    @wraps(view)
    def wrapper(
        request: HttpRequest, firm: Contractor, reference: str, number: int, *args, **kwargs
    ) -> HttpResponse:
        order = (
            WorkOrder.objects.select_related(
                "repair__case__home", "repair__case__communal_area", "repair__case__resident"
            )
            .filter(
                repair__case__reference=reference.strip().upper(),
                number=number,
                contractor=firm,
            )
            .first()
        )
        if order is None or not access.can_update_work_order(request.user, order):
            return _not_found(request)
        return view(request, order, *args, **kwargs)

    return wrapper


# Signing in and out (the console's sign-in is for staff only; contractors are not staff)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    orders = reverse("contractor:orders")
    if request.user.is_authenticated and access.contractor_of(request.user) is not None:
        return redirect(safe_next_url(request, orders))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate_by_email(request, **form.cleaned_data)
        if user is not None and access.contractor_of(user) is None:
            return _forbidden(request)
        if user is not None:
            login(request, user)
            return redirect(safe_next_url(request, orders))
        form.add_error(None, "Enter a correct email address and password")
    return render(
        request,
        "repairs/contractor/sign_in.html",
        {"form": form, "next": safe_next_url(request, "")},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("contractor:sign-in")


# Work orders


def _next_booked(order: WorkOrder) -> datetime | None:
    booked = [a.starts_at for a in order.appointments.all() if a.status == "booked"]
    return min(booked) if booked else None


def _sort_key(order: WorkOrder) -> tuple:
    """The soonest appointment first; orders with none booked after, the oldest first."""
    booked = _next_booked(order)
    return (booked is None, booked or order.issued_at, order.issued_at)


@contractor_only
@require_GET
def work_order_list(request: HttpRequest, firm: Contractor) -> HttpResponse:
    orders = (
        selectors.work_orders_for_contractor(user=request.user)
        .select_related("repair__case__communal_area__block")
        .prefetch_related("appointments")
    )
    open_orders = sorted(orders.exclude(status__in=CLOSED_ORDERS), key=_sort_key)
    closed = orders.filter(status__in=CLOSED_ORDERS)[:RECENTLY_CLOSED]
    return render(
        request,
        "repairs/contractor/list.html",
        {
            "firm": firm,
            "open": [(order, _next_booked(order)) for order in open_orders],
            "closed": [(order, None) for order in closed],
            "recently_closed": RECENTLY_CLOSED,
        },
    )


def _booked(order: WorkOrder) -> list[Appointment]:
    return [a for a in order.appointments.all() if a.status == AppointmentStatus.BOOKED]


def _detail(request: HttpRequest, order: WorkOrder, book: Form | None = None) -> HttpResponse:
    order = (
        WorkOrder.objects.select_related(
            "repair__case__home", "repair__case__communal_area", "repair__case__resident"
        )
        .prefetch_related("appointments", "visits__access_attempts")
        .get(pk=order.pk)
    )
    return render(
        request,
        "repairs/contractor/work_order.html",
        {
            "order": order,
            "repair": order.repair,
            "case": order.repair.case,
            "appointments": list(order.appointments.all()),
            "visits": list(order.visits.all()),
            "photos": list(order.repair.case.attachments.all()),
            "is_open": order.status not in CLOSED_ORDERS,
            "form": book or AppointmentForm(),
        },
    )


@work_order_page
@require_GET
def work_order_detail(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    return _detail(request, order)


def _back(order: WorkOrder) -> HttpResponse:
    return redirect("contractor:order", reference=order.repair.case.reference, number=order.number)


@work_order_page
@require_POST
def appointment_book(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    form = AppointmentForm(request.POST)
    if form.is_valid():
        try:
            appointments.appointment_book(
                work_order=order,
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "The appointment is booked. The resident has been told.")
            return _back(order)
    return _detail(request, order, form)


@work_order_page
@require_http_methods(["GET", "POST"])
def appointment_move(request: HttpRequest, order: WorkOrder, appointment_id: int) -> HttpResponse:
    appointment = next((a for a in _booked(order) if a.pk == appointment_id), None)
    if appointment is None:
        return _not_found(request)
    form = MoveAppointmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            appointments.appointment_move(
                appointment=appointment,
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "The appointment is moved. The resident has been told.")
            return _back(order)
    return render(
        request,
        "repairs/contractor/move.html",
        {"order": order, "case": order.repair.case, "appointment": appointment, "form": form},
    )


# Recording a visit


def _visit_form(request: HttpRequest, order: WorkOrder) -> VisitForm:
    # Most visits are recorded on the day, by the operative who made them.
    initial = {
        "day": timezone.localdate(now()).isoformat(),
        "operative": request.user.get_full_name(),
    }
    data = request.POST if request.method == "POST" else None
    return VisitForm(data, initial=initial, appointments=_booked(order))


def _record(request: HttpRequest, order: WorkOrder, form: VisitForm) -> bool:
    data = form.cleaned_data
    files = request.FILES.getlist("photos")
    if len(files) > photos_per_upload():
        form.add_error("photos", f"Upload at most {photos_per_upload()} photos")
        return False
    appointment = next((a for a in _booked(order) if str(a.pk) == data["appointment"]), None)
    try:
        visits.visit_record(
            work_order=order,
            actor=request.user,
            operative=data["operative"],
            arrived_at=data["arrived_at"],
            left_at=data["left_at"],
            outcome=data["outcome"],
            notes=data["notes"],
            attempts=[
                visits.AttemptInput(attempted_at=at, method=how, card_left=card)
                for at, how, card in data["attempts"]
            ],
            photos=[Photo(name=f.name or "photo", content=f.read()) for f in files],
            appointment=appointment,
            follow_on_instructions=data["follow_on_instructions"],
        )
    except DomainError as error:
        _refused(form, error)
        return False
    return True


@work_order_page
@require_http_methods(["GET", "POST"])
def visit_record(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    form = _visit_form(request, order)
    if request.method == "POST" and form.is_valid() and _record(request, order, form):
        messages.success(request, "The visit is recorded.")
        return _back(order)
    return render(
        request,
        "repairs/contractor/visit.html",
        {
            "order": order,
            "case": order.repair.case,
            "form": form,
            "max_photos": photos_per_upload(),
        },
    )


@work_order_page
@require_GET
def photo(request: HttpRequest, order: WorkOrder, attachment_id: int) -> HttpResponse:
    found = Attachment.objects.filter(pk=attachment_id, case_id=order.repair.case_id).first()
    if found is None:
        return _not_found(request)
    return FileResponse(found.file.open("rb"), content_type=found.content_type)
