"""The TSM return counted on a hand-made landlord whose right answers are worked out here.

Reporting year 2025-26 (1 April 2025 - 31 March 2026). Everything is made through the
services, at the moment it happens (time-machine), so that deadlines and `met_target` are the
ones the system really records."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.asb.services import asb_join
from homecase.complaints import services as complaint_services
from homecase.housing.models import (
    DecencyAssessment,
    Home,
    SafetyCheck,
    SafetyCheckKind,
    SafetyCheckStatus,
    Tenure,
)
from homecase.records.models import Case, CaseKind
from homecase.repairs.services.triage import repair_priority_change
from homecase.reports import rules_tsm
from homecase.reports.selectors_tsm import figure_rows, rental_homes, tsm_return
from tests.asb import factories as asb_factories
from tests.complaints import factories as cf
from tests.factories import BlockFactory, HomeFactory, ResidentFactory, TenancyFactory
from tests.repairs import factories as rf

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
YEAR = rules_tsm.reporting_year("2025-26")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=LONDON)


def by_key(period=YEAR) -> dict:
    return {f.key: f for f in tsm_return(period=period).figures}


def complaint(received: str, *, home: Home, ack: str | None = None, respond: str | None = None):
    officer = cf.complaint_officer()
    with time_machine.travel(at(received), tick=False):
        c = cf.received_complaint(resident=ResidentFactory(home=home))
    if ack:
        with time_machine.travel(at(ack), tick=False):
            c = cf.acknowledged_complaint(complaint=c, officer=officer)
    if respond:
        with time_machine.travel(at(respond), tick=False):
            c = cf.responded_complaint(complaint=c, officer=officer)
    return c


def repair(reported: str, completed: str, *, category: str, home: Home | None = None, **kw):
    with time_machine.travel(at(reported, kw.pop("hour", 10)), tick=False):
        resident = ResidentFactory(home=home) if home is not None else None
        work_order = rf.issued_work_order(category=category, resident=resident, **kw)
    with time_machine.travel(at(completed, 15), tick=False):
        return rf.completed_repair(work_order=work_order)


@pytest.fixture
def homes():
    """Ten rental homes in one block, and one leasehold flat (not low-cost rental)."""
    block = BlockFactory()
    rental = [HomeFactory(block=block, estate=block.estate) for _ in range(10)]
    leasehold = HomeFactory(block=block, estate=block.estate)
    TenancyFactory(home=leasehold, tenure=Tenure.LEASEHOLD)
    return {"rental": rental, "leasehold": leasehold, "block": block}


def test_homes_are_the_low_cost_rental_stock(homes):
    # when / then: the leaseholder's flat is left out
    assert rental_homes(YEAR.end).count() == 10
    assert not rental_homes(YEAR.end).filter(pk=homes["leasehold"].pk).exists()


def test_an_empty_year_is_no_data_not_an_error(homes):
    # when
    figures = by_key(rules_tsm.reporting_year("2030-31"))

    # then: rates over 10 homes are 0.0; shares with nothing counted are "No data"
    assert figures["ch01-stage1"].result == Decimal("0.0")
    assert figures["ch02-stage1"].denominator == 0
    assert figures["ch02-stage1"].result_text == "No data"
    assert figures["rp02-emergency"].result_text == "No data"
    assert figures["nm01-hate"].result_text == "0.0 per 1,000 homes"


def test_complaints_ch01_and_ch02(homes):
    home = homes["rental"][0]
    # given
    # A: received in 2024-25 and answered on time in 2025-26 (CH02 2025-26 only)
    complaint("2025-03-20", home=home, ack="2025-03-21", respond="2025-04-02")
    # B: received in 2025-26, answered in 2026-27 (CH01 2025-26 only)
    complaint("2026-03-16", home=home, ack="2026-03-17", respond="2026-04-10")
    # C: an extension within the limit, answered after the first due date but within the new one
    c = complaint("2025-06-02", home=home, ack="2025-06-03")
    with time_machine.travel(at("2025-06-12"), tick=False):
        complaint_services.complaint_extend(
            complaint=c,
            actor=c.stages.get().officer,
            working_days=5,
            reason="We need the contractor's report.",
        )
    with time_machine.travel(at("2025-06-20"), tick=False):  # due 17 June, extended to 24 June
        cf.responded_complaint(complaint=c, officer=c.stages.get().officer)
    # D: answered late (acknowledged 1 July, response due 15 July, sent 1 August)
    complaint("2025-07-01", home=home, ack="2025-07-01", respond="2025-08-01")
    # E: withdrawn: received, so counted in CH01; never answered
    e = complaint("2025-09-01", home=home)
    with time_machine.travel(at("2025-09-02"), tick=False):
        complaint_services.complaint_withdraw(complaint=e, actor=None, reason="Sorted out")
    # F: not accepted as a complaint: not counted
    f = complaint("2025-10-01", home=home)
    with time_machine.travel(at("2025-10-02"), tick=False):
        complaint_services.complaint_refuse(
            complaint=f,
            actor=cf.complaint_officer(),
            exclusion="legal_action",
            explanation="A claim about this was filed at court in August.",
        )
    # G: both stages in 2025-26, each answered on time
    g = complaint("2025-05-01", home=home, ack="2025-05-01", respond="2025-05-08")
    with time_machine.travel(at("2025-05-12"), tick=False):
        g = cf.escalated_complaint(complaint=g)
    stage2_officer = cf.complaint_officer()
    with time_machine.travel(at("2025-05-13"), tick=False):
        g = cf.acknowledged_complaint(complaint=g, officer=stage2_officer)
    with time_machine.travel(at("2025-05-20"), tick=False):
        cf.responded_complaint(complaint=g, officer=stage2_officer)

    # when
    figures = by_key()

    # then: CH01 stage 1 = B, C, D, E, G = 5 per 10 homes = 500.0; stage 2 = G = 100.0
    assert (figures["ch01-stage1"].numerator, figures["ch01-stage1"].denominator) == (5, 10)
    assert figures["ch01-stage1"].result == Decimal("500.0")
    assert (figures["ch01-stage2"].numerator, figures["ch01-stage2"].result) == (
        1,
        Decimal("100.0"),
    )
    # CH02 stage 1 responded in the year: A, C, D, G; within: A, C, G = 3 of 4 = 75.0%
    assert (figures["ch02-stage1"].numerator, figures["ch02-stage1"].denominator) == (3, 4)
    assert figures["ch02-stage1"].result == Decimal("75.0")
    assert (figures["ch02-stage2"].numerator, figures["ch02-stage2"].denominator) == (1, 1)
    # the drill-down lists the four, D not counted
    rows = list(figure_rows(key="ch02-stage1", period=YEAR))
    assert [r.counted for r in rows] == [True, True, True, False]
    # and the next year has B's response: due 31 March, sent 10 April, late
    next_year = by_key(rules_tsm.reporting_year("2026-27"))
    assert (next_year["ch02-stage1"].numerator, next_year["ch02-stage1"].denominator) == (0, 1)
    assert next_year["ch01-stage1"].numerator == 0


def test_repairs_rp02(homes):
    rental, leasehold = homes["rental"], homes["leasehold"]
    # given: an emergency done in five hours (within 24)
    repair("2025-06-02", "2025-06-02", category="uncontained_leak", home=rental[1])
    # an emergency done two days later (late)
    repair("2025-06-09", "2025-06-11", category="uncontained_leak", home=rental[2])
    # an urgent leak (5 working days) done the next day
    repair("2025-07-07", "2025-07-08", category="leak", home=rental[3])
    # an emergency reprioritised to routine before completion, done on the fourth day: counts
    # as a non-emergency repair within its (routine, 20 working days) target
    with time_machine.travel(at("2025-08-04"), tick=False):
        wo = rf.issued_work_order(
            category="uncontained_leak", resident=ResidentFactory(home=rental[4])
        )
    with time_machine.travel(at("2025-08-04", 11), tick=False):
        repair_priority_change(
            repair=wo.repair, actor=rf.planner(), priority="routine", reason="Leak contained"
        )
    with time_machine.travel(at("2025-08-07", 15), tick=False):
        rf.completed_repair(work_order=wo)
    # a routine repair done after more than 20 working days (late)
    repair("2025-09-01", "2025-11-03", category="toilet", home=rental[5])
    # a communal repair done on time
    area = rf.communal_area(block=homes["block"], kind="stairs")
    with time_machine.travel(at("2025-10-06"), tick=False):
        reported = rf.communal_repair(
            category="communal_cleaning",
            communal_area=area,
            resident=ResidentFactory(home=rental[6]),
        )
        wo = rf.issued_work_order(repair=rf.triaged_repair(repair=reported))
    with time_machine.travel(at("2025-10-07", 15), tick=False):
        rf.completed_repair(work_order=wo)
    # not counted: completed in the next year, and a leaseholder's repair
    repair("2026-03-30", "2026-04-02", category="toilet", home=rental[7])
    repair("2025-06-02", "2025-06-03", category="leak", home=leasehold)

    # when
    figures = by_key()

    # then: emergency 1 of 2 = 50.0%; non-emergency 3 of 4 = 75.0%
    em, non = figures["rp02-emergency"], figures["rp02-non-emergency"]
    assert (em.numerator, em.denominator, em.result) == (1, 2, Decimal("50.0"))
    assert (non.numerator, non.denominator, non.result) == (3, 4, Decimal("75.0"))
    assert figure_rows(key="rp02-non-emergency", period=YEAR).count() == 4


def test_asb_nm01_counts_cases_opened_not_reports_and_those_involving_hate(homes):
    # given: in the year, case A (drugs) and case B (a hate incident); a further report joined
    # to A when it was taken; case C opened on its own, then joined to A (the same matter);
    # and case D opened before the year
    officer = asb_factories.asb_officer()

    def asb_case(day: str, **kw):
        reporter = ResidentFactory(home=homes["rental"][0])
        with time_machine.travel(at(day), tick=False):
            return asb_factories.reported_case(
                reporter=reporter, block=homes["block"], officer=officer, **kw
            )

    a = asb_case("2025-05-01")
    b = asb_case("2025-06-01", behaviours=("hate", "harassment"))
    asb_case("2025-07-01", join=a)
    c = asb_case("2025-07-02")
    with time_machine.travel(at("2025-07-03"), tick=False):
        asb_join(asb=c, into=a, actor=officer, reason="The same dealing on the stairs")
    asb_case("2025-03-31")

    # when
    figures = by_key()

    # then: 2 cases per 10 homes = 200.0 per 1,000; 1 hate case = 100.0 per 1,000
    assert Case.objects.filter(kind=CaseKind.ASB).count() == 4
    assert (figures["nm01-asb"].numerator, figures["nm01-asb"].result) == (2, Decimal("200.0"))
    assert (figures["nm01-hate"].numerator, figures["nm01-hate"].result) == (1, Decimal("100.0"))
    rows = {key: figure_rows(key=key, period=YEAR) for key in ("nm01-asb", "nm01-hate")}
    assert [(r.reference, r.counted) for r in rows["nm01-asb"]] == [
        (a.case.reference, True),
        (b.case.reference, True),
    ]
    assert [(r.reference, r.counted) for r in rows["nm01-hate"]] == [
        (a.case.reference, False),
        (b.case.reference, True),
    ]


def test_decency_rp01_uses_each_homes_latest_assessment(homes):
    rental = homes["rental"]
    # given: home 0 failed then was fixed; home 1 fails; home 2 failed only after the year
    DecencyAssessment.objects.create(
        home=rental[0], assessed_on=date(2024, 5, 1), meets_standard=False, failing_reasons="Damp"
    )
    DecencyAssessment.objects.create(
        home=rental[0], assessed_on=date(2025, 5, 1), meets_standard=True
    )
    DecencyAssessment.objects.create(
        home=rental[1], assessed_on=date(2025, 9, 1), meets_standard=False, failing_reasons="Roof"
    )
    DecencyAssessment.objects.create(
        home=rental[2], assessed_on=date(2026, 5, 1), meets_standard=False, failing_reasons="Roof"
    )

    # when
    rp01 = by_key()["rp01"]

    # then: 1 of 10 homes fails = 10.0%; the 8 unassessed homes are said
    assert (rp01.numerator, rp01.denominator, rp01.result) == (1, 10, Decimal("10.0"))
    assert "8 homes have no decency assessment" in rp01.note


def test_building_safety_bs01_to_bs05(homes):
    rental, block = homes["rental"], homes["block"]
    # given: gas on three homes: in date, expired before the year end, never done
    SafetyCheck.objects.create(
        kind=SafetyCheckKind.GAS,
        home=rental[0],
        done_on=date(2025, 6, 1),
        next_due_on=date(2026, 6, 1),
        status=SafetyCheckStatus.SATISFACTORY,
    )
    SafetyCheck.objects.create(
        kind=SafetyCheckKind.GAS,
        home=rental[1],
        done_on=date(2024, 6, 1),
        next_due_on=date(2025, 6, 1),
        status=SafetyCheckStatus.SATISFACTORY,
    )
    SafetyCheck.objects.create(
        kind=SafetyCheckKind.GAS,
        home=rental[2],
        next_due_on=date(2025, 6, 1),
        status=SafetyCheckStatus.NOT_DONE,
    )
    # a fire risk assessment of the block, with actions, in date: covers its 10 rental homes
    SafetyCheck.objects.create(
        kind=SafetyCheckKind.FIRE,
        block=block,
        done_on=date(2025, 4, 10),
        next_due_on=date(2026, 4, 10),
        status=SafetyCheckStatus.ACTIONS,
    )

    # when
    figures = by_key()

    # then: gas 1 of 3 = 33.3%; fire 10 of 10 = 100.0%; no lift checks: "No data"
    assert (figures["bs01"].numerator, figures["bs01"].denominator) == (1, 3)
    assert figures["bs01"].result == Decimal("33.3")
    assert (figures["bs02"].numerator, figures["bs02"].denominator) == (10, 10)
    assert figures["bs05"].result_text == "No data"
    rows = figure_rows(key="bs01", period=YEAR)
    assert sorted((r.pk, r.counted) for r in rows) == sorted(
        [(rental[0].pk, True), (rental[1].pk, False), (rental[2].pk, False)]
    )


def test_unknown_figure_key():
    with pytest.raises(KeyError):
        figure_rows(key="tp01", period=YEAR)


def test_a_running_year_reads_stock_measures_today(homes):
    # given: a gas check in date until 1 January 2026
    SafetyCheck.objects.create(
        kind=SafetyCheckKind.GAS,
        home=homes["rental"][0],
        done_on=date(2025, 1, 1),
        next_due_on=date(2026, 1, 1),
        status=SafetyCheckStatus.SATISFACTORY,
    )

    # when: the 2025-26 return is read on 1 October 2025, and again after the year
    with time_machine.travel(at("2025-10-01"), tick=False):
        during = by_key()["bs01"]
    after = by_key()["bs01"]

    # then: in date while the year runs; expired by its end (31 March 2026)
    assert (during.numerator, during.denominator) == (1, 1)
    assert (after.numerator, after.denominator) == (0, 1)
