"""The two stages: acknowledging with a definition, extending with a reason, deciding every
point, responding (never with a point undecided), escalating (late only with discretion)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.complaints import services
from homecase.complaints.models import Complaint, ComplaintStatus
from homecase.complaints.services import PointDecisionInput, _common
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Deadline, DeadlineStatus
from tests.complaints import factories as make
from tests.factories import UserFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def deadlines(complaint: Complaint) -> list[tuple[str, str, str]]:
    found = Deadline.objects.filter(case=complaint.case).order_by("pk")
    return [(d.duty, local(d.due_at), d.status) for d in found]


def refused(error_type, call, complaint: Complaint, **kwargs):
    """Call a service expecting a refusal; check nothing was written and nothing changed."""
    before, state = make.written(), make.state(complaint)
    with pytest.raises(error_type) as error:
        call(complaint=complaint, **kwargs)
    assert make.written() == before
    assert make.state(complaint) == state
    return error.value


def acknowledge(complaint: Complaint, actor, **kwargs):
    kwargs.setdefault("points", ["Missed appointments"])
    kwargs.setdefault("outcomes_sought", "A repair")
    return services.complaint_acknowledge(complaint=complaint, actor=actor, **kwargs)


# --- acknowledge -------------------------------------------------------------------------------


def test_acknowledging_defines_the_complaint_and_starts_the_response_clock():
    # given
    complaint = make.received_complaint()
    officer = make.complaint_officer(first_name="Priya", last_name="Shah")
    # when
    stage = acknowledge(
        complaint,
        officer,
        points=[" Three missed appointments ", "", "No reply to calls"],
        outcomes_sought=" The ceiling fixed ",
    )
    # then
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_1
    assert (stage.officer, stage.acknowledged_at, stage.outcomes_sought) == (
        officer,
        MONDAY,
        "The ceiling fixed",
    )
    assert list(stage.points.values_list("number", "summary", "added_after_acknowledgement")) == [
        (1, "Three missed appointments", False),
        (2, "No reply to calls", False),
    ]
    assert deadlines(complaint) == [
        ("complaint.stage1.acknowledge", "2024-09-09 23:59", DeadlineStatus.MET),
        ("complaint.stage1.respond", "2024-09-16 23:59", DeadlineStatus.OPEN),
    ]
    respond_by = Deadline.objects.get(duty="complaint.stage1.respond")
    assert respond_by.extension_limit_working_days == 10
    event = complaint.case.timeline.events.get(kind="complaint.acknowledged")
    assert event.summary == (
        "Stage 1 complaint acknowledged. What we will answer: Three missed appointments; "
        "No reply to calls"
    )
    assert event.data["officer"] == "Priya Shah"
    letter = OutboundMessage.objects.get(template="complaint_acknowledged")
    assert letter.resident == complaint.case.resident


def test_an_officer_can_be_named_by_whoever_records_it():
    complaint = make.received_complaint()
    officer = make.complaint_officer()
    stage = acknowledge(complaint, make.contact_agent(), officer=officer)
    assert stage.officer == officer


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"points": []}, "points", "Write at least one point the response must answer."),
        ({"points": [" ", ""]}, "points", "Write at least one point the response must answer."),
        ({"outcomes_sought": " "}, "outcomes_sought", "Say what outcome the resident wants."),
    ],
)
def test_an_acknowledgement_needs_points_and_outcomes(kwargs, field, message):
    complaint = make.received_complaint()
    kwargs = {"points": ["A point"], "outcomes_sought": "A repair", **kwargs}
    error = refused(
        InvalidInput,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        **kwargs,
    )
    assert (error.field, error.message) == (field, message)


def test_only_a_complaint_officer_or_manager_can_acknowledge():
    complaint = make.received_complaint()
    error = refused(
        PermissionDenied,
        services.complaint_acknowledge,
        complaint,
        actor=make.contact_agent(),
        points=["A point"],
        outcomes_sought="A repair",
    )
    assert error.message == "Only a complaint officer or manager can handle a complaint stage."


def test_a_manager_can_acknowledge():
    complaint = make.received_complaint()
    manager = UserFactory(roles=["manager"])
    assert acknowledge(complaint, manager).officer == manager


def test_a_complaint_cannot_be_acknowledged_before_it_was_received():
    # given: received on Wednesday 28 August (logged late)
    complaint = make.received_complaint(received_at=datetime(2024, 8, 28, 11, tzinfo=LONDON))
    # when
    error = refused(
        InvalidInput,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        points=["A point"],
        outcomes_sought="A repair",
        acknowledged_at=datetime(2024, 8, 28, 10, 59, tzinfo=LONDON),
        backdate_reason="By phone",
    )
    # then
    assert (error.field, error.message) == (
        "acknowledged_at",
        "A complaint cannot be acknowledged before it was received.",
    )


def test_an_acknowledgement_cannot_be_in_the_future():
    complaint = make.received_complaint()
    error = refused(
        InvalidInput,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        points=["A point"],
        outcomes_sought="A repair",
        acknowledged_at=MONDAY + timedelta(days=1),
    )
    assert (error.field, error.message) == (
        "occurred_at",
        "Something cannot be recorded as happening in the future.",
    )


def test_a_back_dated_acknowledgement_keeps_the_promise_when_it_happened():
    # given: received last Wednesday, acknowledged by phone on Friday, recorded today
    complaint = make.received_complaint(received_at=datetime(2024, 8, 28, 11, tzinfo=LONDON))
    friday = datetime(2024, 8, 30, 15, tzinfo=LONDON)
    # when
    acknowledge(
        complaint, make.complaint_officer(), acknowledged_at=friday, backdate_reason="Phone"
    )
    # then
    assert deadlines(complaint) == [
        ("complaint.stage1.acknowledge", "2024-09-04 23:59", DeadlineStatus.MET),
        ("complaint.stage1.respond", "2024-09-13 23:59", DeadlineStatus.OPEN),
    ]
    event = complaint.case.timeline.events.get(kind="complaint.acknowledged")
    assert (event.occurred_at, event.recorded_at, event.backdate_reason) == (
        friday,
        MONDAY,
        "Phone",
    )


def test_a_complaint_is_acknowledged_once():
    complaint = make.acknowledged_complaint()
    error = refused(
        Conflict,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        points=["Again"],
        outcomes_sought="A repair",
    )
    assert error.message == "Stage 1 of this complaint has already been acknowledged."


def test_a_withdrawn_complaint_cannot_be_acknowledged():
    complaint = make.received_complaint()
    services.complaint_withdraw(complaint=complaint, actor=None, reason="Sorted")
    error = refused(
        Conflict,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        points=["A point"],
        outcomes_sought="A repair",
    )
    assert error.message == "This complaint is withdrawn."


def test_stage_2_cannot_be_acknowledged_by_the_stage_1_officer():
    # given
    first = make.complaint_officer()
    complaint = make.escalated_complaint(officer=first)
    # when
    error = refused(
        Conflict,
        services.complaint_acknowledge,
        complaint,
        actor=first,
        points=["A point"],
        outcomes_sought="A repair",
    )
    # then
    assert error.message == (
        "Stage 2 must be considered by a different officer from the one who handled stage 1."
    )


def test_stage_2_cannot_be_assigned_to_the_stage_1_officer_by_someone_else():
    first = make.complaint_officer()
    complaint = make.escalated_complaint(officer=first)
    error = refused(
        Conflict,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        officer=first,
        points=["A point"],
        outcomes_sought="A repair",
    )
    assert error.field is None


def test_stage_2_acknowledged_by_another_officer_has_20_working_days():
    # given
    complaint = make.escalated_complaint()
    # when
    stage = acknowledge(complaint, make.complaint_officer())
    # then
    assert stage.number == 2
    assert deadlines(complaint)[-2:] == [
        ("complaint.stage2.acknowledge", "2024-09-09 23:59", DeadlineStatus.MET),
        ("complaint.stage2.respond", "2024-09-30 23:59", DeadlineStatus.OPEN),
    ]


# --- decide points -----------------------------------------------------------------------------


def test_decisions_are_recorded_with_their_changes():
    # given
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    # when
    points = services.complaint_decide_points(
        complaint=complaint,
        actor=officer,
        decisions=[PointDecisionInput(2, "not_upheld", " We called back. ")],
    )
    # then
    assert [(p.number, p.decision, p.reason) for p in points] == [
        (1, "", ""),
        (2, "not_upheld", "We called back."),
    ]
    event = complaint.case.timeline.events.get(kind="complaint.points_decided")
    assert event.visibility == "staff"
    assert event.data["changes"] == [
        {"number": 2, "old": ["", ""], "new": ["not_upheld", "We called back."]}
    ]


def test_deciding_the_same_again_records_nothing():
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    decision = [PointDecisionInput(1, "upheld", "Yes.")]
    services.complaint_decide_points(complaint=complaint, actor=officer, decisions=decision)
    before = make.written()
    services.complaint_decide_points(complaint=complaint, actor=officer, decisions=decision)
    assert make.written() == before


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (PointDecisionInput(9, "upheld", "Yes."), "There is no point 9."),
        (PointDecisionInput(1, "maybe", "Yes."), "Choose a decision for point 1."),
    ],
)
def test_bad_decisions_are_refused(decision, message):
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    error = refused(
        InvalidInput,
        services.complaint_decide_points,
        complaint,
        actor=officer,
        decisions=[PointDecisionInput(2, "upheld", "Fine."), decision],
    )
    assert (error.field, error.message) == ("decisions", message)


def test_decisions_wait_for_the_acknowledgement():
    complaint = make.received_complaint()
    error = refused(
        Conflict,
        services.complaint_decide_points,
        complaint,
        actor=make.complaint_officer(),
        decisions=[],
    )
    assert error.message == "Decisions are made while a stage is being investigated."


# --- respond -----------------------------------------------------------------------------------


def test_the_stage_1_response_states_the_decisions_and_the_time_to_escalate():
    # given
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    services.complaint_decide_points(
        complaint=complaint,
        actor=officer,
        decisions=[
            PointDecisionInput(1, "upheld", "Two visits were missed."),
            PointDecisionInput(2, "not_upheld", "We returned every call."),
        ],
    )
    # when
    with time_machine.travel(datetime(2024, 9, 10, 14, tzinfo=LONDON), tick=False):
        stage = services.complaint_respond(
            complaint=complaint,
            actor=officer,
            explanation=" The contractor's diary was wrong. ",
            remedy_summary=" An apology and a new visit ",
        )
    # then
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_1_RESPONDED
    assert (stage.outcome, stage.explanation, stage.remedy_summary, stage.responded_by) == (
        "partly_upheld",
        "The contractor's diary was wrong.",
        "An apology and a new visit",
        officer,
    )
    assert local(stage.responded_at) == "2024-09-10 14:00"
    assert local(stage.escalate_by) == "2024-10-08 23:59"
    assert deadlines(complaint)[-1] == (
        "complaint.stage1.respond",
        "2024-09-16 23:59",
        DeadlineStatus.MET,
    )
    letter = OutboundMessage.objects.get(pk=stage.response_letter_id)
    assert letter.template == "complaint_stage1_response"
    assert "Two visits were missed." in letter.body
    assert "We returned every call." in letter.body
    event = complaint.case.timeline.events.get(kind="complaint.responded")
    assert event.summary == "Stage 1 response sent: complaint partly upheld."


def test_a_response_before_the_acknowledgement_is_refused():
    complaint = make.received_complaint()
    error = refused(
        Conflict,
        services.complaint_respond,
        complaint,
        actor=make.complaint_officer(),
        explanation="Found.",
    )
    assert error.message == "The complaint must be acknowledged before it is answered."


def test_a_response_with_a_point_undecided_lists_what_is_missing():
    # given: point 1 decided, point 2 not
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    services.complaint_decide_points(
        complaint=complaint, actor=officer, decisions=[PointDecisionInput(1, "upheld", "Yes.")]
    )
    # when
    error = refused(
        InvalidInput, services.complaint_respond, complaint, actor=officer, explanation=" "
    )
    # then
    assert (error.field, error.message) == (
        "points",
        "The response cannot be sent yet. "
        "Point 2 has no decision (upheld, partly or not upheld). "
        "Point 2 has no reason for its decision. "
        "The response has no explanation of what was found.",
    )


def test_only_an_officer_can_respond():
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    make.decide_all(complaint, actor=officer)
    error = refused(
        PermissionDenied,
        services.complaint_respond,
        complaint,
        actor=make.contact_agent(),
        explanation="Found.",
    )
    assert error.message == "Only a complaint officer or manager can handle a complaint stage."


def test_a_response_cannot_come_before_the_acknowledgement():
    # given: received last Wednesday, acknowledged on Friday
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(
        officer=officer,
        received_at=datetime(2024, 8, 28, 11, tzinfo=LONDON),
        acknowledged_at=datetime(2024, 8, 30, 15, tzinfo=LONDON),
    )
    make.decide_all(complaint, actor=officer)
    # when
    error = refused(
        InvalidInput,
        services.complaint_respond,
        complaint,
        actor=officer,
        explanation="Found.",
        responded_at=datetime(2024, 8, 29, 9, tzinfo=LONDON),
        backdate_reason="Posted",
    )
    # then
    assert (error.field, error.message) == (
        "responded_at",
        "A response cannot come before the acknowledgement.",
    )


def test_a_response_cannot_be_in_the_future():
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    make.decide_all(complaint, actor=officer)
    error = refused(
        InvalidInput,
        services.complaint_respond,
        complaint,
        actor=officer,
        explanation="Found.",
        responded_at=MONDAY + timedelta(hours=2),
    )
    assert error.field == "occurred_at"


def test_a_stage_is_answered_once():
    officer = make.complaint_officer()
    complaint = make.responded_complaint(officer=officer)
    error = refused(
        Conflict, services.complaint_respond, complaint, actor=officer, explanation="Again."
    )
    assert error.message == "The stage 1 response has already been sent."


def test_stage_2_cannot_be_answered_by_the_stage_1_officer():
    # given: stage 2 acknowledged by another officer; stage 1's officer tries to answer it
    first, second = make.complaint_officer(), make.complaint_officer()
    complaint = make.stage2_complaint(
        officer=second, complaint=make.escalated_complaint(officer=first)
    )
    make.decide_all(complaint, actor=second)
    # when
    error = refused(
        Conflict, services.complaint_respond, complaint, actor=first, explanation="Found."
    )
    # then
    assert error.message == (
        "Stage 2 must be considered by a different officer from the one who handled stage 1."
    )


def test_the_final_response_gives_the_ombudsmans_details():
    complaint = make.final_complaint()
    assert complaint.status == ComplaintStatus.STAGE_2_RESPONDED
    stage = complaint.stages.get(number=2)
    assert stage.escalate_by is None
    letter = OutboundMessage.objects.get(pk=stage.response_letter_id)
    assert letter.template == "complaint_stage2_response"
    assert "Housing Ombudsman" in letter.body


# --- escalate ----------------------------------------------------------------------------------


def test_a_resident_escalates_with_one_button_and_no_reason():
    # given
    resident = resident_with_login()
    complaint = make.responded_complaint(resident=resident)
    # when
    with time_machine.travel(datetime(2024, 9, 30, 12, tzinfo=LONDON), tick=False):
        stage = services.complaint_escalate(
            complaint=complaint, actor=resident.user, channel=Channel.PORTAL
        )
    # then
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_2_REQUESTED
    assert (stage.number, stage.escalation_reason, stage.late_escalation_reason) == (2, "", "")
    assert local(stage.requested_at) == "2024-09-30 12:00"
    assert deadlines(complaint)[-1] == (
        "complaint.stage2.acknowledge",
        "2024-10-07 23:59",
        DeadlineStatus.OPEN,
    )
    event = complaint.case.timeline.events.get(kind="complaint.escalated")
    assert (event.summary, event.channel, event.actor) == (
        "Stage 2 review requested.",
        Channel.PORTAL,
        resident.user,
    )


@pytest.mark.parametrize("factory", [make.received_complaint, make.acknowledged_complaint])
def test_there_is_nothing_to_escalate_before_the_stage_1_response(factory):
    complaint = factory()
    error = refused(
        Conflict, services.complaint_escalate, complaint, actor=None, channel=Channel.PHONE
    )
    assert error.message == "There is no stage 1 response to escalate from yet."


def test_a_complaint_is_escalated_once():
    complaint = make.escalated_complaint()
    error = refused(
        Conflict, services.complaint_escalate, complaint, actor=None, channel=Channel.PHONE
    )
    assert error.message == "This complaint is stage 2 requested."


def test_a_late_escalation_needs_an_officers_discretion():
    # given: the window ended on Monday 30 September
    complaint = make.responded_complaint()
    # when
    with time_machine.travel(datetime(2024, 10, 1, 9, tzinfo=LONDON), tick=False):
        error = refused(
            InvalidInput,
            services.complaint_escalate,
            complaint,
            actor=make.complaint_officer(),
            channel=Channel.PHONE,
        )
    # then
    assert (error.field, error.message) == (
        "late_discretion_reason",
        "The time to ask for stage 2 ended on 30 September 2024. "
        "An officer can still accept it, recording why.",
    )


def test_a_resident_cannot_accept_their_own_late_escalation():
    resident = resident_with_login()
    complaint = make.responded_complaint(resident=resident)
    with time_machine.travel(datetime(2024, 10, 1, 9, tzinfo=LONDON), tick=False):
        error = refused(
            PermissionDenied,
            services.complaint_escalate,
            complaint,
            actor=resident.user,
            channel=Channel.PORTAL,
            late_discretion_reason="I was in hospital",
        )
    assert error.message == "Only an officer can accept a late request for stage 2."


def test_an_officer_accepts_a_late_escalation_with_a_reason():
    complaint = make.responded_complaint()
    with time_machine.travel(datetime(2024, 10, 1, 9, tzinfo=LONDON), tick=False):
        stage = services.complaint_escalate(
            complaint=complaint,
            actor=make.complaint_officer(),
            channel=Channel.PHONE,
            late_discretion_reason=" The resident was in hospital ",
        )
    assert stage.late_escalation_reason == "The resident was in hospital"
    event = complaint.case.timeline.events.get(kind="complaint.escalated")
    assert event.summary == (
        "Stage 2 review requested. Accepted after the deadline: The resident was in hospital"
    )
    assert event.data["late"] is True


def test_an_escalation_on_the_last_day_is_on_time():
    complaint = make.responded_complaint()
    with time_machine.travel(datetime(2024, 9, 30, 23, 58, tzinfo=LONDON), tick=False):
        stage = services.complaint_escalate(complaint=complaint, actor=None, channel=Channel.PHONE)
    assert stage.late_escalation_reason == ""


def test_an_escalation_cannot_come_before_the_response():
    complaint = make.responded_complaint()
    error = refused(
        InvalidInput,
        services.complaint_escalate,
        complaint,
        actor=make.complaint_officer(),
        channel=Channel.PHONE,
        requested_at=MONDAY - timedelta(hours=1),
        backdate_reason="Phoned earlier",
    )
    assert (error.field, error.message) == (
        "requested_at",
        "An escalation cannot come before the stage 1 response.",
    )


def test_an_escalation_cannot_be_in_the_future():
    complaint = make.responded_complaint()
    error = refused(
        InvalidInput,
        services.complaint_escalate,
        complaint,
        actor=None,
        channel=Channel.PHONE,
        requested_at=MONDAY + timedelta(hours=1),
    )
    assert error.field == "occurred_at"


# --- extend ------------------------------------------------------------------------------------


def test_an_extension_within_the_limit_is_told_to_the_resident_with_the_ombudsman():
    # given: the response is due 16 September
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    # when
    services.complaint_extend(
        complaint=complaint, actor=officer, working_days=10, reason=" A surveyor must visit. "
    )
    # then
    assert deadlines(complaint)[-1] == (
        "complaint.stage1.respond",
        "2024-09-30 23:59",
        DeadlineStatus.OPEN,
    )
    letter = OutboundMessage.objects.get(template="complaint_extended")
    assert "Why: A surveyor must visit." in letter.body
    assert "We will now send our response by 30 September 2024." in letter.body
    assert "Housing Ombudsman Service: 0300 111 3000, info@housing-ombudsman.org.uk" in letter.body


def test_an_extension_needs_a_reason():
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    error = refused(
        InvalidInput,
        services.complaint_extend,
        complaint,
        actor=officer,
        working_days=5,
        reason=" ",
    )
    assert (error.field, error.message) == (
        "reason",
        "Give the reason for the extension: the resident will be told it.",
    )


def test_an_extension_beyond_the_limit_needs_a_good_reason():
    # given: 6 days already given
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    services.complaint_extend(complaint=complaint, actor=officer, working_days=6, reason="Visit")
    # when
    error = refused(
        InvalidInput,
        services.complaint_extend,
        complaint,
        actor=officer,
        working_days=5,
        reason="Another visit",
    )
    # then
    assert (error.field, error.message) == (
        "working_days",
        "This would extend 'Send our stage 1 response to your complaint' by 11 working days in "
        "all; the limit is 10. Going beyond it needs a recorded good reason.",
    )


def test_an_extension_beyond_the_limit_with_a_good_reason_is_accepted_and_told():
    officer = make.complaint_officer()
    complaint = make.acknowledged_complaint(officer=officer)
    services.complaint_extend(
        complaint=complaint,
        actor=officer,
        working_days=15,
        reason="The structural engineer's report",
        good_reason_beyond_limit="The engineer cannot visit sooner (safety).",
    )
    deadline = Deadline.objects.get(duty="complaint.stage1.respond")
    assert (local(deadline.due_at), deadline.extended_working_days) == ("2024-10-07 23:59", 15)
    extended = complaint.case.timeline.events.get(kind="deadline.extended")
    assert extended.data["beyond_limit_reason"] == "The engineer cannot visit sooner (safety)."
    letter = OutboundMessage.objects.get(template="complaint_extended")
    assert "Housing Ombudsman" in letter.body


def test_only_a_complaint_being_investigated_can_be_extended():
    complaint = make.received_complaint()
    error = refused(
        Conflict,
        services.complaint_extend,
        complaint,
        actor=make.complaint_officer(),
        working_days=5,
        reason="Busy",
    )
    assert error.message == "Only a complaint being investigated can have its response extended."


# --- all or nothing ----------------------------------------------------------------------------


def test_a_failure_after_the_status_changed_writes_nothing(monkeypatch):
    # given: writing to the resident fails once the status, definition and deadlines are done
    complaint = make.received_complaint()

    def broken(**kwargs):
        raise RuntimeError("letter service down")

    monkeypatch.setattr(_common.notify, "message_send", broken)
    # when / then
    error = refused(
        RuntimeError,
        services.complaint_acknowledge,
        complaint,
        actor=make.complaint_officer(),
        points=["A point"],
        outcomes_sought="A repair",
    )
    assert str(error) == "letter service down"


def test_no_complaint_event_can_be_dated_before_the_complaint():
    # given
    complaint = make.received_complaint(received_at=datetime(2024, 8, 28, 11, tzinfo=LONDON))
    complaint = _common.locked(complaint)
    before = make.written()
    # when
    with pytest.raises(InvalidInput) as error:
        _common.event(
            complaint,
            kind="complaint.note",
            summary="Spoke to the resident",
            actor=None,
            occurred_at=datetime(2024, 8, 28, 10, 59, tzinfo=LONDON),
            backdate_reason="From notes",
        )
    # then
    assert (error.value.field, error.value.message) == (
        "occurred_at",
        "This cannot be dated before the complaint was received (28 August 2024 at 11:00).",
    )
    assert make.written() == before


def test_an_escalation_by_an_unknown_channel_is_refused_and_nothing_written():
    # given
    complaint = make.responded_complaint()
    before = make.state(complaint)

    # when
    with pytest.raises(InvalidInput) as refused:
        services.complaint_escalate(complaint=complaint, actor=None, channel="carrier pigeon")

    # then
    assert refused.value.message == "Say how the request for stage 2 reached us."
    assert refused.value.field == "channel"
    assert make.state(complaint) == before
