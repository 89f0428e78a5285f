"""Chasing: every chase logged with a reply deadline; the second goes to a manager and opens the
offer of a complaint, linked on the chase; a reply keeps the chase's promise."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from homecase.complaints.models import ComplaintOffer
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, DeadlineStatus, Visibility
from homecase.repairs.models import Chase
from homecase.repairs.services import _common
from homecase.repairs.services.chases import chase_record, chase_reply
from homecase.repairs.services.triage import repair_cancel
from tests.factories import UserFactory, resident_with_login
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def chase(repair, **kwargs) -> Chase:
    kwargs.setdefault("actor", make.contact_agent())
    kwargs.setdefault("channel", Channel.PHONE)
    kwargs.setdefault("summary", "Nobody has been in touch about the leak.")
    return chase_record(repair=repair, **kwargs)


def refused(error_type, **kwargs):
    before = make.written()
    with pytest.raises(error_type) as error:
        chase(**kwargs)
    assert make.written() == before
    return error.value


def test_a_chase_is_logged_with_a_reply_deadline_and_the_resident_is_told():
    repair = make.triaged_repair()

    first = chase(repair)

    assert first.number == 1
    assert local(first.reply_deadline.due_at) == "2024-09-04 23:59"
    assert first.reply_deadline.duty == _common.CHASE_REPLY
    assert first.escalated_to is None
    assert first.complaint_offer is None
    event = repair.case.timeline.events.get(kind="repair.chased")
    assert event.visibility == Visibility.RESIDENT
    message = OutboundMessage.objects.filter(case=repair.case).latest("pk")
    assert message.template == "repair_chase_received"
    assert "We will reply by 4 September 2024" in message.body


def test_the_second_chase_escalates_to_a_manager_and_offers_a_complaint():
    boss = make.manager()
    repair = make.triaged_repair()
    chase(repair)

    second = chase(repair, summary="Still nobody has come. This is the second time I've called.")

    assert second.number == 2
    assert second.reply_deadline is not None
    assert second.escalated_to == boss
    offer = second.complaint_offer
    assert isinstance(offer, ComplaintOffer)
    assert offer.case == repair.case
    assert offer.flagged_by_staff
    escalated = repair.case.timeline.events.get(kind="repair.chase_escalated")
    assert escalated.visibility == Visibility.STAFF
    assert boss.get_full_name() in escalated.summary
    assert repair.case.timeline.events.filter(kind="complaint.offer_due").exists()
    message = OutboundMessage.objects.filter(case=repair.case).latest("pk")
    assert "a manager is now looking at your repair" in message.body


def test_the_third_chase_escalates_too():
    make.manager()
    repair = make.triaged_repair()
    chase(repair)
    chase(repair)

    third = chase(repair)

    assert third.complaint_offer is not None
    assert ComplaintOffer.objects.filter(case=repair.case).count() == 2


def test_a_chase_escalates_even_with_no_manager_on_the_books():
    repair = make.triaged_repair()
    chase(repair)

    second = chase(repair)

    assert second.escalated_to is None
    assert second.complaint_offer is not None


def test_each_chase_moves_the_job_up_the_queue():
    repair = make.communal_repair()  # next due: interim measures in 24 hours

    first = chase(repair)

    repair.refresh_from_db()
    assert repair.next_due_at == min(
        first.reply_deadline.due_at, _common.unkept(repair, _common.INTERIM)[0].due_at
    )


def test_a_chase_must_say_what_it_was_about():
    error = refused(InvalidInput, repair=make.triaged_repair(), summary="  ")

    assert error.field == "summary"


def test_a_chase_needs_a_real_channel():
    error = refused(InvalidInput, repair=make.triaged_repair(), channel="telepathy")

    assert error.field == "channel"


def test_a_backdated_chase_needs_a_reason():
    repair = make.reported_repair(
        received_at=MONDAY - timedelta(days=7), backdate_reason="From the post"
    )

    error = refused(InvalidInput, repair=repair, occurred_at=MONDAY - timedelta(days=2))

    assert error.field == "backdate_reason"


def test_a_closed_job_cannot_be_chased():
    repair = make.triaged_repair()
    repair_cancel(repair=repair, actor=make.planner(), reason="Raised in error")

    refused(Conflict, repair=repair)


def test_a_resident_may_chase_their_own_repair_but_not_anyone_elses():
    resident = resident_with_login()
    mine = make.triaged_repair(resident=resident)
    other = make.triaged_repair()

    assert chase(mine, actor=resident.user, channel=Channel.PORTAL).number == 1
    refused(NotFound, repair=other, actor=resident.user, channel=Channel.PORTAL)


def test_a_reply_keeps_the_chase_promise():
    repair = make.triaged_repair()
    first = chase(repair)

    replied = chase_reply(
        chase=first,
        actor=make.planner(),
        summary="The plumber comes on Thursday morning.",
        channel=Channel.PHONE,
    )

    assert replied.replied_at is not None
    replied.reply_deadline.refresh_from_db()
    assert replied.reply_deadline.status == DeadlineStatus.MET
    assert repair.case.timeline.events.filter(kind="repair.chase_replied").exists()


def test_a_chase_is_replied_to_once():
    repair = make.triaged_repair()
    first = chase(repair)
    chase_reply(chase=first, actor=make.planner(), summary="Booked.", channel=Channel.PHONE)

    with pytest.raises(Conflict):
        chase_reply(chase=first, actor=make.planner(), summary="Again.", channel=Channel.PHONE)


def test_only_staff_reply_to_a_chase():
    repair = make.triaged_repair()
    first = chase(repair)

    with pytest.raises(PermissionDenied):
        chase_reply(
            chase=first,
            actor=UserFactory(roles=["contractor"]),
            summary="Hi",
            channel=Channel.PHONE,
        )


def test_the_escalation_point_comes_from_the_policy(settings):
    settings.HOMECASE_REPAIRS_POLICY = "chases_before_escalation=3"
    make.manager()
    repair = make.triaged_repair()

    chase(repair)
    second = chase(repair)
    third = chase(repair)

    assert second.complaint_offer is None
    assert third.complaint_offer is not None
