"""The console's putting-things-right, learning, Ombudsman, contact, offer and restriction pages
through the Django test client: who may use them, each happy path, and each refusal shown as an
error with nothing written."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from homecase.common.time import now
from homecase.complaints import selectors, services
from homecase.complaints.models import (
    Compensation,
    CompensationStatus,
    Complaint,
    ComplaintOffer,
    ContactRestriction,
    LearningAction,
    OfferChoice,
    OmbudsmanFinding,
    OmbudsmanOrder,
    OmbudsmanReferral,
    Remedy,
)
from homecase.records.models import Case, Channel, Event
from homecase.records.services import case_open
from tests.complaints.factories import (
    acknowledged_complaint,
    complaint_officer,
    contact_agent,
    responded_complaint,
)
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # a Monday
NS = "console:console-complaints"


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def officer():
    return complaint_officer(first_name="Priya", last_name="Shah")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def agent_client(client):
    client.force_login(contact_agent())
    return client


@pytest.fixture
def complaint(officer):
    return acknowledged_complaint(officer=officer)


def url(name: str, **kwargs) -> str:
    return reverse(f"{NS}:{name}", kwargs=kwargs)


def page_of(complaint: Complaint, anchor: str) -> str:
    return url("complaint", reference=complaint.reference) + f"#{anchor}"


def repair_case(resident=None) -> Case:
    resident = resident or ResidentFactory()
    return case_open(
        kind="repair",
        title="Leaking kitchen tap",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported by phone",
        home=resident.home,
        resident=resident,
    )


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def errors_in(response) -> str:
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    return content


# Who may use the pages


def _officer_pages(complaint: Complaint) -> list[str]:
    remedy = services.remedy_add(
        complaint=complaint,
        actor=complaint_officer(),
        kind="action",
        description="Replace the ceiling",
        owner=complaint_officer(),
        due_on=date(2026, 3, 20),
    )
    offer = services.compensation_offer(
        complaint=complaint, actor=complaint_officer(), amount=50, reason="Time and trouble"
    )
    referral = services.ombudsman_referral_record(
        complaint=complaint, actor=complaint_officer(), referred_at=now()
    )
    restriction = services.contact_restriction_record(
        resident=complaint.case.resident,
        actor=complaint_officer(),
        behaviour="Abusive calls",
        evidence="Call recordings",
        equality_act_consideration="No disability known",
        arrangement="Email only",
        starts_on=date(2026, 3, 2),
        review_on=date(2026, 6, 2),
    )
    ref = complaint.reference
    return [
        url("remedy-add", reference=ref),
        url("remedy-update", reference=ref, remedy_id=remedy.pk),
        url("remedy-complete", reference=ref, remedy_id=remedy.pk),
        url("compensation-offer", reference=ref),
        url("compensation-record", reference=ref, compensation_id=offer.pk),
        url("root-cause", reference=ref),
        url("learning-add", reference=ref),
        url("referral-record", reference=ref),
        url("determination-record", reference=ref, referral_id=referral.pk),
        url("restriction-record") + f"?resident={complaint.case.resident_id}",
        url("restriction-review", restriction_id=restriction.pk),
    ]


def test_anonymous_people_are_sent_to_sign_in(client, complaint):
    # given
    pages = [
        *_officer_pages(complaint),
        url("contact-record", case_reference=repair_case().reference),
    ]

    for address in pages:
        # when
        response = client.get(address)

        # then
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:sign-in") + "?next=")


def test_a_contact_agent_cannot_do_a_complaint_officers_work(agent_client, complaint):
    # given
    pages = _officer_pages(complaint)
    before = (Remedy.objects.count(), Compensation.objects.count(), Event.objects.count())

    for address in pages:
        # when
        got = agent_client.get(address)
        posted = agent_client.post(address, {"description": "x", "outcome": "x", "decision": "end"})

        # then
        assert got.status_code == 403
        assert posted.status_code == 403
        assert "Only complaint officers can do this" in got.content.decode()
    assert (Remedy.objects.count(), Compensation.objects.count(), Event.objects.count()) == before


def test_someone_who_is_not_staff_cannot_record_a_contact(client, db):
    # given
    case = repair_case()
    client.force_login(UserFactory())  # signed in, but with no staff role

    # when
    response = client.post(
        url("contact-record", case_reference=case.reference),
        {"channel": "phone", "summary": "Called"},
    )

    # then
    assert response.status_code == 403
    assert not case.timeline.events.filter(kind="contact.recorded").exists()


def test_unknown_complaints_and_items_are_a_plain_404(officer_client, complaint):
    # when
    responses = [
        officer_client.get(url("remedy-add", reference="C-2026-999999")),
        officer_client.get(url("remedy-update", reference=complaint.reference, remedy_id=999999)),
        officer_client.get(url("contact-record", case_reference="R-2026-999999")),
        officer_client.get(url("offer", offer_id=999999)),
        officer_client.get(url("restriction-record")),
    ]

    # then
    assert [response.status_code for response in responses] == [404] * 5
    assert "There is no complaint C-2026-999999." in responses[0].content.decode()


# Putting things right


def test_an_officer_adds_an_action_with_an_owner_and_a_date(officer_client, officer, complaint):
    # given
    address = url("remedy-add", reference=complaint.reference)
    assert officer_client.get(address).status_code == 200

    # when
    response = officer_client.post(
        address,
        {
            "kind": "action",
            "description": "Replace the kitchen ceiling",
            "owner": officer.pk,
            **date_fields("due_on", date(2026, 3, 20)),
        },
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == page_of(complaint, "putting-things-right")
    remedy = Remedy.objects.get(complaint=complaint)
    assert (remedy.kind, remedy.description, remedy.owner, remedy.outstanding) == (
        "action",
        "Replace the kitchen ceiling",
        officer,
        True,
    )
    assert remedy.deadline.due_at.astimezone(LONDON).strftime("%Y-%m-%d") == "2026-03-20"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "action", "description": "Fix it"}, "An action needs an owner and a date"),
        ({"description": "Fix it"}, "Choose the kind of remedy"),
        ({"kind": "apology", "description": ""}, "Say what will be done to put things right"),
        ({"kind": "action", "description": "Fix it", "owner": "OWNER", "due_on_day": "31",
          "due_on_month": "2", "due_on_year": "2026"}, "Done by must be a real date"),
        ({"kind": "action", "description": "Fix it", "owner": "OWNER",
          **date_fields("due_on", date(2026, 2, 1))}, "The date must be in the future."),
    ],
)  # fmt: skip
def test_a_remedy_refused_is_shown_and_nothing_is_written(
    officer_client, officer, complaint, data, message
):
    # given
    data = {key: (officer.pk if value == "OWNER" else value) for key, value in data.items()}
    events = complaint.case.timeline.events.count()

    # when
    response = officer_client.post(url("remedy-add", reference=complaint.reference), data)

    # then
    content = errors_in(response)
    assert message in content
    assert 'class="govuk-error-message"' in content
    assert Remedy.objects.count() == 0
    assert complaint.case.timeline.events.count() == events


def test_an_officer_posts_an_update_and_marks_the_action_done(officer_client, officer, complaint):
    # given
    remedy = services.remedy_add(
        complaint=complaint,
        actor=officer,
        kind="action",
        description="Replace the kitchen ceiling",
        owner=officer,
        due_on=date(2026, 3, 20),
    )
    update = url("remedy-update", reference=complaint.reference, remedy_id=remedy.pk)
    done = url("remedy-complete", reference=complaint.reference, remedy_id=remedy.pk)

    # when
    updated = officer_client.post(update, {"progress": "The plasterer is booked for 12 March."})
    completed = officer_client.post(done, {"note": "Finished on time."})

    # then
    assert updated.status_code == completed.status_code == 302
    remedy.refresh_from_db()
    assert remedy.done_at is not None
    progress = complaint.case.timeline.events.get(kind="complaint.remedy_progress")
    assert progress.summary == (
        "Update on 'Replace the kitchen ceiling': The plasterer is booked for 12 March."
    )
    assert complaint.case.timeline.events.filter(kind="complaint.remedy_done").count() == 1

    # when: marked done a second time
    again = officer_client.post(done, {"note": ""})

    # then
    assert "This action is not outstanding." in errors_in(again)


def test_an_empty_update_is_refused(officer_client, officer, complaint):
    # given
    remedy = services.remedy_add(
        complaint=complaint,
        actor=officer,
        kind="action",
        description="Replace the kitchen ceiling",
        owner=officer,
        due_on=date(2026, 3, 20),
    )
    events = complaint.case.timeline.events.count()

    # when
    response = officer_client.post(
        url("remedy-update", reference=complaint.reference, remedy_id=remedy.pk), {"progress": ""}
    )

    # then
    assert "Say what has happened" in errors_in(response)
    assert complaint.case.timeline.events.count() == events


# Compensation


def test_the_offer_page_shows_the_ombudsmans_bands_in_force(officer_client, complaint):
    # when
    response = officer_client.get(
        url("compensation-offer", reference=complaint.reference), {"impact": "adverse"}
    )

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "The Ombudsman suggests £100 to £600" in content
    assert "The Ombudsman suggests £50 to £100" in content
    assert "The Ombudsman suggests £1,000 to more" in content
    assert 'value="adverse" checked' in content


def test_an_officer_offers_compensation_and_records_it_accepted_then_paid(
    officer_client, complaint
):
    # when
    offered = officer_client.post(
        url("compensation-offer", reference=complaint.reference),
        {"impact": "adverse", "amount": "250", "reason": "Three missed appointments"},
    )

    # then
    assert offered["Location"] == page_of(complaint, "compensation")
    offer = Compensation.objects.get(complaint=complaint)
    assert (offer.amount, offer.impact, offer.status) == (
        Decimal("250.00"),
        "adverse",
        CompensationStatus.OFFERED,
    )

    # when
    record = url("compensation-record", reference=complaint.reference, compensation_id=offer.pk)
    officer_client.post(record, {"status": "accepted"})
    paid = officer_client.post(record, {"status": "paid"})

    # then
    assert paid.status_code == 302
    offer.refresh_from_db()
    assert offer.status == CompensationStatus.PAID
    assert offer.paid_at is not None


def test_compensation_refusals_write_nothing(officer_client, officer, complaint):
    # given
    offer = services.compensation_offer(
        complaint=complaint, actor=officer, amount=100, reason="Time and trouble"
    )
    record = url("compensation-record", reference=complaint.reference, compensation_id=offer.pk)
    events = complaint.case.timeline.events.count()

    # when
    bad_amount = officer_client.post(
        url("compensation-offer", reference=complaint.reference),
        {"impact": "adverse", "amount": "lots", "reason": "x"},
    )
    paid_too_soon = officer_client.post(record, {"status": "paid"})

    # then
    assert "Amount must be a number of pounds" in errors_in(bad_amount)
    assert "Compensation that is offered cannot become paid." in errors_in(paid_too_soon)
    assert Compensation.objects.count() == 1
    offer.refresh_from_db()
    assert offer.status == CompensationStatus.OFFERED
    assert complaint.case.timeline.events.count() == events


# Learning


def test_an_officer_records_the_root_cause(officer_client, complaint):
    # when
    response = officer_client.post(
        url("root-cause", reference=complaint.reference),
        {"root_cause": "Appointments were booked without checking the contractor's diary."},
    )

    # then
    assert response["Location"] == page_of(complaint, "learning")
    complaint.refresh_from_db()
    assert complaint.root_cause == (
        "Appointments were booked without checking the contractor's diary."
    )


def test_learning_follows_an_upheld_complaint_and_is_marked_done(officer_client, officer):
    # given
    complaint = responded_complaint(officer=officer, outcome="upheld")

    # when
    added = officer_client.post(
        url("learning-add", reference=complaint.reference),
        {
            "description": "Check the contractor's diary before booking",
            "owner": officer.pk,
            **date_fields("due_on", date(2026, 4, 30)),
        },
    )

    # then
    assert added["Location"] == page_of(complaint, "learning")
    action = LearningAction.objects.get(complaint=complaint)
    assert (action.description, action.owner, action.done_at) == (
        "Check the contractor's diary before booking",
        officer,
        None,
    )

    # when
    done = officer_client.post(
        url("learning-complete", reference=complaint.reference, action_id=action.pk)
    )

    # then
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None


def test_learning_on_a_complaint_not_upheld_is_refused_with_the_services_message(
    officer_client, officer
):
    # given
    complaint = responded_complaint(officer=officer, outcome="not_upheld")
    events = complaint.case.timeline.events.count()

    # when
    response = officer_client.post(
        url("learning-add", reference=complaint.reference),
        {
            "description": "Check the diary",
            "owner": officer.pk,
            **date_fields("due_on", date(2026, 4, 30)),
        },
    )

    # then
    assert "Learning actions follow a complaint that was upheld or partly upheld." in errors_in(
        response
    )
    assert LearningAction.objects.count() == 0
    assert complaint.case.timeline.events.count() == events


# The Housing Ombudsman


def test_a_referral_its_determination_and_compliance_with_an_order(officer_client, complaint):
    # when: referred today
    referred = officer_client.post(
        url("referral-record", reference=complaint.reference),
        {**date_fields("referred_on", date(2026, 3, 2)), "ombudsman_reference": "202601234"},
    )

    # then
    assert referred["Location"] == page_of(complaint, "ombudsman")
    referral = OmbudsmanReferral.objects.get(complaint=complaint)
    assert referral.ombudsman_reference == "202601234"

    # when: the determination, with a finding per element and one order
    determined = officer_client.post(
        url("determination-record", reference=complaint.reference, referral_id=referral.pk),
        {
            **date_fields("determined_on", date(2026, 3, 2)),
            "findings": "Repairs to the ceiling | Maladministration\n"
            "Complaint handling | service failure\n",
            "orders": "Apologise to the resident | 4",
        },
    )

    # then
    assert determined.status_code == 302
    findings = OmbudsmanFinding.objects.filter(referral=referral).order_by("pk")
    assert [(f.element, f.finding) for f in findings] == [
        ("Repairs to the ceiling", "maladministration"),
        ("Complaint handling", "service_failure"),
    ]
    order = OmbudsmanOrder.objects.get(referral=referral)
    assert order.text == "Apologise to the resident"
    assert order.deadline.due_at.astimezone(LONDON).date() == date(2026, 3, 30)

    # when
    complied = officer_client.post(
        url("order-comply", reference=complaint.reference, order_id=order.pk),
        {"evidence": "Letter of apology sent 5 March 2026"},
    )

    # then
    assert complied.status_code == 302
    order.refresh_from_db()
    assert order.evidence == "Letter of apology sent 5 March 2026"
    assert order.complied_at is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"findings": "Repairs | terrible"}, "&#x27;terrible&#x27; is not one of the Ombudsman"),
        ({"findings": "Repairs without a bar"}, "Line 1: write the element, a | and then"),
        ({"findings": "Repairs | redress", "orders": "Apologise | soon"}, "whole number of weeks"),
        ({"findings": ""}, "Record at least one finding"),
    ],
)
def test_a_determination_that_cannot_be_read_writes_nothing(
    officer_client, officer, complaint, data, message
):
    # given
    referral = services.ombudsman_referral_record(
        complaint=complaint, actor=officer, referred_at=now()
    )

    # when
    response = officer_client.post(
        url("determination-record", reference=complaint.reference, referral_id=referral.pk),
        {**date_fields("determined_on", date(2026, 3, 2)), **data},
    )

    # then
    assert message in errors_in(response)
    assert OmbudsmanFinding.objects.count() == 0
    referral.refresh_from_db()
    assert referral.determined_at is None


def test_a_referral_in_the_future_is_refused_inline(officer_client, complaint):
    # when
    response = officer_client.post(
        url("referral-record", reference=complaint.reference),
        date_fields("referred_on", date(2026, 3, 9)),
    )

    # then
    content = errors_in(response)
    assert "Something cannot be recorded as happening in the future." in content
    assert 'id="id_referred_on-error"' in content
    assert OmbudsmanReferral.objects.count() == 0


# Contacts on any case and the offer of a complaint


def test_a_contact_agent_records_a_contact_without_dissatisfaction(agent_client):
    # given
    case = repair_case()
    address = url("contact-record", case_reference=case.reference)
    assert agent_client.get(address).status_code == 200

    # when
    response = agent_client.post(
        address, {"channel": "phone", "summary": "Asked for the plumber's arrival time."}
    )

    # then
    assert response["Location"] == reverse("console:case", kwargs={"reference": case.reference})
    contact = case.timeline.events.get(kind="contact.recorded")
    assert (contact.summary, contact.channel) == ("Asked for the plumber's arrival time.", "phone")
    assert ComplaintOffer.objects.count() == 0


def test_dissatisfaction_opens_an_offer_shown_on_the_case_page(agent_client):
    # given
    case = repair_case()

    # when
    response = agent_client.post(
        url("contact-record", case_reference=case.reference),
        {"channel": "phone", "summary": "This is the third time I've called about the tap."},
    )

    # then: the agent is taken to the offer
    offer = ComplaintOffer.objects.get(case=case)
    assert response["Location"] == url("offer", offer_id=offer.pk)
    assert offer.phrases == ["third time"]
    offer_page = agent_client.get(response["Location"]).content.decode()
    assert "Offer a complaint" in offer_page
    assert "Ask them whether they want to make a complaint" in offer_page

    # then: and the case page carries the banner until the choice is recorded
    case_page = agent_client.get(reverse("console:case", kwargs={"reference": case.reference}))
    content = case_page.content.decode()
    assert "The resident seems dissatisfied: offer them the choice to make a complaint." in content
    assert "Record the resident's choice" in content
    assert url("offer", offer_id=offer.pk) in content
    assert url("contact-record", case_reference=case.reference) in content


def test_the_staff_flag_opens_an_offer_without_any_words(agent_client):
    # given
    case = repair_case()

    # when
    agent_client.post(
        url("contact-record", case_reference=case.reference),
        {"channel": "in_person", "summary": "Asked about the tap.", "dissatisfied": "on"},
    )

    # then
    offer = ComplaintOffer.objects.get(case=case)
    assert (offer.phrases, offer.flagged_by_staff) == ([], True)


def test_an_empty_contact_is_refused_and_nothing_is_written(agent_client):
    # given
    case = repair_case()
    events = case.timeline.events.count()

    # when
    response = agent_client.post(
        url("contact-record", case_reference=case.reference), {"channel": "phone", "summary": ""}
    )

    # then
    assert "Say what the contact was about" in errors_in(response)
    assert case.timeline.events.count() == events


def test_the_resident_wants_to_complain_so_a_linked_complaint_is_logged(agent_client):
    # given
    case = repair_case()
    _, offer = services.contact_record(
        case=case,
        actor=None,
        channel=Channel.PHONE,
        summary="This is the third time I've called about the tap.",
    )

    # when
    response = agent_client.post(
        url("offer", offer_id=offer.pk),
        {
            "wants_to_complain": "yes",
            "description": "Three appointments missed for my tap.",
            "desired_outcome": "Fix the tap this week.",
            "channel": "phone",
        },
    )

    # then
    offer.refresh_from_db()
    complaint = offer.complaint
    assert offer.choice == OfferChoice.ACCEPTED
    assert response["Location"] == url("complaint", reference=complaint.reference)
    assert (complaint.related_case, complaint.description, complaint.desired_outcome) == (
        case,
        "Three appointments missed for my tap.",
        "Fix the tap this week.",
    )
    assert complaint.case.resident == case.resident
    case_page = agent_client.get(reverse("console:case", kwargs={"reference": case.reference}))
    assert "offer them the choice" not in case_page.content.decode()


def test_the_resident_does_not_want_to_complain(agent_client):
    # given
    case = repair_case()
    _, offer = services.contact_record(
        case=case, actor=None, channel=Channel.PHONE, summary="I am fed up with waiting."
    )

    # when
    response = agent_client.post(
        url("offer", offer_id=offer.pk), {"wants_to_complain": "no", "channel": "phone"}
    )

    # then
    assert response["Location"] == reverse("console:case", kwargs={"reference": case.reference})
    offer.refresh_from_db()
    assert (offer.choice, offer.complaint) == (OfferChoice.DECLINED, None)
    assert Complaint.objects.count() == 0


def test_a_choice_already_recorded_is_not_recorded_twice(agent_client):
    # given
    case = repair_case()
    _, offer = services.contact_record(
        case=case, actor=None, channel=Channel.PHONE, summary="I am fed up with waiting."
    )
    services.complaint_offer_decide(offer=offer, actor=contact_agent(), wants_to_complain=False)
    events = case.timeline.events.count()

    # when
    no_answer = agent_client.post(url("offer", offer_id=offer.pk), {"channel": "phone"})
    again = agent_client.post(
        url("offer", offer_id=offer.pk), {"wants_to_complain": "yes", "channel": "phone"}
    )

    # then
    assert "Choose yes if the resident wants to make a complaint" in errors_in(no_answer)
    assert "The resident&#x27;s choice is already recorded." in errors_in(again)
    assert Complaint.objects.count() == 0
    assert case.timeline.events.count() == events


# Contact restrictions


def restriction_data(**overrides) -> dict[str, str]:
    return {
        "behaviour": "Repeated abusive calls to the contact centre",
        "evidence": "Call recordings of 12, 19 and 26 February",
        "equality_act_consideration": "No disability known; a large-print letter offered",
        "arrangement": "Email to the named officer only",
        **date_fields("starts_on", date(2026, 3, 2)),
        **date_fields("review_on", date(2026, 6, 1)),
        **overrides,
    }


def test_an_officer_records_a_restriction_shown_on_the_resident_page(officer_client):
    # given
    resident = ResidentFactory()
    address = url("restriction-record") + f"?resident={resident.pk}"
    assert officer_client.get(address).status_code == 200

    # when
    response = officer_client.post(address, restriction_data())

    # then
    resident_url = reverse("console:resident", kwargs={"resident_id": resident.pk})
    assert response["Location"] == resident_url
    restriction = ContactRestriction.objects.get(resident=resident)
    assert (restriction.starts_on, restriction.review_on, restriction.recorded_by) == (
        date(2026, 3, 2),
        date(2026, 6, 1),
        response.wsgi_request.user,
    )
    content = officer_client.get(resident_url).content.decode()
    assert "Email to the named officer only" in content
    assert "Review overdue" not in content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"evidence": ""}, "Record the evidence for it"),
        (
            date_fields("review_on", date(2026, 2, 1)),
            "The review date must be on or after the start",
        ),
        (
            {"starts_on_day": "", "starts_on_month": "", "starts_on_year": ""},
            "Enter the start date",
        ),
        ({"review_on_month": "13"}, "Review date must be a real date"),
    ],
)
def test_a_restriction_refused_writes_nothing(officer_client, overrides, message):
    # given
    resident = ResidentFactory()

    # when
    response = officer_client.post(
        url("restriction-record") + f"?resident={resident.pk}", restriction_data(**overrides)
    )

    # then
    assert message in errors_in(response)
    assert ContactRestriction.objects.count() == 0
    assert resident.timeline.events.count() == 0


def overdue_restriction() -> ContactRestriction:
    with time_machine.travel(NOW - timedelta(days=120), tick=False):
        return services.contact_restriction_record(
            resident=ResidentFactory(first_name="Ola", last_name="Bello"),
            actor=complaint_officer(),
            behaviour="Abusive calls",
            evidence="Call recordings",
            equality_act_consideration="No disability known",
            arrangement="Email only",
            starts_on=date(2025, 11, 2),
            review_on=date(2026, 2, 2),
        )


def test_restrictions_past_review_are_listed_and_tagged(officer_client):
    # given
    restriction = overdue_restriction()

    # when
    listed = officer_client.get(url("restrictions-due")).content.decode()
    resident_page = officer_client.get(
        reverse("console:resident", kwargs={"resident_id": restriction.resident_id})
    ).content.decode()

    # then
    assert "Ola Bello" in listed
    assert "2 February 2026" in listed
    assert url("restriction-review", restriction_id=restriction.pk) in listed
    assert "Review overdue" in resident_page


def test_a_review_keeps_the_restriction_to_a_new_date_or_ends_it(officer_client):
    # given
    restriction = overdue_restriction()
    review = url("restriction-review", restriction_id=restriction.pk)

    # when: kept without a date, then with one
    no_date = officer_client.post(review, {"outcome": "Calls continue", "decision": "keep"})
    kept = officer_client.post(
        review,
        {
            "outcome": "Calls continue",
            "decision": "keep",
            **date_fields("next_review_on", date(2026, 6, 1)),
        },
    )

    # then
    assert "Enter the next review date" in errors_in(no_date)
    assert kept.status_code == 302
    restriction.refresh_from_db()
    assert (restriction.review_on, restriction.ended_at) == (date(2026, 6, 1), None)
    assert "Ola Bello" not in officer_client.get(url("restrictions-due")).content.decode()

    # when: ended
    ended = officer_client.post(review, {"outcome": "No calls for a month", "decision": "end"})

    # then
    assert ended.status_code == 302
    restriction.refresh_from_db()
    assert restriction.ended_at is not None
    assert selectors.restrictions_for(resident=restriction.resident).count() == 0


def test_a_review_date_not_later_than_the_last_is_refused(officer_client):
    # given
    restriction = overdue_restriction()

    # when
    response = officer_client.post(
        url("restriction-review", restriction_id=restriction.pk),
        {"outcome": "x", "decision": "keep", **date_fields("next_review_on", date(2026, 1, 1))},
    )

    # then
    assert "The next review must be later than the last." in errors_in(response)
    restriction.refresh_from_db()
    assert restriction.review_on == date(2026, 2, 2)


# The panels on the complaint page


def test_the_panels_show_each_section_with_actions_for_an_officer(officer):
    # given
    complaint = responded_complaint(officer=officer, outcome="upheld")
    services.remedy_add(
        complaint=complaint,
        actor=officer,
        kind="action",
        description="Replace the kitchen ceiling",
        owner=officer,
        due_on=date(2026, 3, 20),
    )
    services.remedy_add(complaint=complaint, actor=officer, kind="apology", description="Sorry")
    services.compensation_offer(complaint=complaint, actor=officer, amount=250, reason="Trouble")
    services.learning_action_add(
        complaint=complaint,
        actor=officer,
        description="Check the diary",
        owner=officer,
        due_on=date(2026, 4, 30),
    )
    referral = services.ombudsman_referral_record(
        complaint=complaint, actor=officer, referred_at=now(), ombudsman_reference="202601234"
    )
    services.ombudsman_determination_record(
        referral=referral,
        actor=officer,
        determined_at=now(),
        findings=[("Repairs", "maladministration")],
        orders=[("Apologise", 4)],
    )
    request = RequestFactory().get("/")
    detail = selectors.complaint_detail(complaint=complaint)

    # when
    as_officer = render_to_string(
        "complaints/console/_extra_panels.html",
        {"complaint": detail, "user": officer, "can_handle": True},
        request=request,
    )
    as_agent = render_to_string(
        "complaints/console/_extra_panels.html",
        {"complaint": detail, "user": officer, "can_handle": False},
        request=request,
    )

    # then
    for text in [
        "Putting things right",
        "Replace the kitchen ceiling",
        "20 March 2026",
        ">Outstanding<",
        ">Given<",
        "£250.00",
        ">Offered<",
        "Check the diary",
        "Referral 202601234",
        "Maladministration",
        "30 March 2026",
        "Record compliance",
        "Add a remedy",
    ]:
        assert text in as_officer, text
    assert "Add a remedy" not in as_agent
    assert "Record compliance" not in as_agent
    assert "Replace the kitchen ceiling" in as_agent


def test_the_complaint_page_includes_the_panels(officer_client, complaint):
    # when
    response = officer_client.get(url("complaint", reference=complaint.reference))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="putting-things-right"' in content
    assert url("remedy-add", reference=complaint.reference) in content
