"""URLs of the board dashboard, under /governance/dashboard/ (reverse as `governance:<name>`)."""

from django.urls import path

from homecase.reports import dashboard

urlpatterns = [
    path("", dashboard.index, name="dashboard"),
    path("open/<str:kind>/", dashboard.open_cases, name="dashboard-open"),
    path("deadlines/<str:which>/", dashboard.deadlines, name="dashboard-deadlines"),
    path(
        "repeat-complainants/", dashboard.repeat_complainants, name="dashboard-repeat-complainants"
    ),
    path("repeat-repairs/", dashboard.repeat_repairs, name="dashboard-repeat-repairs"),
    path("learning-overdue/", dashboard.learning_overdue, name="dashboard-learning"),
    path("asb/<str:which>/", dashboard.asb_cases, name="dashboard-asb"),
]
