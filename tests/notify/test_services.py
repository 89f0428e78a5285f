"""Sending messages: rendering per channel, format and language, the timeline, delivery."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail

from homecase.common.errors import Conflict, InvalidInput
from homecase.housing.services import representative_add
from homecase.notify import selectors, services
from homecase.notify.models import MessageStatus, OutboundMessage
from homecase.records.models import Case, Channel, Event, Visibility
from homecase.records.services import case_open
from tests.factories import HomeFactory, ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

THURSDAY_10AM = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
UPDATE = {"message": "The joiner will fit a new closer on Friday."}


class FailingSms:
    """An SMS gateway that is down."""

    def send(self, message):
        raise ConnectionError("Gateway unavailable (503)")


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(THURSDAY_10AM, tick=False):
        yield


@pytest.fixture
def outbox(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "outbox"


@pytest.fixture
def officer(db):
    return UserFactory(first_name="Priya", last_name="Shah", roles=["contact_agent"])


def make_resident(**kwargs):
    defaults = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "email": "amara@example.org",
        "phone": "07700 900123",
        "home": HomeFactory(address_line_1="Flat 3, Heron House", town="London", postcode="E3 2AB"),
    }
    return ResidentFactory(**(defaults | kwargs))


def open_repair(resident, actor=None) -> Case:
    return case_open(
        kind="repair",
        title="Repair to communal entrance door",
        actor=actor,
        channel=Channel.PHONE,
        summary="Resident called: the entrance door does not close",
        home=resident.home,
        resident=resident,
    )


def send(resident, *, case=None, template="case_update", context=None, actor=None, **kwargs):
    return services.message_send(
        resident=resident,
        template=template,
        context=UPDATE if context is None else context,
        actor=actor,
        case=case,
        **kwargs,
    )


def events(timeline, kind):
    return list(Event.objects.filter(timeline=timeline, kind=kind).order_by("sequence"))


def test_an_email_is_sent_with_the_reference_in_its_subject(
    officer, django_capture_on_commit_callbacks
):
    # given
    resident = make_resident(preferred_channel="email")
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case, actor=officer)
    # then
    message.refresh_from_db()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == f"Update on your case {case.reference}"
    assert email.to == ["amara@example.org"]
    assert email.from_email == "Homecase <no-reply@homecase.local>"
    assert email.body == (
        f"Dear Amara Okafor,\n\n"
        f"Your reference: {case.reference} — Repair to communal entrance door\n\n"
        f"There is an update on your case {case.reference}: The joiner will fit a new closer "
        f"on Friday.\n\n"
        f"If you have any questions, reply to this email and quote {case.reference}.\n\n"
        f"Priya Shah\nRiverside Commons Housing"
    )
    assert email.alternatives[0][1] == "text/html"
    assert "font-size: 12pt" in email.alternatives[0][0]
    assert (message.status, message.sent_at, message.channel, message.recipient) == (
        MessageStatus.SENT,
        THURSDAY_10AM,
        "email",
        "amara@example.org",
    )
    assert message.backend == "homecase.notify.backends.DjangoEmail"
    assert message.body == email.body


def test_sending_records_a_resident_visible_event_on_the_case_timeline(
    officer, django_capture_on_commit_callbacks
):
    # given
    resident = make_resident(preferred_channel="email")
    case = open_repair(resident)
    resident_timeline_length = resident.timeline.length
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case, actor=officer)
    # then
    [event] = events(case.timeline, "message.sent")
    assert event.visibility == Visibility.RESIDENT
    assert event.channel == Channel.EMAIL
    assert event.actor == officer
    assert event.summary == f"Email sent: Update on your case {case.reference}"
    assert event.data == {
        "message_id": message.pk,
        "channel": "email",
        "format": "standard",
        "template": "case_update",
        "recipient": "amara@example.org",
        "language": "English",
    }
    resident.timeline.refresh_from_db()
    assert resident.timeline.length == resident_timeline_length


def test_without_a_case_the_event_goes_on_the_residents_timeline(
    django_capture_on_commit_callbacks,
):
    # given
    resident = make_resident(preferred_channel="email")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident)
    # then
    [event] = events(resident.timeline, "message.sent")
    assert event.summary == "Email sent: An update from Riverside Commons Housing"
    assert event.visibility == Visibility.RESIDENT
    assert event.data["message_id"] == message.pk
    assert mail.outbox[0].body.startswith("Dear Amara Okafor,\n\nThe joiner will fit")


def test_nothing_is_delivered_before_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    # given
    resident = make_resident(preferred_channel="email")
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send(resident)
    # then
    assert len(callbacks) == 1
    assert mail.outbox == []
    message.refresh_from_db()
    assert (message.status, message.sent_at) == (MessageStatus.QUEUED, None)


def test_a_large_print_letter_uses_the_large_print_stylesheet(
    outbox, django_capture_on_commit_callbacks
):
    # given
    resident = make_resident(preferred_channel="letter", preferred_format="large_print")
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    message.refresh_from_db()
    assert "body { font-size: 18pt; line-height: 1.6;" in message.body_html
    assert '<body class="letter large-print">' in message.body_html
    assert (
        f'<p class="reference">Your reference: {case.reference} — Repair to communal entrance '
        f"door</p>" in message.body_html
    )
    assert "Flat 3, Heron House<br>\nLondon<br>\nE3 2AB<br>" in message.body_html
    assert '<p class="date">12 March 2026</p>' in message.body_html
    assert message.recipient == "Amara Okafor, Flat 3, Heron House, London, E3 2AB"
    assert f"If you have any questions, contact us and quote {case.reference}." in message.body
    assert (message.status, message.format) == (MessageStatus.SENT, "large_print")
    assert message.backend == "homecase.notify.backends.OutboxLetter"
    assert (outbox / "letters" / f"{message.pk}.html").read_text() == message.body_html


def test_a_standard_letter_is_not_in_large_print(outbox, django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="letter")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=open_repair(resident))
    # then
    assert "18pt" not in message.body_html
    assert '<body class="letter">' in message.body_html


def test_an_easy_read_letter_is_flagged(outbox, django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="letter", preferred_format="easy_read")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=open_repair(resident))
    # then
    assert '<body class="letter easy-read">' in message.body_html
    assert "body { font-size: 16pt; line-height: 1.8;" in message.body_html


@pytest.mark.parametrize("message_format", ["braille", "audio"])
def test_a_braille_or_audio_letter_waits_in_the_outbox_for_transcription(
    outbox, officer, django_capture_on_commit_callbacks, message_format
):
    # given
    resident = make_resident(preferred_channel="letter", preferred_format=message_format)
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    message.refresh_from_db()
    assert (message.status, message.sent_at) == (MessageStatus.QUEUED, None)
    assert message.backend == "homecase.notify.backends.OutboxLetter (transcription needed)"
    written = outbox / "letters" / "transcription" / message_format / f"{message.pk}.html"
    assert written.read_text() == message.body_html
    [event] = events(case.timeline, "message.sent")
    assert event.summary == (
        f"Letter queued for transcription into {message.get_format_display().lower()}: "
        f"Update on your case {case.reference}"
    )
    assert event.data["transcription_needed"] is True


def test_a_transcribed_letter_is_marked_sent_by_the_person_who_sent_it(
    outbox, officer, django_capture_on_commit_callbacks
):
    # given
    resident = make_resident(preferred_channel="letter", preferred_format="braille")
    case = open_repair(resident)
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # when
    marked = services.message_mark_sent(message=message, actor=officer)
    # then
    assert (marked.status, marked.sent_at) == (MessageStatus.SENT, THURSDAY_10AM)
    [event] = events(case.timeline, "message.transcribed")
    assert event.summary == f"Letter in braille sent: Update on your case {case.reference}"
    assert (event.actor, event.visibility) == (officer, Visibility.RESIDENT)


def test_an_sms_lands_in_the_outbox(outbox, django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="sms")
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    message.refresh_from_db()
    expected_body = (
        f"Riverside Commons Housing: There is an update on your case {case.reference}: "
        f"The joiner will fit a new closer on Friday."
    )
    assert (message.channel, message.recipient, message.body, message.body_html) == (
        "sms",
        "07700 900123",
        expected_body,
        "",
    )
    assert message.status == MessageStatus.SENT
    assert (outbox / "sms" / f"{message.pk}.txt").read_text() == (
        f"To: 07700 900123\n\n{expected_body}\n"
    )
    [event] = events(case.timeline, "message.sent")
    assert (event.summary, event.channel) == (
        f"Text message sent: Update on your case {case.reference}",
        Channel.SMS,
    )


def test_a_resident_who_prefers_the_phone_gets_a_text(outbox, django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="phone")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident)
    # then
    assert message.channel == "sms"


def test_an_unreachable_resident_is_refused_and_nothing_is_written(
    outbox, django_capture_on_commit_callbacks
):
    # given
    resident = ResidentFactory(email="", phone="", home=None)
    case = open_repair(resident)
    case_length, resident_length = case.timeline.length, resident.timeline.length
    # when
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(InvalidInput) as error,
    ):
        send(resident, case=case)
    # then
    assert error.value.field == "resident"
    assert OutboundMessage.objects.count() == 0
    case.timeline.refresh_from_db()
    resident.timeline.refresh_from_db()
    assert (case.timeline.length, resident.timeline.length) == (case_length, resident_length)
    assert (callbacks, mail.outbox) == ([], [])
    assert not outbox.exists()


def test_a_channel_chosen_by_hand_must_reach_the_resident(django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="email", home=None)
    # when
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput) as error:
        send(resident, channel="letter")
    # then
    assert error.value.message == (
        "Amara Okafor cannot be sent a letter: the contact details it needs are not recorded."
    )
    assert OutboundMessage.objects.count() == 0
    assert Event.objects.filter(kind="message.sent").count() == 0


def test_an_unknown_template_is_refused_and_nothing_is_written(
    django_capture_on_commit_callbacks,
):
    # given
    resident = make_resident()
    length = resident.timeline.length
    # when
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput) as error:
        send(resident, template="../base_letter")
    # then
    assert error.value.message == "There is no message template called '../base_letter'."
    assert OutboundMessage.objects.count() == 0
    resident.timeline.refresh_from_db()
    assert resident.timeline.length == length


def test_a_failing_backend_marks_the_message_failed_and_tells_staff(
    settings, django_capture_on_commit_callbacks
):
    # given
    settings.HOMECASE_SMS_BACKEND = "tests.notify.test_services.FailingSms"
    resident = make_resident(preferred_channel="sms")
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    message.refresh_from_db()
    assert (message.status, message.sent_at, message.failure_reason) == (
        MessageStatus.FAILED,
        None,
        "Gateway unavailable (503)",
    )
    [event] = events(case.timeline, "message.failed")
    assert event.visibility == Visibility.STAFF
    assert event.actor is None
    assert event.summary == (
        f"Text message to 07700 900123 could not be sent: Update on your case "
        f"{case.reference}. Reason: Gateway unavailable (503)"
    )
    assert event.data == {
        "message_id": message.pk,
        "channel": "sms",
        "recipient": "07700 900123",
        "reason": "Gateway unavailable (503)",
    }


def test_delivering_again_does_not_send_twice(django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident)
    # when
    again = services.message_deliver(message_id=message.pk)
    # then
    assert again.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_a_sent_message_cannot_be_marked_sent_again(django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident)
    # when
    with pytest.raises(Conflict) as error:
        services.message_mark_sent(message=message, actor=None)
    # then
    assert error.value.message == "This message is already sent."


@pytest.mark.parametrize(("language", "offered"), [("Welsh", "Welsh"), ("pl", "Polish")])
def test_without_a_translation_the_message_is_in_english_with_an_offer(
    django_capture_on_commit_callbacks, language, offered
):
    # given
    resident = make_resident(preferred_channel="email", preferred_language=language)
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    assert message.language == "English"
    assert mail.outbox[0].body.startswith(
        f"If you would like this email in {offered}, or an interpreter, please contact us "
        f"quoting {case.reference}. We will arrange it free of charge.\n\nDear Amara Okafor,"
    )
    [event] = events(case.timeline, "message.sent")
    assert (event.data["requested_language"], event.data["translation_offered"]) == (
        language,
        offered,
    )


def test_a_letter_without_a_translation_offers_one_at_the_top(
    outbox, django_capture_on_commit_callbacks
):
    # given
    resident = make_resident(preferred_channel="letter", preferred_language="Polish")
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    assert (
        '<p class="translation-offer">If you would like this letter in Polish, or an '
        f"interpreter, please contact us quoting {case.reference}. We will arrange it free of "
        "charge.</p>"
    ) in message.body_html


def test_a_translated_template_is_used_when_there_is_one(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    # given
    folder = tmp_path / "notify" / "case_update" / "cy"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Diweddariad ar eich achos {{ reference }}")
    (folder / "email.txt").write_text("Annwyl {{ recipient_name }},\n\n{{ message }}")
    settings.TEMPLATES = [settings.TEMPLATES[0] | {"DIRS": [str(tmp_path)]}]
    resident = make_resident(preferred_channel="email", preferred_language="Welsh")
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case, context={"message": "Bydd y saer yn dod ddydd Gwener."})
    # then
    assert message.language == "Welsh"
    assert (mail.outbox[0].subject, mail.outbox[0].body) == (
        f"Diweddariad ar eich achos {case.reference}",
        "Annwyl Amara Okafor,\n\nBydd y saer yn dod ddydd Gwener.",
    )
    [event] = events(case.timeline, "message.sent")
    assert "translation_offered" not in event.data


def test_a_representative_whose_consent_covers_the_case_gets_a_copy(
    django_capture_on_commit_callbacks,
):
    # given
    resident = make_resident(preferred_channel="email")
    case = open_repair(resident)
    representative = representative_add(
        resident=resident,
        actor=None,
        name="Sam Patel",
        relationship="advocate",
        consent_given_on=date(2026, 1, 5),
        consent_method="Signed form",
        email="sam@advocacy.example.org",
        case_references=[case.reference],
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case)
    # then
    copy = OutboundMessage.objects.exclude(pk=message.pk).get()
    assert (copy.representative, copy.resident, copy.case, copy.channel, copy.recipient) == (
        representative,
        resident,
        case,
        "email",
        "sam@advocacy.example.org",
    )
    assert [m.to for m in mail.outbox] == [["amara@example.org"], ["sam@advocacy.example.org"]]
    assert mail.outbox[1].body.startswith(
        "You are receiving a copy of this message because you act for Amara Okafor on "
        f"{case.reference}.\n\nDear Sam Patel,"
    )
    summaries = [e.summary for e in events(case.timeline, "message.sent")]
    assert summaries == [
        f"Email sent: Update on your case {case.reference}",
        f"Email copy sent to Sam Patel (representative): Update on your case {case.reference}",
    ]


@pytest.mark.parametrize(
    "consent",
    [
        {"case_references": ["R-2025-000999"]},
        {"valid_until": date(2026, 3, 1)},
        {"email": ""},
    ],
    ids=["another case", "consent expired", "no email"],
)
def test_a_representative_not_covering_the_case_gets_no_copy(
    django_capture_on_commit_callbacks, consent
):
    # given
    resident = make_resident(preferred_channel="email")
    case = open_repair(resident)
    representative_add(
        resident=resident,
        actor=None,
        name="Sam Patel",
        relationship="advocate",
        consent_given_on=date(2026, 1, 5),
        consent_method="Signed form",
        **({"email": "sam@advocacy.example.org"} | consent),
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        send(resident, case=case)
    # then
    assert OutboundMessage.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["amara@example.org"]]


def test_the_deadline_missed_template_apologises(django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="sms")
    case = open_repair(resident)
    context = {
        "due": "5pm on 10 March 2026",
        "label": "Repair the entrance door",
        "what_next": "A joiner will come on 13 March.",
    }
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, case=case, template="deadline_missed", context=context)
    # then
    assert message.subject == f"{case.reference}: We have not done what we promised"
    assert message.body == (
        f"Riverside Commons Housing: {case.reference}: We have not done what we promised by "
        "5pm on 10 March 2026: Repair the entrance door. We are sorry. A joiner will come on "
        "13 March."
    )


def test_text_parts_are_not_html_escaped_and_letters_are(
    outbox, django_capture_on_commit_callbacks
):
    # given
    resident = make_resident(preferred_channel="letter", last_name="O'Brien")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        message = send(resident, context={"message": "Fixed <today> & tested."})
    # then
    assert "Dear Amara O'Brien," in message.body
    assert "Fixed <today> & tested." in message.body
    assert "Dear Amara O&#x27;Brien," in message.body_html
    assert "Fixed &lt;today&gt; &amp; tested." in message.body_html


def test_selectors_list_messages_for_a_case_and_a_resident(django_capture_on_commit_callbacks):
    # given
    resident = make_resident(preferred_channel="email")
    case = open_repair(resident)
    other = make_resident(email="other@example.org", phone="")
    with django_capture_on_commit_callbacks(execute=True):
        about_case = send(resident, case=case)
        general = send(resident)
        send(other)
    # when
    for_case = list(selectors.messages_for_case(case=case))
    for_resident = list(selectors.messages_for_resident(resident=resident))
    # then
    assert for_case == [about_case]
    assert for_resident == [general, about_case]


def test_a_case_message_to_an_unreachable_resident_asks_staff_to_contact_them_by_hand(
    outbox, django_capture_on_commit_callbacks
):
    # given: a resident with no email, phone or home on record
    resident = ResidentFactory(first_name="Ines", last_name="Moreau", email="", phone="", home=None)
    case = open_repair(resident)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.case_message_send(
            case=case,
            resident=resident,
            template="case_update",
            context=UPDATE,
            actor=None,
            by_hand_kind="repair.letter_needed",
        )
    # then: nothing is sent, and staff are told who to contact by hand and about what
    assert sent is None
    assert OutboundMessage.objects.count() == 0
    [by_hand] = events(case.timeline, "repair.letter_needed")
    assert by_hand.visibility == Visibility.STAFF
    assert by_hand.summary == "Contact Ines Moreau by hand (no contact details): case update"


def test_a_case_message_to_a_reachable_resident_is_sent(outbox, django_capture_on_commit_callbacks):
    resident = make_resident()
    case = open_repair(resident)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.case_message_send(
            case=case,
            resident=resident,
            template="case_update",
            context=UPDATE,
            actor=None,
            by_hand_kind="repair.letter_needed",
        )
    assert sent is not None
    assert events(case.timeline, "repair.letter_needed") == []
