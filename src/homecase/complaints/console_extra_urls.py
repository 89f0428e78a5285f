"""More officer pages under /console/complaints/ (remedies, compensation, learning, the
Ombudsman, contacts and offers, contact restrictions), included at the end of console_urls in
the same namespace ("console-complaints")."""

from django.urls import path

from homecase.complaints import console_extra as views

urlpatterns = [
    path("restrictions/", views.restrictions_due, name="restrictions-due"),
    path("restrictions/new/", views.restriction_record, name="restriction-record"),
    path(
        "restrictions/<int:restriction_id>/review/",
        views.restriction_review,
        name="restriction-review",
    ),
    path("contacts/<str:case_reference>/new/", views.contact_record, name="contact-record"),
    path("offers/<int:offer_id>/", views.offer_decide, name="offer"),
    path("<str:reference>/remedies/new/", views.remedy_add, name="remedy-add"),
    path(
        "<str:reference>/remedies/<int:remedy_id>/update/",
        views.remedy_update,
        name="remedy-update",
    ),
    path(
        "<str:reference>/remedies/<int:remedy_id>/done/",
        views.remedy_complete,
        name="remedy-complete",
    ),
    path("<str:reference>/compensation/new/", views.compensation_offer, name="compensation-offer"),
    path(
        "<str:reference>/compensation/<int:compensation_id>/",
        views.compensation_record,
        name="compensation-record",
    ),
    path("<str:reference>/root-cause/", views.root_cause, name="root-cause"),
    path("<str:reference>/learning/new/", views.learning_add, name="learning-add"),
    path(
        "<str:reference>/learning/<int:action_id>/done/",
        views.learning_complete,
        name="learning-complete",
    ),
    path("<str:reference>/ombudsman/new/", views.referral_record, name="referral-record"),
    path(
        "<str:reference>/ombudsman/<int:referral_id>/determination/",
        views.determination_record,
        name="determination-record",
    ),
    path(
        "<str:reference>/ombudsman/orders/<int:order_id>/comply/",
        views.order_comply,
        name="order-comply",
    ),
]
