"""The ASB API's operations. Each one checks the role, finds the case, calls one service in
`asb.services` (one transaction: a refusal writes nothing) and shapes the answer. Domain errors
become 4xx answers in the API's exception handler (`homecase.api.api`).

`request.auth` is the token's user, a staff member. Only ASB officers (and superusers) may use
any of it: every other member of staff gets a 403 with a message, before any case is looked
up, so that the API says nothing about which ASB references exist. A reference that is not an
ASB case is "not found"."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from homecase.accounts.models import User
from homecase.asb import selectors
from homecase.asb.access import can_work_asb
from homecase.asb.api import schemas as s
from homecase.asb.models import AsbAction, AsbCase, Partner
from homecase.asb.services import (
    PersonInput,
    action_add,
    action_complete,
    asb_close,
    asb_report,
    contact_record,
    risk_assess,
)
from homecase.common.errors import InvalidInput, NotFound, PermissionDenied
from homecase.housing.models import Block, CommunalArea, Estate, Home, Resident
from homecase.records.models import Deadline
from homecase.records.selectors import timeline_for_staff

NOT_FOUND = "We could not find that ASB case."

router = Router(tags=["Anti-social behaviour"])


# Access ---------------------------------------------------------------------------------------


def _ensure_asb_officer(user: User) -> None:
    if not can_work_asb(user):
        raise PermissionDenied("Only ASB officers can use the ASB API.")


def _asb(request: HttpRequest, reference: str) -> AsbCase:
    """The ASB case, for an ASB officer; anyone else is refused before it is looked up."""
    _ensure_asb_officer(request.auth)
    found = selectors.case_by_reference(reference)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def _action(asb: AsbCase, action_id: int) -> AsbAction:
    action = AsbAction.objects.select_related("asb__case").filter(asb=asb, pk=action_id).first()
    if action is None:
        raise NotFound(f"Case {asb.case.reference} has no action {action_id}.")
    return action


def _out(asb: AsbCase) -> AsbCase:
    """The case as read again after a change, with everything the answer lists."""
    asb = (
        AsbCase.objects.select_related(
            "case", "officer", "related_repair__case", "joined_into__case"
        )
        .prefetch_related(
            "parties",
            "reports",
            "risk_assessments__assessed_by",
            "actions__owner",
            "actions__partner",
            "actions__deadline",
            "diary__author",
            "reviews",
        )
        .get(pk=asb.pk)
    )
    asb.api_deadlines = list(Deadline.objects.filter(case_id=asb.case_id).order_by("due_at", "pk"))
    return asb


def _found(model, pk: int | None, *, field: str, what: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(f"There is no {what} {pk}.", field=field)
    return found


def _people(people: list[s.PersonIn], *, field: str) -> list[PersonInput]:
    return [
        PersonInput(
            name=person.name,
            resident=_found(Resident, person.resident_id, field=field, what="resident"),
            contact=person.contact,
            notes=person.notes,
        )
        for person in people
    ]


# Reads ----------------------------------------------------------------------------------------


@router.get("", response={200: s.AsbListOut, **s.ERRORS}, summary="List open ASB cases")
def asb_list(request: HttpRequest, filters: Query[s.AsbListQuery]) -> dict[str, Any]:
    """Open cases matching the filters, the one whose next promise falls due soonest first
    (cases owing nothing last), `per_page` at a time."""
    _ensure_asb_officer(request.auth)
    if filters.risk_level and filters.risk_level not in ("high", "medium", "standard"):
        raise InvalidInput(f"'{filters.risk_level}' is not a risk level.", field="risk_level")
    officer = _found(User, filters.officer_id, field="officer_id", what="officer")
    page = selectors.queue(
        officer=officer,
        risk_level=filters.risk_level or "",
        hate_only=filters.hate,
        page=filters.page,
        per_page=filters.per_page,
    )
    return {
        "page": page.page,
        "per_page": page.per_page,
        "has_next": page.has_next,
        "items": page.items,
    }


@router.get("/{reference}", response={200: s.AsbCaseOut, **s.ERRORS}, summary="Read a case")
def asb_read(request: HttpRequest, reference: str) -> AsbCase:
    """The case with its parties, reports, risk assessments, actions, diary, case reviews and
    promises."""
    return _out(_asb(request, reference))


@router.get(
    "/{reference}/timeline", response={200: s.TimelineOut, **s.ERRORS}, summary="Read a timeline"
)
def asb_timeline(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Every event on the case's timeline, oldest first, except internal ones."""
    asb = _asb(request, reference)
    return {"reference": asb.case.reference, "events": list(timeline_for_staff(case=asb.case))}


# Report ---------------------------------------------------------------------------------------


def _join(reference: str | None) -> AsbCase | None:
    if not reference:
        return None
    found = selectors.case_by_reference(reference)
    if found is None:
        raise InvalidInput(f"There is no ASB case {reference}.", field="join")
    return found


@router.post(
    "",
    response={201: s.AsbCaseOut, 200: s.AsbCaseOut, **s.ERRORS},
    summary="Report anti-social behaviour",
)
def asb_report_take(request: HttpRequest, payload: s.ReportIn) -> Status:
    """Take a report by any channel; a crime reference is never needed. A new case answers
    201. A further report about an open case's matter (`join`) answers 200 with that case."""
    _ensure_asb_officer(request.auth)
    join = _join(payload.join)
    report = asb_report(
        actor=request.auth,
        channel=payload.channel,
        reporter=_found(Resident, payload.reporter_id, field="reporter_id", what="resident"),
        description=payload.description,
        behaviours=payload.behaviours,
        location=payload.location,
        reporter_name=payload.reporter_name,
        reporter_contact=payload.reporter_contact,
        reporter_is_victim=payload.reporter_is_victim,
        on_behalf_of=payload.on_behalf_of,
        home=_found(Home, payload.home_id, field="home_id", what="home"),
        block=_found(Block, payload.block_id, field="block_id", what="block"),
        estate=_found(Estate, payload.estate_id, field="estate_id", what="estate"),
        communal_area=_found(
            CommunalArea, payload.communal_area_id, field="communal_area_id", what="communal area"
        ),
        where_details=payload.where_details,
        happened_at=payload.happened_at,
        hate_incident=payload.hate_incident,
        hate_motivations=payload.hate_motivations,
        hate_perceived_by=payload.hate_perceived_by,
        crime_reference=payload.crime_reference,
        risk_answers=payload.risk_answers,
        victims=_people(payload.victims, field="victims"),
        perpetrators=_people(payload.perpetrators, field="perpetrators"),
        witnesses=_people(payload.witnesses, field="witnesses"),
        officer=_found(User, payload.officer_id, field="officer_id", what="officer"),
        join=join,
        received_at=payload.received_at,
        backdate_reason=payload.backdate_reason,
    )
    return Status(200 if join is not None else 201, _out(report.asb))


# Actions --------------------------------------------------------------------------------------


@router.post(
    "/{reference}/risk-assessments",
    response={201: s.RiskAssessmentOut, **s.ERRORS},
    summary="Assess the risk",
)
def asb_risk_assess(request: HttpRequest, reference: str, payload: s.RiskAssessmentIn) -> Status:
    """A review of the victim risk and vulnerability matrix: sets the case's risk level, may
    bring the first-contact promise forward and opens a safeguarding referral when needed."""
    assessment = risk_assess(
        asb=_asb(request, reference),
        actor=request.auth,
        answers=payload.answers,
        stage="review",
        notes=payload.notes,
    )
    return Status(201, assessment)


@router.post(
    "/{reference}/actions", response={201: s.ActionOut, **s.ERRORS}, summary="Add an action"
)
def asb_action_add(request: HttpRequest, reference: str, payload: s.ActionIn) -> Status:
    """A step of the action plan with its owner (an ASB officer or a partner) and the date it
    will be done by; an action agreed with the victim is promised to them."""
    action = action_add(
        asb=_asb(request, reference),
        actor=request.auth,
        kind=payload.kind,
        description=payload.description,
        due_on=payload.due_on,
        owner=_found(User, payload.owner_id, field="owner_id", what="officer"),
        partner=_found(Partner, payload.partner_id, field="partner_id", what="partner"),
        agreed_with_victim=payload.agreed_with_victim,
        victim_consent=payload.victim_consent,
    )
    return Status(201, action)


@router.post(
    "/{reference}/actions/{action_id}/complete",
    response={200: s.ActionOut, **s.ERRORS},
    summary="Complete an action",
)
def asb_action_complete(
    request: HttpRequest, reference: str, action_id: int, payload: s.ActionCompleteIn
) -> AsbAction:
    """The action done, with what came of it; its promise is kept."""
    asb = _asb(request, reference)
    return action_complete(
        action=_action(asb, action_id), actor=request.auth, outcome=payload.outcome
    )


@router.post(
    "/{reference}/contacts", response={201: s.EventOut, **s.ERRORS}, summary="Record contact"
)
def asb_contact_record(request: HttpRequest, reference: str, payload: s.ContactIn) -> Status:
    """We were in touch with the victim (or about the case): keeps the first-contact and
    agreed-contact promises and opens the next agreed contact."""
    event = contact_record(
        asb=_asb(request, reference),
        actor=request.auth,
        channel=payload.channel,
        summary=payload.summary,
        with_victim=payload.with_victim,
        occurred_at=payload.occurred_at,
        backdate_reason=payload.backdate_reason,
    )
    return Status(201, event)


@router.post("/{reference}/close", response={200: s.AsbCaseOut, **s.ERRORS}, summary="Close")
def asb_case_close(request: HttpRequest, reference: str, payload: s.CloseIn) -> AsbCase:
    """Close the case with a reason and the victim's view (refused while actions are open);
    the reporter is asked how satisfied they are."""
    asb = asb_close(
        asb=_asb(request, reference),
        actor=request.auth,
        reason=payload.reason,
        victim_view=payload.victim_view,
        explanation=payload.explanation,
    )
    return _out(asb)
