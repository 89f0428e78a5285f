"""The resident's complaint pages, under /complaints/ in the portal."""

from django.urls import path

from homecase.complaints import portal

app_name = "portal-complaints"
urlpatterns = [
    path("", portal.complaint_list, name="list"),
    path("new/", portal.complaint_new, name="new"),
    path("<str:reference>/", portal.complaint_detail, name="detail"),
    path("<str:reference>/made/", portal.complaint_made, name="made"),
    path("<str:reference>/escalate/", portal.complaint_escalate, name="escalate"),
    path("<str:reference>/escalated/", portal.complaint_escalated, name="escalated"),
    path("<str:reference>/letters/<int:message_id>/", portal.letter, name="letter"),
    path("<str:reference>/letters/<int:message_id>/pdf/", portal.letter_pdf, name="letter-pdf"),
]
