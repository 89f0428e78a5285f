"""Benchmark: the complaint officer's queue page (`/console/complaints/`) at scale.

Run against a database filled by `homecase synthetic ... --complaints 100000` (`bench/run.py`
does so), with `DATABASE_URL` set:

    python bench/bench_queue.py [--requests 200] [--strict]

A synthetic complaint officer is signed in with Django's test `Client` (the whole request goes
through the middleware, the view, the selector and the template, in this process, with no
network), then each page is requested: the first page, the red (overdue) ones, page 50, and
page 50 of the green ones. One line per page with its p50 and p95 in milliseconds, and one for
all of them (target p95 < 150 ms). A missed target is printed, not failed, unless `--strict`;
a wrong page (not 200, or not the complaints the selector lists, in its order) always fails
(exit 2).
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

TARGET_MS = 150.0
PAGES = (
    ("first page", ""),
    ("red (overdue)", "rag=red"),
    ("page 50", "page=50"),
    ("green, page 50", "rag=green&page=50"),
)
QUEUE = "/console/complaints/"


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


def _officer():
    """A complaint officer to sign in: the first synthetic one (made if there is none)."""
    from homecase.demo.synthetic_complaints import officers_create

    return officers_create()[0]


def _expected(query: str) -> tuple[list[str], int]:
    """The references the selector puts on this page, in order, and the queue's total."""
    from django.http import QueryDict

    from homecase.common.time import now
    from homecase.complaints import selectors

    params = QueryDict(query)
    filters = selectors.QueueFilters(rag=params.get("rag", ""), page=int(params.get("page", "1")))
    page, total = selectors.complaint_queue(filters=filters, at=now())
    return [c.reference for c in page], total


def _check(name: str, response, expected: list[str]) -> None:
    if response.status_code != 200:
        raise WrongPage(f"{name}: HTTP {response.status_code}")
    html = response.content.decode()
    positions = [html.find(reference) for reference in expected]
    if not expected or -1 in positions or positions != sorted(positions):
        raise WrongPage(f"{name}: the page does not list the selector's complaints in order")


def measure(client, name: str, query: str, requests: int) -> Timing:
    url = f"{QUEUE}?{query}" if query else QUEUE
    expected, _ = _expected(query)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    _setup()
    from django.test import Client

    client = Client()
    client.force_login(_officer())
    _, total = _expected("")
    try:
        timings = [measure(client, name, query, args.requests) for name, query in PAGES]
    except WrongPage as wrong:
        print(f"queue: wrong page: {wrong}", flush=True)
        return 2
    for timing in timings:
        print(
            f"queue {timing.name}: p50 {timing.p50:.1f} ms, p95 {timing.p95:.1f} ms",
            flush=True,
        )
    every = Timing("all", [m for t in timings for m in t.millis])
    met = every.p95 < TARGET_MS
    print(
        f"queue: /console/complaints/ over {total:,} open complaints, "
        f"{len(every.millis):,} requests: p50 {every.p50:.1f} ms, p95 {every.p95:.1f} ms "
        f"(target p95 < {TARGET_MS:g} ms){'' if met else '  MISSED'}",
        flush=True,
    )
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
