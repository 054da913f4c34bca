"""Scorecards are read-only here: a submitted scorecard changes only by a new version, with a
reason, through the app (the independence audit depends on it)."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.scorecards.models import FeedbackView, Rating, Scorecard, ScorecardVersion


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    organisation_path = "interview__application__job__organisation"
    list_display = ["author", "interview", "status", "recommendation", "version", "submitted_at"]
    list_filter = ["status", "recommendation"]
    list_select_related = ["author", "interview__application__candidate", "interview__round"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    organisation_path = "scorecard__interview__application__job__organisation"
    list_display = ["scorecard", "competency", "value"]


@admin.register(ScorecardVersion)
class ScorecardVersionAdmin(ReadOnlyAdmin):
    organisation_path = "scorecard__interview__application__job__organisation"
    list_display = ["scorecard", "version", "author_had_seen_feedback", "created_at"]


@admin.register(FeedbackView)
class FeedbackViewAdmin(ReadOnlyAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["member", "application", "first_seen_at"]
