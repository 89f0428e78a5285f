"""Replay of the ASB side of the Ombudsman's determination 202425093
(../shared/reference/002), on its real dates: what Homecase would have recorded.

31 May 2024: the resident reports the communal entrance doors left unlocked and the door entry
system not working. 1 June: he and a neighbour physically remove squatters from the communal
area. 2 July: he reports people "doing" and selling drugs in the building, and children who
witnessed crack cocaine being smoked. 4 July: the landlord answers that it cannot investigate
without a police crime reference number, and no record shows it did anything after.

What this asserts cannot happen now: the case proceeds without a crime reference, a risk
assessment and a first-contact promise exist from the day of the report, a site visit and the
partners' actions (patrols, a police report on the resident's behalf) are proposed and can be
agreed, and the case shows the door repair with its interim measures."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from homecase.asb import selectors
from homecase.asb.models import AsbCase, RiskAssessment
from homecase.asb.services import (
    action_add,
    asb_report,
    contact_record,
    diary_add,
    repair_link,
)
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Deadline, DeadlineStatus
from homecase.records.services import deadlines_sweep
from homecase.repairs.services.triage import interim_measures_record, repair_triage
from tests.asb import factories as asb_make
from tests.factories import ResidentFactory
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def test_the_2024_drug_use_reports_are_acted_on_without_a_crime_reference():
    officer = asb_make.asb_officer(first_name="Grace", last_name="Adebayo")
    agent = asb_make.contact_agent()
    snt = asb_make.partner(name="Leyton Safer Neighbourhood Team", kind="safer_neighbourhood")
    police = asb_make.partner(name="Metropolitan Police", kind="police")
    area = make.communal_area(name="Front and rear entrance doors")
    resident = ResidentFactory(
        first_name="Daniel", home__block=area.block, home__estate=area.estate
    )

    # 31 May 2024: the door repair, with interim security recorded the same day
    with time_machine.travel(at("2024-05-31", 9, 30), tick=False):
        repair = make.communal_repair(
            communal_area=area, resident=resident, actor=agent, vulnerable=False
        )
        repair = repair_triage(repair=repair, actor=make.planner())
        interim_measures_record(
            repair=repair,
            actor=make.planner(),
            measures="Temporary lock on the front door; security patrol each night.",
        )

    # 2 July 2024 (Tuesday), 18:00: the resident emails about drug use; no crime reference
    with time_machine.travel(at("2024-07-02", 18), tick=False):
        report = asb_report(
            actor=agent,
            channel=Channel.EMAIL,
            reporter=resident,
            description="People are doing and selling drugs in the building. Children under "
            "11 have seen addicts smoking crack cocaine. On 1 June a neighbour and I had to "
            "remove squatters from the communal area ourselves.",
            behaviours=["drugs", "squatting"],
            location="block",
            block=area.block,
            happened_at=at("2024-07-02", 17),
            risk_answers={"children": True, "repeated": True, "unsafe_at_home": True},
        )
        asb: AsbCase = report.asb
        diary_add(
            asb=asb,
            actor=agent,
            resident=resident,
            happened_at=at("2024-06-01", 21),
            what_happened="A neighbour and I removed two squatters from the communal area.",
            channel=Channel.EMAIL,
        )

    # then: the case exists and proceeds without a crime reference
    assert asb.crime_reference == ""
    assert asb.case.reference.startswith("A-2024-")
    # a risk assessment and a first-contact promise from 2 July (high risk: the same working
    # day; the email came after closing time, so by the end of the next one)
    assessment = RiskAssessment.objects.get(asb=asb)
    assert local(assessment.assessed_at) == "2024-07-02 18:00"
    assert assessment.level == "high"
    first_contact = Deadline.objects.get(case=asb.case, duty="asb.first_contact")
    assert local(first_contact.started_at) == "2024-07-02 18:00"
    assert first_contact.due_at.astimezone(LONDON).date().isoformat() == "2024-07-03"
    # the named officer is told to the resident, with no crime reference asked for
    [told] = OutboundMessage.objects.filter(case=asb.case)
    assert asb.case.reference in told.body
    assert "Grace Adebayo" in told.body
    assert "crime reference" not in told.body.lower() or "do not need" in told.body.lower()

    # 3 July: the officer calls the resident back the next working day (the promise is kept)
    with time_machine.travel(at("2024-07-03", 10), tick=False):
        contact_record(
            asb=asb,
            actor=officer,
            channel=Channel.PHONE,
            summary="Called back: agreed a site visit, patrols and a police report for him.",
        )
    first_contact.refresh_from_db()
    assert first_contact.status == DeadlineStatus.MET

    # 4 July (the day the landlord demanded a crime reference): the site visit and the
    # partners' actions are proposed, and the officer agrees them; the door repair is linked
    with time_machine.travel(at("2024-07-04", 11), tick=False):
        proposed = [s.kind for s in selectors.case_page(asb).suggestions]
        for kind in ("site_visit", "speak_to_neighbours", "patrols", "police_report"):
            assert kind in proposed
        client = Client()
        client.force_login(officer)
        proposing = client.get(f"/console/asb/{asb.case.reference}/").text
        assert "Actions to consider" in proposing
        assert "Ask for patrols" in proposing
        repair_link(asb=asb, actor=officer, repair=repair)
        agreed = {
            "site_visit": {"owner": officer},
            "speak_to_neighbours": {"owner": officer},
            "patrols": {"partner": snt},
            "police_report": {"partner": police, "victim_consent": True},
        }
        for kind, who in agreed.items():
            action_add(
                asb=asb,
                actor=officer,
                kind=kind,
                description=f"Agreed with the resident on 3 July: {kind.replace('_', ' ')}.",
                due_on=at("2024-07-09").date(),
                agreed_with_victim=True,
                **who,
            )
        deadlines_sweep()

    page = selectors.case_page(AsbCase.objects.get(pk=asb.pk))
    assert {action.kind for action in page.actions} == set(agreed)
    assert page.suggestions == [] or all(s.kind not in agreed for s in page.suggestions)
    assert page.asb.related_repair == repair
    assert page.asb.crime_reference == ""
    # the officer's case page shows the door repair's interim measures (signed in again: the
    # 2024 session has long expired)
    client.force_login(officer)
    html = client.get(f"/console/asb/{asb.case.reference}/").text
    assert repair.case.reference in html
    assert "Temporary lock on the front door" in html
    # nothing promised has been missed by 4 July
    assert not Deadline.objects.filter(case=asb.case, status=DeadlineStatus.MISSED).exists()
