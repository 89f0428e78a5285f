"""Shared fixtures."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def staff_user(db):
    return UserFactory(roles=["contact_agent"])
