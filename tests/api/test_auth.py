"""Authentication of the API by bearer token: who gets in, who is refused and how, and the
OpenAPI schema and docs."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from homecase.api import services
from homecase.api.models import ApiToken
from homecase.complaints.models import Complaint
from tests.api.conftest import bearer
from tests.complaints.factories import complaint_officer, received_complaint
from tests.factories import resident_with_login

pytestmark = pytest.mark.django_db
LIST = "/api/complaints"
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def issued(officer) -> services.IssuedToken:
    return services.api_token_issue(actor=None, user=officer, name="CRM")


def test_a_valid_token_gets_in(issued):
    # when
    response = Client().get(LIST, headers=bearer(issued.key))
    # then
    assert response.status_code == 200
    assert response.json() == {"count": 0, "limit": 50, "offset": 0, "items": []}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Send your API token: 'Authorization: Bearer <token>'."),
        ("Token abc", "Use the Bearer scheme: 'Authorization: Bearer <token>'."),
        ("Bearer ", "Use the Bearer scheme: 'Authorization: Bearer <token>'."),
        ("Bearer nonsense", "This API token is not valid."),
        ("Bearer hc_0123abcd_not-the-secret", "This API token is not valid."),
    ],
)
def test_a_missing_or_wrong_token_is_a_401_with_a_message(issued, header, message):
    # given
    headers = {"Authorization": header} if header is not None else {}
    # when
    response = Client().get(LIST, headers=headers)
    # then
    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_the_right_secret_with_another_prefix_is_refused(issued):
    # given: the secret of a real token under another prefix
    _, prefix, secret = issued.key.split("_", 2)
    wrong = f"hc_{'0' * 8 if prefix != '0' * 8 else '1' * 8}_{secret}"
    # when
    response = Client().get(LIST, headers=bearer(wrong))
    # then
    assert response.status_code == 401
    assert response.json() == {"detail": "This API token is not valid."}


def test_a_revoked_token_is_a_401(issued):
    # given
    services.api_token_revoke(actor=None, token=issued.token)
    # when
    response = Client().get(LIST, headers=bearer(issued.key))
    # then
    assert response.status_code == 401
    assert response.json() == {"detail": "This API token has been revoked."}


def test_a_closed_account_is_a_401(issued, officer):
    # given
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    # when
    response = Client().get(LIST, headers=bearer(issued.key))
    # then
    assert response.status_code == 401
    assert response.json() == {"detail": "The account this API token belongs to is closed."}


def test_a_resident_users_token_is_a_403():
    # given: a token issued while the user was staff; now they are only a resident
    resident = resident_with_login()
    resident.user.groups.add(*complaint_officer().groups.all())
    issued = services.api_token_issue(actor=None, user=resident.user, name="Old laptop")
    resident.user.groups.clear()
    # when
    response = Client().get(LIST, headers=bearer(issued.key))
    # then
    assert response.status_code == 403
    assert response.json() == {"detail": "API tokens work only for staff members."}


def test_a_staff_member_without_a_handling_role_cannot_acknowledge(agent_api):
    # given
    complaint = received_complaint()
    # when
    response = agent_api.post(
        f"/api/complaints/{complaint.reference}/acknowledge",
        {"points": ["Missed visits"], "outcomes_sought": "An apology"},
        content_type="application/json",
    )
    # then: refused with a message, nothing written
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only a complaint officer or manager can acknowledge a complaint.",
        "field": None,
    }
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_last_used_is_noted_at_most_once_a_minute(issued):
    # given
    client = Client(headers=bearer(issued.key))
    # when: two requests 30 seconds apart, then one two minutes on
    with time_machine.travel(NOON, tick=False):
        client.get(LIST)
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
        client.get(LIST)
    first = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        client.get(LIST)
    # then
    assert first == NOON
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == NOON + timedelta(minutes=2)


def test_a_request_within_the_minute_writes_nothing_for_the_token(
    issued, django_assert_num_queries
):
    # given: the token was used a moment ago
    client = Client(headers=bearer(issued.key))
    with time_machine.travel(NOON, tick=False):
        client.get(LIST)
    # when / then: the token and its user, the user's roles, the count and the page: no write
    with (
        time_machine.travel(NOON + timedelta(seconds=5), tick=False),
        django_assert_num_queries(4),
    ):
        client.get(LIST)


def test_the_openapi_schema_lists_every_operation():
    # when
    response = Client().get("/api/openapi.json")
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {
        "title": "Homecase API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    operations = {(path, method) for path, methods in schema["paths"].items() for method in methods}
    assert operations == {
        ("/api/complaints", "get"),
        ("/api/complaints", "post"),
        ("/api/complaints/{reference}", "get"),
        ("/api/complaints/{reference}/timeline", "get"),
        ("/api/complaints/{reference}/acknowledge", "post"),
        ("/api/complaints/{reference}/decisions", "post"),
        ("/api/complaints/{reference}/respond", "post"),
        ("/api/complaints/{reference}/escalate", "post"),
        ("/api/complaints/{reference}/extend", "post"),
        ("/api/repairs", "get"),
        ("/api/repairs", "post"),
        ("/api/repairs/{reference}", "get"),
        ("/api/repairs/{reference}/timeline", "get"),
        ("/api/repairs/{reference}/triage", "post"),
        ("/api/repairs/{reference}/priority", "post"),
        ("/api/repairs/{reference}/work-orders", "post"),
        ("/api/repairs/{reference}/work-orders/{number}/appointments", "post"),
        ("/api/repairs/{reference}/work-orders/{number}/visits", "post"),
        ("/api/repairs/{reference}/chases", "post"),
        ("/api/repairs/{reference}/complete", "post"),
        ("/api/asb", "get"),
        ("/api/asb", "post"),
        ("/api/asb/{reference}", "get"),
        ("/api/asb/{reference}/timeline", "get"),
        ("/api/asb/{reference}/risk-assessments", "post"),
        ("/api/asb/{reference}/actions", "post"),
        ("/api/asb/{reference}/actions/{action_id}/complete", "post"),
        ("/api/asb/{reference}/contacts", "post"),
        ("/api/asb/{reference}/close", "post"),
    }
    create = schema["paths"]["/api/complaints"]["post"]
    assert sorted(create["responses"]) == ["201", "400", "401", "403", "404", "409", "422"]
    assert create["security"] == [{"ApiTokenAuth": []}]
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_docs_page_loads():
    # when
    response = Client().get("/api/docs")
    # then
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
