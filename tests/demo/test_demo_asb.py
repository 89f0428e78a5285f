"""`homecase demo-data`: anti-social behaviour cases in every state, made through the ASB
services, with the Heron House case run the way the Ombudsman expected.

Loaded once for the module inside a transaction rolled back afterwards, as in
`test_demo_repairs.py`; each test runs in a savepoint within it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from homecase.asb.models import AsbCase, AsbStatus, CaseReview
from homecase.demo.staff import DEMO_PASSWORD
from homecase.records.models import Deadline, DeadlineStatus

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
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield demo_output


def _heron_house() -> AsbCase:
    return AsbCase.objects.select_related("case").get(
        case__resident__email="amina.hassan@example.org"
    )


def test_there_is_an_asb_case_in_every_state_and_every_promise_state(demo):
    assert "8 anti-social behaviour cases" in demo
    assert set(AsbCase.objects.values_list("status", flat=True)) == set(AsbStatus.values)
    promises = set(
        Deadline.objects.filter(case__asb__isnull=False).values_list("status", flat=True)
    )
    assert promises == set(DeadlineStatus.values)
    assert AsbCase.objects.filter(hate_incident=True).count() == 1
    assert AsbCase.objects.filter(reopened_count=1, status=AsbStatus.OPEN).exists()
    closed = AsbCase.objects.get(status=AsbStatus.CLOSED)
    assert closed.victim_view
    assert closed.satisfaction == 4
    review = CaseReview.objects.get()
    assert review.threshold_met
    assert review.reports_counted == 3


def test_the_heron_house_case_is_handled_without_a_crime_reference(demo):
    asb = _heron_house()
    assert asb.crime_reference == ""
    assert asb.risk_level == "high"
    kinds = set(asb.actions.values_list("kind", flat=True))
    assert {"site_visit", "patrols", "police_report", "speak_to_neighbours"} <= kinds
    assert asb.actions.get(kind="police_report").victim_consent
    assert asb.related_repair.interim_measures
    assert asb.reports.count() == 2  # a neighbour's further report joined, not a new case
    first_contact = Deadline.objects.get(case=asb.case, duty="asb.first_contact")
    assert first_contact.status == DeadlineStatus.MET


def test_amina_sees_her_case_in_the_portal_but_not_who_else_reported(demo):
    asb = _heron_house()
    neighbour = asb.reports.exclude(reporter=asb.case.resident).get().reporter
    client = Client()
    assert client.login(username="amina.hassan@example.org", password=DEMO_PASSWORD)
    page = client.get(f"/asb/{asb.case.reference}/")
    assert page.status_code == 200
    assert asb.case.reference in page.text
    assert neighbour.full_name not in page.text
