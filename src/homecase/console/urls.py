"""The staff console's URLs, under /console/."""

from django.urls import include, path

from homecase.console import views

app_name = "console"
urlpatterns = [
    path("", views.search, name="search"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("complaints/", include("homecase.complaints.console_urls")),
    path("evidence/", include("homecase.reports.evidence_urls")),
    path("repairs/", include("homecase.repairs.console_urls")),
    path("asb/", include("homecase.asb.console_urls")),
    path("residents/<int:resident_id>/", views.resident, name="resident"),
    path("homes/<int:home_id>/", views.home, name="home"),
    path("cases/<str:reference>/", views.case, name="case"),
]
