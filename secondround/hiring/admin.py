"""Hiring records in the admin: jobs, rounds and the question bank are added and changed
through their write functions, competencies changed through theirs, candidates and
interviews added through theirs; the rest (the competency library and internal notes
included, kept on their own pages) is read-only (see accounts/admin_site.py)."""

from django import forms
from django.contrib import admin
from django.db import models

from secondround.accounts.admin_site import ActionAdmin, ReadOnlyAdmin
from secondround.hiring.actions import (
    do_add_candidate,
    do_create_job,
    do_save_competency,
    do_save_question,
    do_save_round,
    do_schedule_interview,
    do_update_job,
)
from secondround.hiring.models import (
    Application,
    Candidate,
    Competency,
    InternalNote,
    Interview,
    Job,
    LibraryCompetency,
    Objective,
    Question,
    Round,
    RubricAnchor,
    StageChange,
)


@admin.register(Job)
class JobAdmin(ActionAdmin):
    list_display = ["title", "department", "status", "hiring_manager", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "department"]
    changeable = ["title", "department", "description", "status", "hiring_manager"]

    def get_fields(self, request, obj=None):
        return self.changeable + ["scale_min", "scale_max"]

    def get_readonly_fields(self, request, obj=None):
        return ["scale_min", "scale_max"] if obj else []  # ratings stay comparable

    def write(self, member, data, obj):
        if obj is None:
            return do_create_job(member, **data)
        return do_update_job(member, obj, **{name: data[name] for name in self.changeable})


@admin.register(Competency)
class CompetencyAdmin(ActionAdmin):
    """Changed with its whole rubric (one field per point of the job's scale), as on the job
    setup page, where competencies are added."""

    organisation_path = "job__organisation"
    list_display = ["name", "job", "kind", "weight"]
    list_filter = ["kind"]
    may_add = False
    fields = ["job", "name", "kind", "weight", "description"]
    readonly_fields = ["job"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            saved = {a.point: a.text for a in obj.anchors.all()}
            anchors = {
                f"anchor_{p}": forms.CharField(
                    label=f"Behaviour at {p}",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=saved.get(p, ""),
                )
                for p in obj.job.scale
            }
            kwargs["form"] = type("CompetencyAdminForm", (forms.ModelForm,), dict(anchors))
            kwargs["fields"] = [*self.fields[1:], *anchors]
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        anchors = [f"anchor_{p}" for p in obj.job.scale] if obj else []
        return [*self.fields, *anchors]

    def write(self, member, data, obj):
        return do_save_competency(
            member,
            obj.job,
            name=data["name"],
            kind=data["kind"],
            weight=data["weight"],
            description=data["description"],
            anchors={p: data.get(f"anchor_{p}") or "" for p in obj.job.scale},
            competency=obj,
        )


@admin.register(RubricAnchor)
class RubricAnchorAdmin(ReadOnlyAdmin):
    organisation_path = "competency__job__organisation"
    list_display = ["competency", "point", "text"]


@admin.register(Question)
class QuestionAdmin(ActionAdmin):
    list_display = ["topic_label", "text", "active"]
    list_filter = ["active", "topic"]
    search_fields = ["topic", "text"]
    fields = ["topic", "text", "active"]  # always the admin's own organisation

    def write(self, member, data, obj):
        return do_save_question(
            member, topic=data["topic"], text=data["text"], active=data["active"], question=obj
        )


@admin.register(Candidate)
class CandidateAdmin(ActionAdmin):
    list_display = ["name", "email", "created_at"]
    search_fields = ["name", "email"]
    may_change = False
    fields = ["name", "email", "phone", "cv_text", "notes"]

    def write(self, member, data, obj):
        return do_add_candidate(member, **data)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: a stage moves in the app, and "hired" only through an approved decision."""

    organisation_path = "job__organisation"
    list_display = ["candidate", "job", "stage", "created_at"]
    list_filter = ["stage"]
    list_select_related = ["candidate", "job"]


class RoundAdminForm(forms.ModelForm):
    objectives = forms.MultipleChoiceField(
        choices=Objective.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.register(Round)
class RoundAdmin(ActionAdmin):
    organisation_path = "job__organisation"
    list_display = ["job", "number", "name"]
    form = RoundAdminForm
    fields = [
        "job",
        "number",
        "name",
        "objectives",
        "purpose",
        "focus_competencies",
        "panel",
        "duration_minutes",
    ]
    filter_horizontal = ["focus_competencies", "panel"]
    action_fields = {"focus": "focus_competencies"}

    def get_readonly_fields(self, request, obj=None):
        return ["job"] if obj else []

    def write(self, member, data, obj):
        return do_save_round(
            member,
            obj.job if obj else data["job"],
            number=data["number"],
            name=data["name"],
            objectives=data["objectives"],
            purpose=data["purpose"],
            focus=list(data["focus_competencies"]),
            panel=list(data["panel"]),
            duration_minutes=data["duration_minutes"],
            round=obj,
        )


@admin.register(Interview)
class InterviewAdmin(ActionAdmin):
    """Scheduled through the write function; rescheduling and cancelling happen in the app."""

    organisation_path = "application__job__organisation"
    list_display = ["application", "round", "starts_at", "status"]
    list_filter = ["status"]
    filter_horizontal = ["interviewers"]
    list_select_related = ["application__candidate", "application__job", "round__job"]
    may_change = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "application",
        "round",
        "starts_at",
        "ends_at",
        "interviewers",
        "location",
        "video_link",
    ]

    def write(self, member, data, obj):
        return do_schedule_interview(
            member,
            data["application"],
            data["round"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            interviewers=list(data["interviewers"]),
            location=data["location"],
            video_link=data["video_link"],
        )


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    """The stage history is written only by the write functions."""

    organisation_path = "application__job__organisation"
    list_display = ["application", "from_stage", "to_stage", "moved_by", "moved_at", "reason"]
    list_filter = ["to_stage", "reason"]
    list_select_related = ["application__candidate", "application__job", "moved_by"]


@admin.register(LibraryCompetency)
class LibraryCompetencyAdmin(ReadOnlyAdmin):
    """Kept on the library pages (do_save_library_competency)."""

    list_display = ["name", "kind", "updated_at"]
    search_fields = ["name"]


@admin.register(InternalNote)
class InternalNoteAdmin(ReadOnlyAdmin):
    """Written on the application page (do_add_internal_note, do_edit_internal_note)."""

    organisation_path = "application__job__organisation"
    list_display = ["application", "author", "created_at", "edited_at"]
