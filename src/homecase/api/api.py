"""The API's assembly: one NinjaAPI at /api/, authenticated by bearer tokens, with each
domain's router mounted under it and one handler turning domain errors into answers.

    /api/complaints    complaint handling (complaint officers, managers)
    /api/repairs       repairs (repairs staff; contractors for their own work orders)
    /api/asb           anti-social behaviour cases (ASB officers only)
    /api/docs          interactive documentation
    /api/openapi.json  the OpenAPI schema
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from homecase.api.auth import ApiTokenAuth
from homecase.asb.api import router as asb_router
from homecase.common.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from homecase.complaints.api import router as complaints_router
from homecase.repairs.api import router as repairs_router

DESCRIPTION = """Homecase for staff systems. Authenticate every request with an API token
issued by `homecase api-token <email>`: `Authorization: Bearer hc_...`. The token acts as its
user, who must be a staff member; complaint handling needs a complaint officer or manager;
repairs need repairs staff (planner, contact agent, manager). A contractor's user may use the
repairs API too, for its own work orders only (book appointments, record visits).
Anti-social behaviour cases (`/api/asb`) need an ASB officer: the record names victims and
alleged perpetrators, so every other member of staff is refused (403).

Refused requests answer `{"detail": "<plain English>", "field": "<input or null>"}`: 400 bad
input, 401 no valid token, 403 not allowed, 404 not found, 409 not possible in the case's
current state. Malformed JSON or wrong types answer 422 with the validation errors."""

# The most specific class first: a subclass of another would otherwise take its status.
STATUS_FOR = (
    (InvalidInput, 400),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
)

api = NinjaAPI(
    title="Homecase API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=ApiTokenAuth(),
)
api.add_router("/complaints", complaints_router)
api.add_router("/repairs", repairs_router)
api.add_router("/asb", asb_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A broken rule, refused with its message and the input it is about; nothing written
    (every service is one transaction)."""
    status = next((code for kind, code in STATUS_FOR if isinstance(error, kind)), 400)
    return api.create_response(
        request, {"detail": error.message, "field": error.field}, status=status
    )
