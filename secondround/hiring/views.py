"""One application's full record (the candidate list is in candidate_list.py).

Job setup pages live in setup_views.py. Every query here goes through a ``visible_to`` filter;
scorecards in particular only through ``Scorecard.objects.visible_to`` (blind feedback).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render

from secondround.calibration.access import may_compare
from secondround.concerns.actions import may_assign
from secondround.concerns.models import RESOLVE_CHOICES, Concern
from secondround.concerns.rules import can_resolve_concern
from secondround.decisions.actions import may_decide
from secondround.decisions.models import Decision
from secondround.hiring.application_actions import advance_label
from secondround.hiring.models import (
    Application,
    Interview,
    Round,
    Stage,
    StageChange,
)
from secondround.hiring.note_views import InternalNoteForm
from secondround.hiring.notes import InternalNote
from secondround.hiring.round_over_round import round_over_round
from secondround.hiring.rules import can_set_up_job, can_view_candidate_notes
from secondround.portal.team_topics import attach_portal_topics
from secondround.scorecards.actions import note_feedback_shown
from secondround.scorecards.models import (
    Rating,
    Scorecard,
    ScorecardStatus,
    ScorecardVersion,
    owes_a_scorecard,
)
from secondround.timezones import member_zone

BLIND_SENTENCE = (
    "Your colleagues' feedback appears after you submit yours, so that it does not colour your own."
)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _panel_status(application: Application, interviews: list[Interview]) -> None:
    """Attach each panel member's scorecard status (never its contents) to the interviews.

    The status of a colleague's scorecard (submitted, draft, not started) is what the hiring
    team needs to chase feedback; the ratings stay behind Scorecard.objects.visible_to."""
    statuses = {
        (interview_id, author_id): status
        for interview_id, author_id, status in Scorecard.objects.filter(
            interview__application=application
        ).values_list("interview_id", "author_id", "status")
    }
    for interview in interviews:
        interview.panel_status = [
            (person, statuses.get((interview.pk, person.pk), "not_started"))
            for person in interview.interviewers.all()
        ]


def _scorecards(member, application: Application) -> list[Scorecard]:
    # Whether an edit came after the author had seen colleagues' feedback, in the same query
    # (the versions themselves are not shown here).
    edited_after_feedback = ScorecardVersion.objects.filter(
        scorecard=OuterRef("pk"), version__gt=1, author_had_seen_feedback=True
    )
    return list(
        Scorecard.objects.visible_to(member)
        .filter(interview__application=application)
        .select_related("author", "interview__round")
        .annotate(edited_after_feedback=Exists(edited_after_feedback))
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.select_related("competency")))
        .order_by("interview__round__number", "interview__starts_at", "author__display_name")
    )


@login_required
def application(request, pk: int, close_form=None, note_form=None):
    """The application page. ``close_form``: a refused ResolveConcernForm (concerns/views.py),
    shown on its concern as posted, with its errors; ``note_form``: likewise a refused
    internal note (note_views.py)."""
    member = request.member
    app = get_object_or_404(
        Application.objects.visible_to(member).select_related(
            "job__hiring_manager", "candidate", "current_round"
        ),
        pk=pk,
    )
    job = app.job
    interviews = list(
        Interview.objects.visible_to(member)
        .filter(application=app)
        .select_related("round")
        .prefetch_related("interviewers")
        .order_by("round__number", "starts_at")
    )
    _panel_status(app, interviews)
    rounds = list(
        Round.objects.visible_to(member).filter(job=job).prefetch_related("focus_competencies")
    )
    if not rounds:  # an interviewer sees the job's rounds through the application itself
        rounds = sorted({i.round for i in interviews}, key=lambda r: r.number)
    for round_ in rounds:
        round_.interview_list = [i for i in interviews if i.round_id == round_.pk]

    on_panel = any(p.pk == member.pk for i in interviews for p in i.interviewers.all())
    owes = on_panel and owes_a_scorecard(member, app)
    cards = _scorecards(member, app)
    note_feedback_shown(member, app, cards)

    submitted = [card for card in cards if card.status == ScorecardStatus.SUBMITTED]
    competency_names = []
    for round_ in rounds:
        for competency in round_.focus_competencies.all():
            if competency.name not in competency_names:
                competency_names.append(competency.name)
    rated_rounds, ror_rows = round_over_round(
        [
            (rating.competency.name, card.interview.round.number, rating.value)
            for card in submitted
            for rating in card.ratings.all()
        ],
        competency_names,
    )
    concerns = list(
        Concern.objects.visible_to(member)
        .filter(application=app)
        .select_related("raised_by", "raised_in__interview__round", "owner", "resolved_by")
    )
    for concern in concerns:
        concern.application = app  # already loaded: spares the rule a query per concern
        concern.may_close = concern.is_open and can_resolve_concern(member, concern)
        concern.may_assign = concern.is_open and may_assign(member, concern)
    attach_portal_topics(member, concerns)
    decisions = list(Decision.objects.visible_to(member).filter(application=app))
    history = list(
        StageChange.objects.visible_to(member)
        .filter(application=app)
        .select_related("moved_by", "round")
    )
    may_run = can_set_up_job(member, job)
    show_notes = can_view_candidate_notes(member, app)
    context = {
        "nav": "candidates",
        "app": app,
        "job": job,
        "candidate": app.candidate,
        "show_notes": show_notes,
        "internal_notes": internal_notes(member, app) if show_notes else [],
        "note_form": note_form or InternalNoteForm(),
        "resolve_choices": RESOLVE_CHOICES,
        # Interviewers see only their own interviews (Interview.objects.visible_to).
        "sees_all_interviews": member.has_oversight
        or job.hiring_manager_id == member.pk
        or any(d.application_id == app.pk for d in decisions),
        "rounds": rounds,
        "cards": cards,
        # Scorecard.objects.visible_to hides colleagues' cards from anyone who still owes one
        # here, whatever their role: say so rather than show fewer cards without a word.
        "blind": owes,
        "blind_sentence": BLIND_SENTENCE,
        "rated_rounds": rated_rounds,
        "ror_rows": ror_rows,
        "concerns": concerns,
        "blocking_open": [c for c in concerns if c.blocking and c.is_open],
        "decisions": decisions,
        "may_compare": may_compare(member, job),
        "may_decide": may_decide(member, app),
        "may_run": may_run,
        "advance": advance_label(app, rounds) if may_run else None,
        "closed": app.stage in (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN),
        "history": history,
        "zone": member_zone(member),
        "closing": next((h for h in reversed(history) if h.to_stage == app.stage), None),
        "close_form": close_form,
    }
    refused = close_form is not None or note_form is not None
    return render(request, "hiring/application.html", context, status=422 if refused else 200)


def internal_notes(member, app: Application) -> list:
    return list(
        InternalNote.objects.visible_to(member).filter(application=app).select_related("author")
    )
