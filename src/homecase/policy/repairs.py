"""The landlord's repairs policy: priorities with their timescales, the repair catalogue, and the
statutory Awaab's Law clocks. Pure: no Django.

A priority's timescale is either calendar hours (an emergency: attend and make safe) or working
days. A catalogue entry whose `route` is not responsive has no responsive timescale at all: the
resident is told plainly who has the job and when they will next hear, never a made-up date
(the door-entry case in the Ombudsman's determination 202425093 is why).
"""

from dataclasses import asdict, dataclass, field, fields, replace

RESPONSIVE = "responsive"
SPECIALIST = "specialist"
PLANNED = "planned"
ROUTES = (RESPONSIVE, SPECIALIST, PLANNED)

EMERGENCY = "emergency"
URGENT = "urgent"
ROUTINE = "routine"

NO_HAZARD = ""
DAMP_MOULD = "damp_mould"
OTHER_HAZARD = "other_hazard"


@dataclass(frozen=True)
class Priority:
    code: str
    label: str
    hours: int | None = None  # calendar hours (emergencies)
    working_days: int | None = None
    is_emergency: bool = False  # counted as emergency in TSM RP02

    def timescale_words(self) -> str:
        if self.hours is not None:
            return f"within {self.hours} hours"
        return f"within {self.working_days} working days"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    label: str
    trade: str
    priority: str
    route: str = RESPONSIVE
    safety: bool = False  # interim measures must be considered before it waits beyond 24 hours
    hazard: str = NO_HAZARD  # Awaab's Law: damp and mould, or another hazard
    communal: bool = False  # reported on a communal area rather than a home


DEFAULT_PRIORITIES = (
    Priority(EMERGENCY, "Emergency", hours=24, is_emergency=True),
    Priority(URGENT, "Urgent", working_days=5),
    Priority(ROUTINE, "Routine", working_days=20),
)

DEFAULT_CATALOGUE = (
    CatalogueEntry("leak", "Water leak", "plumbing", URGENT),
    CatalogueEntry("uncontained_leak", "Leak that cannot be stopped", "plumbing", EMERGENCY),
    CatalogueEntry(
        "water_near_electrics", "Water near electrics", "electrical", EMERGENCY, safety=True
    ),
    CatalogueEntry("no_power", "No electricity", "electrical", EMERGENCY, safety=True),
    CatalogueEntry("electrical_fault", "Socket, switch or light fault", "electrical", URGENT),
    CatalogueEntry("no_heating", "No heating or hot water", "heating", URGENT),
    CatalogueEntry(
        "gas_smell",
        "Smell of gas (call the gas emergency line first)",
        "gas",
        EMERGENCY,
        safety=True,
    ),
    CatalogueEntry("blocked_drain", "Blocked drain, sink or toilet", "drainage", URGENT),
    CatalogueEntry("toilet", "Toilet not flushing or cracked", "plumbing", ROUTINE),
    CatalogueEntry(
        "lock", "Lock or front door that will not secure", "carpentry", URGENT, safety=True
    ),
    CatalogueEntry(
        "window", "Broken window or window that will not close", "glazing", URGENT, safety=True
    ),
    CatalogueEntry("door", "Internal door", "carpentry", ROUTINE),
    CatalogueEntry("kitchen", "Kitchen units or worktops", "carpentry", ROUTINE),
    CatalogueEntry("plaster", "Plaster, walls or ceilings", "plastering", ROUTINE),
    CatalogueEntry("damp_mould", "Damp or mould", "damp", URGENT, hazard=DAMP_MOULD),
    CatalogueEntry(
        "hazard_other", "Another danger in the home", "surveyor", URGENT, hazard=OTHER_HAZARD
    ),
    CatalogueEntry("roof", "Roof leak or missing tiles", "roofing", URGENT),
    CatalogueEntry("gutter", "Gutters and downpipes", "roofing", ROUTINE),
    CatalogueEntry("fence", "Fences and gates", "external", ROUTINE),
    CatalogueEntry(
        "communal_door", "Communal entrance door", "carpentry", URGENT, safety=True, communal=True
    ),
    CatalogueEntry(
        "door_entry",
        "Door entry system",
        "door entry",
        URGENT,
        route=SPECIALIST,
        safety=True,
        communal=True,
    ),
    CatalogueEntry("fire_door", "Fire door", "carpentry", URGENT, safety=True, communal=True),
    CatalogueEntry(
        "communal_lighting", "Communal lighting", "electrical", URGENT, safety=True, communal=True
    ),
    CatalogueEntry(
        "lift", "Lift not working", "lift engineer", URGENT, route=SPECIALIST, communal=True
    ),
    CatalogueEntry(
        "communal_cleaning", "Communal cleaning or graffiti", "caretaking", ROUTINE, communal=True
    ),
    CatalogueEntry(
        "component_replacement",
        "Replacement of a worn-out component",
        "surveyor",
        ROUTINE,
        route=PLANNED,
    ),
)


@dataclass(frozen=True)
class RepairPolicy:
    priorities: tuple[Priority, ...] = DEFAULT_PRIORITIES
    catalogue: tuple[CatalogueEntry, ...] = DEFAULT_CATALOGUE
    # Where there is no responsive timescale: the resident hears from us at least this often.
    update_every_working_days: int = 10
    # A safety job needs interim measures recorded before it has waited this long.
    interim_measures_hours: int = 24
    # Each chase gets a reply within this many working days; the second goes to a manager.
    chase_reply_working_days: int = 2
    chases_before_escalation: int = 2
    # The same fault again within this many calendar days of completion reopens the job.
    recall_days: int = 30
    # Post-inspection: this share of completed jobs, plus every job with a complaint or
    # costing more than the threshold, within the inspection window.
    inspection_sample_percent: int = 10
    inspection_cost_threshold_pence: int = 100_000
    inspection_working_days: int = 10
    # Photos the resident or operative may attach.
    photo_max_bytes: int = 10 * 1024 * 1024
    photos_per_upload: int = 5
    # Cyclical work defaults (years).
    cycles: dict[str, int] = field(
        default_factory=lambda: {
            "external_decoration": 5,
            "communal_decoration": 5,
            "roof": 30,
            "fire_doors": 1,
            "door_entry": 15,
            "kitchen": 20,
            "bathroom": 30,
            "boiler": 15,
            "windows": 30,
        }
    )

    def priority(self, code: str) -> Priority:
        for priority in self.priorities:
            if priority.code == code:
                return priority
        raise KeyError(code)

    def entry(self, code: str) -> CatalogueEntry:
        for entry in self.catalogue:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def as_dict(self) -> dict:
        return asdict(self)


# Awaab's Law (RULES.md): the statutory clocks. A landlord may be stricter, never looser.
@dataclass(frozen=True)
class AwaabTimescales:
    emergency_hours: int = 24  # investigate and make safe, or alternative accommodation
    investigate_working_days: int = 10  # significant hazard: from becoming aware
    summary_working_days: int = 3  # written summary: from the end of the investigation
    safety_works_working_days: int = 5  # complete safety work: from the end of the investigation
    further_works_begin_working_days: int = 5  # begin further preventative work
    further_works_latest_weeks: int = 12  # ...physically started within this at the latest

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


AWAAB_LAW = AwaabTimescales()
DEFAULT_REPAIR_POLICY = RepairPolicy()


def awaab_problems(timescales: AwaabTimescales) -> list[str]:
    """Each way these clocks are looser than Awaab's Law, in plain English (empty when fine)."""
    problems = []
    for item in fields(AwaabTimescales):
        value, law = getattr(timescales, item.name), getattr(AWAAB_LAW, item.name)
        if value < 1:
            problems.append(f"{item.name} must be at least 1, not {value}.")
        elif value > law:
            problems.append(f"{item.name} may not be longer than Awaab's Law's {law}.")
    return problems


def policy_problems(policy: RepairPolicy) -> list[str]:
    """What is inconsistent in a repairs policy (empty when fine)."""
    codes = {priority.code for priority in policy.priorities}
    problems = [
        f"Priority {priority.code} needs hours or working days, not both."
        for priority in policy.priorities
        if (priority.hours is None) == (priority.working_days is None)
    ]
    for entry in policy.catalogue:
        if entry.priority not in codes:
            problems.append(f"Catalogue entry {entry.code} has unknown priority {entry.priority}.")
        if entry.route not in ROUTES:
            problems.append(f"Catalogue entry {entry.code} has unknown route {entry.route}.")
    if not 0 <= policy.inspection_sample_percent <= 100:
        problems.append("inspection_sample_percent must be between 0 and 100.")
    return problems


def parse_overrides(text: str, base: RepairPolicy = DEFAULT_REPAIR_POLICY) -> RepairPolicy:
    """Read `recall_days=28,inspection_sample_percent=15` (the environment's form): the whole-
    number settings of the policy; priorities and catalogue keep their defaults."""
    numbers = {
        item.name
        for item in fields(RepairPolicy)
        if item.name not in {"priorities", "catalogue", "cycles"}
    }
    values: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, raw = item.partition("=")
        name = name.strip()
        if name not in numbers:
            raise ValueError(f"'{name}' is not a repairs policy setting.")
        try:
            values[name] = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not '{raw}'.") from None
    return replace(base, **values)
