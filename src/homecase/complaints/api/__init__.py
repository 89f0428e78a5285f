"""The complaints API for staff systems: create, list, read, timeline, and the stage actions.
`views.router` is mounted at /api/complaints by `homecase.api.api`; `schemas` holds each
operation's input and output."""

from homecase.complaints.api.views import router

__all__ = ["router"]
