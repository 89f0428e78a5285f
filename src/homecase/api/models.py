"""API tokens for staff systems. Only a hash of the secret is stored: the token itself is shown
once when it is issued (`homecase api-token`) and can never be read back."""

from django.conf import settings
from django.db import models

from homecase.common.models import BaseModel


class ApiToken(BaseModel):
    """A bearer token `hc_<key_prefix>_<secret>` acting as its user. The prefix identifies the
    token in lists and logs without revealing it; `key_hash` is the SHA-256 of the secret."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for (the system).")
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["key_prefix"], name="api_token_prefix")]

    def __str__(self) -> str:
        return f"hc_{self.key_prefix}_… ({self.name})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
