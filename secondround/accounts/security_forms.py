"""Forms of the sign-in and token pages: a second-factor code, a new API token, and the
organisation's two-factor requirement. The rules live in two_factor.py and api_tokens.py."""

from django import forms

from secondround.accounts.models import TokenScope


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or a recovery code",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        help_text="The 6-digit code your app shows once it has the secret",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100, help_text="What the token is for")
    scope = forms.ChoiceField(
        label="Access",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="A read-only token can only read (GET); choose write only if the script "
        "changes data",
    )
    expires = forms.DateField(
        label="Last day it works",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. It stops working at the end of that day (your time zone)",
    )


class TwoFactorRequirementForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label="Require two-factor sign-in for admins, recruiters and approvers",
        required=False,
        help_text="Those without it are sent to set it up when they next sign in, and reach "
        "nothing else until they have",
    )
