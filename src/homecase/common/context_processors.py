"""Template context every page needs."""

from django.conf import settings
from django.http import HttpRequest


def landlord(request: HttpRequest) -> dict[str, str]:
    return {"landlord_name": settings.HOMECASE_LANDLORD_NAME}
