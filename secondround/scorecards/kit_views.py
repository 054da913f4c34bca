"""The interview kit: everything an interviewer needs in the ten minutes before they go in."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import render

from secondround.concerns.models import Concern, ConcernStatus
from secondround.hiring.models import OBJECTIVE_PLAIN, Objective, Question
from secondround.hiring.rules import can_view_candidate_notes
from secondround.hiring.topics import topic_key
from secondround.portal.team_topics import attach_portal_topics
from secondround.prepared import prepared
from secondround.scorecards.access import (
    WITHOUT_HIRING_MANAGER,
    ensure_may_open_kit,
    interview_for,
)
from secondround.scorecards.actions import note_feedback_shown
from secondround.scorecards.forms import focus_with_anchors
from secondround.scorecards.models import Rating, Scorecard, ScorecardStatus, owes_a_scorecard
from secondround.timezones import member_zone


def round_purpose(round, candidate) -> str:
    """'clear up open questions from the earlier round, and see how Dana works with the team'"""
    parts = [
        OBJECTIVE_PLAIN[Objective(code)].replace("the candidate", candidate.first_name)
        for code in round.objectives
        if code in Objective.values
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + ", and " + parts[-1]
    return parts[0] if parts else ""


def suggested_questions(member, topics: set[str]) -> dict[str, list[Question]]:
    """Active questions of the org's bank whose topic is one of ``topics`` in any spelling
    (hiring.topics.topic_key: "Systems design" finds "System design"), keyed by topic key.
    One query whatever the number of topics: the bank is read whole, since spellings that
    share a key cannot be matched in SQL."""
    found = defaultdict(list)
    wanted = {topic_key(t) for t in topics}
    for question in _active_questions(member):
        key = topic_key(question.topic)
        if key in wanted:
            found[key].append(question)
    return found


_active_questions = prepared(
    "active questions",
    lambda member: Question.objects.visible_to(member).filter(active=True).order_by("pk"),
)


def concern_topic(concern) -> str:
    return concern.type  # the bank files a kind of concern under its code (hiring.topics)


_cards_on_application = prepared(
    "kit scorecards",
    lambda member, application, interview: (
        Scorecard.objects.visible_to(member)
        .filter(interview__application_id=application)
        .filter(Q(status=ScorecardStatus.SUBMITTED) | Q(author=member, interview_id=interview))
        .select_related("author", "interview__round")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.select_related("competency")))
        .order_by("interview__round__number", "interview__starts_at", "author__display_name")
    ),
)


def scorecards_for_kit(member, interview):
    """(colleagues' submitted scorecards the read filter lets this member see, the member's
    own scorecard for this interview or None), in one query."""
    cards = _cards_on_application(
        member, application=interview.application_id, interview=interview.pk
    )
    feedback, own = [], None
    for card in cards:
        if card.author_id != member.pk:
            feedback.append(card)
        elif card.interview_id == interview.pk:
            own = card
    return feedback, own


_open_concerns = prepared(
    "open concerns",
    lambda member, application: (
        Concern.objects.visible_to(member)
        .filter(application_id=application, status=ConcernStatus.OPEN)
        .select_related("raised_by", "owner", "raised_in__interview__round")
    ),
)


@login_required
def interview_kit(request, pk):
    member = request.member
    interview = interview_for(member, pk, WITHOUT_HIRING_MANAGER)
    ensure_may_open_kit(member, interview)
    application = interview.application
    candidate, job = application.candidate, application.job

    concerns = _open_concerns(member, application=application.pk)
    attach_portal_topics(member, concerns)
    competencies = focus_with_anchors(interview.round)
    topics = {c.name for c in competencies}
    topics.update(concern_topic(concern) for concern in concerns)
    questions = suggested_questions(member, topics)
    for concern in concerns:
        concern.questions = questions.get(topic_key(concern_topic(concern)), [])
    for competency in competencies:
        competency.questions = questions.get(topic_key(competency.name), [])

    # Blind by default: the read filter hides colleagues' cards while the member still owes
    # one for this candidate (whatever their role); say so rather than show an empty box.
    feedback, own_card = scorecards_for_kit(member, interview)
    note_feedback_shown(member, application, feedback)
    blind = not feedback and owes_a_scorecard(member, application)
    context = {
        "interview": interview,
        "application": application,
        "candidate": candidate,
        "job": job,
        "zone": member_zone(member),
        "purpose": round_purpose(interview.round, candidate),
        "my_concerns": [c for c in concerns if c.owner_id == member.pk],
        "other_concerns": [c for c in concerns if c.owner_id != member.pk],
        "competencies": competencies,
        "feedback": feedback,
        "blind": blind,
        "show_notes": can_view_candidate_notes(member, interview.application),
        "own_card": own_card,
    }
    return render(request, "scorecards/kit.html", context)
