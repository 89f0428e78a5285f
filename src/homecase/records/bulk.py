"""Bulk writes for the sweep, which appends thousands of events to thousands of timelines per
batch: one `UPDATE … FROM (VALUES …)` moves every timeline's head, and on PostgreSQL the events
go in with COPY. Django's `bulk_update` builds one CASE WHEN per column over every row and took
over half of a sweep's time at scale (see docs/adr/0004-sweep-bulk-writes.md).

Only `records.services` calls these, inside its own transaction and with the timelines locked.
"""

import json
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from homecase.records.models import Event, Timeline

_EVENT_COLUMNS = (
    "timeline_id",
    "sequence",
    "occurred_at",
    "recorded_at",
    "backdate_reason",
    "actor_id",
    "actor_name",
    "channel",
    "kind",
    "summary",
    "data",
    "visibility",
    "prev_hash",
    "hash",
)


def timeline_heads_move(heads: Sequence[tuple[int, int, str]]) -> None:
    """Set (timeline id, length, head hash) for each timeline in one statement.

    The CTE with named columns is understood by both PostgreSQL and SQLite (3.33+)."""
    if not heads:
        return
    table = connection.ops.quote_name(Timeline._meta.db_table)
    rows = ", ".join(["(CAST(%s AS BIGINT), CAST(%s AS INTEGER), %s)"] * len(heads))
    # Only placeholders and the quoted table name are interpolated; the values are parameters.
    sql = (
        f"WITH head(id, length, head_hash) AS (VALUES {rows}) "  # noqa: S608
        f"UPDATE {table} SET length = head.length, head_hash = head.head_hash "
        f"FROM head WHERE {table}.id = head.id"
    )
    params = [value for head in heads for value in head]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def events_insert(events: Sequence[Event]) -> None:
    """Insert built (unsaved) events: COPY on PostgreSQL, `bulk_create` elsewhere."""
    if not events:
        return
    if connection.vendor != "postgresql":
        Event.objects.bulk_create(events, batch_size=1000)
        return
    table = connection.ops.quote_name(Event._meta.db_table)
    columns = ", ".join(_EVENT_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for event in events:
            copy.write_row([_copy_value(event, column) for column in _EVENT_COLUMNS])


def _copy_value(event: Event, column: str) -> object:
    value = getattr(event, column)
    if column == "data":
        return json.dumps(value, cls=DjangoJSONEncoder)
    return value
