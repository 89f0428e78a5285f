"""Deadlines: from "received at" instants to "due at" instants.

Instants are aware datetimes (stored in UTC); the rules are about the landlord's local days,
so every calculation converts to local time (``Europe/London`` by default) first. A deadline
therefore never moves when the clocks change, and a naive datetime is refused with
:class:`NaiveDatetime` rather than assumed to be in some zone.

Conventions (see RULES.md):

* **Day 0** is the local day something is received. Received on a non-working day, or at or
  after the landlord's closing time (17:00 by default), it counts as received on the next
  working day, which is then day 0.
* **Within N working days** ends at the *end* of the N-th working day after day 0. "End of
  day" is local 23:59:59.999999 (:data:`END_OF_DAY`), inclusive: a deadline is met if the
  thing happens at or before ``due_at``.
* **Emergency clocks** (e.g. 24 hours) run in calendar hours, through nights, weekends and
  holidays, computed in UTC so a clock change neither adds nor removes an hour.

Pure Python: no Django, no I/O, and the current time is always passed in, never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from homecase.clock.calendars import WorkingCalendar
from homecase.clock.errors import ClockError, NaiveDatetime

DEFAULT_TZ = "Europe/London"
DEFAULT_CLOSING_TIME = time(17, 0)
END_OF_DAY = time.max  # 23:59:59.999999 local: the last instant that still meets a deadline

TzLike = tzinfo | str


def day_zero(
    received_at: datetime,
    calendar: WorkingCalendar,
    *,
    tz: TzLike = DEFAULT_TZ,
    closing_time: time = DEFAULT_CLOSING_TIME,
) -> date:
    """The local working day that counts as the day ``received_at`` happened (day 0)."""
    local = _aware(received_at, "received_at").astimezone(_zone(tz))
    day = local.date()
    if local.time() >= _closing(closing_time):
        day += timedelta(days=1)
    return calendar.next_working_day_on_or_after(day)


def due_within_working_days(
    received_at: datetime,
    n: int,
    calendar: WorkingCalendar,
    *,
    tz: TzLike = DEFAULT_TZ,
    closing_time: time = DEFAULT_CLOSING_TIME,
) -> datetime:
    """The aware UTC instant ending the ``n``-th working day after day 0 (local end of day).

    Met if the thing happens at or before the returned instant. ``n == 0`` means by the end
    of day 0 itself.
    """
    zone = _zone(tz)
    start = day_zero(received_at, calendar, tz=zone, closing_time=closing_time)
    return end_of_local_day(calendar.add_working_days(start, n), tz=zone)


def end_of_local_day(day: date, *, tz: TzLike = DEFAULT_TZ) -> datetime:
    """The last instant of a local day (:data:`END_OF_DAY`), as an aware UTC datetime."""
    return datetime.combine(day, END_OF_DAY, tzinfo=_zone(tz)).astimezone(UTC)


def due_after_hours(start: datetime, hours: int) -> datetime:
    """``start`` plus ``hours`` elapsed calendar hours, as an aware UTC datetime.

    Done in UTC because aware arithmetic in a local zone is wall-clock arithmetic: across
    a clock change it would give 23 or 25 real hours.
    """
    if hours < 0:
        raise ClockError("number of hours cannot be negative")
    return _aware(start, "start").astimezone(UTC) + timedelta(hours=hours)


def working_days_taken(
    received_at: datetime,
    done_at: datetime,
    calendar: WorkingCalendar,
    *,
    tz: TzLike = DEFAULT_TZ,
    closing_time: time = DEFAULT_CLOSING_TIME,
) -> int:
    """How many working days after day 0 the thing was done ("responded in 7 working days").

    Defined as the smallest ``n`` such that ``done_at <= due_within_working_days(
    received_at, n, ...)``, so "taken <= n" and "met an n-working-day deadline" always agree:
    done on day 0 (or before it, e.g. in the evening it arrived) is 0, and done on a
    non-working day counts as the next working day. ``done_at`` before ``received_at`` is
    refused as a data error.
    """
    zone = _zone(tz)
    if _aware(done_at, "done_at") < _aware(received_at, "received_at"):
        raise ClockError("done_at is before received_at")
    start = day_zero(received_at, calendar, tz=zone, closing_time=closing_time)
    done_day = calendar.next_working_day_on_or_after(done_at.astimezone(zone).date())
    return max(0, calendar.working_days_between(start, done_day))


@dataclass(frozen=True, slots=True)
class DeadlineBasis:
    """What a stored deadline was computed from, so it can be explained or recomputed later.

    ``kind`` is ``"working_days"`` or ``"hours"``; the calendar fields are ``None`` for an
    hours clock, which depends on nothing but elapsed time.
    """

    kind: str
    amount: int
    calendar: str | None = None
    closures_fingerprint: str | None = None
    holidays_version: str | None = None
    tz: str | None = None
    closing_time: time | None = None

    @classmethod
    def for_working_days(
        cls,
        n: int,
        calendar: WorkingCalendar,
        *,
        tz: TzLike = DEFAULT_TZ,
        closing_time: time = DEFAULT_CLOSING_TIME,
    ) -> DeadlineBasis:
        """The basis of ``due_within_working_days(..., n, calendar, tz=tz, ...)``."""
        return cls(
            kind="working_days",
            amount=n,
            calendar=calendar.name,
            closures_fingerprint=calendar.closures_fingerprint,
            holidays_version=calendar.holidays_version,
            tz=_zone_name(_zone(tz)),
            closing_time=_closing(closing_time),
        )

    @classmethod
    def for_hours(cls, hours: int) -> DeadlineBasis:
        """The basis of ``due_after_hours(..., hours)``."""
        return cls(kind="hours", amount=hours)

    @property
    def rule(self) -> str:
        """Human-readable rule, e.g. ``"5 working days"`` or ``"24 hours"``."""
        unit = "working day" if self.kind == "working_days" else "hour"
        return f"{self.amount} {unit}{'' if self.amount == 1 else 's'}"

    def as_dict(self) -> dict[str, str | int | None]:
        """A JSON-safe dict (e.g. for a JSONField next to the stored deadline)."""
        return {
            "rule": self.rule,
            "kind": self.kind,
            "amount": self.amount,
            "calendar": self.calendar,
            "closures_fingerprint": self.closures_fingerprint,
            "holidays_version": self.holidays_version,
            "tz": self.tz,
            "closing_time": None if self.closing_time is None else self.closing_time.isoformat(),
        }


def _aware(value: datetime, label: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{label} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetime(
            f"{label} is a naive datetime ({value.isoformat()}); "
            "pass an aware datetime, e.g. datetime(..., tzinfo=UTC)"
        )
    return value


def _zone(tz: TzLike) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ClockError(f"unknown time zone {tz!r}") from exc


def _zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


def _closing(closing_time: time) -> time:
    if not isinstance(closing_time, time) or closing_time.tzinfo is not None:
        raise ClockError("closing_time must be a naive local time, e.g. time(17, 0)")
    return closing_time
