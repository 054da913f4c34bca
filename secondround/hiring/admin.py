from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin, ScopedAdmin, ScopedInline
from secondround.hiring.models import (
    Application,
    Candidate,
    Competency,
    Interview,
    Job,
    Question,
    Round,
    RubricAnchor,
    StageChange,
)


class CompetencyInline(ScopedInline):
    model = Competency
    fields = ["name", "kind", "weight", "position"]


class RubricAnchorInline(ScopedInline):
    model = RubricAnchor


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ["title", "department", "status", "hiring_manager", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "department"]
    inlines = [CompetencyInline]


@admin.register(Competency)
class CompetencyAdmin(ScopedAdmin):
    organisation_path = "job__organisation"
    list_display = ["name", "job", "kind", "weight"]
    list_filter = ["kind"]
    inlines = [RubricAnchorInline]


@admin.register(RubricAnchor)
class RubricAnchorAdmin(ScopedAdmin):
    organisation_path = "competency__job__organisation"
    list_display = ["competency", "point", "text"]


@admin.register(Question)
class QuestionAdmin(ScopedAdmin):
    list_display = ["topic", "text", "active"]
    list_filter = ["active", "topic"]
    search_fields = ["topic", "text"]


@admin.register(Candidate)
class CandidateAdmin(ScopedAdmin):
    list_display = ["name", "email", "created_at"]
    search_fields = ["name", "email"]
    # Uploads go through do_add_candidate, which checks their type and size.
    readonly_fields = ["portal_token", "cv_file", "cv_filename"]


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    organisation_path = "job__organisation"
    list_display = ["candidate", "job", "stage", "created_at"]
    list_filter = ["stage"]
    list_select_related = ["candidate", "job"]


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    organisation_path = "job__organisation"
    list_display = ["job", "number", "name"]
    filter_horizontal = ["focus_competencies", "panel"]


@admin.register(Interview)
class InterviewAdmin(ScopedAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["application", "round", "starts_at", "status"]
    list_filter = ["status"]
    filter_horizontal = ["interviewers"]
    list_select_related = ["application__candidate", "application__job", "round__job"]


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    """The stage history is written only by the write functions."""

    organisation_path = "application__job__organisation"
    list_display = ["application", "from_stage", "to_stage", "moved_by", "moved_at", "reason"]
    list_filter = ["to_stage", "reason"]
    list_select_related = ["application__candidate", "application__job", "moved_by"]
