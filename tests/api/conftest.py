"""Fixtures for the API tests: staff with tokens, and clients that send them."""

from collections.abc import Callable

import pytest
from django.test import Client

from homecase.accounts.models import User
from homecase.api import services
from tests.complaints.factories import complaint_officer, contact_agent


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories give every user a password; the real hasher takes about a second a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def client_for(db) -> Callable[[User], Client]:
    """A client sending a fresh token of the given user with every request."""

    def make(user: User) -> Client:
        issued = services.api_token_issue(actor=None, user=user, name="Test client")
        return Client(headers=bearer(issued.key))

    return make


@pytest.fixture
def officer(db) -> User:
    return complaint_officer(first_name="Priya", last_name="Shah")


@pytest.fixture
def agent(db) -> User:
    return contact_agent(first_name="Tom", last_name="Reed")


@pytest.fixture
def officer_api(client_for, officer) -> Client:
    return client_for(officer)


@pytest.fixture
def agent_api(client_for, agent) -> Client:
    return client_for(agent)
