"""Issuing and revoking API tokens: the services and `homecase api-token`."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from homecase.api import services
from homecase.api.models import ApiToken
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from tests.api.conftest import bearer
from tests.factories import UserFactory, resident_with_login

pytestmark = pytest.mark.django_db


def test_issuing_stores_only_the_hash_of_the_secret(officer):
    # when
    issued = services.api_token_issue(actor=None, user=officer, name="  CRM sync  ")
    # then
    label, prefix, secret = issued.key.split("_", 2)
    token = ApiToken.objects.get()
    assert (label, len(prefix), len(secret)) == ("hc", 8, 43)
    assert token.user == officer
    assert token.name == "CRM sync"
    assert token.key_prefix == prefix
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.last_used_at, token.revoked_at) == (None, None)


def test_a_contractors_user_gets_a_token_for_its_own_work_orders():
    # given: a contractor's user (the repairs API scopes it to its own work orders)
    user = UserFactory(roles=["contractor"])
    # when
    issued = services.api_token_issue(actor=None, user=user, name="Job sheets")
    # then
    assert issued.token.user == user
    assert issued.key.startswith("hc_")


def test_two_tokens_never_share_a_key(officer):
    # when
    first = services.api_token_issue(actor=None, user=officer, name="A")
    second = services.api_token_issue(actor=None, user=officer, name="B")
    # then
    assert first.key != second.key
    assert first.token.key_hash != second.token.key_hash


@pytest.mark.parametrize(
    ("make_user", "name", "error", "message"),
    [
        (
            lambda: resident_with_login().user,
            "Portal",
            PermissionDenied,
            "API tokens are only for active staff members.",
        ),
        (
            lambda: UserFactory(roles=["complaint_officer"], is_active=False),
            "CRM",
            PermissionDenied,
            "API tokens are only for active staff members.",
        ),
        (
            lambda: UserFactory(roles=["complaint_officer"]),
            " ",
            InvalidInput,
            "Say what the token is for.",
        ),
    ],
)
def test_issuing_is_refused_and_writes_nothing(make_user, name, error, message):
    # given
    user = make_user()
    # when
    with pytest.raises(error) as refused:
        services.api_token_issue(actor=None, user=user, name=name)
    # then
    assert refused.value.message == message
    assert ApiToken.objects.count() == 0


def test_revoking_twice_is_refused(officer):
    # given
    issued = services.api_token_issue(actor=None, user=officer, name="CRM")
    revoked = services.api_token_revoke(actor=officer, token=issued.token)
    # when
    with pytest.raises(Conflict) as refused:
        services.api_token_revoke(actor=officer, token=issued.token)
    # then
    assert refused.value.message == f"Token hc_{issued.token.key_prefix} is already revoked."
    assert ApiToken.objects.get().revoked_at == revoked.revoked_at


def test_the_command_prints_a_working_token_once(officer):
    # given
    out, err = StringIO(), StringIO()
    # when
    call_command("api-token", officer.email.upper(), name="CRM", stdout=out, stderr=err)
    # then: the key alone on stdout (for scripts); the warning on stderr
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert key.startswith(f"hc_{token.key_prefix}_")
    assert token.name == "CRM"
    assert "shown only now" in err.getvalue()
    assert Client().get("/api/complaints", headers=bearer(key)).status_code == 200


def test_the_command_revokes_by_prefix(officer):
    # given
    issued = services.api_token_issue(actor=None, user=officer, name="CRM")
    out = StringIO()
    # when
    call_command("api-token", officer.email, revoke=f"hc_{issued.token.key_prefix}", stdout=out)
    # then
    assert out.getvalue() == f"Token hc_{issued.token.key_prefix} (CRM) revoked.\n"
    assert ApiToken.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", "There is no account with the email address nobody@example.org."),
        ("resident", "API tokens are only for active staff members."),
    ],
)
def test_the_command_refuses_with_a_message(email, message):
    # given
    if email == "resident":
        email = resident_with_login().email
    # when
    with pytest.raises(CommandError) as refused:
        call_command("api-token", email, stdout=StringIO(), stderr=StringIO())
    # then
    assert str(refused.value) == message
    assert ApiToken.objects.count() == 0
