"""Forms of the concern ledger: raising a concern (from a scorecard) and closing one (from
a scorecard or the application page). The rules stay in ``concerns/actions.py``."""

from django import forms

from secondround.accounts.models import Member
from secondround.concerns.models import RESOLVE_CHOICES, ConcernType


class RaiseConcernForm(forms.Form):
    type = forms.ChoiceField(
        choices=ConcernType.choices,
        required=False,
        error_messages={"invalid_choice": "Choose what kind of concern this is."},
    )
    title = forms.CharField(max_length=200, required=False)
    probe = forms.CharField(required=False, widget=forms.Textarea)
    details = forms.CharField(required=False, widget=forms.Textarea)
    blocking = forms.BooleanField(required=False)
    owner = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose someone from the list to probe it."},
    )

    def __init__(self, *args, owners=(), **kwargs):
        """``owners``: the members the concern may be handed to."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.filter(pk__in=[m.pk for m in owners])

    def values(self) -> dict:
        """The arguments of ``do_raise_concern`` after the application."""
        return dict(self.cleaned_data)


class ResolveConcernForm(forms.Form):
    status = forms.ChoiceField(
        choices=RESOLVE_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose resolved, confirmed or unresolvable."},
    )
    evidence = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, *args, concern=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.concern = concern  # the concern it closes, so a page with many shows it on one
