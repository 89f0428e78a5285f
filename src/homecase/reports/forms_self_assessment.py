"""The form an officer uses to confirm the status of one Code provision."""

from django import forms

from homecase.reports.models import AssessmentStatus


class AssessForm(forms.Form):
    status = forms.ChoiceField(
        label="Do we comply with this provision?",
        choices=AssessmentStatus.choices,
        error_messages={"required": "Choose compliant, partly compliant or not compliant."},
    )
    explanation = forms.CharField(
        label="Explanation",
        required=False,
        widget=forms.Textarea,
        help_text=(
            "What the evidence shows and, if we do not fully comply, why and what we are doing "
            "about it."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        status, explanation = data.get("status"), (data.get("explanation") or "").strip()
        if status and status != AssessmentStatus.COMPLIANT and not explanation:
            self.add_error(
                "explanation",
                "Explain why the provision is not fully met and what is being done about it.",
            )
        return data
