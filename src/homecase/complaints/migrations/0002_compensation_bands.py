"""The Ombudsman's remedies bands as RULES.md states them, in force from 1 April 2024 (when the
Complaint Handling Code became statutory). A later change is a new row with its own date."""

from datetime import date
from decimal import Decimal

from django.db import migrations

BANDS = [
    ("minimal", Decimal("50"), Decimal("100")),
    ("adverse", Decimal("100"), Decimal("600")),
    ("significant", Decimal("600"), Decimal("1000")),
    ("severe", Decimal("1000"), None),
]


def add_bands(apps, schema_editor):
    band = apps.get_model("complaints", "CompensationBand")
    for impact, minimum, maximum in BANDS:
        band.objects.update_or_create(
            effective_from=date(2024, 4, 1),
            impact=impact,
            defaults={"minimum": minimum, "maximum": maximum},
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(add_bands, migrations.RunPython.noop)]
