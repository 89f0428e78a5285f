"""The governance area at /governance/: for the Board, its Member Responsible for Complaints and
managers. Each part has its own URL module."""

from django.urls import include, path

from homecase.reports import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("tsm/", include("homecase.reports.tsm_urls")),
    path("complaints-report/", include("homecase.reports.annual_urls")),
    path("self-assessment/", include("homecase.reports.self_assessment_urls")),
    path("dashboard/", include("homecase.reports.dashboard_urls")),
]
