"""Dissatisfaction on any case opens an offer of a complaint; the resident's choice is recorded
and choosing to complain logs a complaint linked to the case."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput
from homecase.complaints import services
from homecase.complaints.models import ComplaintOffer, OfferChoice
from homecase.records.models import Channel, Visibility
from tests.complaints import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def case():
    return make.received_complaint().case


def refused(error_type, call, **kwargs):
    before = make.written()
    with pytest.raises(error_type) as error:
        call(**kwargs)
    assert make.written() == before
    return error.value


def contact(case, summary: str, **kwargs):
    return services.contact_record(
        case=case, actor=make.contact_agent(), channel=Channel.PHONE, summary=summary, **kwargs
    )


def test_an_ordinary_contact_opens_no_offer(case):
    # when
    event, offer = contact(case, "Asked when the plasterer is coming.")
    # then
    assert offer is None
    assert (event.kind, event.summary, event.visibility) == (
        "contact.recorded",
        "Asked when the plasterer is coming.",
        Visibility.RESIDENT,
    )
    assert event.data == {"dissatisfaction": [], "flagged": False}
    assert ComplaintOffer.objects.count() == 0


def test_dissatisfied_words_open_an_offer_for_staff_to_put(case):
    # when
    _, offer = contact(case, "Third time I've called. Still waiting!")
    # then
    assert (offer.phrases, offer.flagged_by_staff, offer.choice) == (
        ["third time", "still waiting"],
        False,
        OfferChoice.PENDING,
    )
    due = case.timeline.events.get(kind="complaint.offer_due")
    assert due.visibility == Visibility.STAFF
    assert due.summary == (
        "Dissatisfaction shown: offer the resident the choice to make a complaint. "
        "Words used: third time, still waiting."
    )


def test_a_staff_flag_opens_an_offer_without_the_words(case):
    _, offer = contact(case, "Sounded upset on the phone but polite.", dissatisfied=True)
    assert (offer.phrases, offer.flagged_by_staff) == (["upset"], True)
    _, offer = contact(case, "Quiet call.", dissatisfied=True)
    assert (offer.phrases, offer.flagged_by_staff) == ([], True)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"summary": " "}, "summary", "Say what the contact was about."),
        ({"channel": "pigeon"}, "channel", "Say how the contact was made."),
        (
            {"occurred_at": MONDAY - timedelta(days=1), "backdate_reason": "Notes"},
            "occurred_at",
            "A contact on this case cannot be dated before the case was opened.",
        ),
        (
            {"occurred_at": MONDAY + timedelta(hours=1)},
            "occurred_at",
            "Something cannot be recorded as happening in the future.",
        ),
    ],
)
def test_a_bad_contact_is_refused(case, kwargs, field, message):
    kwargs = {"summary": "Unacceptable", "channel": Channel.PHONE, **kwargs}
    error = refused(
        InvalidInput, services.contact_record, case=case, actor=make.contact_agent(), **kwargs
    )
    assert (error.field, error.message) == (field, message)


def test_choosing_to_complain_logs_a_complaint_linked_to_the_case(case):
    # given
    _, offer = contact(case, "This is unacceptable.")
    # when
    decided = services.complaint_offer_decide(
        offer=offer,
        actor=make.contact_agent(),
        wants_to_complain=True,
        desired_outcome="A date for the repair",
    )
    # then
    complaint = decided.complaint
    assert (decided.choice, decided.decided_at) == (OfferChoice.ACCEPTED, MONDAY)
    assert (complaint.related_case, complaint.case.resident) == (case, case.resident)
    assert (complaint.description, complaint.desired_outcome) == (
        "This is unacceptable.",
        "A date for the repair",
    )
    assert case.timeline.events.filter(kind="complaint.linked").count() == 1
    event = case.timeline.events.get(kind="complaint.offer_decided")
    assert event.summary == f"The resident chose to make a complaint: {complaint.reference}."


def test_declining_is_recorded(case):
    _, offer = contact(case, "Fed up.")
    decided = services.complaint_offer_decide(
        offer=offer, actor=make.contact_agent(), wants_to_complain=False
    )
    assert (decided.choice, decided.complaint) == (OfferChoice.DECLINED, None)
    event = case.timeline.events.get(kind="complaint.offer_decided")
    assert event.summary == "Offered a complaint; the resident chose not to make one."


def test_the_choice_is_recorded_once(case):
    _, offer = contact(case, "Fed up.")
    services.complaint_offer_decide(
        offer=offer, actor=make.contact_agent(), wants_to_complain=False
    )
    error = refused(
        Conflict,
        services.complaint_offer_decide,
        offer=offer,
        actor=make.contact_agent(),
        wants_to_complain=True,
    )
    assert error.message == "The resident's choice is already recorded."
    offer.refresh_from_db()
    assert offer.choice == OfferChoice.DECLINED


def test_no_complaint_for_a_case_without_a_resident():
    case = make.received_complaint(complainant="third_party", third_party_name="Mr Lee").case
    _, offer = contact(case, "Unacceptable.")
    error = refused(
        Conflict,
        services.complaint_offer_decide,
        offer=offer,
        actor=make.contact_agent(),
        wants_to_complain=True,
    )
    assert error.message == "This case has no resident to make the complaint for."
