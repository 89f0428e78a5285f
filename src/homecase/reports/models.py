"""What the governance area stores itself: the officer's assessment of each Code provision.

Assessments are append-only: a new assessment of a provision is a new row, and the current one
is the latest, so the history of every provision's status is kept."""

from django.conf import settings
from django.db import models


class AssessmentStatus(models.TextChoices):
    COMPLIANT = "compliant", "Compliant"
    PARTLY = "partly", "Partly compliant"
    NOT_COMPLIANT = "not_compliant", "Not compliant"


class ProvisionAssessmentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Assessments are append-only: record a new one instead.")

    def delete(self):
        raise TypeError("Assessments are append-only: they cannot be deleted.")


class ProvisionAssessment(models.Model):
    """An officer's confirmed status for one Code provision, with their explanation."""

    provision = models.CharField(max_length=10, help_text="The Code's number, such as 6.2.")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices)
    explanation = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="The computed figure when assessed.")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField()

    objects = ProvisionAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["provision", "-assessed_at", "-pk"]
        indexes = [
            models.Index(fields=["provision", "-assessed_at"], name="reports_assessment_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AssessmentStatus.values),
                name="reports_assessment_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="compliant") | ~models.Q(explanation=""),
                name="reports_assessment_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provision}: {self.get_status_display()} ({self.assessed_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Assessments are append-only: record a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Assessments are append-only: they cannot be deleted.")
