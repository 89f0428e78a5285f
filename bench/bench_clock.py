"""Benchmark: how many ``add_working_days`` calls per second one CPython process manages.

Run as ``python bench/bench_clock.py [--strict] [--calls N]``. Prints one line; with
``--strict`` exits 1 when below the 1,000,000 calls/second target (for CI).

The timed loop includes the Python loop and argument unpacking a real caller pays, over
varied start dates (weekdays, weekends, bank holidays) and amounts, on a calendar with
closure days, so the figure is not flattered by a single cached input.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from homecase.clock import get_calendar  # noqa: E402

TARGET = 1_000_000
DISTINCT_INPUTS = 10_000


def make_inputs(seed: int = 2024) -> list[tuple[date, int]]:
    """Varied (start, n) pairs: any day 2000-2055, n from 0 to 60 working days."""
    rng = random.Random(seed)
    first = date(2000, 1, 1)
    return [
        (first + timedelta(days=rng.randrange(365 * 55)), rng.randrange(61))
        for _ in range(DISTINCT_INPUTS)
    ]


def calls_per_second(calls: int, repeats: int = 3) -> float:
    """Best of ``repeats`` timed runs of ``calls`` calls (best, to discount noise)."""
    closures = [date(y, 12, 24) for y in range(2000, 2061)]
    add = get_calendar("england-and-wales", closures=closures).add_working_days
    inputs = make_inputs()
    rounds = max(1, calls // len(inputs))
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(rounds):
            for start, n in inputs:
                add(start, n)
        best = min(best, time.perf_counter() - started)
    return rounds * len(inputs) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if below target")
    parser.add_argument("--calls", type=int, default=2_000_000, help="calls per timed run")
    args = parser.parse_args(argv)
    rate = calls_per_second(args.calls)
    print(f"clock: add_working_days {rate:,.0f} per second (target >= {TARGET:,})")
    return 1 if args.strict and rate < TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
