"""Contact restrictions for unacceptable behaviour (Code 5.14-5.15): evidenced, proportionate,
with the Equality Act considered, reviewed by a date. A restriction changes how we are in touch,
never whether a complaint is handled."""

from datetime import date

from django.db import transaction

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.complaints.models import ContactRestriction
from homecase.housing.models import Resident
from homecase.records import services as records
from homecase.records.models import Visibility

_REQUIRED = {
    "behaviour": "Describe the behaviour that led to the restriction.",
    "evidence": "Record the evidence for it.",
    "equality_act_consideration": "Record how the Equality Act 2010 was considered.",
    "arrangement": "Say how we will be in touch while it lasts.",
}


@transaction.atomic
def contact_restriction_record(
    *,
    resident: Resident,
    actor: User,
    behaviour: str,
    evidence: str,
    equality_act_consideration: str,
    arrangement: str,
    starts_on: date,
    review_on: date,
) -> ContactRestriction:
    given = {
        "behaviour": behaviour,
        "evidence": evidence,
        "equality_act_consideration": equality_act_consideration,
        "arrangement": arrangement,
    }
    for field, message in _REQUIRED.items():
        if not given[field].strip():
            raise InvalidInput(message, field=field)
    if review_on < starts_on:
        raise InvalidInput("The review date must be on or after the start.", field="review_on")
    restriction = ContactRestriction.objects.create(
        resident=resident,
        starts_on=starts_on,
        review_on=review_on,
        recorded_by=actor,
        **{field: value.strip() for field, value in given.items()},
    )
    records.event_record(
        timeline=resident.timeline,
        kind="contact_restriction.recorded",
        summary=f"Contact restriction from {starts_on:%-d %B %Y}, review by {review_on:%-d %B %Y}: "
        f"{restriction.arrangement}",
        actor=actor,
        data={
            "restriction_id": restriction.pk,
            **given,
            "starts_on": starts_on,
            "review_on": review_on,
        },
        visibility=Visibility.RESIDENT,
    )
    return restriction


@transaction.atomic
def contact_restriction_review(
    *, restriction: ContactRestriction, actor: User, outcome: str, next_review_on: date | None
) -> ContactRestriction:
    """Review a restriction: keep it to a new review date, or end it (next_review_on None)."""
    if not outcome.strip():
        raise InvalidInput("Record what the review found.", field="outcome")
    restriction = (
        ContactRestriction.objects.select_for_update()
        .select_related("resident__timeline")
        .get(pk=restriction.pk)
    )
    if restriction.ended_at is not None:
        raise Conflict("This restriction has already ended.")
    old_review = restriction.review_on
    if next_review_on is None:
        restriction.ended_at = now()
    elif next_review_on <= old_review:
        raise InvalidInput("The next review must be later than the last.", field="next_review_on")
    else:
        restriction.review_on = next_review_on
    restriction.save()
    records.event_record(
        timeline=restriction.resident.timeline,
        kind="contact_restriction.reviewed",
        summary=(
            "Contact restriction ended. "
            if next_review_on is None
            else f"Contact restriction kept, next review by {next_review_on:%-d %B %Y}. "
        )
        + outcome.strip(),
        actor=actor,
        data={
            "restriction_id": restriction.pk,
            "outcome": outcome.strip(),
            "old_review_on": old_review,
            "new_review_on": next_review_on,
        },
        visibility=Visibility.RESIDENT,
    )
    return restriction
