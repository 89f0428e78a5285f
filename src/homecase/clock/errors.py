"""Errors raised by the working-day clock.

Every error is a ``ValueError`` (via :class:`ClockError`) so callers that validate user or
configuration input can catch one family, while tests and services can still tell the
specific failure apart.
"""

from __future__ import annotations


class ClockError(ValueError):
    """Base class for every error the clock raises on bad input."""


class UnknownCalendar(ClockError):
    """The calendar name is not one of the nations the clock knows about."""


class OutOfRange(ClockError):
    """A date falls outside the precomputed working-day table.

    Raised instead of guessing, because a silently wrong deadline is worse than a loud one.
    """


class NaiveDatetime(ClockError):
    """A datetime without a time zone was given where an aware one is required.

    Deadlines are stored in UTC and reasoned about in local time; a naive value is ambiguous,
    so it is refused rather than assumed to be in some zone.
    """
