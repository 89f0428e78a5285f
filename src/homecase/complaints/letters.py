"""Complaint letters to read on screen or print: a stage response letter as HTML, any message sent
about a complaint as HTML, and either as a PDF (WeasyPrint).

A letter is what the resident was (or would have been) posted: the notify template
`notify/complaint_stage{n}_response/letter.html`, in the resident's format (large print and easy
read are stylesheets in `notify/base_letter.html`), rendered by notify with the same context the
service used when it sent it. When the response went out as a letter, its stored HTML is used
as it was sent, never rendered again."""

from typing import NoReturn

from django.template.loader import render_to_string

from homecase.common.errors import NotFound
from homecase.complaints.models import Complaint, Stage
from homecase.complaints.services._common import addressee, letter_context
from homecase.complaints.services.stages import response_letter_context
from homecase.notify import services as notify
from homecase.notify.models import MessageChannel, OutboundMessage

RESPONSE_TEMPLATE = "complaint_stage{number}_response"


def _responded_stage(complaint: Complaint, stage_number: int) -> Stage:
    stage = (
        complaint.stages.select_related("response_letter", "responded_by")
        .filter(number=stage_number, responded_at__isnull=False)
        .first()
    )
    if stage is None:
        raise NotFound(f"There is no stage {stage_number} response to this complaint yet.")
    return stage


def _sent_as_letter(message: OutboundMessage | None) -> bool:
    return (
        message is not None and message.channel == MessageChannel.LETTER and bool(message.body_html)
    )


def letter_html(*, complaint: Complaint, stage_number: int) -> str:
    """The stage response letter as HTML: as posted when it went by letter, otherwise rendered
    as a letter in the resident's format, dated and signed as the response was."""
    stage = _responded_stage(complaint, stage_number)
    if _sent_as_letter(stage.response_letter):
        return stage.response_letter.body_html
    resident = addressee(complaint)  # a petition's letters go to its first signer
    if resident is None:
        raise NotFound("This complaint was not made by one of our residents.")
    rendered = notify.message_render(
        resident=resident,
        template=RESPONSE_TEMPLATE.format(number=stage.number),
        context=letter_context(
            complaint, response_letter_context(complaint=complaint, stage=stage)
        ),
        actor=stage.responded_by,
        case=complaint.case,
        dated=stage.responded_at,
    )
    return rendered.body_html


def response_stage_number(message: OutboundMessage) -> int | None:
    """The stage whose response a message carries, if it is a response."""
    for number in (1, 2):
        if message.template == RESPONSE_TEMPLATE.format(number=number):
            return number
    return None


def message_html(*, complaint: Complaint, message: OutboundMessage) -> str:
    """Any message sent about a complaint, as HTML to read or print. A stage response is always
    shown as its letter; a letter or email as it was sent; a text message in a plain page."""
    number = response_stage_number(message)
    if number is not None:
        return letter_html(complaint=complaint, stage_number=number)
    if message.body_html:
        return message.body_html
    return render_to_string(
        "complaints/portal/message_copy.html",
        {
            "message": message,
            "large_print": message.format == "large_print",
            "easy_read": message.format == "easy_read",
        },
    )


def letter_pdf(html: str) -> bytes:
    """A letter's HTML as an A4 PDF. Letters carry their styles inline and load nothing."""
    # Imported here: WeasyPrint takes a second to load and only this needs it.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def _no_fetching(url: str, *args: object, **kwargs: object) -> NoReturn:
    # A letter never needs anything from outside; refusing keeps PDF rendering offline and
    # stops a crafted address in a letter from making the server fetch it.
    raise ValueError(f"Letters do not load external resources ({url}).")
