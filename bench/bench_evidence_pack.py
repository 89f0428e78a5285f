"""Benchmark: the Ombudsman evidence pack of a 500-event case (target under 3 s).

Run against a migrated database (`bench/run.py` makes one), with `DATABASE_URL` set:

    python bench/bench_evidence_pack.py [--events 500] [--runs 5] [--strict] [--keep]

Builds one complaint through the services (logged, acknowledged, then contacts recorded until
its timeline holds `--events` events, then every point decided and the stage 1 response sent,
so that the pack has letters, stages, points and deadlines), then times
`reports.evidence.evidence_pack_build` `--runs` times and prints its p50 and p95, and one line:

    evidence pack: 500-event case in X.XX s (target < 3 s)

(X.XX is the p50). Everything written is rolled back at the end unless `--keep`. A missed
target is printed, not failed, unless `--strict` (exit 1); a pack whose chain does not verify
or that lacks an event always fails (exit 2).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGET_S = 3.0
BENCH_EMAIL = "bench-evidence-{}@homecase.invalid"


class WrongPack(Exception):
    """The pack does not hold the record it should: a wrong result, not a slow one."""


class _Rollback(Exception):
    pass


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecase.settings")
    # The letters the complaint sends are kept in memory, not printed to the console.
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    import logging

    import django

    django.setup()
    # WeasyPrint logs each layout step at INFO: not wanted in a one-line benchmark.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _resident():
    """A resident with a home: a synthetic one if any, else one made through the services."""
    from homecase.housing import services as housing
    from homecase.housing.models import Resident

    found = Resident.objects.filter(home__isnull=False).order_by("pk").first()
    if found is not None:
        return found
    suffix = f"{os.getpid()}{int(time.time())}"
    home = housing.home_create(
        uprn=f"9{suffix[-11:]}",
        address_line_1="1 Bench Street",
        town="Benchton",
        postcode="BN1 1AA",
        home_type="flat",
    )
    return housing.resident_create(
        actor=None,
        first_name="Bench",
        last_name="Resident",
        home=home,
        email=BENCH_EMAIL.format(suffix),
    )


def case_with_events(events: int):
    """One complaint whose timeline holds `events` events (at least), built by the services."""
    from homecase.complaints import services as complaints
    from homecase.complaints.models import Complaint
    from homecase.complaints.services import PointDecisionInput
    from homecase.demo.synthetic_complaints import officers_create
    from homecase.records.models import Channel

    officer = officers_create()[0]
    complaint = complaints.complaint_create(
        actor=officer,
        channel=Channel.PHONE,
        resident=_resident(),
        description="The kitchen ceiling repair was booked three times and nobody came.",
        desired_outcome="Fix the ceiling and say sorry.",
    )
    complaints.complaint_acknowledge(
        complaint=complaint,
        actor=officer,
        points=["Three missed repair appointments", "No reply to my calls"],
        outcomes_sought="The ceiling repaired and an apology",
    )
    case = complaint.case
    case.timeline.refresh_from_db()
    closing = 12  # about what deciding and responding add; topped up below
    channels = [Channel.PHONE, Channel.EMAIL, Channel.LETTER, Channel.IN_PERSON]
    number = 0
    while case.timeline.length < events - closing:
        number += 1
        complaints.contact_record(
            case=case,
            actor=officer,
            channel=channels[number % len(channels)],
            summary=f"Update {number}: told the resident where the investigation stands.",
        )
    complaint = Complaint.objects.get(pk=complaint.pk)
    stage = complaint.stages.order_by("-number").first()
    complaints.complaint_decide_points(
        complaint=complaint,
        actor=officer,
        decisions=[
            PointDecisionInput(point.number, "upheld", f"Reason for point {point.number}.")
            for point in stage.points.all()
        ],
    )
    complaints.complaint_respond(
        complaint=complaint, actor=officer, explanation="We looked at every appointment and call."
    )
    case.timeline.refresh_from_db()
    while case.timeline.length < events:
        number += 1
        complaints.contact_record(
            case=case, actor=officer, channel=Channel.PHONE, summary=f"Follow-up call {number}."
        )
    return case, officer


def _check(content: bytes, events: int) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        record = json.loads(archive.read("record.json"))
    if not record["verification"]["verified"]:
        raise WrongPack(f"the chain did not verify: {record['verification']['result']}")
    if len(record["events"]) < events:
        raise WrongPack(f"the pack holds {len(record['events'])} events, not {events}")


def run(*, events: int, runs: int) -> list[float]:
    from homecase.reports.evidence import evidence_pack_build

    case, officer = case_with_events(events)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        pack = evidence_pack_build(case=case, actor=officer)
        seconds.append(time.perf_counter() - started)
        _check(pack.content, events)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    parser.add_argument("--keep", action="store_true", help="keep the case made for the run")
    args = parser.parse_args(argv)
    _setup()
    from django.db import transaction

    seconds: list[float] = []
    try:
        with transaction.atomic():
            seconds = run(events=args.events, runs=args.runs)
            if not args.keep:
                raise _Rollback
    except _Rollback:
        pass
    except WrongPack as wrong:
        print(f"evidence pack: WRONG: {wrong}", file=sys.stderr)
        return 2
    p50 = statistics.median(seconds)
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[18] if len(seconds) > 1 else p50
    print(f"  evidence pack runs: p50 {p50:.2f} s, p95 {p95:.2f} s over {len(seconds)} runs")
    verdict = "" if p50 < TARGET_S else "  MISSED"
    print(f"evidence pack: {args.events}-event case in {p50:.2f} s (target < 3 s){verdict}")
    return 1 if args.strict and p50 >= TARGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
