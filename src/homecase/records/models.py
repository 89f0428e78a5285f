"""Cases, timelines, events and deadlines (ARCHITECTURE.md, the three ideas).

A `Timeline` is one hash-chained stream of `Event`s: every case has one, and so does every
resident (changes to their details and consents are recorded too). Events are append-only: the
model refuses to be saved twice or deleted, and `homecase verify-records` detects any change made
behind its back.
"""

from django.conf import settings
from django.db import models

from homecase.common.models import BaseModel


class ImmutableRecord(Exception):
    """Raised on any attempt to change or delete an event."""


class CaseKind(models.TextChoices):
    REPAIR = "repair", "Repair"
    COMPLAINT = "complaint", "Complaint"
    ASB = "asb", "Anti-social behaviour"


REFERENCE_PREFIXES = {CaseKind.REPAIR: "R", CaseKind.COMPLAINT: "C", CaseKind.ASB: "A"}


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PORTAL = "portal", "Online (portal)"
    IN_PERSON = "in_person", "In person"
    LIVE_CHAT = "live_chat", "Live chat"
    SOCIAL_MEDIA = "social_media", "Social media"
    SMS = "sms", "Text message"
    VISIT = "visit", "Visit"
    SYSTEM = "system", "Homecase (automatic)"


class Visibility(models.TextChoices):
    RESIDENT = "resident", "Resident can see"
    STAFF = "staff", "Staff only"
    INTERNAL = "internal", "Internal (restricted)"


class ReferenceSequence(models.Model):
    """The last number given out per prefix and year: `R-2026-004211` is repair 4,211 of 2026."""

    prefix = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="records_refseq_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class Timeline(models.Model):
    """One hash-chained stream of events. `length` and `head_hash` anchor its end, so that
    removing the newest event is detected as surely as changing an old one."""

    subject = models.CharField(max_length=120)
    length = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.subject


class Case(BaseModel):
    """A repair, complaint or ASB matter: one reference for life, whatever hangs under it."""

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    title = models.CharField(max_length=200)
    timeline = models.OneToOneField(Timeline, on_delete=models.PROTECT, related_name="case")
    home = models.ForeignKey(
        "housing.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    communal_area = models.ForeignKey(
        "housing.CommunalArea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    resident = models.ForeignKey(
        "housing.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CaseKind.values), name="records_case_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecord("Events are append-only: they cannot be updated.")

    def delete(self):
        raise ImmutableRecord("Events are append-only: they cannot be deleted.")


class Event(models.Model):
    """Something that happened on a timeline: a contact, decision, letter, visit or change."""

    timeline = models.ForeignKey(Timeline, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    backdate_reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    kind = models.CharField(max_length=64)
    summary = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["timeline", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["timeline", "sequence"], name="records_event_seq"),
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="records_event_visibility_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.timeline_id}#{self.sequence} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord("Events are append-only: an event cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("Events are append-only: an event cannot be deleted.")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    MET_LATE = "met_late", "Met late"
    CANCELLED = "cancelled", "No longer needed"


class Deadline(BaseModel):
    """A promise with a clock: what is owed (`duty`), by when (`due_at`), and what happened.

    `basis` records what the due moment was computed from (calendar, closures, rule), so that a
    later change to the calendar never silently moves an old promise. Extensions keep the
    original due moment and say why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    duty = models.CharField(max_length=80)
    label = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    original_due_at = models.DateTimeField()
    basis = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    extension_limit_working_days = models.PositiveSmallIntegerField(default=0)
    extended_working_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    visible_to_resident = models.BooleanField(default=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="records_deadline_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeadlineStatus.values),
                name="records_deadline_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(due_at__gte=models.F("original_due_at")),
                name="records_deadline_never_earlier_than_promised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (due {self.due_at:%Y-%m-%d %H:%M})"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # Named by content hash, never by what the uploader called it.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    """A file (a photo of the fault, a visit photo) on a case, named by its SHA-256 so that
    the event that mentions it can prove which file it was. Never changed or deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    extension = models.CharField(max_length=8)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(max_length=200, blank=True)
    visible_to_resident = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.original_name}"
