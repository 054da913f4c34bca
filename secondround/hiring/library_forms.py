"""Forms of the competency library: an entry with its anchors, and the choice of entries that a
job copies. The rules stay in library_actions."""

from django import forms

from secondround.hiring.library import LIBRARY_SCALE, LibraryCompetency
from secondround.hiring.models import CompetencyKind, Job


class LibraryCompetencyForm(forms.Form):
    name = forms.CharField(max_length=120, required=False)
    kind = forms.ChoiceField(
        choices=CompetencyKind.choices,
        required=False,
        initial=CompetencyKind.SKILL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "A competency is a skill or a value."},
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, entry: LibraryCompetency | None = None, **kwargs):
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": entry.name,
                    "kind": entry.kind,
                    "description": entry.description,
                    **{f"anchor_{p}": entry.anchor(p) for p in LIBRARY_SCALE},
                },
            )
        super().__init__(*args, auto_id="%s", **kwargs)
        for point in LIBRARY_SCALE:
            self.fields[f"anchor_{point}"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def anchor_fields(self):
        return [(point, self[f"anchor_{point}"]) for point in LIBRARY_SCALE]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"] or CompetencyKind.SKILL,
            "description": data["description"],
            "anchors": {p: data[f"anchor_{p}"] for p in LIBRARY_SCALE},
        }


class LibraryChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, entry: LibraryCompetency) -> str:
        return f"{entry.name} ({entry.get_kind_display().lower()})"


class CopyFromLibraryForm(forms.Form):
    """The library entries a job may copy: those whose name the job does not have yet."""

    entries = LibraryChoiceField(
        label="Competencies to copy",
        queryset=LibraryCompetency.objects.none(),
        required=False,
    )

    def __init__(self, *args, job: Job, library, **kwargs):
        super().__init__(*args, **kwargs)
        taken = {name.lower() for name in job.competencies.values_list("name", flat=True)}
        offered = [e.pk for e in library if e.name.lower() not in taken]
        self.fields["entries"].queryset = library.filter(pk__in=offered)
