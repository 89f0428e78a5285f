"""The risk assessment at review: a new assessment that sets the level, brings the first
contact forward when the risk is higher, keeps and reopens the risk review, and asks for one
safeguarding referral. ASB officers only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.asb.models import ActionKind, AsbCase, RiskAssessment
from homecase.asb.services import _common, risk_assess
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.records.models import Event, Visibility
from tests.asb import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REPORTED = datetime(2024, 7, 2, 10, tzinfo=LONDON)  # a Tuesday


@pytest.fixture(autouse=True)
def tuesday_2_july_2024():
    with time_machine.travel(REPORTED, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def first_contact(asb: AsbCase) -> str:
    [deadline] = _common.unkept(asb, _common.FIRST_CONTACT)
    return local(deadline.due_at)


def test_a_review_that_finds_high_risk_brings_first_contact_forward():
    # given: a standard-risk case (first contact by Tuesday 9 July)
    asb = make.reported_case()
    assert first_contact(asb) == "2024-07-09 23:59"

    # when: the officer assesses again the next day and the victim feels unsafe at home
    with time_machine.travel(REPORTED + timedelta(days=1), tick=False):
        assessment = risk_assess(
            asb=asb,
            actor=asb.officer,
            answers={"unsafe_at_home": True, "repeated": True},
            notes="Spoke to the victim by phone.",
        )

    # then: a second assessment, high risk; first contact now by the end of Wednesday 3 July
    assert (assessment.stage, assessment.level, assessment.score) == ("review", "high", 6)
    assert assessment.assessed_by == asb.officer
    asb.refresh_from_db()
    assert asb.risk_level == "high"
    assert RiskAssessment.objects.filter(asb=asb).count() == 2
    assert make.promises(asb)[_common.FIRST_CONTACT] == ["cancelled", "open"]
    assert first_contact(asb) == "2024-07-03 23:59"
    # and the risk review was kept and the next one (10 working days for high) opened
    assert make.promises(asb)[_common.RISK_REVIEW] == ["met", "open"]
    [review] = _common.unkept(asb, _common.RISK_REVIEW)
    assert local(review.due_at) == "2024-07-17 23:59"
    # and the event is for staff only, with the old level
    event = Event.objects.filter(kind="asb.risk_assessed").latest("sequence")
    assert event.visibility == Visibility.STAFF
    assert event.summary == "Risk assessed (at a review): high risk, score 6."
    assert event.data["old"] == {"risk_level": "standard", "safeguarding": False}


def test_a_lower_risk_never_pushes_first_contact_back():
    asb = make.high_risk_case()

    risk_assess(asb=asb, actor=asb.officer, answers={})

    asb.refresh_from_db()
    assert asb.risk_level == "standard"
    assert make.promises(asb)[_common.FIRST_CONTACT] == ["open"]
    assert first_contact(asb) == "2024-07-02 23:59"


def test_a_safeguarding_concern_asks_for_one_referral_at_a_time():
    asb = make.reported_case()

    risk_assess(asb=asb, actor=asb.officer, answers={"safeguarding_concern": True})
    risk_assess(asb=asb, actor=asb.officer, answers={"safeguarding_concern": True})

    [action] = asb.actions.all()
    assert (action.kind, action.owner, action.status) == (
        ActionKind.SAFEGUARDING,
        asb.officer,
        "open",
    )
    assert str(action.due_on) == "2024-07-03"
    assert make.promises(asb)[_common.ACTION] == ["open"]


def refused(error_type, asb: AsbCase, **kwargs):
    kwargs.setdefault("answers", {"repeated": True})
    before = make.written()
    with pytest.raises(error_type) as error:
        risk_assess(asb=asb, **kwargs)
    assert make.written() == before
    return error.value


def test_only_asb_officers_assess_the_risk():
    asb = make.reported_case()

    error = refused(PermissionDenied, asb, actor=make.planner())

    assert error.message == "Only ASB officers can do this."


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("answers", {"answers": {"grumpy": True}}),
        ("answers", {"answers": ["repeated"]}),
        ("stage", {"stage": "whenever"}),
    ],
)
def test_bad_answers_are_refused_with_the_field_named(field, kwargs):
    asb = make.reported_case()

    error = refused(InvalidInput, asb, actor=asb.officer, **kwargs)

    assert error.field == field


def test_a_closed_case_is_not_assessed():
    asb = make.closed_case()

    refused(Conflict, asb, actor=asb.officer)
