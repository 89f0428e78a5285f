"""`homecase synthetic --homes 125000 [--cases N] [--open-deadlines N --overdue-share 0.01]
[--complaints N] [--repairs N] [--asb N] [--years N]`: a landlord at scale, in bulk, into an empty
migrated database (refused otherwise)."""

from django.core.management.base import BaseCommand, CommandError

from homecase.common.errors import DomainError
from homecase.demo import synthetic
from homecase.demo.synthetic_cases import MAX_OPEN_PER_CASE


class Command(BaseCommand):
    help = (
        "Generate a landlord at the scale of England's largest housing association, with "
        "bulk inserts, into an empty database. Refuses if it already holds homes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--homes", type=int, required=True, help="homes to make, e.g. 125000")
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            help="cases to open (more are made if --open-deadlines needs them)",
        )
        parser.add_argument(
            "--open-deadlines",
            type=int,
            default=0,
            help=f"open deadlines, at most {MAX_OPEN_PER_CASE} a case",
        )
        parser.add_argument(
            "--overdue-share",
            type=float,
            default=0.01,
            help="share of open deadlines already overdue, and of complaints being handled "
            "that are past a promised date (default 0.01)",
        )
        parser.add_argument(
            "--complaints",
            type=int,
            default=0,
            help="complaints in every state, with stages, promises and timelines (e.g. 100000)",
        )
        parser.add_argument(
            "--repairs",
            type=int,
            default=0,
            help="repair jobs in every state over three years, with work orders, visits, "
            "promises and timelines, spread over homes as on a landlord's books (e.g. 1000000)",
        )
        parser.add_argument(
            "--asb",
            type=int,
            default=0,
            help="anti-social behaviour cases, most long closed, with their people, reports, "
            "risk assessments, actions, promises and timelines (e.g. 20000)",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=1,
            help="spread the complaints, repairs and ASB cases closed long ago over this many "
            "whole reporting years before the current one, for the TSM return and annual report "
            "(default 1: the last year or so of complaints, three years of repairs)",
        )
        parser.add_argument(
            "--residents-per-home", type=float, default=synthetic.RESIDENTS_PER_HOME
        )
        parser.add_argument("--seed", type=int, default=synthetic.SEED)

    def handle(self, *args, **options) -> None:
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            made = synthetic.generate(
                homes=options["homes"],
                cases=options["cases"],
                open_deadlines=options["open_deadlines"],
                overdue_share=options["overdue_share"],
                complaints=options["complaints"],
                repairs=options["repairs"],
                residents_per_home=options["residents_per_home"],
                seed=options["seed"],
                report=progress,
                years=options["years"],
                asb=options["asb"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(str(made))
