"""Forms for moving a candidate along the pipeline and for their interviews."""

from datetime import datetime

from django import forms
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.hiring.candidate_forms import PlainForm
from secondround.hiring.models import RejectionReason, Round, Stage

# Stages a person may pick by hand. "Hired" comes only from an approved decision, and
# "awaiting decision" from proposing one, so neither is offered.
HAND_STAGES = [(v, label) for v, label in Stage.choices if v not in (Stage.HIRED, Stage.DECISION)]


class RoundField(forms.ModelChoiceField):
    def label_from_instance(self, round: Round) -> str:
        return round.name


class StageForm(PlainForm):
    stage = forms.ChoiceField(label="Move to", choices=HAND_STAGES)
    round = RoundField(
        label="Round", queryset=Round.objects.none(), required=False, empty_label="(by stage)"
    )
    note = forms.CharField(label="Note", max_length=1000, required=False)

    def __init__(self, *args, job=None, **kwargs):
        super().__init__(*args, **kwargs)
        if job is not None:
            self.fields["round"].queryset = job.rounds.order_by("number")


class RejectForm(PlainForm):
    reason = forms.ChoiceField(
        label="Why not", choices=[("", "Choose a reason")] + RejectionReason.choices
    )
    note = forms.CharField(
        label="Note",
        help_text="For the team; the candidate does not see it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class WithdrawForm(PlainForm):
    note = forms.CharField(
        label="What the candidate said", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, member: Member) -> str:
        return f"{member.display_name} ({member.title})" if member.title else member.display_name


class InterviewForm(PlainForm):
    """Date and times are read in the organiser's own time zone."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="Starts", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Ends", widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label="Place", max_length=200, required=False)
    video_link = forms.URLField(label="Video link", required=False, assume_scheme="https")
    panel = PeopleField(label="Panel", queryset=Member.objects.none(), required=False)
    other = forms.ModelChoiceField(
        label="Someone not on the round's panel",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Nobody else",
    )
    already_held = forms.BooleanField(
        label="This interview already took place: record it as held",
        required=False,
    )

    def __init__(self, *args, zone, panel, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["panel"].queryset = panel
        self.fields["other"].queryset = others
        self.fields["other"].label_from_instance = lambda m: m.display_name

    def clean(self):
        data = super().clean()
        if not all(data.get(k) for k in ("date", "start", "end")):
            return data
        data["starts_at"] = datetime.combine(data["date"], data["start"], tzinfo=self.zone)
        data["ends_at"] = datetime.combine(data["date"], data["end"], tzinfo=self.zone)
        # A typo in the date should not silently record a past interview: ask to confirm.
        if data["starts_at"] < timezone.now() and not data.get("already_held"):
            self.add_error(
                "already_held",
                "This time is in the past. Tick the box to record an interview that took place.",
            )
        data["interviewers"] = list(data.get("panel") or [])
        if data.get("other") and data["other"] not in data["interviewers"]:
            data["interviewers"].append(data["other"])
        return data


class CancelInterviewForm(PlainForm):
    reason = forms.CharField(
        label="Why (for the team)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
