"""Replay of the door-entry case in the Ombudsman's determination 202425093
(../shared/reference/002): what Homecase would have recorded, on the real dates.

31 May 2024: the resident phones: the communal entrance doors are left unlocked and the door
entry system does not work. June: the specialist contractor visits, replaces a faulty
controller, finds the phone line dead. 10 June: first chase (squatters removed on 1 June).
2 July: second chase (drug use in the block). Early August: the line is fixed but the system
still fails. Mid-August: the contractor finds it obsolete; the job goes to planned investment.

What went wrong then, and what this asserts cannot happen now: the resident was told "up to 28
days" for a job that policy excluded from responsive repairs; no interim security was ever
considered; chases got automated replies; no visit was recorded with its date."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Deadline, DeadlineStatus, Event, Visibility
from homecase.records.services import deadlines_sweep
from homecase.repairs.models import Repair, Visit
from homecase.repairs.services import _common
from homecase.repairs.services.appointments import appointment_book
from homecase.repairs.services.chases import chase_record, chase_reply
from homecase.repairs.services.triage import (
    interim_measures_record,
    repair_hand_to_programme,
    repair_triage,
)
from homecase.repairs.services.visits import visit_record
from homecase.repairs.services.work_orders import work_order_issue
from tests.factories import ResidentFactory
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# A made-up completion promise: "N days", "within N working days" for completion, "complete the
# repair by". Update promises ("update you by", "every N working days after that") are honest.
MADE_UP = re.compile(r"28 days|complete the repair by|completed within", re.IGNORECASE)


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def said_to_the_resident(repair: Repair) -> list[str]:
    """Every message sent and every resident-visible timeline entry on the job."""
    messages = OutboundMessage.objects.filter(case=repair.case)
    texts = [f"{m.subject}\n{m.body}\n{m.body_html}" for m in messages]
    events = Event.objects.filter(timeline=repair.case.timeline, visibility=Visibility.RESIDENT)
    return texts + [event.summary for event in events]


@pytest.fixture
def people():
    firm = make.contractor(name="Citywide Security Systems", trades="door entry,security")
    return {
        "agent": make.contact_agent(),
        "planner": make.planner(),
        "manager": make.manager(first_name="Priya", last_name="Shah"),
        "firm": firm,
        "engineer": make.contractor_user(contractor=firm),
    }


def test_the_2024_door_entry_case_replayed_day_by_day(people):
    area = make.communal_area(name="Front and rear entrance doors")
    resident = ResidentFactory(
        first_name="Daniel", home__block=area.block, home__estate=area.estate
    )

    # 31 May 2024 (Friday): reported by phone; the vulnerability question is asked
    with time_machine.travel(at("2024-05-31", 9, 30), tick=False):
        repair = make.communal_repair(
            communal_area=area,
            resident=resident,
            actor=people["agent"],
            description="An operative left the front and rear entrance doors unlocked; the "
            "door entry system does not work, so the doors cannot be secured.",
            vulnerable=False,
        )
        repair_triage(repair=repair, actor=people["planner"])
    reference = repair.case.reference

    # then: no completion date at all (door entry is a specialist system), who has it, when
    # the resident will next hear, and interim measures owed within 24 hours
    assert repair.route == "specialist"
    assert repair.target_due_at is None
    assert not Deadline.objects.filter(case=repair.case, duty=_common.COMPLETE).exists()
    [reported] = OutboundMessage.objects.filter(case=repair.case)
    assert reference in reported.body
    assert "cannot give you a completion date" in reported.body
    assert "Our door entry specialist contractor has the job" in reported.body
    assert "We will update you by 14 June 2024" in reported.body
    [interim] = _common.unkept(repair, _common.INTERIM)
    assert local(interim.due_at) == "2024-06-01 09:30"

    # 1 June: nobody has recorded interim measures (squatters got in that day): the promise
    # is missed, on the record
    with time_machine.travel(at("2024-06-01", 12), tick=False):
        deadlines_sweep()
    interim.refresh_from_db()
    assert interim.status == DeadlineStatus.MISSED

    # 3 June: the job goes to the specialist contractor; booking a visit days away is refused
    # until interim measures are recorded (the job is about the block's security)
    with time_machine.travel(at("2024-06-03", 9), tick=False):
        order = work_order_issue(
            repair=repair,
            actor=people["planner"],
            instructions="Door entry system not working; doors cannot be secured.",
            contractor=people["firm"],
        )
        with pytest.raises(Conflict, match="interim measures"):
            appointment_book(
                work_order=order,
                actor=people["planner"],
                starts_at=at("2024-06-05", 8),
                ends_at=at("2024-06-05", 12),
            )

    # 5 June: the engineer's first visit, recorded with its date (the landlord could not give
    # the dates of its four visits to the Ombudsman)
    with time_machine.travel(at("2024-06-05", 14), tick=False):
        first_visit = visit_record(
            work_order=order,
            actor=people["engineer"],
            operative="A. Engineer",
            arrived_at=at("2024-06-05", 10),
            left_at=at("2024-06-05", 12),
            outcome="specialist",
            notes="Replaced a faulty controller. The telephone line is dead: BT fault.",
        )

    # 10 June: the first chase, by email; it gets a reply deadline, and a real reply
    with time_machine.travel(at("2024-06-10", 11), tick=False):
        first = chase_record(
            repair=repair,
            actor=people["agent"],
            channel=Channel.EMAIL,
            summary="Second time the doors have been left unlocked. On 1 June a neighbour and "
            "I had to remove squatters from the communal area. Please fix them.",
        )
        chase_reply(
            chase=first,
            actor=people["planner"],
            summary="The engineer replaced the controller on 5 June; the phone line is dead and "
            "BT have been asked to repair it. We will update you by 14 June.",
            channel=Channel.EMAIL,
        )
    assert local(first.reply_deadline.due_at) == "2024-06-12 23:59"
    assert first.escalated_to is None
    assert first.complaint_offer is None

    # 2 July: the second chase escalates to a manager and opens the complaint offer
    with time_machine.travel(at("2024-07-02", 16), tick=False):
        second = chase_record(
            repair=repair,
            actor=people["agent"],
            channel=Channel.EMAIL,
            summary="When will the entrance doors be fixed? People are taking drugs in the "
            "building and children have seen it.",
        )
    assert local(second.reply_deadline.due_at) == "2024-07-04 23:59"
    assert second.escalated_to == people["manager"]
    assert second.complaint_offer is not None
    assert second.complaint_offer.case == repair.case
    assert Event.objects.filter(timeline=repair.case.timeline, kind="complaint.offer_due").exists()

    # 6 August: the engineer's second visit: the line is fixed, the system still fails
    with time_machine.travel(at("2024-08-06", 15), tick=False):
        visit_record(
            work_order=order,
            actor=people["engineer"],
            operative="A. Engineer",
            arrived_at=at("2024-08-06", 9),
            left_at=at("2024-08-06", 11),
            outcome="specialist",
            notes="Phone line now working. The panel still drops calls; investigating.",
        )

    # 15 August: the system is obsolete. Handing it to planned investment is refused until
    # interim measures are recorded; then it goes, under the same reference
    with time_machine.travel(at("2024-08-15", 10), tick=False):
        with pytest.raises(Conflict, match="interim measures"):
            repair_hand_to_programme(
                repair=repair,
                actor=people["planner"],
                programme="Planned investment: door entry renewal",
                planned_for=date(2025, 4, 1),
                reason="The contractor found the door entry system obsolete: parts are no "
                "longer made, so it must be replaced.",
            )
        interim_measures_record(
            repair=repair,
            actor=people["planner"],
            measures="Magnetic locks released to manual deadlocks with keys for each flat; "
            "security patrol every night until the new system is in.",
        )
        repair = repair_hand_to_programme(
            repair=repair,
            actor=people["planner"],
            programme="Planned investment: door entry renewal",
            planned_for=date(2025, 4, 1),
            reason="The contractor found the door entry system obsolete: parts are no longer "
            "made, so it must be replaced.",
        )

    # then: the same job, open, planned, with an update promise; every visit on record
    assert repair.case.reference == reference
    assert Repair.objects.count() == 1
    assert repair.status == "planned"
    assert repair.planned_for == date(2025, 4, 1)
    visits = Visit.objects.filter(work_order__repair=repair).order_by("arrived_at")
    assert [(local(visit.arrived_at), visit.outcome) for visit in visits] == [
        ("2024-06-05 10:00", "specialist"),
        ("2024-08-06 09:00", "specialist"),
    ]
    assert visits[0] == first_visit
    interim.refresh_from_db()
    assert interim.status == DeadlineStatus.MET_LATE
    assert _common.unkept(repair, _common.UPDATE)
    planned = OutboundMessage.objects.filter(case=repair.case, template="repair_planned").get()
    assert "Planned investment: door entry renewal" in planned.body
    assert "1 April 2025" in planned.body
    assert "not a promise of a completion date" in planned.body
    assert "We will update you by 30 August 2024" in planned.body  # 26 August: bank holiday

    # and never, in any message or on the resident's timeline: "28 days" or a completion date
    texts = said_to_the_resident(repair)
    assert len(texts) > 20
    assert [text for text in texts if MADE_UP.search(text)] == []
    assert not Deadline.objects.filter(case=repair.case, duty=_common.COMPLETE).exists()
