"""Forms of the concern ledger: raising a concern (from a scorecard), closing one (from a
scorecard or the application page, with the interview the evidence came from), giving it an
owner, and filtering a job's concerns. The rules stay in ``concerns/actions.py``."""

from django import forms

from secondround.accounts.models import Member
from secondround.concerns.models import RAISABLE_TYPES, RESOLVE_CHOICES

OUTSIDE_INTERVIEW = ""  # the choice for evidence from a reference or a work sample


class RaiseConcernForm(forms.Form):
    type = forms.ChoiceField(
        choices=RAISABLE_TYPES,
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
    # From the application page: which of the candidate's interviews the evidence came from
    # (the scorecard's resolve form needs none: its scorecard brings its interview).
    interview = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": "Choose one of the candidate's interviews."},
    )

    def __init__(self, *args, concern=None, interviews=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.concern = concern  # the concern it closes, so a page with many shows it on one
        self.interviews = {str(i.pk): i for i in interviews}
        self.fields["interview"].choices = [(pk, pk) for pk in self.interviews] + [
            (OUTSIDE_INTERVIEW, "Outside an interview")
        ]

    def chosen_interview(self):
        return self.interviews.get(self.cleaned_data.get("interview") or "")


class AssignForm(forms.Form):
    """The owner list: the job's panel first, then the organisation's other members."""

    owner = forms.ChoiceField(label="Who owns it")

    def __init__(self, *args, panel=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(m.pk): m for m in [*panel, *others]}
        groups = [("This job's panel", panel), ("Others in the organisation", others)]
        self.fields["owner"].choices = [("", "Choose someone")] + [
            (name, [(str(m.pk), _person(m)) for m in people]) for name, people in groups if people
        ]
        self.fields["owner"].error_messages["invalid_choice"] = "Choose someone from the list."
        self.fields["owner"].error_messages["required"] = "Choose who owns the concern."
        if self.is_bound and self.errors.get("owner"):
            self.fields["owner"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": "owner-error"}
            )

    def chosen(self):
        return self.people[self.cleaned_data["owner"]]


def _person(member) -> str:
    return f"{member.display_name} ({member.title})" if member.title else member.display_name


class ConcernFilterForm(forms.Form):
    """Filters of a job's concern list (GET): unknown values fall back to 'all'."""

    status = forms.ChoiceField(
        required=False,
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")],
    )
    owner = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Anyone or nobody"),
            ("nobody", "Nobody owns it yet"),
            ("me", "Owned by me"),
        ],
    )
    blocking = forms.BooleanField(required=False, label="Blocking only")
    application = forms.ChoiceField(required=False, label="Candidate")

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", "All candidates")] + [
            (str(a.pk), a.candidate.name) for a in applications
        ]

    def filter(self, concerns, member):
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or "open"
        if status == "open":
            concerns = concerns.open()
        elif status == "closed":
            concerns = concerns.exclude(status="open")
        if data.get("owner") == "nobody":
            concerns = concerns.filter(owner__isnull=True)
        elif data.get("owner") == "me":
            concerns = concerns.filter(owner=member)
        if data.get("blocking"):
            concerns = concerns.filter(blocking=True)
        if data.get("application"):
            concerns = concerns.filter(application_id=data["application"])
        return concerns
