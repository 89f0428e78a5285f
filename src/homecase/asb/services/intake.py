"""Reporting anti-social behaviour by any channel: what is happening and where, who is involved
(residents or not), a hate-incident flag, the intake risk assessment and its first-contact
promise, and a named officer. Never blocked for want of a police crime reference.

A further report about the same matter joins the open case it is about (TSM NM01 counts cases,
not reports), reopening it when it was closed within the policy's window."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import Role, User
from homecase.asb import rules
from homecase.asb.models import (
    AsbCase,
    AsbReport,
    AssessmentStage,
    Behaviour,
    Location,
    PartyRole,
)
from homecase.asb.services import _common
from homecase.asb.services import _report_parts as parts
from homecase.asb.services._report_parts import PersonInput
from homecase.asb.services.closure import reopen_on_report
from homecase.asb.services.review import threshold_met
from homecase.asb.services.risk import assess
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.housing.models import Block, CommunalArea, Estate, Home, Resident
from homecase.records import services as records
from homecase.records.models import CaseKind, Visibility

__all__ = ["PersonInput", "asb_report", "officer_for_new_case"]

NO_CRIME_REFERENCE = "A police crime reference is not needed: we act on the report itself."


# --- the report -----------------------------------------------------------------------------


@transaction.atomic
def asb_report(
    *,
    actor: User | None,
    channel: str,
    reporter: Resident | None,
    description: str,
    behaviours: Sequence[str],
    location: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    reporter_is_victim: bool = True,
    on_behalf_of: str = "",
    home: Home | None = None,
    block: Block | None = None,
    estate: Estate | None = None,
    communal_area: CommunalArea | None = None,
    where_details: str = "",
    happened_at: datetime | None = None,
    hate_incident: bool = False,
    hate_motivations: Sequence[str] = (),
    hate_perceived_by: str = "",
    crime_reference: str = "",
    risk_answers: Mapping[str, bool] | None = None,
    victims: Sequence[PersonInput] = (),
    perpetrators: Sequence[PersonInput] = (),
    witnesses: Sequence[PersonInput] = (),
    officer: User | None = None,
    join: AsbCase | None = None,
    received_at: datetime | None = None,
    backdate_reason: str = "",
) -> AsbReport:
    """Take a report of anti-social behaviour. Returns the report; `report.asb` is the case it
    now lives on (a new one, or the case it joined)."""
    parts.check_channel(channel)
    description = description.strip()
    if not description:
        raise InvalidInput("Describe what is happening.", field="description")
    chosen = parts.check_behaviours(behaviours)
    place = parts.check_place(
        location,
        home=home,
        block=block,
        estate=estate,
        communal_area=communal_area,
        where_details=where_details.strip(),
    )
    report: dict[str, Any] = {
        "channel": channel,
        "reporter": reporter,
        "reporter_name": parts.check_reporter(actor, reporter, reporter_name),
        "reporter_contact": reporter_contact.strip(),
        "reporter_is_victim": reporter_is_victim,
        "on_behalf_of": on_behalf_of.strip(),
        "description": description,
        "behaviours": chosen,
        "happened_at": parts.check_happened_at(happened_at),
        "hate_incident": hate_incident or Behaviour.HATE in chosen,
        "hate_motivations": parts.check_hate(hate_motivations),
        "hate_perceived_by": hate_perceived_by.strip(),
        "crime_reference": crime_reference.strip(),
        "risk_answers": parts.check_risk_answers(risk_answers),
    }
    for field, people in (
        ("victims", victims),
        ("perpetrators", perpetrators),
        ("witnesses", witnesses),
    ):
        parts.check_people(field, people)
    parts.check_officer(officer)
    received_at = _common.moment(received_at, field="received_at")
    people = {
        PartyRole.VICTIM: victims,
        PartyRole.ALLEGED_PERPETRATOR: perpetrators,
        PartyRole.WITNESS: witnesses,
    }
    if join is not None:
        return _join(join, report=report, people=people, actor=actor)
    return _open(
        place,
        report=report,
        people=people,
        actor=actor,
        officer=officer,
        received_at=received_at,
        backdate_reason=backdate_reason,
    )


def _title(behaviours: Sequence[str], place: parts.Place) -> str:
    what = ", ".join(Behaviour(code).label for code in behaviours)
    where = place.words()
    return f"{what}: {where}"[:200] if where else what[:200]


def _open(
    place: parts.Place,
    *,
    report: dict[str, Any],
    people: Mapping[str, Sequence[PersonInput]],
    actor: User | None,
    officer: User | None,
    received_at: datetime | None,
    backdate_reason: str,
) -> AsbReport:
    """A new case with its one reference, its people, the intake risk assessment and the
    promises that follow from it, and a named officer."""
    case = records.case_open(
        kind=CaseKind.ASB,
        title=_title(report["behaviours"], place),
        actor=actor,
        channel=report["channel"],
        summary="Anti-social behaviour reported",
        home=place.home if place.location == Location.HOME else None,
        communal_area=place.communal_area if place.location == Location.COMMUNAL else None,
        resident=report["reporter"],
        received_at=received_at,
        backdate_reason=backdate_reason,
        data={"behaviours": report["behaviours"], "location": place.location},
    )
    asb = AsbCase.objects.create(
        case=case,
        category=rules.category_for(
            report["behaviours"], _common.asb_policy().behaviour_categories
        ),
        behaviours=report["behaviours"],
        location=place.location,
        block=place.block,
        estate=place.estate,
        where_details=place.where_details,
        description=report["description"],
        hate_incident=report["hate_incident"],
        hate_motivations=report["hate_motivations"],
        hate_perceived_by=report["hate_perceived_by"],
        crime_reference=report["crime_reference"],
    )
    asb = _common.locked(asb)
    parts.add_reporter(asb, report=report, actor=actor)
    parts.add_people(asb, people, actor=actor)
    saved = parts.save_report(asb, report=report, actor=actor, received_at=case.opened_at)
    _common.event(
        asb,
        kind="asb.reported",
        summary=f"{_title(report['behaviours'], place)}. {report['description']} "
        f"{NO_CRIME_REFERENCE}",
        actor=actor,
        channel=report["channel"],
        data=parts.report_data(report),
        visibility=Visibility.RESIDENT,
    )
    named = _name_officer(asb, officer=officer, actor=actor)
    assessment = assess(
        asb,
        actor=actor,
        answers=report["risk_answers"],
        stage=AssessmentStage.INTAKE,
        notes="Asked when the report was taken.",
        first_contact_from=case.opened_at,
    )
    _common.promise_working_days(
        asb,
        duty=_common.ACTION_PLAN,
        started_at=case.opened_at,
        working_days=_common.asb_policy().action_plan_working_days,
        actor=actor,
    )
    first_contact = _common.unkept(asb, _common.FIRST_CONTACT)[0]
    _common.tell(
        asb,
        template="asb_reported",
        context={
            "officer_name": named.get_full_name() if named is not None else "",
            "first_contact": _common.local_date(first_contact.due_at),
            "high_risk": assessment.level == rules.HIGH,
        },
        actor=actor,
    )
    return saved


def officer_for_new_case() -> User | None:
    """The active ASB officer with the fewest open cases (the longest-serving on a tie)."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.ASB_OFFICER)
        .annotate(open_cases=Count("asb_cases", filter=Q(asb_cases__status=rules.OPEN)))
        .order_by("open_cases", "pk")
        .first()
    )


def _name_officer(asb: AsbCase, *, officer: User | None, actor: User | None) -> User | None:
    officer = officer or officer_for_new_case()
    if officer is None:
        _common.event(
            asb,
            kind="asb.no_officer",
            summary="No ASB officer is available to take this case: assign one.",
            actor=None,
        )
        return None
    asb.officer = officer
    asb.save(update_fields=["officer", "updated_at"])
    _common.event(
        asb,
        kind="asb.officer_assigned",
        summary=f"Named officer: {officer.get_full_name() or officer.username}",
        actor=actor,
        data={"officer_id": officer.pk},
    )
    return officer


# --- a further report about the same matter -------------------------------------------------


def _check_join(asb: AsbCase, *, actor: User | None, reporter: Resident | None) -> None:
    """Staff join only with the ASB role (only they can see the case); a resident joins only a
    case they reported themselves."""
    if actor is None or actor.is_superuser:
        return
    if is_staff_member(actor):
        _common.ensure_asb_officer(actor)
        return
    if reporter is None or not (
        asb.case.resident_id == reporter.pk or asb.reports.filter(reporter=reporter).exists()
    ):
        raise PermissionDenied("You can add only to a case you reported.")


def _join(
    join: AsbCase,
    *,
    report: dict[str, Any],
    people: Mapping[str, Sequence[PersonInput]],
    actor: User | None,
) -> AsbReport:
    """No new case: the report, and anyone new it names, go on the case it is about."""
    asb = _common.locked(join)
    _check_join(asb, actor=actor, reporter=report["reporter"])
    at = now()
    if asb.status == rules.JOINED:
        raise Conflict(
            "That case was joined to another case: add the report to that one.", field="join"
        )
    if asb.status == rules.CLOSED:
        reopen_on_report(asb, actor=actor, at=at)
    parts.add_reporter(asb, report=report, actor=actor)
    parts.add_people(asb, people, actor=actor)
    _merge_report(asb, report)
    saved = parts.save_report(asb, report=report, actor=actor, received_at=at)
    by = report["reporter_name"]
    _common.event(
        asb,
        kind="asb.report_joined",
        summary=f"Further report by {by}: {report['description']}",
        actor=actor,
        channel=report["channel"],
        data={**parts.report_data(report), "report_id": saved.pk},
    )
    if report["risk_answers"]:
        assess(asb, actor=actor, answers=report["risk_answers"], stage=AssessmentStage.REVIEW)
    _flag_threshold(asb, actor=actor, at=at)
    if report["reporter"] is not None:
        _common.tell(
            asb,
            template="asb_report_joined",
            context={
                "officer_name": asb.officer.get_full_name() if asb.officer_id else "",
                "joined_case": False,
            },
            actor=actor,
            resident=report["reporter"],
        )
    return saved


def _merge_report(asb: AsbCase, report: dict[str, Any]) -> None:
    """What a further report adds to the case: new behaviours, a hate incident, a crime
    reference when there was none (the old values are on the timeline)."""
    old = {
        "behaviours": list(asb.behaviours),
        "hate_incident": asb.hate_incident,
        "crime_reference": asb.crime_reference,
    }
    asb.behaviours = list(dict.fromkeys([*asb.behaviours, *report["behaviours"]]))
    asb.category = rules.category_for(asb.behaviours, _common.asb_policy().behaviour_categories)
    if report["hate_incident"]:
        asb.hate_incident = True
        asb.hate_motivations = list(
            dict.fromkeys([*asb.hate_motivations, *report["hate_motivations"]])
        )
        asb.hate_perceived_by = asb.hate_perceived_by or report["hate_perceived_by"]
    asb.crime_reference = asb.crime_reference or report["crime_reference"]
    new = {key: getattr(asb, key) for key in old}
    if new == old:
        return
    asb.save()
    _common.event(
        asb,
        kind="asb.details_changed",
        summary="The further report adds to the case: "
        + ", ".join(key.replace("_", " ") for key in old if old[key] != new[key]),
        actor=None,
        data={"old": old, "new": new},
    )


def _flag_threshold(asb: AsbCase, *, actor: User | None, at: datetime) -> None:
    met, counted = threshold_met(asb, at=at)
    if not met:
        return
    months = _common.asb_policy().case_review_months
    _common.event(
        asb,
        kind="asb.case_review_threshold_met",
        summary=f"Case review threshold met: {counted} reports about this matter in the last "
        f"{months} months. The reporter may ask for a case review.",
        actor=None,
        data={"reports": counted, "months": months},
    )
