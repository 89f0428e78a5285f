"""Issuing and revoking API tokens, and noting their use. A token is `hc_<prefix>_<secret>`:
the prefix (8 hex characters) is stored to identify it, the secret only as its SHA-256 hash."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from homecase.accounts.access import has_role, is_staff_member
from homecase.accounts.models import Role, User
from homecase.api.keys import key_format, key_hash, key_new
from homecase.api.models import ApiToken
from homecase.common.errors import Conflict, InvalidInput, PermissionDenied
from homecase.common.time import now

logger = logging.getLogger(__name__)

# Noting each use would cost a write per request: once a minute is enough to see it is alive.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the whole token, shown once and never stored


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User, name: str) -> IssuedToken:
    """A new token acting as `user`, who must be a staff member or a contractor's user (the
    repairs API lets a contractor work its own orders; everything else refuses it). The key is
    returned once."""
    if not name.strip():
        raise InvalidInput("Say what the token is for.", field="name")
    if not user.is_active or not (is_staff_member(user) or has_role(user, Role.CONTRACTOR)):
        raise PermissionDenied("API tokens are only for active staff members.")
    prefix, secret = key_new()
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_prefix=prefix, key_hash=key_hash(secret)
    )
    logger.info("API token %s issued for %s by %s", prefix, user, actor or "the system")
    return IssuedToken(token=token, key=key_format(prefix, secret))


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Stop the token working, for good. The row is kept as a record of who had access."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict(f"Token hc_{token.key_prefix} is already revoked.")
    token.revoked_at = now()
    token.save(update_fields=["revoked_at", "updated_at"])
    logger.info("API token %s revoked by %s", token.key_prefix, actor or "the system")
    return token


def api_token_note_use(*, token: ApiToken, at: datetime) -> None:
    """Record that the token was used, at most once per LAST_USED_PRECISION. One conditional
    UPDATE, no lock: two requests racing both write about the same moment."""
    if token.last_used_at is not None and at - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    token.last_used_at = at
