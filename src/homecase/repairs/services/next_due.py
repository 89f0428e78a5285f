"""The job's `next_due_at`: the soonest promise still owed that the repairs queue orders by.

Any service that opens, keeps, cancels or moves a deadline of a repair calls
`refresh_next_due(repair)` before it returns, so that the queue reads one indexed column
(`repairs_status_next_due`) instead of a subquery over every deadline at a million jobs."""

from homecase.records.models import Deadline, DeadlineStatus
from homecase.repairs.models import Repair

# The promises that decide where a job sits in the queue: the completion target for a
# responsive job; where there is none (specialist, planned, paused), the next update and the
# interim measures owed on a safety job. Chase replies and Awaab's Law clocks count too: a job
# owing any of them must come up when that falls due.
QUEUE_DUTIES = (
    "repair.complete",
    "repair.update",
    "repair.interim_measures",
    "repair.chase_reply",
    "repair.inspect",
    "awaab.emergency",
    "awaab.investigate",
    "awaab.summary",
    "awaab.safety_works",
    "awaab.further_works",
)


def refresh_next_due(repair: Repair) -> Repair:
    """Recompute and save `repair.next_due_at` from its owed deadlines (None when none)."""
    soonest = (
        Deadline.objects.filter(
            case_id=repair.case_id,
            duty__in=QUEUE_DUTIES,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        )
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    if soonest != repair.next_due_at:
        repair.next_due_at = soonest
        Repair.objects.filter(pk=repair.pk).update(next_due_at=soonest)
    return repair
