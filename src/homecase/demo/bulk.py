"""Bulk inserts for the synthetic landlord: primary keys handed out before the insert (an
event's hash covers its timeline's id, so the id must be known before the row exists), and the
database's sequences moved past them afterwards."""

import json

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, reset_queries
from django.db.models import JSONField, Max, Model
from django.utils import timezone

# Rows per INSERT. On PostgreSQL Django sends one array per column (UNNEST); were it to fall
# back to a VALUES list, 3,000 rows of up to 21 columns still stay under the 65,535 parameters
# PostgreSQL allows. Django caps SQLite's batches to its own limit.
BATCH = 3_000


class Ids:
    """Primary keys for one table, from above its highest one. Safe because the synthetic
    generator runs in one transaction into a database nobody else is writing to."""

    def __init__(self, model: type[Model]) -> None:
        self.next = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def insert(model: type[Model], rows: list[Model]) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH)


def copy_insert(model: type[Model], rows: list[Model]) -> None:
    """As `insert`, but with COPY on PostgreSQL: for the tables with most rows, where building
    Django's INSERT statements costs more than the database does. The rows are complete: keys
    handed out, defaults set by the model; only `auto_now` stamps are filled in here, as
    `bulk_create` would."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        insert(model, rows)
        return
    fields = model._meta.concrete_fields
    stamped = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    stamp = timezone.now()
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            for name in stamped:
                if getattr(row, name) is None:
                    setattr(row, name, stamp)
            copy.write_row([_copy_value(row, f) for f in fields])


def _copy_value(row: Model, field) -> object:
    value = getattr(row, field.attname)
    if isinstance(field, JSONField):
        return json.dumps(value, cls=DjangoJSONEncoder)
    return value


def forget_queries() -> None:
    """With DEBUG on, Django keeps the last 9,000 queries' SQL: each bulk INSERT is a megabyte
    or so, so a long load clears them after every batch, as Django's docs advise."""
    reset_queries()


def move_sequences_past_inserted_keys(models: list[type[Model]]) -> None:
    """On PostgreSQL, set each table's id sequence to its highest id (SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
