"""Dissatisfaction anywhere (Code 1.2-1.5): a contact on any case whose words or staff flag show
dissatisfaction opens an offer of a complaint; the resident's choice is recorded, and choosing
to complain logs a complaint linked to the case (the work on that case goes on)."""

from datetime import datetime

from django.db import transaction

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.complaints import rules
from homecase.complaints.models import ComplaintOffer, OfferChoice
from homecase.complaints.services.intake import complaint_create
from homecase.records import services as records
from homecase.records.models import Case, Channel, Event, Visibility


@transaction.atomic
def contact_record(
    *,
    case: Case,
    actor: User | None,
    channel: str,
    summary: str,
    dissatisfied: bool = False,
    occurred_at: datetime | None = None,
    backdate_reason: str = "",
) -> tuple[Event, ComplaintOffer | None]:
    """Record a contact (call, email, visit...) on a case. Words showing dissatisfaction, or the
    officer's flag, open an offer of a complaint for the officer to put to the resident."""
    if not summary.strip():
        raise InvalidInput("Say what the contact was about.", field="summary")
    if channel not in Channel.values:
        raise InvalidInput("Say how the contact was made.", field="channel")
    if occurred_at is not None and occurred_at < case.opened_at:
        raise InvalidInput(
            "A contact on this case cannot be dated before the case was opened.",
            field="occurred_at",
        )
    phrases = rules.dissatisfaction_in(summary)
    event = records.event_record(
        timeline=case.timeline,
        kind="contact.recorded",
        summary=summary.strip(),
        actor=actor,
        channel=channel,
        data={"dissatisfaction": phrases, "flagged": dissatisfied},
        occurred_at=occurred_at,
        backdate_reason=backdate_reason,
        visibility=Visibility.RESIDENT,
    )
    if not phrases and not dissatisfied:
        return event, None
    offer = ComplaintOffer.objects.create(
        case=case, contact_summary=summary.strip(), phrases=phrases, flagged_by_staff=dissatisfied
    )
    records.event_record(
        timeline=case.timeline,
        kind="complaint.offer_due",
        summary="Dissatisfaction shown: offer the resident the choice to make a complaint."
        + (f" Words used: {', '.join(phrases)}." if phrases else ""),
        actor=None,
        data={"offer_id": offer.pk, "phrases": phrases},
        visibility=Visibility.STAFF,
    )
    return event, offer


@transaction.atomic
def complaint_offer_decide(
    *,
    offer: ComplaintOffer,
    actor: User,
    wants_to_complain: bool,
    description: str = "",
    desired_outcome: str = "",
    channel: str = Channel.PHONE,
) -> ComplaintOffer:
    """Record the resident's choice. If they want to complain, log it now, linked to the case."""
    offer = (
        ComplaintOffer.objects.select_for_update(of=("self",))
        .select_related("case__timeline", "case__resident", "case__home")
        .get(pk=offer.pk)
    )
    if offer.choice != OfferChoice.PENDING:
        raise Conflict("The resident's choice is already recorded.")
    offer.choice = OfferChoice.ACCEPTED if wants_to_complain else OfferChoice.DECLINED
    offer.decided_at = now()
    if wants_to_complain:
        if offer.case.resident is None:
            raise Conflict("This case has no resident to make the complaint for.")
        offer.complaint = complaint_create(
            actor=actor,
            channel=channel,
            resident=offer.case.resident,
            description=description.strip() or offer.contact_summary,
            desired_outcome=desired_outcome,
            related_case=offer.case,
        )
    offer.save()
    records.event_record(
        timeline=offer.case.timeline,
        kind="complaint.offer_decided",
        summary=(
            f"The resident chose to make a complaint: {offer.complaint.reference}."
            if wants_to_complain
            else "Offered a complaint; the resident chose not to make one."
        ),
        actor=actor,
        data={
            "offer_id": offer.pk,
            "choice": offer.choice,
            "complaint": offer.complaint.reference if offer.complaint else "",
        },
        visibility=Visibility.RESIDENT,
    )
    return offer
