"""The governance area's shell: who gets in, sign-in and sign-out, and the hub."""

import pytest
from django.urls import reverse

from homecase.reports.access import can_produce_evidence, can_see_governance
from tests.factories import UserFactory, resident_with_login

PASSWORD = "correct horse battery staple"
HUB = reverse("governance:index")
SIGN_IN = reverse("governance:sign-in")


def _user(who):
    return {
        "resident": lambda: resident_with_login().user,
        "no role": lambda: UserFactory(),
        "contractor": lambda: UserFactory(roles=["contractor"]),
        "contact agent": lambda: UserFactory(roles=["contact_agent"]),
        "repairs planner": lambda: UserFactory(roles=["repairs_planner"]),
        "board member": lambda: UserFactory(roles=["board_member"]),
        "manager": lambda: UserFactory(roles=["manager"]),
        "complaint officer": lambda: UserFactory(roles=["complaint_officer"]),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[who]()


def test_anonymous_people_are_sent_to_sign_in_and_back(client):
    response = client.get(HUB)
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={HUB}"


@pytest.mark.parametrize(
    "who", ["resident", "no role", "contractor", "contact agent", "repairs planner"]
)
def test_people_without_a_governance_role_get_a_plain_403(client, db, who):
    client.force_login(_user(who))
    response = client.get(HUB)
    assert response.status_code == 403
    assert "You cannot see the governance area" in response.content.decode()


@pytest.mark.parametrize("who", ["board member", "manager", "complaint officer", "superuser"])
def test_governance_roles_see_the_hub(client, db, who):
    client.force_login(_user(who))
    response = client.get(HUB)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Governance</h1>' in content
    for heading in ("Tenant Satisfaction Measures", "Annual complaints report", "Board dashboard"):
        assert heading in content


@pytest.mark.parametrize(
    ("who", "sees", "produces"),
    [
        ("board member", True, True),
        ("manager", True, True),
        ("complaint officer", True, True),
        ("superuser", True, True),
        ("contact agent", False, True),
        ("repairs planner", False, True),
        ("contractor", False, False),
        ("resident", False, False),
        ("no role", False, False),
    ],
)
def test_access_rules(db, who, sees, produces):
    user = _user(who)
    assert can_see_governance(user) is sees
    assert can_produce_evidence(user) is produces


def test_anonymous_can_do_neither(db):
    from django.contrib.auth.models import AnonymousUser

    assert not can_see_governance(AnonymousUser())
    assert not can_produce_evidence(AnonymousUser())


def test_a_board_member_signs_in_and_lands_on_the_hub(client, db):
    member = _user("board member")
    response = client.post(SIGN_IN, {"email": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == HUB
    assert client.get(HUB).status_code == 200


def test_sign_in_returns_to_the_page_asked_for(client, db):
    member = _user("manager")
    response = client.post(
        f"{SIGN_IN}?next={HUB}", {"email": member.email, "password": PASSWORD, "next": HUB}
    )
    assert response["Location"] == HUB


def test_sign_in_refuses_an_offsite_next(client, db):
    member = _user("board member")
    response = client.post(
        SIGN_IN, {"email": member.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == HUB


def test_a_wrong_password_is_refused_with_an_error(client, db):
    member = _user("board member")
    response = client.post(SIGN_IN, {"email": member.email, "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert client.get(HUB).status_code == 302


def test_a_resident_signing_in_is_told_why_not_and_not_signed_in(client, db):
    resident = _user("resident")
    response = client.post(SIGN_IN, {"email": resident.email, "password": PASSWORD})
    assert response.status_code == 403
    assert client.get(HUB).status_code == 302


def test_a_signed_in_board_member_visiting_sign_in_goes_to_the_hub(client, db):
    client.force_login(_user("board member"))
    response = client.get(SIGN_IN)
    assert response["Location"] == HUB


def test_sign_in_page_renders(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert "Sign in to governance" in response.content.decode()


def test_sign_out_signs_out(client, db):
    client.force_login(_user("board member"))
    response = client.post(reverse("governance:sign-out"))
    assert response["Location"] == SIGN_IN
    assert client.get(HUB).status_code == 302


def test_sign_out_needs_post(client, db):
    client.force_login(_user("board member"))
    assert client.get(reverse("governance:sign-out")).status_code == 405
