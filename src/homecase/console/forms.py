"""Forms for the staff console; they check shape only."""

from django import forms

SEARCH_LABEL = "Search by name, address, postcode, UPRN or case reference"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=SEARCH_LABEL,
        min_length=2,
        max_length=200,
        error_messages={
            "required": "Enter a name, address, postcode, UPRN or case reference",
            "min_length": "Enter at least 2 characters to search",
            "max_length": "Search for 200 characters or fewer",
        },
    )
