"""The action plan and keeping in touch: actions with an owner and a date (each a promise), their
completion and cancellation, partners' referrals and responses, the agreed contact interval and
each contact, which keeps the first-contact promise and opens the next contact."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.asb.models import ActionStatus, AsbAction
from homecase.asb.services import _common
from homecase.asb.services.plan import (
    action_add,
    action_cancel,
    action_complete,
    contact_interval_agree,
    contact_record,
    partner_response_record,
)
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.models import Deadline, Event, Visibility
from tests.asb import factories as make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def add(asb, **overrides) -> AsbAction:
    fields = {
        "asb": asb,
        "actor": asb.officer,
        "kind": "site_visit",
        "description": "Visit the block and check the entrance door and stairs.",
        "due_on": date(2024, 9, 5),
        "owner": asb.officer,
    }
    fields.update(overrides)
    return action_add(**fields)


def messages(asb, template: str) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(case_id=asb.case_id, template=template))


def test_an_action_agreed_with_the_victim_is_a_promise_and_agrees_the_plan():
    # given
    asb = make.reported_case()
    assert make.promises(asb)[_common.ACTION_PLAN] == ["open"]

    # when
    action = add(asb, agreed_with_victim=True)

    # then: a promise to the victim, due at the end of the agreed day
    assert action.status == ActionStatus.OPEN
    assert action.deadline.duty == _common.ACTION
    assert action.deadline.visible_to_resident is True
    assert action.deadline.due_at == datetime(2024, 9, 5, 23, 59, 59, 999999, tzinfo=LONDON)
    assert action.deadline.label.startswith("Site visit: Visit the block")
    # the plan is agreed, and the reporter is told what was agreed and by when
    assert make.promises(asb)[_common.ACTION_PLAN] == ["met"]
    (message,) = messages(asb, "asb_action_agreed")
    assert message.resident_id == asb.case.resident_id
    assert asb.case.reference in message.body
    assert "5 September 2024" in message.body
    assert "asb.action_added" in make.kinds(asb)


def test_an_action_not_agreed_with_the_victim_stays_with_staff():
    asb = make.reported_case()

    action = add(asb, kind="speak_to_neighbours", description="Door-knock floors 1 to 4.")

    assert action.deadline.visible_to_resident is False
    assert make.promises(asb)[_common.ACTION_PLAN] == ["open"]
    assert messages(asb, "asb_action_agreed") == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"owner": None}, "owner"),
        ({"due_on": None}, "due_on"),
        ({"due_on": date(2024, 9, 1)}, "due_on"),
        ({"description": "   "}, "description"),
        ({"kind": "eviction"}, "kind"),
        ({"kind": "police_report", "victim_consent": False}, "victim_consent"),
    ],
)
def test_an_incomplete_action_is_refused_with_the_field_named_and_nothing_written(overrides, field):
    # given
    asb = make.reported_case()
    before = make.written()

    # when
    with pytest.raises(InvalidInput) as refused:
        add(asb, **overrides)

    # then
    assert refused.value.field == field
    assert make.written() == before


def test_an_action_without_an_owner_says_who_must_be_named():
    asb = make.reported_case()

    with pytest.raises(InvalidInput, match="an officer or a partner organisation"):
        add(asb, owner=None)

    assert not AsbAction.objects.exists()


def test_an_action_owner_must_hold_the_asb_role():
    asb = make.reported_case()
    before = make.written()

    with pytest.raises(InvalidInput) as refused:
        add(asb, owner=make.planner())

    assert refused.value.field == "owner"
    assert make.written() == before


def test_only_asb_officers_add_actions_and_only_to_open_cases():
    asb = make.reported_case()
    with pytest.raises(PermissionDenied):
        add(asb, actor=UserFactory(roles=["manager"]))

    closed = make.closed_case()
    with pytest.raises(Conflict):
        add(closed)


def test_reporting_to_the_police_for_the_victim_with_consent_refers_to_the_partner():
    # given
    asb = make.reported_case()
    police = make.partner(name="Marsh Lane Police", kind="police")

    # when
    action = add(
        asb,
        kind="police_report",
        owner=None,
        partner=police,
        description="Report the dealing to the police for the victim, who is afraid to.",
        victim_consent=True,
    )

    # then
    referral = Event.objects.get(timeline_id=asb.case.timeline_id, kind="asb.partner_referred")
    assert referral.summary.startswith("Referred to Marsh Lane Police (Police)")
    assert referral.visibility == Visibility.STAFF
    assert action.victim_consent is True

    # when the partner answers, twice
    partner_response_record(action=action, actor=asb.officer, response="Crime ref 4412 raised.")
    action = partner_response_record(
        action=action, actor=asb.officer, response="Patrols added on Fridays."
    )

    # then: both answers are kept, neither overwritten
    assert "Crime ref 4412 raised." in action.partner_response
    assert "Patrols added on Fridays." in action.partner_response
    assert make.kinds(asb).count("asb.partner_responded") == 2


def test_a_partner_response_needs_a_partner_and_words():
    asb = make.reported_case()
    own = add(asb)
    referral = add(asb, kind="patrols", owner=None, partner=make.partner())
    before = make.written()

    with pytest.raises(InvalidInput) as no_partner:
        partner_response_record(action=own, actor=asb.officer, response="Done")
    with pytest.raises(InvalidInput) as no_words:
        partner_response_record(action=referral, actor=asb.officer, response=" ")

    assert (no_partner.value.field, no_words.value.field) == ("partner", "response")
    assert make.written() == before


def test_completing_an_action_needs_an_outcome_then_keeps_its_promise():
    # given
    asb = make.reported_case()
    action = add(asb, agreed_with_victim=True)
    before = make.written()

    # when / then: no outcome, nothing written
    with pytest.raises(InvalidInput) as refused:
        action_complete(action=action, actor=asb.officer, outcome="")
    assert refused.value.field == "outcome"
    assert make.written() == before

    # when
    done = action_complete(
        action=action, actor=asb.officer, outcome="Visited: the door does not lock."
    )

    # then
    assert (done.status, done.outcome) == (ActionStatus.DONE, "Visited: the door does not lock.")
    assert Deadline.objects.get(pk=action.deadline_id).status == "met"
    (message,) = messages(asb, "asb_action_done")
    assert "Site visit" in message.body
    assert "door does not lock" not in message.body  # the officer's record stays with staff
    with pytest.raises(Conflict):
        action_complete(action=done, actor=asb.officer, outcome="Again")


def test_cancelling_an_action_needs_a_reason_and_cancels_its_promise():
    asb = make.reported_case()
    action = add(asb, due_on=date(2024, 9, 2))  # due today: the soonest promise
    asb.refresh_from_db()
    assert asb.next_due_at == action.deadline.due_at

    with pytest.raises(InvalidInput) as refused:
        action_cancel(action=action, actor=asb.officer, reason="")
    assert refused.value.field == "reason"

    cancelled = action_cancel(action=action, actor=asb.officer, reason="Visited on another case")

    assert cancelled.status == ActionStatus.CANCELLED
    assert Deadline.objects.get(pk=action.deadline_id).status == "cancelled"
    asb.refresh_from_db()
    assert asb.next_due_at != action.deadline.due_at


@pytest.mark.parametrize("working_days", [0, 61, "5"])
def test_a_contact_interval_outside_1_to_60_working_days_is_refused(working_days):
    asb = make.reported_case()
    before = make.written()

    with pytest.raises(InvalidInput) as refused:
        contact_interval_agree(asb=asb, actor=asb.officer, working_days=working_days)

    assert refused.value.field == "working_days"
    assert make.written() == before


def test_an_agreed_contact_interval_replaces_the_next_contact_and_is_told():
    # given: a first contact (opens a contact at the policy's 10 working days)
    asb = make.reported_case()
    contact_record(asb=asb, actor=asb.officer, channel="phone", summary="Talked it through.")

    # when
    asb = contact_interval_agree(asb=asb, actor=asb.officer, working_days=5)

    # then: the 10-day contact is cancelled, a 5-day one opened (Monday 9 September)
    assert asb.contact_interval_working_days == 5
    assert make.promises(asb)[_common.CONTACT] == ["cancelled", "open"]
    (contact,) = _common.unkept(asb, _common.CONTACT)
    assert contact.due_at.astimezone(LONDON).date() == date(2024, 9, 9)
    (message,) = messages(asb, "asb_contact_agreed")
    assert "every 5 working days" in message.body
    assert "9 September 2024" in message.body


def test_a_contact_with_the_victim_keeps_the_first_contact_and_opens_the_next():
    # given
    asb = make.reported_case()
    assert make.promises(asb)[_common.FIRST_CONTACT] == ["open"]

    # when
    contact = contact_record(
        asb=asb, actor=asb.officer, channel="phone", summary="Agreed a site visit on Thursday."
    )

    # then: first contact kept; the next contact at the policy's 10 working days (16 September)
    assert make.promises(asb)[_common.FIRST_CONTACT] == ["met"]
    (following,) = _common.unkept(asb, _common.CONTACT)
    assert following.due_at.astimezone(LONDON).date() == date(2024, 9, 16)
    assert (contact.kind, contact.visibility) == ("asb.contact", Visibility.RESIDENT)

    # when: the agreed interval is used for the contact after that
    contact_interval_agree(asb=asb, actor=asb.officer, working_days=3)
    contact_record(asb=asb, actor=asb.officer, channel="visit", summary="Visited.")
    (following,) = _common.unkept(asb, _common.CONTACT)
    assert following.due_at.astimezone(LONDON).date() == date(2024, 9, 5)


def test_a_contact_with_someone_else_keeps_no_promise_and_stays_with_staff():
    asb = make.reported_case()

    contact = contact_record(
        asb=asb,
        actor=asb.officer,
        channel="phone",
        summary="Spoke to the caretaker.",
        with_victim=False,
    )

    assert contact.visibility == Visibility.STAFF
    assert make.promises(asb)[_common.FIRST_CONTACT] == ["open"]
    assert _common.CONTACT not in make.promises(asb)


def test_a_contact_needs_a_channel_and_a_summary():
    asb = make.reported_case()
    before = make.written()

    with pytest.raises(InvalidInput) as no_channel:
        contact_record(asb=asb, actor=asb.officer, channel="system", summary="Hello")
    with pytest.raises(InvalidInput) as no_summary:
        contact_record(asb=asb, actor=asb.officer, channel="phone", summary="")

    assert (no_channel.value.field, no_summary.value.field) == ("channel", "summary")
    assert make.written() == before
