"""Benchmark: the planners' repairs queue (`/console/repairs/`) and a resident's "Your repairs"
page (`/repairs/`) at scale.

Run against a database filled by `homecase synthetic ... --repairs 1000000` (`bench/run.py`
does so), with `DATABASE_URL` set:

    python bench/bench_repairs_pages.py [--requests 200] [--strict]

Each page is requested through Django's test `Client` (middleware, view, selector and
template, in this process, with no network), signed in as a synthetic repairs planner for the
queue and as synthetic residents for "Your repairs": one whose home has the most jobs, and
one with a typical handful. One line per page with its p50 and p95 in milliseconds, and one
for each kind of page (targets: queue p95 < 150 ms, "Your repairs" p95 < 100 ms). A missed
target is printed, not failed, unless `--strict`; a wrong page (not 200, or not the jobs the
selector lists, in its order) always fails (exit 2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

QUEUE_TARGET_MS = 150.0
MINE_TARGET_MS = 100.0
QUEUE = "/console/repairs/"
MINE = "/repairs/"
QUEUE_PAGES = (
    ("first page", ""),
    ("overdue only", "overdue_only=on"),
    ("emergencies", "priority=emergency"),
    ("triaged, page 10", "status=triaged&page=10"),
    ("page 50", "page=50"),
)
RESIDENT_EMAIL = "bench-resident-{}@homecase.invalid"


class WrongPage(Exception):
    """The page did not show what the selector says it should: a wrong result, not a slow one."""


@dataclass(frozen=True)
class Timing:
    name: str
    millis: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.millis)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.millis, n=20, method="inclusive")[18]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecase.settings")
    import django

    django.setup()


def _planner():
    """A repairs planner to sign in: the first synthetic one (made if there is none)."""
    from homecase.demo.synthetic_repairs import planners_create

    return planners_create()[0]


def _residents() -> list[tuple[str, object]]:
    """The lead residents of the home with most jobs and of a home with a typical number (the
    median of homes with any), each given a sign-in for the portal (bench set-up, not a
    domain record)."""
    from django.db.models import Count

    from homecase.accounts.models import User
    from homecase.housing.models import Resident
    from homecase.records.models import Case, CaseKind

    counts = list(
        Case.objects.filter(kind=CaseKind.REPAIR, repair__isnull=False, resident__isnull=False)
        .values("resident_id")
        .annotate(jobs=Count("id"))
        .order_by("-jobs", "resident_id")
        .values_list("resident_id", "jobs")
    )
    if not counts:
        raise WrongPage("The database has no repairs: run `homecase synthetic --repairs N`.")
    busiest, typical = counts[0], counts[len(counts) // 2]
    chosen = []
    for label, (resident_id, jobs) in (("busiest home", busiest), ("typical home", typical)):
        resident = Resident.objects.get(pk=resident_id)
        if resident.user_id is None:
            email = RESIDENT_EMAIL.format(resident_id)
            user, _ = User.objects.get_or_create(
                username=email,
                defaults={
                    "email": email,
                    "first_name": resident.first_name,
                    "last_name": resident.last_name,
                },
            )
            Resident.objects.filter(pk=resident_id).update(user=user)
            resident.user = user
        chosen.append((f"{label} ({jobs} jobs)", resident))
    return chosen


def _expected_queue(query: str) -> list[str]:
    """The references the selector puts on this queue page, in order."""
    from django.http import QueryDict

    from homecase.common.time import now
    from homecase.repairs import selectors

    params = QueryDict(query)
    page = selectors.repairs_queue(
        at=now(),
        status=params.get("status") or None,
        priority=params.get("priority") or None,
        overdue_only=bool(params.get("overdue_only")),
        page=int(params.get("page", "1")),
        per_page=50,
    )
    return [repair.case.reference for repair in page]


def _expected_mine(resident) -> list[str]:
    from homecase.repairs import selectors

    return [r.case.reference for r in selectors.repairs_for_resident(resident=resident)]


def _check(name: str, response, expected: list[str]) -> None:
    if response.status_code != 200:
        raise WrongPage(f"{name}: HTTP {response.status_code}")
    html = response.content.decode()
    positions = [html.find(reference) for reference in expected]
    if not expected or -1 in positions or positions != sorted(positions):
        raise WrongPage(f"{name}: the page does not list the selector's repairs in order")


def measure(client, name: str, url: str, expected: list[str], requests: int) -> Timing:
    _check(name, client.get(url), expected)  # also warms the connection and the templates
    for _ in range(4):
        client.get(url)
    millis = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        millis.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise WrongPage(f"{name}: HTTP {response.status_code}")
    _check(name, response, expected)
    return Timing(name, millis)


def _queue(requests: int) -> list[Timing]:
    from django.test import Client

    client = Client()
    client.force_login(_planner())
    timings = []
    for name, query in QUEUE_PAGES:
        url = f"{QUEUE}?{query}" if query else QUEUE
        timings.append(measure(client, f"queue {name}", url, _expected_queue(query), requests))
    return timings


def _mine(requests: int) -> list[Timing]:
    from django.test import Client

    timings = []
    for name, resident in _residents():
        client = Client()
        client.force_login(resident.user)
        expected = _expected_mine(resident)
        timings.append(measure(client, f"your repairs, {name}", MINE, expected, requests))
    return timings


def _summary(label: str, timings: list[Timing], target: float, total: str) -> bool:
    every = Timing("all", [m for t in timings for m in t.millis])
    met = every.p95 < target
    print(
        f"{label} {total}, {len(every.millis):,} requests: p50 {every.p50:.1f} ms, "
        f"p95 {every.p95:.1f} ms (target p95 < {target:g} ms){'' if met else '  MISSED'}",
        flush=True,
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    _setup()
    from homecase.repairs.models import Repair

    try:
        queue = _queue(args.requests)
        mine = _mine(args.requests)
    except WrongPage as wrong:
        print(f"repairs pages: wrong page: {wrong}", flush=True)
        return 2
    for timing in (*queue, *mine):
        print(f"{timing.name}: p50 {timing.p50:.1f} ms, p95 {timing.p95:.1f} ms", flush=True)
    jobs = f"{Repair.objects.count():,} repairs"
    met = _summary(f"repairs queue: {QUEUE} over", queue, QUEUE_TARGET_MS, jobs)
    met &= _summary(f'"your repairs": {MINE} among', mine, MINE_TARGET_MS, jobs)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
