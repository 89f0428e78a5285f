"""Fixtures for the ASB tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories give every user a password; the real hasher takes about a second a user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Photos are stored as files: keep them out of the real data folder.
    settings.MEDIA_ROOT = str(tmp_path / "media")
