"""The evidence pack pages in the console: who may produce a pack, the page, the download, and
a reference that does not exist."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta

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


# An ASB case's pack is for ASB officers only


def _asb_case():
    from homecase.asb.services import PersonInput, action_add, officer_note_add
    from tests.asb import factories as asb

    case = asb.reported_case(perpetrators=[PersonInput(name="Gary from number 9")])
    action_add(
        asb=case, actor=case.officer, kind="site_visit", description="Visit the stairwell",
        due_on=case.case.opened_at.date() + timedelta(days=7), owner=case.officer,
    )  # fmt: skip
    officer_note_add(asb=case, actor=case.officer, text="Saw needles on the second floor.")
    return case


@pytest.mark.parametrize("role", ["repairs_planner", "complaint_officer", "board_member"])
def test_staff_without_the_asb_role_get_404_for_an_asb_case_pack(client, role):
    # given
    case = _asb_case()
    client.force_login(UserFactory(roles=[role]))
    before = case.case.timeline.events.count()

    # when
    page = client.get(reverse("console:evidence:case", args=[case.case.reference]))
    pack = client.get(reverse("console:evidence:pack", args=[case.case.reference]))

    # then: the same "no such case" as an unknown reference; nothing recorded
    message = f"There is no case with the reference {case.case.reference}."
    assert (page.status_code, pack.status_code) == (404, 404)
    assert message in page.content.decode()
    assert case.case.timeline.events.count() == before


def test_an_asb_officer_gets_the_pack_with_the_asb_record():
    from django.test import Client

    from homecase.reports.selectors_evidence import case_record

    # given
    case = _asb_case()
    client = Client()
    client.force_login(UserFactory(roles=["asb_officer"]))

    # when
    response = client.get(reverse("console:evidence:pack", args=[case.case.reference]))

    # then: parties, actions, risk assessments, diary in the record (and so in the PDF)
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("record.json"))
        assert archive.read("record.pdf").startswith(b"%PDF")
    assert "Gary from number 9" in [p["name"] for p in data["asb_parties"]]
    assert [a["description"] for a in data["asb_actions"]] == ["Visit the stairwell"]
    assert [r["stage"] for r in data["asb_risk_assessments"]] == ["intake"]
    assert [d["what_happened"] for d in data["asb_diary"]] == ["Saw needles on the second floor."]
    titles = [s.title for s in case_record(case=case.case).sections]
    assert titles[:6] == [
        "Anti-social behaviour case",
        "People in the case",
        "Reports",
        "Risk assessments",
        "Action plan",
        "Incident diary and officer notes",
    ]
