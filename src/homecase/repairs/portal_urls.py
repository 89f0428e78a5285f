"""The resident's repair pages, under /repairs/ in the portal."""

from django.urls import path

from homecase.repairs import portal

app_name = "portal-repairs"
urlpatterns = [
    path("", portal.repair_list, name="repairs"),
    path("report/", portal.report_start, name="report"),
    path("report/same-problem/", portal.report_same, name="report-same"),
    path("report/details/", portal.report_details, name="report-details"),
    path("<str:reference>/", portal.repair_detail, name="detail"),
    path("<str:reference>/reported/", portal.repair_reported, name="reported"),
    path("<str:reference>/chase/", portal.repair_chase, name="chase"),
    path("<str:reference>/access/", portal.repair_give_access, name="access"),
    path("<str:reference>/completion/", portal.repair_confirm, name="completion"),
    path("<str:reference>/photos/<int:attachment_id>/", portal.photo, name="photo"),
]
