"""Outbound messages: every email, text message and letter sent to a resident or their
representative, as rendered, with its delivery status.

The record of *that* a message was sent is an event on the timeline; this row keeps *what* was
sent and whether it arrived. Its status may change after the fact (queued -> sent or failed),
which is why it is a row of its own and not part of the append-only timeline.
"""

from django.db import models

from homecase.common.models import BaseModel
from homecase.housing.models import ContactFormat
from homecase.notify import rules


class MessageChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


TRANSCRIPTION_NOTE = " (transcription needed)"


class OutboundMessage(BaseModel):
    case = models.ForeignKey(
        "records.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_messages",
    )
    resident = models.ForeignKey(
        "housing.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_messages",
    )
    representative = models.ForeignKey(
        "housing.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_messages",
    )
    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    format = models.CharField(
        max_length=12, choices=ContactFormat.choices, default=ContactFormat.STANDARD
    )
    language = models.CharField(
        max_length=40, default="English", help_text="The language the message was written in."
    )
    template = models.CharField(max_length=80)
    recipient = models.CharField(
        max_length=400, help_text="Email address, phone number or one-line postal address."
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    backend = models.CharField(max_length=300, help_text="The dotted path of the backend used.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values),
                name="notify_message_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=MessageChannel.values),
                name="notify_message_channel_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MessageStatus.SENT) | models.Q(sent_at__isnull=False),
                name="notify_message_sent_has_time",
            ),
            # Every message is recorded on a timeline: its case's, or else its resident's.
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(resident__isnull=False),
                name="notify_message_has_timeline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.recipient}: {self.subject}"

    @property
    def needs_transcription(self) -> bool:
        return rules.needs_transcription(channel=self.channel, message_format=self.format)

    @property
    def backend_path(self) -> str:
        """The importable dotted path, without the note that a person must transcribe it."""
        return self.backend.removesuffix(TRANSCRIPTION_NOTE)
