"""Tenant Satisfaction Measures counted from the operational record, one or two aggregate
queries a measure, and the rows behind each figure for its drill-down page.

Decisions where the Regulator's text leaves room (each is repeated in the page's notes):
- Homes: the landlord's low-cost rental stock, taken as every home except those let on a
  leasehold or shared-ownership tenancy live at the end of the period.
- CH01 counts complaints received (stage 1) or escalations asked for (stage 2) in the period,
  withdrawn ones included and complaints not accepted under the policy left out.
- CH02 counts stages responded to in the period; a stage is within the Code's timescales when its
  response promise was met on time, after any extension the Code permits (the extension moved
  the promise, so a response within it is on time).
- RP02 counts responsive repairs completed in the period (communal ones included, duplicates
  joined to another job left out), split by whether the job was an emergency when completed (a
  job reprioritised before completion counts in its final priority), within target as the
  repair recorded it (`Repair.met_target`), in low-cost rental homes or communal areas.
- NM01 counts anti-social behaviour cases opened in the period, leaving out further reports
  opened as a case and then joined to the case about the same matter (NM01 counts cases, not
  reports); part 2 counts those of them recorded as involving a hate incident (perceived by the
  victim or anyone else as motivated by hostility), whenever the flag was recorded.
- RP01 and BS01-BS05 are read at the end of the period: a home's latest decency assessment on or
  before that day, and the safety checks for the home or its block in date on that day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from homecase.asb.models import AsbStatus
from homecase.common.time import now
from homecase.complaints.models import ComplaintStatus, Stage
from homecase.complaints.services._common import RESPOND
from homecase.housing.models import (
    DecencyAssessment,
    Home,
    SafetyCheck,
    SafetyCheckKind,
    SafetyCheckStatus,
    Tenancy,
    Tenure,
)
from homecase.records.models import Case, CaseKind, Deadline, DeadlineStatus
from homecase.repairs.models import Repair, Route
from homecase.reports import rules_tsm
from homecase.reports.rules_tsm import PER_THOUSAND, SHARE, Period

OWNERSHIP_TENURES = (Tenure.LEASEHOLD, Tenure.SHARED_OWNERSHIP)
METHOD_NOTES = (
    "Homes are the low-cost rental stock: every home except those let on a leasehold or "
    "shared-ownership tenancy at the end of the period (homes with no tenancy are counted).",
    "CH01 counts stage 1 complaints received and stage 2 escalations asked for in the period, "
    "withdrawn complaints included and complaints not accepted under the policy left out.",
    "CH02 counts stages responded to in the period, whenever they were received; a response is "
    "within the Code's timescales when its response deadline was met, after any extension the "
    "Code permits (an extension moves the deadline).",
    "RP02 counts responsive repairs completed in the period, communal repairs included and "
    "duplicate reports joined to another job left out, by their priority when completed (a "
    "repair reprioritised before completion counts in its final priority); planned and "
    "specialist work has no responsive target and is not counted.",
    "NM01 counts anti-social behaviour cases opened in the period; a further report joined to "
    "the case about the same matter is not a new case and is left out. NM01 (2) counts those "
    "of them recorded as involving a hate incident, perceived by the victim or anyone else as "
    "motivated by hostility (disability, race, religion, sexual orientation or transgender "
    "identity), whether the flag was set at the report or later.",
    "RP01 and BS01 to BS05 are read on the last day of the period (today, while it is still "
    "running): each home's latest decency "
    "assessment, and whether every building-safety check recorded for the home or its block is "
    "in date. A home needs a check when one is recorded for it or its block.",
    "Results are rounded to one decimal place.",
)
NOT_RECORDED = "Not yet recorded"


@dataclass(frozen=True)
class Figure:
    """One figure of the return: the Regulator's code, what it measures, and how it was got."""

    code: str
    key: str
    measure: str
    kind: str
    numerator: int | None
    denominator: int | None
    numerator_label: str
    denominator_label: str
    note: str = ""
    part: str = ""

    @property
    def full_code(self) -> str:
        """The code as the Regulator's collection names the part: `CH01 (1)`."""
        return f"{self.code} ({self.part})" if self.part else self.code

    @property
    def recorded(self) -> bool:
        return self.numerator is not None

    @property
    def result(self) -> Decimal | None:
        if self.numerator is None or self.denominator is None:
            return None
        if self.kind == SHARE:
            return rules_tsm.share(self.numerator, self.denominator)
        return rules_tsm.per_thousand(self.numerator, self.denominator)

    @property
    def result_text(self) -> str:
        if not self.recorded:
            return NOT_RECORDED
        return rules_tsm.result_text(self.result, self.kind)


@dataclass(frozen=True)
class TsmReturn:
    period: Period
    homes: int
    figures: list[Figure]

    @property
    def has_data(self) -> bool:
        """Whether anything at all was counted (the homes alone are not data)."""
        return any(f.numerator or (f.kind == SHARE and f.denominator) for f in self.figures)


# --- The period in time ------------------------------------------------------------------


def _bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as [from, to) moments: local midnight at its start to local midnight after
    its end (the landlord's time zone, so that British Summer Time moves nothing)."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(period.start, time.min), zone)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), zone)
    return start, end


def _within(field: str, period: Period) -> Q:
    start, end = _bounds(period)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def as_at(period: Period) -> date:
    """The day stock measures (RP01, BS01-BS05) are read: the end of the period, or today
    while the period is still running."""
    return min(period.end, now().date())


# --- Homes --------------------------------------------------------------------------------


def _ownership_home_ids(on: date) -> QuerySet:
    return (
        Tenancy.objects.filter(tenure__in=OWNERSHIP_TENURES, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values("home_id")
    )


def rental_homes(on: date) -> QuerySet[Home]:
    """The low-cost rental homes on a day: every home not let on a leasehold or shared
    ownership tenancy that day."""
    return Home.objects.exclude(pk__in=_ownership_home_ids(on))


# --- Querysets behind each figure (the drill-down pages list these) ----------------------


def _stages_received(period: Period, number: int) -> QuerySet[Stage]:
    return Stage.objects.filter(_within("requested_at", period), number=number).exclude(
        complaint__status=ComplaintStatus.REFUSED
    )


def _response_on_time(number: int) -> Exists:
    return Exists(
        Deadline.objects.filter(
            case_id=OuterRef("complaint__case_id"),
            duty=RESPOND[number],
            status=DeadlineStatus.MET,
        )
    )


def _stages_responded(period: Period, number: int) -> QuerySet[Stage]:
    return Stage.objects.filter(_within("responded_at", period), number=number).annotate(
        counted=_response_on_time(number)
    )


def _repairs_completed(period: Period, *, emergency: bool) -> QuerySet[Repair]:
    return (
        Repair.objects.filter(
            _within("completed_at", period),
            route=Route.RESPONSIVE,
            is_emergency=emergency,
            joined_to__isnull=True,
        )
        .exclude(case__home_id__in=_ownership_home_ids(as_at(period)))
        .annotate(counted=Q(met_target=True))
    )


def _asb_cases(period: Period) -> QuerySet[Case]:
    """ASB cases opened in the period, less further reports joined to another case."""
    return Case.objects.filter(_within("opened_at", period), kind=CaseKind.ASB).exclude(
        asb__status=AsbStatus.JOINED
    )


def _latest_decency(on: date) -> Subquery:
    return Subquery(
        DecencyAssessment.objects.filter(home_id=OuterRef("pk"), assessed_on__lte=on)
        .order_by("-assessed_on", "-pk")
        .values("meets_standard")[:1]
    )


def _homes_decency(period: Period) -> QuerySet[Home]:
    on = as_at(period)
    return rental_homes(on).annotate(meets=_latest_decency(on))


def _covers(checks: QuerySet) -> Q:
    """Homes covered by some of these checks: their own, or their block's."""
    return Q(pk__in=checks.filter(home__isnull=False).values("home_id")) | Q(
        block_id__in=checks.filter(block__isnull=False).values("block_id")
    )


def _safety(kind: str, on: date) -> tuple[Q, Q]:
    """(homes needing checks of `kind` on a day, homes with one of them in date that day)."""
    of_kind = SafetyCheck.objects.filter(kind=kind)
    needed = of_kind.filter(Q(done_on__isnull=True) | Q(done_on__lte=on))
    in_date = of_kind.filter(done_on__lte=on, next_due_on__gte=on).exclude(
        status=SafetyCheckStatus.NOT_DONE
    )
    return _covers(needed), _covers(in_date)


def _homes_safety(period: Period, kind: str) -> QuerySet[Home]:
    """Homes needing checks of `kind` (a record for the home or its block), with `counted`:
    one of them is in date on the day the return is read."""
    on = as_at(period)
    needed, in_date = _safety(kind, on)
    return (
        rental_homes(on)
        .filter(needed)
        .annotate(counted=ExpressionWrapper(in_date, output_field=BooleanField()))
    )


BS_CODES = {
    SafetyCheckKind.GAS: "BS01",
    SafetyCheckKind.FIRE: "BS02",
    SafetyCheckKind.ASBESTOS: "BS03",
    SafetyCheckKind.WATER: "BS04",
    SafetyCheckKind.LIFT: "BS05",
}
BS_MEASURES = {
    SafetyCheckKind.GAS: "Homes for which all required gas safety checks have been carried out",
    SafetyCheckKind.FIRE: "Homes for which all required fire risk assessments have been "
    "carried out",
    SafetyCheckKind.ASBESTOS: "Homes for which all required asbestos management surveys or "
    "re-inspections have been carried out",
    SafetyCheckKind.WATER: "Homes for which all required legionella risk assessments have been "
    "carried out",
    SafetyCheckKind.LIFT: "Homes for which all required communal passenger lift safety checks "
    "have been carried out",
}


# --- The figures --------------------------------------------------------------------------


def _ch01(period: Period, homes: int) -> list[Figure]:
    counts = (
        Stage.objects.filter(_within("requested_at", period))
        .exclude(complaint__status=ComplaintStatus.REFUSED)
        .aggregate(s1=Count("pk", filter=Q(number=1)), s2=Count("pk", filter=Q(number=2)))
    )
    return [
        Figure(
            "CH01",
            f"ch01-stage{n}",
            f"Number of stage {n} complaints received per 1,000 homes",
            PER_THOUSAND,
            counts[f"s{n}"],
            homes,
            f"stage {n} complaints received",
            "homes",
            part=str(n),
        )
        for n in (1, 2)
    ]


def _ch02(period: Period) -> list[Figure]:
    counts = (
        Stage.objects.filter(_within("responded_at", period))
        .annotate(on_time_1=_response_on_time(1), on_time_2=_response_on_time(2))
        .aggregate(
            s1=Count("pk", filter=Q(number=1)),
            s1_ok=Count("pk", filter=Q(number=1, on_time_1=True)),
            s2=Count("pk", filter=Q(number=2)),
            s2_ok=Count("pk", filter=Q(number=2, on_time_2=True)),
        )
    )
    return [
        Figure(
            "CH02",
            f"ch02-stage{n}",
            f"Proportion of stage {n} complaints responded to within the Complaint Handling "
            "Code timescales",
            SHARE,
            counts[f"s{n}_ok"],
            counts[f"s{n}"],
            "responded to within the Code's timescales",
            f"stage {n} complaints responded to",
            part=str(n),
        )
        for n in (1, 2)
    ]


def _nm01(period: Period, homes: int) -> list[Figure]:
    counts = _asb_cases(period).aggregate(
        opened=Count("pk"), hate=Count("pk", filter=Q(asb__hate_incident=True))
    )
    return [
        Figure(
            "NM01",
            "nm01-asb",
            "Number of anti-social behaviour cases opened per 1,000 homes",
            PER_THOUSAND,
            counts["opened"],
            homes,
            "anti-social behaviour cases opened",
            "homes",
            part="1",
        ),
        Figure(
            "NM01",
            "nm01-hate",
            "Number of anti-social behaviour cases that involve hate incidents opened per "
            "1,000 homes",
            PER_THOUSAND,
            counts["hate"],
            homes,
            "anti-social behaviour cases involving hate incidents opened",
            "homes",
            part="2",
        ),
    ]


def _rp01(period: Period) -> Figure:
    counts = _homes_decency(period).aggregate(
        homes=Count("pk"),
        failing=Count("pk", filter=Q(meets=False)),
        unassessed=Count("pk", filter=Q(meets__isnull=True)),
    )
    note = ""
    if counts["unassessed"]:
        note = f"{counts['unassessed']:,} homes have no decency assessment on or before the end "
        note += "of the period and are counted as not failing."
    return Figure(
        "RP01",
        "rp01",
        "Proportion of homes that do not meet the Decent Homes Standard",
        SHARE,
        counts["failing"],
        counts["homes"],
        "homes that do not meet the standard",
        "homes",
        note,
    )


def _rp02(period: Period) -> list[Figure]:
    counts = (
        Repair.objects.filter(
            _within("completed_at", period), route=Route.RESPONSIVE, joined_to__isnull=True
        )
        .exclude(case__home_id__in=_ownership_home_ids(as_at(period)))
        .aggregate(
            non=Count("pk", filter=Q(is_emergency=False)),
            non_ok=Count("pk", filter=Q(is_emergency=False, met_target=True)),
            em=Count("pk", filter=Q(is_emergency=True)),
            em_ok=Count("pk", filter=Q(is_emergency=True, met_target=True)),
        )
    )
    return [
        Figure(
            "RP02",
            "rp02-non-emergency",
            "Proportion of non-emergency responsive repairs completed within the landlord's "
            "target timescale",
            SHARE,
            counts["non_ok"],
            counts["non"],
            "completed within target",
            "non-emergency responsive repairs completed",
            part="1",
        ),
        Figure(
            "RP02",
            "rp02-emergency",
            "Proportion of emergency responsive repairs completed within the landlord's target "
            "timescale",
            SHARE,
            counts["em_ok"],
            counts["em"],
            "completed within target",
            "emergency responsive repairs completed",
            part="2",
        ),
    ]


def _bs(period: Period, kinds: tuple[str, ...] = tuple(BS_CODES)) -> list[Figure]:
    """BS01-BS05 in one pass over the homes (each set of checks is read once, hashed)."""
    on = as_at(period)
    aggregates = {}
    for kind in kinds:
        needed, in_date = _safety(kind, on)
        aggregates[f"{kind}_needed"] = Count("pk", filter=needed)
        aggregates[f"{kind}_ok"] = Count("pk", filter=needed & in_date)
    counts = rental_homes(on).aggregate(**aggregates)
    return [
        Figure(
            BS_CODES[kind],
            BS_CODES[kind].lower(),
            BS_MEASURES[kind],
            SHARE,
            counts[f"{kind}_ok"],
            counts[f"{kind}_needed"],
            "homes with every check in date",
            "homes needing the check",
        )
        for kind in kinds
    ]


def tsm_return(*, period: Period) -> TsmReturn:
    """Every management-information TSM for a period, in the Regulator's order."""
    homes = rental_homes(as_at(period)).count()
    figures = [
        *_bs(period),
        *_ch01(period, homes),
        *_ch02(period),
        *_nm01(period, homes),
        _rp01(period),
        *_rp02(period),
    ]
    order = ["BS01", "BS02", "BS03", "BS04", "BS05", "CH01", "CH02", "NM01", "RP01", "RP02"]
    figures.sort(key=lambda f: order.index(f.code))
    return TsmReturn(period=period, homes=homes, figures=figures)


def tsm_figure(*, key: str, period: Period) -> Figure:
    """One figure of the return, counted alone (for its drill-down page). KeyError if unknown."""
    if key not in FIGURE_KEYS:
        raise KeyError(key)
    measure = key.split("-")[0]
    if measure in ("ch01", "nm01"):
        homes = rental_homes(as_at(period)).count()
        figures = _ch01(period, homes) if measure == "ch01" else _nm01(period, homes)
    elif measure == "ch02":
        figures = _ch02(period)
    elif measure == "rp01":
        figures = [_rp01(period)]
    elif measure == "rp02":
        figures = _rp02(period)
    else:
        figures = _bs(period, (next(k for k, c in BS_CODES.items() if c.lower() == key),))
    return next(f for f in figures if f.key == key)


# --- Drill-down --------------------------------------------------------------------------

FIGURE_KEYS = (
    "bs01",
    "bs02",
    "bs03",
    "bs04",
    "bs05",
    "ch01-stage1",
    "ch01-stage2",
    "ch02-stage1",
    "ch02-stage2",
    "nm01-asb",
    "nm01-hate",
    "rp01",
    "rp02-non-emergency",
    "rp02-emergency",
)


def figure_rows(*, key: str, period: Period) -> QuerySet:
    """The records behind one figure (its denominator), each with `counted`: whether it is in
    the numerator. Raises KeyError for a figure with nothing behind it."""
    kinds = {code.lower(): kind for kind, code in BS_CODES.items()}
    if key in kinds:
        return _homes_safety(period, kinds[key]).order_by("postcode", "address_line_1", "pk")
    if key == "rp01":
        return (
            _homes_decency(period)
            .annotate(counted=Q(meets=False))
            .order_by("postcode", "address_line_1", "pk")
        )
    if key.startswith("ch01-stage"):
        number = int(key[-1])
        return (
            _stages_received(period, number)
            .annotate(counted=Q(pk__isnull=False))
            .select_related("complaint__case")
            .order_by("requested_at", "pk")
        )
    if key.startswith("ch02-stage"):
        return (
            _stages_responded(period, int(key[-1]))
            .select_related("complaint__case")
            .order_by("responded_at", "pk")
        )
    if key.startswith("rp02-"):
        return (
            _repairs_completed(period, emergency=key == "rp02-emergency")
            .select_related("case")
            .order_by("completed_at", "pk")
        )
    if key.startswith("nm01-"):
        counted = Q(pk__isnull=False) if key == "nm01-asb" else Q(asb__hate_incident=True)
        return _asb_cases(period).annotate(counted=counted).order_by("opened_at", "pk")
    raise KeyError(key)
