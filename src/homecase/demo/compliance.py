"""Demo decency assessments and building-safety checks, so that the TSM page has RP01 and
BS01-BS05 to show: every home surveyed against the Decent Homes Standard in the last three years
(a few failing, a few never surveyed), a yearly gas check on most homes (a few out of date or
never done), and for each block a fire risk assessment, an asbestos re-inspection, a legionella
risk assessment and, where it has a lift, six-monthly lift checks (one block's overdue).

Deterministic (its own seeded random), dated relative to today, written with `bulk_create`:
these records have no service and no timeline (they are reference data for the measures)."""

import random
from collections.abc import Iterable
from datetime import date, timedelta

from homecase.common.time import now
from homecase.housing.models import (
    Block,
    CommunalAreaKind,
    DecencyAssessment,
    Home,
    SafetyCheck,
    SafetyCheckKind,
    SafetyCheckStatus,
)

SEED = 20251
FAILING_REASONS = (
    "Kitchen over 30 years old and in poor condition",
    "Category 1 hazard: damp and mould in the bedroom",
    "Inadequate thermal comfort: no effective insulation",
    "Bathroom over 40 years old and in poor condition",
    "Category 1 hazard: excess cold",
)
# Years between checks of each kind on a block.
_BLOCK_CYCLES = {
    SafetyCheckKind.FIRE: 1,
    SafetyCheckKind.ASBESTOS: 1,
    SafetyCheckKind.WATER: 2,
}


def _years(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _decency(home: Home, today: date, rng: random.Random) -> DecencyAssessment | None:
    if rng.random() < 0.02:
        return None  # never surveyed: the page says how many
    fails = rng.random() < 0.04
    return DecencyAssessment(
        home=home,
        assessed_on=today - timedelta(days=rng.randint(30, 3 * 365)),
        meets_standard=not fails,
        failing_reasons=rng.choice(FAILING_REASONS) if fails else "",
    )


def _gas(home: Home, today: date, rng: random.Random) -> SafetyCheck | None:
    if rng.random() < 0.15:
        return None  # no gas supply: no check needed
    roll = rng.random()
    if roll < 0.005:
        return SafetyCheck(
            kind=SafetyCheckKind.GAS,
            home=home,
            next_due_on=today - timedelta(days=20),
            status=SafetyCheckStatus.NOT_DONE,
            notes="No access after three appointments; injunction being sought.",
        )
    done = today - timedelta(days=rng.randint(400, 430) if roll < 0.02 else rng.randint(5, 350))
    return SafetyCheck(
        kind=SafetyCheckKind.GAS,
        home=home,
        done_on=done,
        next_due_on=_years(done, 1),
        status=SafetyCheckStatus.SATISFACTORY,
    )


def _block_checks(block: Block, today: date, rng: random.Random, *, lift: bool) -> list:
    checks = []
    for kind, cycle in _BLOCK_CYCLES.items():
        done = today - timedelta(days=rng.randint(10, 300 * cycle))
        status = SafetyCheckStatus.ACTIONS if rng.random() < 0.3 else SafetyCheckStatus.SATISFACTORY
        checks.append(
            SafetyCheck(
                kind=kind,
                block=block,
                done_on=done,
                next_due_on=_years(done, cycle),
                status=status,
            )
        )
    if lift:
        overdue = rng.random() < 0.2
        done = today - timedelta(days=rng.randint(200, 240) if overdue else rng.randint(5, 170))
        checks.append(
            SafetyCheck(
                kind=SafetyCheckKind.LIFT,
                block=block,
                done_on=done,
                next_due_on=done + timedelta(days=182),
                status=SafetyCheckStatus.SATISFACTORY,
            )
        )
    return checks


def record_demo_compliance(homes: Iterable[Home], blocks: Iterable[Block]) -> dict[str, int]:
    """Write the demo's decency assessments and safety checks; returns how many of each."""
    rng = random.Random(SEED)
    today = now().date()
    assessments, checks = [], []
    for home in homes:
        assessment = _decency(home, today, rng)
        if assessment is not None:
            assessments.append(assessment)
        gas = _gas(home, today, rng)
        if gas is not None:
            checks.append(gas)
    with_lift = set(
        Block.objects.filter(communal_areas__kind=CommunalAreaKind.LIFT).values_list(
            "pk", flat=True
        )
    )
    for block in blocks:
        checks.extend(_block_checks(block, today, rng, lift=block.pk in with_lift))
    DecencyAssessment.objects.bulk_create(assessments, batch_size=1000)
    SafetyCheck.objects.bulk_create(checks, batch_size=1000)
    return {"decency_assessments": len(assessments), "safety_checks": len(checks)}
