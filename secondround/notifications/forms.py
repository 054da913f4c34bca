from django import forms

from secondround.notifications.models import PREFERENCE_CHOICES


class PreferencesForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label="E-mail me about",
        choices=PREFERENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
