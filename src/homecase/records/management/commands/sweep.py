"""`homecase sweep`: mark open deadlines whose moment has passed as missed (idempotent), then let
each app follow up its own missed promises (an app config's `after_sweep(at=...)`)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from homecase.common.time import now
from homecase.records.services import deadlines_sweep


class Command(BaseCommand):
    help = "Mark every open deadline that has passed as missed, then follow up missed promises."

    def handle(self, *args, **options) -> None:
        at = now()
        marked = deadlines_sweep(at=at)
        self.stdout.write(f"{marked} deadline(s) marked as missed.")
        for config in apps.get_app_configs():
            if follow_up := getattr(config, "after_sweep", None):
                self.stdout.write(follow_up(at=at))
