"""The shape of an API token, `hc_<prefix>_<secret>`: making one, reading one, hashing the
secret. The prefix (8 hex characters) identifies a token; only the secret's hash is stored."""

import hashlib
import secrets

TOKEN_PREFIX = "hc"  # noqa: S105 (a fixed label, not a secret)
PREFIX_LENGTH = 8


def key_new() -> tuple[str, str]:
    """A fresh (prefix, secret): 32 random bytes of secret, so an unsalted hash is safe."""
    return secrets.token_hex(PREFIX_LENGTH // 2), secrets.token_urlsafe(32)


def key_format(prefix: str, secret: str) -> str:
    return f"{TOKEN_PREFIX}_{prefix}_{secret}"


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_parts(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, or None."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != PREFIX_LENGTH:
        return None
    return (parts[1], parts[2]) if parts[2] else None
