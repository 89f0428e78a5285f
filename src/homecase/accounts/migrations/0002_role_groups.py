"""One Django group per role, so roles can be given in the admin."""

from django.db import migrations

ROLES = [
    "contact_agent",
    "complaint_officer",
    "repairs_planner",
    "neighbourhood_officer",
    "asb_officer",
    "manager",
    "contractor",
    "board_member",
]


def create_groups(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
