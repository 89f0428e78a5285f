"""The ASB pages of the staff console through the Django test client: who may see them (a
permission matrix over every page: anyone but an ASB officer is told there is no such case, or
for the queue and the report form that they may not), the queue (soonest due first, due states
in words, filters, pages), a report taken by phone (no crime reference needed, the whole risk
matrix asked, an open case at the same place offered to be joined, refusals with nothing
written), and the case page telling the whole story."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from homecase.asb import console
from homecase.asb.console_actions import ACTIONS
from homecase.asb.models import AsbCase, AsbReport, PartyRole
from homecase.asb.services import action_add, officer_note_add, repair_link
from homecase.common.time import now
from homecase.policy import selectors as policy
from homecase.records.attachments import Photo
from tests.asb.factories import (
    asb_officer,
    closed_case,
    high_risk_case,
    partner,
    reported_case,
    resident_in_block,
    written,
)
from tests.factories import UserFactory, resident_with_login
from tests.repairs.factories import communal_area, reported_repair

pytestmark = pytest.mark.django_db
NS = "console:console-asb"
QUEUE = reverse(f"{NS}:asb")
REPORT = reverse(f"{NS}:report")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def case_url(asb: AsbCase, name: str = "case", **kwargs) -> str:
    return reverse(f"{NS}:{name}", kwargs={"reference": asb.case.reference, **kwargs})


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer():
    return asb_officer(first_name="Grace", last_name="Adeyemi")


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def risk_data(**yes: bool) -> dict[str, str]:
    questions = policy.asb_policy().risk_questions
    return {f"risk_{q.code}": "yes" if yes.get(q.code) else "no" for q in questions}


def report_data(**overrides) -> dict:
    data = {
        "channel": "phone",
        "reporter_is_victim": "yes",
        "behaviours": ["drugs", "squatting"],
        "description": "People are dealing drugs on the stairs and sleeping in the bin store.",
        "location": "block",
        "crime_reference": "",
        "officer": "",
        **risk_data(repeated=True),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Who may see the pages


STAFF_WITHOUT_ASB = ["contact_agent", "repairs_planner", "complaint_officer", "manager"]


def _addresses(asb: AsbCase) -> dict[str, tuple[str, int]]:
    """Every ASB console address, with what a non-ASB member of staff gets (403 or 404)."""
    pages = {"queue": (QUEUE, 403), "report": (REPORT, 403), "case": (case_url(asb), 404)}
    for name in ACTIONS:
        pages[name] = (case_url(asb, "action", action=name), 404)
    pages["photo"] = (case_url(asb, "photo", photo_id=1), 404)
    return pages


@pytest.mark.parametrize("role", STAFF_WITHOUT_ASB)
def test_staff_without_the_asb_role_never_see_an_asb_case(client, role):
    # given: a case (with a photo) and a member of staff without the ASB role
    asb = reported_case()
    client.force_login(UserFactory(roles=[role]))

    for name, (address, status) in _addresses(asb).items():
        # when
        response = client.get(address)

        # then: refused, the case answers like one that does not exist
        assert response.status_code == status, name
        page = text(response)
        assert asb.case.title not in page, name
        if status == 404:
            assert f"There is no case with the reference {asb.case.reference}." in page, name
        else:
            assert "Only ASB officers can see anti-social behaviour cases" in page, name
        # and nothing can be done by POST either
        assert client.post(address, {}).status_code in (403, 404, 405), name


def test_anonymous_people_sign_in_and_residents_are_refused(client):
    asb = reported_case()
    pages = _addresses(asb)

    assert all(client.get(a).status_code == 302 for a, _ in pages.values())
    client.force_login(resident_with_login().user)
    assert all(client.get(a).status_code == 403 for a, _ in pages.values())


def test_an_asb_officer_and_a_superuser_see_every_page(client, officer):
    # given: a case with an open action, a partner and a pending choice of each kind
    asb = reported_case(officer=officer)
    action_add(
        asb=asb,
        actor=officer,
        kind="patrols",
        description="Ask the SNT for evening patrols.",
        due_on=now().date() + timedelta(days=7),
        partner=partner(),
    )
    superuser = UserFactory(is_superuser=True)

    for user in (officer, superuser):
        client.force_login(user)
        for name, (address, _) in _addresses(asb).items():
            if name in ("photo", "decide-review", "reopen"):
                continue
            assert client.get(address).status_code == 200, name


def test_an_unknown_or_non_asb_reference_is_the_same_404(as_officer):
    repair = reported_repair()

    for reference in ("A-2026-999999", repair.case.reference):
        response = as_officer.get(reverse(f"{NS}:case", kwargs={"reference": reference}))
        assert response.status_code == 404
        assert f"There is no case with the reference {reference}." in text(response)


def test_the_navigation_shows_asb_only_to_asb_officers(client, officer):
    search = reverse("console:search")
    client.force_login(officer)
    assert f'href="{QUEUE}"' in text(client.get(search))

    client.force_login(UserFactory(roles=["manager"]))
    assert f'href="{QUEUE}"' not in text(client.get(search))


# The queue


def test_the_queue_puts_the_case_due_soonest_first_with_its_due_state_in_words(as_officer):
    # given: a standard case reported long ago (overdue) and a high-risk case from today
    with time_machine.travel(now() - timedelta(days=40)):
        old = reported_case()
    urgent = high_risk_case()
    closed = closed_case()

    # when
    response = as_officer.get(QUEUE)

    # then
    page = text(response)
    assert response.status_code == 200
    assert page.index(old.case.reference) < page.index(urgent.case.reference)
    assert "Overdue" in page
    assert "govuk-tag--red" in page
    assert "High risk" in page
    assert closed.case.reference not in page


def test_the_queue_filters_mine_risk_and_hate(as_officer, officer):
    # given
    mine = reported_case(officer=officer)
    someone_else = reported_case(officer=asb_officer())
    high = high_risk_case(officer=asb_officer())
    hate = reported_case(
        officer=asb_officer(),
        behaviours=("harassment",),
        hate_incident=True,
        hate_motivations=["race"],
        hate_perceived_by="the victim",
    )

    # when
    only_mine = text(as_officer.get(QUEUE, {"mine": "on"}))
    only_high = text(as_officer.get(QUEUE, {"risk_level": "high"}))
    only_hate = text(as_officer.get(QUEUE, {"hate_only": "on"}))

    # then
    assert mine.case.reference in only_mine
    assert someone_else.case.reference not in only_mine
    assert high.case.reference in only_high
    assert mine.case.reference not in only_high
    assert hate.case.reference in only_hate
    assert high.case.reference not in only_hate


def test_the_queue_pages_with_previous_and_next(as_officer, monkeypatch):
    # given
    monkeypatch.setattr(console, "PAGE_SIZE", 1)
    first, second = reported_case(), reported_case()

    # when
    page_one = text(as_officer.get(QUEUE))
    page_two = text(as_officer.get(QUEUE, {"page": "2"}))

    # then
    assert 'rel="next"' in page_one
    assert 'rel="prev"' in page_two
    shown = {first.case.reference, second.case.reference}
    assert {ref for ref in shown if ref in page_one} != {ref for ref in shown if ref in page_two}


# A report by phone


def test_reporting_starts_by_finding_the_caller(as_officer):
    resident = resident_in_block(first_name="Amara", last_name="Okafor")

    page = text(as_officer.get(REPORT, {"q": "Okafor"}))

    assert f'href="?resident={resident.pk}"' in page
    assert 'href="?caller=other"' in page


def test_a_report_by_phone_opens_a_case_without_a_crime_reference(as_officer, officer):
    # given: a resident of a block calls
    resident = resident_in_block(first_name="Amara", last_name="Okafor")
    address = f"{REPORT}?resident={resident.pk}"
    form = text(as_officer.get(address))
    assert "Never needed before we act." in form
    for question in policy.asb_policy().risk_questions:
        assert escape(question.staff_text) in form

    # when: every risk question answered, two people named, no crime reference
    response = as_officer.post(
        address,
        report_data(
            block=str(resident.home.block_id),
            officer=str(officer.pk),
            perpetrator_1_name="A man in a red jacket",
            perpetrator_1_notes="Usually after 9pm",
            witness_1_name="Ben from flat 3",
            witness_1_contact="07700 900123",
            day="2",
            month="7",
            year="2024",
            time="21:30",
            **risk_data(threats_or_violence=True, unsafe_at_home=True),
        ),
    )

    # then: a case, to its page, with the named officer
    asb = AsbCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case_url(asb)
    assert asb.crime_reference == ""
    assert asb.officer == officer
    assert asb.risk_level == "high"
    assert asb.block_id == resident.home.block_id
    assert asb.case.resident == resident
    roles = sorted(asb.parties.values_list("role", flat=True))
    assert roles == sorted(
        [PartyRole.REPORTER, PartyRole.VICTIM, PartyRole.ALLEGED_PERPETRATOR, PartyRole.WITNESS]
    )
    assert timezone.localtime(AsbReport.objects.get().happened_at).hour == 21
    banner = text(as_officer.get(response["Location"]))
    assert f"ASB case {asb.case.reference} opened. Named officer: Grace Adeyemi." in banner


def test_a_caller_who_is_not_a_resident_gives_a_name(as_officer):
    # given: a visitor reports the bin store
    area = communal_area(kind="bin_store", name="Bin store")
    address = f"{REPORT}?caller=other"
    before = written()

    # when: no name
    refused = as_officer.post(address, report_data(location="communal", communal_area=str(area.pk)))

    # then
    assert refused.status_code == 400
    assert "There is a problem" in text(refused)
    assert written() == before

    # when: with a name
    done = as_officer.post(
        address,
        report_data(
            location="communal",
            communal_area=str(area.pk),
            reporter_name="Jo Bloggs",
            reporter_contact="jo@example.org",
        ),
    )

    # then
    assert done.status_code == 302
    asb = AsbCase.objects.get()
    assert asb.case.communal_area == area
    assert asb.reports.get().reporter_name == "Jo Bloggs"


def test_a_report_missing_what_and_where_is_refused_with_nothing_written(as_officer):
    # given
    resident = resident_in_block()
    address = f"{REPORT}?resident={resident.pk}"
    before = written()

    # when: no behaviour, no description, a block not chosen, one risk question unanswered,
    # a date in the future
    data = report_data(behaviours=[], description="", risk_repeated=None)
    tomorrow = now() + timedelta(days=2)
    data.update(day=str(tomorrow.day), month=str(tomorrow.month), year=str(tomorrow.year))
    data["time"] = "10:00"
    response = as_officer.post(address, data)

    # then: each problem on its field, and nothing written
    page = text(response)
    assert response.status_code == 400
    assert "Select what is happening" in page
    assert "Describe what is happening" in page
    assert "Answer: Has it happened before (repeat victimisation)?" in page
    assert 'id="id_behaviours-error"' in page
    assert written() == before

    # when: the shape is right but the block is missing (the service's refusal)
    response = as_officer.post(address, report_data())

    # then
    assert response.status_code == 400
    assert 'id="id_block-error"' in text(response)
    assert written() == before


def test_a_report_at_a_place_with_an_open_case_asks_whether_to_join_it(as_officer):
    # given: an open case about the block
    existing = reported_case()
    neighbour = resident_in_block(existing.block)
    address = f"{REPORT}?resident={neighbour.pk}"
    data = report_data(block=str(existing.block_id))

    # when: the report is sent
    asked = as_officer.post(address, data)

    # then: the question, nothing written yet
    page = text(asked)
    assert asked.status_code == 200
    assert f"Yes, add it to {existing.case.reference}" in page
    assert AsbReport.objects.count() == 1

    # when: it is the same matter
    joined = as_officer.post(address, {**data, "join_asked": "1", "join": str(existing.pk)})

    # then: one case, two reports
    assert joined.status_code == 302
    assert joined["Location"] == case_url(existing)
    assert AsbCase.objects.count() == 1
    assert existing.reports.count() == 2


# The case page


def test_the_case_page_tells_the_whole_story(as_officer, officer):
    # given: a case with an action by a partner, a note with a photo, a linked repair with
    # interim measures
    asb = reported_case(officer=officer, perpetrators=[])
    snt = partner(name="Marsh Lane SNT")
    action_add(
        asb=asb,
        actor=officer,
        kind="patrols",
        description="Evening patrols for two weeks.",
        due_on=now().date() + timedelta(days=14),
        partner=snt,
        agreed_with_victim=True,
    )
    officer_note_add(
        asb=asb,
        actor=officer,
        text="Visited: the entrance door does not lock.",
        photos=[Photo(name="door.png", content=PNG)],
    )
    repair = reported_repair(category="lock")
    repair_link(asb=asb, actor=officer, repair=repair)

    # when
    response = as_officer.get(case_url(asb))

    # then
    page = text(response)
    assert response.status_code == 200
    for words in (
        asb.case.reference,
        "Drug dealing or drug use",
        "None – not needed",
        "Grace Adeyemi",
        "Standard risk",
        "Reports (1)",
        "Evening patrols for two weeks.",
        "Marsh Lane SNT",
        "Agreed with the victim",
        "Visited: the entrance door does not lock.",
        "Photo: door.png",
        repair.case.reference,
        "Interim measures",
        "Produce the Ombudsman evidence pack",
        "Timeline",
    ):
        assert words in page, words
    assert "case-review-threshold" not in page
    photo = asb.diary.get().attachments.get()
    assert as_officer.get(case_url(asb, "photo", photo_id=photo.pk)).status_code == 200


def test_the_case_page_warns_when_the_case_review_threshold_is_met(as_officer):
    # given: three reports about the same matter
    asb = reported_case()
    for _ in range(2):
        reported_case(block=asb.block, join=asb)

    # when
    page = text(as_officer.get(case_url(asb)))

    # then
    assert 'id="case-review-threshold"' in page
    assert "Reports (3)" in page


def test_the_queue_reads_a_fixed_number_of_queries(as_officer):
    # given
    reported_case()
    as_officer.get(QUEUE)  # the session and the user are read once
    with CaptureQueriesContext(connection) as few:
        as_officer.get(QUEUE)
    for _ in range(3):
        high_risk_case(officer=asb_officer())

    # when
    with CaptureQueriesContext(connection) as more:
        response = as_officer.get(QUEUE)

    # then
    assert response.status_code == 200
    assert len(more) == len(few)
