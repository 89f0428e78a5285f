"""The evidence pack pages in the console: who may produce a pack, the page, the download, and
a reference that does not exist."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from homecase.records.models import Event
from homecase.reports.evidence import EVENT_KIND
from tests.complaints.factories import complaint_officer, received_complaint
from tests.factories import UserFactory
from tests.repairs.factories import reported_repair

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_page_describes_the_pack_and_links_to_the_download(client):
    complaint = received_complaint()
    client.force_login(complaint_officer())
    response = client.get(reverse("console:evidence:case", args=[complaint.reference]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Download the evidence pack" in body
    assert reverse("console:evidence:pack", args=[complaint.reference]) in body
    assert "record.json" in body
    assert "manifest.sha256" in body


def test_download_is_a_zip_and_is_recorded_on_the_timeline(client):
    complaint = received_complaint()
    officer = complaint_officer()
    client.force_login(officer)
    response = client.get(reverse("console:evidence:pack", args=[complaint.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"evidence-{complaint.reference}-" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert {"record.pdf", "record.json", "manifest.sha256"} <= set(archive.namelist())
    event = Event.objects.get(timeline=complaint.case.timeline, kind=EVENT_KIND)
    assert event.data["sha256"] == hashlib.sha256(response.content).hexdigest()
    assert event.actor_id == officer.pk
    assert event.visibility == "staff"


def test_a_board_member_may_produce_a_pack(client):
    repair = reported_repair()
    client.force_login(UserFactory(roles=["board_member"]))
    response = client.get(reverse("console:evidence:pack", args=[repair.case.reference]))
    assert response.status_code == 200


def test_an_unknown_reference_is_a_plain_404(client):
    client.force_login(complaint_officer())
    for name in ("case", "pack"):
        response = client.get(reverse(f"console:evidence:{name}", args=["C-2026-999999"]))
        assert response.status_code == 404
        assert "There is no case with the reference C-2026-999999" in response.content.decode()


def test_residents_and_contractors_get_403_and_nothing_is_recorded(client):
    complaint = received_complaint()
    for roles in (["contractor"], []):
        client.force_login(UserFactory(roles=roles))
        response = client.get(reverse("console:evidence:pack", args=[complaint.reference]))
        assert response.status_code == 403
    assert not Event.objects.filter(kind=EVENT_KIND).exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    complaint = received_complaint()
    response = client.get(reverse("console:evidence:pack", args=[complaint.reference]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:sign-in"))


def test_case_complaint_and_repair_pages_link_to_the_pack(client):
    complaint = received_complaint()
    repair = reported_repair()
    client.force_login(UserFactory(roles=["manager"]))
    link = "Produce the Ombudsman evidence pack"
    for url, reference in (
        (reverse("console:case", args=[complaint.reference]), complaint.reference),
        (
            reverse("console:console-complaints:complaint", args=[complaint.reference]),
            complaint.reference,
        ),
        (reverse("console:console-repairs:repair", args=[repair.case.reference]), None),
    ):
        body = client.get(url).content.decode()
        assert link in body
        if reference:
            assert reverse("console:evidence:case", args=[reference]) in body
