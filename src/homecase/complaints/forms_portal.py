"""Forms for the resident's complaint pages. They check only the shape of what was sent; whether
a complaint can be made or escalated is for the complaint services to say.

The questions never ask the resident to use the word "complaint" (Code 1.3): they ask what
happened and what they would like us to do."""

from django import forms

from homecase.records.models import Case

YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_ABOUT_A_CASE = ""


class ComplaintForm(forms.Form):
    description = forms.CharField(
        label="What happened?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Tell us what happened",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )
    desired_outcome = forms.CharField(
        label="What would you like us to do to put things right? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "max_length": "What you would like us to do must be 2,000 characters or fewer"
        },
    )
    related_case = forms.ChoiceField(
        label="Is this about a repair or another matter we are already dealing with?",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Select one of your cases, or that it is not about one"},
    )
    about_conduct = forms.TypedChoiceField(
        label="Is it about how a member of our staff or a contractor behaved?",
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        error_messages={"required": "Select yes if it is about how someone behaved"},
    )
    conduct_subject = forms.CharField(
        label="If yes, who was it?",
        required=False,
        max_length=200,
        error_messages={"max_length": "Who it was must be 200 characters or fewer"},
    )

    def __init__(self, *args, cases: list[Case], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if cases:
            self.fields["related_case"].choices = [
                *[(case.reference, f"{case.reference}: {case.title}") for case in cases],
                (NOT_ABOUT_A_CASE, "No, it is about something else"),
            ]
        else:
            del self.fields["related_case"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("about_conduct") and not cleaned.get("conduct_subject", "").strip():
            self.add_error(
                "conduct_subject",
                "Tell us who it was: their name, their job or the company they work for",
            )
        if not cleaned.get("about_conduct"):
            cleaned["conduct_subject"] = ""
        return cleaned


class EscalationForm(forms.Form):
    reason = forms.CharField(
        label="Tell us why you are not happy with our response (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": "Your reason must be 5,000 characters or fewer"},
    )
