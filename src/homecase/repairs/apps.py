from datetime import datetime

from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "homecase.repairs"
    verbose_name = "Repairs"

    def after_sweep(self, *, at: datetime) -> str:
        """Called by `homecase sweep` once deadlines are marked missed: appointment reminders
        and what the repairs clocks owe after a miss."""
        from homecase.repairs.services import after_sweep

        return after_sweep(at=at)
