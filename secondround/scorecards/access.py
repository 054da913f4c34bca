"""Who may open an interview's kit and its scorecard. Reads go through ``visible_to``; these
checks only narrow it further."""

import functools

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from secondround.hiring.models import Interview
from secondround.prepared import one_or_404, prepared

# What the scorecard page shows of its interview, candidate, job and round: not the CV, the
# candidate's contact details or the hiring manager, which the kit shows.
SCORECARD_SHOWN = (
    "application",
    "round",
    "starts_at",
    "ends_at",
    "location",
    "video_link",
    "status",
    "application__candidate",
    "application__candidate__name",
    "application__job",
    "application__job__title",
    "application__job__hiring_manager",
    "application__job__scale_min",
    "application__job__scale_max",
    "round__number",
    "round__name",
)


# What an interview is read with: its candidate, job and round, and the hiring manager, whom
# the calendar invitation names. The kit and the scorecard page name no hiring manager.
WITH_HIRING_MANAGER = ("application__candidate", "application__job__hiring_manager", "round")
WITHOUT_HIRING_MANAGER = ("application__candidate", "application__job", "round")


def interview_for(
    member, pk: int, related=WITH_HIRING_MANAGER, shown: tuple[str, ...] | None = None
) -> Interview:
    """The interview if the member may see it at all, else 404 (nothing leaks across
    organisations or to members outside the loop). ``related``: what it is read with;
    ``shown``: only these fields (``only``)."""
    if member is None:
        raise Http404
    return one_or_404(_interview_query(related, shown)(member, pk=pk), "interview")


@functools.cache
def _interview_query(related: tuple[str, ...], shown: tuple[str, ...] | None):
    def build(member, pk):
        # Whether the member sits on it, in the same query (every kit and scorecard asks).
        on_panel = Interview.interviewers.through.objects.filter(
            interview=OuterRef("pk"), member=member
        )
        queryset = (
            Interview.objects.visible_to(member)
            .select_related(*related)
            .annotate(is_mine=Exists(on_panel))
            .filter(pk=pk)
        )
        return queryset.only(*shown) if shown else queryset

    return prepared(f"interview {related} {shown}", build)


def is_hiring_team(member, interview: Interview) -> bool:
    """Admins, recruiters and the job's hiring manager: they see everything about the loop."""
    return member.has_oversight or interview.application.job.hiring_manager_id == member.pk


def ensure_may_open_kit(member, interview: Interview) -> None:
    if not (interview.is_mine or is_hiring_team(member, interview)):
        raise PermissionDenied("Only the interview's panel and the hiring team open its kit.")


def own_interview(
    member, pk: int, related=WITH_HIRING_MANAGER, shown: tuple[str, ...] | None = None
) -> Interview:
    """The interview, for one of its own interviewers (who alone write its scorecards)."""
    interview = interview_for(member, pk, related, shown)
    if not interview.is_mine:
        raise PermissionDenied("Only the interview's own interviewers write its scorecards.")
    return interview
