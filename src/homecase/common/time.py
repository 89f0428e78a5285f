"""The one place the application reads the time (tests freeze it with time-machine)."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment as an aware UTC datetime."""
    return timezone.now()
