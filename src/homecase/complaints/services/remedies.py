"""Putting things right (Code 7): apologies, explanations and actions (each action with an owner
and a deadline, followed to done with updates to the resident), compensation offered, accepted
and paid, the root cause and learning actions (Code 9), and Ombudsman referrals with their
findings and orders (each order a deadline, complied with only with evidence)."""

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction

from homecase.accounts.models import User
from homecase.clock import end_of_local_day
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.complaints.models import (
    Compensation,
    CompensationStatus,
    Complaint,
    ComplaintStatus,
    Finding,
    Impact,
    LearningAction,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OmbudsmanReferral,
    Remedy,
    RemedyKind,
)
from homecase.complaints.services import _common
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.models import Visibility

_ACTIVE = (
    ComplaintStatus.STAGE_1,
    ComplaintStatus.STAGE_1_RESPONDED,
    ComplaintStatus.STAGE_2_REQUESTED,
    ComplaintStatus.STAGE_2,
    ComplaintStatus.STAGE_2_RESPONDED,
)


def _current_stage(complaint: Complaint) -> int:
    if complaint.status not in _ACTIVE:
        raise Conflict("Remedies are recorded once a complaint is accepted and acknowledged.")
    return 2 if complaint.stages.filter(number=2).exists() else 1


def _dated_promise(complaint, *, duty, label, due_on: date, actor):
    """A deadline at the end of a chosen local day (an owner's commitment, not a Code clock)."""
    due_at = end_of_local_day(due_on, tz=policy.landlord_time_zone())
    started = now()
    if due_at <= started:
        raise InvalidInput("The date must be in the future.", field="due_on")
    return records.deadline_open(
        case=complaint.case,
        duty=duty,
        label=label,
        started_at=started,
        due_at=due_at,
        basis={"rule": "date agreed by the owner", "due_on": due_on.isoformat()},
        actor=actor,
        visible_to_resident=duty != "complaint.learning",
    )


@transaction.atomic
def remedy_add(
    *,
    complaint: Complaint,
    actor: User,
    kind: str,
    description: str,
    owner: User | None = None,
    due_on: date | None = None,
) -> Remedy:
    """Record a remedy. An action (or any remedy still to be done) needs an owner and a date."""
    if kind not in RemedyKind.values:
        raise InvalidInput("Choose what kind of remedy this is.", field="kind")
    if not description.strip():
        raise InvalidInput("Say what will be done to put things right.", field="description")
    if (owner is None) != (due_on is None):
        raise InvalidInput("An action to be done needs both an owner and a date.", field="due_on")
    if kind == RemedyKind.ACTION and owner is None:
        raise InvalidInput("An action needs an owner and a date to be done by.", field="owner")
    complaint = _common.locked(complaint)
    stage_number = _current_stage(complaint)
    deadline = None
    if owner is not None and due_on is not None:
        deadline = _dated_promise(
            complaint,
            duty="complaint.action",
            label=description.strip(),
            due_on=due_on,
            actor=actor,
        )
    remedy = Remedy.objects.create(
        complaint=complaint,
        stage_number=stage_number,
        kind=kind,
        description=description.strip(),
        owner=owner,
        deadline=deadline,
    )
    _common.event(
        complaint,
        kind="complaint.remedy_added",
        summary=f"{RemedyKind(kind).label}: {remedy.description}",
        actor=actor,
        data={
            "remedy_id": remedy.pk,
            "kind": kind,
            "owner": owner.get_full_name() if owner else "",
            "due_on": due_on,
        },
    )
    return remedy


def _locked_remedy(remedy: Remedy) -> Remedy:
    return (
        Remedy.objects.select_for_update(of=("self",))
        .select_related(
            "complaint__case__timeline", "complaint__case__resident", "complaint__case__home"
        )
        .get(pk=remedy.pk)
    )


@transaction.atomic
def remedy_update(*, remedy: Remedy, actor: User, progress: str) -> Remedy:
    """Tell the resident how an outstanding action is going (Code 6.6: keep them updated)."""
    if not progress.strip():
        raise InvalidInput("Say what has happened.", field="progress")
    remedy = _locked_remedy(remedy)
    if not remedy.outstanding:
        raise Conflict("Only an outstanding action can be updated.")
    _common.event(
        remedy.complaint,
        kind="complaint.remedy_progress",
        summary=f"Update on '{remedy.description}': {progress.strip()}",
        actor=actor,
        data={"remedy_id": remedy.pk, "progress": progress.strip()},
    )
    _common.tell(
        remedy.complaint,
        template="complaint_action_update",
        context={"remedy": remedy, "progress": progress.strip()},
        actor=actor,
    )
    return remedy


@transaction.atomic
def remedy_complete(*, remedy: Remedy, actor: User, note: str = "") -> Remedy:
    remedy = _locked_remedy(remedy)
    if not remedy.outstanding:
        raise Conflict("This action is not outstanding.")
    at = now()
    remedy.done_at = at
    remedy.save(update_fields=["done_at", "updated_at"])
    records.deadline_meet(deadline=remedy.deadline, actor=actor, met_at=at)
    _common.event(
        remedy.complaint,
        kind="complaint.remedy_done",
        summary=f"Done: {remedy.description}" + (f". {note.strip()}" if note.strip() else ""),
        actor=actor,
        data={"remedy_id": remedy.pk, "note": note.strip()},
    )
    _common.tell(
        remedy.complaint,
        template="complaint_action_update",
        context={
            "remedy": remedy,
            "progress": "This is now done." + (f" {note.strip()}" if note.strip() else ""),
        },
        actor=actor,
    )
    return remedy


def _amount(value: Decimal | str | int) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            "Give the amount in pounds, like 150 or 150.00.", field="amount"
        ) from None
    if amount <= 0:
        raise InvalidInput("The amount must be more than £0.", field="amount")
    return amount


@transaction.atomic
def compensation_offer(
    *,
    complaint: Complaint,
    actor: User,
    amount: Decimal | str | int,
    reason: str,
    impact: str = "",
) -> Compensation:
    if impact and impact not in Impact.values:
        raise InvalidInput("Choose the impact from the Ombudsman's bands.", field="impact")
    if not reason.strip():
        raise InvalidInput("Say what the compensation is for.", field="reason")
    money = _amount(amount)
    complaint = _common.locked(complaint)
    offer = Compensation.objects.create(
        complaint=complaint,
        stage_number=_current_stage(complaint),
        amount=money,
        impact=impact,
        reason=reason.strip(),
    )
    _common.event(
        complaint,
        kind="complaint.compensation_offered",
        summary=f"Compensation of £{money:,.2f} offered: {offer.reason}",
        actor=actor,
        data={"compensation_id": offer.pk, "amount": str(money), "impact": impact},
    )
    return offer


_NEXT = {
    CompensationStatus.ACCEPTED: (CompensationStatus.OFFERED,),
    CompensationStatus.DECLINED: (CompensationStatus.OFFERED,),
    CompensationStatus.PAID: (CompensationStatus.ACCEPTED,),
}


@transaction.atomic
def compensation_record(*, compensation: Compensation, actor: User, status: str) -> Compensation:
    """The resident accepted or declined the offer, or it was paid (only once accepted)."""
    if status not in _NEXT:
        raise InvalidInput("Choose accepted, declined or paid.", field="status")
    offer = (
        Compensation.objects.select_for_update(of=("self",))
        .select_related("complaint__case__timeline")
        .get(pk=compensation.pk)
    )
    if offer.status not in _NEXT[status]:
        raise Conflict(
            f"Compensation that is {offer.get_status_display().lower()} cannot become "
            f"{CompensationStatus(status).label.lower()}."
        )
    old, offer.status = offer.status, status
    if status == CompensationStatus.ACCEPTED:
        offer.accepted_at = now()
    if status == CompensationStatus.PAID:
        offer.paid_at = now()
    offer.save()
    _common.event(
        offer.complaint,
        kind=f"complaint.compensation_{status}",
        summary=f"Compensation of £{offer.amount:,.2f} {CompensationStatus(status).label.lower()}.",
        actor=actor,
        data={"compensation_id": offer.pk, "old": old, "new": status},
    )
    return offer


@transaction.atomic
def root_cause_record(*, complaint: Complaint, actor: User, root_cause: str) -> Complaint:
    if not root_cause.strip():
        raise InvalidInput("Say what caused the failure.", field="root_cause")
    complaint = _common.locked(complaint)
    old, complaint.root_cause = complaint.root_cause, root_cause.strip()
    complaint.save(update_fields=["root_cause", "updated_at"])
    _common.event(
        complaint,
        kind="complaint.root_cause",
        summary=f"Root cause recorded: {complaint.root_cause}",
        actor=actor,
        data={"old": old, "new": complaint.root_cause},
        visibility=Visibility.STAFF,
    )
    return complaint


@transaction.atomic
def learning_action_add(
    *, complaint: Complaint, actor: User, description: str, owner: User, due_on: date
) -> LearningAction:
    """Learning from an upheld or partly upheld complaint (Code 9)."""
    if not description.strip():
        raise InvalidInput("Say what will change.", field="description")
    complaint = _common.locked(complaint)
    if not complaint.stages.filter(outcome__in=["upheld", "partly_upheld"]).exists():
        raise Conflict("Learning actions follow a complaint that was upheld or partly upheld.")
    deadline = _dated_promise(
        complaint,
        duty="complaint.learning",
        label=f"Learning: {description.strip()}",
        due_on=due_on,
        actor=actor,
    )
    action = LearningAction.objects.create(
        complaint=complaint, description=description.strip(), owner=owner, deadline=deadline
    )
    _common.event(
        complaint,
        kind="complaint.learning_added",
        summary=f"Learning action for {owner.get_full_name()}: {action.description}",
        actor=actor,
        data={"learning_id": action.pk, "owner": owner.get_full_name(), "due_on": due_on},
        visibility=Visibility.STAFF,
    )
    return action


@transaction.atomic
def learning_action_complete(*, action: LearningAction, actor: User) -> LearningAction:
    action = (
        LearningAction.objects.select_for_update(of=("self",))
        .select_related("complaint__case__timeline", "deadline")
        .get(pk=action.pk)
    )
    if action.done_at is not None:
        raise Conflict("This learning action is already done.")
    action.done_at = now()
    action.save(update_fields=["done_at", "updated_at"])
    records.deadline_meet(deadline=action.deadline, actor=actor, met_at=action.done_at)
    _common.event(
        action.complaint,
        kind="complaint.learning_done",
        summary=f"Learning action done: {action.description}",
        actor=actor,
        data={"learning_id": action.pk},
        visibility=Visibility.STAFF,
    )
    return action


@transaction.atomic
def ombudsman_referral_record(
    *, complaint: Complaint, actor: User, referred_at: datetime, ombudsman_reference: str = ""
) -> OmbudsmanReferral:
    referred_at = _common.moment(referred_at, field="referred_at")
    complaint = _common.locked(complaint)
    if referred_at < complaint.case.opened_at:
        raise InvalidInput("A referral cannot come before the complaint.", field="referred_at")
    referral = OmbudsmanReferral.objects.create(
        complaint=complaint,
        referred_at=referred_at,
        ombudsman_reference=ombudsman_reference.strip(),
    )
    _common.event(
        complaint,
        kind="complaint.ombudsman_referred",
        summary="Referred to the Housing Ombudsman"
        + (f" ({referral.ombudsman_reference})" if referral.ombudsman_reference else "")
        + ".",
        actor=actor,
        data={"referral_id": referral.pk, "reference": referral.ombudsman_reference},
        occurred_at=referred_at,
        backdate_reason="Recorded from the Ombudsman's correspondence",
    )
    return referral


@transaction.atomic
def ombudsman_determination_record(
    *,
    referral: OmbudsmanReferral,
    actor: User,
    determined_at: datetime,
    findings: list[tuple[str, str]],
    orders: list[tuple[str, int]],
) -> OmbudsmanReferral:
    """Findings per element, and orders each with its deadline in weeks ("within 4 weeks")."""
    referral = (
        OmbudsmanReferral.objects.select_for_update(of=("self",))
        .select_related("complaint__case__timeline", "complaint__case__home")
        .get(pk=referral.pk)
    )
    if referral.determined_at is not None:
        raise Conflict("This referral's determination is already recorded.")
    determined_at = _common.moment(determined_at, field="determined_at")
    if determined_at is None or determined_at < referral.referred_at:
        raise InvalidInput(
            "Give the date of the determination, on or after the referral.", field="determined_at"
        )
    if not findings:
        raise InvalidInput("Record at least one finding.", field="findings")
    for element, finding in findings:
        if finding not in Finding.values or not element.strip():
            raise InvalidInput("Each finding needs an element and a finding.", field="findings")
        OmbudsmanFinding.objects.create(referral=referral, element=element.strip(), finding=finding)
    for text, weeks in orders:
        if not text.strip() or weeks < 1:
            raise InvalidInput("Each order needs its words and a number of weeks.", field="orders")
        due_at = determined_at + timedelta(weeks=weeks)
        deadline = records.deadline_open(
            case=referral.complaint.case,
            duty="ombudsman.order",
            label=f"Ombudsman order: {text}",
            started_at=determined_at,
            due_at=due_at,
            basis={"rule": f"within {weeks} weeks of the determination"},
            actor=actor,
            visible_to_resident=True,
        )
        OmbudsmanOrder.objects.create(referral=referral, text=text.strip(), deadline=deadline)
    referral.determined_at = determined_at
    referral.save(update_fields=["determined_at", "updated_at"])
    _common.event(
        referral.complaint,
        kind="complaint.ombudsman_determined",
        summary="The Ombudsman's determination: "
        + "; ".join(
            f"{element}: {Finding(finding).label.lower()}" for element, finding in findings
        ),
        actor=actor,
        data={"findings": [list(f) for f in findings], "orders": [list(o) for o in orders]},
        occurred_at=determined_at,
        backdate_reason="Recorded from the Ombudsman's determination",
    )
    return referral


@transaction.atomic
def ombudsman_order_comply(*, order: OmbudsmanOrder, actor: User, evidence: str) -> OmbudsmanOrder:
    if not evidence.strip():
        raise InvalidInput(
            "Record the evidence that the order was complied with.", field="evidence"
        )
    order = (
        OmbudsmanOrder.objects.select_for_update(of=("self",))
        .select_related("referral__complaint__case__timeline", "deadline")
        .get(pk=order.pk)
    )
    if order.complied_at is not None:
        raise Conflict("This order is already complied with.")
    order.complied_at, order.evidence = now(), evidence.strip()
    order.save(update_fields=["complied_at", "evidence", "updated_at"])
    records.deadline_meet(deadline=order.deadline, actor=actor, met_at=order.complied_at)
    _common.event(
        order.referral.complaint,
        kind="complaint.ombudsman_order_complied",
        summary=f"Ombudsman order complied with: {order.text}",
        actor=actor,
        data={"order_id": order.pk, "evidence": order.evidence},
        visibility=Visibility.STAFF,
    )
    return order
