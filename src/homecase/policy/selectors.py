"""The landlord's clock settings, read from settings and the database, handed to the pure clock."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from homecase.clock import DeadlineBasis, WorkingCalendar, end_of_local_day, get_calendar
from homecase.clock import due_after_hours as clock_due_after_hours
from homecase.clock import due_within_working_days as clock_due_within
from homecase.policy import asb as asb_policy_module
from homecase.policy import repairs as repairs_policy
from homecase.policy.complaints import ComplaintTimescales, parse_overrides, problems_with
from homecase.policy.models import ClosureDay


def closure_days() -> frozenset[date]:
    return frozenset(ClosureDay.objects.values_list("date", flat=True))


def working_calendar(name: str | None = None) -> WorkingCalendar:
    """The calendar for a nation (the landlord's default when None), with its closure days."""
    return get_calendar(name or settings.HOMECASE_CALENDAR, closures=closure_days())


def closing_time() -> time:
    return time.fromisoformat(settings.HOMECASE_CLOSING_TIME)


def landlord_time_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def due_within_working_days(
    received_at: datetime, working_days: int, *, calendar_name: str | None = None
) -> tuple[datetime, dict]:
    """The due moment for "within N working days of received_at", and what it was computed
    from (stored on the deadline so a later change of calendar never moves an old promise)."""
    calendar = working_calendar(calendar_name)
    zone, closing = landlord_time_zone(), closing_time()
    due_at = clock_due_within(received_at, working_days, calendar, tz=zone, closing_time=closing)
    basis = DeadlineBasis.for_working_days(working_days, calendar, tz=zone, closing_time=closing)
    return due_at, basis.as_dict()


def extended_due_at(
    due_at: datetime, working_days: int, *, calendar_name: str | None = None
) -> datetime:
    """A due moment pushed back by N working days: the end of the Nth working day after the
    day it fell due."""
    zone = landlord_time_zone()
    calendar = working_calendar(calendar_name)
    start = calendar.next_working_day_on_or_after(due_at.astimezone(zone).date())
    return end_of_local_day(calendar.add_working_days(start, working_days), tz=zone)


def complaint_timescales() -> ComplaintTimescales:
    """The landlord's complaint timescales; refuses any that are looser than the Code."""
    try:
        timescales = parse_overrides(settings.HOMECASE_COMPLAINT_TIMESCALES)
    except ValueError as error:
        raise ImproperlyConfigured(f"HOMECASE_COMPLAINT_TIMESCALES: {error}") from None
    if problems := problems_with(timescales):
        raise ImproperlyConfigured("HOMECASE_COMPLAINT_TIMESCALES: " + " ".join(problems))
    return timescales


def repair_policy() -> repairs_policy.RepairPolicy:
    """The landlord's repairs policy (catalogue, priorities, chase, recall and inspection
    settings), with any overrides from `HOMECASE_REPAIRS_POLICY`."""
    try:
        policy = repairs_policy.parse_overrides(settings.HOMECASE_REPAIRS_POLICY)
    except ValueError as error:
        raise ImproperlyConfigured(f"HOMECASE_REPAIRS_POLICY: {error}") from None
    if problems := repairs_policy.policy_problems(policy):
        raise ImproperlyConfigured("HOMECASE_REPAIRS_POLICY: " + " ".join(problems))
    return policy


def awaab_timescales() -> repairs_policy.AwaabTimescales:
    """Awaab's Law clocks: the statute's, which a landlord may only make stricter."""
    return repairs_policy.AWAAB_LAW


def due_after_hours(started_at: datetime, hours: int) -> tuple[datetime, dict]:
    """The due moment for "within N calendar hours" (emergencies), and its basis."""
    return clock_due_after_hours(started_at, hours), DeadlineBasis.for_hours(hours).as_dict()


def asb_policy() -> asb_policy_module.AsbPolicy:
    """The landlord's ASB policy (risk matrix, contact and review timescales, case-review
    threshold, reopening window), with any overrides from `HOMECASE_ASB_POLICY`."""
    try:
        policy = asb_policy_module.parse_overrides(settings.HOMECASE_ASB_POLICY)
    except ValueError as error:
        raise ImproperlyConfigured(f"HOMECASE_ASB_POLICY: {error}") from None
    if problems := asb_policy_module.policy_problems(policy):
        raise ImproperlyConfigured("HOMECASE_ASB_POLICY: " + " ".join(problems))
    return policy
