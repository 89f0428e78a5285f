from datetime import datetime

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "homecase.complaints"
    verbose_name = "Complaints"

    def after_sweep(self, *, at: datetime) -> str:
        """Called by `homecase sweep` once deadlines are marked missed."""
        from homecase.complaints.services import missed_promises_follow_up

        followed = missed_promises_follow_up(at=at)
        return f"{followed} missed complaint promise(s) apologised for with a new date."
