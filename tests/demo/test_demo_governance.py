"""`homecase demo-data` gives the governance area something true to show: safety checks and
decency assessments behind the TSM building-safety and decency figures, and a self-assessment
already under way."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from homecase.common.time import now
from homecase.housing.models import DecencyAssessment, SafetyCheck
from homecase.reports.models import ProvisionAssessment
from homecase.reports.rules_tsm import reporting_year, reporting_year_of
from homecase.reports.selectors_tsm import tsm_return

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("demo-data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_the_demo_has_compliance_records_and_a_self_assessment_under_way(demo):
    assert DecencyAssessment.objects.exists()
    assert SafetyCheck.objects.exists()
    assert ProvisionAssessment.objects.exists()


def test_this_years_tsm_return_has_building_safety_and_repairs_figures(demo):
    # when
    figures = tsm_return(period=reporting_year(reporting_year_of(now().date()))).figures
    by_code = {figure.code: figure for figure in figures}
    # then: every building-safety measure has homes behind it
    assert all(by_code[code].denominator for code in ("BS01", "BS02", "BS03", "BS04"))
