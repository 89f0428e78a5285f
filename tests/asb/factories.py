"""ASB cases in each state, made through the services (never by writing rows), so tests see the
real timeline, deadlines and messages. Every helper takes keyword overrides and returns the
case re-read from the database.

    asb = reported_case()              # drug dealing in a block, reported by a resident by phone
    asb = high_risk_case()             # threats of violence: high risk, first contact next day
    asb = closed_case()                # closed as resolved, with the victim's view

People and partner organisations (not cases) are made directly.
"""

from typing import Any

from homecase.accounts.models import User
from homecase.asb import models as asb_models
from homecase.asb.models import AsbCase, Partner
from homecase.asb.services.closure import asb_close
from homecase.asb.services.intake import asb_report
from homecase.housing.models import Block, Resident
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case, Channel, Deadline, Event
from tests.factories import BlockFactory, ResidentFactory, UserFactory

DESCRIPTION = "People are dealing drugs on the stairs every evening; the entrance door is broken."
HIGH_RISK_ANSWERS = {"threats_or_violence": True, "unsafe_at_home": True}


def asb_officer(**kwargs: Any) -> User:
    """A user with the ASB officer role."""
    return UserFactory(roles=["asb_officer"], **kwargs)


def planner(**kwargs: Any) -> User:
    """A repairs planner: staff without the ASB role."""
    return UserFactory(roles=["repairs_planner"], **kwargs)


def contact_agent(**kwargs: Any) -> User:
    """A contact centre agent: staff without the ASB role."""
    return UserFactory(roles=["contact_agent"], **kwargs)


def partner(**kwargs: Any) -> Partner:
    """A partner organisation (the local safer neighbourhood team by default)."""
    count = Partner.objects.count() + 1
    kwargs.setdefault("name", f"Marsh Lane Safer Neighbourhood Team {count}")
    kwargs.setdefault("kind", asb_models.PartnerKind.SAFER_NEIGHBOURHOOD)
    kwargs.setdefault("email", f"snt{count}@police.example")
    return Partner.objects.create(**kwargs)


def resident_in_block(block: Block | None = None, **kwargs: Any) -> Resident:
    """A resident living in a home on `block` (a new block by default)."""
    block = block or BlockFactory()
    return ResidentFactory(home__block=block, home__estate=block.estate, **kwargs)


def reported_case(
    *,
    reporter: Resident | None = None,
    actor: User | None = None,
    officer: User | None = None,
    block: Block | None = None,
    channel: str = Channel.PHONE,
    behaviours: tuple[str, ...] = ("drugs",),
    location: str = "block",
    description: str = DESCRIPTION,
    **kwargs: Any,
) -> AsbCase:
    """A new case reported by phone by a resident of a block (drugs in the block by default).
    The officer taking it is an ASB officer; the named officer is the one given, else an
    existing ASB officer (the actor, when none exists yet). Extra kwargs go to `asb_report`."""
    actor = actor if actor is not None else (officer or _existing_officer() or asb_officer())
    if reporter is None:
        reporter = resident_in_block(block)
    if location == "block":
        kwargs.setdefault("block", block or reporter.home.block)
    elif location == "home":
        kwargs.setdefault("home", reporter.home)
    elif location == "estate":
        kwargs.setdefault("estate", reporter.home.estate)
    report = asb_report(
        actor=actor,
        channel=channel,
        reporter=reporter,
        description=description,
        behaviours=list(behaviours),
        location=location,
        officer=officer,
        **kwargs,
    )
    return AsbCase.objects.select_related("case").get(pk=report.asb_id)


def _existing_officer() -> User | None:
    return User.objects.filter(groups__name="asb_officer", is_active=True).order_by("pk").first()


def high_risk_case(**kwargs: Any) -> AsbCase:
    """A case whose intake risk assessment is high (threats of violence, unsafe at home)."""
    kwargs.setdefault("risk_answers", HIGH_RISK_ANSWERS)
    kwargs.setdefault("behaviours", ("intimidation", "drugs"))
    return reported_case(**kwargs)


def closed_case(
    *,
    asb: AsbCase | None = None,
    by: User | None = None,
    reason: str = "resolved",
    victim_view: str = "Happy for it to close: the dealing has stopped.",
    **kwargs: Any,
) -> AsbCase:
    """A case closed by an ASB officer (it has no open actions); kwargs go to `reported_case`."""
    asb = asb or reported_case(**kwargs)
    asb_close(
        asb=asb,
        actor=by or asb.officer or asb_officer(),
        reason=reason,
        victim_view=victim_view,
    )
    return AsbCase.objects.select_related("case").get(pk=asb.pk)


def written() -> dict[str, int]:
    """How many rows of each kind the ASB services write exist: compare before and after a
    refused call to show that nothing was written."""
    return {
        "cases": Case.objects.count(),
        "asb_cases": asb_models.AsbCase.objects.count(),
        "parties": asb_models.AsbParty.objects.count(),
        "reports": asb_models.AsbReport.objects.count(),
        "assessments": asb_models.RiskAssessment.objects.count(),
        "actions": asb_models.AsbAction.objects.count(),
        "diary": asb_models.DiaryEntry.objects.count(),
        "reviews": asb_models.CaseReview.objects.count(),
        "events": Event.objects.count(),
        "deadlines": Deadline.objects.count(),
        "messages": OutboundMessage.objects.count(),
    }


def promises(asb: AsbCase) -> dict[str, list[str]]:
    """The case's deadlines by duty, each as its status (oldest first)."""
    result: dict[str, list[str]] = {}
    for duty, status in (
        Deadline.objects.filter(case_id=asb.case_id).order_by("pk").values_list("duty", "status")
    ):
        result.setdefault(duty, []).append(status)
    return result


def kinds(asb: AsbCase) -> list[str]:
    """The kinds of the case's timeline events, in order."""
    return list(
        Event.objects.filter(timeline_id=asb.case.timeline_id)
        .order_by("sequence")
        .values_list("kind", flat=True)
    )
