"""The officer's complaint pages, under /console/complaints/."""

from django.urls import include, path, register_converter

from homecase.complaints import console


class ComplaintReference:
    """A case reference such as C-2026-000318 (any case: the view says if it is no complaint).
    Matching only references leaves words such as "new" and "restrictions" to other pages."""

    regex = r"[A-Za-z]{1,2}-[0-9]{4}-[0-9]{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ComplaintReference, "complaint_reference")

app_name = "console-complaints"
urlpatterns = [
    path("", console.queue, name="queue"),
    path("new/", console.new, name="new"),
    path("<complaint_reference:reference>/", console.complaint, name="complaint"),
    path("<complaint_reference:reference>/acknowledge/", console.acknowledge, name="acknowledge"),
    path("<complaint_reference:reference>/extend/", console.extend, name="extend"),
    path("<complaint_reference:reference>/decide/", console.decide, name="decide"),
    path("<complaint_reference:reference>/respond/", console.respond, name="respond"),
    path("<complaint_reference:reference>/escalate/", console.escalate, name="escalate"),
    path("<complaint_reference:reference>/refuse/", console.refuse, name="refuse"),
    path("<complaint_reference:reference>/withdraw/", console.withdraw, name="withdraw"),
    path("<complaint_reference:reference>/add-point/", console.add_point, name="add-point"),
    path(
        "<complaint_reference:reference>/messages/<int:message_id>/",
        console.message,
        name="message",
    ),
    path(
        "<complaint_reference:reference>/messages/<int:message_id>/letter/",
        console.message_letter,
        name="message-letter",
    ),
    path(
        "<complaint_reference:reference>/messages/<int:message_id>/letter.pdf",
        console.message_pdf,
        name="message-pdf",
    ),
    # The other console helper's pages (remedies, compensation, learning...).
    path("", include("homecase.complaints.console_extra_urls")),
]
