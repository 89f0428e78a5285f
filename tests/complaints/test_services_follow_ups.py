"""After the sweep: one apology with a new date per missed complaint promise, never twice, and
none once the complaint is closed."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from homecase.complaints import services
from homecase.complaints.models import MissedPromise
from homecase.notify.models import OutboundMessage
from homecase.records.models import Deadline, DeadlineStatus, Visibility
from homecase.records.services import deadlines_sweep
from tests.complaints import factories as make

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2024, 9, 2, 10, tzinfo=LONDON)
NEXT_TUESDAY = datetime(2024, 9, 10, 6, tzinfo=LONDON)


def local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def deadlines(complaint) -> list[tuple[str, str]]:
    found = Deadline.objects.filter(case=complaint.case).order_by("pk")
    return [(local(d.due_at), d.status) for d in found]


@pytest.fixture
def complaint():
    with time_machine.travel(MONDAY, tick=False):
        return make.received_complaint()


def test_a_missed_acknowledgement_gets_one_apology_with_a_new_date(complaint):
    # when: the sweep and follow-up run twice the morning after it was due
    with time_machine.travel(NEXT_TUESDAY, tick=False):
        deadlines_sweep()
        assert services.missed_promises_follow_up() == 1
        assert services.missed_promises_follow_up() == 0
    # then
    assert deadlines(complaint) == [
        ("2024-09-09 23:59", DeadlineStatus.MISSED),
        ("2024-09-13 23:59", DeadlineStatus.OPEN),
    ]
    assert MissedPromise.objects.count() == 1
    apology = complaint.case.timeline.events.get(kind="complaint.apology")
    assert apology.summary == (
        "We are sorry: we did not acknowledge your complaint and agree what it is about by "
        "9 September 2024. We will now do it by 13 September 2024."
    )
    letter = OutboundMessage.objects.get(template="deadline_missed")
    assert "13 September 2024" in letter.body


def test_a_missed_response_keeps_what_is_left_of_its_extension_limit():
    # given: response due 16 September, extended by 4 of its 10 days to 20 September, missed
    with time_machine.travel(MONDAY, tick=False):
        officer = make.complaint_officer()
        complaint = make.acknowledged_complaint(officer=officer)
        services.complaint_extend(complaint=complaint, actor=officer, working_days=4, reason="x")
    # when
    with time_machine.travel(datetime(2024, 9, 23, 6, tzinfo=LONDON), tick=False):
        deadlines_sweep()
        services.missed_promises_follow_up()
    # then
    new = Deadline.objects.filter(duty="complaint.stage1.respond").order_by("pk").last()
    assert (local(new.due_at), new.extension_limit_working_days) == ("2024-09-26 23:59", 6)


def test_a_third_party_is_apologised_to_by_hand():
    with time_machine.travel(MONDAY, tick=False):
        complaint = make.received_complaint(complainant="third_party", third_party_name="Mr Lee")
    with time_machine.travel(NEXT_TUESDAY, tick=False):
        deadlines_sweep()
        services.missed_promises_follow_up()
    assert OutboundMessage.objects.count() == 0
    needed = complaint.case.timeline.events.filter(kind="complaint.letter_needed")
    assert list(needed.values_list("summary", "visibility")) == [
        ("Write to Mr Lee by hand (not on our records): complaint received", Visibility.STAFF),
        ("Write to Mr Lee by hand (not on our records): deadline missed", Visibility.STAFF),
    ]


def test_no_apology_is_owed_on_a_withdrawn_complaint(complaint):
    # given: missed, then withdrawn before any follow-up ran
    with time_machine.travel(NEXT_TUESDAY, tick=False):
        deadlines_sweep()
        services.complaint_withdraw(complaint=complaint, actor=None, reason="Sorted")
        # when
        followed = services.missed_promises_follow_up()
    # then
    assert followed == 0
    assert deadlines(complaint) == [("2024-09-09 23:59", DeadlineStatus.MISSED)]


def test_the_sweep_command_reports_the_follow_ups(complaint):
    out = StringIO()
    with time_machine.travel(NEXT_TUESDAY, tick=False):
        call_command("sweep", stdout=out)
    assert "1 missed complaint promise(s) apologised for with a new date." in (
        out.getvalue().splitlines()
    )
    assert "1 deadline(s) marked as missed." in out.getvalue()
