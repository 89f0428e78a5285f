"""`homecase verify-records` finds any altered, inserted or removed event."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from homecase.records import services
from homecase.records.models import Channel, Event
from homecase.records.verification import records_problems
from tests.records.test_services import open_repair

pytestmark = pytest.mark.django_db


def case_with_three_events():
    case = open_repair()
    for summary in ("Called back: no answer", "Operative booked for Thursday"):
        services.event_record(
            timeline=case.timeline, kind="note", summary=summary, actor=None, channel=Channel.PHONE
        )
    return case


def raw(sql: str, params: list) -> None:
    """Change the table behind the application's back, as an intruder with SQL access could."""
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{events}", Event._meta.db_table), params)


def problems() -> list[str]:
    return [str(p) for p in records_problems()]


def test_untouched_records_verify(capsys):
    case_with_three_events()
    call_command("verify-records")
    assert "All 2 timelines verified (3 events): no alteration found." in capsys.readouterr().out


def test_an_altered_event_is_reported():
    case = case_with_three_events()
    raw(
        "UPDATE {events} SET summary = %s WHERE timeline_id = %s AND sequence = 2",
        ["Called back: resident said it is fixed", case.timeline_id],
    )
    assert problems() == [
        f"{case.reference}, event 2: its content was altered after it was recorded"
    ]


def test_a_removed_event_is_reported():
    case = case_with_three_events()
    raw("DELETE FROM {events} WHERE timeline_id = %s AND sequence = 2", [case.timeline_id])
    found = problems()
    assert (
        f"{case.reference}, event 3: expected event 2 here: an event was removed or "
        "inserted" in found
    )
    assert any("end of timeline" in p for p in found)


def test_removing_the_newest_event_is_reported():
    case = case_with_three_events()
    raw("DELETE FROM {events} WHERE timeline_id = %s AND sequence = 3", [case.timeline_id])
    assert problems() == [
        f"{case.reference}, end of timeline: the timeline should end at event 3; it holds 2 "
        "(events removed or added at the end)"
    ]


def test_an_inserted_event_is_reported():
    case = case_with_three_events()
    first = case.timeline.events.get(sequence=1)
    raw(
        "INSERT INTO {events} (timeline_id, sequence, occurred_at, recorded_at, "
        "backdate_reason, actor_name, channel, kind, summary, data, visibility, prev_hash, hash) "
        "VALUES (%s, 4, %s, %s, '', 'Homecase', 'system', 'note', 'Repair completed', '{}', "
        "'resident', %s, %s)",
        [case.timeline_id, first.occurred_at, first.recorded_at, "f" * 64, "e" * 64],
    )
    found = problems()
    assert (
        f"{case.reference}, event 4: does not follow the event before it (removed, "
        "inserted or reordered)" in found
    )
    assert f"{case.reference}, event 4: its content was altered after it was recorded" in found


def test_the_command_fails_when_anything_is_wrong(capsys):
    case = case_with_three_events()
    raw(
        "UPDATE {events} SET actor_name = %s WHERE timeline_id = %s AND sequence = 1",
        ["Someone else", case.timeline_id],
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify-records")
    assert "event 1: its content was altered" in capsys.readouterr().err
