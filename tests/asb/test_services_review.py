"""Case reviews (the "community trigger"): the reporter asks, Homecase counts the reports about
the matter against the threshold, an ASB officer decides and the reporter is told."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.asb.models import AsbCase, CaseReview
from homecase.asb.services import (
    _common,
    asb_join,
    asb_report,
    case_review_decide,
    case_review_request,
)
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Event, Visibility
from tests.asb import factories as make
from tests.factories import resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REPORTED = datetime(2024, 7, 2, 10, tzinfo=LONDON)
REASON = "I have reported this three times and nothing has changed."


@pytest.fixture(autouse=True)
def tuesday_2_july_2024():
    with time_machine.travel(REPORTED, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def further_report(asb: AsbCase, *, days_later: int) -> None:
    with time_machine.travel(REPORTED + timedelta(days=days_later), tick=False):
        neighbour = make.resident_in_block(asb.block)
        asb_report(
            actor=asb.officer,
            channel=Channel.PHONE,
            reporter=neighbour,
            description="Still dealing on the stairs.",
            behaviours=["drugs"],
            location="block",
            block=asb.block,
            join=asb,
        )


def refused(error_type, call, **kwargs):
    before = make.written()
    with pytest.raises(error_type) as error:
        call(**kwargs)
    assert make.written() == before
    return error.value


def test_the_reporter_asks_for_a_case_review_and_is_promised_a_decision():
    reporter = resident_with_login()
    asb = make.reported_case(reporter=reporter)

    review = case_review_request(asb=asb, actor=reporter.user, resident=reporter, reason=REASON)

    assert (review.decision, review.threshold_met, review.reports_counted) == ("pending", False, 1)
    assert (review.requested_by, review.requested_at) == (reporter, REPORTED)
    [deadline] = _common.unkept(asb, _common.CASE_REVIEW)
    assert local(deadline.due_at) == "2024-07-16 23:59"
    assert deadline.visible_to_resident
    asked = Event.objects.get(kind="asb.case_review_requested")
    assert asked.visibility == Visibility.RESIDENT
    counted = Event.objects.get(kind="asb.case_review_threshold")
    assert counted.visibility == Visibility.STAFF
    assert "threshold not met (1 reports counted)" in counted.summary
    message = OutboundMessage.objects.filter(case=asb.case).latest("pk")
    assert message.subject == f"Your request for a case review: {asb.case.reference}"
    assert "tell you our decision by 16 July 2024" in message.body
    # one pending request at a time
    error = refused(
        Conflict, case_review_request, asb=asb, actor=reporter.user, resident=reporter, reason="x"
    )
    assert "waiting for a decision" in error.message


def test_three_reports_in_six_months_meet_the_threshold_counting_joined_cases():
    # given: a case, a further report a month later, and a separate case joined into it
    asb = make.reported_case()
    further_report(asb, days_later=30)
    other = make.reported_case(block=asb.block)
    asb_join(asb=other, into=asb, actor=asb.officer, reason="Same matter")

    with time_machine.travel(REPORTED + timedelta(days=31), tick=False):
        review = case_review_request(
            asb=asb, actor=asb.officer, resident=asb.case.resident, reason=REASON
        )

    assert (review.threshold_met, review.reports_counted) == (True, 3)


def test_reports_older_than_six_months_are_not_counted():
    asb = make.reported_case()
    further_report(asb, days_later=10)
    later = REPORTED + timedelta(days=200)
    further_report(asb, days_later=200)

    with time_machine.travel(later, tick=False):
        review = case_review_request(asb=asb, actor=None, resident=asb.case.resident, reason=REASON)

    assert (review.threshold_met, review.reports_counted) == (False, 1)


def test_a_request_needs_a_reason_and_must_come_from_a_reporter():
    reporter = resident_with_login()
    asb = make.reported_case(reporter=reporter)
    stranger = resident_with_login()

    error = refused(
        InvalidInput,
        case_review_request,
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        reason=" ",
    )
    assert error.field == "reason"
    refused(
        PermissionDenied,
        case_review_request,
        asb=asb,
        actor=stranger.user,
        resident=stranger,
        reason=REASON,
    )
    refused(
        PermissionDenied,
        case_review_request,
        asb=asb,
        actor=make.planner(),
        resident=reporter,
        reason=REASON,
    )


def test_an_officer_decides_and_the_reporter_is_told():
    reporter = resident_with_login()
    asb = make.reported_case(reporter=reporter)
    review = case_review_request(asb=asb, actor=reporter.user, resident=reporter, reason=REASON)

    decided = case_review_decide(
        review=review,
        actor=asb.officer,
        decision="review_held",
        outcome="Panel met with police and the council on 10 July.",
        recommendations="Weekly patrols; CCTV in the stairwell.",
    )

    assert (decided.decision, decided.decided_by, decided.decided_at) == (
        "review_held",
        asb.officer,
        REPORTED,
    )
    assert make.promises(asb)[_common.CASE_REVIEW] == ["met"]
    event = Event.objects.get(kind="asb.case_review_decided")
    assert event.visibility == Visibility.RESIDENT
    message = OutboundMessage.objects.filter(case=asb.case).latest("pk")
    assert "We held a case review." in message.body
    assert "Weekly patrols; CCTV in the stairwell." in message.body
    # decided once only
    error = refused(
        Conflict,
        case_review_decide,
        review=decided,
        actor=asb.officer,
        decision="not_met",
        outcome="x",
    )
    assert error.field == "decision"


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("decision", {"decision": "maybe"}),
        ("decision", {"decision": "pending"}),
        ("outcome", {"outcome": "  "}),
    ],
)
def test_a_decision_needs_a_known_decision_and_an_outcome(field, kwargs):
    asb = make.reported_case()
    review = case_review_request(asb=asb, actor=None, resident=asb.case.resident, reason=REASON)
    kwargs = {"decision": "not_met", "outcome": "Only one report.", **kwargs}

    error = refused(InvalidInput, case_review_decide, review=review, actor=asb.officer, **kwargs)

    assert error.field == field
    assert CaseReview.objects.get().decision == "pending"


def test_only_asb_officers_decide():
    asb = make.reported_case()
    review = case_review_request(asb=asb, actor=None, resident=asb.case.resident, reason=REASON)

    refused(
        PermissionDenied,
        case_review_decide,
        review=review,
        actor=make.planner(),
        decision="not_met",
        outcome="No.",
    )
