"""The resident's complaint pages through the Django test client: making a complaint, the list,
one complaint, its letters, and asking for a stage 2 review; who may see what."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from homecase.complaints import services
from homecase.complaints.forms_portal import ComplaintForm
from homecase.complaints.models import Complaint, ComplaintStatus
from homecase.complaints.services import PointDecisionInput
from homecase.housing.services import representative_add
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case, Channel, Event
from homecase.records.services import case_open
from tests.factories import UserFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SIGN_IN = reverse("portal:sign-in")
LIST = reverse("portal:portal-complaints:list")
NEW = reverse("portal:portal-complaints:new")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


def url(name: str, complaint: Complaint, **kwargs) -> str:
    return reverse(
        f"portal:portal-complaints:{name}", kwargs={"reference": complaint.reference, **kwargs}
    )


def make_complaint(resident, **kwargs) -> Complaint:
    return services.complaint_create(
        actor=resident.user,
        channel=Channel.PORTAL,
        resident=resident,
        description=kwargs.pop("description", "The lift has been broken for three weeks."),
        desired_outcome=kwargs.pop("desired_outcome", "Fix the lift and say sorry."),
        **kwargs,
    )


def acknowledge(complaint: Complaint, officer) -> None:
    services.complaint_acknowledge(
        complaint=complaint,
        actor=officer,
        points=["The lift was out of order for three weeks", "Nobody told residents why"],
        outcomes_sought="The lift repaired; an apology",
    )


def respond(complaint: Complaint, officer) -> None:
    services.complaint_decide_points(
        complaint=complaint,
        actor=officer,
        decisions=[
            PointDecisionInput(1, "upheld", "The part took 15 days to arrive."),
            PointDecisionInput(2, "not_upheld", "A notice was put up in the lobby."),
        ],
    )
    services.complaint_respond(
        complaint=complaint,
        actor=officer,
        explanation="The lift contractor waited for a part from Germany.",
    )


def escalate(complaint: Complaint, resident) -> None:
    services.complaint_escalate(complaint=complaint, actor=resident.user, channel=Channel.PORTAL)


@pytest.fixture(autouse=True)
def monday_2_september_2024():
    with time_machine.travel(at("2024-09-02"), tick=False):
        yield


@pytest.fixture
def resident():
    return resident_with_login(first_name="Amara", last_name="Okafor")


@pytest.fixture
def officers():
    return UserFactory(roles=["complaint_officer"]), UserFactory(roles=["complaint_officer"])


@pytest.fixture
def complaint(resident):
    return make_complaint(resident)


@pytest.fixture
def responded(complaint, officers):
    acknowledge(complaint, officers[0])
    respond(complaint, officers[0])
    complaint.refresh_from_db()
    return complaint


def act_for(resident, user, **kwargs):
    """`user` acts for the resident with consent (no service links a login yet)."""
    rep = representative_add(
        resident=resident,
        actor=None,
        name="Grace Okafor",
        relationship="family",
        consent_given_on=date(2024, 8, 1),
        consent_method="In writing",
        **kwargs,
    )
    rep.user = user
    rep.save(update_fields=["user"])
    return rep


def signed_in(client, user):
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


# Who may see what


COMPLAINT_PAGES = ["detail", "made", "escalate", "escalated"]


@pytest.mark.parametrize("name", [*COMPLAINT_PAGES, "letter", "letter-pdf"])
def test_anonymous_people_are_asked_to_sign_in(client, responded, name):
    # given
    message = OutboundMessage.objects.filter(case=responded.case).first()
    kwargs = {"message_id": message.pk} if name.startswith("letter") else {}
    page = url(name, responded, **kwargs)

    # when
    response = client.get(page)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={page}"


@pytest.mark.parametrize("page", [LIST, NEW])
def test_the_list_and_the_form_need_signing_in(client, page):
    # when
    response = client.get(page)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={page}"


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("other_resident", 404), ("staff", 404), ("representative", 200)],
)
@pytest.mark.parametrize("name", [*COMPLAINT_PAGES, "letter"])
def test_a_complaint_is_seen_only_by_its_resident_and_their_representative(
    client, responded, resident, name, who, expected
):
    # given
    users = {
        "owner": resident.user,
        "other_resident": resident_with_login().user,
        "staff": UserFactory(roles=["complaint_officer"]),
        "representative": UserFactory(),
    }
    act_for(resident, users["representative"])
    message = OutboundMessage.objects.filter(case=responded.case).first()
    kwargs = {"message_id": message.pk} if name == "letter" else {}

    # when
    response = signed_in(client, users[who]).get(url(name, responded, **kwargs))

    # then
    assert response.status_code == expected
    if expected == 404:
        assert "Page not found" in html(response)
        assert responded.reference not in html(response)


def test_a_representative_whose_consent_covers_other_cases_only_gets_the_404(
    client, resident, complaint
):
    # given
    user = UserFactory()
    act_for(resident, user, case_references=["R-2024-000001"])

    # when
    response = signed_in(client, user).get(url("detail", complaint))

    # then
    assert response.status_code == 404


def test_a_representative_sees_the_complaints_of_the_resident_they_act_for(
    client, resident, complaint
):
    # given
    user = UserFactory()
    act_for(resident, user)

    # when
    response = signed_in(client, user).get(LIST)

    # then
    content = html(response)
    assert response.status_code == 200
    assert "Complaints of people you act for" in content
    assert complaint.reference in content
    assert "For Amara Okafor" in content


def test_a_reference_that_does_not_exist_gets_the_same_404(client, resident):
    # when
    response = signed_in(client, resident.user).get(
        reverse("portal:portal-complaints:detail", kwargs={"reference": "C-2024-999999"})
    )

    # then
    assert response.status_code == 404
    assert "Page not found" in html(response)


def test_a_signed_in_person_who_is_not_a_resident_cannot_make_a_complaint(client):
    # when
    response = signed_in(client, UserFactory()).get(NEW)

    # then
    assert response.status_code == 403


def test_a_letter_of_another_complaint_is_not_found(client, resident, responded):
    # given: another resident's complaint and its letter
    other = make_complaint(resident_with_login())
    theirs = OutboundMessage.objects.filter(case=other.case).first()

    # when: asking for it under the resident's own complaint
    response = signed_in(client, resident.user).get(url("letter", responded, message_id=theirs.pk))

    # then
    assert response.status_code == 404


# Making a complaint


def test_making_a_complaint_records_it_from_the_portal(client, resident):
    # given
    repair = case_open(
        kind="repair",
        title="Lift out of order",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported by phone",
        home=resident.home,
        resident=resident,
    )

    # when
    response = signed_in(client, resident.user).post(
        NEW,
        {
            "description": "Nobody came to fix the lift.",
            "desired_outcome": "Fix it this week.",
            "related_case": repair.reference,
            "about_conduct": "yes",
            "conduct_subject": "The engineer from Lift Co",
        },
    )

    # then
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("made", complaint)
    assert complaint.case.resident == resident
    assert complaint.received_channel == Channel.PORTAL
    assert complaint.description == "Nobody came to fix the lift."
    assert complaint.desired_outcome == "Fix it this week."
    assert complaint.related_case == repair
    assert (complaint.about_conduct, complaint.conduct_subject) == (
        True,
        "The engineer from Lift Co",
    )
    assert complaint.status == ComplaintStatus.RECEIVED


def test_the_confirmation_gives_the_reference_and_the_acknowledgement_date(client, complaint):
    # when
    response = signed_in(client, complaint.case.resident.user).get(url("made", complaint))

    # then: 5 working days from Monday 2 September 2024
    content = html(response)
    assert "govuk-panel--confirmation" in content
    assert f"<strong>{complaint.reference}</strong>" in content
    assert "within 5 working days" in content
    assert "by <strong>9 September 2024</strong> at the latest" in content


def test_who_it_was_is_not_kept_when_it_is_not_about_someone(client, resident):
    # when
    signed_in(client, resident.user).post(
        NEW,
        {
            "description": "The bins were not emptied.",
            "about_conduct": "no",
            "conduct_subject": "x",
        },
    )

    # then
    complaint = Complaint.objects.get()
    assert (complaint.about_conduct, complaint.conduct_subject) == (False, "")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"description": "  ", "about_conduct": "no"}, "id_description", "Tell us what happened"),
        (
            {"description": "Rude", "about_conduct": "yes", "conduct_subject": ""},
            "id_conduct_subject",
            "Tell us who it was: their name, their job or the company they work for",
        ),
        (
            {"description": "Rude"},
            "id_about_conduct",
            "Select yes if it is about how someone behaved",
        ),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_written(
    client, resident, data, field, message
):
    # given
    events = Event.objects.count()

    # when
    response = signed_in(client, resident.user).post(NEW, data)

    # then
    content = html(response)
    assert response.status_code == 200
    assert "<title>Error: Tell us what went wrong" in content
    assert f'<a href="#{field}">{message}</a>' in content
    assert (Complaint.objects.count(), Case.objects.count()) == (0, 0)
    assert Event.objects.count() == events


def test_a_case_that_is_not_theirs_cannot_be_chosen(client, resident):
    # given
    someone_else = resident_with_login()
    theirs = case_open(
        kind="repair",
        title="Their repair",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported",
        home=someone_else.home,
        resident=someone_else,
    )

    # when
    response = signed_in(client, resident.user).post(
        NEW, {"description": "x", "about_conduct": "no", "related_case": theirs.reference}
    )

    # then: with no cases of their own, the question is not asked and the answer ignored
    assert response.status_code == 302
    assert Complaint.objects.get().related_case is None


@pytest.mark.parametrize("name", ["list", "new"])
def test_the_pages_show_no_template_text(client, resident, name):
    # when
    response = signed_in(client, resident.user).get(reverse(f"portal:portal-complaints:{name}"))

    # then
    assert response.status_code == 200
    assert "{#" not in html(response)
    assert "{%" not in html(response)


def test_the_questions_never_ask_the_resident_to_say_complaint():
    # given
    form = ComplaintForm(cases=[])

    # then
    labels = " ".join(str(field.label) for field in form.fields.values())
    assert "complain" not in labels.lower()


# Your complaints


def test_the_list_shows_each_complaint_with_its_status_and_next_promise(client, resident, officers):
    # given
    first = make_complaint(resident, description="The lift is broken.")
    with time_machine.travel(at("2024-09-03"), tick=False):
        second = make_complaint(resident, description="The bins are never emptied.")
        acknowledge(second, officers[0])

    # when
    response = signed_in(client, resident.user).get(LIST)

    # then
    content = html(response)
    assert response.status_code == 200
    assert content.index(second.reference) < content.index(first.reference)
    assert "Received, not yet acknowledged" in content
    assert "Stage 1: being investigated" in content
    assert "9 September 2024" in content  # acknowledge the first by
    assert "17 September 2024" in content  # respond to the second by


def test_the_list_does_not_show_other_residents_complaints(client, resident, complaint):
    # when
    response = signed_in(client, resident_with_login().user).get(LIST)

    # then
    assert complaint.reference not in html(response)
    assert "You have not made any complaints." in html(response)


def test_the_list_makes_the_same_number_of_queries_however_many_complaints(
    client, resident, django_assert_max_num_queries
):
    # given
    for number in range(6):
        make_complaint(resident, description=f"Problem {number}")
    signed_in(client, resident.user)

    # when / then
    with django_assert_max_num_queries(5):
        response = client.get(LIST)
    assert html(response).count("Received, not yet acknowledged") == 6


# One complaint


def test_a_new_complaint_shows_what_was_said_the_promise_and_what_happens_next(client, complaint):
    # when
    response = signed_in(client, complaint.case.resident.user).get(url("detail", complaint))

    # then
    content = html(response)
    assert "The lift has been broken for three weeks." in content
    assert "Fix the lift and say sorry." in content
    assert "Acknowledge your complaint and agree what it is about" in content
    assert '<strong class="govuk-tag govuk-tag--blue">Open</strong>' in content
    assert "and agree with you what it is about by <strong>9 September 2024</strong>" in content
    assert "We received your complaint." in content


def test_who_the_complaint_is_about_is_never_shown_to_the_resident(client, resident):
    # given
    complaint = make_complaint(resident, about_conduct=True, conduct_subject="Officer Smith")

    # when
    response = signed_in(client, resident.user).get(url("detail", complaint))

    # then
    assert "Officer Smith" not in html(response)


def test_drafted_decisions_are_not_shown_before_the_response(client, complaint, officers):
    # given
    acknowledge(complaint, officers[0])
    services.complaint_decide_points(
        complaint=complaint,
        actor=officers[0],
        decisions=[PointDecisionInput(1, "upheld", "A draft reason.")],
    )

    # when
    response = signed_in(client, complaint.case.resident.user).get(url("detail", complaint))

    # then: the definition is shown, the draft decision is not
    content = html(response)
    assert "The lift was out of order for three weeks" in content
    assert "The lift repaired; an apology" in content
    assert "A draft reason." not in content
    assert "by <strong>16 September 2024</strong>" in content


def test_a_responded_complaint_shows_decisions_letters_and_the_stage_2_button(client, responded):
    # when
    response = signed_in(client, responded.case.resident.user).get(url("detail", responded))

    # then
    content = html(response)
    assert "Your complaint is <strong>partly upheld</strong>." in content
    assert "The part took 15 days to arrive." in content
    assert "A notice was put up in the lobby." in content
    assert "The lift contractor waited for a part from Germany." in content
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in content
    assert "ask for a stage 2 review by <strong>30 September 2024</strong>" in content
    assert f'href="{url("escalate", responded)}"' in content
    letter = OutboundMessage.objects.get(case=responded.case, template="complaint_stage1_response")
    assert f'href="{url("letter", responded, message_id=letter.pk)}"' in content
    assert f'href="{url("letter-pdf", responded, message_id=letter.pk)}"' in content


def test_after_the_final_response_the_ombudsman_is_named(client, responded, officers):
    # given
    escalate(responded, responded.case.resident)
    acknowledge(responded, officers[1])
    respond(responded, officers[1])

    # when
    response = signed_in(client, responded.case.resident.user).get(url("detail", responded))

    # then
    content = html(response)
    assert "This was our final response." in content
    assert "Housing Ombudsman Service" in content
    assert "0300 111 3000" in content
    assert "Ask for a stage 2 review" not in content


# Letters


def test_the_response_letter_can_be_read_and_downloaded(client, responded):
    # given
    letter = OutboundMessage.objects.get(case=responded.case, template="complaint_stage1_response")
    signed_in(client, responded.case.resident.user)

    # when
    page = client.get(url("letter", responded, message_id=letter.pk))
    pdf = client.get(url("letter-pdf", responded, message_id=letter.pk))

    # then
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert "This is our stage 1 response to your complaint." in html(page)
    assert 'class="letter"' in html(page)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        f'attachment; filename="{responded.reference}-letter-{letter.pk}.pdf"'
    )
    assert pdf.content.startswith(b"%PDF")


# Asking for a stage 2 review


def test_asking_for_stage_2_with_one_button(client, responded):
    # when
    response = signed_in(client, responded.case.resident.user).post(
        url("escalate", responded), {"reason": "The lift broke again."}
    )

    # then
    responded.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("escalated", responded)
    assert responded.status == ComplaintStatus.STAGE_2_REQUESTED
    second = responded.stages.get(number=2)
    assert second.escalation_reason == "The lift broke again."
    escalated = responded.case.timeline.events.get(kind="complaint.escalated")
    assert (escalated.channel, escalated.actor) == (Channel.PORTAL, responded.case.resident.user)


def test_no_reason_is_needed_to_ask_for_stage_2(client, responded):
    # when
    response = signed_in(client, responded.case.resident.user).post(url("escalate", responded))

    # then
    responded.refresh_from_db()
    assert response.status_code == 302
    assert responded.status == ComplaintStatus.STAGE_2_REQUESTED


def test_the_stage_2_confirmation_gives_the_acknowledgement_date(client, responded):
    # given
    escalate(responded, responded.case.resident)

    # when
    response = signed_in(client, responded.case.resident.user).get(url("escalated", responded))

    # then
    content = html(response)
    assert "You have asked for a stage 2 review" in content
    assert "by <strong>9 September 2024</strong> at the latest" in content


def test_the_escalation_page_has_one_button_and_an_optional_reason(client, responded):
    # when
    response = signed_in(client, responded.case.resident.user).get(url("escalate", responded))

    # then
    content = html(response)
    assert content.count('<button type="submit" class="govuk-button"') == 1
    assert "Tell us why you are not happy with our response (optional)" in content
    assert "You can ask until 30 September 2024." in content


def test_asking_for_stage_2_before_a_response_is_refused_with_the_reason(client, complaint):
    # given
    events = complaint.case.timeline.events.count()

    # when
    response = signed_in(client, complaint.case.resident.user).post(url("escalate", complaint))

    # then
    complaint.refresh_from_db()
    content = html(response)
    assert response.status_code == 200
    assert (
        '<a href="#what-you-can-do">There is no stage 1 response to escalate from yet.</a>'
        in content
    )
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.stages.count() == 1
    assert complaint.case.timeline.events.count() == events


def test_asking_for_stage_2_after_the_window_tells_them_how_to_ask(client, responded):
    # given
    events = responded.case.timeline.events.count()

    # when: the day after the window closed
    with time_machine.travel(at("2024-10-01"), tick=False):
        signed_in(client, responded.case.resident.user)
        page = client.get(url("escalate", responded))
        response = client.post(url("escalate", responded), {"reason": "Still broken"})

    # then: no button; the refusal is shown with what to do instead; nothing written
    assert "Ask for a stage 2 review</button>" not in html(page)
    assert "ended on 30 September 2024" in html(page)
    content = html(response)
    assert "The time to ask for stage 2 ended on 30 September 2024." in content
    assert "an officer will consider your request" in content
    responded.refresh_from_db()
    assert responded.status == ComplaintStatus.STAGE_1_RESPONDED
    assert responded.case.timeline.events.count() == events
