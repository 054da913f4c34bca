"""What the calibration report lists beside the interviewers' figures: the candidates whose
scores rest on a single interviewer's view, and the scorecards edited after their author had
read colleagues' feedback (the independence audit's flag). Both read through ``visible_to``,
so blind feedback holds: a version of a scorecard the reader may not see is not listed."""

from django.db.models import Count, F, Max

from secondround.hiring.models import STAGE_LABELS, Application
from secondround.prepared import prepared
from secondround.scorecards.models import ScorecardStatus, ScorecardVersion

LIMIT = 50  # the report lists the most recent; a longer list would bury the figures


def rated_by_one_interviewer(member) -> list[dict]:
    """Applications with submitted scorecards from exactly one interviewer, with that
    interviewer's name as ``only_interviewer``: as plain values, what the list shows."""
    # The filter before the aggregates joins only the submitted scorecards, which the two
    # aggregates then read (Django's rule for a filter on a multi-valued relation followed
    # by annotate()); an application with none has no row, as it would have a count of 0.
    rows = _rated_by_one_interviewer(member)
    for row in rows:
        row["stage_display"] = STAGE_LABELS.get(row["stage"], row["stage"])
    return rows


def _rated_by_one_query(member):
    return (
        Application.objects.visible_to(member)
        .filter(interviews__scorecards__status=ScorecardStatus.SUBMITTED)
        .annotate(
            n_interviewers=Count("interviews__scorecards__author", distinct=True),
            only_interviewer=Max("interviews__scorecards__author__display_name"),
        )
        .filter(n_interviewers=1)
        .order_by("job__title", "candidate__name")
        .values("pk", "stage", "candidate__name", "job__title", "only_interviewer")[:LIMIT]
    )


_rated_by_one_interviewer = prepared("rated by one interviewer", _rated_by_one_query)


def edited_after_feedback(member) -> list[dict]:
    """Later versions of scorecards saved after their author had read colleagues' feedback
    on the candidate, newest first: as plain values, what the list shows (not the versions'
    ratings)."""
    return _edited_after_feedback(member)


def _edited_query(member):
    return (
        ScorecardVersion.objects.visible_to(member)
        .filter(author_had_seen_feedback=True, version__gt=1)
        .order_by("-created_at", "-pk")
        .values(
            "version",
            "created_at",
            "reason",
            author=F("scorecard__author__display_name"),
            round=F("scorecard__interview__round__name"),
            application=F("scorecard__interview__application_id"),
            candidate=F("scorecard__interview__application__candidate__name"),
            job=F("scorecard__interview__application__job__title"),
        )[:LIMIT]
    )


_edited_after_feedback = prepared("edited after feedback", _edited_query)
