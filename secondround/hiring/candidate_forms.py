"""Forms for adding a candidate and applying them to jobs. The rules (duplicates, the CV's
type and size, who may apply to which job) live in application_actions; the forms only read
and shape the input."""

from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings

from secondround.hiring.models import Job, Source


class PlainForm(forms.Form):
    """Labels without Django's trailing colon, as on the rest of the app's pages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class JobsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, job: Job) -> str:
        return job.title


class CandidateForm(PlainForm):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(label="E-mail")
    phone = forms.CharField(max_length=40, required=False)
    source = forms.ChoiceField(
        label="Where they came from", choices=[("", "Not known")] + Source.choices, required=False
    )
    source_detail = forms.CharField(label="If other: where", max_length=200, required=False)
    timezone = forms.ChoiceField(label="Their time zone", choices=())
    cv_file = forms.FileField(
        label="CV as a PDF",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    cv_text = forms.CharField(
        label="Or paste the CV as text", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    notes = forms.CharField(
        label="Internal notes",
        help_text="Only admins, recruiters and the hiring managers of their jobs read these.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    jobs = JobsField(label="Apply to", queryset=Job.objects.none(), required=False)

    def __init__(self, *args, jobs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()
        self.fields["jobs"].queryset = jobs if jobs is not None else Job.objects.none()
        limit_mb = settings.CV_MAX_BYTES / 1e6
        self.fields["cv_file"].help_text = f"Up to {limit_mb:.0f} MB."


class UseExistingForm(PlainForm):
    """Apply the candidate already on file (a likely duplicate) to the chosen jobs instead."""

    use_existing = forms.IntegerField(widget=forms.HiddenInput)
    jobs = JobsField(label="Apply to", queryset=Job.objects.none())

    def __init__(self, *args, jobs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobs"].queryset = jobs if jobs is not None else Job.objects.none()
        self.fields["jobs"].error_messages["required"] = "Choose the jobs to apply them to."


class ApplyForm(PlainForm):
    """Apply a candidate on file to more jobs, from their page."""

    jobs = JobsField(label="Apply to", queryset=Job.objects.none())

    def __init__(self, *args, jobs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobs"].queryset = jobs if jobs is not None else Job.objects.none()
