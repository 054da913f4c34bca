"""Forms of the personal-data pages. The rules (who, what may be erased) are in actions.py."""

from django import forms

from secondround.privacy.actions import MONTHS_MAX


class EraseForm(forms.Form):
    confirmation = forms.CharField(
        label="Type the candidate's full name to confirm",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RetentionForm(forms.Form):
    enabled = forms.BooleanField(
        label="Anonymise candidates after a period without activity", required=False
    )
    months = forms.IntegerField(
        label="Months without activity",
        min_value=1,
        max_value=MONTHS_MAX,
        help_text="Counted from the candidate's latest application, stage move, interview, "
        "scorecard, concern, decision or portal visit.",
    )
