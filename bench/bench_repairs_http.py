"""Repairs reported per second through HTTP: POST /api/repairs served by gunicorn, on PostgreSQL.

    DATABASE_URL=postgres://... python bench/bench_repairs_http.py [--seconds 15]
        [--clients 4] [--workers 2]

Needs a migrated database with residents in homes (`bench/run.py` passes the one it filled with
`homecase synthetic`). Makes a repairs planner and an API token, starts gunicorn (as
`bench_complaints_http.py` does), warms it up, then has `--clients` threads report repairs
(each asked the vulnerability question, a mix of everyday categories and channels), each
waiting for its answer before the next, for `--seconds`. Prints one line: repairs reported per
second and the p50/p95 latency. No target: the figure is reported.

A report of a fault fixed on the same home within the recall window reopens that job (201 for
a new job, 200 for a recall, both counted as reported). Fails (exit 1) on any other answer, or
when the database holds a different number of new jobs from the 201s counted. The jobs made
stay in the database (the caller drops it); the token is revoked and gunicorn stopped whatever
happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))
sys.path.insert(0, str(BENCH))

from bench_complaints_http import BenchFailed, gunicorn  # noqa: E402

BENCH_EMAIL = "bench-repairs-api@homecase.invalid"
CATEGORIES = (
    ("leak", "Water dripping from the pipe under the kitchen sink."),
    ("electrical_fault", "The bedroom socket sparks when anything is plugged in."),
    ("door", "The bathroom door will not shut."),
    ("kitchen", "A kitchen cupboard door is hanging off."),
    ("plaster", "Loose plaster in the living room ceiling."),
    ("toilet", "The toilet does not flush properly."),
    ("gutter", "The gutter overflows down the front wall."),
)
CHANNELS = ("phone", "phone", "email", "portal", "in_person")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecase.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def _prepare(residents_wanted: int) -> tuple[str, object, list[int]]:
    """A repairs planner's token (the key, the token row) and residents in homes to report
    for."""
    from django.contrib.auth.models import Group

    from homecase.accounts.models import Role, User
    from homecase.api import services
    from homecase.housing.models import Resident

    residents = list(
        Resident.objects.filter(home__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:residents_wanted]
    )
    if not residents:
        raise BenchFailed("The database has no residents: run `homecase synthetic` first.")
    # Bench set-up, not a domain record: a repairs planner who takes reports by phone.
    user, _ = User.objects.get_or_create(
        username=BENCH_EMAIL,
        defaults={"email": BENCH_EMAIL, "first_name": "Bench", "last_name": "Repairs"},
    )
    for role in (Role.REPAIRS_PLANNER, Role.CONTACT_AGENT):
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    issued = services.api_token_issue(actor=None, user=user, name="bench_repairs_http")
    return issued.key, issued.token, residents


def _repairs_count() -> int:
    from homecase.repairs.models import Repair

    return Repair.objects.count()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    created: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _report(port: int, key: str, resident_id: int, index: int) -> tuple[int, str]:
    category, description = CATEGORIES[index % len(CATEGORIES)]
    vulnerable = index % 9 == 0
    body = json.dumps(
        {
            "resident_id": resident_id,
            "channel": CHANNELS[index % len(CHANNELS)],
            "category": category,
            "description": description,
            "vulnerable": vulnerable,
            "vulnerability_details": "Uses a wheelchair: ring ahead." if vulnerable else "",
            "access_notes": "Ring the bell twice.",
        }
    )
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/api/repairs", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")[:200]
    finally:
        connection.close()


def _client(
    number: int, port: int, key: str, residents: list[int], until: float, tally: Tally
) -> None:
    """One client: a report, its answer, the next, until the end of the run."""
    sent = 0
    while time.perf_counter() < until:
        index = number * 7919 + sent
        started = time.perf_counter()
        try:
            status, text = _report(port, key, residents[index % len(residents)], index)
        except OSError as error:
            status, text = 0, str(error)
        elapsed = time.perf_counter() - started
        sent += 1
        with tally.lock:
            if status in (200, 201):
                tally.latencies.append(elapsed)
                tally.created += status == 201
            else:
                tally.failures.append(f"{status}: {text}")


def _run(port: int, key: str, residents: list[int], *, seconds: float, clients: int) -> Tally:
    tally = Tally()
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=_client, args=(n, port, key, residents, until, tally))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="measured time")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--warm-up", type=int, default=20, help="requests before measuring")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("repairs over HTTP: set DATABASE_URL to a PostgreSQL database", file=sys.stderr)
        return 1
    _setup_django()
    from django.db import connection

    from homecase.api import services

    key, token, residents = _prepare(residents_wanted=5000)
    try:
        with gunicorn(args.workers) as port:
            # The warm-up reports for residents the measured run does not reach first.
            warm = [
                _report(port, key, residents[-1 - i % len(residents)], i)
                for i in range(args.warm_up)
            ]
            if bad := [f"{status}: {text}" for status, text in warm if status not in (200, 201)]:
                raise BenchFailed(f"The warm-up was refused: {bad[0]}")
            before = _repairs_count()
            connection.close()  # no idle transaction or lock held while the workers write
            started = time.perf_counter()
            tally = _run(port, key, residents, seconds=args.seconds, clients=args.clients)
            took = time.perf_counter() - started
        made = _repairs_count() - before
    except BenchFailed as failure:
        print(f"repairs over HTTP failed: {failure}", file=sys.stderr)
        return 1
    finally:
        services.api_token_revoke(actor=None, token=token)
    if tally.failures:
        print(
            f"repairs over HTTP failed: {len(tally.failures)} answer(s) were not 201 or 200, "
            f"e.g. {tally.failures[0]}",
            file=sys.stderr,
        )
        return 1
    if made != tally.created:
        print(
            f"repairs over HTTP failed: {tally.created} answered 201 but {made} new jobs "
            "were written",
            file=sys.stderr,
        )
        return 1
    latencies, reported = tally.latencies, len(tally.latencies)
    print(
        f"repairs over HTTP: {reported / took:.1f} repairs reported per second "
        f"({reported:,} in {took:.1f} s, {reported - made:,} of them recalls; {args.clients} "
        f"clients, {args.workers} gunicorn workers; latency p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 {_p95(latencies) * 1000:.0f} ms) "
        "(no target)",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
