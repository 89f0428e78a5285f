"""Bearer-token authentication for the API: `Authorization: Bearer hc_<prefix>_<secret>`.

A missing, malformed, unknown or revoked token is a 401; a token whose user is not (or no
longer) a staff member is a 403. Each answer carries a JSON message saying which."""

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from homecase.accounts.access import is_staff_member
from homecase.accounts.models import User
from homecase.api.selectors import api_token_for_key
from homecase.api.services import api_token_note_use
from homecase.common.time import now


class Unauthenticated(AuthenticationError):
    """401 with a message and the header RFC 6750 asks for."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=401, message=message)


class ApiTokenAuth(HttpBearer):
    """Authenticates a request as the token's user; `request.auth` is that user."""

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get(self.header, "")
        scheme, _, key = header.partition(" ")
        if not header:
            raise Unauthenticated("Send your API token: 'Authorization: Bearer <token>'.")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise Unauthenticated("Use the Bearer scheme: 'Authorization: Bearer <token>'.")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = api_token_for_key(token)
        if found is None:
            raise Unauthenticated("This API token is not valid.")
        if found.revoked_at is not None:
            raise Unauthenticated("This API token has been revoked.")
        if not found.user.is_active:
            raise Unauthenticated("The account this API token belongs to is closed.")
        if not is_staff_member(found.user):
            raise AuthorizationError(message="API tokens work only for staff members.")
        api_token_note_use(token=found, at=now())
        request.api_token = found
        return found.user
