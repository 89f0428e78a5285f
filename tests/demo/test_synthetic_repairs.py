"""`homecase synthetic --repairs N`: repair jobs in bulk, in a believable mix of statuses and
priorities, spread over homes as on a landlord's books, whose records verify, whose open
promises leave the sweep to the cases, and which the repairs queue and "Your repairs" read."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from homecase.common.time import now
from homecase.records import services as records
from homecase.records.models import Case, Deadline, DeadlineStatus, ReferenceSequence
from homecase.records.verification import records_problems
from homecase.repairs import rules, selectors
from homecase.repairs.models import Repair, RepairStatus, WorkOrder
from homecase.repairs.services.next_due import QUEUE_DUTIES

pytestmark = pytest.mark.django_db


def _synthetic(*args: str) -> str:
    out = io.StringIO()
    call_command("synthetic", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def made() -> str:
    return _synthetic("--homes", "60", "--open-deadlines", "40", "--repairs", "1500")


def test_it_makes_repairs_in_a_believable_mix_whose_records_verify(made):
    repairs = Repair.objects.all()
    assert repairs.count() == 1500
    overdue = int(made.split(" repairs (")[1].split(" overdue")[0].replace(",", ""))
    assert "1,500 repairs (" in made
    statuses = Counter(repairs.values_list("status", flat=True))
    assert set(statuses) == set(RepairStatus.values)
    assert statuses[RepairStatus.CLOSED] > repairs.count() / 2  # most long done
    assert set(repairs.values_list("priority", flat=True)) == {"emergency", "urgent", "routine"}
    assert 0 < overdue < 1500 * 0.1
    assert list(records_problems()) == []


def test_every_job_has_a_reference_a_case_and_its_own_timeline(made):
    cases = Case.objects.filter(repair__isnull=False)
    assert cases.count() == 1500
    assert all(ref.startswith("R-") for ref in cases.values_list("reference", flat=True))
    assert cases.values("timeline_id").distinct().count() == 1500
    # a repair case opened live next takes the next number, never a synthetic one
    year = now().year
    last = ReferenceSequence.objects.get(prefix="R", year=year).last_number
    assert not Case.objects.filter(reference=f"R-{year}-{last + 1:06d}").exists()


def test_a_sweep_marks_only_the_cases_overdue_share_and_no_repair_promise(made):
    # given: the cases' 40 open deadlines, 1% overdue (0 of 40 rounded), and the repairs
    owed_before = Deadline.objects.filter(case__repair__isnull=False, status="open").count()
    # when
    missed = records.deadlines_sweep(at=now())
    # then: no open repair promise was due; the missed ones were already marked
    assert missed == 0
    assert Deadline.objects.filter(case__repair__isnull=False, status="open").count() == (
        owed_before
    )


def test_next_due_is_the_soonest_owed_promise_and_the_queue_finds_the_overdue(made):
    for repair in Repair.objects.filter(status__in=rules.OPEN_STATUSES)[:200]:
        owed = Deadline.objects.filter(
            case_id=repair.case_id,
            duty__in=QUEUE_DUTIES,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.MISSED),
        ).order_by("due_at")
        assert repair.next_due_at == (owed[0].due_at if owed else None)
    page = selectors.repairs_queue(at=now())
    assert len(page) == 50
    assert page.has_next
    overdue = selectors.repairs_queue(at=now(), overdue_only=True)
    assert overdue.items
    assert all(r.overdue for r in overdue)
    dated = Repair.objects.filter(status__in=rules.OPEN_STATUSES, next_due_at__isnull=False)
    assert dated.order_by("next_due_at").first().next_due_at < now()


def test_most_homes_have_a_handful_of_jobs_and_a_few_have_dozens():
    _synthetic("--homes", "600", "--repairs", "3000")
    per_home = list(
        Case.objects.filter(repair__isnull=False)
        .values("home_id")
        .annotate(jobs=Count("id"))
        .values_list("jobs", flat=True)
    )
    assert sum(1 for jobs in per_home if jobs <= 5) > len(per_home) / 2
    assert max(per_home) >= 30


def test_work_orders_visits_and_pauses_follow_the_status(made):
    assert not WorkOrder.objects.filter(repair__status=RepairStatus.REPORTED).exists()
    for repair in Repair.objects.filter(status=RepairStatus.PAUSED)[:20]:
        assert repair.pauses.filter(ended_at__isnull=True).exists()
        visit = repair.work_orders.get().visits.get()
        assert visit.outcome == "no_access"
        assert visit.access_attempts.exists()
    done = Repair.objects.filter(status=RepairStatus.CLOSED, route="responsive")
    assert not done.filter(completed_at__isnull=True).exists()
    assert done.filter(met_target=True).exists()
    assert done.filter(met_target=False).exists()


def test_a_negative_number_of_repairs_is_refused():
    with pytest.raises(CommandError, match="no negative number"):
        _synthetic("--homes", "5", "--repairs", "-1")
