"""`homecase synthetic --asb N`: ASB cases in bulk, mostly long closed, some open, a few hate
incidents and further reports joined to another case, whose records verify, whose open
promises leave the sweep to the cases, which NM01 counts without the joined ones, and which
the ASB queue and "Your ASB reports" read."""

import io
from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command

from homecase.accounts.access import has_role
from homecase.accounts.models import Role
from homecase.asb.models import AsbAction, AsbCase, AsbParty, AsbReport, PartyRole
from homecase.asb.services import _common as duties
from homecase.common.time import now
from homecase.records import services as records
from homecase.records.models import Case, CaseKind, Deadline, DeadlineStatus, ReferenceSequence
from homecase.records.verification import records_problems
from homecase.reports.rules_tsm import reporting_year
from homecase.reports.selectors_tsm import _bounds, tsm_figure

pytestmark = pytest.mark.django_db

CASES = 60
TODAY = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # reporting year 2026-27, a Monday


def _synthetic(*args: str) -> str:
    out = io.StringIO()
    call_command("synthetic", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def made() -> str:
    return _synthetic("--homes", "200", "--open-deadlines", "40", "--asb", str(CASES))


def test_it_makes_asb_cases_in_a_believable_mix_whose_records_verify(made):
    cases = AsbCase.objects.select_related("case")
    statuses = Counter(cases.values_list("status", flat=True))
    assert f"{CASES} ASB cases ({statuses['open']} open)" in made
    assert sum(statuses.values()) == CASES
    assert statuses["closed"] > CASES / 2  # most long closed
    assert 1 <= statuses["open"] <= CASES * 0.4
    assert statuses["joined"] <= CASES * 0.15
    assert cases.filter(hate_incident=True).count() <= CASES * 0.25
    for asb in cases.filter(hate_incident=True):
        assert asb.hate_motivations
        assert "hate" in asb.behaviours
        assert asb.risk_level == "high"
    assert set(cases.values_list("risk_level", flat=True)) <= {"high", "medium", "standard"}
    for asb in cases.filter(status="closed"):
        assert asb.closure_reason
        assert asb.victim_view
        assert asb.closed_at
        assert not AsbAction.objects.filter(asb=asb, status="open").exists()
    for asb in cases.filter(status="joined"):
        assert asb.joined_into.status != "joined"
        assert asb.next_due_at is None
    assert list(records_problems()) == []


def test_every_case_has_its_people_reports_assessment_officer_and_promises(made):
    for asb in AsbCase.objects.select_related("case", "officer"):
        assert asb.case.kind == CaseKind.ASB
        assert asb.case.reference.startswith("A-")
        assert asb.case.resident_id is not None
        assert has_role(asb.officer, Role.ASB_OFFICER)
        roles = set(asb.parties.values_list("role", flat=True))
        assert {PartyRole.REPORTER} <= roles
        assert 1 <= asb.reports.count() <= 4
        assert asb.risk_assessments.exists()
        duties_made = set(Deadline.objects.filter(case=asb.case).values_list("duty", flat=True))
        assert duties.FIRST_CONTACT in duties_made
        if asb.status == "closed":
            assert duties.CONTACT in duties_made
            first = Deadline.objects.get(case=asb.case, duty=duties.FIRST_CONTACT)
            assert first.status in (DeadlineStatus.MET, DeadlineStatus.MET_LATE)
    assert AsbReport.objects.values("asb").distinct().count() == CASES
    # an ASB case opened live next takes the next number, never a synthetic one
    for year, last in ReferenceSequence.objects.filter(prefix="A").values_list(
        "year", "last_number"
    ):
        assert not Case.objects.filter(reference=f"A-{year}-{last + 1:06d}").exists()


def test_open_cases_owe_a_contact_due_later_and_the_sweep_marks_none_of_them(made):
    # given
    owed = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
    for asb in AsbCase.objects.filter(status="open"):
        promises = Deadline.objects.filter(
            case_id=asb.case_id, duty__in=duties.QUEUE_DUTIES, status__in=owed
        ).order_by("due_at")
        assert asb.next_due_at == promises[0].due_at
    for asb in AsbCase.objects.exclude(status="open"):
        assert not Deadline.objects.filter(case_id=asb.case_id, status="open").exists()
    open_before = Deadline.objects.filter(case__kind=CaseKind.ASB, status="open").count()
    # when
    missed = records.deadlines_sweep(at=now())
    # then: no open ASB promise was due (the 40 cases' deadlines are 1% overdue: none)
    assert missed == 0
    assert Deadline.objects.filter(case__kind=CaseKind.ASB, status="open").count() == open_before


def test_nm01_counts_the_cases_opened_not_those_joined_to_another():
    # given: cases spread back over three whole reporting years before this one
    with time_machine.travel(TODAY, tick=False):
        _synthetic("--homes", "200", "--asb", "400", "--years", "3")
    cases = Case.objects.filter(kind=CaseKind.ASB)
    assert cases.filter(asb__status="joined").exists()
    total = hate = 0
    for label in ("2023-24", "2024-25", "2025-26", "2026-27"):
        # when
        period = reporting_year(label)
        opened = tsm_figure(key="nm01-asb", period=period).numerator
        hateful = tsm_figure(key="nm01-hate", period=period).numerator
        # then: the cases opened that year, less the further reports joined to another case
        start, end = _bounds(period)
        year = cases.filter(opened_at__gte=start, opened_at__lt=end).exclude(asb__status="joined")
        assert opened == year.count()
        assert hateful == year.filter(asb__hate_incident=True).count()
        total, hate = total + opened, hate + hateful
    assert total == cases.exclude(asb__status="joined").count()
    assert 0 < hate < total
    # and the mix holds at this scale
    statuses = Counter(AsbCase.objects.values_list("status", flat=True))
    assert 0.10 < statuses["open"] / 400 < 0.20
    assert 0.01 < statuses["joined"] / 400 < 0.06
    assert 0.03 < AsbCase.objects.filter(hate_incident=True).count() / 400 < 0.10
    levels = Counter(AsbCase.objects.values_list("risk_level", flat=True))
    assert 0.10 < levels["high"] / 400 < 0.22
    assert 0.25 < levels["medium"] / 400 < 0.45
    accused = AsbParty.objects.filter(role=PartyRole.ALLEGED_PERPETRATOR)
    assert 0.38 < accused.values("asb").distinct().count() / 400 < 0.6
    assert cases.filter(opened_at__lt=_bounds(reporting_year("2023-24"))[0]).count() == 0
