"""The contractor view through the Django test client: signing in, a contractor's own work
orders only, booking and moving an appointment, and recording a visit; another contractor's
order is the same 404 as one that does not exist."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from homecase.records.models import Attachment
from homecase.repairs.models import (
    AccessAttempt,
    Appointment,
    AppointmentStatus,
    RepairStatus,
    Visit,
    WorkOrder,
)
from tests.factories import UserFactory, resident_with_login
from tests.repairs import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SIGN_IN = reverse("contractor:sign-in")
ORDERS = reverse("contractor:orders")
PASSWORD = "correct horse battery staple"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_1_june_2026_at_noon():
    with time_machine.travel(at("2026-06-01", 12), tick=False):
        yield


@pytest.fixture
def firm():
    return factories.contractor(name="Brightwater Plumbing")


@pytest.fixture
def worker(firm):
    return factories.contractor_user(firm)


@pytest.fixture
def order(firm):
    # Issued early in the morning, so that a visit this morning comes after it.
    with time_machine.travel(at("2026-06-01", 7), tick=False):
        return factories.issued_work_order(firm=firm)


def url(name: str, order: WorkOrder, **kwargs) -> str:
    return reverse(
        f"contractor:{name}",
        kwargs={"reference": order.repair.case.reference, "number": order.number, **kwargs},
    )


def html(response) -> str:
    return response.content.decode()


def png() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile("pipe.png", buffer.getvalue(), content_type="image/png")


def visit(**overrides) -> dict:
    return {
        "operative": "Sam Okafor",
        "outcome": "completed",
        "day": "2026-06-01",
        "arrived": "08:30",
        "left": "09:45",
        "notes": "Replaced the joint under the bath.",
        **overrides,
    }


# Signing in


def test_anonymous_people_are_sent_to_the_contractor_sign_in(client):
    # when
    response = client.get(ORDERS)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={ORDERS}"


def test_a_contractor_signs_in_and_lands_on_their_work_orders(client, worker):
    # when
    response = client.post(
        f"{SIGN_IN}?next={ORDERS}", {"email": worker.email, "password": PASSWORD}
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == ORDERS


@pytest.mark.parametrize("who", ["resident", "staff", "contractor_role_without_a_firm"])
def test_people_of_no_contractor_cannot_use_it(client, who):
    # given
    users = {
        "resident": lambda: resident_with_login().user,
        "staff": factories.planner,
        "contractor_role_without_a_firm": lambda: UserFactory(roles=["contractor"]),
    }
    user = users[who]()

    # when
    signing_in = client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})
    client.force_login(user)
    listing = client.get(ORDERS)

    # then
    assert signing_in.status_code == 403
    assert listing.status_code == 403
    assert "You cannot see contractor work orders" in html(listing)


def test_a_wrong_password_is_refused(client, worker):
    # when
    response = client.post(SIGN_IN, {"email": worker.email, "password": "wrong"})

    # then
    assert response.status_code == 200
    assert "Enter a correct email address and password" in html(response)


# Work orders


def test_the_list_shows_only_this_contractors_orders(client, worker, order):
    # given
    other = factories.issued_work_order(firm=factories.contractor(name="Other Firm"))
    client.force_login(worker)

    # when
    page = html(client.get(ORDERS))

    # then
    assert order.reference in page
    assert other.reference not in page


def test_open_orders_come_first_soonest_appointment_first(client, firm, worker):
    # given
    later = factories.issued_work_order(firm=firm)
    sooner = factories.issued_work_order(firm=firm)
    factories.booked_appointment(work_order=later, starts_at=at("2026-06-05", 8))
    factories.booked_appointment(work_order=sooner, starts_at=at("2026-06-03", 8))
    client.force_login(worker)

    # when
    page = html(client.get(ORDERS))

    # then
    assert page.index(sooner.reference) < page.index(later.reference)


def test_finished_orders_come_after_the_open_ones(client, firm, worker, order):
    # given
    factories.completed_repair(work_order=order)
    still_open = factories.issued_work_order(firm=firm)
    client.force_login(worker)

    # when
    page = html(client.get(ORDERS))

    # then
    assert page.index(still_open.reference) < page.index("Recently completed or cancelled")
    assert page.index("Recently completed or cancelled") < page.index(order.reference)


def test_the_work_order_page_has_what_the_operative_needs(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.get(url("order", order))

    # then
    page = html(response)
    assert response.status_code == 200
    assert order.repair.case.reference in page
    assert order.instructions in page
    assert order.repair.case.home.address_line_1 in page
    assert "Record a visit" in page


def test_vulnerability_notes_are_shown_before_the_visit(client, firm, worker):
    # given
    answer = "Resident is hard of hearing: knock loudly and wait."
    order = factories.issued_work_order(firm=firm, vulnerable=True, vulnerability_details=answer)
    client.force_login(worker)

    # when
    page = html(client.get(url("order", order)))

    # then
    assert "Read before you visit" in page
    assert answer in page


@pytest.mark.parametrize("name", ["order", "visit"])
def test_another_contractors_order_is_not_found(client, worker, name):
    # given
    other = factories.issued_work_order(firm=factories.contractor(name="Other Firm"))
    client.force_login(worker)

    # when
    response = client.get(url(name, other))

    # then
    assert response.status_code == 404
    assert other.instructions not in html(response)


def test_recording_a_visit_on_another_contractors_order_is_not_found(client, worker):
    # given
    other = factories.issued_work_order(firm=factories.contractor(name="Other Firm"))
    client.force_login(worker)

    # when
    response = client.post(url("visit", other), visit())

    # then
    assert response.status_code == 404
    assert not Visit.objects.exists()


# Appointments


def test_booking_an_appointment(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(
        url("book", order), {"day": "2026-06-03", "starts": "08:00", "ends": "12:00"}
    )

    # then
    assert response.status_code == 302
    appointment = Appointment.objects.get(work_order=order)
    assert appointment.starts_at == at("2026-06-03", 8)
    assert appointment.ends_at == at("2026-06-03", 12)
    assert appointment.booked_by == worker


def test_an_appointment_in_the_past_is_refused(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(
        url("book", order), {"day": "2026-05-29", "starts": "08:00", "ends": "12:00"}
    )

    # then
    assert response.status_code == 200
    assert 'id="id_starts-error"' in html(response)
    assert not Appointment.objects.exists()


def test_a_date_that_is_not_a_date_is_refused(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(url("book", order), {"day": "31/02/2026", "starts": "8", "ends": ""})

    # then
    page = html(response)
    assert "Enter the date of the appointment as a real date" in page
    assert "Enter the time the slot ends" in page
    assert not Appointment.objects.exists()


def test_moving_an_appointment_keeps_the_old_one_and_says_why(client, worker, order):
    # given
    old = factories.booked_appointment(work_order=order, starts_at=at("2026-06-03", 8))
    client.force_login(worker)

    # when
    form = client.get(url("move", order, appointment_id=old.pk))
    response = client.post(
        url("move", order, appointment_id=old.pk),
        {"day": "2026-06-04", "starts": "13:00", "ends": "17:00", "reason": "Van broke down"},
    )

    # then
    assert form.status_code == 200
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == AppointmentStatus.MOVED
    assert old.replaced_by.starts_at == at("2026-06-04", 13)


def test_moving_needs_a_reason(client, worker, order):
    # given
    old = factories.booked_appointment(work_order=order, starts_at=at("2026-06-03", 8))
    client.force_login(worker)

    # when
    response = client.post(
        url("move", order, appointment_id=old.pk),
        {"day": "2026-06-04", "starts": "13:00", "ends": "17:00", "reason": ""},
    )

    # then
    assert "Enter why the appointment is moving" in html(response)
    old.refresh_from_db()
    assert old.status == AppointmentStatus.BOOKED


# Visits


def test_recording_a_completed_visit_completes_the_job(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(url("visit", order), {**visit(), "photos": [png()]})

    # then
    assert response.status_code == 302
    recorded = Visit.objects.get(work_order=order)
    assert recorded.operative == "Sam Okafor"
    assert recorded.arrived_at == at("2026-06-01", 8).replace(minute=30)
    assert recorded.left_at == at("2026-06-01", 9).replace(minute=45)
    assert recorded.recorded_by == worker
    order.repair.refresh_from_db()
    assert order.repair.status == RepairStatus.COMPLETED
    assert Attachment.objects.filter(case=order.repair.case).count() == 1


def test_no_access_needs_the_attempts(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(url("visit", order), visit(outcome="no_access"))

    # then
    assert response.status_code == 200
    assert 'id="id_attempt_1_time-error"' in html(response)
    assert not Visit.objects.exists()


def test_no_access_with_attempts_pauses_the_clock(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(
        url("visit", order),
        visit(
            outcome="no_access",
            attempt_1_time="08:30",
            attempt_1_method="knocked",
            attempt_1_card_left="on",
            attempt_2_time="08:40",
            attempt_2_method="phoned",
        ),
    )

    # then
    assert response.status_code == 302
    attempts = AccessAttempt.objects.order_by("attempted_at")
    assert [(a.method, a.card_left) for a in attempts] == [("knocked", True), ("phoned", False)]
    order.repair.refresh_from_db()
    assert order.repair.status == RepairStatus.PAUSED


def test_an_attempt_needs_both_its_time_and_how(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(url("visit", order), visit(outcome="no_access", attempt_1_time="08:30"))

    # then
    assert "Give both the time and how for attempt 1" in html(response)
    assert not Visit.objects.exists()


def test_a_visit_in_the_future_is_refused(client, worker, order):
    # given
    client.force_login(worker)

    # when
    response = client.post(url("visit", order), visit(day="2026-06-02"))

    # then
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'id="id_arrived-error"' in page
    assert not Visit.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_on_a_visit(client, worker, order):
    # given
    client.force_login(worker)
    text = SimpleUploadedFile("notes.txt", b"not a picture", content_type="text/plain")

    # when
    response = client.post(url("visit", order), {**visit(), "photos": [text]})

    # then
    assert "notes.txt is not a photo" in html(response)
    assert not Visit.objects.exists()


def test_the_list_takes_the_same_queries_for_one_order_or_many(client, firm, worker, order):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ORDERS).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(3):
        factories.booked_appointment(work_order=factories.issued_work_order(firm=firm))

    # when
    many = queries()

    # then
    assert many == one


def test_the_visit_form_starts_with_today_and_the_signed_in_operative(client, firm, order):
    # given
    worker = factories.contractor_user(firm, first_name="Sam", last_name="Okafor")
    client.force_login(worker)

    # when
    page = html(client.get(url("visit", order)))

    # then
    assert 'name="day" type="date" value="2026-06-01"' in page
    assert 'name="operative" type="text" value="Sam Okafor"' in page
