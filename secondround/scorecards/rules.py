"""Object permissions for scorecards, their ratings and versions, and feedback views.

The view predicates mirror ScorecardQuerySet.visible_to and friends, blind feedback included:
nobody sees colleagues' scorecards of a candidate while they still owe one for that candidate.
"""

import rules

from secondround.accounts.models import Member
from secondround.hiring.models import Interview
from secondround.hiring.rules import approves
from secondround.permissions import acting_predicate, in_org, viewing_predicate
from secondround.scorecards.models import FeedbackView, Scorecard, owed_interviews


def can_view_scorecard(member: Member, scorecard: Scorecard) -> bool:
    interview = scorecard.interview
    application = interview.application
    job = application.job
    if not in_org(member, job.organisation_id):
        return False
    if scorecard.author_id == member.pk:
        return True
    if not scorecard.is_submitted:
        return False  # a draft is its author's alone
    if owed_interviews(member).filter(application_id=application.pk).exists():
        return False  # blind until they have submitted their own for this candidate
    if member.has_oversight or job.hiring_manager_id == member.pk:
        return True
    return Interview.objects.filter(
        application_id=application.pk, interviewers=member
    ).exists() or approves(member, application.pk)


def can_view_feedback_view(member: Member, view: FeedbackView) -> bool:
    """Members see their own; admins and recruiters their organisation's."""
    if not in_org(member, view.application.job.organisation_id):
        return False
    return view.member_id == member.pk or member.has_oversight


def can_write_scorecard(member: Member, interview: Interview | None) -> bool:
    """Only the interview's own interviewers write its scorecards (as scorecards.actions)."""
    if interview is None:
        return False
    return (
        in_org(member, interview.application.job.organisation_id)
        and interview.interviewers.filter(pk=member.pk).exists()
    )


def _view_rating(member, rating):
    return can_view_scorecard(member, rating.scorecard)


def _view_version(member, version):
    return can_view_scorecard(member, version.scorecard)


rules.add_perm("scorecards.view_scorecard", rules.predicate(viewing_predicate(can_view_scorecard)))
rules.add_perm("scorecards.view_rating", rules.predicate(viewing_predicate(_view_rating)))
rules.add_perm(
    "scorecards.view_scorecardversion", rules.predicate(viewing_predicate(_view_version))
)
rules.add_perm(
    "scorecards.view_feedbackview", rules.predicate(viewing_predicate(can_view_feedback_view))
)
rules.add_perm("scorecards.write_scorecard", rules.predicate(acting_predicate(can_write_scorecard)))
