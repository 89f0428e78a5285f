"""Reads: the officer's queue (overdue first, then soonest due; red/amber/green; filters;
pages), a resident's complaints, and the timeline each audience sees."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.complaints import selectors, services
from homecase.complaints.models import Complainant
from homecase.complaints.selectors import QueueFilters, complaint_queue, rag_for
from homecase.complaints.services import Signer
from homecase.records.models import Visibility
from tests.complaints import factories as make
from tests.factories import ResidentFactory

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


# --- red, amber, green -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "rag"),
    [
        (None, "green"),
        (MONDAY - timedelta(microseconds=1), "red"),
        (MONDAY - timedelta(days=30), "red"),
        (MONDAY, "amber"),
        (MONDAY + timedelta(days=2), "amber"),
        (MONDAY + timedelta(days=2, microseconds=1), "green"),
    ],
)
def test_rag_boundaries(due, rag):
    assert rag_for(due, at=MONDAY) == rag


# --- the queue ---------------------------------------------------------------------------------


def received_on(day: str, **kwargs):
    return make.received_complaint(
        received_at=datetime.fromisoformat(day).replace(hour=10, tzinfo=LONDON), **kwargs
    )


@pytest.fixture
def queue(db):
    """Three open complaints (green, overdue, amber) and one already answered."""
    with time_machine.travel(MONDAY, tick=False):
        green = received_on("2024-09-02")  # acknowledge by 9 September
        red = received_on("2024-08-19")  # by 27 August (26th a bank holiday): overdue
        amber = received_on("2024-08-27")  # by 3 September, within 2 days
        answered = make.responded_complaint()
    return {"green": green, "red": red, "amber": amber, "answered": answered}


def test_the_queue_puts_overdue_first_then_soonest_due(queue):
    # when
    page, total = complaint_queue(filters=QueueFilters(), at=MONDAY)
    # then
    assert total == 3
    assert [(c.pk, c.rag) for c in page] == [
        (queue["red"].pk, "red"),
        (queue["amber"].pk, "amber"),
        (queue["green"].pk, "green"),
    ]
    assert page[0].next_due_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") == "2024-08-27 23:59"


@pytest.mark.parametrize("rag", ["red", "amber", "green"])
def test_the_queue_filters_by_rag(queue, rag):
    page, total = complaint_queue(filters=QueueFilters(rag=rag), at=MONDAY)
    assert ([c.pk for c in page], total) == ([queue[rag].pk], 1)


def test_the_queue_filters_by_status(queue):
    with time_machine.travel(MONDAY, tick=False):
        acknowledged = make.acknowledged_complaint()
    page, total = complaint_queue(filters=QueueFilters(status="stage_1"), at=MONDAY)
    assert ([c.pk for c in page], total) == ([acknowledged.pk], 1)


def test_mine_is_what_an_officer_handles_now(db):
    # given: one officer's stage 1 complaint, and one they answered that went to stage 2
    with time_machine.travel(MONDAY, tick=False):
        me, other = make.complaint_officer(), make.complaint_officer()
        mine = make.acknowledged_complaint(officer=me)
        make.acknowledged_complaint(officer=other)
        escalated = make.escalated_complaint(officer=me)
        theirs_now = make.stage2_complaint(officer=other)
    # when
    page, total = complaint_queue(filters=QueueFilters(mine_for=me.pk), at=MONDAY)
    by_officer, _ = complaint_queue(filters=QueueFilters(officer_id=other.pk), at=MONDAY)
    # then
    assert ([c.pk for c in page], total) == ([mine.pk], 1)
    assert escalated.pk not in [c.pk for c in by_officer]
    assert theirs_now.pk in [c.pk for c in by_officer]


def test_the_queue_comes_a_page_at_a_time_with_the_total(queue, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    first, total = complaint_queue(filters=QueueFilters(page=1), at=MONDAY)
    second, _ = complaint_queue(filters=QueueFilters(page=2), at=MONDAY)
    beyond, _ = complaint_queue(filters=QueueFilters(page=3), at=MONDAY)
    assert total == 3
    assert [c.pk for c in first] == [queue["red"].pk, queue["amber"].pk]
    assert [c.pk for c in second] == [queue["green"].pk]
    assert beyond == []


def test_the_queue_reads_in_a_fixed_number_of_queries(queue, django_assert_num_queries):
    with django_assert_num_queries(2):
        page, _ = complaint_queue(filters=QueueFilters(), at=MONDAY)
        [(c.case.resident, c.case.home) for c in page]


# --- a resident's complaints and the timeline --------------------------------------------------


@pytest.mark.django_db
def test_a_residents_complaints_include_petitions_they_signed():
    # given
    with time_machine.travel(MONDAY, tick=False):
        me = ResidentFactory()
        own = make.received_complaint(resident=me)
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        petition = make.received_complaint(
            complainant=Complainant.PETITION,
            resident=ResidentFactory(),
            signers=[Signer(name="Ann"), Signer(name="Me", resident=me)],
        )
        make.received_complaint()  # someone else's
    # when
    mine = list(selectors.complaints_for_resident(resident=me))
    # then: newest first
    assert mine == [petition, own]


@pytest.mark.django_db
def test_the_residents_timeline_hides_staff_and_internal_events():
    # given: a conduct complaint (internal flag) with a staff-only decision draft
    with time_machine.travel(MONDAY, tick=False):
        officer = make.complaint_officer()
        complaint = make.acknowledged_complaint(
            officer=officer, about_conduct=True, conduct_subject="J. Smith"
        )
        make.decide_all(complaint, actor=officer)
    events = complaint.case.timeline.events
    # when
    resident_view = selectors.complaint_timeline(complaint=complaint, resident_view=True)
    staff_view = selectors.complaint_timeline(complaint=complaint, resident_view=False)
    # then
    assert set(resident_view.values_list("visibility", flat=True)) == {Visibility.RESIDENT}
    assert list(resident_view) == list(events.filter(visibility="resident").order_by("sequence"))
    assert list(staff_view) == list(events.exclude(visibility="internal").order_by("sequence"))
    assert "complaint.points_decided" in staff_view.values_list("kind", flat=True)
    assert "complaint.points_decided" not in resident_view.values_list("kind", flat=True)
    assert not staff_view.filter(kind="complaint.conduct_flagged").exists()


@pytest.mark.django_db
def test_pending_offers_on_a_case():
    with time_machine.travel(MONDAY, tick=False):
        case = make.received_complaint().case
        services.contact_record(
            case=case, actor=None, channel="phone", summary="Unacceptable service"
        )
    assert [o.case for o in selectors.pending_offers(case_id=case.pk)] == [case]
