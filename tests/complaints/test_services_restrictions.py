"""Contact restrictions: evidenced, Equality Act considered, reviewed by a date, ended."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput
from homecase.complaints import services
from tests.complaints import factories as make
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime(2024, 9, 2, 10, tzinfo=ZoneInfo("Europe/London"))
GIVEN = {
    "behaviour": "Abusive calls to staff",
    "evidence": "Call recordings of 20 and 22 August",
    "equality_act_consideration": "No disability known; checked with the resident",
    "arrangement": "One named officer, by email only",
}


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def record(resident, **kwargs):
    kwargs = {**GIVEN, "starts_on": date(2024, 9, 2), "review_on": date(2024, 12, 2), **kwargs}
    return services.contact_restriction_record(
        resident=resident, actor=make.complaint_officer(), **kwargs
    )


def refused(error_type, call, *args, **kwargs):
    before = make.written()
    with pytest.raises(error_type) as error:
        call(*args, **kwargs)
    assert make.written() == before
    return error.value


def test_a_restriction_is_recorded_on_the_residents_timeline():
    resident = ResidentFactory()
    restriction = record(resident, arrangement=" One named officer, by email only ")
    assert (restriction.arrangement, restriction.review_on, restriction.ended_at) == (
        "One named officer, by email only",
        date(2024, 12, 2),
        None,
    )
    event = resident.timeline.events.get(kind="contact_restriction.recorded")
    assert event.summary == (
        "Contact restriction from 2 September 2024, review by 2 December 2024: "
        "One named officer, by email only"
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("behaviour", "Describe the behaviour that led to the restriction."),
        ("evidence", "Record the evidence for it."),
        ("equality_act_consideration", "Record how the Equality Act 2010 was considered."),
        ("arrangement", "Say how we will be in touch while it lasts."),
    ],
)
def test_every_part_of_a_restriction_is_needed(field, message):
    error = refused(InvalidInput, record, ResidentFactory(), **{field: " "})
    assert (error.field, error.message) == (field, message)


def test_the_review_cannot_come_before_the_start():
    error = refused(InvalidInput, record, ResidentFactory(), review_on=date(2024, 9, 1))
    assert (error.field, error.message) == (
        "review_on",
        "The review date must be on or after the start.",
    )


def test_a_review_keeps_it_to_a_later_date_or_ends_it():
    # given
    restriction = record(ResidentFactory())
    officer = make.complaint_officer()
    # when: kept
    kept = services.contact_restriction_review(
        restriction=restriction,
        actor=officer,
        outcome="Still needed",
        next_review_on=date(2025, 3, 3),
    )
    # then
    assert (kept.review_on, kept.ended_at) == (date(2025, 3, 3), None)
    # when: ended
    ended = services.contact_restriction_review(
        restriction=restriction, actor=officer, outcome="Calls are civil now", next_review_on=None
    )
    # then
    assert ended.ended_at == MONDAY
    summaries = restriction.resident.timeline.events.filter(
        kind="contact_restriction.reviewed"
    ).order_by("sequence")
    assert list(summaries.values_list("summary", flat=True)) == [
        "Contact restriction kept, next review by 3 March 2025. Still needed",
        "Contact restriction ended. Calls are civil now",
    ]
    error = refused(
        Conflict,
        services.contact_restriction_review,
        restriction=restriction,
        actor=officer,
        outcome="Again",
        next_review_on=None,
    )
    assert error.message == "This restriction has already ended."


@pytest.mark.parametrize("next_review_on", [date(2024, 12, 2), date(2024, 11, 1)])
def test_the_next_review_must_be_later_than_the_last(next_review_on):
    restriction = record(ResidentFactory())
    error = refused(
        InvalidInput,
        services.contact_restriction_review,
        restriction=restriction,
        actor=make.complaint_officer(),
        outcome="Kept",
        next_review_on=next_review_on,
    )
    assert (error.field, error.message) == (
        "next_review_on",
        "The next review must be later than the last.",
    )
    restriction.refresh_from_db()
    assert restriction.review_on == date(2024, 12, 2)


def test_a_review_needs_an_outcome():
    restriction = record(ResidentFactory())
    error = refused(
        InvalidInput,
        services.contact_restriction_review,
        restriction=restriction,
        actor=make.complaint_officer(),
        outcome=" ",
        next_review_on=None,
    )
    assert (error.field, error.message) == ("outcome", "Record what the review found.")
