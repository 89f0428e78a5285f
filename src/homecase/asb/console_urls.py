"""The anti-social behaviour pages of the staff console, under /console/asb/ (reverse as
`console:console-asb:<name>`)."""

from django.urls import path, register_converter

from homecase.asb import console, console_actions


class AsbReference:
    """A case reference such as A-2026-000042 (the view says if it is no ASB case). Matching
    only references leaves words such as "report" to other pages."""

    regex = r"[A-Za-z]{1,2}-[0-9]{4}-[0-9]{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AsbReference, "asb_reference")

app_name = "console-asb"
urlpatterns = [
    path("", console.queue, name="asb"),
    path("report/", console.report, name="report"),
    path("<asb_reference:reference>/", console.case, name="case"),
    path("<asb_reference:reference>/photos/<int:photo_id>/", console.photo, name="photo"),
    path("<asb_reference:reference>/<slug:action>/", console_actions.action_view, name="action"),
]
