"""Benchmark: the ASB officers' queue and a resident's "Your ASB reports" at scale.

Run against a database filled by `homecase synthetic ... --asb 20000` (`bench/run.py` does
so), with `DATABASE_URL` set:

    python bench/bench_asb_pages.py [--requests 200] [--strict]

The queue is read through `homecase.asb.selectors.queue` (the first page, a deep page, one
officer's cases, hate incidents only) and rendered through Django's test `Client` at
`/console/asb/` (middleware, view, selector and template, in this process, with no network)
signed in as a synthetic ASB officer; "Your ASB reports" through
`homecase.asb.selectors.cases_reported_by` for the resident who reported most cases, and
rendered at `/asb/` signed in as them. One line per read with its p50 and p95 in
milliseconds, and one for each kind (targets: queue p95 < 150 ms, "Your ASB reports" p95 <
100 ms). A missed target is printed, not failed, unless `--strict`; a wrong result (no open
cases, a page not 200, or not the cases the selector lists, in its order) always fails
(exit 2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

QUEUE_TARGET_MS = 150.0
MINE_TARGET_MS = 100.0
QUEUE = "/console/asb/"
MINE = "/asb/"
RESIDENT_EMAIL = "bench-asb-resident-{}@homecase.invalid"


class WrongResult(Exception):
    """A read did not give what it should: a wrong result, not a slow one."""


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


def _timed(name: str, read: Callable[[], object], requests: int) -> Timing:
    for _ in range(5):  # warm the connection, the caches and the plans
        read()
    millis = []
    for _ in range(requests):
        started = time.perf_counter()
        read()
        millis.append((time.perf_counter() - started) * 1000)
    return Timing(name, millis)


def _officer():
    """The synthetic ASB officer with most open cases (made if there are none)."""
    from django.db.models import Count, Q

    from homecase.demo.synthetic_asb import officers_create

    officers = officers_create()
    counted = {
        user.pk: user.open_cases
        for user in type(officers[0])
        .objects.filter(pk__in=[o.pk for o in officers])
        .annotate(open_cases=Count("asb_cases", filter=Q(asb_cases__status="open")))
    }
    return max(officers, key=lambda officer: (counted[officer.pk], -officer.pk))


def _queue_reads(officer) -> list[tuple[str, dict, str]]:
    """(name, selector arguments, console query) for each queue read."""
    from homecase.asb import selectors

    first = selectors.queue()
    if not first.items:
        raise WrongResult("The database has no open ASB cases: run `homecase synthetic --asb N`.")
    deep = max(1, first.pages // 2)
    return [
        ("first page", {}, ""),
        (f"page {deep} of {first.pages}", {"page": deep}, f"page={deep}"),
        ("one officer's cases", {"officer": officer}, "mine=on"),
        ("hate incidents", {"hate_only": True}, "hate_only=on"),
    ]


def _references(page) -> list[str]:
    return [asb.case.reference for asb in page]


def _check(name: str, response, expected: list[str]) -> None:
    if response.status_code != 200:
        raise WrongResult(f"{name}: HTTP {response.status_code}")
    html = response.content.decode()
    positions = [html.find(reference) for reference in expected]
    if not expected or -1 in positions or positions != sorted(positions):
        raise WrongResult(f"{name}: the page does not list the selector's cases in order")


def _queue(requests: int) -> list[Timing]:
    from django.test import Client

    from homecase.asb import selectors

    officer = _officer()
    client = Client()
    client.force_login(officer)
    timings = []
    for name, arguments, query in _queue_reads(officer):
        expected = _references(selectors.queue(**arguments))
        if not expected:
            raise WrongResult(f"queue, {name}: no cases")
        timings.append(
            _timed(
                f"queue selector, {name}", lambda a=arguments: list(selectors.queue(**a)), requests
            )
        )
        url = f"{QUEUE}?{query}" if query else QUEUE
        _check(f"queue page, {name}", client.get(url), expected)
        timings.append(_timed(f"queue page {url}, {name}", lambda u=url: _ok(client, u), requests))
    return timings


def _ok(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise WrongResult(f"{url}: HTTP {response.status_code}")


def _busiest_reporter():
    """The resident who reported most ASB cases, given a sign-in for the portal (bench set-up,
    not a domain record)."""
    from django.db.models import Count

    from homecase.accounts.models import User
    from homecase.asb.models import AsbReport
    from homecase.housing.models import Resident

    busiest = (
        AsbReport.objects.filter(reporter__isnull=False)
        .values("reporter_id")
        .annotate(cases=Count("asb_id", distinct=True))
        .order_by("-cases", "reporter_id")
        .first()
    )
    if busiest is None:
        raise WrongResult("The database has no ASB reports: run `homecase synthetic --asb N`.")
    resident = Resident.objects.get(pk=busiest["reporter_id"])
    if resident.user_id is None:
        email = RESIDENT_EMAIL.format(resident.pk)
        user, _ = User.objects.get_or_create(
            username=email,
            defaults={
                "email": email,
                "first_name": resident.first_name,
                "last_name": resident.last_name,
            },
        )
        Resident.objects.filter(pk=resident.pk).update(user=user)
        resident.user = user
    return resident, busiest["cases"]


def _mine(requests: int) -> list[Timing]:
    from django.test import Client

    from homecase.asb import selectors

    resident, cases = _busiest_reporter()
    expected = _references(selectors.cases_reported_by(resident))
    if len(expected) < cases:
        raise WrongResult(f"your ASB reports: {len(expected)} cases listed of {cases} reported")
    name = f"busiest reporter ({len(expected)} cases)"
    timings = [
        _timed(
            f"your ASB reports selector, {name}",
            lambda: list(selectors.cases_reported_by(resident)),
            requests,
        )
    ]
    client = Client()
    client.force_login(resident.user)
    _check(f"your ASB reports page, {name}", client.get(MINE), expected)
    timings.append(
        _timed(f"your ASB reports page {MINE}, {name}", lambda: _ok(client, MINE), requests)
    )
    return timings


def _summary(label: str, timings: list[Timing], target: float, total: str) -> bool:
    every = Timing("all", [m for t in timings for m in t.millis])
    met = every.p95 < target
    print(
        f"{label} {total}, {len(every.millis):,} reads: p50 {every.p50:.1f} ms, "
        f"p95 {every.p95:.1f} ms (target p95 < {target:g} ms){'' if met else '  MISSED'}",
        flush=True,
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed reads of each")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    _setup()
    from homecase.asb.models import AsbCase

    try:
        queue = _queue(args.requests)
        mine = _mine(args.requests)
    except WrongResult as wrong:
        print(f"ASB pages: wrong result: {wrong}", flush=True)
        return 2
    for timing in (*queue, *mine):
        print(f"{timing.name}: p50 {timing.p50:.1f} ms, p95 {timing.p95:.1f} ms", flush=True)
    total = f"{AsbCase.objects.count():,} ASB cases"
    met = _summary(f"ASB queue: selector and {QUEUE} over", queue, QUEUE_TARGET_MS, total)
    met &= _summary(f'"your ASB reports": selector and {MINE} among', mine, MINE_TARGET_MS, total)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
