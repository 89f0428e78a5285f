"""Pure decisions about repairs: the statuses a job moves through and which moves are allowed.
No Django: the services ask, and turn a refusal into a `Conflict`."""

import hashlib
from datetime import datetime, timedelta

REPORTED = "reported"
TRIAGED = "triaged"
IN_PROGRESS = "in_progress"
PAUSED = "paused"
PLANNED = "planned"
COMPLETED = "completed"
CLOSED = "closed"
CANCELLED = "cancelled"

OPEN_STATUSES = frozenset({REPORTED, TRIAGED, IN_PROGRESS, PAUSED, PLANNED, COMPLETED})

# A recall (the same fault within the recall window) and a failed inspection reopen a closed
# or completed job under the same reference: closed -> in_progress is deliberate.
TRANSITIONS: dict[str, frozenset[str]] = {
    REPORTED: frozenset({TRIAGED, CANCELLED}),
    TRIAGED: frozenset({IN_PROGRESS, PAUSED, PLANNED, COMPLETED, CANCELLED}),
    IN_PROGRESS: frozenset({TRIAGED, PAUSED, PLANNED, COMPLETED, CANCELLED}),
    PAUSED: frozenset({IN_PROGRESS, TRIAGED, PLANNED, CANCELLED}),
    PLANNED: frozenset({IN_PROGRESS, TRIAGED, COMPLETED, CANCELLED}),
    COMPLETED: frozenset({CLOSED, IN_PROGRESS}),
    CLOSED: frozenset({IN_PROGRESS}),
    CANCELLED: frozenset(),
}


class TransitionRefused(Exception):
    """The move is not allowed from the job's current status."""


_WORDS = {
    REPORTED: "reported",
    TRIAGED: "triaged",
    IN_PROGRESS: "in progress",
    PAUSED: "waiting for access",
    PLANNED: "with a planned programme",
    COMPLETED: "completed",
    CLOSED: "closed",
    CANCELLED: "cancelled",
}


def ensure_transition(old: str, new: str) -> None:
    if new not in TRANSITIONS.get(old, frozenset()):
        raise TransitionRefused(
            f"This repair is {_WORDS.get(old, old)}, so it cannot be made {_WORDS.get(new, new)}."
        )


def interim_measures_owed(
    *,
    safety: bool,
    interim_recorded: bool,
    reported_at: datetime,
    waiting_until: datetime,
    hours: int,
) -> bool:
    """Whether a job would wait beyond the interim-measures window with none recorded: only
    safety jobs, and only once interim measures are not yet on the record."""
    if not safety or interim_recorded:
        return False
    return waits_beyond_interim(reported_at=reported_at, waiting_until=waiting_until, hours=hours)


def waits_beyond_interim(*, reported_at: datetime, waiting_until: datetime, hours: int) -> bool:
    """Whether waiting until `waiting_until` goes beyond `hours` after the report."""
    return waiting_until > reported_at + timedelta(hours=hours)


def is_recall(
    *, completed_at: datetime | None, status: str, reported_at: datetime, recall_days: int
) -> bool:
    """Whether a new report of the same fault at the same place is a recall of a finished job:
    it was completed (or closed) no more than `recall_days` calendar days before the report."""
    if status not in (COMPLETED, CLOSED) or completed_at is None:
        return False
    return completed_at <= reported_at <= completed_at + timedelta(days=recall_days)


def inspection_sampled(reference: str, percent: int) -> bool:
    """Whether a job falls in the post-inspection sample: a stable hash of its reference (the
    same answer every time, on every machine) lands within the policy's share."""
    if percent <= 0:
        return False
    if percent >= 100:
        return True
    bucket = int(hashlib.sha256(reference.encode()).hexdigest()[:8], 16) % 100
    return bucket < percent


def responsible_for(*, route: str, trade: str) -> str:
    """Who has a job that has no responsive timescale, in words the resident understands."""
    if route == "planned":
        return "Our planned investment team"
    return f"Our {trade} specialist contractor"


_SETTLED = {
    COMPLETED: "The work is recorded as done: please tell us whether it is.",
    CLOSED: "This repair is finished and closed.",
    CANCELLED: "This repair is cancelled.",
}


def promise_words(
    *,
    route: str,
    status: str = "",
    complete_by: str = "",
    responsible: str = "",
    update_by: str = "",
    update_every_working_days: int = 0,
) -> str:
    """The honest promise: a completion date only where policy gives a responsive timescale;
    otherwise who has the job and when the resident will next hear (never a made-up date)."""
    if status in _SETTLED:
        return _SETTLED[status]
    if status == PAUSED:
        return (
            "The clock on this repair is paused until you tell us when we can come in. "
            "The time left starts again from then."
        )
    if route == "responsive":
        if complete_by:
            return f"We will complete the repair by {complete_by}."
        return "We will tell you the date for the work as soon as we have it."
    opening = (
        "This work is done through a planned programme, not as an everyday repair"
        if route == "planned"
        else "This is a specialist job, not an everyday repair"
    )
    words = (
        f"{opening}, so we cannot give you a completion date yet. "
        f"{responsible or 'Our repairs team'} has the job."
    )
    if update_by:
        words += f" We will update you by {update_by}"
        if update_every_working_days:
            words += f", and at least every {update_every_working_days} working days after that"
        words += "."
    return words
