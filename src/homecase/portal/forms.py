"""Forms for the resident portal. They check only the shape of what was sent: the rules (is
this an email address, is it someone else's, can we reach you that way) are the services'."""

from django import forms

from homecase.common.errors import DomainError
from homecase.housing.models import ContactChannel, ContactFormat, Resident

YES_NO = [("yes", "Yes"), ("no", "No")]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class SignInForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=4096,
        error_messages={"required": "Enter your password"},
    )


class SignInLinkForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address"},
    )


class ContactPreferencesForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"max_length": "Email address must be 254 characters or fewer"},
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        error_messages={"max_length": "Phone number must be 20 characters or fewer"},
    )
    preferred_channel = forms.ChoiceField(
        label="How should we contact you?",
        choices=ContactChannel.choices,
        error_messages={"required": "Select how we should contact you"},
    )
    preferred_format = forms.ChoiceField(
        label="How should we write to you?",
        choices=ContactFormat.choices,
        error_messages={"required": "Select how we should write to you"},
    )
    preferred_language = forms.CharField(
        label="Which language should we use?",
        max_length=40,
        error_messages={
            "required": "Enter the language we should use",
            "max_length": "Language must be 40 characters or fewer",
        },
    )
    needs_interpreter = forms.TypedChoiceField(
        label="Do you need an interpreter when we talk to you?",
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        error_messages={"required": "Select yes if you need an interpreter"},
    )

    @classmethod
    def for_resident(cls, resident: Resident, data=None) -> "ContactPreferencesForm":
        initial = {
            "email": resident.email,
            "phone": resident.phone,
            "preferred_channel": resident.preferred_channel,
            "preferred_format": resident.preferred_format,
            "preferred_language": resident.preferred_language,
            "needs_interpreter": "yes" if resident.needs_interpreter else "no",
        }
        return cls(data, initial=initial)
