"""The officer's queue walks the complaint promises still owed in due order, keeping each
case's first (see `complaints.selectors.complaint_queue`). Partial indexes on just those
deadlines, and on the complaints still open, let PostgreSQL read a page from the indexes alone
(about fifty entries for the first page) however many complaints there are.

Raw SQL because the deadline indexes are on `records_deadline` but serve complaints alone, and
because they are partial. Each predicate must stay word for word the selector's filter
(`_OWED`, `OPEN_STATUSES`), or PostgreSQL will not use the index. Valid on PostgreSQL and
SQLite. The trailing key columns make the scans index-only."""

from django.db import migrations

OWED = "status IN ('open', 'missed') AND duty LIKE 'complaint.stage%'"
OPEN = "status IN ('received', 'stage_1', 'stage_2_requested', 'stage_2')"


def _index(name: str, table: str, columns: str, where: str) -> migrations.RunSQL:
    return migrations.RunSQL(
        sql=f"CREATE INDEX {name} ON {table} ({columns}) WHERE {where}",
        reverse_sql=f"DROP INDEX {name}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_compensation_bands"),
        ("records", "0001_initial"),
    ]

    operations = [
        # The walk: owed complaint deadlines in due order.
        _index("complaints_owed_due", "records_deadline", "due_at, id, case_id", OWED),
        # Is there an earlier owed deadline on the same case? (each complaint listed once)
        _index("complaints_owed_by_case", "records_deadline", "case_id, due_at, id", OWED),
        # Is the case's complaint still open (and in the status filtered on)?
        _index("complaints_open_by_case", "complaints_complaint", "case_id, status", OPEN),
    ]
