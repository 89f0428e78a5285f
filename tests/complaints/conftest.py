"""Fixtures for the complaint tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories give every user a password; the real hasher takes about a second a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
