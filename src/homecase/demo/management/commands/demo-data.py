"""`homecase demo-data`: load the demo landlord (idempotent), then print the demo sign-ins."""

import time

from django.core.management.base import BaseCommand

from homecase.demo.landlord import load_demo_landlord
from homecase.demo.staff import sign_ins_table


class Command(BaseCommand):
    help = "Load a demo landlord: estates, homes, residents, staff and cases. Safe to re-run."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        loaded = load_demo_landlord()
        if loaded is None:
            self.stdout.write("The demo landlord is already loaded: nothing changed.")
        else:
            self.stdout.write(
                f"Demo landlord loaded in {time.perf_counter() - started:.1f} s: "
                f"{loaded.homes} homes, {loaded.residents} residents, {loaded.cases} cases "
                f"({loaded.missed} deadlines missed)."
            )
        self.stdout.write("\nDemo sign-ins:")
        for line in sign_ins_table():
            self.stdout.write(f"  {line}")
