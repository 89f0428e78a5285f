"""Reads of API tokens."""

import hmac

from django.db.models import QuerySet

from homecase.accounts.models import User
from homecase.api.keys import key_hash, key_parts
from homecase.api.models import ApiToken


def api_token_for_key(key: str) -> ApiToken | None:
    """The token with this key, revoked or not, with its user; None when there is none."""
    parts = key_parts(key)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(secret)).first()
    if token is None or not hmac.compare_digest(token.key_prefix, prefix):
        return None
    return token


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
