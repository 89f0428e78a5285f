"""Signing in with an email address and password, shared by the portal and the console.

Residents' usernames are their email addresses; staff accounts may have other usernames, so the
account is found by email first and the password is then checked by Django's own backends."""

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from homecase.accounts.models import User


def authenticate_by_email(request: HttpRequest, *, email: str, password: str) -> User | None:
    """The active account with this email (or username) and password, or None."""
    email = email.strip()
    account = User.objects.filter(email__iexact=email).only("username").first() if email else None
    # With no such account, authenticate() still runs the password hasher, so the time taken
    # does not tell an attacker whether the email is registered.
    username = account.username if account else email
    return authenticate(request, username=username, password=password)


def safe_next_url(request: HttpRequest, default: str) -> str:
    """Where to go after signing in: the `next` parameter if it points at this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
