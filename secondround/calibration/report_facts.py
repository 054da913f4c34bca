"""What the calibration report lists beside the interviewers' figures: the candidates whose
scores rest on a single interviewer's view, and the scorecards edited after their author had
read colleagues' feedback (the independence audit's flag). Both read through ``visible_to``,
so blind feedback holds: a version of a scorecard the reader may not see is not listed."""

from django.db.models import Count, Max, Q

from secondround.hiring.models import Application
from secondround.scorecards.models import ScorecardStatus, ScorecardVersion

LIMIT = 50  # the report lists the most recent; a longer list would bury the figures


def rated_by_one_interviewer(member) -> list[Application]:
    """Applications with submitted scorecards from exactly one interviewer, with that
    interviewer's name as ``only_interviewer``."""
    submitted = Q(interviews__scorecards__status=ScorecardStatus.SUBMITTED)
    return list(
        Application.objects.visible_to(member)
        .annotate(
            n_interviewers=Count("interviews__scorecards__author", filter=submitted, distinct=True),
            only_interviewer=Max("interviews__scorecards__author__display_name", filter=submitted),
        )
        .filter(n_interviewers=1)
        .select_related("candidate", "job")
        .only("stage", "candidate__name", "job__title")
        .order_by("job__title", "candidate__name")[:LIMIT]
    )


def edited_after_feedback(member) -> list[ScorecardVersion]:
    """Later versions of scorecards saved after their author had read colleagues' feedback
    on the candidate, newest first."""
    return list(
        ScorecardVersion.objects.visible_to(member)
        .filter(author_had_seen_feedback=True, version__gt=1)
        .select_related(
            "scorecard__author",
            "scorecard__interview__round",
            "scorecard__interview__application__candidate",
            "scorecard__interview__application__job",
        )
        # What the list shows: not the versions' ratings (``data``), nor the rows' others.
        .only(
            "version",
            "created_at",
            "reason",
            "scorecard__author__display_name",
            "scorecard__interview__round__name",
            "scorecard__interview__application__candidate__name",
            "scorecard__interview__application__job__title",
        )
        .order_by("-created_at", "-pk")[:LIMIT]
    )
