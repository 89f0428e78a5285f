"""Closing a case (reason, victim's view, no open actions), the satisfaction question once,
reopening within the window, and joining a case to another about the same matter."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.asb.models import AsbCase
from homecase.asb.services import (
    _common,
    asb_close,
    asb_join,
    asb_reopen,
    satisfaction_record,
)
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.models import Event, Visibility
from tests.asb import factories as make
from tests.factories import resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REPORTED = datetime(2024, 7, 2, 10, tzinfo=LONDON)
VIEW = "Happy for it to close: the dealing has stopped."


@pytest.fixture(autouse=True)
def tuesday_2_july_2024():
    with time_machine.travel(REPORTED, tick=False):
        yield


def last_message(asb: AsbCase) -> OutboundMessage:
    return OutboundMessage.objects.filter(case=asb.case).latest("pk")


def close(asb: AsbCase, **kwargs) -> AsbCase:
    kwargs.setdefault("actor", asb.officer)
    kwargs.setdefault("reason", "resolved")
    kwargs.setdefault("victim_view", VIEW)
    return asb_close(asb=asb, **kwargs)


def refused(error_type, call, **kwargs):
    """Call expecting a refusal; return the error and check nothing was written."""
    before = make.written()
    with pytest.raises(error_type) as error:
        call(**kwargs)
    assert make.written() == before
    return error.value


def test_closing_records_the_reason_and_the_victims_view_and_asks_about_satisfaction():
    asb = make.reported_case()

    close(asb, reason="other", explanation="Both households moved away.")

    asb.refresh_from_db()
    assert (asb.status, asb.closure_reason, asb.victim_view) == ("closed", "other", VIEW)
    assert asb.closed_at == REPORTED
    assert asb.closure_explanation == "Both households moved away."
    # every promise is cancelled; the queue no longer shows it
    assert make.promises(asb) == {
        _common.FIRST_CONTACT: ["cancelled"],
        _common.RISK_REVIEW: ["cancelled"],
        _common.ACTION_PLAN: ["cancelled"],
    }
    assert asb.next_due_at is None
    # the reporter sees the reason, not the victim's view; staff see both
    closed = Event.objects.get(kind="asb.closed")
    assert closed.visibility == Visibility.RESIDENT
    assert closed.summary == "We have closed this case. Reason: Another reason (explained)."
    recorded = Event.objects.get(kind="asb.closure_recorded")
    assert recorded.visibility == Visibility.STAFF
    assert VIEW in recorded.summary
    message = last_message(asb)
    assert message.subject == f"We have closed your case {asb.case.reference}"
    assert "How satisfied are you" in message.body
    assert "within 90 days" in message.body


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("reason", {"reason": ""}),
        ("reason", {"reason": "bored"}),
        ("explanation", {"reason": "other", "explanation": " "}),
        ("victim_view", {"victim_view": "  "}),
    ],
)
def test_a_close_without_a_reason_or_the_victims_view_is_refused(field, kwargs):
    asb = make.reported_case()

    error = refused(InvalidInput, close, asb=asb, **kwargs)

    assert error.field == field
    assert make.kinds(asb).count("asb.closed") == 0


def test_a_case_with_open_actions_cannot_be_closed_and_the_actions_are_named():
    # given: a case whose safeguarding referral is still open
    asb = make.reported_case(risk_answers={"safeguarding_concern": True})

    error = refused(Conflict, close, asb=asb)

    assert error.field == "actions"
    assert "Safeguarding referral (due 3 July 2024)" in error.message
    asb.refresh_from_db()
    assert asb.status == "open"


def test_only_asb_officers_close_a_case():
    asb = make.reported_case()

    refused(PermissionDenied, close, asb=asb, actor=make.planner())
    refused(PermissionDenied, close, asb=asb, actor=make.contact_agent())


def test_a_closed_case_cannot_be_closed_again():
    asb = make.closed_case()

    refused(Conflict, close, asb=asb)


def test_the_reporter_answers_the_satisfaction_question_once():
    reporter = resident_with_login()
    asb = make.closed_case(reporter=reporter)

    satisfaction_record(
        asb=asb, actor=reporter.user, resident=reporter, satisfaction=4, comment="Quick."
    )

    asb.refresh_from_db()
    assert asb.satisfaction == 4
    event = Event.objects.get(kind="asb.satisfaction")
    assert event.visibility == Visibility.RESIDENT
    assert event.summary == "Satisfaction with how the case was handled: 4 out of 5."
    error = refused(
        Conflict,
        satisfaction_record,
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        satisfaction=5,
    )
    assert error.message == "Satisfaction has already been recorded."


def test_satisfaction_is_asked_only_of_a_closed_case_and_only_of_its_reporter():
    reporter = resident_with_login()
    asb = make.reported_case(reporter=reporter)
    stranger = resident_with_login()

    error = refused(
        Conflict,
        satisfaction_record,
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        satisfaction=3,
    )
    assert error.field == "satisfaction"
    asb = make.closed_case(asb=asb)
    refused(
        PermissionDenied,
        satisfaction_record,
        asb=asb,
        actor=stranger.user,
        resident=stranger,
        satisfaction=3,
    )
    refused(
        PermissionDenied,
        satisfaction_record,
        asb=asb,
        actor=stranger.user,
        resident=reporter,
        satisfaction=3,
    )
    error = refused(
        InvalidInput,
        satisfaction_record,
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        satisfaction=6,
    )
    assert error.field == "satisfaction"


def test_an_officer_reopens_a_case_within_the_window_with_new_promises():
    asb = make.closed_case()
    later = REPORTED + timedelta(days=14)

    with time_machine.travel(later, tick=False):
        asb_reopen(asb=asb, actor=asb.officer, reason="The dealing has started again")

    asb.refresh_from_db()
    assert (asb.status, asb.reopened_count, asb.closed_at, asb.closure_reason) == (
        "open",
        1,
        None,
        "",
    )
    promises = make.promises(asb)
    assert promises[_common.FIRST_CONTACT] == ["cancelled", "open"]
    assert promises[_common.CONTACT] == ["open"]
    reopened = Event.objects.get(kind="asb.reopened")
    assert reopened.visibility == Visibility.RESIDENT
    assert reopened.data["old"]["closure_reason"] == "resolved"
    message = last_message(asb)
    assert message.subject == f"We have reopened your case {asb.case.reference}"
    assert "We will contact you by 23 July 2024." in message.body


def test_reopening_after_the_window_is_refused_as_a_new_case():
    asb = make.closed_case()

    with time_machine.travel(REPORTED + timedelta(days=91), tick=False):
        error = refused(Conflict, asb_reopen, asb=asb, actor=asb.officer, reason="Again")

    assert "report it as a new case" in error.message


def test_reopening_needs_a_reason_an_asb_officer_and_a_closed_case():
    asb = make.reported_case()

    assert refused(InvalidInput, asb_reopen, asb=asb, actor=asb.officer, reason=" ").field == (
        "reason"
    )
    refused(Conflict, asb_reopen, asb=asb, actor=asb.officer, reason="Again")
    refused(PermissionDenied, asb_reopen, asb=asb, actor=make.planner(), reason="Again")


def test_a_case_about_the_same_matter_is_joined_into_the_other():
    # given: two cases about drugs in the same block, reported separately
    into = make.reported_case()
    other = make.reported_case(block=into.block)

    result = asb_join(asb=other, into=into, actor=into.officer, reason="Same dealing, same stairs")

    assert result == into
    other.refresh_from_db()
    assert (other.status, other.joined_into) == ("joined", into)
    assert set(make.promises(other)) == {
        _common.FIRST_CONTACT,
        _common.RISK_REVIEW,
        _common.ACTION_PLAN,
    }
    assert all(status == ["cancelled"] for status in make.promises(other).values())
    assert other.next_due_at is None
    assert "asb.joined" in make.kinds(other)
    assert "asb.case_joined" in make.kinds(into)
    # the other case's reporter is told the reference it now lives under
    message = last_message(other)
    assert into.case.reference in message.subject
    assert into.case.resident.full_name not in message.body


def test_a_join_needs_two_different_open_cases():
    into = make.reported_case()
    closed = make.closed_case()
    officer = into.officer

    error = refused(InvalidInput, asb_join, asb=into, into=into, actor=officer, reason="Same")
    assert error.field == "into"
    refused(Conflict, asb_join, asb=into, into=closed, actor=officer, reason="Same")
    refused(InvalidInput, asb_join, asb=closed, into=into, actor=officer, reason="")
    refused(PermissionDenied, asb_join, asb=closed, into=into, actor=make.planner(), reason="x")
