"""The resident's anti-social behaviour pages through the Django test client: reporting (what and
where, "is this about your report?", what happened, with or without a crime reference),
"Your reports", one case and what it shows (never anyone else's name), the diary, asking for a
case review and the satisfaction question; who may see what."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from homecase.asb.models import AsbCase, AsbReport, CaseReview, DiaryEntry, PartyRole
from homecase.asb.services import PersonInput, asb_report, diary_add, officer_note_add
from homecase.asb.services._common import FIRST_CONTACT
from homecase.housing.models import CommunalArea
from homecase.records.attachments import Photo
from homecase.records.models import Attachment, Channel, Deadline
from tests.asb import factories
from tests.factories import resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SIGN_IN = reverse("portal:sign-in")
LIST = reverse("portal:portal-asb:list")
REPORT = reverse("portal:portal-asb:report")
SAME = reverse("portal:portal-asb:report-same")
DETAILS = reverse("portal:portal-asb:report-details")
IN_BLOCK = f"{DETAILS}?behaviours=drugs&where=block"
NO_RISK = {
    "risk_unsafe_at_home": "no",
    "risk_threats_or_violence": "no",
    "risk_repeated": "yes",
    "risk_targeted": "no",
    "risk_health_affected": "yes",
}


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def monday_1_june_2026():
    with time_machine.travel(at("2026-06-01"), tick=False):
        yield


@pytest.fixture
def officer():
    return factories.asb_officer(first_name="Priya", last_name="Shah")


@pytest.fixture
def resident(officer):
    block = factories.resident_in_block().home.block
    return resident_with_login(
        first_name="Amara", last_name="Okafor", home__block=block, home__estate=block.estate
    )


def url(name: str, asb: AsbCase, **kwargs) -> str:
    return reverse(f"portal:portal-asb:{name}", kwargs={"reference": asb.case.reference, **kwargs})


def html(response) -> str:
    return response.content.decode()


def details(**overrides) -> dict:
    return {
        "where_details": "The stairs between the 2nd and 3rd floors",
        "happened_day": "31",
        "happened_month": "5",
        "happened_year": "2026",
        "happened_time": "21:30",
        "description": "Men dealing drugs on the stairs every evening.",
        "affected": "me",
        "affected_name": "",
        "responsible": "",
        "hate": "no",
        "crime_reference": "",
        **NO_RISK,
        **overrides,
    }


def png(name: str = "stairs.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def mine(resident, **kwargs) -> AsbCase:
    """A case the resident reported by phone, about drugs in their block."""
    return factories.reported_case(reporter=resident, **kwargs)


# Signing in and who may see what


@pytest.mark.parametrize("page", [LIST, REPORT, IN_BLOCK])
def test_the_asb_pages_need_signing_in(client, page):
    # when
    response = client.get(page)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SIGN_IN}?next=")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("reporter", 200),
        ("other_resident", 404),
        ("alleged_perpetrator", 404),
        ("asb_officer", 404),
        ("planner", 404),
    ],
)
def test_a_case_is_seen_in_the_portal_only_by_the_resident_who_reported_it(
    client, resident, officer, who, expected
):
    # given: a neighbour with a login named as the person responsible
    neighbour = resident_with_login(first_name="Darren", last_name="Price")
    asb = mine(resident, perpetrators=[PersonInput(resident=neighbour)])
    users = {
        "reporter": resident.user,
        "other_resident": resident_with_login().user,
        "alleged_perpetrator": neighbour.user,
        "asb_officer": officer,
        "planner": factories.planner(),
    }
    client.force_login(users[who])

    # when
    pages = [client.get(url(name, asb)) for name in ("detail", "diary", "review", "reported")]

    # then
    assert [page.status_code for page in pages] == [expected] * 4
    if expected == 404:
        assert "Page not found" in html(pages[0])
        assert asb.case.reference not in html(pages[0])


def test_an_alleged_perpetrator_does_not_see_the_case_in_their_reports(client, resident):
    # given
    neighbour = resident_with_login(first_name="Darren", last_name="Price")
    asb = mine(resident, perpetrators=[PersonInput(resident=neighbour)])
    client.force_login(neighbour.user)

    # when
    page = html(client.get(LIST))

    # then
    assert asb.case.reference not in page
    assert "You have not reported any anti-social behaviour." in page


def test_a_reference_that_does_not_exist_is_the_same_404(client, resident):
    # given
    client.force_login(resident.user)

    # when
    response = client.get(reverse("portal:portal-asb:detail", args=["A-2026-000999"]))

    # then
    assert response.status_code == 404


# Reporting


def test_reporting_in_two_steps_without_a_crime_reference_gives_a_reference_and_an_officer(
    client, resident, officer
):
    # given
    client.force_login(resident.user)

    # when: what and where
    first = client.post(REPORT, {"behaviours": ["drugs", "noise"], "where": "block"})

    # then: no report of theirs about it, so straight to what happened
    assert first.status_code == 302
    assert first["Location"] == f"{DETAILS}?behaviours=drugs&behaviours=noise&where=block"
    form = html(client.get(first["Location"]))
    assert "You do not need one. We will act on your report either way." in form
    assert "Do you feel unsafe in your home because of this?" in form

    # when: what happened, with no crime reference
    done = client.post(first["Location"], details())

    # then
    asb = AsbCase.objects.select_related("case").get()
    assert done.status_code == 302
    assert done["Location"] == url("reported", asb)
    assert asb.case.resident == resident
    assert asb.location == "block"
    assert asb.block == resident.home.block
    assert asb.behaviours == ["drugs", "noise"]
    assert asb.where_details == "The stairs between the 2nd and 3rd floors"
    assert asb.crime_reference == ""
    assert asb.officer == officer
    assert asb.hate_incident is False
    report = AsbReport.objects.get()
    assert report.channel == Channel.PORTAL
    assert report.happened_at == at("2026-05-31", 21).replace(minute=30)
    assessment = asb.risk_assessments.get()
    assert assessment.answers["repeated"] is True
    assert assessment.answers["unsafe_at_home"] is False
    assert not asb.parties.filter(role=PartyRole.ALLEGED_PERPETRATOR).exists()
    first_contact = Deadline.objects.get(case=asb.case, duty=FIRST_CONTACT)
    confirmation = html(client.get(done["Location"]))
    assert "Report sent" in confirmation
    assert asb.case.reference in confirmation
    assert "Your officer is <strong>Priya Shah</strong>" in confirmation
    assert f"by <strong>{first_contact.due_at.astimezone(LONDON):%-d %B %Y}</strong>" in (
        confirmation
    )


def test_a_crime_reference_the_people_responsible_and_a_hate_incident_are_recorded(
    client, resident
):
    # given
    client.force_login(resident.user)

    # when
    client.post(
        f"{DETAILS}?behaviours=harassment&where=home",
        details(
            happened_time="",
            affected="someone_else",
            affected_name="My neighbour at number 12",
            responsible="Two young men in a red car",
            hate="yes",
            hate_motivations=["race", "religion"],
            crime_reference="CAD 1234/01JUN26",
            risk_unsafe_at_home="yes",
        ),
    )

    # then
    asb = AsbCase.objects.get()
    assert asb.location == "home"
    assert asb.crime_reference == "CAD 1234/01JUN26"
    assert asb.hate_incident is True
    assert asb.hate_motivations == ["race", "religion"]
    assert asb.risk_level == "high"
    perpetrator = asb.parties.get(role=PartyRole.ALLEGED_PERPETRATOR)
    assert perpetrator.name == "Not known"
    assert perpetrator.notes == "Two young men in a red car"
    assert asb.parties.get(role=PartyRole.VICTIM).name == "My neighbour at number 12"
    assert not asb.parties.filter(role=PartyRole.VICTIM, resident=resident).exists()
    # no time given: midday, or now if midday is still to come
    assert AsbReport.objects.get().happened_at == at("2026-05-31", 12)


def test_a_report_with_nothing_filled_in_is_refused_with_every_error_and_nothing_written(
    client, resident
):
    # given
    client.force_login(resident.user)
    before = factories.written()

    # when
    response = client.post(IN_BLOCK, {})

    # then
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    for message in (
        "Enter the date it last happened",
        "Describe what happened",
        "Select who is affected",
        "Select yes if you think it happens because of who someone is",
        "Answer: Do you feel unsafe in your home because of this?",
    ):
        assert page.count(message) == 2, message  # the summary and the question itself
    assert 'href="#id_happened_day"' in page
    assert factories.written() == before


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        (
            {"happened_day": "2", "happened_month": "6"},
            "The date cannot be in the future.",
            "happened_day",
        ),
        ({"happened_day": "31", "happened_month": "2"}, "Enter a real date", "happened_day"),
        ({"happened_time": "25:00"}, "Enter the time in hours and minutes", "happened_time"),
        ({"affected": "someone_else"}, "Tell us who is affected", "affected_name"),
        ({"hate": "yes"}, "Select why you think it happens", "hate_motivations"),
    ],
)
def test_a_report_with_a_mistake_is_refused_on_that_question(
    client, resident, overrides, message, field
):
    # given
    client.force_login(resident.user)
    before = factories.written()

    # when
    response = client.post(IN_BLOCK, details(**overrides))

    # then
    page = html(response)
    assert message in page
    assert f'id="id_{field}-error"' in page
    assert factories.written() == before


def test_what_and_where_must_be_chosen_from_the_residents_own_places(client, resident):
    # given: a shared area of their block, and one of another block
    area = CommunalArea.objects.create(
        name="Bin store", kind="bin_store", block=resident.home.block, estate=resident.home.estate
    )
    other = factories.resident_in_block().home.block
    elsewhere = CommunalArea.objects.create(
        name="Far lift", kind="lift", block=other, estate=other.estate
    )
    client.force_login(resident.user)

    # when
    form = html(client.get(REPORT))
    empty = html(client.post(REPORT, {}))
    foreign = html(
        client.post(REPORT, {"behaviours": ["noise"], "where": f"communal-{elsewhere.pk}"})
    )
    chosen = client.post(REPORT, {"behaviours": ["rubbish"], "where": f"communal-{area.pk}"})

    # then
    assert "Bin store (shared area)" in form
    assert "Far lift" not in form
    assert "Select what is happening" in empty
    assert "Select where it is happening" in empty
    assert "Select where it is happening from the list" in foreign
    assert chosen["Location"] == f"{DETAILS}?behaviours=rubbish&where=communal-{area.pk}"


# The same matter again


def test_a_further_report_about_the_residents_own_case_is_added_to_it(client, resident):
    # given
    asb = mine(resident, behaviours=("drugs",))
    client.force_login(resident.user)

    # when: what and where
    first = client.post(REPORT, {"behaviours": ["drugs", "noise"], "where": "block"})

    # then: asked whether it is about that report
    query = "behaviours=drugs&behaviours=noise&where=block"
    assert first["Location"] == f"{SAME}?{query}"
    question = html(client.get(first["Location"]))
    assert f"Is this about your report {asb.case.reference}?" in question

    # when: it is
    second = client.post(first["Location"], {"same": "same"})
    assert second["Location"] == f"{DETAILS}?{query}&join={asb.case.reference}"
    done = client.post(second["Location"], details(description="They were back last night."))

    # then: no new case, the report is on theirs
    assert AsbCase.objects.count() == 1
    assert asb.reports.count() == 2
    assert done["Location"] == url("reported", asb) + "?added=1"
    assert "Added to your report" in html(client.get(done["Location"]))


def test_a_resident_is_never_offered_someone_elses_case(client, resident):
    # given: a neighbour's case about drugs in the same block
    theirs = factories.reported_case(block=resident.home.block, behaviours=("drugs",))
    client.force_login(resident.user)

    # when
    first = client.post(REPORT, {"behaviours": ["drugs"], "where": "block"})
    joined = client.post(
        f"{IN_BLOCK}&join={theirs.case.reference}", details(description="Dealing again.")
    )

    # then: straight to what happened, and a case of their own
    assert first["Location"] == IN_BLOCK
    assert theirs.case.reference not in html(client.get(first["Location"]))
    assert AsbCase.objects.count() == 2
    assert theirs.reports.count() == 1
    assert joined["Location"] != url("reported", theirs) + "?added=1"


def test_it_has_happened_again_reopens_a_recently_closed_case(client, resident):
    # given
    asb = factories.closed_case(reporter=resident, behaviours=("drugs",))
    client.force_login(resident.user)

    # when: following the link on the closed case
    page = html(client.get(url("detail", asb)))
    again = f"{REPORT}?behaviours=drugs&amp;where=block"
    first = client.post(REPORT, {"behaviours": ["drugs"], "where": "block"})
    second = client.post(first["Location"], {"same": "same"})
    client.post(second["Location"], details(description="They are back."))

    # then
    assert "It has happened again" in page
    assert again in page
    assert first["Location"].startswith(SAME)
    asb.refresh_from_db()
    assert asb.status == "open"
    assert asb.reopened_count == 1
    assert AsbCase.objects.count() == 1


# Your reports and one case


def test_your_reports_lists_your_cases_with_the_next_contact_and_not_other_peoples(
    client, resident
):
    # given
    asb = mine(resident)
    theirs = factories.reported_case()
    due = Deadline.objects.get(case=asb.case, duty=FIRST_CONTACT).due_at
    client.force_login(resident.user)

    # when
    page = html(client.get(LIST))

    # then
    assert asb.case.reference in page
    assert f"By {due.astimezone(LONDON):%-d %B %Y}" in page
    assert theirs.case.reference not in page


def test_the_case_page_shows_the_residents_own_things_and_never_other_peoples_names(
    client, resident, officer
):
    # given: a case naming the person responsible and a witness, joined by a neighbour's
    # report with a diary entry of theirs
    asb = mine(
        resident,
        officer=officer,
        perpetrators=[PersonInput(name="Darren Price", notes="Lives at flat 9")],
        witnesses=[PersonInput(name="Wendy Marsh")],
    )
    neighbour = resident_with_login(first_name="Nadia", last_name="Kowalski")
    asb_report(
        actor=officer,
        channel=Channel.PHONE,
        reporter=neighbour,
        description="Dealing on the stairs again.",
        behaviours=["drugs"],
        location="block",
        block=resident.home.block,
        join=asb,
    )
    diary_add(
        asb=asb,
        actor=resident.user,
        resident=resident,
        happened_at=at("2026-05-30", 22),
        what_happened="Shouting on the landing at 10pm.",
    )
    diary_add(
        asb=asb,
        actor=neighbour.user,
        resident=neighbour,
        happened_at=at("2026-05-31", 23),
        what_happened="Someone kicked my door.",
    )
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", asb)))

    # then
    assert asb.case.reference in page
    assert "Priya Shah" in page
    assert "Shouting on the landing at 10pm." in page
    assert "Someone kicked my door." not in page
    for name in ("Darren", "Price", "Wendy Marsh", "Nadia", "Kowalski", "flat 9"):
        assert name not in page, name
    assert "Contact you about your report" in page
    assert "What has happened" in page


def test_a_resident_who_joined_a_case_sees_their_entries_but_not_its_timeline(
    client, resident, officer
):
    # given: the neighbour's case, which the resident added a report to
    theirs = factories.reported_case(block=resident.home.block, officer=officer)
    asb_report(
        actor=officer,
        channel=Channel.PHONE,
        reporter=resident,
        description="I see it too.",
        behaviours=["drugs"],
        location="block",
        block=resident.home.block,
        join=theirs,
    )
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", theirs)))

    # then
    assert theirs.case.reference in page
    assert theirs.case.resident.last_name not in page
    assert "What has happened" not in page


# The diary


def test_a_diary_entry_with_photos_is_added_and_only_its_writer_sees_the_photos(client, resident):
    # given
    asb = mine(resident)
    other = resident_with_login()
    client.force_login(resident.user)

    # when
    form = html(client.get(url("diary", asb)))
    done = client.post(
        url("diary", asb),
        {
            "happened_day": "1",
            "happened_month": "6",
            "happened_year": "2026",
            "happened_time": "08:15",
            "what_happened": "Needles left by the bins again.",
            "photos": [png("bins.png"), png("door.png")],
        },
    )

    # then
    assert "Add to your diary" in form
    assert done["Location"] == url("detail", asb)
    entry = DiaryEntry.objects.get()
    assert entry.resident == resident
    assert entry.happened_at == at("2026-06-01", 8).replace(minute=15)
    photos = list(entry.attachments.order_by("pk"))
    assert [photo.original_name for photo in photos] == ["bins.png", "door.png"]
    page = html(client.get(url("detail", asb)))
    assert "Needles left by the bins again." in page
    assert url("photo", asb, attachment_id=photos[0].pk) in page
    assert client.get(url("photo", asb, attachment_id=photos[0].pk)).status_code == 200
    client.force_login(other.user)
    assert client.get(url("photo", asb, attachment_id=photos[0].pk)).status_code == 404


def test_a_photo_that_is_not_on_the_residents_own_entry_is_not_found(client, resident, officer):
    # given: an officer's note with a photo on the resident's case
    asb = mine(resident)
    officer_note_add(
        asb=asb,
        actor=officer,
        text="Visited the stairs.",
        photos=[Photo(name="visit.png", content=png().read())],
    )
    photo = Attachment.objects.get()
    client.force_login(resident.user)

    # when
    response = client.get(url("photo", asb, attachment_id=photo.pk))

    # then
    assert response.status_code == 404


def test_a_diary_entry_in_the_future_is_refused_and_nothing_written(client, resident):
    # given
    asb = mine(resident)
    client.force_login(resident.user)
    before = factories.written()

    # when
    response = client.post(
        url("diary", asb),
        {
            "happened_day": "1",
            "happened_month": "6",
            "happened_year": "2026",
            "happened_time": "18:00",
            "what_happened": "Something later today.",
        },
    )

    # then
    page = html(response)
    assert response.status_code == 200
    assert page.count("The date cannot be in the future.") == 2
    assert factories.written() == before


def test_a_diary_entry_needs_a_time_and_what_happened(client, resident):
    # given
    asb = mine(resident)
    client.force_login(resident.user)

    # when
    page = html(client.post(url("diary", asb), {"happened_day": "1", "happened_month": "6"}))

    # then
    assert "Enter the date as numbers, for example 27 3 2026" in page
    assert "Tell us what happened" in page
    assert not DiaryEntry.objects.exists()


# Case review and satisfaction


def test_a_resident_asks_for_a_case_review(client, resident):
    # given
    asb = mine(resident)
    client.force_login(resident.user)

    # when
    form = html(client.get(url("review", asb)))
    refused = html(client.post(url("review", asb), {"reason": ""}))
    done = client.post(url("review", asb), {"reason": "Nothing has changed in a month."})

    # then
    assert "community trigger" in form
    assert "3 or more reports about the same problem within 6 months" in form
    assert "You do not have to count your reports or meet this before you ask" in form
    assert "Tell us why you are asking for a case review" in refused
    assert done["Location"] == url("detail", asb)
    review = CaseReview.objects.get()
    assert review.requested_by == resident
    assert review.reason == "Nothing has changed in a month."
    page = html(client.get(done["Location"]))
    assert "We have received your request for a case review." in page
    assert "You have asked for a case review." in page


def test_a_second_case_review_request_while_one_is_pending_is_refused(client, resident):
    # given
    asb = mine(resident)
    client.force_login(resident.user)
    client.post(url("review", asb), {"reason": "Nothing has changed."})

    # when
    page = html(client.post(url("review", asb), {"reason": "Still nothing."}))

    # then
    assert "already been asked for" in page
    assert CaseReview.objects.count() == 1


def test_after_closure_the_resident_says_how_satisfied_they_are(client, resident):
    # given
    asb = factories.closed_case(reporter=resident)
    client.force_login(resident.user)

    # when
    question = html(client.get(url("detail", asb)))
    refused = html(client.post(url("satisfaction", asb), {}))
    done = client.post(url("satisfaction", asb), {"satisfaction": "4", "comment": "Thanks."})

    # then
    assert "How satisfied are you with how we dealt with your report?" in question
    assert "Select how satisfied you are" in refused
    assert done["Location"] == url("detail", asb)
    asb.refresh_from_db()
    assert asb.satisfaction == 4
    assert "How did we do?" not in html(client.get(url("detail", asb)))


def test_satisfaction_is_not_asked_while_the_case_is_open(client, resident):
    # given
    asb = mine(resident)
    client.force_login(resident.user)

    # when
    page = html(client.get(url("detail", asb)))
    refused = html(client.post(url("satisfaction", asb), {"satisfaction": "5"}))

    # then
    assert "How did we do?" not in page
    assert "You can tell us this once the case is closed." in refused
    asb.refresh_from_db()
    assert asb.satisfaction is None
