"""The independence audit: scorecard versions written after their author saw colleagues'
feedback on the same candidate."""

from secondround.scorecards.models import Scorecard, ScorecardVersion


def independence_flags(application, member=None):
    """Versions of the application's scorecards written after the author had seen colleagues'
    feedback: edits made after reading others' views, and first submissions made after seeing
    them (e.g. by a hiring manager who also sat on the panel).

    Pass ``member`` to limit the result to scorecards that member may see."""
    cards = Scorecard.objects.filter(interview__application=application)
    if member is not None:
        cards = Scorecard.objects.visible_to(member).filter(interview__application=application)
    return list(
        ScorecardVersion.objects.filter(scorecard__in=cards, author_had_seen_feedback=True)
        .select_related("scorecard__author", "scorecard__interview__round")
        .order_by("created_at", "pk")
    )
