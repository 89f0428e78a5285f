"""The demo's repairs, between them in every deadline state (open, met, met late, missed).

These are records-only placeholders until the repairs domain lands: each case is opened with
`records.services.case_open`, its promises are recorded with `deadline_open` (due moments from
the policy clock, never typed), and are then kept with the records services, or left open for
the closing sweep to mark as missed. Once `repairs/` has its own services (priorities,
appointments), this module should open its cases through them instead. The demo's complaints
are made through `complaints.services` (see `complaints.py`).

Cases reported days ago are recorded with the moment they really arrived and the reason they are
back-dated, as a contact centre keying in yesterday's calls would.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta

from homecase.accounts.models import User
from homecase.common.time import now
from homecase.housing.models import CommunalArea, Nation, Resident
from homecase.policy import selectors as policy
from homecase.records import services as records
from homecase.records.models import Case, CaseKind, Channel, Deadline

FROM_CALL = "Logged from the call recording"
FROM_EMAIL = "Email to the shared inbox; logged the next working day"
FROM_INSPECTION = "Reported to the neighbourhood officer on the estate inspection"

AGENT = "agent@homecase.example"
PLANNER = "repairs@homecase.example"
NEIGHBOURHOOD = "neighbourhood@homecase.example"


class _Demo:
    """What every demo case needs: the people, places and a way to say "n working days ago"."""

    def __init__(
        self,
        staff: dict[str, User],
        residents: dict[str, Resident],
        areas: dict[tuple[str, str], CommunalArea],
    ) -> None:
        self.staff, self.residents, self.areas = staff, residents, areas
        self.today = now().astimezone(policy.landlord_time_zone()).date()

    def ago(self, working_days: int, at: str, calendar: str = Nation.ENGLAND_AND_WALES) -> datetime:
        """`working_days` working days before today, at a local time such as "10:15"."""
        working = policy.working_calendar(calendar)
        day, counted = self.today, 0
        while counted < working_days:
            day -= timedelta(days=1)
            counted += working.is_working_day(day)
        return datetime.combine(day, time.fromisoformat(at), tzinfo=policy.landlord_time_zone())


def _promise(
    case: Case,
    *,
    duty: str,
    label: str,
    started_at: datetime,
    working_days: int,
    actor: User,
    calendar: str,
    extension_limit: int = 0,
) -> Deadline:
    due_at, basis = policy.due_within_working_days(started_at, working_days, calendar_name=calendar)
    return records.deadline_open(
        case=case,
        duty=duty,
        label=label,
        started_at=started_at,
        due_at=due_at,
        basis=basis,
        actor=actor,
        extension_limit_working_days=extension_limit,
    )


def _repair(
    demo: _Demo,
    *,
    title: str,
    summary: str,
    received_at: datetime,
    reason: str,
    channel: str,
    working_days: int,
    priority: str,
    area: CommunalArea | None = None,
    resident: Resident | None = None,
    actor: str = AGENT,
) -> tuple[Case, Deadline]:
    """A repair to a communal area (reported by `resident`, if anyone) or to a resident's home."""
    home = resident.home if resident and area is None else None
    case = records.case_open(
        kind=CaseKind.REPAIR,
        title=title,
        actor=demo.staff[actor],
        channel=channel,
        summary=summary,
        home=home,
        communal_area=area,
        resident=resident,
        received_at=received_at,
        backdate_reason=reason,
        data={"priority": priority},
    )
    # Every demo block with a communal area is in England; a home follows its own nation.
    calendar = home.nation if home else Nation.ENGLAND_AND_WALES
    deadline = _promise(
        case,
        duty="repair.complete",
        label=f"Complete the {priority} repair",
        started_at=received_at,
        working_days=working_days,
        actor=demo.staff[PLANNER],
        calendar=calendar,
    )
    return case, deadline


# One function per case ------------------------------------------------------------------------


def _entrance_door(demo: _Demo) -> Case:
    """Open: reported yesterday, an urgent repair due in a few days, with an interim measure."""
    amina = demo.residents["amina"]
    case, _ = _repair(
        demo,
        title="Communal entrance door not locking — Heron House",
        summary="Amina Hassan (Flat 36) rang: the main entrance door does not lock and anyone "
        "can walk in. The magnetic lock is not holding.",
        received_at=demo.ago(1, "08:50"),
        reason=FROM_CALL,
        channel=Channel.PHONE,
        working_days=3,
        priority="urgent",
        area=demo.areas[("Heron House", "Main entrance door")],
        resident=amina,
    )
    records.event_record(
        timeline=case.timeline,
        kind="note",
        actor=demo.staff[NEIGHBOURHOOD],
        channel=Channel.PHONE,
        summary="Interim measure: the concierge will check and lock the "
        "door by hand every night until it is fixed. Told Ms Hassan.",
    )
    return case


def _lift(demo: _Demo) -> Case:
    """Missed: the lift repair ran past its due date while a part was awaited."""
    case, _ = _repair(
        demo,
        title="Lift out of service — Heron House",
        summary="Lift stuck on the ground floor with its doors open; residents on upper floors "
        "(including Faadumo Warsame, Flat 36, who uses a walking frame) cannot get out.",
        received_at=demo.ago(14, "11:20"),
        reason=FROM_INSPECTION,
        channel=Channel.IN_PERSON,
        working_days=10,
        priority="urgent",
        area=demo.areas[("Heron House", "Lift")],
        actor=NEIGHBOURHOOD,
    )
    records.event_record(
        timeline=case.timeline,
        kind="note",
        actor=demo.staff[PLANNER],
        channel=Channel.EMAIL,
        summary="Lift engineer attended: the door operator has failed; a replacement is on order.",
        occurred_at=demo.ago(10, "15:05"),
        backdate_reason="Engineer's report arrived by email; logged the next day",
    )
    return case


def _kitchen_tap(demo: _Demo) -> Case:
    """Met late: a routine repair done after its due date, reported by the resident's daughter."""
    case, deadline = _repair(
        demo,
        title="Kitchen tap dripping constantly — Flat 3, Kingfisher House",
        summary="Susan Collins, daughter of and representative for Margaret Collins, rang: the "
        "kitchen tap has dripped for a week and her mother cannot turn it off.",
        received_at=demo.ago(30, "10:05"),
        reason=FROM_CALL,
        channel=Channel.PHONE,
        working_days=20,
        priority="routine",
        resident=demo.residents["margaret"],
    )
    records.deadline_meet(deadline=deadline, actor=demo.staff[PLANNER], met_at=demo.ago(6, "14:30"))
    return case


def _extractor_fan(demo: _Demo) -> Case:
    """Met: a routine repair done in good time, reported by text after closing time."""
    case, deadline = _repair(
        demo,
        title="Bathroom extractor fan not working — Flat 11, Repton House",
        summary="Paul Hughes texted: the bathroom fan has stopped and the ceiling is getting "
        "damp. Reply by text only (Deaf, BSL user).",
        received_at=demo.ago(12, "19:10"),
        reason="Text received after closing; logged the next morning",
        channel=Channel.SMS,
        working_days=20,
        priority="routine",
        resident=demo.residents["paul"],
    )
    records.deadline_meet(deadline=deadline, actor=demo.staff[PLANNER], met_at=demo.ago(5, "11:00"))
    return case


def _radiators(demo: _Demo) -> Case:
    """Open, on the Scottish calendar (its own bank holidays)."""
    case, _ = _repair(
        demo,
        title="Radiators cold in two rooms — Flat 3, Restalrig Court",
        summary="Morag Stewart emailed: the radiators in the bedroom and living room stay cold.",
        received_at=demo.ago(1, "14:00", Nation.SCOTLAND),
        reason=FROM_EMAIL,
        channel=Channel.EMAIL,
        working_days=5,
        priority="urgent",
        resident=demo.residents["morag"],
    )
    return case


def _fence(demo: _Demo) -> Case:
    """Open: a routine repair to a house in Cardiff."""
    case, _ = _repair(
        demo,
        title="Garden fence blown down — 14 Clive Street",
        summary="Rhys Davies rang: two fence panels came down in the storm; the dog can get "
        "out into the lane.",
        received_at=demo.ago(3, "12:10"),
        reason=FROM_CALL,
        channel=Channel.PHONE,
        working_days=20,
        priority="routine",
        resident=demo.residents["rhys"],
    )
    return case


DEMO_CASES: tuple[Callable[[_Demo], Case], ...] = (
    _entrance_door,
    _lift,
    _kitchen_tap,
    _extractor_fan,
    _radiators,
    _fence,
)


def open_demo_cases(
    *,
    staff: dict[str, User],
    residents: dict[str, Resident],
    areas: dict[tuple[str, str], CommunalArea],
) -> list[Case]:
    """Open every demo case, in order; returns them."""
    demo = _Demo(staff, residents, areas)
    return [open_case(demo) for open_case in DEMO_CASES]
