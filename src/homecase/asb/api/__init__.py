"""The ASB API for staff systems: list and filter open cases, take a report (or join it to an
open case), read a case with its parties and timeline, assess the risk, add and complete
actions, record contact and close. ASB officers only: the record names victims and alleged
perpetrators. `views.router` is mounted at /api/asb by `homecase.api.api`; `schemas` holds each
operation's input and output."""

from homecase.asb.api.views import router

__all__ = ["router"]
