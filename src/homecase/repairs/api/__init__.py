"""The repairs API for staff systems and contractors: report, list, read, timeline, triage and
priority, work orders, appointments, visits, chases and completion. `views.router` is mounted
at /api/repairs by `homecase.api.api`; `schemas` holds each operation's input and output."""

from homecase.repairs.api.views import router

__all__ = ["router"]
