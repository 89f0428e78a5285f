"""The complaint officer's console pages through the Django test client: who may use them, the
queue (order, red/amber/green, filters, pagination, query count), logging a complaint, the
complaint page, the letters sent, and each stage action's happy path and refusals. On every
refused path the message is shown and nothing is written."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import QueryDict
from django.urls import reverse

from homecase.complaints import selectors
from homecase.complaints.models import Complaint, ComplaintStatus, Point, Stage
from homecase.housing.services import representative_add
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, Deadline, Event
from homecase.records.services import case_open
from tests.complaints.factories import (
    acknowledged_complaint,
    complaint_officer,
    contact_agent,
    decide_all,
    escalated_complaint,
    received_complaint,
    responded_complaint,
)
from tests.factories import ResidentFactory, UserFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NS = "console:console-complaints"
QUEUE = reverse(f"{NS}:queue")
NEW = reverse(f"{NS}:new")
SIGN_IN = reverse("console:sign-in")


def url(name: str, complaint: Complaint, **kwargs) -> str:
    return reverse(f"{NS}:{name}", kwargs={"reference": complaint.reference, **kwargs})


def page_text(response) -> str:
    return response.content.decode()


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture
def officer():
    return complaint_officer(first_name="Olu", last_name="Adeyemi")


@pytest.fixture
def agent():
    return contact_agent()


@pytest.fixture
def resident():
    return ResidentFactory(first_name="Amara", last_name="Okafor")


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def as_agent(client, agent):
    client.force_login(agent)
    return client


def counts() -> tuple[int, int, int, int, int]:
    """What a refused action must leave as it was."""
    return (
        Event.objects.count(),
        Complaint.objects.count(),
        Point.objects.count(),
        Deadline.objects.count(),
        OutboundMessage.objects.count(),
    )


# Who may use the pages


def _page_url(page: str, complaint: Complaint) -> str:
    if page == "queue":
        return QUEUE
    if page == "new":
        return f"{NEW}?resident={complaint.case.resident_id}"
    return url(page, complaint)


def _sign_in(client, who: str) -> None:
    users = {
        "resident": lambda: resident_with_login().user,
        "contractor": lambda: UserFactory(roles=["contractor"]),
        "contact agent": contact_agent,
        "complaint officer": complaint_officer,
        "manager": lambda: UserFactory(roles=["manager"]),
    }
    if who != "anonymous":
        client.force_login(users[who]())


@pytest.mark.parametrize(
    ("page", "who", "status"),
    [
        *[(page, "anonymous", 302) for page in ("queue", "new", "complaint", "acknowledge")],
        *[(page, "resident", 403) for page in ("queue", "new", "complaint", "acknowledge")],
        *[(page, "contractor", 403) for page in ("queue", "complaint")],
        *[(page, "contact agent", 200) for page in ("queue", "new", "complaint", "escalate")],
        *[
            (page, "contact agent", 403)
            for page in ("acknowledge", "respond", "decide", "extend", "refuse", "withdraw")
        ],
        *[
            (page, "complaint officer", 200)
            for page in ("queue", "new", "complaint", "acknowledge", "respond", "refuse")
        ],
        *[(page, "manager", 200) for page in ("complaint", "acknowledge", "withdraw")],
    ],
)
def test_permission_matrix(client, page, who, status):
    # given
    complaint = received_complaint()
    target = _page_url(page, complaint)
    _sign_in(client, who)

    # when
    response = client.get(target)

    # then
    assert response.status_code == status
    if status == 302:
        query = QueryDict(mutable=True)
        query["next"] = target
        assert response["Location"] == f"{SIGN_IN}?{query.urlencode(safe='/')}"
    if status == 403 and who in ("resident", "contractor"):
        assert "You cannot use the staff console" in page_text(response)
    if status == 403 and who == "contact agent":
        assert "You cannot work this complaint" in page_text(response)
        assert "Only complaint officers and managers can" in page_text(response)


def test_a_contact_agent_cannot_acknowledge_by_posting_either(as_agent):
    # given
    complaint = received_complaint()
    before = counts()

    # when
    response = as_agent.post(
        url("acknowledge", complaint), {"points": "Late repair", "outcomes_sought": "Fix it"}
    )

    # then
    assert response.status_code == 403
    assert counts() == before
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


def test_an_unknown_reference_is_a_plain_404(as_officer):
    # when
    response = as_officer.get(reverse(f"{NS}:complaint", kwargs={"reference": "C-2026-999999"}))

    # then
    assert response.status_code == 404
    assert "There is no complaint C-2026-999999." in page_text(response)


# The queue


def _references(response) -> list[str]:
    return re.findall(r'href="/console/complaints/(C-\d{4}-\d+)/"', page_text(response))


def test_the_queue_puts_overdue_first_then_the_soonest_due(as_officer):
    # given: acknowledgements due 9 March (overdue), 17 March (within two days) and 23 March
    with time_machine.travel(at("2026-03-02"), tick=False):
        overdue = received_complaint()
    with time_machine.travel(at("2026-03-10"), tick=False):
        soon = received_complaint()
    with time_machine.travel(at("2026-03-16"), tick=False):
        latest = received_complaint()
        answered = responded_complaint()  # nothing owed: not in the queue

        # when
        response = as_officer.get(QUEUE)

    # then
    assert response.status_code == 200
    assert _references(response) == [overdue.reference, soon.reference, latest.reference]
    assert answered.reference not in page_text(response)
    rows = page_text(response).split('<tr class="govuk-table__row">')[2:]
    assert "Overdue" in rows[0]
    assert "Due soon" in rows[1]
    assert "On track" in rows[2]
    assert "3 complaints" in page_text(response)
    assert "Acknowledge and define (stage 1)" in rows[0]


def test_the_queue_filters_by_rag_status_and_mine(client, officer):
    # given
    with time_machine.travel(at("2026-03-02"), tick=False):
        overdue = received_complaint()
    with time_machine.travel(at("2026-03-16"), tick=False):
        mine = acknowledged_complaint(officer=officer)
        other = acknowledged_complaint()
        client.force_login(officer)

        # when
        red = client.get(QUEUE, {"rag": "red"})
        only_mine = client.get(QUEUE, {"mine": "on"})
        stage_1 = client.get(QUEUE, {"status": "stage_1"})

    # then
    assert _references(red) == [overdue.reference]
    assert _references(only_mine) == [mine.reference]
    assert sorted(_references(stage_1)) == sorted([mine.reference, other.reference])


def test_the_queue_pages_with_govuk_pagination(as_officer, monkeypatch):
    # given
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    made = [received_complaint() for _ in range(5)]

    # when
    first = as_officer.get(QUEUE)
    second = as_officer.get(QUEUE, {"page": "2", "rag": ""})

    # then
    assert _references(first) == [made[0].reference, made[1].reference]
    assert _references(second) == [made[2].reference, made[3].reference]
    assert 'class="govuk-pagination"' in page_text(second)
    assert 'href="?page=1&amp;rag=" rel="prev"' in page_text(second)
    assert 'href="?page=3&amp;rag=" rel="next"' in page_text(second)
    assert 'aria-current="page">2</a>' in page_text(second)


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_queue_runs_a_fixed_number_of_queries(client, django_assert_num_queries, how_many):
    # given
    officer = complaint_officer()
    for _ in range(how_many):
        received_complaint()
    client.force_login(officer)

    # when / then: session, user, roles, the count and the page; however many complaints
    with django_assert_num_queries(5):
        response = client.get(QUEUE)
    assert len(_references(response)) == how_many


# Logging a complaint


def _log_form(client, resident, **data):
    """The log form as opened (its defaults), with `data` filled in."""
    form = client.get(f"{NEW}?resident={resident.pk}").context["form"]
    fields = {name: form[name].value() or "" for name in form.fields}
    return {**fields, "channel": Channel.PHONE, **data}


def test_an_agent_logs_a_phone_complaint(as_agent, agent, resident):
    # given
    data = _log_form(
        as_agent,
        resident,
        description="Third time the repair man did not turn up.",
        desired_outcome="Fix the boiler",
    )

    # when
    response = as_agent.post(f"{NEW}?resident={resident.pk}", data, follow=True)

    # then
    complaint = Complaint.objects.get()
    assert response.redirect_chain == [(url("complaint", complaint), 302)]
    assert f"Complaint {complaint.reference} logged." in page_text(response)
    assert complaint.case.resident == resident
    assert complaint.received_channel == Channel.PHONE
    assert complaint.description == "Third time the repair man did not turn up."
    received = complaint.case.timeline.events.get(kind="complaint.received")
    assert received.actor == agent
    assert received.backdate_reason == ""


def test_logging_a_back_dated_complaint_needs_a_reason(as_agent, resident):
    # given
    data = _log_form(
        as_agent,
        resident,
        description="Nobody came.",
        received_day="2",
        received_month="1",
        received_year="2025",
        received_time="09:15",
    )
    before = counts()

    # when
    response = as_agent.post(f"{NEW}?resident={resident.pk}", data)

    # then
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert "Give a reason for recording this with an earlier date and time." in page_text(response)
    assert counts() == before

    # when: the reason is given
    data["backdate_reason"] = "The letter was scanned today"
    response = as_agent.post(f"{NEW}?resident={resident.pk}", data)

    # then
    complaint = Complaint.objects.get()
    assert complaint.case.opened_at == at("2025-01-02", 9).replace(minute=15)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": ""}, "Say what the complaint is about, in the complainant&#x27;s words."),
        ({"channel": ""}, "Select how the complaint reached us"),
        ({"received_day": "31", "received_month": "2"}, "Enter a real date and time"),
        ({"received_time": "9am"}, "Enter the time in hours and minutes, like 14:30"),
        (
            {"received_year": "2099", "backdate_reason": "x"},
            "Something cannot be recorded as happening in the future.",
        ),
        ({"about_conduct": "on"}, "Say whose conduct the complaint is about."),
        ({"related_case": "R-2026-999999"}, "There is no case with the reference R-2026-999999."),
        ({"complainant": "representative"}, "Choose a representative who acts for this resident."),
        ({"complainant": "petition", "signers": "Amara Okafor"}, "at least two signers"),
        ({"complainant": "third_party"}, "Give the name of the person complaining."),
    ],
)
def test_logging_refuses_bad_input_and_writes_nothing(as_agent, resident, change, message):
    # given
    data = _log_form(as_agent, resident, **{"description": "Nobody came.", **change})
    before = counts()

    # when
    response = as_agent.post(f"{NEW}?resident={resident.pk}", data)

    # then
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert message in page_text(response)
    assert counts() == before


def test_logging_a_petition_a_representative_and_a_conduct_complaint(as_officer, resident):
    # given
    representative = representative_add(
        resident=resident,
        actor=None,
        name="Cllr Jo Bloggs",
        relationship="councillor",
        consent_given_on=at("2026-01-05").date(),
        consent_method="Signed form",
    )
    petition = _log_form(
        as_officer,
        resident,
        description="The lifts are always broken.",
        complainant="petition",
        signers="Amara Okafor – uses a wheelchair\nBen Ode - has a pram",
    )
    by_rep = _log_form(
        as_officer,
        resident,
        description="My constituent was ignored.",
        complainant="representative",
        representative=str(representative.pk),
        about_conduct="on",
        conduct_subject="Sam, the caretaker",
    )

    # when
    as_officer.post(f"{NEW}?resident={resident.pk}", petition)
    as_officer.post(f"{NEW}?resident={resident.pk}", by_rep)

    # then
    first, second = Complaint.objects.order_by("pk")
    assert [(s.name, s.circumstances, s.resident) for s in first.signatories.all()] == [
        ("Amara Okafor", "uses a wheelchair", resident),
        ("Ben Ode", "has a pram", None),
    ]
    assert second.representative == representative
    assert (second.about_conduct, second.conduct_subject) == (True, "Sam, the caretaker")


def test_logging_from_a_case_links_the_case_and_the_resident(as_agent, resident):
    # given
    repair = case_open(
        kind="repair",
        title="Leaking roof",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported",
        home=resident.home,
        resident=resident,
    )
    opened = as_agent.get(f"{NEW}?case={repair.reference}")
    form = opened.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}

    # when
    as_agent.post(
        f"{NEW}?case={repair.reference}",
        {**data, "channel": Channel.EMAIL, "description": "Still leaking."},
    )

    # then
    assert opened.context["resident"] == resident
    complaint = Complaint.objects.get()
    assert (complaint.related_case, complaint.case.resident) == (repair, resident)


# The complaint page


def test_the_complaint_page_shows_what_is_owed_deadlines_and_letters(as_officer):
    # given
    with time_machine.travel(at("2026-03-16"), tick=False):
        complaint = responded_complaint()
        escalated_complaint(complaint=complaint)

        # when
        response = as_officer.get(url("complaint", complaint))

    # then
    text = page_text(response)
    assert response.status_code == 200
    assert response.context["complaint"].pk == complaint.pk
    assert response.context["can_handle"] is True
    assert "Stage 2 requested" in text
    assert "Acknowledge your request for a stage 2 review" in text
    assert "On track" in text
    assert "Send our stage 1 response to your complaint" in text
    assert "Three missed repair appointments" in text
    assert "Our stage 1 response to your complaint" in text
    assert "Escalate to stage 2" not in text  # already asked for
    assert "Acknowledge and define" in text


def test_the_conduct_flag_is_shown_only_to_those_who_may_see_it(client):
    # given
    complaint = received_complaint(about_conduct=True, conduct_subject="Sam, the caretaker")

    # when
    client.force_login(complaint_officer())
    as_officer = page_text(client.get(url("complaint", complaint)))
    client.force_login(contact_agent())
    as_agent = page_text(client.get(url("complaint", complaint)))

    # then
    assert "Sam, the caretaker" in as_officer
    assert "Sam, the caretaker" not in as_agent
    assert "Conduct complaint" not in as_agent


def test_a_response_letter_can_be_read_printed_and_downloaded(as_officer):
    # given
    complaint = responded_complaint()
    letter = Stage.objects.get(complaint=complaint, number=1).response_letter

    # when
    page = as_officer.get(url("message", complaint, message_id=letter.pk))
    printable = as_officer.get(url("message-letter", complaint, message_id=letter.pk))
    pdf = as_officer.get(url("message-pdf", complaint, message_id=letter.pk))

    # then
    assert page.status_code == 200
    assert letter.subject in page_text(page)
    assert "What your complaint is about" in page_text(printable)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_message_of_another_complaint_is_not_found(as_officer):
    # given
    complaint = responded_complaint()
    other = received_complaint()
    letter = Stage.objects.get(complaint=complaint, number=1).response_letter

    # when
    response = as_officer.get(url("message", other, message_id=letter.pk))

    # then
    assert response.status_code == 404


# Acknowledge and define


def test_acknowledging_defines_the_complaint(as_officer, officer):
    # given
    complaint = received_complaint()

    # when
    response = as_officer.post(
        url("acknowledge", complaint),
        {
            "points": "Missed appointments\n\n  No call back  \n",
            "outcomes_sought": "An apology",
            "officer": str(officer.pk),
        },
        follow=True,
    )

    # then
    assert response.redirect_chain == [(url("complaint", complaint), 302)]
    assert "Stage 1 acknowledged and defined." in page_text(response)
    stage = Stage.objects.get(complaint=complaint, number=1)
    assert stage.officer == officer
    assert [p.summary for p in stage.points.all()] == ["Missed appointments", "No call back"]
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.STAGE_1


def test_acknowledge_offers_you_as_the_officer(as_officer, officer):
    # given
    complaint = received_complaint()

    # when
    response = as_officer.get(url("acknowledge", complaint))

    # then
    assert response.context["form"]["officer"].value() == str(officer.pk)
    assert "Olu Adeyemi" in page_text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points": "", "outcomes_sought": "An apology"}, "Write at least one point"),
        ({"points": "Late", "outcomes_sought": ""}, "Say what outcome the resident wants."),
    ],
)
def test_acknowledging_refuses_a_missing_definition(as_officer, officer, data, message):
    # given
    complaint = received_complaint()
    before = counts()

    # when
    response = as_officer.post(url("acknowledge", complaint), {**data, "officer": officer.pk})

    # then
    assert response.status_code == 200
    assert message in page_text(response)
    assert counts() == before


def test_stage_2_cannot_be_acknowledged_by_the_stage_1_officer(as_officer, officer):
    # given
    complaint = escalated_complaint(officer=officer)
    before = counts()

    # when
    response = as_officer.post(
        url("acknowledge", complaint),
        {"points": "Review", "outcomes_sought": "A fresh look", "officer": officer.pk},
    )

    # then
    assert response.status_code == 200
    assert "Stage 2 must be considered by a different officer" in page_text(response)
    assert counts() == before
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.STAGE_2_REQUESTED


# Extend


def test_extending_gives_more_time(as_officer):
    # given
    complaint = acknowledged_complaint()
    deadline = Deadline.objects.get(case=complaint.case, duty="complaint.stage1.respond")

    # when
    response = as_officer.post(
        url("extend", complaint),
        {"working_days": "5", "reason": "Waiting for the contractor's report"},
        follow=True,
    )

    # then
    assert "More time recorded." in page_text(response)
    deadline.refresh_from_db()
    assert deadline.extended_working_days == 5
    assert deadline.due_at > deadline.original_due_at


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"working_days": "5", "reason": ""}, "Give the reason for the extension"),
        ({"working_days": "11", "reason": "Busy"}, "the limit is 10"),
        ({"working_days": "ten", "reason": "Busy"}, "Enter the number of working days"),
        ({"working_days": "0", "reason": "Busy"}, "An extension must be at least 1 working day"),
    ],
)
def test_extending_refuses_bad_input(as_officer, data, message):
    # given
    complaint = acknowledged_complaint()
    before = counts()

    # when
    response = as_officer.post(url("extend", complaint), data)

    # then
    assert response.status_code == 200
    assert message in page_text(response)
    assert counts() == before


def test_extending_beyond_the_limit_with_a_good_reason(as_officer):
    # given
    complaint = acknowledged_complaint()

    # when
    as_officer.post(
        url("extend", complaint),
        {
            "working_days": "15",
            "reason": "Waiting for a surveyor",
            "good_reason_beyond_limit": "The surveyor is off sick",
        },
    )

    # then
    deadline = Deadline.objects.get(case=complaint.case, duty="complaint.stage1.respond")
    assert deadline.extended_working_days == 15


# Decide the points


def test_deciding_points(as_officer):
    # given
    complaint = acknowledged_complaint()

    # when
    response = as_officer.post(
        url("decide", complaint),
        {
            "decision_1": "upheld",
            "reason_1": "Three visits were missed.",
            "decision_2": "not_upheld",
            "reason_2": "Every call was returned.",
        },
        follow=True,
    )

    # then
    assert "Decisions saved." in page_text(response)
    points = Point.objects.filter(stage__complaint=complaint).order_by("number")
    assert [(p.decision, p.reason) for p in points] == [
        ("upheld", "Three visits were missed."),
        ("not_upheld", "Every call was returned."),
    ]


def test_deciding_refuses_an_unknown_decision(as_officer):
    # given
    complaint = acknowledged_complaint()
    before = counts()

    # when
    response = as_officer.post(url("decide", complaint), {"decision_1": "maybe"})

    # then
    assert "Select a decision for point 1" in page_text(response)
    assert counts() == before
    assert not Point.objects.filter(stage__complaint=complaint).exclude(decision="").exists()


def test_deciding_before_acknowledging_is_refused(as_officer):
    # given
    complaint = received_complaint()
    before = counts()

    # when
    response = as_officer.post(url("decide", complaint), {})

    # then
    assert "Decisions are made while a stage is being investigated." in page_text(response)
    assert counts() == before


# Respond


def test_the_respond_page_lists_the_gaps_and_previews_the_letter(as_officer):
    # given
    complaint = acknowledged_complaint()

    # when
    response = as_officer.get(url("respond", complaint))

    # then
    text = page_text(response)
    assert response.context["gaps"] == [
        "Point 1 has no decision (upheld, partly or not upheld).",
        "Point 1 has no reason for its decision.",
        "Point 2 has no decision (upheld, partly or not upheld).",
        "Point 2 has no reason for its decision.",
        "The response has no explanation of what was found.",
    ]
    assert "What the response still needs" in text
    assert "Letter preview" in text
    assert "Three missed repair appointments" in text


def test_responding_with_gaps_is_refused_and_nothing_is_sent(as_officer):
    # given
    complaint = acknowledged_complaint()
    before = counts()

    # when
    response = as_officer.post(
        url("respond", complaint), {"explanation": "We looked into it.", "send": "1"}
    )

    # then
    text = page_text(response)
    assert "There is a problem" in text
    assert "The response cannot be sent yet. Point 1 has no decision" in text
    assert "We looked into it." in text  # kept in the form and the preview
    assert counts() == before
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.STAGE_1


def test_previewing_writes_nothing(as_officer, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    decide_all(complaint, actor=officer, decision="upheld")
    before = counts()

    # when
    response = as_officer.post(
        url("respond", complaint),
        {"explanation": "The visits were missed.", "remedy_summary": "An apology.", "preview": "1"},
    )

    # then
    text = page_text(response)
    assert response.context["gaps"] == []
    assert "Your complaint is <strong>upheld</strong>" in text
    assert "The visits were missed." in text
    assert counts() == before


def test_responding_sends_the_letter(as_officer, officer):
    # given
    complaint = acknowledged_complaint(officer=officer)
    decide_all(complaint, actor=officer, decision="not_upheld")

    # when
    response = as_officer.post(
        url("respond", complaint),
        {"explanation": "Every visit was kept.", "send": "1"},
        follow=True,
    )

    # then
    assert "Response sent." in page_text(response)
    stage = Stage.objects.get(complaint=complaint, number=1)
    assert (stage.outcome, stage.explanation, stage.responded_by) == (
        "not_upheld",
        "Every visit was kept.",
        officer,
    )
    assert stage.response_letter is not None
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.STAGE_1_RESPONDED


def test_responding_before_acknowledging_is_refused(as_officer):
    # given
    complaint = received_complaint()
    before = counts()

    # when
    response = as_officer.post(url("respond", complaint), {"explanation": "x", "send": "1"})

    # then
    assert "The complaint must be acknowledged before it is answered." in page_text(response)
    assert counts() == before


# Escalate


def _escalate_form(client, complaint, **data):
    form = client.get(url("escalate", complaint)).context["form"]
    fields = {name: form[name].value() or "" for name in form.fields}
    return {**fields, "channel": Channel.PHONE, **data}


def test_an_agent_escalates_on_the_residents_behalf(as_agent):
    # given
    complaint = responded_complaint()

    # when
    response = as_agent.post(
        url("escalate", complaint), _escalate_form(as_agent, complaint), follow=True
    )

    # then
    assert "Stage 2 review requested." in page_text(response)
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.STAGE_2_REQUESTED
    assert Stage.objects.get(complaint=complaint, number=2).escalation_reason == ""


def test_escalating_without_a_stage_1_response_is_refused(as_agent):
    # given
    complaint = acknowledged_complaint()
    before = counts()

    # when
    response = as_agent.post(url("escalate", complaint), _escalate_form(as_agent, complaint))

    # then
    assert "There is no stage 1 response to escalate from yet." in page_text(response)
    assert counts() == before


def test_a_late_escalation_needs_the_officers_reason(as_officer):
    # given: answered on 2 March; the window ends 20 working days later
    with time_machine.travel(at("2026-03-02"), tick=False):
        complaint = responded_complaint()
    with time_machine.travel(at("2026-05-11"), tick=False):
        form = as_officer.get(url("escalate", complaint))
        data = _escalate_form(as_officer, complaint)
        before = counts()

        # when
        refused = as_officer.post(url("escalate", complaint), data)
        after_refusal = counts()
        accepted = as_officer.post(
            url("escalate", complaint),
            {**data, "late_discretion_reason": "The repair is still not done."},
        )

    # then
    assert "The time to ask for stage 2 has passed." in page_text(form)
    assert "The time to ask for stage 2 ended on 30 March 2026." in page_text(refused)
    assert after_refusal == before
    assert accepted.status_code == 302
    stage = Stage.objects.get(complaint=complaint, number=2)
    assert stage.late_escalation_reason == "The repair is still not done."


# Refuse, withdraw, add a point


def test_refusing_a_complaint(as_officer):
    # given
    complaint = received_complaint()

    # when
    response = as_officer.post(
        url("refuse", complaint),
        {"exclusion": "legal_action", "explanation": "A claim was filed on 3 March."},
        follow=True,
    )

    # then
    assert "Not accepted as a complaint." in page_text(response)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.exclusion) == (ComplaintStatus.REFUSED, "legal_action")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"exclusion": "legal_action", "explanation": ""}, "Explain why this reason applies"),
        ({"exclusion": "", "explanation": "x"}, "Select the reason it cannot be accepted"),
    ],
)
def test_refusing_needs_a_reason_and_its_explanation(as_officer, data, message):
    # given
    complaint = received_complaint()
    before = counts()

    # when
    response = as_officer.post(url("refuse", complaint), data)

    # then
    assert message in page_text(response)
    assert counts() == before


def test_withdrawing_needs_a_reason(as_officer):
    # given
    complaint = acknowledged_complaint()
    before = counts()

    # when
    refused = as_officer.post(url("withdraw", complaint), {"reason": " "})
    after_refusal = counts()
    done = as_officer.post(url("withdraw", complaint), {"reason": "Resolved by phone"}, follow=True)

    # then
    assert "Say why the complaint is withdrawn." in page_text(refused)
    assert after_refusal == before
    assert "Complaint withdrawn." in page_text(done)
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.WITHDRAWN


def test_adding_a_point_before_the_response(as_officer):
    # given
    complaint = acknowledged_complaint()

    # when
    response = as_officer.post(
        url("add-point", complaint), {"summary": "The operative was rude"}, follow=True
    )

    # then
    assert "Point 3 added to the definition." in page_text(response)
    point = Point.objects.get(stage__complaint=complaint, number=3)
    assert (point.summary, point.added_after_acknowledgement) == ("The operative was rude", True)


def test_adding_a_point_after_the_response_is_refused(as_officer):
    # given
    complaint = responded_complaint()
    before = counts()

    # when
    response = as_officer.post(url("add-point", complaint), {"summary": "Another thing"})

    # then
    assert "log a new complaint instead" in page_text(response)
    assert counts() == before


# Links in from the rest of the console


def test_resident_and_case_pages_offer_to_log_a_complaint(as_agent, resident):
    # given
    repair = case_open(
        kind="repair",
        title="Leaking roof",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported",
        home=resident.home,
        resident=resident,
    )

    # when
    resident_page = page_text(
        as_agent.get(reverse("console:resident", kwargs={"resident_id": resident.pk}))
    )
    case_page = page_text(
        as_agent.get(reverse("console:case", kwargs={"reference": repair.reference}))
    )

    # then
    assert f'href="{NEW}?resident={resident.pk}">Log a complaint' in resident_page
    assert f"{NEW}?resident={resident.pk}&amp;case={repair.reference}" in case_page
    assert f'href="{QUEUE}">Complaints</a>' in resident_page


def test_third_party_complaint_without_a_resident(as_officer):
    # given
    form = as_officer.get(NEW).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}

    # when
    as_officer.post(
        NEW,
        {
            **data,
            "channel": Channel.LETTER,
            "complainant": "third_party",
            "third_party_name": "Pat Neighbour",
            "third_party_contact": "3 Elm Road",
            "description": "Your scaffolding blocks my drive.",
        },
    )

    # then
    complaint = Complaint.objects.get()
    assert complaint.case.resident is None
    assert (complaint.complainant, complaint.third_party_name) == ("third_party", "Pat Neighbour")
    assert form.fields["complainant"].choices == [
        ("third_party", "A third party affected by our actions")
    ]
    shown = page_text(as_officer.get(url("complaint", complaint)))
    assert "Pat Neighbour, 3 Elm Road" in shown
    assert "None: the complainant is not one of our residents" in shown


def test_stage_2_response_by_a_different_officer(client, officer):
    # given
    complaint = escalated_complaint(officer=officer)
    second = complaint_officer()
    client.force_login(second)
    client.post(
        url("acknowledge", complaint),
        {"points": "Review", "outcomes_sought": "A fresh look", "officer": second.pk},
    )

    # when
    decided = client.post(url("decide", complaint), {"decision_1": "upheld", "reason_1": "Yes"})
    sent = client.post(url("respond", complaint), {"explanation": "Reviewed.", "send": "1"})

    # then
    assert decided.status_code == sent.status_code == 302
    stage = Stage.objects.get(complaint=complaint, number=2)
    assert (stage.officer, stage.responded_by, stage.outcome) == (second, second, "upheld")
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.STAGE_2_RESPONDED
    assert timedelta(0) <= stage.responded_at - stage.acknowledged_at
