"""Scorecards are read-only here: a submitted scorecard changes only by a new version, with a
reason, through the app (the independence audit depends on it).

The admin site reads through ``visible_to`` (blind feedback holds), and a page that shows a
colleague's scorecard, rating or version records the first view like any other page."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.scorecards.actions import note_feedback_seen
from secondround.scorecards.models import FeedbackView, Rating, Scorecard, ScorecardVersion


class RecordsFeedbackViews:
    """For admins of records that hold a scorecard's content. ``card_path`` leads from the
    record to its Scorecard."""

    card_path = ""

    def _card(self, obj) -> Scorecard:
        for name in filter(None, self.card_path.split("__")):
            obj = getattr(obj, name)
        return obj

    def _note(self, request, objects) -> None:
        member = getattr(request, "member", None)
        if member is None:
            return
        cards = [self._card(obj) for obj in objects]
        note_feedback_seen(
            member,
            {card.interview.application_id for card in cards if card.author_id != member.pk},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200:
            self._note(request, [obj])
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            self._note(request, changelist.result_list)
        return response


@admin.register(Scorecard)
class ScorecardAdmin(RecordsFeedbackViews, ReadOnlyAdmin):
    organisation_path = "interview__application__job__organisation"
    list_display = ["author", "interview", "status", "recommendation", "version", "submitted_at"]
    list_filter = ["status", "recommendation"]
    list_select_related = ["author", "interview__application__candidate", "interview__round"]


@admin.register(Rating)
class RatingAdmin(RecordsFeedbackViews, ReadOnlyAdmin):
    card_path = "scorecard"
    organisation_path = "scorecard__interview__application__job__organisation"
    list_display = ["scorecard", "competency", "value"]


@admin.register(ScorecardVersion)
class ScorecardVersionAdmin(RecordsFeedbackViews, ReadOnlyAdmin):
    card_path = "scorecard"
    organisation_path = "scorecard__interview__application__job__organisation"
    list_display = ["scorecard", "version", "author_had_seen_feedback", "created_at"]


@admin.register(FeedbackView)
class FeedbackViewAdmin(ReadOnlyAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["member", "application", "first_seen_at"]
