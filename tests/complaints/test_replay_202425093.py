"""Replay of the Ombudsman's case 202425093 (../shared/reference/002): what Homecase would have
recorded, on the real dates, for a complaint made on 18 July 2024 and never acknowledged.

Complaint 18 July 2024; chased 29 August; stage 1 response 19 September (acknowledged the same
day); escalation asked for 5 November (after the 20-working-day window, accepted with an
officer's discretion); acknowledged 21 November; stage 2 response 13 December 2024."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.complaints import services
from homecase.complaints.models import ComplaintStatus, MissedPromise
from homecase.complaints.services import PointDecisionInput
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Deadline, DeadlineStatus
from homecase.records.services import deadlines_sweep
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


def local(deadline: Deadline) -> str:
    return deadline.due_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def sweep_on(day: str) -> None:
    with time_machine.travel(at(day, 6), tick=False):
        deadlines_sweep()
        services.missed_promises_follow_up()


def deadlines(complaint, duty: str) -> list[tuple[str, str]]:
    found = Deadline.objects.filter(case=complaint.case, duty=duty).order_by("pk")
    return [(local(d), d.status) for d in found]


@pytest.fixture
def people():
    return {
        "resident": ResidentFactory(first_name="Daniel", last_name="Okoro"),
        "agent": UserFactory(roles=["contact_agent"]),
        "stage1": UserFactory(roles=["complaint_officer"]),
        "stage2": UserFactory(roles=["complaint_officer"]),
    }


def test_the_2024_complaint_replayed_day_by_day(people):
    # given: the complaint as made on 18 July 2024 by email
    with time_machine.travel(at("2024-07-18", 14), tick=False):
        complaint = services.complaint_create(
            actor=people["agent"],
            channel=Channel.EMAIL,
            resident=people["resident"],
            description="The front and rear entrance doors have been left unlocked since 31 May. "
            "Squatters and drug users are getting into the building.",
            desired_outcome="Secure the doors now and tell me when the entry system is fixed.",
        )
    # then: acknowledgement owed by the end of the 5th working day after 18 July
    assert deadlines(complaint, "complaint.stage1.acknowledge") == [
        ("2024-07-25 23:59", DeadlineStatus.OPEN)
    ]

    # when: nobody acknowledges it; the sweep runs the next morning
    sweep_on("2024-07-26")
    # then: missed, with an apology and a new date 3 working days on
    assert deadlines(complaint, "complaint.stage1.acknowledge") == [
        ("2024-07-25 23:59", DeadlineStatus.MISSED),
        ("2024-07-31 23:59", DeadlineStatus.OPEN),
    ]
    assert MissedPromise.objects.filter(deadline__case=complaint.case).count() == 1
    apology = OutboundMessage.objects.filter(case=complaint.case, template="deadline_missed")
    assert apology.count() == 1
    assert "31 July 2024" in apology.get().body

    # when: the resident chases on 29 August; still nothing until 19 September
    with time_machine.travel(at("2024-08-29", 11), tick=False):
        services.contact_record(
            case=complaint.case,
            actor=people["agent"],
            channel=Channel.EMAIL,
            summary="I have had no response to my complaint. Still waiting.",
        )
    sweep_on("2024-09-19")

    # when: stage 1 acknowledged and answered on 19 September (45 working days after receipt)
    with time_machine.travel(at("2024-09-19", 9), tick=False):
        services.complaint_acknowledge(
            complaint=complaint,
            actor=people["stage1"],
            points=["The communal entrance doors are not secure", "No reply to the complaint"],
            outcomes_sought="Doors secured; an apology for the delay",
        )
    # then: the acknowledgement was kept, but late; the response is due 10 working days later
    # (the first date and the new one apologised with were both missed: each sweep that found
    # one missed sent an apology and a new date)
    assert deadlines(complaint, "complaint.stage1.acknowledge") == [
        ("2024-07-25 23:59", DeadlineStatus.MET_LATE),
        ("2024-07-31 23:59", DeadlineStatus.MET_LATE),
        ("2024-09-24 23:59", DeadlineStatus.MET),
    ]
    assert (
        OutboundMessage.objects.filter(case=complaint.case, template="deadline_missed").count() == 2
    )
    assert deadlines(complaint, "complaint.stage1.respond") == [
        ("2024-10-03 23:59", DeadlineStatus.OPEN)
    ]
    with time_machine.travel(at("2024-09-19", 15), tick=False):
        services.complaint_decide_points(
            complaint=complaint,
            actor=people["stage1"],
            decisions=[
                PointDecisionInput(1, "not_upheld", "An engineer attended in June."),
                PointDecisionInput(2, "upheld", "We did not acknowledge the complaint."),
            ],
        )
        first = services.complaint_respond(
            complaint=complaint,
            actor=people["stage1"],
            explanation="The door entry system is obsolete and needs replacing.",
        )
    # then: escalation window ends 20 working days after the response
    assert first.escalate_by.astimezone(LONDON).strftime("%Y-%m-%d") == "2024-10-17"
    assert first.outcome == "partly_upheld"
    letter = OutboundMessage.objects.get(pk=first.response_letter_id)
    assert "stage 2" in letter.body.lower()

    # when: the resident asks for stage 2 on 5 November, after the window
    with time_machine.travel(at("2024-11-05", 12), tick=False):
        with pytest.raises(services.intake.InvalidInput):
            services.complaint_escalate(
                complaint=complaint, actor=people["agent"], channel=Channel.EMAIL
            )
        services.complaint_escalate(
            complaint=complaint,
            actor=people["agent"],
            channel=Channel.EMAIL,
            late_discretion_reason="The doors are still unsecured: the matter is ongoing.",
        )
    # then: the stage 2 acknowledgement falls due 5 working days later, and is missed
    sweep_on("2024-11-21")
    assert deadlines(complaint, "complaint.stage2.acknowledge")[0] == (
        "2024-11-12 23:59",
        DeadlineStatus.MISSED,
    )
    # when: acknowledged on 21 November by a different officer; final response 13 December
    with time_machine.travel(at("2024-11-21", 10), tick=False):
        with pytest.raises(services.intake.Conflict):
            services.complaint_acknowledge(
                complaint=complaint,
                actor=people["stage1"],
                points=["x"],
                outcomes_sought="y",
            )
        services.complaint_acknowledge(
            complaint=complaint,
            actor=people["stage2"],
            points=["Six months with unsecured entrance doors"],
            outcomes_sought="A date for the new entry system",
        )
    assert deadlines(complaint, "complaint.stage2.respond") == [
        ("2024-12-19 23:59", DeadlineStatus.OPEN)
    ]
    with time_machine.travel(at("2024-12-13", 10), tick=False):
        services.complaint_decide_points(
            complaint=complaint,
            actor=people["stage2"],
            decisions=[PointDecisionInput(1, "upheld", "We did not secure the doors.")],
        )
        final = services.complaint_respond(
            complaint=complaint,
            actor=people["stage2"],
            explanation="The intercom renewal is in the programme, subject to consultation.",
        )
    complaint.refresh_from_db()
    # then: a final response on time, with the Ombudsman's details in the letter
    assert complaint.status == ComplaintStatus.STAGE_2_RESPONDED
    assert deadlines(complaint, "complaint.stage2.respond") == [
        ("2024-12-19 23:59", DeadlineStatus.MET)
    ]
    final_letter = OutboundMessage.objects.get(pk=final.response_letter_id)
    assert "Housing Ombudsman" in final_letter.body
