"""Forms of the Team page and the invitation page. The rules live in the write functions;
views hand them to secondround.forms.submit, which shows a refusal next to its field."""

from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth import get_user_model, password_validation

from secondround.accounts.models import Member, Role


@cache
def zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [("UTC", "UTC")] + [(z, z.replace("_", " ")) for z in zones]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Role.choices)
        kwargs.setdefault("error_messages", {"required": "Choose at least one role."})
        super().__init__(**kwargs)


class InviteForm(forms.Form):
    display_name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(label="E-mail")
    title = forms.CharField(
        label="Job title", max_length=200, required=False, help_text="Shown to candidates"
    )
    timezone = forms.ChoiceField(label="Time zone", initial="UTC")
    roles = RolesField(label="Roles")

    def __init__(self, *args, default_zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = zone_choices()
        self.fields["timezone"].initial = default_zone


class RolesForm(forms.Form):
    roles = RolesField(label="Roles")


class AcceptInvitationForm(forms.Form):
    """Like Django's SetPasswordForm (same field names and validators), for a person whose
    account does not exist yet."""

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label="New password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The two passwords differ.")
        elif first:
            email = self.invitation.email
            probe = get_user_model()(username=email, email=email)
            try:
                password_validation.validate_password(first, user=probe)
            except forms.ValidationError as invalid:
                self.add_error("new_password1", invalid)
        return cleaned


class HandoverForm(forms.Form):
    """One "who takes over?" choice per item a leaving member holds (see accounts.handover).
    Field names are ``<kind>_<id>``; an empty choice leaves the item unassigned."""

    KINDS = ("steps", "concerns", "interviews", "rounds")

    def __init__(self, *args, member: Member, work, **kwargs):
        super().__init__(*args, **kwargs)
        others = Member.objects.filter(organisation_id=member.organisation_id, active=True)
        others = others.exclude(pk=member.pk).order_by("display_name")
        self.rows = {kind: [] for kind in self.KINDS}
        for kind in self.KINDS:
            queryset = others.filter(is_approver=True) if kind == "steps" else others
            for item in getattr(work, kind):
                name = f"{kind}_{item.pk}"
                self.fields[name] = forms.ModelChoiceField(
                    queryset=queryset,
                    required=False,
                    empty_label="Nobody for now (leave unassigned)",
                    label="Hand over to",
                )
                self.rows[kind].append((item, self[name]))

    def handover(self):
        from secondround.accounts.handover import Handover

        handover = Handover()
        for name, value in self.cleaned_data.items():
            kind, pk = name.rsplit("_", 1)
            getattr(handover, kind)[int(pk)] = value
        return handover
