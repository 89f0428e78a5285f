"""`homecase demo-data`: load the demo landlord (idempotent), then print the demo sign-ins."""

import time

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from homecase.demo.landlord import load_demo_landlord
from homecase.demo.staff import sign_ins_table


class Command(BaseCommand):
    help = "Load a demo landlord: estates, homes, residents, staff and cases. Safe to re-run."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        # The demo's email addresses are made up: its letters to residents are recorded on
        # their timelines and marked sent, but kept in memory rather than emailed or printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            loaded = load_demo_landlord()
        if loaded is None:
            self.stdout.write("The demo landlord is already loaded: nothing changed.")
        else:
            self.stdout.write(
                f"Demo landlord loaded in {time.perf_counter() - started:.1f} s: "
                f"{loaded.homes} homes, {loaded.residents} residents, {loaded.cases} cases "
                f"of which {loaded.complaints} complaints, {loaded.repairs} repair jobs and "
                f"{loaded.asb} anti-social behaviour cases "
                f"({loaded.missed} deadlines missed, "
                f"{loaded.apologies} apologised for with a new date)."
            )
        self.stdout.write("\nDemo sign-ins:")
        for line in sign_ins_table():
            self.stdout.write(f"  {line}")
