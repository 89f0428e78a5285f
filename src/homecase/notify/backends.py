"""Delivery backends: each is a class with `send(message) -> None` that raises on failure.

Email goes through Django's mail (EMAIL_URL: the console in development, locmem in tests, SMTP
in production). Text messages and letters go to an outbox folder under DATA_DIR by default, one
file per message named by its id, so that a print house or SMS gateway adapter can replace them
later by naming another class in HOMECASE_SMS_BACKEND or HOMECASE_LETTER_BACKEND.
"""

from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from homecase.notify.models import OutboundMessage

EMAIL_BACKEND = "homecase.notify.backends.DjangoEmail"


class Backend(Protocol):
    def send(self, message: OutboundMessage) -> None: ...


class DjangoEmail:
    def send(self, message: OutboundMessage) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        email.send(fail_silently=False)


def outbox_folder(kind: str) -> Path:
    """Read at send time, never at import, so that tests and deployments can move it."""
    folder = Path(settings.DATA_DIR) / "outbox" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class OutboxSms:
    def send(self, message: OutboundMessage) -> None:
        path = outbox_folder("sms") / f"{message.pk}.txt"
        path.write_text(f"To: {message.recipient}\n\n{message.body}\n", encoding="utf-8")


class OutboxLetter:
    """Letters for the print house; braille and audio ones in a `transcription` folder of
    their own, because a person must produce them before they can be posted."""

    def send(self, message: OutboundMessage) -> None:
        folder = outbox_folder("letters")
        if message.needs_transcription:
            folder = folder / "transcription" / message.format
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{message.pk}.html").write_text(message.body_html, encoding="utf-8")
