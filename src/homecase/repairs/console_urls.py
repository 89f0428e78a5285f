"""The repairs pages of the staff console, under /console/repairs/."""

from django.urls import include, path, register_converter

from homecase.repairs import console, console_actions


class RepairReference:
    """A case reference such as R-2026-004211 (the view says if it is no repair). Matching only
    references leaves words such as "report" and "programme" to other pages."""

    regex = r"[A-Za-z]{1,2}-[0-9]{4}-[0-9]{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RepairReference, "repair_reference")

app_name = "console-repairs"
urlpatterns = [
    path("", console.queue, name="repairs"),
    path("report/", console.report, name="report"),
    path("<repair_reference:reference>/", console.repair, name="repair"),
    path("<repair_reference:reference>/reported/", console.reported, name="reported"),
    path("<repair_reference:reference>/photos/<int:photo_id>/", console.photo, name="photo"),
    # The Awaab's Law hazard pages and the programme view (before the actions' catch-all).
    path("", include("homecase.repairs.console_hazards_urls")),
    path(
        "<repair_reference:reference>/<slug:action>/",
        console_actions.action_view,
        name="action",
    ),
]
