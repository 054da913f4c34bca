"""The import pages' forms: upload a file, then confirm its import."""

from django import forms

from secondround.imports.choices import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds", choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label="CSV file (UTF-8)", help_text="The columns are described in the import guide."
    )


class ConfirmForm(forms.Form):
    """No fields: posting it (with its CSRF token) is the confirmation."""
