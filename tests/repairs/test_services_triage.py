"""Triage and honest promises: priority changes with a reason (the completion promise recomputed
from the report), interim measures demanded before a safety job waits, hand-over to a planned
programme with the plain truth, updates while there is no completion date, cancellation."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, DeadlineStatus, Visibility
from homecase.repairs.models import Repair
from homecase.repairs.services import _common
from homecase.repairs.services import triage as services
from tests.factories import UserFactory
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


def refused(error_type, call, **kwargs):
    before = make.written()
    with pytest.raises(error_type) as error:
        call(**kwargs)
    assert make.written() == before
    return error.value


def last_message(repair: Repair) -> OutboundMessage:
    return OutboundMessage.objects.filter(case=repair.case).latest("pk")


def fresh(repair: Repair) -> Repair:
    return Repair.objects.get(pk=repair.pk)


def test_triage_keeps_the_catalogue_priority():
    repair = make.triaged_repair()

    assert (repair.status, repair.priority) == ("triaged", "urgent")
    assert repair.case.timeline.events.filter(kind="repair.triaged").exists()


def test_triage_to_another_priority_needs_a_reason():
    repair = make.reported_repair()

    error = refused(
        InvalidInput,
        services.repair_triage,
        repair=repair,
        actor=make.planner(),
        priority="routine",
    )

    assert error.field == "reason"
    assert fresh(repair).status == "reported"


def test_triage_may_only_be_done_by_repairs_staff():
    repair = make.reported_repair()
    officer = UserFactory(roles=["complaint_officer"])

    refused(PermissionDenied, services.repair_triage, repair=repair, actor=officer)


def test_a_priority_change_needs_a_reason_and_nothing_is_written_without_one():
    repair = make.triaged_repair()

    error = refused(
        InvalidInput,
        services.repair_priority_change,
        repair=repair,
        actor=make.planner(),
        priority="emergency",
        reason="  ",
    )

    assert error.field == "reason"


def test_a_priority_change_recomputes_the_promise_from_the_report_and_tells_the_resident():
    # given: an urgent leak reported on Friday 30 August 2024 at 09:00
    repair = make.triaged_repair(
        received_at=datetime(2024, 8, 30, 9, tzinfo=LONDON), backdate_reason="Voicemail"
    )
    assert local(repair.target_due_at) == "2024-09-06 23:59"

    # when: on Monday the planner makes it routine
    repair = services.repair_priority_change(
        repair=repair, actor=make.planner(), priority="routine", reason="Leak has stopped"
    )

    # then: 20 working days from the Friday report (not from Monday), the old promise cancelled
    assert repair.priority == "routine"
    assert local(repair.target_due_at) == "2024-09-27 23:59"
    assert make.promises(repair)[_common.COMPLETE] == ["cancelled", "open"]
    event = repair.case.timeline.events.get(kind="repair.priority_changed")
    assert event.data["old"] == "urgent"
    assert event.data["new"] == "routine"
    assert event.data["reason"] == "Leak has stopped"
    message = last_message(repair)
    assert message.template == "repair_priority_changed"
    assert "Leak has stopped" in message.body
    assert "27 September 2024" in message.body


def test_raising_to_emergency_counts_as_an_emergency():
    repair = make.triaged_repair()

    repair = services.repair_priority_change(
        repair=repair, actor=make.planner(), priority="emergency", reason="Now near the fuse box"
    )

    assert repair.is_emergency
    assert local(repair.target_due_at) == "2024-09-03 10:00"


def test_the_same_priority_is_not_a_change():
    repair = make.triaged_repair()

    refused(
        InvalidInput,
        services.repair_priority_change,
        repair=repair,
        actor=make.planner(),
        priority="urgent",
        reason="No change",
    )


def test_interim_measures_keep_their_promise_and_are_shown_to_the_resident():
    repair = make.communal_repair()

    repair = services.interim_measures_record(
        repair=repair, actor=make.planner(), measures="Security guard on the door until fixed"
    )

    assert repair.interim_measures_at is not None
    assert make.promises(repair)[_common.INTERIM] == ["met"]
    event = repair.case.timeline.events.get(kind="repair.interim_measures")
    assert event.visibility == Visibility.RESIDENT
    assert "Security guard" in event.summary


def test_interim_measures_must_say_what_was_done():
    repair = make.communal_repair()

    error = refused(
        InvalidInput,
        services.interim_measures_record,
        repair=repair,
        actor=make.planner(),
        measures=" ",
    )

    assert error.field == "measures"


def test_a_safety_job_may_not_wait_beyond_24_hours_without_interim_measures():
    repair = make.communal_repair()

    with pytest.raises(Conflict, match="Record the interim measures"):
        _common.ensure_interim_measures(repair, MONDAY + timedelta(hours=30))
    _common.ensure_interim_measures(repair, MONDAY + timedelta(hours=20))  # within 24 h: fine


def test_interim_measures_lift_the_wait_refusal():
    repair = make.communal_repair()
    repair = services.interim_measures_record(
        repair=repair, actor=make.planner(), measures="Door wedged shut; patrol twice a night"
    )

    _common.ensure_interim_measures(repair, MONDAY + timedelta(days=60))


def test_a_job_that_is_not_about_safety_may_wait():
    repair = make.reported_repair(category="toilet", description="Toilet will not flush.")

    _common.ensure_interim_measures(repair, MONDAY + timedelta(days=60))


def test_hand_over_of_a_safety_job_is_refused_until_interim_measures_are_recorded():
    repair = make.triaged_repair(repair=make.communal_repair())

    error = refused(
        Conflict,
        services.repair_hand_to_programme,
        repair=repair,
        actor=make.planner(),
        programme="Door entry replacement programme 2024/25",
        planned_for=date(2024, 11, 4),
        reason="The system is obsolete: parts no longer made",
    )

    assert "interim measures" in error.message


def test_hand_over_keeps_the_job_open_with_its_planned_date_and_the_plain_truth():
    # given: a lock job (responsive, safety) with interim measures recorded
    repair = make.triaged_repair(category="lock", description="Front door lock broken.")
    services.interim_measures_record(
        repair=repair, actor=make.planner(), measures="Temporary lock fitted"
    )

    # when: it is handed to a planned programme
    repair = services.repair_hand_to_programme(
        repair=repair,
        actor=make.planner(),
        programme="Front door replacement programme",
        planned_for=date(2024, 11, 4),
        reason="The door frame is rotten: the whole door needs replacing",
    )

    # then: the same job, planned, no completion date, an update promise instead
    assert repair.status == "planned"
    assert repair.target_due_at is None
    assert (repair.programme, repair.planned_for) == (
        "Front door replacement programme",
        date(2024, 11, 4),
    )
    promises = make.promises(repair)
    assert promises[_common.COMPLETE] == ["cancelled"]
    assert promises[_common.UPDATE] == ["open"]
    event = repair.case.timeline.events.get(kind="repair.handed_to_programme")
    assert event.data["old"]["status"] == "triaged"
    message = last_message(repair)
    assert message.template == "repair_planned"
    assert "4 November 2024" in message.body
    assert "cannot give you a completion date" in message.body
    assert "We will update you by 16 September 2024" in message.body


def test_hand_over_to_a_past_date_is_refused():
    repair = make.triaged_repair()

    error = refused(
        InvalidInput,
        services.repair_hand_to_programme,
        repair=repair,
        actor=make.planner(),
        programme="Kitchens 2024",
        planned_for=date(2024, 8, 1),
        reason="Replacement",
    )

    assert error.field == "planned_for"


def test_an_update_keeps_its_promise_and_opens_the_next_while_there_is_no_date():
    repair = make.communal_repair()
    agent = make.contact_agent()

    repair = services.repair_update_give(
        repair=repair,
        actor=agent,
        summary="The engineer has ordered a new control panel.",
        channel=Channel.PHONE,
    )

    assert make.promises(repair)[_common.UPDATE] == ["met", "open"]
    event = repair.case.timeline.events.get(kind="repair.update_given")
    assert event.visibility == Visibility.RESIDENT
    assert "control panel" in last_message(repair).body


def test_an_update_on_a_job_with_a_date_opens_no_further_update_promise():
    repair = make.triaged_repair()

    repair = services.repair_update_give(
        repair=repair, actor=make.contact_agent(), summary="Plumber booked.", channel=Channel.PHONE
    )

    assert _common.UPDATE not in make.promises(repair)


def test_cancelling_a_job_cancels_every_promise_and_tells_the_resident():
    repair = make.triaged_repair(category="lock", description="Lock broken.")

    repair = services.repair_cancel(
        repair=repair, actor=make.planner(), reason="Resident fixed it themselves"
    )

    assert repair.status == "cancelled"
    assert repair.next_due_at is None
    assert all(
        status == DeadlineStatus.CANCELLED
        for statuses in make.promises(repair).values()
        for status in statuses
    )
    assert last_message(repair).template == "repair_closed"


def test_a_cancelled_job_cannot_be_cancelled_again():
    repair = make.triaged_repair()
    services.repair_cancel(repair=repair, actor=make.planner(), reason="Raised in error")

    refused(
        Conflict,
        services.repair_cancel,
        repair=repair,
        actor=make.planner(),
        reason="Again",
    )


def test_handing_over_a_specialist_job_is_an_update_and_the_next_one_runs_from_today():
    with time_machine.travel(datetime(2024, 8, 1, 10, tzinfo=LONDON), tick=False):
        repair = make.triaged_repair(repair=make.communal_repair())
        services.interim_measures_record(
            repair=repair, actor=make.planner(), measures="Security patrol nightly"
        )

    repair = services.repair_hand_to_programme(
        repair=repair,
        actor=make.planner(),
        programme="Door entry renewal",
        planned_for=date(2025, 4, 1),
        reason="Obsolete",
    )

    assert make.promises(repair)[_common.UPDATE] == ["met_late", "open"]
    [update] = _common.unkept(repair, _common.UPDATE)
    assert local(update.due_at) == "2024-09-16 23:59"
    assert repair.next_due_at == update.due_at
    assert "We will update you by 16 September 2024" in last_message(repair).body
