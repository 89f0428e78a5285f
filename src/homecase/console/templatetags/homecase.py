"""Presentation helpers for the console's templates (colours only: no decisions)."""

from django import template

from homecase.records.models import DeadlineStatus

register = template.Library()

_DEADLINE_TAGS = {
    DeadlineStatus.OPEN: "govuk-tag--blue",
    DeadlineStatus.MET: "govuk-tag--green",
    DeadlineStatus.MISSED: "govuk-tag--red",
    DeadlineStatus.MET_LATE: "govuk-tag--orange",
    DeadlineStatus.CANCELLED: "govuk-tag--grey",
}


@register.filter
def deadline_tag_class(status: str) -> str:
    """The GOV.UK tag colour for a deadline's status."""
    return _DEADLINE_TAGS.get(status, "govuk-tag--grey")


@register.filter
def sees_governance(user) -> bool:
    """Whether the console shows this user the link to the governance area."""
    from homecase.reports.access import can_see_governance

    return can_see_governance(user)


@register.filter
def works_asb(user) -> bool:
    """Whether the console shows this user the link to the ASB cases (ASB officers only)."""
    from homecase.asb.access import can_work_asb

    return can_work_asb(user)
