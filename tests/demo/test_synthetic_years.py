"""`homecase synthetic --years N`: complaints and repairs closed long ago spread back over N
whole reporting years, so that each year's TSM return and annual complaints report have data;
one year (the default) keeps the last year or so the queue and sweep benchmarks were made on,
and more years leave the open complaints (the queue) as many and as recent."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from homecase.complaints.models import Complaint, ComplaintStatus, Stage
from homecase.complaints.selectors import OPEN_STATUSES
from homecase.demo.synthetic_complaints import first_reporting_day
from homecase.records import services as records
from homecase.records.models import Case, Deadline, DeadlineStatus
from homecase.records.verification import records_problems
from homecase.repairs.models import Repair
from homecase.reports.rules_tsm import reporting_year
from homecase.reports.selectors_tsm import _bounds

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # reporting year 2026-27, a Monday
EARLIER_YEARS = ("2023-24", "2024-25", "2025-26")


def _synthetic(*args: str) -> str:
    out = io.StringIO()
    call_command("synthetic", *args, stdout=out)
    return out.getvalue()


def _within(label: str) -> dict[str, datetime]:
    start, end = _bounds(reporting_year(label))
    return {"gte": start, "lt": end}


def _in(field: str, label: str) -> dict[str, datetime]:
    return {f"{field}__{op}": moment for op, moment in _within(label).items()}


@pytest.fixture
def three_years():
    with time_machine.travel(TODAY, tick=False):
        output = _synthetic(
            "--homes", "60", "--open-deadlines", "40", "--complaints", "900", "--repairs", "900",
            "--years", "3",
        )  # fmt: skip
        yield output


def test_the_first_reporting_day_is_1_april_n_whole_years_back():
    assert first_reporting_day(date(2026, 11, 23), 10) == date(2016, 4, 1)
    assert first_reporting_day(date(2026, 11, 23), 3) == date(2023, 4, 1)
    # on 31 March the current reporting year is still the one that began the April before
    assert first_reporting_day(date(2027, 3, 31), 1) == date(2025, 4, 1)
    assert first_reporting_day(date(2027, 4, 1), 1) == date(2026, 4, 1)


def test_each_of_three_reporting_years_has_complaints_received_and_answered(three_years):
    for label in EARLIER_YEARS:
        received = Case.objects.filter(complaint__isnull=False, **_in("opened_at", label))
        responded = Stage.objects.filter(number=1, **_in("responded_at", label))
        escalated = Stage.objects.filter(number=2, **_in("requested_at", label))
        assert received.count() > 100, label
        assert responded.count() > 50, label
        assert escalated.exists(), label
        # answered in time and late, as the Code's deadlines were kept or not
        kept = Deadline.objects.filter(duty="complaint.stage1.respond", **_in("met_at", label))
        statuses = set(kept.values_list("status", flat=True))
        assert statuses == {DeadlineStatus.MET, DeadlineStatus.MET_LATE}, label


def test_each_of_three_reporting_years_has_repairs_completed_in_and_out_of_target(three_years):
    for label in EARLIER_YEARS:
        done = Repair.objects.filter(**_in("completed_at", label), met_target__isnull=False)
        assert done.filter(met_target=True).count() > 50, label
        assert done.filter(met_target=False).exists(), label
        assert done.filter(is_emergency=True).exists(), label


def test_complaints_in_earlier_years_are_all_closed_and_open_ones_are_recent(three_years):
    long_ago = Complaint.objects.filter(case__opened_at__lt=datetime(2025, 4, 1, tzinfo=UTC))
    assert long_ago.count() > 200
    assert not long_ago.filter(status__in=OPEN_STATUSES).exists()
    assert set(long_ago.values_list("status", flat=True)) == {
        ComplaintStatus.STAGE_1_RESPONDED,
        ComplaintStatus.STAGE_2_RESPONDED,
        ComplaintStatus.REFUSED,
        ComplaintStatus.WITHDRAWN,
    }
    # as many still open as with one year (35% of the mix), all received lately
    still_open = Complaint.objects.filter(status__in=OPEN_STATUSES)
    assert 0.25 * 900 < still_open.count() < 0.45 * 900
    assert not still_open.filter(case__opened_at__lt=datetime(2026, 6, 1, tzinfo=UTC)).exists()
    # nothing before the first of the three years, bar the first steps of complaints closed in
    # its first weeks
    assert not Case.objects.filter(opened_at__lt=datetime(2023, 1, 1, tzinfo=UTC)).exists()
    assert not Repair.objects.filter(completed_at__lt=datetime(2023, 4, 1, tzinfo=UTC)).exists()


def test_the_records_verify_and_the_sweep_still_marks_only_the_cases_share(three_years):
    assert list(records_problems()) == []
    with time_machine.travel(TODAY, tick=False):
        # 40 open case deadlines, 1% overdue (0 rounded): history adds nothing to sweep
        assert records.deadlines_sweep() == 0


def test_one_year_keeps_complaints_to_the_last_year_or_so():
    with time_machine.travel(TODAY, tick=False):
        _synthetic("--homes", "60", "--complaints", "300")
    assert Complaint.objects.count() == 300
    # 400 days of last steps, and a few weeks of steps before them
    assert not Case.objects.filter(opened_at__lt=datetime(2025, 6, 1, tzinfo=UTC)).exists()


@pytest.mark.parametrize("years", ["0", "21"])
def test_an_impossible_number_of_years_is_refused(years):
    with pytest.raises(CommandError, match="between 1 and 20 years"):
        _synthetic("--homes", "10", "--years", years)
