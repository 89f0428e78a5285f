"""`homecase synthetic`: a landlord in bulk, whose records verify and whose overdue share a
sweep marks; refused on a database that already holds homes."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django.utils import timezone

from homecase.common.time import now
from homecase.complaints.models import Complaint, ComplaintStatus, MissedPromise, Stage
from homecase.complaints.selectors import OPEN_STATUSES, QueueFilters, complaint_queue
from homecase.complaints.services import missed_promises_follow_up
from homecase.demo.synthetic_places import SYNTHETIC_UPRN_BASE
from homecase.housing import rules
from homecase.housing.models import Block, Estate, Home, Resident, Tenancy
from homecase.records import services as records
from homecase.records.models import (
    Case,
    Channel,
    Deadline,
    DeadlineStatus,
    Event,
    ReferenceSequence,
    Timeline,
)
from homecase.records.verification import records_problems
from tests.factories import HomeFactory

pytestmark = pytest.mark.django_db


def _synthetic(*args: str) -> str:
    out = io.StringIO()
    call_command("synthetic", *args, stdout=out)
    return out.getvalue()


def test_it_makes_homes_residents_cases_and_open_deadlines():
    # when
    output = _synthetic("--homes", "200", "--open-deadlines", "500")
    # then: 2.8 residents a home, 4 open deadlines a case, 1% of them overdue
    assert Home.objects.count() == 200
    assert Tenancy.objects.count() == 200
    assert Resident.objects.count() == 560
    assert Case.objects.count() == 125
    assert Deadline.objects.filter(status=DeadlineStatus.OPEN).count() == 500
    assert Deadline.objects.filter(due_at__lt=now()).count() == 5
    assert Deadline.objects.filter(due_at__lt=now() + timedelta(days=1)).count() == 5
    assert Timeline.objects.count() == 560 + 125
    assert Event.objects.count() == 560 + 125 + 500
    assert output.startswith(
        f"Made {Estate.objects.count()} estates, {Block.objects.count()} "
        "blocks, 200 homes, 560 residents, 200 tenancies, 125 cases and "
        "500 open deadlines (5 already overdue) in "
    )


def test_every_resident_and_case_has_a_verified_timeline():
    # given
    _synthetic("--homes", "200", "--open-deadlines", "500")
    # when
    problems = list(records_problems())
    # then
    assert problems == []
    assert not Resident.objects.exclude(timeline__events__kind="resident.created").exists()
    assert not Case.objects.exclude(timeline__events__kind="case.opened").exists()
    assert Event.objects.filter(kind="deadline.opened").count() == 500


def test_uprns_and_references_are_unique_and_valid():
    # given
    _synthetic("--homes", "200", "--open-deadlines", "500")
    # when
    uprns = list(Home.objects.values_list("uprn", flat=True))
    postcodes = set(Home.objects.values_list("postcode", flat=True))
    references = list(Case.objects.values_list("reference", flat=True))
    # then
    assert len(set(uprns)) == 200
    assert all(rules.normalise_uprn(u) == u and int(u) > SYNTHETIC_UPRN_BASE for u in uprns)
    assert all(rules.normalise_postcode(p) == p for p in postcodes)
    assert len(set(references)) == 125
    assert all(len(r) == len("R-2026-000001") for r in references)


def test_the_reference_sequence_moves_on_past_the_synthetic_cases():
    # given
    _synthetic("--homes", "50", "--cases", "40")
    year = timezone.localtime(now()).year
    taken = Case.objects.filter(kind="repair", reference__startswith=f"R-{year}-").count()
    # when
    live = records.case_open(
        kind="repair",
        title="Boiler not working",
        actor=None,
        channel=Channel.PHONE,
        summary="Rang in.",
    )
    # then
    assert live.reference == f"R-{year}-{taken + 1:06d}"
    assert ReferenceSequence.objects.get(prefix="R", year=year).last_number == taken + 1


def test_a_sweep_marks_exactly_the_overdue_share_as_missed():
    # given
    _synthetic("--homes", "200", "--open-deadlines", "500", "--overdue-share", "0.02")
    # when
    marked = records.deadlines_sweep()
    again = records.deadlines_sweep()
    # then
    assert (marked, again) == (10, 0)
    assert Deadline.objects.filter(status=DeadlineStatus.MISSED).count() == 10
    assert list(records_problems()) == []


def test_no_case_holds_more_than_four_open_deadlines():
    # given
    _synthetic("--homes", "20", "--cases", "50", "--open-deadlines", "130")
    # when
    per_case = Case.objects.annotate(n=Count("deadlines")).values_list("n", flat=True)
    # then
    assert Case.objects.count() == 50
    assert sorted(set(per_case)) == [2, 3]
    assert sum(per_case) == 130


def test_it_refuses_a_database_that_already_holds_homes():
    # given
    HomeFactory()
    # when
    with pytest.raises(CommandError) as refused:
        _synthetic("--homes", "10")
    # then
    assert str(refused.value) == (
        "The database already holds 1 home(s) and 1 estate(s): "
        "synthetic data only goes into an empty, migrated database."
    )
    assert (Home.objects.count(), Resident.objects.count(), Timeline.objects.count()) == (1, 0, 0)


def test_it_refuses_an_impossible_share():
    # when
    with pytest.raises(CommandError) as refused:
        _synthetic("--homes", "10", "--overdue-share", "1.5")
    # then
    assert str(refused.value) == "The overdue share is a fraction between 0 and 1, e.g. 0.01."
    assert Home.objects.count() == 0


def test_it_makes_complaints_in_every_state_whose_records_verify():
    # when
    output = _synthetic(
        "--homes", "50", "--open-deadlines", "100", "--complaints", "400", "--overdue-share", "0.1"
    )
    # then
    complaints = Complaint.objects.all()
    overdue = MissedPromise.objects.count()
    assert complaints.count() == 400
    assert set(complaints.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert overdue > 0
    assert f"400 complaints ({overdue} past a promised date, apologised for)" in output
    assert not complaints.filter(status="refused", exclusion="").exists()
    assert (
        not Stage.objects.filter(number=2, officer__isnull=False)
        .filter(officer_id=F("complaint__stages__officer_id"), complaint__stages__number=1)
        .exists()
    )
    assert list(records_problems()) == []


def test_complaint_promises_leave_the_sweep_to_the_cases_and_the_queue_shows_the_overdue():
    # given
    _synthetic(
        "--homes", "50", "--open-deadlines", "200", "--complaints", "300", "--overdue-share", "0.1"
    )
    open_complaints = Complaint.objects.filter(status__in=OPEN_STATUSES).count()
    # when
    marked = records.deadlines_sweep()
    followed_up = missed_promises_follow_up()
    red, red_total = complaint_queue(filters=QueueFilters(rag="red"), at=now())
    _, total = complaint_queue(filters=QueueFilters(), at=now())
    # then: only the cases' overdue share is marked; every missed complaint promise already
    # has its apology and new date, and shows red
    assert (marked, followed_up) == (20, 0)
    assert red_total == MissedPromise.objects.count() == len(red)
    assert total == open_complaints
    assert list(records_problems()) == []
