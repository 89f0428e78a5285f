"""One-time sign-in links for residents, sent by email.

A link carries a token made like Django's password-reset tokens, with its own salt so the two
can never be swapped. The token hashes the account's last sign-in, so signing in (by the link or
by password) makes every earlier link useless: each link works once. It also expires after
settings.HOMECASE_SIGN_IN_LINK_MINUTES. The link is a secret: it goes only into the email,
never onto a timeline or into the logs."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from homecase.accounts.models import User

logger = logging.getLogger(__name__)


class SignInLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "homecase.portal.sign_in_links.SignInLinkTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # The full last-login moment (Django's own drops the microseconds), so that a sign-in
        # within the same second as an earlier one still changes the hash.
        login = "" if user.last_login is None else user.last_login.isoformat()
        return f"{user.pk}{user.password}{login}{timestamp}{user.email}{user.is_active}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-")[0])
        age = self._num_seconds(self._now()) - issued
        return age <= settings.HOMECASE_SIGN_IN_LINK_MINUTES * 60


sign_in_tokens = SignInLinkTokenGenerator()


def _resident_account(email: str) -> User | None:
    email = email.strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email, is_active=True, resident__isnull=False).first()


def sign_in_link_send(
    *, email: str, absolute_url: Callable[[str], str], landlord_name: str
) -> None:
    """Email a sign-in link if the email belongs to a resident's account; otherwise do
    nothing, so that the page shown afterwards cannot tell who is registered."""
    user = _resident_account(email)
    if user is None:
        return
    path = reverse(
        "portal:sign-in-link-use",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": sign_in_tokens.make_token(user),
        },
    )
    minutes = settings.HOMECASE_SIGN_IN_LINK_MINUTES
    body = (
        f"Use this link to sign in to your {landlord_name} account:\n\n{absolute_url(path)}\n\n"
        f"The link works once, within {minutes} minutes.\n\n"
        "If you did not ask for it, you can ignore this email: nobody can sign in without it."
    )
    try:
        send_mail(f"Your sign-in link for {landlord_name}", body, None, [user.email])
    except OSError:
        # Shown the same page either way: a failure must not reveal that the email is known.
        logger.exception("Could not send a sign-in link to account %s", user.pk)


def user_for_sign_in_link(*, uidb64: str, token: str) -> User | None:
    """The resident's account the link was made for, if the link is still good."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True, resident__isnull=False).first()
    return user if sign_in_tokens.check_token(user, token) else None
