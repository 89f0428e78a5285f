"""The working-day clock: pure-Python deadline arithmetic for Homecase.

Answers "when is this due?" and "how long did it take?" under the rules in RULES.md:
working days per UK nation (bank holidays plus landlord closures), day 0 and the closing
time, end-of-day deadlines in local time stored as UTC, and calendar-hour emergency clocks.

It imports no Django, does no I/O and never reads the current time, so every answer is a
function of its arguments and can be tested exhaustively.
"""

from homecase.clock.calendars import (
    CALENDAR_NAMES,
    DEFAULT_CALENDAR,
    WorkingCalendar,
    get_calendar,
)
from homecase.clock.deadlines import (
    DEFAULT_CLOSING_TIME,
    DEFAULT_TZ,
    END_OF_DAY,
    DeadlineBasis,
    day_zero,
    due_after_hours,
    due_within_working_days,
    end_of_local_day,
    working_days_taken,
)
from homecase.clock.errors import ClockError, NaiveDatetime, OutOfRange, UnknownCalendar

__all__ = [
    "CALENDAR_NAMES",
    "DEFAULT_CALENDAR",
    "DEFAULT_CLOSING_TIME",
    "DEFAULT_TZ",
    "END_OF_DAY",
    "ClockError",
    "DeadlineBasis",
    "NaiveDatetime",
    "OutOfRange",
    "UnknownCalendar",
    "WorkingCalendar",
    "day_zero",
    "due_after_hours",
    "due_within_working_days",
    "end_of_local_day",
    "get_calendar",
    "working_days_taken",
]
