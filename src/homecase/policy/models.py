"""Landlord closure days: extra non-working days on top of the bank holidays."""

from django.db import models

from homecase.common.models import BaseModel


class ClosureDay(BaseModel):
    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"
