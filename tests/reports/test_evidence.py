"""The Ombudsman evidence pack service: what the ZIP holds, its manifest, the chain result and
the event recording that the pack was produced."""

import hashlib
import io
import json
import zipfile

import pytest
from PIL import Image

from homecase.complaints import services as complaints
from homecase.records.attachments import Photo, photos_attach
from homecase.records.models import Channel, Event
from homecase.reports.evidence import EVENT_KIND, evidence_pack_build
from tests.complaints.factories import complaint_officer, responded_complaint
from tests.repairs.factories import planner, visited_repair

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_complaint_pack_holds_the_whole_record_and_a_correct_manifest():
    officer = complaint_officer(first_name="Priya", last_name="Shah")
    complaint = responded_complaint(officer=officer)
    case = complaint.case
    complaints.contact_record(
        case=case, actor=officer, channel=Channel.PHONE, summary="Called to explain the reply"
    )
    photo = _png()
    photos_attach(
        case=case,
        photos=[Photo("ceiling/stain.png", photo)],
        actor=officer,
        max_bytes=10**6,
        max_count=5,
    )
    events_before = list(case.timeline.events.order_by("sequence"))

    pack = evidence_pack_build(case=case, actor=officer)

    assert pack.filename.startswith(f"evidence-{case.reference}-")
    assert pack.filename.endswith(".zip")
    assert pack.sha256 == hashlib.sha256(pack.content).hexdigest()
    files = _files(pack.content)
    assert files["record.pdf"].startswith(b"%PDF")
    attachment_names = [n for n in files if n.startswith("attachments/")]
    assert len(attachment_names) == 1
    assert attachment_names[0].endswith("-stain.png")
    assert files[attachment_names[0]] == photo
    assert any(n.startswith("letters/") for n in files)
    # The manifest lists every other file with its SHA-256, in sha256sum's layout.
    manifest = dict(
        reversed(line.split("  ", 1)) for line in files["manifest.sha256"].decode().splitlines()
    )
    assert set(manifest) == set(files) - {"manifest.sha256"}
    for name, digest in manifest.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest

    record = json.loads(files["record.json"])
    assert record["case"]["reference"] == case.reference
    assert [e["hash"] for e in record["events"]] == [e.hash for e in events_before]
    assert record["verification"]["verified"] is True
    assert record["verification"]["problems"] == []
    assert [s["number"] for s in record["stages"]] == [1]
    assert len(record["points"]) == 2
    assert all(p["decision"] == "upheld" for p in record["points"])
    assert len(record["deadlines"]) == complaint.case.deadlines.count()

    last = case.timeline.events.order_by("-sequence").first()
    assert last.kind == EVENT_KIND
    assert last.visibility == "staff"
    assert last.data["sha256"] == pack.sha256
    assert last.actor_id == officer.pk


def test_repair_pack_has_work_orders_and_visits_with_access_attempts():
    repair = visited_repair(outcome="no_access")
    pack = evidence_pack_build(case=repair.case, actor=planner())
    record = json.loads(_files(pack.content)["record.json"])
    assert record["repair"][0]["id"] == repair.pk
    assert len(record["work_orders"]) == 1
    assert len(record["visits"]) == 1
    assert len(record["access_attempts"]) == 1
    assert record["access_attempts"][0]["card_left"] is True


def test_pdf_reports_an_altered_timeline(monkeypatch):
    complaint = responded_complaint()
    case = complaint.case
    # Tamper behind the model's back, as an attacker with database access would.
    from django.db import connection

    first = case.timeline.events.order_by("sequence").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE records_event SET summary = %s WHERE id = %s", ["Altered", first.pk])
    pack = evidence_pack_build(case=case, actor=None)
    record = json.loads(_files(pack.content)["record.json"])
    assert record["verification"]["verified"] is False
    assert record["verification"]["problems"][0]["sequence"] == 1
    event = Event.objects.filter(timeline=case.timeline, kind=EVENT_KIND).get()
    assert event.data["verified"] is False
