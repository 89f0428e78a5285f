"""The one place the application reads the time (tests freeze it with time-machine)."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment as an aware UTC datetime."""
    return timezone.now()


def local_date(value: datetime) -> str:
    """ "3 June 2026": a moment's date in the landlord's time zone, as residents read it."""
    return timezone.localtime(value).strftime("%-d %B %Y")


def local_moment(value: datetime) -> str:
    """ "3 June 2026 at 10:15" in the landlord's time zone."""
    return timezone.localtime(value).strftime("%-d %B %Y at %H:%M")
