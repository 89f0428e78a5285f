"""The resident's repair pages through the Django test client: reporting a repair (what and
where, "is this the same problem?", the details with photos and the vulnerability question),
"Your repairs", one repair, chasing, offering access and confirming completion; who may see
what."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from homecase.housing.services import representative_add
from homecase.records.models import Attachment, Channel, Deadline
from homecase.repairs.models import Chase, Repair, RepairStatus, ResidentVerdict
from homecase.repairs.services._common import COMPLETE
from tests.factories import UserFactory, resident_with_login
from tests.repairs import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SIGN_IN = reverse("portal:sign-in")
LIST = reverse("portal:portal-repairs:repairs")
REPORT = reverse("portal:portal-repairs:report")
SAME = reverse("portal:portal-repairs:report-same")
DETAILS = reverse("portal:portal-repairs:report-details")
VULNERABLE_REQUIRED = (
    "Select yes if anyone in your home has a disability or vulnerability we should know about"
)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_1_june_2026():
    with time_machine.travel(at("2026-06-01"), tick=False):
        yield


@pytest.fixture
def resident():
    return resident_with_login(first_name="Amara", last_name="Okafor")


def url(name: str, repair: Repair, **kwargs) -> str:
    return reverse(
        f"portal:portal-repairs:{name}", kwargs={"reference": repair.case.reference, **kwargs}
    )


def html(response) -> str:
    return response.content.decode()


def png(name: str = "ceiling.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def details(**overrides) -> dict:
    return {
        "description": "Water is coming through the kitchen ceiling.",
        "access_notes": "Any weekday morning.",
        "vulnerable": "no",
        "vulnerability_details": "",
        **overrides,
    }


def act_for(resident, user, **kwargs):
    rep = representative_add(
        resident=resident,
        actor=None,
        name="Grace Okafor",
        relationship="family",
        consent_given_on=date(2026, 5, 1),
        consent_method="In writing",
        **kwargs,
    )
    rep.user = user
    rep.save(update_fields=["user"])
    return rep


def complete_by(repair: Repair) -> str:
    due = Deadline.objects.get(case=repair.case, duty=COMPLETE, status="open").due_at
    return f"We will finish this repair by <strong>{due.astimezone(LONDON):%-d %B %Y}</strong>"


# Signing in and who may see what


@pytest.mark.parametrize("page", [LIST, REPORT, DETAILS])
def test_the_repair_pages_need_signing_in(client, page):
    # when
    response = client.get(page)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={page}"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("other_resident", 404),
        ("staff", 404),
        ("contractor", 404),
        ("representative", 200),
        ("representative_of_other_cases", 404),
    ],
)
def test_a_repair_is_seen_only_by_its_resident_and_their_representative(
    client, resident, who, expected
):
    # given
    repair = factories.reported_repair(resident=resident)
    users = {
        "owner": resident.user,
        "other_resident": resident_with_login().user,
        "staff": factories.planner(),
        "contractor": factories.contractor_user(),
        "representative": UserFactory(),
        "representative_of_other_cases": UserFactory(),
    }
    act_for(resident, users["representative"])
    act_for(resident, users["representative_of_other_cases"], case_references=["R-2026-999999"])
    client.force_login(users[who])

    # when
    response = client.get(url("detail", repair))

    # then
    assert response.status_code == expected
    if expected == 404:
        assert "Page not found" in html(response)
        assert repair.case.reference not in html(response)


def test_a_repair_that_does_not_exist_is_the_same_404(client, resident):
    # given
    client.force_login(resident.user)

    # when
    response = client.get(reverse("portal:portal-repairs:detail", args=["R-2026-000999"]))

    # then
    assert response.status_code == 404


def test_someone_who_is_not_a_resident_is_told_so(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(LIST)

    # then
    assert response.status_code == 403


# Your repairs


def test_your_repairs_lists_your_jobs_with_the_promise_and_not_other_peoples(client, resident):
    # given
    mine = factories.reported_repair(resident=resident)
    theirs = factories.reported_repair()
    client.force_login(resident.user)

    # when
    response = client.get(LIST)

    # then
    page = html(response)
    assert response.status_code == 200
    assert mine.case.reference in page
    assert complete_by(mine) in page
    assert "Reported, not yet triaged" in page
    assert theirs.case.reference not in page


def test_a_specialist_job_says_plainly_who_has_it_and_when_we_will_update(client, resident):
    # given: a door entry fault has no responsive timescale
    area = factories.communal_area(block=resident.home.block)
    repair = factories.communal_repair(communal_area=area, resident=resident)
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", repair)))

    # then
    assert "No date yet:" in page
    assert "We will update you by" in page
    assert "We will finish this repair by" not in page


def test_a_representative_sees_the_repairs_of_the_people_they_act_for(client, resident):
    # given
    repair = factories.reported_repair(resident=resident)
    helper = UserFactory()
    act_for(resident, helper)
    client.force_login(helper)

    # when
    response = client.get(LIST)

    # then
    assert response.status_code == 200
    assert "Repairs of people you act for" in html(response)
    assert repair.case.reference in html(response)


# Reporting a repair


def test_reporting_a_repair_in_three_steps_gives_one_reference_and_the_promise(client, resident):
    # given
    client.force_login(resident.user)

    # when: what and where
    first = client.post(REPORT, {"category": "leak", "where": "home"})

    # then: no open job there, so straight to the details
    assert first.status_code == 302
    assert first["Location"] == f"{DETAILS}?category=leak&where=home"

    # when: the details, with a photo
    done = client.post(first["Location"], {**details(), "photos": [png()]})

    # then
    repair = Repair.objects.get()
    assert done.status_code == 302
    assert done["Location"] == url("reported", repair)
    assert repair.case.resident == resident
    assert repair.case.home == resident.home
    assert repair.reported_channel == Channel.PORTAL
    assert repair.access_notes == "Any weekday morning."
    assert repair.vulnerability_flag is False
    photo = Attachment.objects.get(case=repair.case)
    assert photo.original_name == "ceiling.png"
    confirmation = html(client.get(done["Location"]))
    assert "Repair reported" in confirmation
    assert repair.case.reference in confirmation
    assert complete_by(repair) in confirmation


def test_a_vulnerability_is_recorded_with_what_the_resident_said(client, resident):
    # given
    client.force_login(resident.user)
    answer = "My son uses a wheelchair and cannot manage the stairs if the hall floods."

    # when
    client.post(
        f"{DETAILS}?category=leak&where=home",
        details(vulnerable="yes", vulnerability_details=answer),
    )

    # then
    repair = Repair.objects.get()
    assert repair.vulnerability_flag is True
    assert answer in repair.vulnerability_answer


def test_the_vulnerability_question_must_be_answered(client, resident):
    # given
    client.force_login(resident.user)
    before = factories.written()

    # when
    response = client.post(
        f"{DETAILS}?category=leak&where=home", details(vulnerable="", photos=[png()])
    )

    # then
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert VULNERABLE_REQUIRED in page
    assert page.count(VULNERABLE_REQUIRED) == 2  # the summary and the question itself
    assert "Choose your photos again before you send the report." in page
    assert factories.written() == before


def test_yes_to_the_vulnerability_question_needs_the_details(client, resident):
    # given
    client.force_login(resident.user)

    # when
    response = client.post(f"{DETAILS}?category=leak&where=home", details(vulnerable="yes"))

    # then
    assert "Tell us about the disability or vulnerability" in html(response)
    assert not Repair.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(client, resident):
    # given
    client.force_login(resident.user)
    before = factories.written()
    text = SimpleUploadedFile("notes.txt", b"not a picture", content_type="text/plain")

    # when
    response = client.post(
        f"{DETAILS}?category=leak&where=home", {**details(), "photos": [png(), text]}
    )

    # then
    page = html(response)
    assert response.status_code == 200
    assert "notes.txt is not a photo: upload a JPG, PNG, WEBP or GIF image." in page
    assert 'id="id_photos-error"' in page
    assert factories.written() == before
    assert not Attachment.objects.exists()


def test_what_and_where_must_be_chosen(client, resident):
    # given
    client.force_login(resident.user)

    # when
    response = client.post(REPORT, {})

    # then
    page = html(response)
    assert "Choose what needs repairing" in page
    assert "Choose where the problem is" in page


def test_a_communal_area_of_your_block_can_be_chosen(client, resident):
    # given
    area = factories.communal_area(block=resident.home.block, name="Main entrance door entry")
    elsewhere = factories.communal_area(name="Another block's lift")
    client.force_login(resident.user)

    # when
    form = html(client.get(REPORT))
    client.post(
        f"{DETAILS}?category=communal_door&where=communal-{area.pk}",
        details(description="The entrance door will not shut."),
    )

    # then
    assert "Main entrance door entry (shared)" in form
    assert "Another block&#x27;s lift" not in form
    assert elsewhere.pk != area.pk
    repair = Repair.objects.get()
    assert repair.case.communal_area == area
    assert repair.location == "communal"


def test_a_communal_area_of_another_block_cannot_be_chosen(client, resident):
    # given
    elsewhere = factories.communal_area()
    client.force_login(resident.user)

    # when
    response = client.post(REPORT, {"category": "lift", "where": f"communal-{elsewhere.pk}"})

    # then
    assert "Choose where the problem is from the list" in html(response)


def test_the_same_problem_is_added_to_the_open_job_under_its_reference(client, resident):
    # given
    open_job = factories.reported_repair(resident=resident, category="leak")
    client.force_login(resident.user)

    # when: what and where
    first = client.post(REPORT, {"category": "leak", "where": "home"})

    # then: asked whether it is the same problem
    assert first["Location"] == f"{SAME}?category=leak&where=home"
    question = html(client.get(first["Location"]))
    assert "Is this the same problem?" in question
    assert open_job.case.reference in question

    # when: it is the same problem
    second = client.post(first["Location"], {"same": "same"})
    assert second["Location"] == (
        f"{DETAILS}?category=leak&where=home&join={open_job.case.reference}"
    )
    done = client.post(second["Location"], details(description="It is dripping faster now."))

    # then: no new job, the report is on the open one
    assert Repair.objects.count() == 1
    assert done["Location"] == url("reported", open_job) + "?added=1"
    assert "Added to your repair" in html(client.get(done["Location"]))


def test_a_different_problem_gets_its_own_reference(client, resident):
    # given
    open_job = factories.reported_repair(resident=resident, category="leak")
    client.force_login(resident.user)

    # when
    second = client.post(f"{SAME}?category=leak&where=home", {"same": "new"})
    done = client.post(second["Location"], details(description="A different leak, by the bath."))

    # then
    assert second["Location"] == f"{DETAILS}?category=leak&where=home"
    new = Repair.objects.exclude(pk=open_job.pk).get()
    assert done["Location"] == url("reported", new)


def test_the_same_problem_question_needs_an_answer(client, resident):
    # given
    factories.reported_repair(resident=resident, category="leak")
    client.force_login(resident.user)

    # when
    response = client.post(f"{SAME}?category=leak&where=home", {})

    # then
    assert "Choose whether this is the same problem" in html(response)


# One repair and its buttons


def test_the_repair_page_shows_the_promise_photos_and_timeline(client, resident):
    # given
    repair = factories.reported_repair(resident=resident)
    client.force_login(resident.user)
    client.post(f"{DETAILS}?category=roof&where=home", {**details(), "photos": [png()]})
    with_photo = Repair.objects.get(category="roof")

    # when
    page = html(client.get(url("detail", with_photo)))
    photo = Attachment.objects.get(case=with_photo.case)
    image = client.get(url("photo", with_photo, attachment_id=photo.pk))
    not_yours = client.get(url("photo", repair, attachment_id=photo.pk))

    # then
    assert with_photo.case.reference in page
    assert complete_by(with_photo) in page
    assert "Chase this repair" in page
    assert "I can give access now" not in page
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert not_yours.status_code == 404


def test_chasing_a_repair_records_the_chase(client, resident):
    # given
    repair = factories.reported_repair(resident=resident)
    client.force_login(resident.user)

    # when
    response = client.post(
        url("chase", repair), {"summary": "When will someone come?"}, follow=True
    )

    # then
    chase = Chase.objects.get(repair=repair)
    assert chase.summary == "When will someone come?"
    assert chase.channel == Channel.PORTAL
    reply_by = chase.reply_deadline.due_at.astimezone(LONDON)
    assert f"We will reply by {reply_by:%-d %B %Y}." in html(response)


def test_an_empty_chase_is_refused(client, resident):
    # given
    repair = factories.reported_repair(resident=resident)
    client.force_login(resident.user)

    # when
    response = client.post(url("chase", repair), {"summary": ""})

    # then
    assert response.status_code == 200
    assert "Tell us what you would like to know about the repair" in html(response)
    assert not Chase.objects.exists()


def test_offering_access_restarts_a_paused_repair(client, resident):
    # given: no access on the visit paused the clock
    order = factories.issued_work_order(resident=resident)
    repair = factories.visited_repair(outcome="no_access", work_order=order)
    assert repair.status == RepairStatus.PAUSED
    client.force_login(resident.user)
    page = html(client.get(url("detail", repair)))

    # when
    response = client.post(url("access", repair), {"when": "Any time on Thursday"})

    # then
    assert "I can give access now" in page
    assert response.status_code == 302
    repair.refresh_from_db()
    assert repair.status in {RepairStatus.IN_PROGRESS, RepairStatus.TRIAGED}


def test_confirming_completion_records_the_answer_and_satisfaction(client, resident):
    # given
    order = factories.issued_work_order(resident=resident)
    repair = factories.completed_repair(work_order=order)
    client.force_login(resident.user)
    page = html(client.get(url("detail", repair)))

    # when
    response = client.post(url("completion", repair), {"confirmed": "yes", "satisfaction": "4"})

    # then
    assert "Is the repair done?" in page
    assert response.status_code == 302
    repair.refresh_from_db()
    assert repair.resident_verdict == ResidentVerdict.CONFIRMED
    assert repair.satisfaction == 4


def test_disputing_completion_needs_to_say_what_is_wrong(client, resident):
    # given
    order = factories.issued_work_order(resident=resident)
    repair = factories.completed_repair(work_order=order)
    client.force_login(resident.user)

    # when
    refused = client.post(url("completion", repair), {"confirmed": "no"})
    accepted = client.post(
        url("completion", repair), {"confirmed": "no", "comment": "Still dripping."}
    )

    # then
    assert "Tell us what is still wrong" in html(refused)
    assert accepted.status_code == 302
    repair.refresh_from_db()
    assert repair.resident_verdict == ResidentVerdict.DISPUTED


# Query counts and pages


def queries_for(client, page: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_your_repairs_takes_the_same_queries_for_one_repair_or_many(client, resident):
    # given
    client.force_login(resident.user)
    factories.reported_repair(resident=resident)
    one = queries_for(client, LIST)
    for category in ("roof", "toilet", "door"):
        factories.reported_repair(resident=resident, category=category)

    # when
    many = queries_for(client, LIST)

    # then
    assert many == one


def test_older_repairs_are_on_the_next_page(client, resident):
    # given: 21 repairs, 20 to a page
    for _ in range(21):
        factories.reported_repair(resident=resident, category="toilet")
    oldest = Repair.objects.order_by("pk").first()
    client.force_login(resident.user)

    # when
    first = html(client.get(LIST))
    second = html(client.get(f"{LIST}?page=2"))

    # then
    assert "Older repairs" in first
    assert f">{oldest.case.reference}<" not in first
    assert f">{oldest.case.reference}<" in second
    assert "Newer repairs" in second


def test_the_next_appointment_is_shown_in_words(client, resident):
    # given
    order = factories.issued_work_order(resident=resident)
    factories.booked_appointment(work_order=order, starts_at=at("2026-06-03", 8))
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", order.repair)))

    # then
    assert (
        "Your next appointment: <strong>Wednesday 3 June 2026, between 08:00 and 12:00</strong>"
        in page
    )


def test_too_many_photos_are_refused(client, resident):
    # given
    client.force_login(resident.user)

    # when
    response = client.post(
        f"{DETAILS}?category=leak&where=home",
        {**details(), "photos": [png(f"p{n}.png") for n in range(6)]},
    )

    # then
    assert "Upload at most 5 photos" in html(response)
    assert not Repair.objects.exists()


def test_every_promise_we_gave_is_listed_including_awaabs_law_clocks(client, resident):
    # given
    repair = factories.reported_repair(resident=resident, category="damp_mould")
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", repair)))

    # then
    assert "What we promised" in page
    assert "Investigate the hazard" in page
    assert "Complete the repair" in page


def test_a_job_handed_to_a_programme_says_who_has_it_and_when_it_is_planned(client, resident):
    # given
    from homecase.repairs.services.triage import repair_hand_to_programme

    repair = factories.triaged_repair(resident=resident, category="kitchen")
    repair_hand_to_programme(
        repair=repair,
        actor=factories.planner(),
        programme="kitchen replacement programme",
        planned_for=date(2026, 9, 1),
        reason="The units are beyond repair; the block's kitchens are due for replacement.",
    )
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", repair)))

    # then
    assert "No date yet:" in page
    assert "It is planned for September 2026 in our kitchen replacement programme." in page
    assert "We will finish this repair by" not in page


def test_a_representative_can_chase_for_the_resident(client, resident):
    # given
    repair = factories.reported_repair(resident=resident)
    helper = UserFactory()
    act_for(resident, helper)
    client.force_login(helper)

    # when
    response = client.post(url("chase", repair), {"summary": "Chasing for my mother."})

    # then
    assert response.status_code == 302
    assert Chase.objects.get(repair=repair).summary == "Chasing for my mother."


def test_a_closed_repair_cannot_be_chased_and_has_no_buttons(client, resident):
    # given
    order = factories.issued_work_order(resident=resident)
    repair = factories.closed_repair(work_order=order)
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", repair)))

    # then
    assert repair.status == RepairStatus.CLOSED
    assert "Closed: the work is done." in page
    assert "Chase this repair" not in page
    assert "Is the repair done?" not in page
