"""ASB reads: the queue by soonest promise, one case for staff in a fixed number of queries, a
resident's own reports and the portal view that never names anyone else, a resident's own case
about the same thing, open cases on a place, and the case-review threshold."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from homecase.asb import selectors
from homecase.asb.services.evidence import diary_add, officer_note_add
from homecase.asb.services.intake import PersonInput, asb_report
from homecase.asb.services.plan import action_add, contact_record
from homecase.notify.models import OutboundMessage
from tests.asb import factories as make
from tests.factories import ResidentFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)
SUNDAY_NIGHT = datetime(2024, 9, 1, 23, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def refs(cases) -> list[str]:
    return [asb.case.reference for asb in cases]


def further_report(asb, reporter, **kwargs):
    kwargs.setdefault("description", "It is still going on at night.")
    return asb_report(
        actor=asb.officer,
        channel="phone",
        reporter=reporter,
        behaviours=["drugs"],
        location="block",
        block=asb.block,
        join=asb,
        **kwargs,
    )


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_queue_puts_the_soonest_promise_first_and_leaves_out_closed_cases():
    # given: standard risk (first contact in 5 working days), high risk (next working day)
    officer = make.asb_officer()
    standard = make.reported_case(officer=officer)
    high = make.high_risk_case(officer=officer)
    make.closed_case(officer=officer)

    # when
    page = selectors.queue()

    # then
    assert refs(page) == [high.case.reference, standard.case.reference]
    assert (page.total, page.pages, page.has_next, page.has_previous) == (2, 1, False, False)
    assert [asb.overdue for asb in page] == [False, False]


def test_the_queue_filters_by_officer_risk_and_hate_and_pages():
    mine, theirs = make.asb_officer(), make.asb_officer()
    high = make.high_risk_case(officer=mine)
    hate = make.reported_case(officer=theirs, behaviours=("hate", "noise"))
    other = make.reported_case(officer=theirs)

    assert refs(selectors.queue(officer=mine)) == [high.case.reference]
    assert refs(selectors.queue(risk_level="high")) == [high.case.reference]
    assert refs(selectors.queue(hate_only=True)) == [hate.case.reference]
    second = selectors.queue(page=2, per_page=2)
    assert (second.total, second.pages, len(second), second.has_previous) == (3, 2, 1, True)
    assert second.items[0].case.reference in {hate.case.reference, other.case.reference}


def test_the_queue_reads_a_page_in_two_queries_however_many_cases():
    for _ in range(3):
        make.reported_case()
    few = queries(lambda: [asb.officer for asb in selectors.queue()])
    for _ in range(3):
        make.reported_case()

    many = queries(lambda: [(asb.officer, asb.case.home) for asb in selectors.queue()])

    assert few == many == 2


def test_a_case_is_found_by_its_reference_only():
    asb = make.reported_case()

    assert selectors.case_by_reference(f" {asb.case.reference.lower()} ") == asb
    assert selectors.case_by_reference("A-2024-999999") is None
    assert selectors.case_by_reference("") is None


def _busy(asb, actions: int) -> None:
    for number in range(actions):
        action_add(
            asb=asb,
            actor=asb.officer,
            kind="site_visit",
            description=f"Visit {number}",
            due_on=date(2024, 9, 6),
            owner=asb.officer,
        )
    officer_note_add(asb=asb, actor=asb.officer, text="Seen the door.")
    contact_record(asb=asb, actor=asb.officer, channel="phone", summary="Spoke.")


def test_the_case_page_shows_everything_in_a_fixed_number_of_queries():
    # given
    small, large = make.reported_case(), make.reported_case()
    _busy(small, actions=1)
    _busy(large, actions=4)
    further_report(large, ResidentFactory())

    # when
    page = selectors.case_page(large)

    # then
    assert [party.role for party in page.people("reporter")] == ["reporter", "reporter"]
    assert len(page.reports) == 2
    assert len(page.actions) == len(page.open_actions) == 4
    assert [entry.source for entry in page.diary] == ["officer"]
    assert page.assessments[0].stage == "intake"
    assert page.timeline[0].kind == "case.opened"
    assert {d.duty for d in page.owed} >= {"asb.action", "asb.contact", "asb.action_plan"}
    assert (page.threshold_met, page.threshold_count) == (False, 2)
    assert page.pending_review is None
    # a site visit is on the plan already, so it is not proposed again
    proposed = [suggestion.kind for suggestion in page.suggestions]
    assert "speak_to_neighbours" in proposed
    assert "site_visit" not in proposed
    assert queries(lambda: selectors.case_page(small)) == queries(
        lambda: selectors.case_page(large)
    )


def test_three_reports_within_six_months_meet_the_case_review_threshold():
    asb = make.reported_case()
    further_report(asb, ResidentFactory())
    assert selectors.case_review_threshold(asb) == (False, 2)

    further_report(asb, ResidentFactory())

    assert selectors.case_review_threshold(asb) == (True, 3)
    assert selectors.case_review_threshold(asb, at=datetime(2025, 6, 1, tzinfo=LONDON)) == (
        False,
        0,
    )


def test_your_reports_lists_cases_reported_or_added_to_but_never_one_you_are_accused_in():
    # given
    resident = ResidentFactory()
    mine = make.reported_case(reporter=resident)
    added_to = make.reported_case()
    further_report(added_to, resident)
    accused_in = make.reported_case(perpetrators=[PersonInput(resident=resident)])
    make.reported_case()

    # then
    found = selectors.cases_reported_by(resident)
    assert set(refs(found)) == {mine.case.reference, added_to.case.reference}
    assert accused_in not in found


def test_the_portal_view_never_names_anyone_else_in_the_case():
    # given: a case naming a victim, an alleged perpetrator and a witness
    reporter = resident_with_login(first_name="Amara", last_name="Okafor")
    accused = ResidentFactory(first_name="Darren", last_name="Blackwood")
    asb = make.reported_case(
        reporter=reporter,
        victims=[PersonInput(name="Grace Whitfield")],
        perpetrators=[PersonInput(resident=accused)],
        witnesses=[PersonInput(name="Tomasz Nowak", contact="07700 900999")],
    )
    # a further reporter, whose identity and diary the first reporter must not learn
    neighbour = ResidentFactory(first_name="Helena", last_name="Marchetti")
    further_report(asb, neighbour, description="Helena here: Darren Blackwood again.")
    diary_add(
        asb=asb,
        actor=asb.officer,
        resident=neighbour,
        happened_at=SUNDAY_NIGHT,
        what_happened="Helena saw dealing at flat 12.",
    )
    # an action agreed with the victim that the officer worded carelessly
    action_add(
        asb=asb,
        actor=asb.officer,
        kind="warning_letter",
        description="Send a warning letter to Darren Blackwood at flat 12.",
        due_on=date(2024, 9, 9),
        owner=asb.officer,
        agreed_with_victim=True,
    )
    diary_add(
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        happened_at=SUNDAY_NIGHT,
        what_happened="Shouting outside my door.",
    )
    contact_record(asb=asb, actor=asb.officer, channel="phone", summary="Spoke to Amara.")

    # when
    page = selectors.portal_page(asb, reporter)

    # then: what the reporter may see is there
    assert page.reference == asb.case.reference
    assert page.officer_name == asb.officer.get_full_name()
    assert [entry.what_happened for entry in page.diary] == ["Shouting outside my door."]
    (action,) = page.actions
    assert action.description == "Send a warning letter to someone at flat 12."
    assert any(p.label.startswith("Contact you") for p in page.promises)
    assert "asb.contact" in [event.kind for event in page.events]
    assert page.is_case_reporter
    assert page.can_add_diary
    assert page.can_ask_for_review
    # and no one else's name appears anywhere in it
    seen = repr(page)
    for name in (
        "Grace",
        "Whitfield",
        "Darren",
        "Blackwood",
        "Tomasz",
        "Nowak",
        "Helena",
        "Marchetti",
        "07700 900999",
    ):
        assert name not in seen, name


def test_a_further_reporter_sees_only_their_own_diary_and_no_timeline():
    reporter = resident_with_login(first_name="Amara", last_name="Okafor")
    asb = make.reported_case(reporter=reporter)
    neighbour = ResidentFactory(first_name="Helena", last_name="Marchetti")
    further_report(asb, neighbour)
    diary_add(
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        happened_at=SUNDAY_NIGHT,
        what_happened="Amara's own entry.",
    )

    page = selectors.portal_page(asb, neighbour)

    assert page.diary == ()
    assert page.events == ()
    assert not page.is_case_reporter
    assert "Amara" not in repr(page)
    assert "Okafor" not in repr(page)


def test_a_residents_own_case_about_the_same_thing_is_found_for_them_to_add_to():
    # given
    resident = ResidentFactory()
    block = resident.home.block
    drugs = make.reported_case(reporter=resident, behaviours=("drugs",))
    make.reported_case(block=block)  # someone else's case on the block

    # then
    assert (
        selectors.own_case_like(
            resident, behaviours=["drugs", "noise"], location="block", block=block
        )
        == drugs
    )
    assert (
        selectors.own_case_like(resident, behaviours=["rubbish"], location="block", block=block)
        is None
    )
    assert selectors.own_case_like(resident, behaviours=["drugs"], location="block") is None


def test_a_recently_closed_own_case_is_offered_but_not_an_old_one():
    resident = ResidentFactory()
    block = resident.home.block
    closed = make.closed_case(reporter=resident)

    assert (
        selectors.own_case_like(resident, behaviours=["drugs"], location="block", block=block)
        == closed
    )
    with time_machine.travel(datetime(2025, 1, 6, 10, tzinfo=LONDON), tick=False):
        assert (
            selectors.own_case_like(resident, behaviours=["drugs"], location="block", block=block)
            is None
        )


def test_staff_are_offered_the_open_cases_on_a_place_to_join():
    first = make.reported_case()
    second = make.reported_case(block=first.block)
    make.closed_case(block=first.block)
    elsewhere = make.reported_case()

    found = selectors.open_cases_at(block=first.block)

    assert refs(found) == [second.case.reference, first.case.reference]
    assert elsewhere not in found
    assert selectors.open_cases_at() == []


def test_the_reporter_never_sees_the_messages_sent_to_a_further_reporter():
    reporter = resident_with_login(first_name="Amara", last_name="Okafor")
    asb = make.reported_case(reporter=reporter)
    neighbour = ResidentFactory(first_name="Helena", last_name="Marchetti", email="h@example.org")
    further_report(asb, neighbour)
    to_neighbour = OutboundMessage.objects.get(case=asb.case, resident=neighbour)

    page = selectors.portal_page(asb, reporter)

    sent = [event.summary for event in page.events if event.kind == "message.sent"]
    assert sent  # the reporter's own acknowledgement is there
    assert all(to_neighbour.subject not in summary for summary in sent)
