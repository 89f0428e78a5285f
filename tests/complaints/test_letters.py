"""Complaint letters as HTML and PDF, in the resident's format."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import NotFound
from homecase.complaints import letters
from homecase.housing.models import ContactChannel, ContactFormat
from homecase.notify.models import MessageChannel, OutboundMessage
from tests.complaints.test_portal import acknowledge, make_complaint, respond
from tests.factories import UserFactory, resident_with_login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def officer():
    return UserFactory(roles=["complaint_officer"], first_name="Nadia", last_name="Rahman")


def responded_complaint(officer, **resident_details):
    resident = resident_with_login(first_name="Amara", last_name="Okafor", **resident_details)
    with time_machine.travel(datetime(2024, 9, 2, 10, tzinfo=LONDON), tick=False):
        complaint = make_complaint(resident)
        acknowledge(complaint, officer)
    with time_machine.travel(datetime(2024, 9, 4, 15, tzinfo=LONDON), tick=False):
        respond(complaint, officer)
    complaint.refresh_from_db()
    return complaint


def test_a_response_sent_by_email_is_rendered_as_its_letter(officer):
    # given: the resident is written to by email
    complaint = responded_complaint(officer)

    # when: read again a month later
    with time_machine.travel(datetime(2024, 10, 7, 9, tzinfo=LONDON), tick=False):
        html = letters.letter_html(complaint=complaint, stage_number=1)

    # then: the letter as posted would have been, dated and signed as the response was
    assert html.startswith("<!DOCTYPE html>")
    assert '<body class="letter">' in html
    assert '<p class="date">4 September 2024</p>' in html
    assert f"Your reference: {complaint.reference}" in html
    assert "<p>Dear Amara Okafor,</p>" in html
    assert "This is our stage 1 response to your complaint." in html
    assert "<td>1. The lift was out of order for three weeks</td><td>Upheld</td>" in html
    assert "Please ask by <strong>2 October 2024</strong>" in html
    assert "<p>Nadia Rahman<br>Riverside Commons Housing</p>" in html


def test_a_large_print_resident_gets_a_large_print_letter(officer):
    # given
    complaint = responded_complaint(officer, preferred_format=ContactFormat.LARGE_PRINT)

    # when
    html = letters.letter_html(complaint=complaint, stage_number=1)

    # then
    assert '<body class="letter large-print">' in html
    assert "font-size: 18pt" in html


def test_an_easy_read_resident_gets_an_easy_read_letter(officer):
    # given
    complaint = responded_complaint(officer, preferred_format=ContactFormat.EASY_READ)

    # when
    html = letters.letter_html(complaint=complaint, stage_number=1)

    # then
    assert '<body class="letter easy-read">' in html


def test_a_response_sent_as_a_letter_is_shown_exactly_as_posted(officer):
    # given
    complaint = responded_complaint(
        officer,
        preferred_channel=ContactChannel.LETTER,
        preferred_format=ContactFormat.LARGE_PRINT,
    )
    posted = OutboundMessage.objects.get(pk=complaint.stages.get(number=1).response_letter_id)
    assert posted.channel == MessageChannel.LETTER

    # when
    html = letters.letter_html(complaint=complaint, stage_number=1)

    # then
    assert html == posted.body_html
    assert "large-print" in html


def test_there_is_no_letter_before_the_response(officer):
    # given
    resident = resident_with_login()
    complaint = make_complaint(resident)

    # when / then
    with pytest.raises(NotFound) as refused:
        letters.letter_html(complaint=complaint, stage_number=1)
    assert refused.value.message == "There is no stage 1 response to this complaint yet."


def test_the_pdf_is_a_pdf(officer):
    # given
    complaint = responded_complaint(officer, preferred_format=ContactFormat.LARGE_PRINT)

    # when
    pdf = letters.letter_pdf(letters.letter_html(complaint=complaint, stage_number=1))

    # then
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


def test_a_pdf_never_fetches_anything_from_outside():
    # given: a letter that names an outside resource
    html = '<html><body><img src="http://169.254.169.254/secret.png"><p>Hello</p></body></html>'

    # when
    pdf = letters.letter_pdf(html)

    # then: rendered without it
    assert pdf.startswith(b"%PDF")


def test_an_email_is_read_as_it_was_sent(officer):
    # given
    complaint = responded_complaint(officer)
    email = OutboundMessage.objects.get(case=complaint.case, template="complaint_received")

    # when
    html = letters.message_html(complaint=complaint, message=email)

    # then
    assert html == email.body_html


def test_a_text_message_is_read_in_a_page_of_its_own(officer):
    # given: a resident who is sent text messages, in large print when written to
    complaint = responded_complaint(
        officer, preferred_channel=ContactChannel.SMS, preferred_format=ContactFormat.LARGE_PRINT
    )
    text = OutboundMessage.objects.get(case=complaint.case, template="complaint_received")
    assert text.channel == MessageChannel.SMS

    # when
    html = letters.message_html(complaint=complaint, message=text)

    # then
    assert '<body class="message large-print">' in html
    assert "Text message sent to 07700 900123 on 2 September 2024:" in html
    assert f"{complaint.reference}" in html


def test_a_response_message_is_always_read_as_its_letter(officer):
    # given
    complaint = responded_complaint(officer)
    email = OutboundMessage.objects.get(case=complaint.case, template="complaint_stage1_response")
    assert email.channel == MessageChannel.EMAIL

    # when
    html = letters.message_html(complaint=complaint, message=email)

    # then
    assert html == letters.letter_html(complaint=complaint, stage_number=1)
