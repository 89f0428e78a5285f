"""`homecase demo-data`: repairs in every state, made through the repairs services, with the
contractor's users and components on their cycles.

Loaded once for the module inside a transaction rolled back afterwards, as in
`test_demo_complaints.py`; each test runs in a savepoint within it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from homecase.accounts.models import User
from homecase.common.time import now
from homecase.demo.staff import DEMO_PASSWORD
from homecase.records.models import DeadlineStatus
from homecase.records.verification import records_problems
from homecase.repairs import access
from homecase.repairs.models import (
    ClockPause,
    Component,
    Contractor,
    Inspection,
    Repair,
    RepairStatus,
)

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


def _job(category: str) -> Repair:
    return Repair.objects.select_related("case").get(category=category)


def test_there_is_a_repair_in_every_state_but_cancelled(demo):
    statuses = set(Repair.objects.values_list("status", flat=True))
    assert statuses == set(RepairStatus.values) - {RepairStatus.CANCELLED}
    assert "10 repair jobs" in demo


def test_the_stories_are_where_they_should_be(demo):
    assert _job("leak").status == RepairStatus.REPORTED
    emergency = _job("uncontained_leak")
    assert emergency.is_emergency
    assert emergency.work_orders.get().appointments.filter(status="booked").exists()
    paused = _job("blocked_drain")
    assert paused.status == RepairStatus.PAUSED
    attempts = paused.work_orders.get().visits.get().access_attempts.all()
    assert len(attempts) == 3
    assert any(a.card_left for a in attempts)
    assert ClockPause.objects.get(repair=paused, ended_at__isnull=True).reason
    awaiting = _job("kitchen")
    assert awaiting.status == RepairStatus.COMPLETED
    assert Inspection.objects.filter(repair=awaiting, result="").exists()
    closed = _job("toilet")
    assert (closed.status, closed.satisfaction) == (RepairStatus.CLOSED, 4)
    recalled = _job("electrical_fault")
    assert (recalled.status, recalled.recalls) == (RepairStatus.IN_PROGRESS, 1)


def test_the_door_entry_job_went_to_the_programme_with_interim_security_and_no_made_up_date(demo):
    door = _job("door_entry")
    assert door.status == RepairStatus.PLANNED
    assert door.case.communal_area.name == "Door entry system"
    assert "security patrol" in door.interim_measures
    assert door.target_due_at is None
    assert door.planned_for is not None
    duties = set(
        door.case.deadlines.filter(status=DeadlineStatus.OPEN).values_list("duty", flat=True)
    )
    assert "repair.update" in duties
    summaries = " ".join(door.case.timeline.events.values_list("summary", flat=True))
    assert "28 days" not in summaries


def test_the_chased_job_escalated_with_a_complaint_offered(demo):
    window = _job("window")
    chases = list(window.chases.order_by("number"))
    assert [c.number for c in chases] == [1, 2]
    assert all(c.reply_deadline_id for c in chases)
    assert chases[1].complaint_offer_id is not None
    assert chases[1].escalated_to.username == "manager@homecase.example"


def test_the_damp_and_mould_case_was_investigated_and_the_summary_sent(demo):
    hazard = _job("damp_mould").awaab_hazard
    assert hazard.investigated_at is not None
    assert hazard.summary_sent_how == "email"


def test_the_contractor_signs_in_and_sees_only_its_own_orders(demo):
    user = User.objects.get(username="contractor@homecase.example")
    firm = Contractor.objects.get(name="Eastway Building Services")
    assert access.contractor_of(user) == firm
    assert user.check_password(DEMO_PASSWORD)
    client = Client()
    assert client.login(username=user.username, password=DEMO_PASSWORD)
    theirs = Repair.objects.filter(work_orders__contractor=firm).first()
    other = Repair.objects.exclude(work_orders__contractor=firm).first()
    assert access.can_see_repair(user, theirs)
    assert not access.can_see_repair(user, other)


def test_components_are_on_their_cycles_and_some_are_overdue(demo):
    today = now().date()
    components = Component.objects.all()
    assert components.count() >= 8
    assert components.filter(next_due_on__lt=today).count() >= 3
    assert components.filter(next_due_on__gte=today).exists()


def test_every_repair_timeline_verifies(demo):
    assert list(records_problems()) == []
