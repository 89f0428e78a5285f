"""`homecase verify-records`: check every timeline's hash chain; exit 1 on any break."""

from django.core.management.base import BaseCommand, CommandError

from homecase.records.models import Event, Timeline
from homecase.records.verification import records_problems


class Command(BaseCommand):
    help = "Verify the hash chain of every timeline; report altered, inserted or removed events."

    def handle(self, *args, **options) -> None:
        problems = 0
        for problem in records_problems():
            problems += 1
            self.stderr.write(str(problem))
        timelines, events = Timeline.objects.count(), Event.objects.count()
        if problems:
            raise CommandError(
                f"{problems} problem(s) found in {timelines} timelines "
                f"({events} events): the record has been altered."
            )
        self.stdout.write(
            f"All {timelines} timelines verified ({events} events): no alteration found."
        )
