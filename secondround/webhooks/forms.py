"""Forms of the webhook settings pages; the rules (the SSRF rule above all) are in actions."""

from django import forms

from secondround.webhooks.models import Event


class SubscriptionForm(forms.Form):
    url = forms.CharField(
        label="URL",
        max_length=500,
        help_text="Where to POST the events. It must be https and reach a public address.",
        widget=forms.URLInput(attrs={"placeholder": "https://hr.example.com/hooks/secondround"}),
    )
    description = forms.CharField(
        label="Description", max_length=200, required=False, help_text="What receives them."
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(e.value, f"{e.value}: {e.label}") for e in Event],
        widget=forms.CheckboxSelectMultiple,
    )


class EditSubscriptionForm(SubscriptionForm):
    active = forms.BooleanField(
        label="Send events to this URL", required=False, help_text="Untick to disable it."
    )


class WebhookSettingsForm(forms.Form):
    allow_private_targets = forms.BooleanField(
        label="Allow http and private-network URLs",
        required=False,
        help_text=(
            "Lets webhooks go to http:// URLs and to private, loopback and link-local "
            "addresses, such as a receiver inside your own network. Leave it off unless you "
            "need it: it lets webhooks reach the server's own network."
        ),
    )
