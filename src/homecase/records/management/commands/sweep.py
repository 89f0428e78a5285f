"""`homecase sweep`: mark open deadlines whose moment has passed as missed (idempotent)."""

from django.core.management.base import BaseCommand

from homecase.records.services import deadlines_sweep


class Command(BaseCommand):
    help = "Mark every open deadline that has passed as missed, with an event for each."

    def handle(self, *args, **options) -> None:
        marked = deadlines_sweep()
        self.stdout.write(f"{marked} deadline(s) marked as missed.")
