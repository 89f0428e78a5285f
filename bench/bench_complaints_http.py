"""Complaints created per second through HTTP: the REST API served by gunicorn, on PostgreSQL.

    DATABASE_URL=postgres://... python bench/bench_complaints_http.py [--seconds 15]
        [--clients 4] [--workers 2]

Needs a migrated database with residents (`bench/run.py` passes the one it filled with
`homecase synthetic`). Makes a staff member and an API token, starts gunicorn (sync workers,
127.0.0.1 on a free port, DEBUG off, persistent database connections), warms it up, then has
`--clients` threads POST /api/complaints, each waiting for its answer before the next, for
`--seconds`. Prints one line: complaints created per second and the p50/p95 latency. No
target: the figure is reported.

Fails (exit 1) on any answer but 201, or when the database holds a different number of new
complaints from the 201s counted. The complaints made stay in the database (the caller drops
it); the token is revoked and gunicorn stopped whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BENCH_EMAIL = "bench-api@homecase.invalid"
DESCRIPTION = (
    "The repair to my kitchen ceiling was booked three times and nobody came. "
    "I took three days off work and nobody called to say they were not coming."
)
CONN_MAX_AGE_S = 600
CHANNELS = ("phone", "email", "letter", "portal", "in_person", "live_chat", "social_media")


class BenchFailed(Exception):
    """A wrong answer (not merely a slow one)."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecase.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def _prepare(residents_wanted: int) -> tuple[str, object, list[int]]:
    """A staff member's token (the key, the token row) and the residents to complain for."""
    from django.contrib.auth.models import Group

    from homecase.accounts.models import User
    from homecase.api import services
    from homecase.housing.models import Resident

    residents = list(
        Resident.objects.order_by("pk").values_list("pk", flat=True)[:residents_wanted]
    )
    if not residents:
        raise BenchFailed("The database has no residents: run `homecase synthetic` first.")
    # Bench set-up, not a domain record: a contact agent (any staff member may log complaints).
    user, _ = User.objects.get_or_create(
        username=BENCH_EMAIL,
        defaults={"email": BENCH_EMAIL, "first_name": "Bench", "last_name": "Client"},
    )
    user.groups.add(Group.objects.get(name="contact_agent"))
    issued = services.api_token_issue(actor=None, user=user, name="bench_complaints_http")
    return issued.key, issued.token, residents


def _complaints_count() -> int:
    from homecase.complaints.models import Complaint

    return Complaint.objects.count()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _persistent(url: str) -> str:
    """As in production, each worker keeps its database connection between requests (a new
    PostgreSQL connection per request would cost more than the request itself)."""
    if "conn_max_age" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}conn_max_age={CONN_MAX_AGE_S}"


@contextmanager
def gunicorn(workers: int) -> Iterator[int]:
    """gunicorn serving Homecase on a free port; stopped (its process only) on the way out."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _persistent(os.environ["DATABASE_URL"]),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "homecase.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    # Letters and emails go to the console backend: their text is not wanted here.
    with tempfile.TemporaryFile() as errors:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            _wait_until_serving(port, server, errors)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_serving(port: int, server: subprocess.Popen, errors) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip().splitlines()[-3:]
            raise BenchFailed(f"gunicorn stopped: {' / '.join(tail)}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/openapi.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchFailed("gunicorn did not answer within 60 s.")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _create(port: int, key: str, resident_id: int, channel: str) -> tuple[int, str]:
    body = json.dumps(
        {
            "resident_id": resident_id,
            "channel": channel,
            "description": DESCRIPTION,
            "desired_outcome": "Fix the ceiling and say sorry.",
        }
    )
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/api/complaints", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")[:200]
    finally:
        connection.close()


def _client(
    number: int, port: int, key: str, residents: list[int], until: float, tally: Tally
) -> None:
    """One client: a request, its answer, the next, until the end of the run."""
    sent = 0
    while time.perf_counter() < until:
        index = number * 7919 + sent
        started = time.perf_counter()
        try:
            status, text = _create(
                port, key, residents[index % len(residents)], CHANNELS[index % len(CHANNELS)]
            )
        except OSError as error:
            status, text = 0, str(error)
        elapsed = time.perf_counter() - started
        sent += 1
        with tally.lock:
            if status == 201:
                tally.latencies.append(elapsed)
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
        print("complaints over HTTP: set DATABASE_URL to a PostgreSQL database", file=sys.stderr)
        return 1
    _setup_django()
    from django.db import connection

    from homecase.api import services

    key, token, residents = _prepare(residents_wanted=5000)
    try:
        with gunicorn(args.workers) as port:
            warm = [
                _create(port, key, residents[i % len(residents)], "phone")
                for i in range(args.warm_up)
            ]
            if bad := [f"{status}: {text}" for status, text in warm if status != 201]:
                raise BenchFailed(f"The warm-up was refused: {bad[0]}")
            before = _complaints_count()
            connection.close()  # no idle transaction or lock held while the workers write
            started = time.perf_counter()
            tally = _run(port, key, residents, seconds=args.seconds, clients=args.clients)
            took = time.perf_counter() - started
        made = _complaints_count() - before
    except BenchFailed as failure:
        print(f"complaints over HTTP failed: {failure}", file=sys.stderr)
        return 1
    finally:
        services.api_token_revoke(actor=None, token=token)
    if tally.failures:
        print(
            f"complaints over HTTP failed: {len(tally.failures)} answer(s) were not 201, "
            f"e.g. {tally.failures[0]}",
            file=sys.stderr,
        )
        return 1
    if made != len(tally.latencies):
        print(
            f"complaints over HTTP failed: {len(tally.latencies)} answered 201 but {made} "
            "complaints were written",
            file=sys.stderr,
        )
        return 1
    latencies = tally.latencies
    print(
        f"complaints over HTTP: {made / took:.1f} complaints created per second "
        f"({made:,} in {took:.1f} s; {args.clients} clients, {args.workers} gunicorn workers; "
        f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {_p95(latencies) * 1000:.0f} ms) (no target)",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
