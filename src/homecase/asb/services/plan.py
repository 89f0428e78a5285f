"""The action plan and keeping in touch: actions with an owner (an ASB officer or a partner
organisation) and an agreed date, each a promise; their completion, cancellation and partners'
responses; the contact interval agreed with the victim and each contact, which keeps the
first-contact and contact promises and opens the next one."""

from datetime import date, datetime

from django.db import transaction

from homecase.accounts.access import has_role
from homecase.accounts.models import User
from homecase.asb import rules
from homecase.asb.models import ActionKind, ActionStatus, AsbAction, AsbCase, Partner
from homecase.asb.services import _common
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.models import Channel, DeadlineStatus, Event, Visibility

# Actions that hand something to a partner: recorded as a referral on the timeline.
REFERRAL_KINDS = frozenset(
    {ActionKind.PARTNER_REFERRAL, ActionKind.PATROLS, ActionKind.POLICE_REPORT}
)
MAX_CONTACT_INTERVAL = 60  # working days: about three months between contacts at most
_LABEL_WORDS = 60  # characters of the description carried into the promise's label


def _text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def _who(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _today() -> date:
    return now().astimezone(policy.landlord_time_zone()).date()


def _ensure_open(asb: AsbCase) -> None:
    if asb.status != rules.OPEN:
        raise Conflict(
            f"This case is {asb.get_status_display().lower()}: reopen it first.", field="status"
        )


def _checked_owner(owner: User | None, partner: Partner | None) -> None:
    if owner is None and partner is None:
        raise InvalidInput(
            "Say who will do this: an officer or a partner organisation.", field="owner"
        )
    if owner is None:
        return
    works_asb = owner.is_superuser or has_role(owner, *_common.ASB_ROLES)
    if not owner.is_active or not works_asb:
        raise InvalidInput(
            f"{_who(owner)} does not work ASB cases: choose an ASB officer or a partner.",
            field="owner",
        )


def _checked_due_on(due_on: date | None) -> date:
    if due_on is None:
        raise InvalidInput("Give the date this will be done by.", field="due_on")
    if due_on < _today():
        raise InvalidInput("The date cannot be in the past.", field="due_on")
    return due_on


def _label(kind: str, description: str) -> str:
    short = description if len(description) <= _LABEL_WORDS else description[:_LABEL_WORDS] + "…"
    return f"{ActionKind(kind).label}: {short}"[:200]


def _locked_action(action: AsbAction) -> AsbAction:
    return (
        AsbAction.objects.select_for_update(of=("self",))
        .select_related("deadline", "partner", "owner")
        .get(pk=action.pk)
    )


def _ensure_action_open(action: AsbAction) -> None:
    if action.status != ActionStatus.OPEN:
        raise Conflict(f"This action is already {action.get_status_display().lower()}.")


@transaction.atomic
def action_add(
    *,
    asb: AsbCase,
    actor: User | None,
    kind: str,
    description: str,
    due_on: date | None,
    owner: User | None = None,
    partner: Partner | None = None,
    agreed_with_victim: bool = False,
    victim_consent: bool = False,
) -> AsbAction:
    """Add a step to the action plan with its owner and date (a promise). One agreed with the
    victim keeps the action-plan promise and is told to the reporter."""
    _common.ensure_asb_officer(actor)
    if kind not in ActionKind.values:
        raise InvalidInput("Choose what kind of action this is.", field="kind")
    description = _text(description, field="description", message="Say what will be done.")
    _checked_owner(owner, partner)
    due_on = _checked_due_on(due_on)
    if kind == ActionKind.POLICE_REPORT and not victim_consent:
        raise InvalidInput(
            "Report to the police on the victim's behalf only with their consent: record that "
            "they agreed.",
            field="victim_consent",
        )
    asb = _common.locked(asb)
    _ensure_open(asb)
    deadline = _common.promise_by_date(
        asb,
        duty=_common.ACTION,
        due_on=due_on,
        actor=actor,
        label=_label(kind, description),
        visible_to_resident=agreed_with_victim,
    )
    action = AsbAction.objects.create(
        asb=asb,
        kind=kind,
        description=description,
        owner=owner,
        partner=partner,
        due_on=due_on,
        deadline=deadline,
        agreed_with_victim=agreed_with_victim,
        victim_consent=victim_consent,
        created_by=actor,
    )
    _action_added_events(asb, action=action, actor=actor)
    if agreed_with_victim:
        _plan_agreed(asb, action=action, actor=actor)
    return action


def _action_added_events(asb: AsbCase, *, action: AsbAction, actor: User | None) -> None:
    owner = _who(action.owner) if action.owner is not None else action.partner.name
    _common.event(
        asb,
        kind="asb.action_added",
        summary=f"Action added: {action.get_kind_display()} by {action.due_on:%-d %B %Y}, "
        f"owner {owner}{' (agreed with the victim)' if action.agreed_with_victim else ''}. "
        f"{action.description}",
        actor=actor,
        data={
            "action_id": action.pk,
            "kind": action.kind,
            "due_on": action.due_on.isoformat(),
            "owner_id": action.owner_id,
            "partner_id": action.partner_id,
            "agreed_with_victim": action.agreed_with_victim,
            "victim_consent": action.victim_consent,
        },
    )
    if action.partner is not None and action.kind in REFERRAL_KINDS:
        _common.event(
            asb,
            kind="asb.partner_referred",
            summary=f"Referred to {action.partner.name} "
            f"({action.partner.get_kind_display()}): {action.get_kind_display()}",
            actor=actor,
            data={"action_id": action.pk, "partner_id": action.partner_id, "kind": action.kind},
        )


def _plan_agreed(asb: AsbCase, *, action: AsbAction, actor: User | None) -> None:
    """The victim agreed an action: the action plan exists, so its promise is kept."""
    _common.keep(asb, _common.ACTION_PLAN, actor=actor, at=now())
    _common.tell(
        asb,
        template="asb_action_agreed",
        context={
            "action": action.get_kind_display(),
            "due_on": f"{action.due_on:%-d %B %Y}",
            "by_partner": action.owner is None,
        },
        actor=actor,
    )


@transaction.atomic
def action_complete(*, action: AsbAction, actor: User | None, outcome: str) -> AsbAction:
    """The action was done: what came of it, and its promise kept (late if after the date)."""
    _common.ensure_asb_officer(actor)
    outcome = _text(outcome, field="outcome", message="Say what came of this action.")
    action = _locked_action(action)
    _ensure_action_open(action)
    asb = _common.locked(action.asb)
    at = now()
    deadline = action.deadline
    if deadline is not None and deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        records.deadline_meet(deadline=deadline, actor=actor, met_at=at)
    action.status = ActionStatus.DONE
    action.outcome = outcome
    action.done_at = at
    action.save(update_fields=["status", "outcome", "done_at", "updated_at"])
    _common.refresh_next_due(asb)
    _common.event(
        asb,
        kind="asb.action_done",
        summary=f"Action done: {action.get_kind_display()}. {outcome}",
        actor=actor,
        data={"action_id": action.pk, "kind": action.kind, "outcome": outcome},
    )
    if action.agreed_with_victim:
        _common.tell(
            asb,
            template="asb_action_done",
            context={"action": action.get_kind_display()},
            actor=actor,
        )
    return action


@transaction.atomic
def action_cancel(*, action: AsbAction, actor: User | None, reason: str) -> AsbAction:
    """The action is no longer needed: the reason is recorded and its promise cancelled."""
    _common.ensure_asb_officer(actor)
    reason = _text(reason, field="reason", message="Give the reason this action is cancelled.")
    action = _locked_action(action)
    _ensure_action_open(action)
    asb = _common.locked(action.asb)
    deadline = action.deadline
    if deadline is not None and deadline.status == DeadlineStatus.OPEN:
        records.deadline_cancel(deadline=deadline, actor=actor, reason=reason)
    action.status = ActionStatus.CANCELLED
    action.outcome = reason
    action.save(update_fields=["status", "outcome", "updated_at"])
    _common.refresh_next_due(asb)
    _common.event(
        asb,
        kind="asb.action_cancelled",
        summary=f"Action cancelled: {action.get_kind_display()}. Reason: {reason}",
        actor=actor,
        data={"action_id": action.pk, "kind": action.kind, "reason": reason},
    )
    return action


@transaction.atomic
def partner_response_record(*, action: AsbAction, actor: User | None, response: str) -> AsbAction:
    """What a partner told us about a referral (a later response is added, never overwriting
    the earlier one)."""
    _common.ensure_asb_officer(actor)
    if action.partner_id is None:
        raise InvalidInput("This action has no partner organisation.", field="partner")
    response = _text(response, field="response", message="Say what the partner told us.")
    action = _locked_action(action)
    asb = _common.locked(action.asb)
    at = now()
    earlier = action.partner_response
    dated = f"{_common.local_moment(at)}: {response}"
    action.partner_response = f"{earlier}\n\n{dated}" if earlier else dated
    action.partner_responded_at = at
    action.save(update_fields=["partner_response", "partner_responded_at", "updated_at"])
    _common.event(
        asb,
        kind="asb.partner_responded",
        summary=f"{action.partner.name} responded about {action.get_kind_display().lower()}: "
        f"{response}",
        actor=actor,
        data={"action_id": action.pk, "partner_id": action.partner_id, "response": response},
    )
    return action


@transaction.atomic
def contact_interval_agree(*, asb: AsbCase, actor: User | None, working_days: int) -> AsbCase:
    """The victim agreed how often we keep in touch: the open contact promise is replaced by
    one that interval from now."""
    _common.ensure_asb_officer(actor)
    if (
        isinstance(working_days, bool)
        or not isinstance(working_days, int)
        or not 1 <= working_days <= MAX_CONTACT_INTERVAL
    ):
        raise InvalidInput(
            f"Agree a contact interval of 1 to {MAX_CONTACT_INTERVAL} working days.",
            field="working_days",
        )
    asb = _common.locked(asb)
    _ensure_open(asb)
    old = asb.contact_interval_working_days
    asb.contact_interval_working_days = working_days
    asb.save(update_fields=["contact_interval_working_days", "updated_at"])
    _common.cancel_unkept(
        asb,
        _common.CONTACT,
        actor=actor,
        reason=f"A new contact interval was agreed: every {working_days} working days",
    )
    deadline = _common.promise_working_days(
        asb, duty=_common.CONTACT, started_at=now(), working_days=working_days, actor=actor
    )
    _common.event(
        asb,
        kind="asb.contact_interval_agreed",
        summary=f"We agreed to keep in touch at least every {working_days} working days.",
        actor=actor,
        data={"old": old, "new": working_days, "deadline_id": deadline.pk},
        visibility=Visibility.RESIDENT,
    )
    _common.tell(
        asb,
        template="asb_contact_agreed",
        context={"working_days": working_days, "next_contact": _common.local_date(deadline.due_at)},
        actor=actor,
    )
    return asb


def _contact_interval(asb: AsbCase) -> int:
    return asb.contact_interval_working_days or _common.asb_policy().contact_interval_working_days


@transaction.atomic
def contact_record(
    *,
    asb: AsbCase,
    actor: User | None,
    channel: str,
    summary: str,
    with_victim: bool = True,
    occurred_at: datetime | None = None,
    backdate_reason: str = "",
) -> Event:
    """A contact about the case. Contact with the victim keeps the first-contact and contact
    promises and opens the next contact after the agreed interval (the policy's by default)."""
    _common.ensure_asb_officer(actor)
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the contact was made.", field="channel")
    summary = _text(summary, field="summary", message="Say what was discussed.")
    occurred_at = _common.moment(occurred_at, field="occurred_at")
    asb = _common.locked(asb)
    _ensure_open(asb)
    at = occurred_at or now()
    contact = _common.event(
        asb,
        kind="asb.contact",
        summary=f"{'Kept in touch' if with_victim else 'Contact'} "
        f"({Channel(channel).label.lower()}): {summary}",
        actor=actor,
        channel=channel,
        data={"summary": summary, "with_victim": with_victim},
        visibility=Visibility.RESIDENT if with_victim else Visibility.STAFF,
        occurred_at=occurred_at,
        backdate_reason=backdate_reason,
    )
    if with_victim:
        _common.keep(asb, _common.FIRST_CONTACT, actor=actor, at=at)
        _common.keep(asb, _common.CONTACT, actor=actor, at=at)
        _common.promise_working_days(
            asb,
            duty=_common.CONTACT,
            started_at=at,
            working_days=_contact_interval(asb),
            actor=actor,
        )
    return contact
