"""Evidence and the case's details: incident diary entries by residents (never dated in the
future, on the case they were joined to), officer notes with photos, people added to the case,
the crime reference, the related repair, the named officer and a hate incident."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from homecase.asb.models import DiaryEntry, EntrySource
from homecase.asb.services.closure import asb_join
from homecase.asb.services.evidence import (
    crime_reference_record,
    diary_add,
    hate_incident_record,
    officer_assign,
    officer_note_add,
    party_add,
    repair_link,
)
from homecase.asb.services.intake import PersonInput
from homecase.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.attachments import Photo
from homecase.records.models import Event, Visibility
from homecase.repairs.services.triage import interim_measures_record
from tests.asb import factories as make
from tests.factories import ResidentFactory, resident_with_login
from tests.repairs import factories as repairs

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)
SUNDAY_NIGHT = datetime(2024, 9, 1, 23, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def photo(name: str = "stairs.png") -> Photo:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return Photo(name=name, content=buffer.getvalue())


def case_of(resident):
    return make.reported_case(reporter=resident)


def event(asb, kind: str) -> Event:
    return Event.objects.filter(timeline_id=asb.case.timeline_id, kind=kind).latest("sequence")


def test_a_reporter_adds_an_incident_to_their_diary_with_a_photo():
    # given
    reporter = resident_with_login()
    asb = case_of(reporter)

    # when
    entry = diary_add(
        asb=asb,
        actor=reporter.user,
        resident=reporter,
        happened_at=SUNDAY_NIGHT,
        what_happened="Three men dealing on the stairs until midnight.",
        photos=[photo()],
    )

    # then
    assert (entry.source, entry.resident, entry.asb) == (EntrySource.RESIDENT, reporter, asb)
    assert entry.happened_at == SUNDAY_NIGHT
    (attachment,) = entry.attachments.all()
    assert attachment.original_name == "stairs.png"
    diary = event(asb, "asb.diary_entry")
    assert diary.visibility == Visibility.RESIDENT
    assert "1 September 2024 at 23:30" in diary.summary


@pytest.mark.parametrize(
    ("happened_at", "what", "field"),
    [
        (MONDAY + timedelta(hours=1), "It will happen tonight.", "happened_at"),
        (SUNDAY_NIGHT, "   ", "what_happened"),
        (datetime(2024, 9, 1, 23, 30), "A naive time.", "happened_at"),  # noqa: DTZ001
    ],
)
def test_a_diary_entry_in_the_future_or_empty_is_refused_and_nothing_written(
    happened_at, what, field
):
    reporter = resident_with_login()
    asb = case_of(reporter)
    before = make.written()

    with pytest.raises(InvalidInput) as refused:
        diary_add(
            asb=asb,
            actor=reporter.user,
            resident=reporter,
            happened_at=happened_at,
            what_happened=what,
        )

    assert refused.value.field == field
    assert make.written() == before


def test_a_future_diary_entry_says_why():
    reporter = resident_with_login()
    asb = case_of(reporter)

    with pytest.raises(InvalidInput, match="cannot be in the future"):
        diary_add(
            asb=asb,
            actor=reporter.user,
            resident=reporter,
            happened_at=MONDAY + timedelta(days=1),
            what_happened="Tomorrow",
        )
    assert not DiaryEntry.objects.exists()


def test_a_resident_who_did_not_report_the_case_cannot_add_to_its_diary():
    asb = make.reported_case()
    stranger = resident_with_login()
    before = make.written()

    with pytest.raises(NotFound):
        diary_add(
            asb=asb,
            actor=stranger.user,
            resident=stranger,
            happened_at=SUNDAY_NIGHT,
            what_happened="Noise",
        )
    with pytest.raises(NotFound):  # nor in the reporter's name
        diary_add(
            asb=asb,
            actor=stranger.user,
            resident=asb.case.resident,
            happened_at=SUNDAY_NIGHT,
            what_happened="Noise",
        )
    assert make.written() == before


def test_an_officer_writes_down_a_diary_entry_from_a_call_for_another_resident():
    # given: a neighbour (not the reporter) rings in
    asb = make.reported_case()
    neighbour = ResidentFactory()

    # when
    entry = diary_add(
        asb=asb,
        actor=asb.officer,
        resident=neighbour,
        happened_at=SUNDAY_NIGHT,
        what_happened="Shouting on the landing.",
        channel="phone",
    )

    # then: the reporter never sees another resident's entry on the timeline
    assert entry.resident == neighbour
    assert event(asb, "asb.diary_entry").visibility == Visibility.STAFF


def test_a_contact_agent_takes_down_the_reporters_entry_but_no_one_elses():
    asb = make.reported_case()
    agent = make.contact_agent()

    entry = diary_add(
        asb=asb,
        actor=agent,
        resident=asb.case.resident,
        happened_at=SUNDAY_NIGHT,
        what_happened="Dealing on the stairs again.",
        channel="phone",
    )

    assert (entry.resident, entry.author) == (asb.case.resident, agent)
    with pytest.raises(NotFound):
        diary_add(
            asb=asb,
            actor=agent,
            resident=ResidentFactory(),
            happened_at=SUNDAY_NIGHT,
            what_happened="Not a reporter on this case.",
            channel="phone",
        )


def test_a_diary_entry_on_a_joined_case_goes_on_the_case_it_was_joined_to():
    # given
    reporter = resident_with_login()
    first = make.reported_case()
    second = case_of(reporter)
    asb_join(asb=second, into=first, actor=first.officer, reason="Same dealing on the stairs")

    # when
    entry = diary_add(
        asb=second,
        actor=reporter.user,
        resident=reporter,
        happened_at=SUNDAY_NIGHT,
        what_happened="Still dealing.",
    )

    # then
    assert entry.asb_id == first.pk
    assert event(first, "asb.diary_entry").visibility == Visibility.STAFF


def test_a_closed_case_takes_no_diary_entries():
    reporter = resident_with_login()
    asb = make.closed_case(reporter=reporter)

    with pytest.raises(Conflict):
        diary_add(
            asb=asb,
            actor=reporter.user,
            resident=reporter,
            happened_at=SUNDAY_NIGHT,
            what_happened="Again",
        )


def test_an_officer_note_with_a_photo_stays_with_staff():
    asb = make.reported_case()

    note = officer_note_add(
        asb=asb,
        actor=asb.officer,
        text="Door forced again; needles in the bin store.",
        photos=[photo("door.png")],
    )

    assert note.source == EntrySource.OFFICER
    (attachment,) = note.attachments.all()
    assert attachment.visible_to_resident is False
    assert event(asb, "asb.officer_note").visibility == Visibility.STAFF
    assert event(asb, "attachment.added").visibility == Visibility.STAFF
    with pytest.raises(PermissionDenied):
        officer_note_add(asb=asb, actor=make.planner(), text="Seen")


def test_people_are_added_to_the_case_once_each():
    asb = make.reported_case()
    neighbour = ResidentFactory()

    party = party_add(
        asb=asb,
        actor=asb.officer,
        role="alleged_perpetrator",
        person=PersonInput(resident=neighbour, notes="Flat 12"),
    )

    assert (party.name, party.resident) == (neighbour.full_name, neighbour)
    assert event(asb, "asb.party_added").visibility == Visibility.STAFF
    with pytest.raises(Conflict):
        party_add(
            asb=asb,
            actor=asb.officer,
            role="alleged_perpetrator",
            person=PersonInput(resident=neighbour),
        )
    with pytest.raises(InvalidInput) as no_name:
        party_add(asb=asb, actor=asb.officer, role="witness", person=PersonInput())
    assert no_name.value.field == "name"


def test_a_crime_reference_is_recorded_when_there_is_one():
    asb = make.reported_case()
    assert asb.crime_reference == ""

    asb = crime_reference_record(asb=asb, actor=asb.officer, crime_reference=" CAD 1234/24 ")

    assert asb.crime_reference == "CAD 1234/24"
    assert event(asb, "asb.crime_reference_recorded").data == {"old": "", "new": "CAD 1234/24"}
    with pytest.raises(InvalidInput) as empty:
        crime_reference_record(asb=asb, actor=asb.officer, crime_reference="")
    assert empty.value.field == "crime_reference"


def test_linking_the_door_repair_shows_its_interim_measures_without_revealing_the_case():
    # given
    asb = make.reported_case()
    door = repairs.communal_repair()
    interim_measures_record(
        repair=door, actor=repairs.planner(), measures="Security guard on the door at night"
    )

    # when
    asb = repair_link(asb=asb, actor=asb.officer, repair=door)

    # then
    assert asb.related_repair == door
    linked = event(asb, "asb.repair_linked")
    assert "Security guard on the door at night" in linked.summary
    on_repair = Event.objects.filter(timeline_id=door.case.timeline_id).latest("sequence")
    assert (on_repair.summary, on_repair.visibility) == (
        "Linked to a restricted ASB case",
        Visibility.STAFF,
    )
    assert asb.case.reference not in on_repair.summary + str(on_repair.data)
    with pytest.raises(Conflict):
        repair_link(asb=asb, actor=asb.officer, repair=door)


def test_a_new_named_officer_is_told_to_the_reporter():
    asb = make.reported_case()
    other = make.asb_officer(first_name="Priya", last_name="Shah")

    asb = officer_assign(asb=asb, actor=asb.officer, officer=other)

    assert asb.officer == other
    message = OutboundMessage.objects.get(case_id=asb.case_id, template="asb_officer_changed")
    assert "Priya Shah" in message.body
    with pytest.raises(InvalidInput) as refused:
        officer_assign(asb=asb, actor=other, officer=make.contact_agent())
    assert refused.value.field == "officer"


def test_a_hate_incident_needs_a_known_motivation_and_who_perceives_it():
    asb = make.reported_case()
    before = make.written()

    with pytest.raises(InvalidInput) as unknown:
        hate_incident_record(asb=asb, actor=asb.officer, motivations=["age"], perceived_by="x")
    with pytest.raises(InvalidInput) as nobody:
        hate_incident_record(asb=asb, actor=asb.officer, motivations=["race"], perceived_by="")
    assert (unknown.value.field, nobody.value.field) == ("motivations", "perceived_by")
    assert make.written() == before

    asb = hate_incident_record(
        asb=asb, actor=asb.officer, motivations=["race", "religion"], perceived_by="The victim"
    )

    assert (asb.hate_incident, asb.hate_motivations) == (True, ["race", "religion"])
    assert event(asb, "asb.hate_incident_recorded").data["old"]["hate_incident"] is False
