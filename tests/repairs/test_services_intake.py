"""Reporting a repair: the mandatory vulnerability question, a home or a communal area, the
catalogue's priority and its honest promise, photos, duplicates joined to the open job, and a
recall reopening the finished job under the same reference."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.attachments import Photo
from homecase.records.models import Attachment, Channel, Visibility
from homecase.repairs.models import Repair
from homecase.repairs.services import _common
from homecase.repairs.services.intake import repair_report
from tests.factories import HomeFactory, ResidentFactory, resident_with_login
from tests.repairs import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(MONDAY, tick=False):
        yield


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def kinds(repair: Repair) -> list[str]:
    return list(repair.case.timeline.events.order_by("sequence").values_list("kind", flat=True))


def refused(error_type, **kwargs):
    """Report expecting a refusal; return the error and check nothing was written."""
    before = make.written()
    with pytest.raises(error_type) as error:
        report(**kwargs)
    assert make.written() == before
    return error.value


def report(**kwargs) -> Repair:
    if "home" not in kwargs and "communal_area" not in kwargs:
        kwargs.setdefault("resident", ResidentFactory())
    kwargs.setdefault("actor", make.contact_agent())
    kwargs.setdefault("channel", Channel.PHONE)
    kwargs.setdefault("category", "leak")
    kwargs.setdefault("description", "Water coming through the ceiling.")
    kwargs.setdefault("vulnerable", False)
    return repair_report(**kwargs)


def png(size: int = 8) -> bytes:
    out = BytesIO()
    Image.new("RGB", (size, size), "red").save(out, format="PNG")
    return out.getvalue()


def messages(repair: Repair) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(case=repair.case).order_by("pk"))


def test_a_responsive_repair_gets_one_reference_and_a_completion_date():
    # when: an urgent leak is reported by phone on Monday 2 September 2024
    repair = report()

    # then: one job, its catalogue priority, and a completion promise 5 working days on
    assert repair.case.reference.startswith("R-2024-")
    assert (repair.status, repair.priority, repair.trade) == ("reported", "urgent", "plumbing")
    assert local(repair.target_due_at) == "2024-09-09 23:59"
    assert make.promises(repair) == {_common.COMPLETE: ["open"]}
    assert repair.next_due_at == repair.target_due_at
    # and the resident is told the job number, what it is for and the date
    [message] = messages(repair)
    assert repair.case.reference in message.subject
    assert "Water leak" in message.body
    assert "We will complete the repair by 9 September 2024." in message.body


def test_an_emergency_is_promised_within_hours():
    repair = report(category="uncontained_leak", description="Pipe burst, cannot stop it.")

    assert repair.is_emergency
    assert local(repair.target_due_at) == "2024-09-03 10:00"


def test_the_vulnerability_question_must_be_answered():
    error = refused(InvalidInput, vulnerable=None)

    assert error.field == "vulnerable"
    assert "disability or vulnerability" in error.message


def test_a_yes_to_the_vulnerability_question_needs_the_details():
    error = refused(InvalidInput, vulnerable=True, vulnerability_details="  ")

    assert error.field == "vulnerability_details"


def test_the_vulnerability_answer_is_recorded_for_staff_only():
    repair = report(
        vulnerable=True, vulnerability_details="Uses a wheelchair; needs time at the door"
    )

    assert repair.vulnerability_flag
    assert repair.vulnerability_answer == "Uses a wheelchair; needs time at the door"
    asked = repair.case.timeline.events.get(kind="repair.vulnerability_asked")
    assert asked.visibility == Visibility.STAFF
    assert "wheelchair" in asked.summary
    assert "wheelchair" not in messages(repair)[0].body


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("category", {"category": "teleporter"}),
        ("description", {"description": "   "}),
        ("channel", {"channel": "pigeon"}),
        ("channel", {"channel": Channel.SYSTEM}),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(field, kwargs):
    assert refused(InvalidInput, **kwargs).field == field


def test_a_home_and_a_communal_area_together_are_refused():
    area = make.communal_area()
    resident = ResidentFactory()

    error = refused(InvalidInput, resident=resident, home=resident.home, communal_area=area)

    assert error.field == "communal_area"


def test_a_resident_cannot_report_for_someone_elses_home():
    error = refused(InvalidInput, resident=ResidentFactory(), home=HomeFactory())

    assert error.field == "home"


def test_a_communal_repair_is_located_on_the_communal_area():
    area = make.communal_area()

    repair = report(category="communal_lighting", communal_area=area, resident=None)

    assert repair.location == "communal"
    assert repair.case.communal_area == area
    assert repair.case.home is None
    assert repair.safety


def test_a_specialist_job_gets_no_completion_date_but_who_has_it_and_an_update_date():
    # when: the door entry system (a specialist system, no responsive timescale) is reported
    repair = make.communal_repair()

    # then: no completion date, a named responsible party, an update and an interim promise
    assert repair.route == "specialist"
    assert repair.target_due_at is None
    assert repair.responsible == "Our door entry specialist contractor"
    assert make.promises(repair) == {_common.UPDATE: ["open"], _common.INTERIM: ["open"]}
    [message] = messages(repair)
    assert "cannot give you a completion date" in message.body
    assert "Our door entry specialist contractor has the job" in message.body
    assert "We will update you by 16 September 2024" in message.body
    assert "days" not in message.body.split("update you by")[0]


def test_a_safety_job_owes_interim_measures_within_24_hours():
    repair = report(category="lock", description="Front door lock is broken; cannot lock it.")

    [interim] = _common.unkept(repair, _common.INTERIM)
    assert local(interim.due_at) == "2024-09-03 10:00"
    assert repair.next_due_at == interim.due_at  # sooner than the 5-day completion


def test_photos_are_stored_with_the_report():
    repair = report(photos=[Photo("ceiling.png", png())])

    [attachment] = Attachment.objects.filter(case=repair.case)
    assert attachment.original_name == "ceiling.png"
    assert "attachment.added" in kinds(repair)


def test_one_bad_photo_refuses_the_whole_report():
    error = refused(
        InvalidInput, photos=[Photo("ceiling.png", png()), Photo("notes.jpg", b"not an image")]
    )

    assert error.field == "photos"
    assert not Attachment.objects.exists()


def test_a_backdated_report_needs_a_reason():
    error = refused(InvalidInput, received_at=MONDAY - timedelta(days=2))

    assert error.field == "backdate_reason"


def test_a_backdated_report_runs_its_clock_from_when_it_was_reported():
    repair = report(
        received_at=datetime(2024, 8, 30, 9, tzinfo=LONDON), backdate_reason="Left on voicemail"
    )

    assert local(repair.target_due_at) == "2024-09-06 23:59"


def test_a_duplicate_is_joined_to_the_open_job():
    # given: an open leak job on a home
    first = make.reported_repair()
    neighbour_call = ResidentFactory(home=first.case.home)

    # when: another member of the household reports it and the agent joins it
    joined = report(resident=neighbour_call, description="Still dripping.", join_to=first)

    # then: no new job; the report is on the open job's timeline
    assert joined.pk == first.pk
    assert Repair.objects.count() == 1
    event = first.case.timeline.events.get(kind="repair.report_joined")
    assert "Still dripping." in event.summary
    assert event.visibility == Visibility.RESIDENT


def test_a_report_cannot_be_joined_to_a_job_on_another_home():
    other = make.reported_repair()

    error = refused(InvalidInput, join_to=other)

    assert error.field == "join_to"


def test_a_report_cannot_be_joined_to_a_cancelled_job():
    first = make.reported_repair()
    from homecase.repairs.services.triage import repair_cancel

    repair_cancel(repair=first, actor=make.planner(), reason="Raised in error")

    error = refused(Conflict, resident=first.case.resident, join_to=first)

    assert error.field == "join_to"


def completed_on(day: datetime, *, closed: bool = False, **kwargs) -> Repair:
    """A leak job reported a week before `day` and completed on a visit that day (confirmed
    and closed too if `closed`), made through the services at that time."""
    with time_machine.travel(day - timedelta(days=7), tick=False):
        repair = make.triaged_repair(**kwargs)
    with time_machine.travel(day, tick=False):
        if closed:
            return make.closed_repair(repair=repair)
        return make.completed_repair(repair=repair)


def test_the_same_fault_within_30_days_of_completion_reopens_the_same_job():
    # given: a leak job completed on 20 August 2024
    first = completed_on(datetime(2024, 8, 20, 15, tzinfo=LONDON))
    assert first.status == "completed"

    # when: the same fault is reported on the same home on 2 September
    again = report(resident=first.case.resident, description="The leak is back.")

    # then: the same job and reference, reopened with a new completion promise
    assert again.pk == first.pk
    assert Repair.objects.count() == 1
    assert (again.status, again.recalls, again.completed_at) == ("in_progress", 1, None)
    assert local(again.target_due_at) == "2024-09-09 23:59"
    assert make.promises(again)[_common.COMPLETE][-1] == "open"
    assert "repair.recalled" in kinds(again)
    assert "reopened" in messages(again)[-1].subject


def test_a_closed_job_is_reopened_on_recall_too():
    first = completed_on(datetime(2024, 8, 20, 15, tzinfo=LONDON), closed=True)
    assert first.status == "closed"

    again = report(resident=first.case.resident, description="Dripping again.")

    assert (again.pk, again.status, again.closed_at) == (first.pk, "in_progress", None)


def test_the_same_fault_after_the_recall_window_is_a_new_job():
    first = completed_on(datetime(2024, 7, 10, 15, tzinfo=LONDON), closed=True)

    again = report(resident=first.case.resident, description="A new leak.")

    assert again.pk != first.pk
    assert again.case.reference != first.case.reference


def test_a_different_fault_on_the_same_home_is_a_new_job():
    first = completed_on(datetime(2024, 8, 30, 15, tzinfo=LONDON))

    other = report(resident=first.case.resident, category="toilet", description="Won't flush.")

    assert other.pk != first.pk


def test_a_resident_without_email_or_phone_gets_a_letter_with_the_job_number():
    resident = ResidentFactory(email="", phone="")

    repair = report(resident=resident)

    [letter] = messages(repair)
    assert letter.channel == "letter"
    assert repair.case.reference in letter.body_html


def test_a_damp_and_mould_report_starts_the_awaabs_law_clock():
    # Awaab's Law applies to reports from 27 October 2025
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False):
        repair = report(category="damp_mould", description="Black mould on the bedroom wall.")

    assert repair.hazard == "damp_mould"
    assert repair.awaab_hazard.aware_at == repair.case.opened_at
    assert _common.AWAAB_INVESTIGATE in make.promises(repair)
    assert repair.next_due_at is not None


def test_joining_or_recalling_never_opens_a_second_case():
    first = make.reported_repair()
    report(resident=first.case.resident, description="Again.", join_to=first)
    report(resident=first.case.resident, description="And again.", join_to=first)

    assert Repair.objects.count() == 1
    assert first.case.timeline.events.filter(kind="repair.report_joined").count() == 2


def test_a_resident_reports_in_the_portal_for_their_own_home():
    resident = resident_with_login()

    repair = report(resident=resident, actor=resident.user, channel=Channel.PORTAL)

    assert repair.case.resident == resident
    assert repair.reported_channel == "portal"


def test_a_resident_cannot_report_in_someone_elses_name():
    signed_in = resident_with_login()

    refused(PermissionDenied, resident=ResidentFactory(), actor=signed_in.user)


def test_a_resident_reports_only_the_shared_areas_of_their_own_block():
    resident = resident_with_login()
    elsewhere = make.communal_area()
    own = make.communal_area(block=resident.home.block, name="Bin store", kind="bin_store")

    error = refused(InvalidInput, resident=resident, actor=resident.user, communal_area=elsewhere)
    repair = report(
        resident=resident,
        actor=resident.user,
        channel=Channel.PORTAL,
        category="communal_cleaning",
        communal_area=own,
    )

    assert error.field == "communal_area"
    assert repair.case.communal_area == own
