"""Making a complaint (each kind of complainant, any channel, back-dated with a reason),
refusing one, withdrawing one and folding a new point into stage 1."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput
from homecase.complaints import services
from homecase.complaints.models import Complainant, Complaint, ComplaintStatus
from homecase.complaints.selectors import complaint_timeline
from homecase.complaints.services import Signer
from homecase.housing.services import representative_add
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Deadline, DeadlineStatus, Visibility
from homecase.records.services import deadlines_sweep
from tests.complaints import factories as make
from tests.factories import HomeFactory, ResidentFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def kinds(complaint: Complaint) -> list[str]:
    return list(complaint.case.timeline.events.order_by("sequence").values_list("kind", flat=True))


def create(**kwargs) -> Complaint:
    kwargs.setdefault("actor", make.contact_agent())
    kwargs.setdefault("channel", Channel.PHONE)
    kwargs.setdefault("description", "Nobody came to fix the leak.")
    return services.complaint_create(**kwargs)


def refused(error_type, call, **kwargs):
    """Call a service expecting it to refuse; return the error and check nothing was written."""
    before = make.written()
    with pytest.raises(error_type) as error:
        call(**kwargs)
    assert make.written() == before
    return error.value


def consent(resident, **kwargs):
    kwargs.setdefault("consent_given_on", date(2024, 8, 1))
    return representative_add(
        resident=resident,
        actor=None,
        name="Grace Okafor",
        relationship="family",
        consent_method="In writing",
        email="grace@example.org",
        **kwargs,
    )


# --- complaint_create --------------------------------------------------------------------------


def test_a_residents_complaint_is_logged_with_its_acknowledgement_due():
    # given
    resident = ResidentFactory(first_name="Amara", last_name="Okafor")
    # when
    complaint = create(
        resident=resident, desired_outcome="Fix it.", title="Leak", channel=Channel.EMAIL
    )
    # then
    assert (complaint.status, complaint.complainant, complaint.received_channel) == (
        ComplaintStatus.RECEIVED,
        Complainant.RESIDENT,
        Channel.EMAIL,
    )
    assert complaint.reference == "C-2024-000001"
    assert (complaint.case.resident, complaint.case.home) == (resident, resident.home)
    assert complaint.case.title == "Leak"
    stage = complaint.stages.get()
    assert (stage.number, stage.requested_at, stage.officer) == (1, MONDAY, None)
    assert kinds(complaint) == [
        "case.opened",
        "complaint.received",
        "deadline.opened",
        "message.sent",
    ]
    deadline = Deadline.objects.get(case=complaint.case)
    assert (deadline.duty, local(deadline.due_at), deadline.status) == (
        "complaint.stage1.acknowledge",
        "2024-09-09 23:59",
        DeadlineStatus.OPEN,
    )
    letter = OutboundMessage.objects.get(case=complaint.case)
    assert (letter.template, letter.resident, letter.recipient) == (
        "complaint_received",
        resident,
        resident.email,
    )


@pytest.mark.parametrize("channel", [c for c in Channel.values if c != Channel.SYSTEM])
def test_a_complaint_can_come_by_any_channel(channel):
    complaint = create(resident=ResidentFactory(), channel=channel)
    assert complaint.received_channel == channel
    assert complaint.case.timeline.events.get(kind="complaint.received").channel == channel


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"channel": Channel.SYSTEM}, "channel", "Say how the complaint reached us."),
        ({"channel": "pigeon"}, "channel", "Say how the complaint reached us."),
        (
            {"description": "  "},
            "description",
            "Say what the complaint is about, in the complainant's words.",
        ),
        ({"complainant": "neighbour"}, "complainant", "'neighbour' is not a kind of complainant."),
        (
            {"about_conduct": True},
            "conduct_subject",
            "Say whose conduct the complaint is about.",
        ),
    ],
)
def test_malformed_complaints_are_refused(kwargs, field, message):
    error = refused(InvalidInput, create, resident=ResidentFactory(), **kwargs)
    assert (error.field, error.message) == (field, message)


def test_a_complaint_needs_a_resident_unless_from_a_third_party():
    error = refused(InvalidInput, create, resident=None)
    assert (error.field, error.message) == (
        "resident",
        "Choose the resident the complaint is from or about.",
    )


def test_a_representative_with_consent_may_complain_and_gets_a_copy():
    # given
    resident = ResidentFactory()
    rep = consent(resident)
    # when
    complaint = create(
        resident=resident, complainant=Complainant.REPRESENTATIVE, representative=rep
    )
    # then
    assert (complaint.complainant, complaint.representative) == (Complainant.REPRESENTATIVE, rep)
    letters = OutboundMessage.objects.filter(case=complaint.case).order_by("pk")
    assert [(m.recipient, m.representative) for m in letters] == [
        (resident.email, None),
        ("grace@example.org", rep),
    ]


@pytest.mark.parametrize(
    "consent_kwargs",
    [
        pytest.param({"valid_until": date(2024, 9, 1)}, id="expired the day before"),
        pytest.param({"case_references": ["R-2024-000009"]}, id="for another case only"),
    ],
)
def test_a_representative_whose_consent_does_not_cover_it_is_refused(consent_kwargs):
    # given
    resident = ResidentFactory()
    rep = consent(resident, **consent_kwargs)
    # when
    error = refused(
        InvalidInput,
        create,
        resident=resident,
        complainant=Complainant.REPRESENTATIVE,
        representative=rep,
    )
    # then
    assert error.field == "representative"
    assert error.message == (
        "This representative's consent does not cover this complaint (it has ended, "
        "or covers other cases only)."
    )


def test_a_representative_whose_consent_was_withdrawn_is_refused():
    # given: consent withdrawn today
    resident = ResidentFactory()
    rep = consent(resident)
    rep.withdrawn_on = date(2024, 9, 2)
    rep.save(update_fields=["withdrawn_on"])
    # when / then
    error = refused(
        InvalidInput,
        create,
        resident=resident,
        complainant=Complainant.REPRESENTATIVE,
        representative=rep,
    )
    assert error.field == "representative"


def test_consent_expiring_today_still_covers_a_complaint_made_today():
    resident = ResidentFactory()
    rep = consent(resident, valid_until=date(2024, 9, 2))
    complaint = create(
        resident=resident, complainant=Complainant.REPRESENTATIVE, representative=rep
    )
    assert complaint.representative == rep


def test_consent_is_judged_on_the_local_day_the_complaint_arrived():
    # given: consent ended on 1 September; the complaint came at 00:30 on 2 September in
    # London, which is still 1 September in UTC
    resident = ResidentFactory()
    rep = consent(resident, valid_until=date(2024, 9, 1))
    received = datetime(2024, 9, 2, 0, 30, tzinfo=LONDON)
    # when / then
    error = refused(
        InvalidInput,
        create,
        resident=resident,
        complainant=Complainant.REPRESENTATIVE,
        representative=rep,
        received_at=received,
        backdate_reason="Left on the answerphone overnight",
    )
    assert error.field == "representative"


def test_a_representative_for_someone_else_is_refused():
    rep = consent(ResidentFactory())
    error = refused(
        InvalidInput,
        create,
        resident=ResidentFactory(),
        complainant=Complainant.REPRESENTATIVE,
        representative=rep,
    )
    assert (error.field, error.message) == (
        "representative",
        "Choose a representative who acts for this resident.",
    )


def test_a_third_party_outside_our_records_is_written_to_by_hand():
    # given: a neighbour's visitor whose car was damaged by our contractor
    repair = make.received_complaint()
    # when
    complaint = create(
        complainant=Complainant.THIRD_PARTY,
        third_party_name=" Mr Lee ",
        third_party_contact="12 High Street, E3 1AA",
        related_case=repair.case,
    )
    # then: no message, a staff event saying to write by hand
    assert complaint.case.resident is None
    assert complaint.case.home == repair.case.home
    assert complaint.third_party_name == "Mr Lee"
    assert OutboundMessage.objects.filter(case=complaint.case).count() == 0
    needed = complaint.case.timeline.events.get(kind="complaint.letter_needed")
    assert needed.visibility == Visibility.STAFF
    assert needed.summary == "Write to Mr Lee by hand (not on our records): complaint received"
    assert needed.data["contact"] == "12 High Street, E3 1AA"


def test_a_third_party_must_be_named():
    error = refused(InvalidInput, create, complainant=Complainant.THIRD_PARTY)
    assert (error.field, error.message) == (
        "third_party_name",
        "Give the name of the person complaining.",
    )


def test_a_resident_we_cannot_reach_still_has_their_complaint_logged():
    # given: no email, no phone, no home on record
    resident = ResidentFactory(email="", phone="", home=None)
    # when
    complaint = create(resident=resident)
    # then
    assert complaint.status == ComplaintStatus.RECEIVED
    assert OutboundMessage.objects.count() == 0
    needed = complaint.case.timeline.events.get(kind="complaint.letter_needed")
    assert needed.summary == (
        f"Write to {resident.full_name} by hand (no contact details): complaint received"
    )


def test_a_petition_needs_two_signers():
    # given
    signer = ResidentFactory()
    # when
    error = refused(
        InvalidInput,
        create,
        complainant=Complainant.PETITION,
        signers=[Signer(name="Ann", resident=signer)],
    )
    # then
    assert (error.field, error.message) == ("signers", "A petition needs at least two signers.")


def test_each_signer_of_a_petition_is_named():
    error = refused(
        InvalidInput,
        create,
        resident=ResidentFactory(),
        complainant=Complainant.PETITION,
        signers=[Signer(name="Ann"), Signer(name=" ")],
    )
    assert (error.field, error.message) == ("signers", "Give the name of each signer.")


def test_a_petitions_letters_go_to_its_first_signer():
    # given
    home = HomeFactory()
    first, second = ResidentFactory(home=home), ResidentFactory(home=home)
    # when: logged against the second resident, signed first by the first
    complaint = create(
        resident=second,
        complainant=Complainant.PETITION,
        signers=[
            Signer(name=" Ann Smith ", resident=first, circumstances="Uses a wheelchair"),
            Signer(name="Bo Jones", resident=second),
            Signer(name="Cy Patel"),
        ],
    )
    # then
    assert list(complaint.signatories.values_list("position", "name", "resident")) == [
        (1, "Ann Smith", first.pk),
        (2, "Bo Jones", second.pk),
        (3, "Cy Patel", None),
    ]
    letter = OutboundMessage.objects.get(case=complaint.case)
    assert (letter.resident, letter.recipient) == (first, first.email)
    received = complaint.case.timeline.events.get(kind="complaint.received")
    assert received.data["signers"] == ["Ann Smith", "Bo Jones", "Cy Patel"]


def test_a_petition_without_a_named_resident_is_the_first_signers():
    first, second = ResidentFactory(), ResidentFactory()
    complaint = create(
        complainant=Complainant.PETITION,
        signers=[Signer(name="Ann", resident=first), Signer(name="Bo", resident=second)],
    )
    assert complaint.case.resident == first


def test_a_back_dated_complaint_runs_its_clock_from_when_it_arrived():
    # given: a letter that arrived last Wednesday, logged today
    arrived = datetime(2024, 8, 28, 11, tzinfo=LONDON)
    # when
    complaint = create(
        resident=ResidentFactory(), received_at=arrived, backdate_reason="Found in the post room"
    )
    # then
    assert complaint.case.opened_at == arrived
    assert complaint.stages.get().requested_at == arrived
    received = complaint.case.timeline.events.get(kind="complaint.received")
    assert (received.occurred_at, received.recorded_at) == (arrived, MONDAY)
    assert received.backdate_reason == "Found in the post room"
    deadline = Deadline.objects.get(case=complaint.case)
    assert (local(deadline.started_at), local(deadline.due_at)) == (
        "2024-08-28 11:00",
        "2024-09-04 23:59",
    )


def test_a_back_dated_complaint_needs_a_reason():
    error = refused(
        InvalidInput,
        create,
        resident=ResidentFactory(),
        received_at=MONDAY - timedelta(days=1),
    )
    assert (error.field, error.message) == (
        "backdate_reason",
        "Give a reason for recording this with an earlier date and time.",
    )


def test_a_complaint_cannot_be_received_in_the_future():
    error = refused(
        InvalidInput,
        create,
        resident=ResidentFactory(),
        received_at=MONDAY + timedelta(hours=1),
        backdate_reason="Typed wrongly",
    )
    assert (error.field, error.message) == (
        "received_at",
        "Something cannot be recorded as happening in the future.",
    )


def test_a_time_without_a_zone_is_refused():
    error = refused(
        InvalidInput,
        create,
        resident=ResidentFactory(),
        received_at=datetime(2024, 9, 1, 10),  # noqa: DTZ001 - the point of the test
        backdate_reason="Post",
    )
    assert (error.field, error.message) == (
        "received_at",
        "Give the date and time with its time zone.",
    )


def test_a_conduct_complaint_names_the_person_only_internally():
    # when
    complaint = create(
        resident=ResidentFactory(), about_conduct=True, conduct_subject=" Officer J. Smith "
    )
    # then
    flagged = complaint.case.timeline.events.get(kind="complaint.conduct_flagged")
    assert flagged.visibility == Visibility.INTERNAL
    assert flagged.data == {"subject": "Officer J. Smith"}
    assert complaint.conduct_subject == "Officer J. Smith"
    staff_view = complaint_timeline(complaint=complaint, resident_view=False)
    resident_view = complaint_timeline(complaint=complaint, resident_view=True)
    assert flagged not in staff_view
    assert flagged not in resident_view


def test_a_complaint_about_a_case_is_linked_on_that_case():
    # given
    other = make.received_complaint()
    # when
    complaint = create(resident=other.case.resident, related_case=other.case)
    # then
    assert complaint.related_case == other.case
    linked = other.case.timeline.events.get(kind="complaint.linked")
    assert linked.summary == (
        f"Complaint {complaint.reference} made about this case; work on it goes on."
    )
    assert (linked.visibility, linked.data) == (
        Visibility.RESIDENT,
        {"complaint": complaint.reference},
    )


# --- complaint_refuse --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"exclusion": "too_cross", "explanation": "x"},
            "exclusion",
            "Choose one of the reasons in the policy.",
        ),
        (
            {"exclusion": "legal_action", "explanation": " "},
            "explanation",
            "Explain why this reason applies to this complaint: the resident will be told.",
        ),
    ],
)
def test_a_refusal_needs_a_reason_and_an_explanation(kwargs, field, message):
    # given
    complaint = make.received_complaint()
    before = make.state(complaint)
    # when
    error = refused(
        InvalidInput,
        services.complaint_refuse,
        complaint=complaint,
        actor=make.complaint_officer(),
        **kwargs,
    )
    # then
    assert (error.field, error.message) == (field, message)
    assert make.state(complaint) == before


def test_a_refusal_is_explained_in_writing_with_the_ombudsmans_details():
    # given
    complaint = make.received_complaint()
    # when
    services.complaint_refuse(
        complaint=complaint,
        actor=make.complaint_officer(),
        exclusion="legal_action",
        explanation=" Your claim was filed at the county court on 1 August. ",
    )
    # then
    complaint.refresh_from_db()
    assert (complaint.status, complaint.exclusion, complaint.exclusion_explanation) == (
        ComplaintStatus.REFUSED,
        "legal_action",
        "Your claim was filed at the county court on 1 August.",
    )
    assert list(Deadline.objects.filter(case=complaint.case).values_list("status", flat=True)) == [
        DeadlineStatus.CANCELLED
    ]
    refusal = complaint.case.timeline.events.get(kind="complaint.refused")
    assert refusal.summary == (
        "Not accepted as a complaint: Legal proceedings have been filed at court."
    )
    letter = OutboundMessage.objects.get(template="complaint_refused")
    assert "Your claim was filed at the county court on 1 August." in letter.body
    assert (
        "ask the Housing Ombudsman Service to look at our decision: 0300 111 3000, "
        "info@housing-ombudsman.org.uk" in letter.body
    )


def test_a_complaint_whose_acknowledgement_was_missed_can_still_be_refused():
    # given: the acknowledgement was missed and apologised for with a new date
    complaint = make.received_complaint()
    with time_machine.travel(datetime(2024, 9, 10, 6, tzinfo=LONDON), tick=False):
        deadlines_sweep()
        services.missed_promises_follow_up()
        # when
        services.complaint_refuse(
            complaint=complaint,
            actor=make.complaint_officer(),
            exclusion="already_considered",
            explanation="We answered this in complaint C-2023-000100.",
        )
    # then: the missed one stays missed on the record; the new date is no longer owed
    assert list(
        Deadline.objects.filter(case=complaint.case).order_by("pk").values_list("status", flat=True)
    ) == [DeadlineStatus.MISSED, DeadlineStatus.CANCELLED]


def test_an_acknowledged_complaint_cannot_be_refused():
    complaint = make.acknowledged_complaint()
    before = make.state(complaint)
    error = refused(
        Conflict,
        services.complaint_refuse,
        complaint=complaint,
        actor=make.complaint_officer(),
        exclusion="legal_action",
        explanation="Filed at court.",
    )
    assert error.message == "A complaint that is stage 1 cannot become refused."
    assert make.state(complaint) == before


# --- complaint_withdraw ------------------------------------------------------------------------


def test_withdrawing_cancels_what_was_still_owed():
    # given
    complaint = make.acknowledged_complaint()
    # when
    services.complaint_withdraw(complaint=complaint, actor=None, reason=" Sorted out by phone ")
    # then
    complaint.refresh_from_db()
    assert (complaint.status, complaint.withdrawn_reason) == (
        ComplaintStatus.WITHDRAWN,
        "Sorted out by phone",
    )
    assert list(
        Deadline.objects.filter(case=complaint.case).order_by("pk").values_list("duty", "status")
    ) == [
        ("complaint.stage1.acknowledge", DeadlineStatus.MET),
        ("complaint.stage1.respond", DeadlineStatus.CANCELLED),
    ]
    event = complaint.case.timeline.events.get(kind="complaint.withdrawn")
    assert (event.summary, event.visibility) == (
        "Complaint withdrawn: Sorted out by phone",
        Visibility.RESIDENT,
    )


def test_withdrawing_needs_a_reason():
    complaint = make.received_complaint()
    before = make.state(complaint)
    error = refused(
        InvalidInput, services.complaint_withdraw, complaint=complaint, actor=None, reason=""
    )
    assert (error.field, error.message) == ("reason", "Say why the complaint is withdrawn.")
    assert make.state(complaint) == before


def test_a_complaint_already_answered_cannot_be_withdrawn():
    complaint = make.responded_complaint()
    before = make.state(complaint)
    error = refused(
        Conflict, services.complaint_withdraw, complaint=complaint, actor=None, reason="Done"
    )
    assert error.message == "A complaint that is stage 1 responded cannot become withdrawn."
    assert make.state(complaint) == before


# --- complaint_point_add -----------------------------------------------------------------------


def test_a_new_point_is_folded_into_stage_1_before_the_response():
    # given
    complaint = make.acknowledged_complaint()
    # when
    point = services.complaint_point_add(
        complaint=complaint, actor=make.complaint_officer(), summary=" The bathroom fan too "
    )
    # then
    assert (point.number, point.summary, point.added_after_acknowledgement) == (
        3,
        "The bathroom fan too",
        True,
    )
    event = complaint.case.timeline.events.get(kind="complaint.point_added")
    assert event.summary == "New point added to stage 1: The bathroom fan too"


@pytest.mark.parametrize("factory", [make.received_complaint, make.responded_complaint])
def test_a_new_point_outside_an_investigation_must_be_a_new_complaint(factory):
    complaint = factory()
    error = refused(
        Conflict,
        services.complaint_point_add,
        complaint=complaint,
        actor=make.complaint_officer(),
        summary="The fan",
    )
    assert error.message == (
        "New points can only be added while a stage is being investigated; "
        "log a new complaint instead."
    )


def test_a_new_point_needs_words():
    complaint = make.acknowledged_complaint()
    error = refused(
        InvalidInput,
        services.complaint_point_add,
        complaint=complaint,
        actor=make.complaint_officer(),
        summary=" ",
    )
    assert (error.field, error.message) == ("summary", "Say what the new point is.")
