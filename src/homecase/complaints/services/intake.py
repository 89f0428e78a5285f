"""Making a complaint, by any channel, for a resident, a representative, an affected third party
or a petition; refusing one (always with the reason and the Ombudsman's details); withdrawing
one; and folding a new point into stage 1 before its response (Code 6.8)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.complaints import rules
from homecase.complaints.models import (
    Complainant,
    Complaint,
    ComplaintStatus,
    Exclusion,
    Point,
    Signatory,
    Stage,
)
from homecase.complaints.services import _common
from homecase.housing.models import Representative, Resident
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.models import Case, CaseKind, Channel, DeadlineStatus, Visibility


@dataclass(frozen=True)
class Signer:
    name: str
    circumstances: str = ""
    resident: Resident | None = None


def _check_complainant(
    *,
    complainant: str,
    resident: Resident | None,
    representative: Representative | None,
    third_party_name: str,
    signers: list[Signer],
    received_on: date,
    related_reference: str,
) -> None:
    if complainant not in Complainant.values:
        raise InvalidInput(f"'{complainant}' is not a kind of complainant.", field="complainant")
    if complainant == Complainant.THIRD_PARTY:
        if not third_party_name.strip():
            raise InvalidInput("Give the name of the person complaining.", field="third_party_name")
        return
    if resident is None:
        raise InvalidInput("Choose the resident the complaint is from or about.", field="resident")
    if complainant == Complainant.REPRESENTATIVE:
        if representative is None or representative.resident_id != resident.pk:
            raise InvalidInput(
                "Choose a representative who acts for this resident.", field="representative"
            )
        covered = representative.covers(related_reference, received_on) or (
            representative.all_cases and representative.covers("", received_on)
        )
        if not covered:
            raise InvalidInput(
                "This representative's consent does not cover this complaint (it has ended, "
                "or covers other cases only).",
                field="representative",
            )
    if complainant == Complainant.PETITION:
        if len(signers) < 2:
            raise InvalidInput("A petition needs at least two signers.", field="signers")
        if any(not signer.name.strip() for signer in signers):
            raise InvalidInput("Give the name of each signer.", field="signers")


def _received_at(received_at: datetime | None, backdate_reason: str) -> datetime:
    """When the complaint reached us: now, or earlier with a reason; never in the future."""
    current = now()
    received_at = _common.moment(received_at, field="received_at") or current
    if received_at > current + _common.BACKDATE_TOLERANCE:
        raise InvalidInput(
            "Something cannot be recorded as happening in the future.", field="received_at"
        )
    if received_at < current - _common.BACKDATE_TOLERANCE and not backdate_reason.strip():
        raise InvalidInput(
            "Give a reason for recording this with an earlier date and time.",
            field="backdate_reason",
        )
    return received_at


@transaction.atomic
def complaint_create(
    *,
    actor: User | None,
    channel: str,
    description: str,
    desired_outcome: str = "",
    resident: Resident | None = None,
    complainant: str = Complainant.RESIDENT,
    representative: Representative | None = None,
    third_party_name: str = "",
    third_party_contact: str = "",
    signers: list[Signer] | None = None,
    title: str = "",
    received_at: datetime | None = None,
    backdate_reason: str = "",
    about_conduct: bool = False,
    conduct_subject: str = "",
    related_case: Case | None = None,
) -> Complaint:
    """Log a complaint received by any channel. Its clock starts when it was received (which may
    be earlier than now, with a reason); the real recording time is kept on the timeline."""
    signers = signers or []
    if channel not in Channel.values or channel == Channel.SYSTEM:
        raise InvalidInput("Say how the complaint reached us.", field="channel")
    if not description.strip():
        raise InvalidInput(
            "Say what the complaint is about, in the complainant's words.", field="description"
        )
    received_at = _received_at(received_at, backdate_reason)
    if complainant == Complainant.PETITION and resident is None and signers:
        resident = signers[0].resident  # letters go to the first signer (policy 4.2)
    _check_complainant(
        complainant=complainant,
        resident=resident,
        representative=representative,
        third_party_name=third_party_name,
        signers=signers,
        received_on=timezone.localtime(received_at).date(),
        related_reference=related_case.reference if related_case else "",
    )
    if about_conduct and not conduct_subject.strip():
        raise InvalidInput("Say whose conduct the complaint is about.", field="conduct_subject")
    case = records.case_open(
        kind=CaseKind.COMPLAINT,
        title=(title.strip() or description.strip())[:200],
        actor=actor,
        channel=channel,
        summary="Complaint received",
        home=resident.home if resident else (related_case.home if related_case else None),
        resident=resident,
        received_at=received_at,
        backdate_reason=backdate_reason,
        data={"related_case": related_case.reference if related_case else ""},
    )
    complaint = Complaint.objects.create(
        case=case,
        complainant=complainant,
        representative=representative,
        third_party_name=third_party_name.strip(),
        third_party_contact=third_party_contact.strip(),
        received_channel=channel,
        description=description.strip(),
        desired_outcome=desired_outcome.strip(),
        about_conduct=about_conduct,
        conduct_subject=conduct_subject.strip(),
        related_case=related_case,
    )
    for position, signer in enumerate(signers, start=1):
        Signatory.objects.create(
            complaint=complaint,
            position=position,
            resident=signer.resident,
            name=signer.name.strip(),
            circumstances=signer.circumstances.strip(),
        )
    _record_received(
        complaint,
        actor=actor,
        channel=channel,
        received_at=received_at,
        backdate_reason=backdate_reason,
    )
    return complaint


def _record_received(
    complaint: Complaint,
    *,
    actor: User | None,
    channel: str,
    received_at: datetime,
    backdate_reason: str,
) -> None:
    timescales = policy.complaint_timescales()
    Stage.objects.create(complaint=complaint, number=1, requested_at=received_at)
    _common.event(
        complaint,
        kind="complaint.received",
        summary="We received your complaint.",
        actor=actor,
        channel=channel,
        occurred_at=received_at,
        backdate_reason=backdate_reason,
        data={
            "description": complaint.description,
            "desired_outcome": complaint.desired_outcome,
            "complainant": complaint.complainant,
            "signers": [s.name for s in complaint.signatories.all()],
        },
    )
    if complaint.about_conduct:
        _common.event(
            complaint,
            kind="complaint.conduct_flagged",
            summary=f"About the conduct of {complaint.conduct_subject}: handled under HR or "
            "contract policy; the outcome for the person is not shared.",
            actor=actor,
            data={"subject": complaint.conduct_subject},
            visibility=Visibility.INTERNAL,
        )
    if complaint.related_case is not None:
        records.event_record(
            timeline=complaint.related_case.timeline,
            kind="complaint.linked",
            summary=f"Complaint {complaint.reference} made about this case; work on it goes on.",
            actor=actor,
            data={"complaint": complaint.reference},
            visibility=Visibility.RESIDENT,
        )
    _common.promise(
        complaint,
        duty=_common.ACKNOWLEDGE[1],
        started_at=received_at,
        working_days=timescales.stage1_acknowledge_days,
        actor=actor,
    )
    _common.tell(complaint, template="complaint_received", context={}, actor=actor)


@transaction.atomic
def complaint_refuse(
    *, complaint: Complaint, actor: User, exclusion: str, explanation: str
) -> Complaint:
    """Not accepted, for one of the policy's reasons, explained for this case; always a letter
    with the reason and the Ombudsman's details (Code 2.4)."""
    if exclusion not in Exclusion.values:
        raise InvalidInput("Choose one of the reasons in the policy.", field="exclusion")
    if not explanation.strip():
        raise InvalidInput(
            "Explain why this reason applies to this complaint: the resident will be told.",
            field="explanation",
        )
    complaint = _common.locked(complaint)
    # The reason first: the database refuses a refused complaint without one.
    complaint.exclusion, complaint.exclusion_explanation = exclusion, explanation.strip()
    complaint.save(update_fields=["exclusion", "exclusion_explanation", "updated_at"])
    _common.move(complaint, ComplaintStatus.REFUSED)
    for deadline in _common.unkept(complaint, _common.ACKNOWLEDGE[1]):
        if deadline.status == DeadlineStatus.OPEN:  # a missed one stays missed, on the record
            records.deadline_cancel(deadline=deadline, actor=actor, reason="Not accepted")
    _common.event(
        complaint,
        kind="complaint.refused",
        summary=f"Not accepted as a complaint: {Exclusion(exclusion).label}.",
        actor=actor,
        data={"exclusion": exclusion, "explanation": explanation.strip()},
    )
    _common.tell(
        complaint,
        template="complaint_refused",
        context={"reason": Exclusion(exclusion).label, "explanation": explanation.strip()},
        actor=actor,
    )
    return complaint


@transaction.atomic
def complaint_withdraw(*, complaint: Complaint, actor: User | None, reason: str) -> Complaint:
    if not reason.strip():
        raise InvalidInput("Say why the complaint is withdrawn.", field="reason")
    complaint = _common.locked(complaint)
    _common.move(complaint, ComplaintStatus.WITHDRAWN)
    complaint.withdrawn_reason = reason.strip()
    complaint.save(update_fields=["withdrawn_reason", "updated_at"])
    for duty in (*_common.ACKNOWLEDGE.values(), *_common.RESPOND.values()):
        for deadline in _common.unkept(complaint, duty):
            if deadline.status == DeadlineStatus.OPEN:
                records.deadline_cancel(deadline=deadline, actor=actor, reason="Withdrawn")
    _common.event(
        complaint,
        kind="complaint.withdrawn",
        summary=f"Complaint withdrawn: {reason.strip()}",
        actor=actor,
        data={"reason": reason.strip()},
    )
    return complaint


@transaction.atomic
def complaint_point_add(*, complaint: Complaint, actor: User, summary: str) -> Point:
    """A new related point raised before the stage's response is folded into its definition
    (Code 6.8); after the response, or if unrelated, it must be a new complaint instead."""
    if not summary.strip():
        raise InvalidInput("Say what the new point is.", field="summary")
    complaint = _common.locked(complaint)
    number = rules.stage_of(complaint.status)
    if complaint.status not in (ComplaintStatus.STAGE_1, ComplaintStatus.STAGE_2):
        raise Conflict(
            "New points can only be added while a stage is being investigated; "
            "log a new complaint instead."
        )
    stage = _common.stage(complaint, number)
    point = Point.objects.create(
        stage=stage,
        number=stage.points.count() + 1,
        summary=summary.strip(),
        added_after_acknowledgement=True,
    )
    _common.event(
        complaint,
        kind="complaint.point_added",
        summary=f"New point added to stage {number}: {point.summary}",
        actor=actor,
        data={"stage": number, "number": point.number, "summary": point.summary},
    )
    return point
