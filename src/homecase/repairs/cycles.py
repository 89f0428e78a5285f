"""Cyclical work: when a component is next due, and whether it is overdue or due soon. Pure: no
Django, no database.

A component done on 29 February with a cycle of whole years falls due on 28 February in a year
that has no 29 February (the cycle is never stretched into March). A component with no known
last-done date is due now: nobody can show it has been done, so the programme should look at it.
"""

from datetime import date

OVERDUE = "overdue"
DUE_SOON = "due_soon"
LATER = "later"

STATUS_LABELS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", LATER: "Not yet due"}


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def next_due_on(last_done_on: date | None, cycle_years: int, *, today: date) -> date:
    """When the work is next due: one cycle after it was last done, or today if never known."""
    if cycle_years < 1:
        raise ValueError("A cycle is at least one year.")
    if last_done_on is None:
        return today
    return add_years(last_done_on, cycle_years)


def horizon(today: date, within_years: int) -> date:
    """The last day that counts as "due soon" when looking `within_years` ahead."""
    return add_years(today, within_years)


def due_status(next_due: date, *, today: date, within_years: int = 1) -> str:
    """OVERDUE if the due date has passed, DUE_SOON if it falls within `within_years` from
    today (today itself included), else LATER."""
    if next_due < today:
        return OVERDUE
    if next_due <= horizon(today, within_years):
        return DUE_SOON
    return LATER
