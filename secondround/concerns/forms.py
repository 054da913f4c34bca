"""Forms of the concern ledger: closing a concern (with the interview the evidence came from),
giving it an owner, and filtering a job's concerns. The rules stay in concerns/actions.py."""

from django import forms

from secondround.concerns.models import RESOLVE_CHOICES
from secondround.hiring.models import Interview

OUTSIDE_INTERVIEW = ""  # the choice for evidence from a reference or a work sample


def interview_label(interview: Interview) -> str:
    return f"{interview.round.name}, {interview.starts_at:%-d %b %Y %H:%M}"


class CloseConcernForm(forms.Form):
    status = forms.ChoiceField(
        choices=RESOLVE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose resolved, confirmed or unresolvable."},
    )
    interview = forms.ChoiceField(required=False, label="Where the evidence came from")
    evidence = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, interviews=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.interviews = {str(i.pk): i for i in interviews}
        self.fields["interview"].choices = [
            (pk, interview_label(i)) for pk, i in self.interviews.items()
        ] + [(OUTSIDE_INTERVIEW, "Outside an interview (a reference, a work sample)")]

    def chosen_interview(self) -> Interview | None:
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
