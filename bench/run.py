"""`make bench`: Homecase's performance targets, one line per benchmark, figure and target.

1. The working-day clock: `bench/bench_clock.py`, in a process of its own.
2. The deadline sweep at scale, on PostgreSQL at 127.0.0.1:5432 when one answers (user
   postgres, trust): a fresh database `homecase_bench_<pid>` is migrated and filled by
   `homecase synthetic` with a 125,000-home landlord and 1,000,000 open deadlines, 1% of them
   overdue; then `homecase sweep` is timed (target under 3 s), a second sweep must mark nothing,
   and `homecase verify-records` checks every hash chain. The database is dropped at the end,
   also on failure.
3. The complaint officer's queue page on the same database, which `homecase synthetic` also
   fills with 100,000 complaints: `bench/bench_queue.py` (p95 target under 150 ms).
4. Complaints created per second through the REST API, served by gunicorn (2 workers) on the
   same database: `bench/bench_complaints_http.py`, 15 s of POSTs (no target; p95 reported).
5. The repairs queue (`/console/repairs/`) and a resident's "Your repairs" page on the same
   database, which `homecase synthetic` also fills with 1,000,000 repair jobs in every state:
   `bench/bench_repairs_pages.py` (p95 targets under 150 ms and under 100 ms).
6. Repairs reported per second through POST /api/repairs under gunicorn on the same database:
   `bench/bench_repairs_http.py`, 15 s of reports (no target; p95 reported).
7. The governance reports on the same database, where `homecase synthetic --years 10` spread
   the complaints and repairs closed long ago over ten whole reporting years: the full TSM
   return page (target under 10 s), its CSV and the annual complaints report for the latest
   whole reporting year, requested by a board member (`bench/bench_governance.py`).
8. The Ombudsman evidence pack of a 500-event case on the same database (target under 3 s):
   `bench/bench_evidence_pack.py`.
9. The ASB officers' queue (`/console/asb/` and its selector) and a resident's "Your ASB
   reports" on the same database, which `homecase synthetic` also fills with 20,000 ASB cases:
   `bench/bench_asb_pages.py` (p95 targets under 150 ms and under 100 ms).

    python bench/run.py [--quick] [--strict]

`--quick` is a smoke run (10,000 homes, 100,000 open deadlines, 10,000 complaints, 50,000
repairs, 2,000 ASB cases, also over ten years). Missed
targets are printed, not failed, unless `--strict`; a wrong result (a broken chain, a second
sweep that marks anything, a wrong queue page) always fails.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SWEEP_TARGET_S = 3.0
SYNTHETIC_TARGET_S = 900.0  # "minutes, not hours" (about 10 minutes on 2 CPUs)


@dataclass(frozen=True)
class Scale:
    homes: int
    open_deadlines: int
    overdue_share: float = 0.01
    complaints: int = 0
    repairs: int = 0
    asb: int = 0
    years: int = 10  # whole reporting years of history, for the governance reports


FULL = Scale(
    homes=125_000, open_deadlines=1_000_000, complaints=100_000, repairs=1_000_000, asb=20_000
)
QUICK = Scale(homes=10_000, open_deadlines=100_000, complaints=10_000, repairs=50_000, asb=2_000)


class BenchFailed(Exception):
    """A step failed or gave a wrong result (not merely a slow one)."""


@dataclass(frozen=True)
class Timed:
    seconds: float
    output: str


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603


def timed_command(database_url: str, *command: str) -> Timed:
    """Run `homecase <command>` against the bench database; its time without start-up."""
    # As in production: DEBUG off (no query log, no debug cursor).
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    done = _run([sys.executable, str(BENCH / "timed.py"), *command], env)
    match = re.search(r"^seconds=([\d.]+)$", done.stdout, re.MULTILINE)
    if done.returncode or not match:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchFailed(f"`homecase {' '.join(command)}` failed: {' / '.join(tail)}")
    return Timed(float(match.group(1)), done.stdout[: match.start()].strip())


def clock(strict: bool) -> bool:
    """The clock benchmark prints its own line; True if it met its target (or was skipped)."""
    script = BENCH / "bench_clock.py"
    if not script.exists():
        print("clock: bench/bench_clock.py is not there yet: skipped")
        return True
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(script), *(["--strict"] if strict else [])], check=False
    )
    return done.returncode == 0


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except Exception:  # any failure means there is no PostgreSQL to bench on
        return False
    return True


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def fresh_database() -> Iterator[str]:
    """A database of our own for the run, dropped afterwards whatever happens."""
    name = f"homecase_bench_{os.getpid()}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    if not match:
        raise BenchFailed(f"Unexpected output: {text!r}")
    return int(match.group(1).replace(",", ""))


def sweep_at_scale(scale: Scale, strict: bool) -> bool:
    """Generate, sweep twice, verify; print a line for each. True if every target was met."""
    met = True
    with fresh_database() as url:
        timed_command(url, "migrate", "--noinput", "-v", "0")
        made = timed_command(
            url,
            "synthetic",
            "--homes",
            str(scale.homes),
            "--open-deadlines",
            str(scale.open_deadlines),
            "--overdue-share",
            str(scale.overdue_share),
            "--complaints",
            str(scale.complaints),
            "--repairs",
            str(scale.repairs),
            "--asb",
            str(scale.asb),
            "--years",
            str(scale.years),
        )
        residents = _number(r"([\d,]+) residents", made.output)
        overdue = _number(r"\(([\d,]+) already overdue\)", made.output)
        met &= _line(
            "synthetic",
            f"{scale.homes:,} homes, {residents:,} residents, "
            f"{scale.open_deadlines:,} open deadlines, {scale.complaints:,} complaints, "
            f"{scale.repairs:,} repairs, {scale.asb:,} ASB cases over {scale.years} years "
            f"in {made.seconds:.0f} s",
            made.seconds,
            SYNTHETIC_TARGET_S,
            "s",
        )
        _admin("CHECKPOINT")  # the load's dirty pages reach disk before anything is timed
        first = timed_command(url, "sweep")
        missed = _number(r"(\d+) deadline", first.output)
        if missed != overdue:
            raise BenchFailed(f"The sweep marked {missed:,} deadlines; {overdue:,} were overdue.")
        met &= _line(
            "sweep",
            f"{missed:,} missed of {scale.open_deadlines:,} open deadlines in "
            f"{first.seconds:.2f} s",
            first.seconds,
            SWEEP_TARGET_S,
            "s",
        )
        again = timed_command(url, "sweep")
        if _number(r"(\d+) deadline", again.output):
            raise BenchFailed(f"A second sweep marked deadlines again: {again.output}")
        met &= _line(
            "sweep again",
            f"0 marked (idempotent) in {again.seconds:.2f} s",
            again.seconds,
            SWEEP_TARGET_S,
            "s",
        )
        verified = timed_command(url, "verify-records")
        timelines = _number(r"All (\d+) timelines", verified.output)
        events = _number(r"\((\d+) events\)", verified.output)
        print(
            f"verify-records: {timelines:,} timelines, {events:,} events, no alteration "
            f"found, in {verified.seconds:.0f} s (no target yet)",
            flush=True,
        )
        met &= queue_page(url, strict)
        complaints_over_http(url, seconds=5 if scale == QUICK else 15)
        met &= repairs_pages(url, strict)
        repairs_over_http(url, seconds=5 if scale == QUICK else 15)
        met &= governance(url, strict)
        met &= evidence_pack(url, strict)
        met &= asb_pages(url, strict)
    return met or not strict


def queue_page(database_url: str, strict: bool) -> bool:
    """The officer's queue benchmark prints its own lines; True if it met its target. A wrong
    page (exit 2) fails the bench."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    script = [sys.executable, str(BENCH / "bench_queue.py"), *(["--strict"] if strict else [])]
    done = subprocess.run(script, env=env, check=False)  # noqa: S603
    if done.returncode == 2:
        raise BenchFailed("The queue page did not list the complaints the selector gives.")
    if done.returncode not in (0, 1):
        raise BenchFailed(f"bench/bench_queue.py failed (exit {done.returncode}).")
    return done.returncode == 0


def complaints_over_http(database_url: str, *, seconds: float) -> None:
    """Complaints created per second through the API under gunicorn, on the same database
    (`bench/bench_complaints_http.py` prints its line; no target). Any refused request fails."""
    script = [sys.executable, str(BENCH / "bench_complaints_http.py"), f"--seconds={seconds:g}"]
    done = _run(script, {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"})
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-2:]
        raise BenchFailed(f"bench/bench_complaints_http.py failed: {' / '.join(tail)}")
    print(done.stdout.strip(), flush=True)


def repairs_pages(database_url: str, strict: bool) -> bool:
    """The repairs queue and "Your repairs" benchmark prints its own lines; True if both met
    their targets. A wrong page (exit 2) fails the bench."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    script = [
        sys.executable,
        str(BENCH / "bench_repairs_pages.py"),
        *(["--strict"] if strict else []),
    ]
    done = subprocess.run(script, env=env, check=False)  # noqa: S603
    if done.returncode == 2:
        raise BenchFailed("A repairs page did not list the jobs the selector gives.")
    if done.returncode not in (0, 1):
        raise BenchFailed(f"bench/bench_repairs_pages.py failed (exit {done.returncode}).")
    return done.returncode == 0


def repairs_over_http(database_url: str, *, seconds: float) -> None:
    """Repairs reported per second through the API under gunicorn, on the same database
    (`bench/bench_repairs_http.py` prints its line; no target). Any refused report fails."""
    script = [sys.executable, str(BENCH / "bench_repairs_http.py"), f"--seconds={seconds:g}"]
    done = _run(script, {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"})
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-2:]
        raise BenchFailed(f"bench/bench_repairs_http.py failed: {' / '.join(tail)}")
    print(done.stdout.strip(), flush=True)


def _script(name: str, database_url: str, strict: bool, wrong: str) -> bool:
    """Run a benchmark script that prints its own lines; True if it met its target. A wrong
    result (exit 2) or a crash fails the bench."""
    script = BENCH / name
    if not script.exists():
        print(f"{name}: bench/{name} is not there yet: skipped", flush=True)
        return True
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    command = [sys.executable, str(script), *(["--strict"] if strict else [])]
    done = subprocess.run(command, env=env, check=False)  # noqa: S603
    if done.returncode == 2:
        raise BenchFailed(wrong)
    if done.returncode not in (0, 1):
        raise BenchFailed(f"bench/{name} failed (exit {done.returncode}).")
    return done.returncode == 0


def governance(database_url: str, strict: bool) -> bool:
    """The TSM return (target under 10 s), its CSV and the annual complaints report."""
    return _script(
        "bench_governance.py", database_url, strict, "A governance report did not show its figures."
    )


def evidence_pack(database_url: str, strict: bool) -> bool:
    """The evidence pack of a 500-event case (target under 3 s)."""
    return _script(
        "bench_evidence_pack.py", database_url, strict, "An evidence pack was wrong or incomplete."
    )


def asb_pages(database_url: str, strict: bool) -> bool:
    """The ASB queue (target p95 under 150 ms) and "Your ASB reports" (under 100 ms)."""
    return _script(
        "bench_asb_pages.py", database_url, strict, "An ASB page did not list the right cases."
    )


def _line(name: str, figure: str, value: float, target: float, unit: str) -> bool:
    ok = value < target
    flag = "" if ok else "  MISSED"
    print(f"{name}: {figure} (target < {target:g} {unit}){flag}", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK.homes:,} homes, {QUICK.open_deadlines:,} deadlines and "
        f"{QUICK.repairs:,} repairs",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on any missed target")
    args = parser.parse_args(argv)
    ok = clock(args.strict) or not args.strict
    if not postgres_reachable():
        print("sweep: no PostgreSQL at 127.0.0.1:5432: skipped")
        return 0 if ok else 1
    try:
        ok &= sweep_at_scale(QUICK if args.quick else FULL, args.strict)
    except BenchFailed as failure:
        print(f"bench failed: {failure}")
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
