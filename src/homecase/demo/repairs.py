"""The demo's repairs: one job for every state a repair can be in, made through
`repairs.services` exactly as the portal, console, contractor pages and API make them.

Reports that arrived days ago are recorded with the moment they really arrived and the reason
they are back-dated, as a contact centre keying in yesterday's calls would; what happens after
(triage, work orders, visits, completion) is recorded now, since a visit cannot be recorded
before its work order was issued.

The stories: a leak just reported; an emergency attended today; a routine job triaged with a
contractor's appointment booked; a job paused after no access (the attempts and the card left
recorded); a job completed and waiting for the resident, with a post-inspection due; a job
confirmed and closed with the resident's satisfaction; a recall (the same fault again, the same
job reopened); the Heron House door entry system handed to the planned programme with interim
security and update deadlines (the pattern of the Ombudsman's door-entry case); a job chased
twice, escalated to a manager with a complaint offered; and a damp and mould case under
Awaab's Law, investigated with the written summary sent. Also the contractor Eastway Building
Services with its users, and components of blocks and homes on their cycles, some overdue.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group

from homecase.accounts.models import Role, User
from homecase.common.time import now
from homecase.demo.cases import _Demo
from homecase.housing.models import Block, CommunalArea, Home, Resident
from homecase.records.models import Channel
from homecase.repairs.models import Component, Contractor, Repair, WorkOrder
from homecase.repairs.services import (
    appointments,
    awaab,
    chases,
    completion,
    components,
    intake,
    triage,
    visits,
    work_orders,
)

PLANNER = "repairs@homecase.example"
AGENT = "agent@homecase.example"
MANAGER = "manager@homecase.example"
CONTRACTOR_EMAIL = "contractor@homecase.example"
EASTWAY = "Eastway Building Services"
EASTWAY_USERS = ("contractor@eastway-building.example",)
FROM_CALL = "Logged from the call recording"
FROM_EMAIL = "Email to the repairs inbox; logged the next working day"


@dataclass(frozen=True)
class MadeRepairs:
    repairs: list[Repair]
    components: int


class _Repairs(_Demo):
    """The demo's people and places, with the steps the repair stories share."""

    def __init__(
        self,
        staff: dict[str, User],
        residents: dict[str, Resident],
        areas: dict[tuple[str, str], CommunalArea],
        eastway: Contractor,
    ) -> None:
        super().__init__(staff, residents, areas)
        self.planner, self.agent = staff[PLANNER], staff[AGENT]
        self.eastway = eastway

    def report(
        self,
        resident: Resident,
        category: str,
        description: str,
        *,
        days_ago: int = 0,
        at: str = "09:30",
        channel: str = Channel.PHONE,
        area: CommunalArea | None = None,
        vulnerability: str = "",
        access_notes: str = "",
    ) -> Repair:
        received = self.ago(days_ago, at) if days_ago else None
        return intake.repair_report(
            actor=self.agent,
            channel=channel,
            category=category,
            description=description,
            vulnerable=bool(vulnerability),
            vulnerability_details=vulnerability,
            resident=resident,
            communal_area=area,
            access_notes=access_notes,
            received_at=received,
            backdate_reason=(FROM_EMAIL if channel == Channel.EMAIL else FROM_CALL)
            if received
            else "",
        )

    def triaged(self, repair: Repair) -> Repair:
        return triage.repair_triage(repair=repair, actor=self.planner)

    def order(self, repair: Repair, instructions: str, *, firm: bool = False) -> WorkOrder:
        return work_orders.work_order_issue(
            repair=repair,
            actor=self.planner,
            instructions=instructions,
            contractor=self.eastway if firm else None,
            in_house_team="" if firm else f"In-house {repair.trade} team",
        )

    def visit(
        self, order: WorkOrder, outcome: str, notes: str, *, operative: str = "Sam Okafor", **kw
    ) -> None:
        at = now()  # just after the order was issued: a visit is never before it, nor ahead
        visits.visit_record(
            work_order=order,
            actor=self.planner,
            operative=operative,
            arrived_at=at,
            left_at=at,
            outcome=outcome,
            notes=notes,
            **kw,
        )

    def slot(self, days_ahead: int, hour: int) -> tuple:
        day = self.today + timedelta(days=days_ahead)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts = self.ago(0, f"{hour:02d}:00").replace(year=day.year, month=day.month, day=day.day)
        return starts, starts + timedelta(hours=4)


# Set-up: the contractor and its users ------------------------------------------------------------


def eastway_create(staff: dict[str, User], *, password_hash: str) -> Contractor:
    """Eastway Building Services, with the demo contractor's sign-ins as its users."""
    firm, _ = Contractor.objects.get_or_create(
        name=EASTWAY,
        defaults={
            "trades": "carpentry,plumbing,plastering,door entry",
            "email": "jobs@eastway-building.example",
            "phone": "020 7946 0321",
            "code_of_conduct_signed_on": date(2025, 4, 1),
        },
    )
    group, _ = Group.objects.get_or_create(name=Role.CONTRACTOR)
    user, _ = User.objects.get_or_create(
        username=CONTRACTOR_EMAIL,
        defaults={
            "email": CONTRACTOR_EMAIL,
            "first_name": "Lena",
            "last_name": "Marsh",
            "password": password_hash,
        },
    )
    user.groups.add(group)
    firm.users.add(user, *(staff[name] for name in EASTWAY_USERS if name in staff))
    return firm


# One function per story ----------------------------------------------------------------------


def _reported_leak(demo: _Repairs) -> Repair:
    """Just reported, not yet triaged: the honest promise is already on it."""
    return demo.report(
        demo.residents["margaret"],
        "leak",
        "Water dripping from the pipe under the kitchen sink into the cupboard.",
        vulnerability="Margaret is 84 and walks with a frame: please allow time to answer.",
        access_notes="Ring the bell and wait; her daughter can let you in after 4pm.",
    )


def _emergency(demo: _Repairs) -> Repair:
    """An emergency: 24 hours, attended today by the in-house plumber with an appointment."""
    repair = demo.report(
        demo.residents["abdul"],
        "uncontained_leak",
        "Water pouring through the bathroom ceiling from the flat above; it will not stop.",
        channel=Channel.PHONE,
    )
    repair = demo.triaged(repair)
    order = demo.order(repair, "Isolate the supply, find the leak in the flat above, make safe.")
    starts, ends = demo.slot(1, 8)
    appointments.appointment_book(
        work_order=order, actor=demo.planner, starts_at=starts, ends_at=ends
    )
    return repair


def _booked_routine(demo: _Repairs) -> Repair:
    """Routine, triaged, with Eastway's appointment booked next week."""
    repair = demo.report(
        demo.residents["agnieszka"],
        "door",
        "The bathroom door has dropped and will not close.",
        days_ago=2,
        at="11:20",
    )
    repair = demo.triaged(repair)
    order = demo.order(repair, "Rehang the bathroom door; replace hinges if worn.", firm=True)
    starts, ends = demo.slot(5, 8)
    appointments.appointment_book(
        work_order=order, actor=demo.planner, starts_at=starts, ends_at=ends
    )
    return repair


def _no_access(demo: _Repairs) -> Repair:
    """Paused after no access: the knocks, the call and the card left recorded; the resident
    sees why the clock stopped and that it restarts when they say when we can come."""
    repair = demo.report(
        demo.residents["delroy"],
        "blocked_drain",
        "The kitchen sink will not drain at all.",
        days_ago=3,
        at="14:05",
    )
    repair = demo.triaged(repair)
    order = demo.order(repair, "Clear the kitchen waste; jet the drain if needed.")
    at = now()
    demo.visit(
        order,
        "no_access",
        "Nobody in; neighbours had not seen the resident today.",
        operative="Lee Walsh",
        attempts=[
            visits.AttemptInput(attempted_at=at, method="knocked"),
            visits.AttemptInput(attempted_at=at, method="phoned"),
            visits.AttemptInput(attempted_at=at, method="card", card_left=True),
        ],
    )
    return repair


def _completed_awaiting(demo: _Repairs) -> Repair:
    """Completed on today's visit, waiting for the resident to confirm; its cost puts it in
    the post-inspection sample."""
    repair = demo.report(
        demo.residents["chloe"],
        "kitchen",
        "Two kitchen units have come away from the wall and the worktop is split.",
        days_ago=6,
        at="10:40",
    )
    repair = demo.triaged(repair)
    order = work_orders.work_order_issue(
        repair=repair,
        actor=demo.planner,
        instructions="Refix the wall units and replace the split worktop section.",
        contractor=demo.eastway,
        cost_pence=145_000,
    )
    demo.visit(order, "completed", "Units refixed to the studs; worktop section replaced.")
    return repair


def _closed(demo: _Repairs) -> Repair:
    """Confirmed by the resident, rated, and closed (any inspection drawn passed first)."""
    repair = demo.report(
        demo.residents["paul"],
        "toilet",
        "The toilet does not flush unless you hold the handle down.",
        days_ago=4,
        at="09:10",
    )
    repair = demo.triaged(repair)
    order = demo.order(repair, "Replace the flush mechanism.")
    demo.visit(order, "completed", "New flush valve fitted and tested.")
    _confirm_and_close(demo, repair, satisfaction=4, comment="Quick and tidy, thank you.")
    return repair


def _confirm_and_close(demo: _Repairs, repair: Repair, *, satisfaction: int, comment: str) -> None:
    completion.completion_confirm(
        repair=repair,
        actor=demo.planner,
        confirmed=True,
        satisfaction=satisfaction,
        comment=comment,
    )
    for inspection in repair.inspections.filter(result=""):
        completion.inspection_record(
            inspection=inspection, actor=demo.planner, passed=True, notes="Work to standard."
        )


def _recall(demo: _Repairs) -> Repair:
    """Fixed and closed, then the same fault again: the same job reopened, not a new one."""
    resident = demo.residents["nazma"]
    repair = demo.report(
        resident,
        "electrical_fault",
        "The bedroom socket sparks when anything is plugged in.",
        days_ago=8,
        at="16:15",
    )
    repair = demo.triaged(repair)
    order = demo.order(repair, "Replace the bedroom double socket; test the circuit.")
    demo.visit(order, "completed", "Socket replaced; circuit tested.")
    _confirm_and_close(demo, repair, satisfaction=5, comment="")
    return demo.report(
        resident,
        "electrical_fault",
        "The same socket is sparking again.",
        channel=Channel.PORTAL,
    )


def _door_entry(demo: _Repairs) -> Repair:
    """The Heron House door entry system (the Ombudsman's case pattern): a specialist job, so
    no made-up date; interim security recorded before it may wait; the specialist finds it
    obsolete; handed to the planned programme with its date, and updates promised."""
    amina = demo.residents["amina"]
    repair = demo.report(
        amina,
        "door_entry",
        "The door entry system does not work: visitors cannot buzz in and the front door "
        "does not lock, so anyone can walk in.",
        days_ago=5,
        at="08:45",
        area=demo.areas[("Heron House", "Door entry system")],
    )
    repair = demo.triaged(repair)
    triage.interim_measures_record(
        repair=repair,
        actor=demo.planner,
        measures="Temporary magnetic lock fitted to the main door; security patrol every "
        "night until the new system is in.",
    )
    order = demo.order(
        repair, "Diagnose the door entry panel and controller; repair if parts exist.", firm=True
    )
    demo.visit(
        order,
        "specialist",
        "Controller obsolete: the manufacturer no longer makes parts. Needs a new system.",
        operative="Dave Okafor",
    )
    repair = triage.repair_hand_to_programme(
        repair=repair,
        actor=demo.planner,
        programme="Door entry replacement programme 2026-27",
        planned_for=demo.today + timedelta(days=120),
        reason="The system is obsolete and cannot be repaired: it needs replacing.",
    )
    return triage.repair_update_give(
        repair=repair,
        actor=demo.planner,
        summary="The new door entry system is ordered; the temporary lock and night patrol "
        "stay until it is fitted.",
        channel=Channel.EMAIL,
    )


def _chased(demo: _Repairs) -> Repair:
    """Chased twice: each chase has a reply deadline, the second goes to a manager and the
    resident is offered a complaint."""
    repair = demo.report(
        demo.residents["amina"],
        "window",
        "The bedroom window will not close and the room is freezing.",
        days_ago=9,
        at="12:30",
    )
    repair = demo.triaged(repair)
    demo.order(repair, "Ease and adjust the bedroom window; replace the stay.", firm=True)
    for days_ago, channel, summary in (
        (4, Channel.PHONE, "Rang to ask when someone is coming: nobody has called her back."),
        (1, Channel.EMAIL, "Emailed again: still no date, and the room is freezing at night."),
    ):
        chases.chase_record(
            repair=repair,
            actor=demo.agent,
            channel=channel,
            summary=summary,
            occurred_at=demo.ago(days_ago, "10:00"),
            backdate_reason=FROM_CALL if channel == Channel.PHONE else FROM_EMAIL,
        )
    return repair


def _damp_and_mould(demo: _Repairs) -> Repair:
    """Damp and mould under Awaab's Law: the investigation clock from the report, the
    investigation recorded and the written summary sent to the resident."""
    repair = demo.report(
        demo.residents["rhys"],
        "damp_mould",
        "Black mould on the bedroom wall and around the window; my son's asthma is worse.",
        days_ago=4,
        at="15:40",
        vulnerability="Child with asthma in the home.",
    )
    repair = demo.triaged(repair)
    hazard = repair.awaab_hazard
    hazard = awaab.hazard_investigation_record(
        hazard=hazard,
        actor=demo.planner,
        investigator="Jo Price, surveyor",
        investigated_at=now() - timedelta(hours=2),
        findings="Condensation mould on the north bedroom wall; extractor fan in the bathroom "
        "not working; no penetrating damp found.",
    )
    awaab.hazard_summary_sent(hazard=hazard, actor=demo.planner, how="email")
    return repair


STORIES = (
    _reported_leak,
    _emergency,
    _booked_routine,
    _no_access,
    _completed_awaiting,
    _closed,
    _recall,
    _door_entry,
    _chased,
    _damp_and_mould,
)


# Components on their cycles ------------------------------------------------------------------


def _components(demo: _Repairs) -> int:
    """Blocks' and homes' components with their last-done dates; some already overdue."""
    plans = [
        ("Heron House", "door_entry", date(2008, 6, 1)),  # 15-year cycle: overdue
        ("Heron House", "fire_doors", date(2025, 3, 10)),  # yearly: overdue
        ("Heron House", "communal_decoration", date(2022, 9, 1)),
        ("Kingfisher House", "external_decoration", date(2019, 5, 1)),  # 5 years: overdue
        ("Kingfisher House", "roof", date(2001, 7, 1)),
        ("Teal Court", "external_decoration", date(2023, 4, 1)),
        ("Teal Court", "fire_doors", date(2026, 1, 15)),
    ]
    made = 0
    for block_name, kind, last_done in plans:
        block = Block.objects.filter(name=block_name).first()
        if block is None or last_done > demo.today:
            continue
        components.component_add(actor=demo.planner, kind=kind, block=block, last_done_on=last_done)
        made += 1
    for key, kind, last_done in (
        ("amina", "boiler", date(2010, 11, 1)),  # 15 years: overdue
        ("margaret", "kitchen", date(2004, 2, 1)),  # 20 years: overdue
        ("rhys", "windows", date(1999, 8, 1)),
    ):
        home: Home | None = demo.residents[key].home
        if home is not None:
            components.component_add(
                actor=demo.planner, kind=kind, home=home, last_done_on=last_done
            )
            made += 1
    return made


def open_demo_repairs(
    *,
    staff: dict[str, User],
    residents: dict[str, Resident],
    areas: dict[tuple[str, str], CommunalArea],
    password_hash: str,
) -> MadeRepairs:
    """Make the demo's repairs, contractor and components (inside the demo's transaction)."""
    eastway = eastway_create(staff, password_hash=password_hash)
    demo = _Repairs(staff, residents, areas, eastway)
    made = [story(demo) for story in STORIES]
    count = _components(demo) if not Component.objects.exists() else 0
    return MadeRepairs(repairs=made, components=count)
