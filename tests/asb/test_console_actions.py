"""The actions on an ASB case in the staff console (one generic view): each page renders, each
action goes through once and is seen on the case, and the key refusals (an action without an
owner or a date, a case closed with open actions, a police report without consent) are a form
error on the field, in the summary, with a 400 status and nothing written."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from homecase.asb.console_actions import ACTIONS
from homecase.asb.models import ActionStatus, AsbAction, AsbCase, AsbStatus, PartyRole
from homecase.asb.services import action_add, case_review_request
from homecase.common.time import now
from homecase.policy import selectors as policy
from tests.asb.factories import asb_officer, closed_case, partner, reported_case, written
from tests.factories import ResidentFactory
from tests.repairs.factories import reported_repair

pytestmark = pytest.mark.django_db
NS = "console:console-asb"


def action_url(asb: AsbCase, action: str) -> str:
    return reverse(f"{NS}:action", kwargs={"reference": asb.case.reference, "action": action})


def case_url(asb: AsbCase) -> str:
    return reverse(f"{NS}:case", kwargs={"reference": asb.case.reference})


def text(response) -> str:
    return response.content.decode()


def fresh(asb: AsbCase) -> AsbCase:
    return AsbCase.objects.select_related("case").get(pk=asb.pk)


def png() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "grey").save(buffer, format="PNG")
    return SimpleUploadedFile("door.png", buffer.getvalue(), content_type="image/png")


def in_a_week() -> dict[str, str]:
    day = now().date() + timedelta(days=7)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


@pytest.fixture
def officer():
    return asb_officer(first_name="Grace", last_name="Adeyemi")


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def asb(officer):
    return reported_case(officer=officer)


def with_action(asb: AsbCase, officer, **kwargs) -> AsbAction:
    kwargs.setdefault("kind", "site_visit")
    kwargs.setdefault("description", "Visit the block with the caretaker.")
    kwargs.setdefault("owner", officer)
    return action_add(asb=asb, actor=officer, due_on=now().date() + timedelta(days=5), **kwargs)


def assert_refused(response, message: str, field: str, before: dict) -> None:
    """Shown in the summary and on its field, with a 400, and nothing written."""
    page = text(response)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert escape(message) in page
    assert f'id="id_{field}-error"' in page
    assert written() == before


def assert_done(client, response, asb: AsbCase, message: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == case_url(asb)
    assert escape(message) in text(client.get(response["Location"]))


# Every page renders


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_page_renders_its_form(as_officer, asb, officer, name):
    # given: an open case with a partner's action and a pending case review
    with_action(asb, officer, kind="patrols", owner=None, partner=partner())
    case_review_request(asb=asb, actor=officer, resident=None, reason="Nothing changes.")

    # when
    response = as_officer.get(action_url(asb, name))

    # then
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{escape(ACTIONS[name].label)}</h1>' in text(response)


def test_an_unknown_action_is_a_404(as_officer, asb):
    response = as_officer.get(action_url(asb, "paint-it-pink"))

    assert response.status_code == 404
    assert "There is no such action on an ASB case." in text(response)


def test_the_case_page_links_only_the_actions_that_fit(as_officer, asb):
    page = text(as_officer.get(case_url(asb)))

    assert action_url(asb, "close") in page
    assert action_url(asb, "reopen") not in page
    assert action_url(asb, "complete-action") not in page  # no actions yet
    assert action_url(asb, "decide-review") not in page


# Risk, plan and contact


def test_a_risk_review_sets_the_level_from_the_whole_matrix(as_officer, asb):
    # given: every question answered, two that force high risk
    questions = policy.asb_policy().risk_questions
    data = {f"risk_{q.code}": "no" for q in questions}
    data.update(risk_threats_or_violence="yes", risk_safeguarding_concern="yes")

    # when
    response = as_officer.post(action_url(asb, "assess-risk"), {**data, "notes": "Threatened."})

    # then: high risk, and a safeguarding referral added to the plan
    assert_done(as_officer, response, asb, "Risk assessment recorded.")
    asb = fresh(asb)
    assert asb.risk_level == "high"
    assert asb.safeguarding is True
    assert asb.risk_assessments.count() == 2
    assert asb.actions.filter(kind="safeguarding").exists()


def test_a_risk_review_with_a_question_unanswered_is_refused(as_officer, asb):
    before = written()

    response = as_officer.post(action_url(asb, "assess-risk"), {"notes": ""})

    assert_refused(
        response,
        "Answer: Does the victim feel unsafe in their home?",
        "risk_unsafe_at_home",
        before,
    )


def test_an_action_is_added_with_an_owner_and_a_date(as_officer, asb, officer):
    # when
    response = as_officer.post(
        action_url(asb, "add-action"),
        {
            "kind": "site_visit",
            "description": "Walk the block with the caretaker after 8pm.",
            "owner": str(officer.pk),
            "agreed_with_victim": "on",
            **in_a_week(),
        },
    )

    # then
    assert_done(as_officer, response, asb, "Action added to the plan.")
    action = asb.actions.get()
    assert action.owner == officer
    assert action.due_on == now().date() + timedelta(days=7)
    assert action.agreed_with_victim is True
    assert action.deadline is not None


def test_an_action_without_an_owner_or_a_date_is_refused(as_officer, asb):
    # given
    before = written()
    data = {"kind": "site_visit", "description": "Walk the block.", "owner": ""}

    # when: no owner and no partner
    no_owner = as_officer.post(action_url(asb, "add-action"), {**data, **in_a_week()})

    # then
    assert_refused(
        no_owner,
        "Say who will do this: an officer or a partner organisation.",
        "owner",
        before,
    )

    # when: an owner but no date
    no_date = as_officer.post(action_url(asb, "add-action"), {**data, "owner": str(asb.officer_id)})

    # then: the refusal on the date
    assert_refused(no_date, "Give the date this will be done by.", "day", before)


def test_a_police_report_without_the_victims_consent_is_refused(as_officer, asb):
    before = written()

    response = as_officer.post(
        action_url(asb, "add-action"),
        {
            "kind": "police_report",
            "description": "Report the dealing to the police for them.",
            "owner": str(asb.officer_id),
            **in_a_week(),
        },
    )

    assert response.status_code == 400
    assert 'id="id_victim_consent-error"' in text(response)
    assert written() == before


def test_an_action_is_completed_or_cancelled_from_its_row(as_officer, asb, officer):
    # given: two open actions
    first = with_action(asb, officer)
    second = with_action(asb, officer, kind="warning_letter", description="Write to flat 9.")

    # when: the first is chosen by ?action= and completed
    page = text(as_officer.get(f"{action_url(asb, 'complete-action')}?action={first.pk}"))
    assert f'value="{first.pk}" checked' in page or f'value="{first.pk}" selected' in page
    done = as_officer.post(
        action_url(asb, "complete-action"),
        {"action": str(first.pk), "outcome": "Visited; the door is broken."},
    )
    cancelled = as_officer.post(
        action_url(asb, "cancel-action"),
        {"action": str(second.pk), "reason": "The tenant in flat 9 moved out."},
    )

    # then
    assert_done(as_officer, done, asb, "Action completed.")
    assert cancelled.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ActionStatus.DONE
    assert first.outcome == "Visited; the door is broken."
    assert second.status == ActionStatus.CANCELLED


def test_a_partners_response_is_recorded(as_officer, asb, officer):
    action = with_action(asb, officer, kind="patrols", owner=None, partner=partner())

    response = as_officer.post(
        action_url(asb, "partner-response"),
        {"action": str(action.pk), "response": "Patrols every evening for two weeks."},
    )

    assert_done(as_officer, response, asb, "Partner's response recorded.")
    action.refresh_from_db()
    assert action.partner_response.endswith("Patrols every evening for two weeks.")


def test_a_contact_interval_is_agreed_and_a_contact_recorded(as_officer, asb):
    # when
    agreed = as_officer.post(action_url(asb, "agree-contact-interval"), {"working_days": "5"})

    # then
    assert_done(as_officer, agreed, asb, "Contact interval agreed.")

    # when
    contacted = as_officer.post(
        action_url(asb, "record-contact"),
        {"channel": "phone", "summary": "Called: still happening nightly.", "with_victim": "yes"},
    )

    # then
    assert_done(as_officer, contacted, asb, "Contact recorded.")
    assert fresh(asb).contact_interval_working_days == 5


def test_a_contact_interval_out_of_range_is_refused(as_officer, asb):
    before = written()

    response = as_officer.post(action_url(asb, "agree-contact-interval"), {"working_days": "90"})

    assert response.status_code == 400
    assert 'id="id_working_days-error"' in text(response)
    assert written() == before


# Evidence and the people in the case


def test_people_notes_and_facts_are_added(as_officer, asb, officer):
    # given
    neighbour = ResidentFactory(first_name="Olu", last_name="Bello")
    repair = reported_repair(category="lock")
    other = asb_officer(first_name="Sam", last_name="Reid")

    # when: a witness by resident number, a note with a photo, a crime reference, the repair,
    # a new officer and a hate incident
    posts = [
        ("add-person", {"role": PartyRole.WITNESS, "resident": str(neighbour.pk)}, "Person added"),
        ("add-note", {"text": "The door lock is broken.", "photos": png()}, "Note added."),
        ("crime-reference", {"crime_reference": "CAD 1234/02JUL"}, "Crime reference recorded."),
        ("link-repair", {"repair": repair.case.reference.lower()}, "Repair linked."),
        ("assign-officer", {"officer": str(other.pk)}, "Named officer changed."),
        (
            "hate-incident",
            {"motivations": ["race", "religion"], "perceived_by": "The victim"},
            "Hate incident recorded.",
        ),
    ]
    for name, data, message in posts:
        assert_done(as_officer, as_officer.post(action_url(asb, name), data), asb, message)

    # then
    asb = fresh(asb)
    assert asb.parties.filter(role=PartyRole.WITNESS, resident=neighbour).exists()
    assert asb.diary.get().attachments.count() == 1
    assert asb.crime_reference == "CAD 1234/02JUL"
    assert asb.related_repair == repair
    assert asb.officer == other
    assert asb.hate_incident is True
    assert asb.hate_motivations == ["race", "religion"]


def test_an_unknown_repair_or_resident_is_a_form_error(as_officer, asb):
    before = written()

    no_repair = as_officer.post(action_url(asb, "link-repair"), {"repair": "R-2026-999999"})
    no_resident = as_officer.post(
        action_url(asb, "add-person"), {"role": PartyRole.WITNESS, "resident": "999999"}
    )

    assert_refused(
        no_repair, "There is no repair with the reference R-2026-999999", "repair", before
    )
    assert_refused(no_resident, "There is no resident with the number 999999", "resident", before)


# Reviews, closing, reopening and joining


def test_a_case_review_is_decided(as_officer, asb, officer):
    review = case_review_request(asb=asb, actor=officer, resident=None, reason="Still going on.")

    response = as_officer.post(
        action_url(asb, "decide-review"),
        {"review": str(review.pk), "decision": "not_met", "outcome": "One report so far."},
    )

    assert_done(as_officer, response, asb, "Case review decision recorded.")
    review.refresh_from_db()
    assert review.decision == "not_met"


def test_a_case_with_open_actions_is_not_closed_until_they_are_done(as_officer, asb, officer):
    # given: an open action
    action = with_action(asb, officer)
    before = written()
    data = {
        "reason": "resolved",
        "victim_view": "Happy for it to close: it has stopped.",
    }

    # when
    refused = as_officer.post(action_url(asb, "close"), data)

    # then: the open action is named, on the reason
    assert refused.status_code == 400
    assert "There is a problem" in text(refused)
    assert 'id="id_reason-error"' in text(refused)
    assert written() == before
    assert fresh(asb).status == AsbStatus.OPEN

    # when: the action is done, then closing again
    as_officer.post(
        action_url(asb, "complete-action"), {"action": str(action.pk), "outcome": "Done."}
    )
    closed = as_officer.post(action_url(asb, "close"), data)

    # then
    assert_done(as_officer, closed, asb, "Case closed.")
    asb = fresh(asb)
    assert asb.status == AsbStatus.CLOSED
    assert asb.victim_view == "Happy for it to close: it has stopped."


def test_closing_without_the_victims_view_is_refused(as_officer, asb):
    before = written()

    response = as_officer.post(action_url(asb, "close"), {"reason": "resolved"})

    assert_refused(response, "Enter the victim's view", "victim_view", before)


def test_a_closed_case_is_reopened(as_officer, officer):
    asb = closed_case(officer=officer)

    response = as_officer.post(action_url(asb, "reopen"), {"reason": "Dealing started again."})

    assert_done(as_officer, response, asb, "Case reopened.")
    assert fresh(asb).status == AsbStatus.OPEN


def test_a_case_is_joined_into_another_by_reference(as_officer, asb, officer):
    # given: a second case about the same block
    other = reported_case(officer=officer, block=asb.block)

    # when
    response = as_officer.post(
        action_url(other, "join"),
        {"into": asb.case.reference, "reason": "The same dealing on the same stairs."},
    )

    # then
    assert_done(as_officer, response, other, "Case joined")
    unknown = as_officer.post(action_url(asb, "join"), {"into": "A-2026-999999", "reason": "x"})
    other = fresh(other)
    assert other.status == AsbStatus.JOINED
    assert other.joined_into == asb
    assert unknown.status_code == 400
    assert "There is no ASB case with the reference A-2026-999999" in text(unknown)
