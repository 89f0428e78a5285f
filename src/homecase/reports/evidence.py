"""The Ombudsman evidence pack: one case's whole record as a ZIP, produced in one click.

The ZIP holds:

- `record.pdf`: the story (summary, every event in order with when it happened and when it was
  recorded, who, how and any back-dating reason; every deadline and its outcome; the letters
  and messages sent; the complaint's or repair's rows) and the hash-chain verification result;
- `record.json`: the same record, machine-readable (events with their hashes);
- `letters/`: each message sent about the case, as it was sent (HTML, or text);
- `attachments/`: every file on the case, named `<id>-<original name>`;
- `manifest.sha256`: the SHA-256 of every other file (`sha256sum -c manifest.sha256` checks it).

Producing a pack is recorded on the case timeline (staff visibility) with the pack's SHA-256,
so that the copy the Ombudsman holds can be matched to the record."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from homecase.accounts.models import User
from homecase.common.time import now
from homecase.records import services as records
from homecase.records.models import Case, Channel, Visibility
from homecase.reports.selectors_evidence import CaseRecord, case_record, row_data, safe_name

EVENT_KIND = "evidence.pack_produced"
PDF_TEMPLATE = "reports/evidence_pack_pdf.html"


@dataclass(frozen=True)
class EvidencePack:
    filename: str
    content: bytes
    sha256: str


def record_json(record: CaseRecord, *, produced_at: datetime) -> dict[str, Any]:
    """The record as plain data (moments in ISO 8601, UTC)."""
    case = record.case
    return {
        "produced_at": produced_at.isoformat(),
        "case": row_data(case),
        "verification": {
            "verified": record.verified,
            "result": record.verification_text,
            "timeline": case.timeline.subject,
            "length": case.timeline.length,
            "head_hash": case.timeline.head_hash,
            "problems": [
                {"sequence": p.sequence, "description": p.description} for p in record.problems
            ],
        },
        "events": [row_data(event) for event in record.events],
        "deadlines": [row_data(deadline) for deadline in record.deadlines],
        "messages": [row_data(message) for message in record.messages],
        "attachments": [row_data(attachment) for attachment in record.attachments],
        **{section.key: section.data for section in record.sections},
    }


def record_pdf(record: CaseRecord, *, produced_at: datetime, produced_by: str) -> bytes:
    """The story of the case as an A4 PDF (WeasyPrint; nothing is fetched from outside)."""
    from weasyprint import HTML  # imported here: it takes a moment to load

    html = render_to_string(
        PDF_TEMPLATE,
        {"record": record, "produced_at": produced_at, "produced_by": produced_by},
    )
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def _no_fetching(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise ValueError(f"The evidence pack loads no external resources ({url}).")


def _letter_files(record: CaseRecord) -> list[tuple[str, bytes]]:
    files = []
    for message in record.messages:
        stem = f"letters/{message.pk}-{safe_name(message.template)}"
        if message.body_html:
            files.append((f"{stem}.html", message.body_html.encode()))
        else:
            files.append((f"{stem}.txt", f"{message.subject}\n\n{message.body}\n".encode()))
    return files


def _attachment_files(record: CaseRecord) -> list[tuple[str, bytes]]:
    files = []
    for attachment, name in record.attachment_files:
        try:
            with attachment.file.open("rb") as handle:
                files.append((name, handle.read()))
        except FileNotFoundError:
            files.append((f"{name}.MISSING.txt", b"The stored file could not be found.\n"))
    return files


def _zip(files: list[tuple[str, bytes]], produced_at: datetime) -> bytes:
    stamp = timezone.localtime(produced_at).timetuple()[:6]
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*files, ("manifest.sha256", manifest.encode())]:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def pack_bytes(record: CaseRecord, *, produced_at: datetime, produced_by: str) -> tuple[str, bytes]:
    """The pack's file name and ZIP bytes for a record (no write)."""
    data = json.dumps(
        record_json(record, produced_at=produced_at), cls=DjangoJSONEncoder, indent=2
    ).encode()
    files = [
        ("record.pdf", record_pdf(record, produced_at=produced_at, produced_by=produced_by)),
        ("record.json", data),
        *_letter_files(record),
        *_attachment_files(record),
    ]
    stamp = timezone.localtime(produced_at).strftime("%Y%m%d-%H%M%S")
    return f"evidence-{record.case.reference}-{stamp}.zip", _zip(files, produced_at)


@transaction.atomic
def evidence_pack_build(*, case: Case, actor: User | None) -> EvidencePack:
    """Build the evidence pack of a case and record on its timeline that it was produced."""
    produced_at = now()
    produced_by = (actor.get_full_name() or actor.get_username()) if actor else "Homecase"
    record = case_record(case=case)
    filename, content = pack_bytes(record, produced_at=produced_at, produced_by=produced_by)
    digest = hashlib.sha256(content).hexdigest()
    records.event_record(
        timeline=case.timeline,
        kind=EVENT_KIND,
        summary=f"Evidence pack produced ({len(record.events)} events, "
        f"{len(record.attachments)} attachments). SHA-256 {digest}",
        actor=actor,
        channel=Channel.SYSTEM,
        data={
            "filename": filename,
            "sha256": digest,
            "events": len(record.events),
            "verified": record.verified,
        },
        visibility=Visibility.STAFF,
    )
    return EvidencePack(filename=filename, content=content, sha256=digest)
