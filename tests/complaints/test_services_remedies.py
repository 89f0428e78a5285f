"""Putting things right: remedies and actions followed to done, compensation, root cause and
learning, and Ombudsman referrals with orders that carry deadlines."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput
from homecase.complaints import services
from homecase.complaints.models import CompensationStatus, Remedy
from homecase.notify.models import OutboundMessage
from homecase.records.models import Deadline, DeadlineStatus, Visibility
from tests.complaints import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def refused(error_type, call, **kwargs):
    before = make.written()
    with pytest.raises(error_type) as error:
        call(**kwargs)
    assert make.written() == before
    return error.value


@pytest.fixture
def officer():
    return make.complaint_officer(first_name="Priya", last_name="Shah")


@pytest.fixture
def complaint(officer):
    return make.acknowledged_complaint(officer=officer)


# --- remedies ----------------------------------------------------------------------------------


def test_an_action_has_an_owner_and_a_date_and_is_outstanding(complaint, officer):
    # when
    remedy = services.remedy_add(
        complaint=complaint,
        actor=officer,
        kind="action",
        description=" Replace the ceiling boards ",
        owner=officer,
        due_on=date(2024, 9, 20),
    )
    # then
    assert (remedy.stage_number, remedy.description, remedy.owner, remedy.outstanding) == (
        1,
        "Replace the ceiling boards",
        officer,
        True,
    )
    deadline = remedy.deadline
    assert (deadline.duty, local(deadline.due_at), deadline.visible_to_resident) == (
        "complaint.action",
        "2024-09-20 23:59",
        True,
    )
    event = complaint.case.timeline.events.get(kind="complaint.remedy_added")
    assert event.summary == "Action to put things right: Replace the ceiling boards"


def test_an_apology_needs_no_owner(complaint, officer):
    remedy = services.remedy_add(
        complaint=complaint, actor=officer, kind="apology", description="We are sorry."
    )
    assert (remedy.deadline, remedy.outstanding) == (None, False)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"kind": "money"}, "kind", "Choose what kind of remedy this is."),
        ({"description": " "}, "description", "Say what will be done to put things right."),
        ({}, "owner", "An action needs an owner and a date to be done by."),
        (
            {"due_on": date(2024, 9, 20)},
            "due_on",
            "An action to be done needs both an owner and a date.",
        ),
        ({"owner": "officer"}, "due_on", "An action to be done needs both an owner and a date."),
        (
            {"owner": "officer", "due_on": date(2024, 9, 1)},
            "due_on",
            "The date must be in the future.",
        ),
    ],
)
def test_an_action_without_an_owner_and_a_future_date_is_refused(
    complaint, officer, kwargs, field, message
):
    if kwargs.get("owner") == "officer":
        kwargs["owner"] = officer
    kwargs = {"kind": "action", "description": "Replace the boards", **kwargs}
    error = refused(InvalidInput, services.remedy_add, complaint=complaint, actor=officer, **kwargs)
    assert (error.field, error.message) == (field, message)


def test_a_remedy_waits_for_the_acknowledgement(officer):
    complaint = make.received_complaint()
    error = refused(
        Conflict,
        services.remedy_add,
        complaint=complaint,
        actor=officer,
        kind="apology",
        description="Sorry",
    )
    assert error.message == "Remedies are recorded once a complaint is accepted and acknowledged."


@pytest.fixture
def action(complaint, officer) -> Remedy:
    return services.remedy_add(
        complaint=complaint,
        actor=officer,
        kind="action",
        description="Replace the ceiling boards",
        owner=officer,
        due_on=date(2024, 9, 20),
    )


def test_progress_on_an_action_is_told_to_the_resident(action, officer):
    services.remedy_update(remedy=action, actor=officer, progress=" Boards ordered ")
    event = action.complaint.case.timeline.events.get(kind="complaint.remedy_progress")
    assert event.summary == "Update on 'Replace the ceiling boards': Boards ordered"
    letter = OutboundMessage.objects.get(template="complaint_action_update")
    assert "Boards ordered" in letter.body


def test_progress_needs_words(action, officer):
    error = refused(InvalidInput, services.remedy_update, remedy=action, actor=officer, progress="")
    assert (error.field, error.message) == ("progress", "Say what has happened.")


def test_completing_an_action_keeps_its_promise_and_tells_the_resident(action, officer):
    # when
    done = services.remedy_complete(remedy=action, actor=officer, note="Painted too.")
    # then
    assert (done.done_at, done.outstanding) == (MONDAY, False)
    assert Deadline.objects.get(pk=action.deadline_id).status == DeadlineStatus.MET
    event = action.complaint.case.timeline.events.get(kind="complaint.remedy_done")
    assert event.summary == "Done: Replace the ceiling boards. Painted too."
    letter = OutboundMessage.objects.get(template="complaint_action_update")
    assert "This is now done. Painted too." in letter.body


def test_an_action_is_completed_once_and_then_not_updated(action, officer):
    services.remedy_complete(remedy=action, actor=officer)
    error = refused(Conflict, services.remedy_complete, remedy=action, actor=officer)
    assert error.message == "This action is not outstanding."
    error = refused(Conflict, services.remedy_update, remedy=action, actor=officer, progress="x")
    assert error.message == "Only an outstanding action can be updated."


# --- compensation ------------------------------------------------------------------------------


def test_compensation_is_offered_accepted_and_paid(complaint, officer):
    # given
    offer = services.compensation_offer(
        complaint=complaint, actor=officer, amount="150", reason=" Missed visits ", impact="adverse"
    )
    assert (offer.amount, offer.status, offer.reason) == (
        Decimal("150.00"),
        CompensationStatus.OFFERED,
        "Missed visits",
    )
    # when
    services.compensation_record(compensation=offer, actor=officer, status="accepted")
    with time_machine.travel(datetime(2024, 9, 5, 12, tzinfo=LONDON), tick=False):
        paid = services.compensation_record(compensation=offer, actor=officer, status="paid")
    # then
    assert (paid.status, paid.accepted_at, local(paid.paid_at)) == (
        CompensationStatus.PAID,
        MONDAY,
        "2024-09-05 12:00",
    )
    kinds = complaint.case.timeline.events.filter(kind__startswith="complaint.compensation")
    assert list(kinds.order_by("sequence").values_list("summary", flat=True)) == [
        "Compensation of £150.00 offered: Missed visits",
        "Compensation of £150.00 accepted.",
        "Compensation of £150.00 paid.",
    ]


@pytest.mark.parametrize(
    ("steps", "status", "message"),
    [
        ([], "paid", "Compensation that is offered cannot become paid."),
        (["declined"], "accepted", "Compensation that is declined cannot become accepted."),
        (["accepted", "paid"], "paid", "Compensation that is paid cannot become paid."),
    ],
)
def test_compensation_moves_only_forward(complaint, officer, steps, status, message):
    offer = services.compensation_offer(complaint=complaint, actor=officer, amount=50, reason="x")
    for step in steps:
        services.compensation_record(compensation=offer, actor=officer, status=step)
    error = refused(
        Conflict, services.compensation_record, compensation=offer, actor=officer, status=status
    )
    assert error.message == message


def test_compensation_status_must_be_known(complaint, officer):
    offer = services.compensation_offer(complaint=complaint, actor=officer, amount=50, reason="x")
    error = refused(
        InvalidInput,
        services.compensation_record,
        compensation=offer,
        actor=officer,
        status="offered",
    )
    assert (error.field, error.message) == ("status", "Choose accepted, declined or paid.")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"amount": 0}, "amount", "The amount must be more than £0."),
        ({"amount": "-10"}, "amount", "The amount must be more than £0."),
        ({"amount": "0.004"}, "amount", "The amount must be more than £0."),
        ({"amount": "lots"}, "amount", "Give the amount in pounds, like 150 or 150.00."),
        ({"reason": " "}, "reason", "Say what the compensation is for."),
        ({"impact": "huge"}, "impact", "Choose the impact from the Ombudsman's bands."),
    ],
)
def test_bad_compensation_is_refused(complaint, officer, kwargs, field, message):
    kwargs = {"amount": 100, "reason": "Missed visits", **kwargs}
    error = refused(
        InvalidInput, services.compensation_offer, complaint=complaint, actor=officer, **kwargs
    )
    assert (error.field, error.message) == (field, message)


# --- root cause and learning -------------------------------------------------------------------


def test_the_root_cause_is_recorded_for_staff(complaint, officer):
    services.root_cause_record(complaint=complaint, actor=officer, root_cause=" Diary system ")
    event = complaint.case.timeline.events.get(kind="complaint.root_cause")
    assert (event.visibility, event.data) == (
        Visibility.STAFF,
        {"old": "", "new": "Diary system"},
    )


@pytest.mark.parametrize("outcome", ["upheld", "partly_upheld"])
def test_learning_follows_an_upheld_complaint(officer, outcome):
    # given
    complaint = make.responded_complaint(officer=officer, outcome=outcome)
    if outcome == "partly_upheld":
        assert complaint.stages.get().outcome == "partly_upheld"
    # when
    action = services.learning_action_add(
        complaint=complaint,
        actor=officer,
        description=" Check diaries weekly ",
        owner=officer,
        due_on=date(2024, 10, 31),
    )
    # then
    assert action.description == "Check diaries weekly"
    assert (action.deadline.duty, action.deadline.visible_to_resident) == (
        "complaint.learning",
        False,
    )
    services.learning_action_complete(action=action, actor=officer)
    action.refresh_from_db()
    assert action.done_at == MONDAY
    error = refused(Conflict, services.learning_action_complete, action=action, actor=officer)
    assert error.message == "This learning action is already done."


def test_no_learning_from_a_complaint_not_upheld(officer):
    complaint = make.responded_complaint(officer=officer, outcome="not_upheld")
    error = refused(
        Conflict,
        services.learning_action_add,
        complaint=complaint,
        actor=officer,
        description="Check diaries",
        owner=officer,
        due_on=date(2024, 10, 31),
    )
    assert error.message == "Learning actions follow a complaint that was upheld or partly upheld."


def test_no_learning_before_a_response(complaint, officer):
    error = refused(
        Conflict,
        services.learning_action_add,
        complaint=complaint,
        actor=officer,
        description="Check diaries",
        owner=officer,
        due_on=date(2024, 10, 31),
    )
    assert error.message == "Learning actions follow a complaint that was upheld or partly upheld."


# --- the Ombudsman -----------------------------------------------------------------------------


@pytest.fixture
def referral(officer):
    complaint = make.final_complaint(officer=officer)
    return services.ombudsman_referral_record(
        complaint=complaint,
        actor=officer,
        referred_at=MONDAY,
        ombudsman_reference=" 202412345 ",
    )


def test_a_referral_is_recorded(referral):
    assert referral.ombudsman_reference == "202412345"
    event = referral.complaint.case.timeline.events.get(kind="complaint.ombudsman_referred")
    assert event.summary == "Referred to the Housing Ombudsman (202412345)."


def test_a_referral_cannot_come_before_the_complaint(officer):
    complaint = make.received_complaint()
    error = refused(
        InvalidInput,
        services.ombudsman_referral_record,
        complaint=complaint,
        actor=officer,
        referred_at=datetime(2024, 9, 1, tzinfo=LONDON),
    )
    assert (error.field, error.message) == (
        "referred_at",
        "A referral cannot come before the complaint.",
    )


def test_a_determination_gives_each_order_a_deadline_in_weeks(referral, officer):
    # when
    determined = services.ombudsman_determination_record(
        referral=referral,
        actor=officer,
        determined_at=MONDAY,
        findings=[("Repairs", "maladministration"), ("Complaint handling", "service_failure")],
        orders=[("Apologise in writing", 4), ("Pay £300", 6)],
    )
    # then
    assert local(determined.determined_at) == "2024-09-02 10:00"
    assert list(referral.findings.values_list("element", "finding")) == [
        ("Repairs", "maladministration"),
        ("Complaint handling", "service_failure"),
    ]
    orders = [(o.text, local(o.deadline.due_at)) for o in referral.orders.order_by("pk")]
    assert orders == [
        ("Apologise in writing", "2024-09-30 10:00"),
        ("Pay £300", "2024-10-14 10:00"),
    ]
    event = referral.complaint.case.timeline.events.get(kind="complaint.ombudsman_determined")
    assert event.summary == (
        "The Ombudsman's determination: Repairs: maladministration; "
        "Complaint handling: service failure"
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"findings": []}, "findings", "Record at least one finding."),
        (
            {"findings": [("", "maladministration")]},
            "findings",
            "Each finding needs an element and a finding.",
        ),
        (
            {"findings": [("Repairs", "awful")]},
            "findings",
            "Each finding needs an element and a finding.",
        ),
        (
            {"orders": [("Apologise", 0)]},
            "orders",
            "Each order needs its words and a number of weeks.",
        ),
        ({"orders": [(" ", 4)]}, "orders", "Each order needs its words and a number of weeks."),
        (
            {"determined_at": datetime(2024, 9, 2, 8, tzinfo=LONDON)},
            "determined_at",
            "Give the date of the determination, on or after the referral.",
        ),
    ],
)
def test_a_bad_determination_is_refused(referral, officer, kwargs, field, message):
    kwargs = {
        "determined_at": MONDAY,
        "findings": [("Repairs", "maladministration")],
        "orders": [],
        **kwargs,
    }
    error = refused(
        InvalidInput,
        services.ombudsman_determination_record,
        referral=referral,
        actor=officer,
        **kwargs,
    )
    assert (error.field, error.message) == (field, message)


def test_an_order_is_complied_with_only_with_evidence(referral, officer):
    # given
    services.ombudsman_determination_record(
        referral=referral,
        actor=officer,
        determined_at=MONDAY,
        findings=[("Repairs", "maladministration")],
        orders=[("Apologise in writing", 4)],
    )
    order = referral.orders.get()
    # when: no evidence
    error = refused(
        InvalidInput, services.ombudsman_order_comply, order=order, actor=officer, evidence=" "
    )
    assert (error.field, error.message) == (
        "evidence",
        "Record the evidence that the order was complied with.",
    )
    # when: with evidence
    complied = services.ombudsman_order_comply(
        order=order, actor=officer, evidence=" Letter of 3 September "
    )
    # then
    assert (complied.complied_at, complied.evidence) == (MONDAY, "Letter of 3 September")
    assert Deadline.objects.get(pk=order.deadline_id).status == DeadlineStatus.MET
    error = refused(
        Conflict, services.ombudsman_order_comply, order=order, actor=officer, evidence="Again"
    )
    assert error.message == "This order is already complied with."


def test_a_determination_is_recorded_once(referral, officer):
    kwargs = {
        "referral": referral,
        "actor": officer,
        "determined_at": MONDAY,
        "findings": [("Repairs", "redress")],
        "orders": [],
    }
    services.ombudsman_determination_record(**kwargs)
    error = refused(Conflict, services.ombudsman_determination_record, **kwargs)
    assert error.message == "This referral's determination is already recorded."
