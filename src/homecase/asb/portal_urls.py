"""The resident's anti-social behaviour pages, under /asb/ in the portal."""

from django.urls import path

from homecase.asb import portal

app_name = "portal-asb"
urlpatterns = [
    path("", portal.case_list, name="list"),
    path("report/", portal.report_start, name="report"),
    path("report/same-matter/", portal.report_same, name="report-same"),
    path("report/details/", portal.report_details, name="report-details"),
    path("<str:reference>/", portal.case_detail, name="detail"),
    path("<str:reference>/reported/", portal.case_reported, name="reported"),
    path("<str:reference>/diary/", portal.diary_add, name="diary"),
    path("<str:reference>/review/", portal.review_request, name="review"),
    path("<str:reference>/satisfaction/", portal.satisfaction, name="satisfaction"),
    path("<str:reference>/photos/<int:attachment_id>/", portal.photo, name="photo"),
]
