"""Benchmark: the governance area's reports at scale, the full TSM return (target under 10 s)
and the annual complaints report.

Run against a database filled by `homecase synthetic ... --years 10` (`bench/run.py` does so),
with `DATABASE_URL` set:

    python bench/bench_governance.py [--year 2025-26] [--runs 3] [--strict]

A synthetic board member is signed in with Django's test `Client` (each request goes through
the middleware, the view, the selectors and the template, in this process, with no network),
then, for the latest whole reporting year (or `--year`), each of these is requested `--runs`
times: the TSM return page (`/governance/tsm/`), its CSV in the Regulator's layout, and the
annual complaints report (`/governance/complaints-report/`). One line each, with the median:

    tsm return: X.XX s (target < 10 s)
    tsm csv: X.XX s
    annual complaints report: X.XX s

A missed target is printed, not failed, unless `--strict` (exit 1); a wrong page (not 200, or
without the figures it should show) always fails (exit 2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGET_S = 10.0
BOARD_MEMBER = "board01@synthetic.example.org"
REPORTS = (
    # name, path, what a right answer holds
    ("tsm return", "/governance/tsm/", ("CH01", "CH02", "RP02")),
    ("tsm csv", "/governance/tsm/tsm.csv", ("CH01", "RP02")),
    ("annual complaints report", "/governance/complaints-report/", ("Stage 1",)),
)


class WrongPage(Exception):
    """A report that did not answer, or did not show its figures: wrong, not slow."""


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecase.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _board_member():
    """A synthetic board member to sign in (made if there is none)."""
    from django.contrib.auth.models import Group

    from homecase.accounts.models import Role, User

    group, _ = Group.objects.get_or_create(name=Role.BOARD_MEMBER)
    user, _ = User.objects.get_or_create(
        username=BOARD_MEMBER,
        defaults={"email": BOARD_MEMBER, "first_name": "Board", "last_name": "Member"},
    )
    user.groups.add(group)
    return user


def measure(client, name: str, path: str, expected: tuple[str, ...], runs: int) -> list[float]:
    """The seconds each of `runs` requests took; WrongPage if any answer is wrong."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise WrongPage(f"{name}: HTTP {response.status_code} for {path}")
        text = body.decode("utf-8", errors="replace")
        missing = [word for word in expected if word not in text]
        if missing:
            raise WrongPage(f"{name}: {path} does not show {', '.join(missing)}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", help="reporting year, e.g. 2025-26 (default: the latest)")
    parser.add_argument("--runs", type=int, default=3, help="timed requests per report")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    _setup()
    from django.test import Client

    from homecase.reports.public import latest_year_label

    year = args.year or latest_year_label()
    client = Client()
    client.force_login(_board_member())
    met = True
    for name, path, expected in REPORTS:
        try:
            seconds = measure(client, name, f"{path}?year={year}", expected, args.runs)
        except WrongPage as wrong:
            print(f"governance: wrong page: {wrong}", flush=True)
            return 2
        median = statistics.median(seconds)
        line = f"{name}: {median:.2f} s"
        if name == "tsm return":
            ok = median < TARGET_S
            met &= ok
            line += f" (target < {TARGET_S:g} s){'' if ok else '  MISSED'}"
        runs = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"{line}; {year}, median of {args.runs} runs: {runs}", flush=True)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
