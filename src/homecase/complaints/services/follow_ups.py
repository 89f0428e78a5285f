"""After the sweep: every missed complaint promise gets an apology to the resident with a new
date (a new deadline for the same duty), once. Run by `homecase sweep` through the app's
`after_sweep` hook, so records never needs to know about complaints."""

from datetime import datetime

from django.db import transaction

from homecase.common.time import now
from homecase.complaints.models import Complaint, ComplaintStatus, MissedPromise
from homecase.complaints.services import _common
from homecase.policy import selectors as policy
from homecase.records.models import Deadline, DeadlineStatus

_FOLLOWED_UP_DUTIES = (*_common.ACKNOWLEDGE.values(), *_common.RESPOND.values())
_STILL_OWED = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.STAGE_1,
    ComplaintStatus.STAGE_2_REQUESTED,
    ComplaintStatus.STAGE_2,
)


def missed_promises_follow_up(*, at: datetime | None = None, batch_size: int = 200) -> int:
    """Apologise, with a new date, for each missed complaint deadline not yet followed up."""
    at = at or now()
    total = 0
    while done := _follow_up_batch(at=at, batch_size=batch_size):
        total += done
    return total


@transaction.atomic
def _follow_up_batch(*, at: datetime, batch_size: int) -> int:
    missed = list(
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=DeadlineStatus.MISSED,
            duty__in=_FOLLOWED_UP_DUTIES,
            # Only while the complaint is open: none is owed on a withdrawn or refused one.
            case__complaint__status__in=_STILL_OWED,
            missed_promise__isnull=True,
        )
        .select_related("case")
        .order_by("pk")[:batch_size]
    )
    for deadline in missed:
        _apologise(deadline, at=at)
    return len(missed)


def _apologise(deadline: Deadline, *, at: datetime) -> None:
    complaint = _common.locked(Complaint.objects.get(case_id=deadline.case_id))
    new_deadline = _common.promise(
        complaint,
        duty=deadline.duty,
        label=deadline.label,
        started_at=at,
        working_days=policy.complaint_timescales().new_date_after_miss_days,
        actor=None,
        extension_limit=max(
            deadline.extension_limit_working_days - deadline.extended_working_days, 0
        ),
    )
    MissedPromise.objects.create(deadline=deadline, new_deadline=new_deadline)
    _common.event(
        complaint,
        kind="complaint.apology",
        summary=f"We are sorry: we did not {deadline.label[0].lower()}{deadline.label[1:]} by "
        f"{_common.local_date(deadline.due_at)}. We will now do it by "
        f"{_common.local_date(new_deadline.due_at)}.",
        actor=None,
        data={"deadline_id": deadline.pk, "new_deadline_id": new_deadline.pk},
    )
    _common.tell(
        complaint,
        template="deadline_missed",
        context={
            "due": _common.local_date(deadline.due_at),
            "label": deadline.label.lower(),
            "what_next": f"We will now do this by {_common.local_date(new_deadline.due_at)}.",
        },
        actor=None,
    )
