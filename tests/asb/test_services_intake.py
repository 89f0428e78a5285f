"""Reporting ASB: a case with one reference, its people, the intake risk assessment and the
first-contact promise that follows from it, a named officer; never blocked for want of a crime
reference. A further report joins the case it is about (one case, several reports)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.asb.models import ActionKind, AsbCase, AsbParty, AsbReport, RiskAssessment
from homecase.asb.services import PersonInput, _common, asb_report
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case, CaseKind, Channel, Deadline, Event, Visibility
from tests.asb import factories as make
from tests.factories import ResidentFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# The seed case: drug use in the block reported on Tuesday 2 July 2024.
REPORTED = datetime(2024, 7, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def tuesday_2_july_2024():
    with time_machine.travel(REPORTED, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def due(asb: AsbCase, duty: str) -> str:
    [deadline] = _common.unkept(asb, duty)
    return local(deadline.due_at)


def messages(asb: AsbCase) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(case=asb.case).order_by("pk"))


def report(**kwargs) -> AsbReport:
    """asb_report with a resident of a block reporting drug dealing in the block by phone."""
    if "reporter" not in kwargs:
        kwargs["reporter"] = make.resident_in_block()
    reporter = kwargs["reporter"]
    if "actor" not in kwargs:
        kwargs["actor"] = make.asb_officer()
    kwargs.setdefault("channel", Channel.PHONE)
    kwargs.setdefault("description", make.DESCRIPTION)
    kwargs.setdefault("behaviours", ["drugs"])
    kwargs.setdefault("location", "block")
    if kwargs["location"] == "block" and reporter is not None:
        kwargs.setdefault("block", reporter.home.block)
    return asb_report(**kwargs)


def refused(error_type, **kwargs):
    """Report expecting a refusal; return the error and check nothing was written."""
    reporter = kwargs.pop("reporter", None) or make.resident_in_block()
    if "actor" not in kwargs:
        kwargs["actor"] = make.asb_officer()
    before = make.written()
    with pytest.raises(error_type) as error:
        report(reporter=reporter, **kwargs)
    assert make.written() == before
    return error.value


def test_a_report_without_a_crime_reference_opens_a_case_with_a_plan_and_promises():
    # given: an ASB officer (the only one) and a resident of the block
    officer = make.asb_officer(first_name="Priya", last_name="Shah")

    # when: drug use in the block is reported by phone, with no crime reference
    saved = report(actor=officer, happened_at=REPORTED - timedelta(days=1))

    # then: one case with its one reference; nothing asked about the police
    asb = AsbCase.objects.get(pk=saved.asb_id)
    assert asb.case.reference.startswith("A-2024-")
    assert asb.case.kind == CaseKind.ASB
    assert (asb.status, asb.category, asb.location, asb.crime_reference) == (
        "open",
        "nuisance",
        "block",
        "",
    )
    assert asb.block == saved.reporter.home.block
    assert asb.case.resident == saved.reporter
    # and a risk assessment from the day of the report, standard with no answers
    [assessment] = RiskAssessment.objects.filter(asb=asb)
    assert (assessment.stage, assessment.level, assessment.score) == ("intake", "standard", 0)
    assert asb.risk_level == "standard"
    # and promises: first contact in 5 working days, an action plan in 10, a risk review
    assert make.promises(asb) == {
        _common.FIRST_CONTACT: ["open"],
        _common.RISK_REVIEW: ["open"],
        _common.ACTION_PLAN: ["open"],
    }
    assert due(asb, _common.FIRST_CONTACT) == "2024-07-09 23:59"
    assert due(asb, _common.ACTION_PLAN) == "2024-07-16 23:59"
    assert not Deadline.objects.get(duty=_common.RISK_REVIEW).visible_to_resident
    assert asb.next_due_at == Deadline.objects.get(duty=_common.FIRST_CONTACT).due_at
    # and the named officer, told to the reporter with the date, no crime number needed
    assert asb.officer == officer
    [message] = messages(asb)
    assert message.resident == saved.reporter
    assert asb.case.reference in message.subject
    assert "Your named officer is Priya Shah." in message.body
    assert "We will contact you by 9 July 2024" in message.body
    assert "You do not need a police crime reference number" in message.body
    # and the report is on the resident's timeline; no complaint was logged
    reported = Event.objects.get(timeline=asb.case.timeline, kind="asb.reported")
    assert reported.visibility == Visibility.RESIDENT
    assert "A police crime reference is not needed" in reported.summary
    assert not Case.objects.filter(kind=CaseKind.COMPLAINT).exists()
    assert (saved.channel, saved.reporter_name) == ("phone", saved.reporter.full_name)


def test_high_risk_is_contacted_the_same_working_day_or_the_next_after_closing_time():
    asb = make.high_risk_case()
    with time_machine.travel(REPORTED.replace(hour=18), tick=False):
        evening = make.high_risk_case()

    assert asb.risk_level == "high"
    assert due(asb, _common.FIRST_CONTACT) == "2024-07-02 23:59"
    assert due(evening, _common.FIRST_CONTACT) == "2024-07-03 23:59"
    assert "We are treating your report as urgent." in messages(asb)[0].body


def test_a_medium_risk_gets_three_working_days():
    asb = make.reported_case(risk_answers={"repeated": True, "targeted": True, "children": True})

    assert asb.risk_level == "medium"
    assert due(asb, _common.FIRST_CONTACT) == "2024-07-05 23:59"


def test_a_safeguarding_concern_creates_a_referral_action_for_the_officer():
    officer = make.asb_officer()

    asb = make.reported_case(officer=officer, risk_answers={"safeguarding_concern": True})

    assert asb.safeguarding
    [action] = asb.actions.all()
    assert (action.kind, action.owner, action.status) == (ActionKind.SAFEGUARDING, officer, "open")
    assert local(action.deadline.due_at) == "2024-07-03 23:59"
    assert str(action.due_on) == "2024-07-03"
    assert not action.deadline.visible_to_resident
    assert "Safeguarding concern raised." in Event.objects.get(kind="asb.risk_assessed").summary


def test_the_case_goes_to_the_officer_with_fewest_open_cases():
    busy = make.asb_officer()
    free = make.asb_officer()
    make.reported_case(officer=busy)

    asb = make.reported_case(actor=make.contact_agent())

    assert asb.officer == free
    assert (
        "Named officer:"
        in Event.objects.get(timeline=asb.case.timeline, kind="asb.officer_assigned").summary
    )


def test_with_no_asb_officer_the_case_waits_for_one_and_staff_are_told():
    saved = report(actor=make.contact_agent())

    asb = saved.asb
    assert asb.officer is None
    assert make.kinds(asb).count("asb.no_officer") == 1
    assert "We will tell you the name of your officer soon." in messages(asb)[0].body


def test_people_in_the_case_are_recorded_and_never_named_to_the_reporter():
    reporter = make.resident_in_block()
    neighbour = ResidentFactory(first_name="Gary", last_name="Mould")

    saved = report(
        reporter=reporter,
        perpetrators=[PersonInput(resident=neighbour, notes="Flat 12")],
        witnesses=[PersonInput(name="Man with a dog", contact="seen most evenings")],
        victims=[PersonInput(name="Ada Bell")],
    )

    parties = [(party.role, party.name) for party in AsbParty.objects.filter(asb=saved.asb)]
    assert parties == [
        ("reporter", reporter.full_name),
        ("victim", reporter.full_name),
        ("victim", "Ada Bell"),
        ("alleged_perpetrator", "Gary Mould"),
        ("witness", "Man with a dog"),
    ]
    people = Event.objects.get(kind="asb.people_added", summary__contains="Gary")
    assert people.visibility == Visibility.STAFF
    resident_events = Event.objects.filter(
        timeline=saved.asb.case.timeline, visibility=Visibility.RESIDENT
    )
    assert not [event for event in resident_events if "Gary" in event.summary]
    assert "Gary" not in messages(saved.asb)[0].body


def test_someone_reporting_for_a_victim_who_is_not_a_resident():
    saved = report(
        reporter=None,
        reporter_name="Jo Carter (support worker)",
        reporter_is_victim=False,
        on_behalf_of="Mrs Ada Bell",
        block=make.BlockFactory(),
        victims=[PersonInput(name="Ada Bell")],
    )

    assert saved.asb.case.resident is None
    assert saved.on_behalf_of == "Mrs Ada Bell"
    roles = list(AsbParty.objects.filter(asb=saved.asb).values_list("role", "name"))
    assert roles == [("reporter", "Jo Carter (support worker)"), ("victim", "Ada Bell")]
    assert not OutboundMessage.objects.exists()


def test_a_hate_behaviour_marks_a_hate_incident_and_a_personal_case():
    saved = report(
        behaviours=["hate", "vandalism"],
        hate_motivations=["race"],
        hate_perceived_by="The victim",
    )

    asb = saved.asb
    assert (asb.hate_incident, asb.category, asb.hate_motivations) == (True, "personal", ["race"])


def test_a_crime_reference_is_recorded_when_there_is_one():
    saved = report(crime_reference=" CAD 1234/02JUL ")

    assert saved.asb.crime_reference == "CAD 1234/02JUL"


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("description", {"description": "   "}),
        ("behaviours", {"behaviours": []}),
        ("behaviours", {"behaviours": ["loud_music"]}),
        ("location", {"location": "moon"}),
        ("block", {"location": "block", "block": None}),
        ("home", {"location": "home"}),
        ("communal_area", {"location": "communal"}),
        ("estate", {"location": "estate"}),
        ("happened_at", {"happened_at": REPORTED + timedelta(hours=1)}),
        ("hate_motivations", {"hate_motivations": ["football"]}),
        ("risk_answers", {"risk_answers": {"grumpy": True}}),
        ("channel", {"channel": "pigeon"}),
        ("victims", {"victims": [PersonInput(name=" ")]}),
        ("perpetrators", {"perpetrators": [PersonInput()]}),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(field, kwargs):
    error = refused(InvalidInput, **kwargs)

    assert error.field == field
    assert error.message


def test_a_reporter_who_is_not_a_resident_must_be_named():
    before = make.written()
    with pytest.raises(InvalidInput) as error:
        report(reporter=None, block=make.BlockFactory())

    assert error.value.field == "reporter_name"
    assert make.written() == before


def test_the_named_officer_must_hold_the_asb_role():
    error = refused(InvalidInput, officer=make.planner())

    assert error.field == "officer"


def test_a_resident_reports_as_themselves_in_the_portal_and_not_as_someone_else():
    resident = resident_with_login()
    resident.home.block = make.BlockFactory()
    resident.home.save()
    make.asb_officer()

    saved = report(actor=resident.user, reporter=resident, channel=Channel.PORTAL)
    assert saved.asb.case.resident == resident
    # someone else's name is refused
    error = refused(PermissionDenied, actor=resident.user)
    assert "only as yourself" in error.message


# --- further reports ---------------------------------------------------------------------


def test_a_further_report_joins_the_open_case_without_a_new_case():
    # given: a case about drugs in the block, and a neighbour in the same block
    asb = make.reported_case()
    neighbour = make.resident_in_block(asb.block)
    cases = Case.objects.count()

    # when: the neighbour reports it too, with squatters this time
    saved = report(reporter=neighbour, join=asb, behaviours=["drugs", "squatting"])

    # then: no new case (NM01 counts cases), two reports on the one case
    assert Case.objects.count() == cases
    assert saved.asb_id == asb.pk
    assert asb.reports.count() == 2
    asb.refresh_from_db()
    assert asb.behaviours == ["drugs", "squatting"]
    joined = Event.objects.get(timeline=asb.case.timeline, kind="asb.report_joined")
    assert joined.visibility == Visibility.STAFF
    assert neighbour.full_name in joined.summary
    # and the neighbour is told the case reference and the officer, by name only of the officer
    message = OutboundMessage.objects.get(resident=neighbour)
    assert asb.case.reference in message.subject
    assert f"The officer dealing with it is {asb.officer.get_full_name()}." in message.body
    assert asb.case.resident.full_name not in message.body
    # and the neighbour is in the case as a reporter
    assert asb.parties.filter(resident=neighbour, role="reporter").exists()


def test_a_further_reporter_is_never_told_the_first_reporters_address():
    # given: noise reported at the first reporter's own home
    asb = make.reported_case(location="home", behaviours=("noise",))
    neighbour = make.resident_in_block(asb.case.home.block)

    # when: a neighbour's report about the same noise joins it
    report(reporter=neighbour, join=asb, behaviours=["noise"])

    # then: the message describes the case in neutral words, never by its title or address
    message = OutboundMessage.objects.get(resident=neighbour)
    everything = f"{message.subject}\n{message.body}\n{message.body_html}"
    assert asb.case.home.address_line_1 not in everything
    assert asb.case.title not in everything
    assert "Your report of anti-social behaviour" in everything


def test_the_third_report_in_six_months_flags_the_case_review_threshold():
    asb = make.reported_case()
    with time_machine.travel(REPORTED + timedelta(days=30), tick=False):
        report(reporter=make.resident_in_block(asb.block), join=asb)
    assert "asb.case_review_threshold_met" not in make.kinds(asb)

    with time_machine.travel(REPORTED + timedelta(days=60), tick=False):
        report(reporter=make.resident_in_block(asb.block), join=asb)

    flagged = Event.objects.get(timeline=asb.case.timeline, kind="asb.case_review_threshold_met")
    assert flagged.data == {"reports": 3, "months": 6}
    assert flagged.visibility == Visibility.STAFF


def test_a_report_on_a_case_closed_within_the_window_reopens_it():
    asb = make.closed_case()

    with time_machine.travel(REPORTED + timedelta(days=30), tick=False):
        saved = report(reporter=asb.case.resident, join=asb)

    asb.refresh_from_db()
    assert (asb.status, asb.reopened_count, asb.closed_at) == ("open", 1, None)
    assert saved.asb_id == asb.pk
    assert make.kinds(asb).count("asb.reopened") == 1
    assert make.promises(asb)[_common.FIRST_CONTACT] == ["cancelled", "open"]


def test_a_report_on_a_case_closed_too_long_ago_is_refused():
    asb = make.closed_case()

    with time_machine.travel(REPORTED + timedelta(days=91), tick=False):
        error = refused(Conflict, reporter=asb.case.resident, join=asb)

    assert error.field == "join"
    assert "report it as a new case" in error.message


def test_staff_without_the_asb_role_cannot_join_reports_to_cases():
    asb = make.reported_case()

    error = refused(PermissionDenied, actor=make.planner(), join=asb)

    assert "ASB officers" in error.message


def test_a_resident_may_add_a_report_only_to_their_own_case():
    asb = make.reported_case()
    stranger = resident_with_login()

    refused(PermissionDenied, actor=stranger.user, reporter=stranger, join=asb)


def test_a_further_report_by_someone_not_a_resident_writes_to_no_one():
    asb = make.reported_case()
    sent = OutboundMessage.objects.count()

    report(reporter=None, reporter_name="A passer-by", block=asb.block, join=asb)

    assert OutboundMessage.objects.count() == sent
    assert asb.reports.count() == 2
