"""Chasing: every chase is logged on the job with a reply deadline. From the policy's
`chases_before_escalation`-th chase on, the job goes to a manager and the resident is offered a
complaint (the complaints service's dissatisfaction offer), linked on the chase."""

from datetime import datetime

from django.db import transaction

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import Role, User
from homecase.common.errors import Conflict, InvalidInput, NotFound
from homecase.common.time import now
from homecase.complaints.services import contact_record
from homecase.records import services as records
from homecase.records.models import Channel, DeadlineStatus, Visibility
from homecase.repairs import access, rules
from homecase.repairs.models import Chase, Repair
from homecase.repairs.services import _common
from homecase.repairs.services.next_due import refresh_next_due


def _manager() -> User | None:
    """The manager a chased job goes to: the first active user with the manager role."""
    return User.objects.filter(is_active=True, groups__name=Role.MANAGER).order_by("pk").first()


@transaction.atomic
def chase_record(
    *,
    repair: Repair,
    actor: User | None,
    channel: str,
    summary: str,
    occurred_at: datetime | None = None,
    backdate_reason: str = "",
) -> Chase:
    """Log a chase (by the resident in the portal, or taken by staff) with a reply deadline;
    from the policy's escalation point on, escalate to a manager and offer a complaint."""
    if (
        actor is not None
        and not is_staff_member(actor)
        and not access.can_see_repair(actor, repair)
    ):
        raise NotFound("We could not find that repair.")
    summary = summary.strip()
    if not summary:
        raise InvalidInput("Say what the chase was about.", field="summary")
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the chase reached us.", field="channel")
    occurred_at = _common.moment(occurred_at, field="occurred_at")
    repair = _common.locked(repair)
    if repair.status not in rules.OPEN_STATUSES:
        raise Conflict("This repair is closed: report the problem again instead.")
    policy = _common.repairs_policy()
    chased_at = occurred_at or now()
    number = repair.chases.count() + 1
    _common.event(
        repair,
        kind="repair.chased",
        summary=f"Chase {number}: {summary}",
        actor=actor,
        channel=channel,
        data={"number": number, "summary": summary},
        occurred_at=occurred_at,
        backdate_reason=backdate_reason,
        visibility=Visibility.RESIDENT,
    )
    deadline = _common.promise_working_days(
        repair,
        duty=_common.CHASE_REPLY,
        started_at=chased_at,
        working_days=policy.chase_reply_working_days,
        actor=actor,
    )
    chase = Chase.objects.create(
        repair=repair,
        number=number,
        chased_at=chased_at,
        channel=channel,
        summary=summary,
        reply_deadline=deadline,
    )
    if number >= policy.chases_before_escalation:
        _escalate(chase, repair=repair, actor=actor, occurred_at=occurred_at)
    _common.tell(
        repair,
        template="repair_chase_received",
        context={
            "number": number,
            "summary": summary,
            "reply_by": _common.local_date(deadline.due_at),
            "escalated": chase.escalated_to_id is not None or chase.complaint_offer_id is not None,
        },
        actor=actor,
    )
    refresh_next_due(repair)
    return chase


def _escalate(
    chase: Chase, *, repair: Repair, actor: User | None, occurred_at: datetime | None
) -> None:
    """The job goes to a manager, and chasing again is dissatisfaction: offer a complaint."""
    manager = _manager()
    chase.escalated_to = manager
    _, offer = contact_record(
        case=repair.case,
        actor=actor,
        channel=chase.channel,
        summary=f"Chase {chase.number} on this repair: {chase.summary}",
        dissatisfied=True,
        occurred_at=occurred_at,
        backdate_reason="The chase was recorded with an earlier time" if occurred_at else "",
    )
    chase.complaint_offer = offer
    chase.save(update_fields=["escalated_to", "complaint_offer", "updated_at"])
    who = (manager.get_full_name() or manager.username) if manager is not None else "a manager"
    _common.event(
        repair,
        kind="repair.chase_escalated",
        summary=f"Chased {chase.number} times: escalated to {who}, and the resident is to be "
        "offered the choice to make a complaint.",
        actor=None,
        data={
            "chase": chase.number,
            "escalated_to": manager.pk if manager is not None else None,
            "complaint_offer": offer.pk if offer is not None else None,
        },
        visibility=Visibility.STAFF,
    )


@transaction.atomic
def chase_reply(*, chase: Chase, actor: User | None, summary: str, channel: str) -> Chase:
    """Staff reply to a chase: keeps its reply deadline (late if after it)."""
    _common.ensure_staff(actor)
    summary = summary.strip()
    if not summary:
        raise InvalidInput("Say what the reply told the resident.", field="summary")
    if channel not in Channel.values:
        raise InvalidInput("Say how the reply was given.", field="channel")
    chase = Chase.objects.select_for_update(of=("self",)).get(pk=chase.pk)
    if chase.replied_at is not None:
        raise Conflict("This chase has already been replied to.")
    repair = _common.locked(chase.repair)
    at = now()
    deadline = chase.reply_deadline
    if deadline is not None and deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        records.deadline_meet(deadline=deadline, actor=actor, met_at=at)
    chase.replied_at = at
    chase.save(update_fields=["replied_at", "updated_at"])
    _common.event(
        repair,
        kind="repair.chase_replied",
        summary=f"Reply to chase {chase.number}: {summary}",
        actor=actor,
        channel=channel,
        data={"chase": chase.number, "summary": summary},
        visibility=Visibility.RESIDENT,
    )
    refresh_next_due(repair)
    return chase
