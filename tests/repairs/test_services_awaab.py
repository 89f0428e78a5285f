"""Awaab's Law on a repair: the hazard record, its statutory clocks from RULES.md, who decided
what and when, the written summary to the tenant, and refusals in plain English with nothing
written."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now
from homecase.notify.models import OutboundMessage
from homecase.policy import selectors as policy
from homecase.records.models import Channel, Deadline, DeadlineStatus, Event
from homecase.records.services import case_open
from homecase.repairs.models import Hazard, HazardSeverity, Repair
from homecase.repairs.services import awaab
from homecase.repairs.services._common import (
    AWAAB_EMERGENCY,
    AWAAB_FURTHER_WORKS,
    AWAAB_INVESTIGATE,
    AWAAB_SAFETY_WORKS,
    AWAAB_SUMMARY,
)
from tests.factories import ResidentFactory, UserFactory
from tests.repairs.factories import contact_agent, planner, reported_repair

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # a Monday


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def me():
    return planner(first_name="Sam", last_name="Okafor")


def hazard_repair(*, category: str = "damp_mould", hazard: str = "damp_mould") -> Hazard:
    """A hazard reported by phone now: the case and repair opened directly and `hazard_open`
    called as `repair_report` calls it (so these tests do not depend on intake's other work;
    `test_repair_report_opens_the_hazard` covers the real call)."""
    resident = ResidentFactory()
    agent = contact_agent()
    case = case_open(
        kind="repair",
        title="Damp or mould",
        actor=agent,
        channel=Channel.PHONE,
        summary="Reported by phone",
        home=resident.home,
        resident=resident,
    )
    repair = Repair.objects.create(
        case=case,
        category=category,
        trade="damp",
        priority="urgent",
        hazard=hazard,
        description="Black mould on the bedroom wall and ceiling.",
        reported_channel=Channel.PHONE,
        vulnerability_asked_at=now(),
    )
    return awaab.hazard_open(repair=repair, aware_at=now(), actor=agent)


def clocks(hazard: Hazard) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    deadlines = Deadline.objects.filter(case_id=hazard.repair.case_id, duty__startswith="awaab.")
    for duty, status in deadlines.order_by("pk").values_list("duty", "status"):
        result.setdefault(duty, []).append(status)
    return result


def deadline(hazard: Hazard, duty: str) -> Deadline:
    return Deadline.objects.get(case_id=hazard.repair.case_id, duty=duty)


def rows() -> tuple[int, int, int]:
    return Event.objects.count(), Deadline.objects.count(), OutboundMessage.objects.count()


def investigated(hazard: Hazard, by) -> Hazard:
    """Investigated two hours after we became aware, recorded an hour after that."""
    with time_machine.travel(hazard.aware_at + timedelta(hours=3), tick=False):
        return awaab.hazard_investigation_record(
            hazard=hazard,
            actor=by,
            investigator="Dana Reyes (damp surveyor)",
            investigated_at=hazard.aware_at + timedelta(hours=2),
            findings="Condensation from a blocked extractor fan; mould on two walls.",
        )


def test_damp_and_mould_starts_the_ten_working_day_investigation_clock():
    hazard = hazard_repair()

    assert hazard.severity == HazardSeverity.SIGNIFICANT
    assert hazard.aware_at == NOW
    investigate = deadline(hazard, AWAAB_INVESTIGATE)
    expected, _ = policy.due_within_working_days(NOW, 10)
    assert investigate.due_at == expected
    assert investigate.visible_to_resident
    assert Event.objects.filter(kind="repair.hazard_opened", data__law_applies=True).exists()


def test_another_hazard_waits_for_triage_with_no_investigation_clock():
    hazard = hazard_repair(category="hazard_other", hazard="other_hazard")

    assert hazard.severity == ""
    assert clocks(hazard) == {}
    opened = Event.objects.get(kind="repair.hazard_opened")
    assert opened.data["triage_owed"] is True


def test_emergency_triage_gives_24_hours_from_awareness_and_makes_the_repair_an_emergency(me):
    hazard = hazard_repair(category="hazard_other", hazard="other_hazard")
    later = NOW + timedelta(hours=3)

    with time_machine.travel(later, tick=False):
        hazard = awaab.hazard_triage(
            hazard=hazard, actor=me, severity="emergency", reason="Live wires exposed by damp."
        )

    assert hazard.triaged_by == me
    assert hazard.triaged_at == later
    assert deadline(hazard, AWAAB_EMERGENCY).due_at == NOW + timedelta(hours=24)
    repair = Repair.objects.get(pk=hazard.repair_id)
    assert repair.priority == "emergency"
    assert repair.is_emergency
    changed = Event.objects.get(kind="repair.priority_changed")
    assert changed.data["old"] == "urgent"
    assert "Live wires" in changed.data["reason"]


def test_not_significant_cancels_the_investigation_with_the_reason(me):
    hazard = hazard_repair()

    awaab.hazard_triage(
        hazard=hazard, actor=me, severity="not_significant", reason="Surface mould on a sill."
    )

    assert clocks(hazard) == {AWAAB_INVESTIGATE: [DeadlineStatus.CANCELLED]}
    cancelled = Event.objects.get(kind="deadline.cancelled")
    assert "Surface mould on a sill" in cancelled.summary


def test_triage_needs_a_reason_and_a_known_severity(me):
    hazard = hazard_repair()
    before = rows()

    with pytest.raises(InvalidInput, match="Say why"):
        awaab.hazard_triage(hazard=hazard, actor=me, severity="emergency", reason=" ")
    with pytest.raises(InvalidInput, match="how serious"):
        awaab.hazard_triage(hazard=hazard, actor=me, severity="mild", reason="Looks fine")

    assert rows() == before


def test_investigation_keeps_its_promise_and_opens_summary_safety_and_further_works(me):
    hazard = hazard_repair()

    hazard = investigated(hazard, me)

    ended = NOW + timedelta(hours=2)
    assert clocks(hazard) == {
        AWAAB_INVESTIGATE: [DeadlineStatus.MET],
        AWAAB_SUMMARY: [DeadlineStatus.OPEN],
        AWAAB_SAFETY_WORKS: [DeadlineStatus.OPEN],
        AWAAB_FURTHER_WORKS: [DeadlineStatus.OPEN],
    }
    assert deadline(hazard, AWAAB_SUMMARY).due_at == policy.due_within_working_days(ended, 3)[0]
    assert (
        deadline(hazard, AWAAB_SAFETY_WORKS).due_at == policy.due_within_working_days(ended, 5)[0]
    )
    further = deadline(hazard, AWAAB_FURTHER_WORKS)
    assert further.due_at == policy.due_within_working_days(ended, 5)[0]
    assert further.basis["physically_started_within_weeks"] == 12
    assert "25 May 2026" in further.label  # 12 weeks after 2 March
    assert hazard.investigator == "Dana Reyes (damp surveyor)"


def test_an_investigation_before_awareness_or_in_the_future_is_refused(me):
    hazard = hazard_repair()
    before = rows()

    for when in (NOW - timedelta(days=1), NOW + timedelta(hours=1)):
        with pytest.raises(InvalidInput) as refused:
            awaab.hazard_investigation_record(
                hazard=hazard,
                actor=me,
                investigator="Dana Reyes",
                investigated_at=when,
                findings="Mould",
            )
        assert refused.value.field == "investigated_at"

    assert rows() == before
    assert Hazard.objects.get(pk=hazard.pk).investigated_at is None


def test_the_written_summary_goes_to_the_tenant_and_keeps_its_promise(me):
    hazard = investigated(hazard_repair(), me)

    with time_machine.travel(NOW + timedelta(hours=4), tick=False):
        hazard = awaab.hazard_summary_sent(hazard=hazard, actor=me, how="letter")

    message = OutboundMessage.objects.get(template="repair_hazard_summary")
    assert hazard.repair.case.reference in message.subject
    assert "blocked extractor fan" in message.body
    assert hazard.summary_sent_how == "letter"
    assert clocks(hazard)[AWAAB_SUMMARY] == [DeadlineStatus.MET]


def test_the_summary_cannot_be_sent_before_the_investigation(me):
    hazard = hazard_repair()
    before = rows()

    with pytest.raises(Conflict, match="Record the investigation"):
        awaab.hazard_summary_sent(hazard=hazard, actor=me, how="email")

    assert rows() == before


def test_made_safe_is_refused_on_a_significant_hazard(me):
    hazard = hazard_repair()

    with pytest.raises(Conflict, match="Only an emergency hazard"):
        awaab.hazard_made_safe(hazard=hazard, actor=me, at=NOW)


def test_making_an_emergency_safe_keeps_the_24_hour_promise(me):
    hazard = hazard_repair()
    awaab.hazard_triage(hazard=hazard, actor=me, severity="emergency", reason="Ceiling sagging")

    hazard = awaab.hazard_made_safe(hazard=hazard, actor=me, at=NOW)

    assert hazard.made_safe_at == NOW
    assert clocks(hazard)[AWAAB_EMERGENCY] == [DeadlineStatus.MET]


def test_safety_works_and_further_works_keep_their_promises(me):
    hazard = investigated(hazard_repair(), me)
    done = NOW + timedelta(hours=5)

    with time_machine.travel(done, tick=False):
        awaab.hazard_safety_works_completed(hazard=hazard, actor=me, at=done)
        hazard = awaab.hazard_further_works_started(hazard=hazard, actor=me, at=done)

    assert clocks(hazard)[AWAAB_SAFETY_WORKS] == [DeadlineStatus.MET]
    assert clocks(hazard)[AWAAB_FURTHER_WORKS] == [DeadlineStatus.MET]
    with pytest.raises(Conflict, match="already completed"):
        awaab.hazard_safety_works_completed(hazard=hazard, actor=me, at=done)


def test_works_cannot_be_recorded_before_the_investigation(me):
    hazard = hazard_repair()

    with pytest.raises(Conflict, match="Record the investigation"):
        awaab.hazard_safety_works_completed(hazard=hazard, actor=me, at=NOW)


def test_alternative_accommodation_is_recorded_and_an_earlier_offer_kept(me):
    hazard = hazard_repair()

    awaab.hazard_alternative_accommodation_offer(
        hazard=hazard, actor=me, details="Hotel room at the Riverside Inn"
    )
    hazard = awaab.hazard_alternative_accommodation_offer(
        hazard=hazard, actor=me, details="Two-bedroom flat, 4 Heron House"
    )

    assert hazard.alternative_accommodation_details == "Two-bedroom flat, 4 Heron House"
    latest = Event.objects.filter(kind="repair.hazard_accommodation_offered").latest("pk")
    assert latest.data["previous"]["details"] == "Hotel room at the Riverside Inn"
    with pytest.raises(InvalidInput, match="what accommodation"):
        awaab.hazard_alternative_accommodation_offer(hazard=hazard, actor=me, details="")


def test_only_repairs_staff_may_act_on_a_hazard():
    hazard = hazard_repair()
    officer = UserFactory(roles=["complaint_officer"])

    with pytest.raises(PermissionDenied):
        awaab.hazard_triage(hazard=hazard, actor=officer, severity="emergency", reason="x")


def test_a_hazard_reported_before_27_october_2025_has_no_clocks_and_says_so(me):
    with time_machine.travel(datetime(2025, 10, 20, 9, 0, tzinfo=LONDON), tick=False):
        hazard = hazard_repair()
        awaab.hazard_triage(hazard=hazard, actor=me, severity="emergency", reason="Bad mould")
        hazard = investigated(hazard, me)

    assert not awaab.law_applies(hazard)
    assert clocks(hazard) == {}
    opened = Event.objects.get(kind="repair.hazard_opened")
    assert "did not apply yet" in opened.summary


def test_repair_report_opens_the_hazard():
    repair = reported_repair(category="damp_mould")

    hazard = Hazard.objects.get(repair=repair)
    assert hazard.aware_at == repair.case.opened_at
    assert clocks(hazard) == {AWAAB_INVESTIGATE: [DeadlineStatus.OPEN]}


def test_not_significant_after_the_investigation_cancels_every_clock_still_open(me):
    hazard = investigated(hazard_repair(), me)

    awaab.hazard_triage(
        hazard=hazard, actor=me, severity="not_significant", reason="Surveyor: no risk of harm"
    )

    assert clocks(hazard) == {
        AWAAB_INVESTIGATE: [DeadlineStatus.MET],
        AWAAB_SUMMARY: [DeadlineStatus.CANCELLED],
        AWAAB_SAFETY_WORKS: [DeadlineStatus.CANCELLED],
        AWAAB_FURTHER_WORKS: [DeadlineStatus.CANCELLED],
    }


def test_an_emergency_downgraded_to_significant_cancels_the_24_hour_clock(me):
    hazard = hazard_repair()
    awaab.hazard_triage(hazard=hazard, actor=me, severity="emergency", reason="Ceiling sagging")

    awaab.hazard_triage(
        hazard=hazard, actor=me, severity="significant", reason="Ceiling propped; no collapse"
    )

    assert clocks(hazard) == {
        AWAAB_INVESTIGATE: [DeadlineStatus.OPEN],
        AWAAB_EMERGENCY: [DeadlineStatus.CANCELLED],
    }
    triaged = Event.objects.filter(kind="repair.hazard_triaged").latest("pk")
    assert triaged.data["old"] == "emergency"
    assert triaged.data["new"] == "significant"
