"""The contractor view, under /contractor/: a contractor's own work orders only. A work order
is addressed by its job number and its number under the job (R-2026-004211, order 2)."""

from django.urls import path

from homecase.repairs import contractor

app_name = "contractor"
ORDER = "<str:reference>/<int:number>/"
urlpatterns = [
    path("", contractor.work_order_list, name="orders"),
    path("sign-in/", contractor.sign_in, name="sign-in"),
    path("sign-out/", contractor.sign_out, name="sign-out"),
    path(ORDER, contractor.work_order_detail, name="order"),
    path(f"{ORDER}appointments/", contractor.appointment_book, name="book"),
    path(
        f"{ORDER}appointments/<int:appointment_id>/move/",
        contractor.appointment_move,
        name="move",
    ),
    path(f"{ORDER}visits/", contractor.visit_record, name="visit"),
    path(f"{ORDER}photos/<int:attachment_id>/", contractor.photo, name="photo"),
]
