"""Forms of the job setup pages and the question bank.

They turn posted text into values (numbers, members, competencies); the rules (a title is
required, every scale point needs an anchor, a round number is free...) stay in
``hiring/actions.py``, whose refusals the views put on these forms (``secondround.forms``).
Text the write functions judge is not "required" here, so that their message is the one
shown. ``auto_id="%s"`` keeps each input's id equal to its name, as the pages' labels expect.
"""

from django import forms

from secondround.accounts.models import Member
from secondround.hiring.models import (
    OBJECTIVE_PLAIN,
    Competency,
    CompetencyKind,
    Job,
    JobStatus,
    Objective,
    Round,
)
from secondround.hiring.rules import can_choose_hiring_manager
from secondround.hiring.setup_reads import hiring_manager_choices, hiring_managers
from secondround.hiring.topics import topic_choices


class JobForm(forms.Form):
    """A job's details. The hiring manager is offered only to those who may choose one
    (hiring.rules.can_choose_hiring_manager); for others the field is absent."""

    title = forms.CharField(max_length=200, required=False)
    department = forms.CharField(max_length=200, required=False)
    description = forms.CharField(widget=forms.Textarea, required=False)
    hiring_manager = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose a hiring manager from the list."},
    )
    status = forms.ChoiceField(
        choices=JobStatus.choices,
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list."},
    )

    def __init__(self, member, *args, job: Job | None = None, **kwargs):
        if job is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": job.title,
                    "department": job.department,
                    "description": job.description,
                    "hiring_manager": job.hiring_manager_id,
                    "status": job.status,
                },
            )
        super().__init__(*args, auto_id="%s", **kwargs)
        self.member = member
        if can_choose_hiring_manager(member):
            self.fields["hiring_manager"].queryset = hiring_managers(member)
        else:
            del self.fields["hiring_manager"]

    @property
    def offers_manager(self) -> bool:
        return "hiring_manager" in self.fields

    def manager_choices(self) -> list[Member]:
        """The hiring managers the select offers: the field's queryset, read once per member
        (setup_reads) rather than built anew for every page."""
        return hiring_manager_choices(self.member) if self.offers_manager else []

    def changes(self) -> dict:
        """The cleaned values, as ``do_update_job`` takes them."""
        return {name: self.cleaned_data[name] for name in self.fields}


class NewJobForm(JobForm):
    scale_min = forms.IntegerField(
        initial=1,
        min_value=0,
        max_value=9,
        error_messages={
            "required": "Give the scale's bottom.",
            "invalid": "Give the scale's bottom.",
        },
    )
    scale_max = forms.IntegerField(
        initial=4,
        min_value=1,
        max_value=10,
        error_messages={"required": "Give the scale's top.", "invalid": "Give the scale's top."},
    )

    def __init__(self, member, *args, **kwargs):
        super().__init__(member, *args, **kwargs)
        self.fields["status"].initial = JobStatus.OPEN
        if self.offers_manager and member.is_hiring_manager:
            self.fields["hiring_manager"].initial = member.pk

    def job_values(self, member) -> dict:
        """The values for ``do_create_job``. A status left out means a draft; a hiring manager
        who may not choose one manages the job they create."""
        values = self.changes()
        values["status"] = values["status"] or JobStatus.DRAFT
        if not self.offers_manager:
            values["hiring_manager"] = member if member.is_hiring_manager else None
        return values


class CompetencyForm(forms.Form):
    """A competency and its rubric: one ``anchor_<point>`` field per point of the job's scale."""

    name = forms.CharField(max_length=120, required=False)
    kind = forms.ChoiceField(
        choices=CompetencyKind.choices,
        required=False,
        initial=CompetencyKind.SKILL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "A competency is a skill or a value."},
    )
    weight = forms.FloatField(
        initial=1,
        error_messages={
            "required": "The weight is a number, such as 1 or 1.5.",
            "invalid": "The weight is a number, such as 1 or 1.5.",
        },
    )
    description = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, job: Job, *args, competency: Competency | None = None, **kwargs):
        self.job = job
        if competency is not None:
            saved = {a.point: a.text for a in competency.anchors.all()}
            kwargs.setdefault(
                "initial",
                {
                    "name": competency.name,
                    "kind": competency.kind,
                    "weight": competency.weight,
                    "description": competency.description,
                    **{f"anchor_{p}": saved.get(p, "") for p in job.scale},
                },
            )
        super().__init__(*args, auto_id="%s", **kwargs)
        for point in job.scale:
            self.fields[f"anchor_{point}"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def anchor_fields(self):
        """(point, bound field) for each point of the scale, lowest first."""
        return [(point, self[f"anchor_{point}"]) for point in self.job.scale]

    def values(self) -> dict:
        """The values for ``do_save_competency``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "weight": data["weight"],
            "description": data["description"],
            "anchors": {p: data[f"anchor_{p}"] for p in self.job.scale},
        }

    def flag_empty_anchors(self) -> None:
        """The write function refuses a rubric with gaps in one message; mark each gap too."""
        if not self.non_field_errors():
            return
        for point, field in self.anchor_fields():
            if not (field.value() or "").strip():
                self.add_error(field.name, f"Describe the behaviour that earns a {point}.")


class RoundForm(forms.Form):
    number = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "The round number is a whole number.",
            "invalid": "The round number is a whole number.",
            "min_value": "Rounds are numbered from 1.",
        },
    )
    name = forms.CharField(max_length=120, required=False)
    objectives = forms.MultipleChoiceField(
        choices=[(o.value, o.label) for o in Objective],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Unknown objective: %(value)s."},
    )
    purpose = forms.CharField(widget=forms.Textarea, required=False)
    focus = forms.ModelMultipleChoiceField(
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Focus competencies must belong to this job."},
    )
    panel = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Panel members must belong to your organisation."},
    )
    duration_minutes = forms.IntegerField(
        min_value=5,
        max_value=600,
        error_messages={
            "required": "The length is a number of minutes.",
            "invalid": "The length is a number of minutes.",
            "min_value": "A round lasts between 5 and 600 minutes.",
            "max_value": "A round lasts between 5 and 600 minutes.",
        },
    )

    def __init__(self, member, job: Job, *args, round: Round | None = None, **kwargs):
        competencies = Competency.objects.visible_to(member).filter(job=job)
        kwargs.setdefault("initial", _round_initial(job, round, competencies))
        super().__init__(*args, auto_id="%s", **kwargs)
        self.fields["focus"].queryset = competencies
        self.fields["panel"].queryset = Member.objects.visible_to(member).filter(active=True)

    def objective_choices(self):
        """Each objective with how it reads to the panel and the candidate."""
        chosen = set(self["objectives"].value() or [])
        return [
            {
                "value": o.value,
                "label": o.label,
                "plain": OBJECTIVE_PLAIN[o],
                "checked": o in chosen,
            }
            for o in Objective
        ]

    def values(self) -> dict:
        """The values for ``do_save_round``."""
        data = self.cleaned_data
        return {
            "number": data["number"],
            "name": data["name"],
            "objectives": data["objectives"],
            "purpose": data["purpose"],
            "focus": list(data["focus"]),
            "panel": list(data["panel"]),
            "duration_minutes": data["duration_minutes"],
        }


def _round_initial(job, round_, competencies) -> dict:
    if round_ is not None:
        return {
            "number": round_.number,
            "name": round_.name,
            "objectives": round_.objectives,
            "purpose": round_.purpose,
            "focus": [c.pk for c in round_.focus_competencies.all()],
            "panel": [m.pk for m in round_.panel.all()],
            "duration_minutes": round_.duration_minutes,
        }
    number = max((r.number for r in job.rounds.all()), default=0) + 1
    return {
        "number": number,
        "name": f"Round {number}",
        "focus": [c.pk for c in competencies],
        "duration_minutes": 60,
    }


class QuestionForm(forms.Form):
    """A question and its topic, chosen from the organisation's competencies and the kinds of
    concern (hiring.topics): the page shows labels, the bank stores one spelling per topic."""

    topic = forms.ChoiceField(choices=(), required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, organisation_id: int, keep: str = "", **kwargs):
        super().__init__(*args, auto_id="question-%s", **kwargs)
        self.fields["topic"].choices = topic_choices(organisation_id, keep)
        self.fields["topic"].error_messages["invalid_choice"] = "Choose a topic from the list."

    @property
    def topic_groups(self):
        return self.fields["topic"].choices[1:]  # after the "Choose a topic" placeholder


class QuestionSearchForm(forms.Form):
    """Search the bank by words in a question, and narrow it to one topic."""

    q = forms.CharField(label="Words in the question", max_length=100, required=False)
    topic = forms.ChoiceField(label="Topic", choices=(), required=False)

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, auto_id="search-%s", **kwargs)
        choices = topic_choices(organisation_id)
        self.fields["topic"].choices = [("", "Every topic")] + choices[1:]

    @property
    def topic_groups(self):
        return self.fields["topic"].choices[1:]


class QuestionActiveForm(forms.Form):
    """The retire / restore button: ``active`` is "1" to restore, "0" to retire."""

    active = forms.TypedChoiceField(
        choices=[("1", "Restore"), ("0", "Retire")],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,
    )
