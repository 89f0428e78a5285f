"""Reads of outbound messages: what was sent about a case, and to a resident."""

from django.db.models import QuerySet

from homecase.housing.models import Resident
from homecase.notify.models import OutboundMessage
from homecase.records.models import Case


def messages_for_case(*, case: Case) -> QuerySet[OutboundMessage]:
    """Every message about a case, newest first, including copies to representatives."""
    return OutboundMessage.objects.filter(case=case).select_related("resident", "representative")


def messages_for_resident(*, resident: Resident) -> QuerySet[OutboundMessage]:
    """Every message to a resident or about them (representatives' copies too), newest first."""
    return OutboundMessage.objects.filter(resident=resident).select_related(
        "case", "representative"
    )
