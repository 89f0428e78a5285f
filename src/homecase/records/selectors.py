"""Reads of the record: timelines as a resident or an officer may see them, deadlines due."""

from datetime import datetime

from django.db.models import QuerySet

from homecase.records.models import Case, Deadline, DeadlineStatus, Event, Visibility


def case_by_reference(reference: str) -> Case | None:
    return (
        Case.objects.select_related("home", "resident", "timeline")
        .filter(reference=reference.strip().upper())
        .first()
    )


def timeline_for_staff(*, case: Case) -> QuerySet[Event]:
    return case.timeline.events.exclude(visibility=Visibility.INTERNAL).select_related("actor")


def timeline_for_resident(*, case: Case) -> QuerySet[Event]:
    return case.timeline.events.filter(visibility=Visibility.RESIDENT)


def deadlines_overdue(*, at: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.filter(status=DeadlineStatus.OPEN, due_at__lt=at)
