"""Decency assessments and building-safety checks: the invariants the database keeps, and the
demo's records of them."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from homecase.demo.compliance import record_demo_compliance
from homecase.housing.models import (
    CommunalArea,
    CommunalAreaKind,
    DecencyAssessment,
    SafetyCheck,
    SafetyCheckKind,
    SafetyCheckStatus,
)
from tests.factories import BlockFactory, HomeFactory

pytestmark = pytest.mark.django_db


def _refused(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyCheck.objects.create(**fields)


def test_a_failing_home_needs_a_reason():
    home = HomeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DecencyAssessment.objects.create(
            home=home, assessed_on=date(2025, 5, 1), meets_standard=False
        )
    assert DecencyAssessment.objects.count() == 0


def test_a_check_is_for_one_home_or_one_block():
    home = HomeFactory()
    common = {"kind": SafetyCheckKind.FIRE, "next_due_on": date(2026, 5, 1)}
    _refused(**common, home=home, block=home.block, status="not_done")
    _refused(**common, status="not_done")
    assert SafetyCheck.objects.count() == 0


def test_a_check_carried_out_needs_its_date_and_a_known_status():
    home = HomeFactory()
    common = {"kind": SafetyCheckKind.GAS, "home": home, "next_due_on": date(2026, 5, 1)}
    _refused(**common, status=SafetyCheckStatus.SATISFACTORY)
    _refused(**common, done_on=date(2025, 5, 1), status="fine")
    SafetyCheck.objects.create(**common, status=SafetyCheckStatus.NOT_DONE)
    assert SafetyCheck.objects.count() == 1


def test_the_demo_records_decency_and_safety_checks():
    # given: two blocks, one with a lift, and twenty homes
    with_lift, without = BlockFactory(), BlockFactory()
    CommunalArea.objects.create(
        name="Lift", kind=CommunalAreaKind.LIFT, block=with_lift, estate=with_lift.estate
    )
    homes = [HomeFactory(block=with_lift if n % 2 else without) for n in range(20)]

    # when
    made = record_demo_compliance(homes, [with_lift, without])

    # then: fire, asbestos and water for each block and lift checks only where there is a lift
    block_kinds = sorted(
        SafetyCheck.objects.filter(block__isnull=False).values_list("block_id", "kind")
    )
    assert block_kinds == sorted(
        [(b.pk, k) for b in (with_lift, without) for k in ("asbestos", "fire", "water")]
        + [(with_lift.pk, "lift")]
    )
    assert made["safety_checks"] == SafetyCheck.objects.count()
    assert made["decency_assessments"] == DecencyAssessment.objects.count()
    assert 15 <= made["decency_assessments"] <= 20
    assert not SafetyCheck.objects.filter(home__isnull=False).exclude(kind="gas").exists()
