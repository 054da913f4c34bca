"""One application's full record (the candidate list is in candidate_list.py).

Job setup pages live in setup_views.py. Every query here goes through a ``visible_to`` filter;
scorecards in particular only through ``Scorecard.objects.visible_to`` (blind feedback).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, F, OuterRef
from django.shortcuts import render

from secondround.calibration.access import may_compare
from secondround.concerns.actions import may_assign
from secondround.concerns.models import RESOLVE_CHOICES, Concern
from secondround.concerns.rules import can_resolve_concern
from secondround.decisions.actions import may_decide
from secondround.decisions.models import Decision
from secondround.hiring.application_actions import advance_label
from secondround.hiring.models import (
    Application,
    Competency,
    Interview,
    Round,
    Stage,
    StageChange,
)
from secondround.hiring.note_views import InternalNoteForm
from secondround.hiring.notes import InternalNote
from secondround.hiring.round_over_round import round_over_round
from secondround.hiring.rules import can_set_up_job, can_view_candidate_notes
from secondround.hiring.setup_reads import rounds_of_job
from secondround.portal.team_topics import attach_portal_topics
from secondround.prepared import one_or_404, prepared
from secondround.scorecards.actions import note_feedback_shown
from secondround.scorecards.models import (
    Rating,
    Scorecard,
    ScorecardStatus,
    ScorecardVersion,
    owes_a_scorecard,
)
from secondround.scorecards.progress import panel_progress
from secondround.timezones import member_zone

BLIND_SENTENCE = (
    "Your colleagues' feedback appears after you submit yours, so that it does not colour your own."
)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _panel_status(application: Application, interviews: list[Interview]) -> None:
    """Attach each panel member's scorecard status (never its contents) to the interviews.

    The status of a colleague's scorecard (submitted, draft, not started) is what the hiring
    team needs to chase feedback; the ratings stay behind Scorecard.objects.visible_to.
    The seats come in one query for the whole application (panel_progress), and only those
    of the interviews the reader may see are shown."""
    seats: dict[int, list[tuple[int, str, str]]] = {i.pk: [] for i in interviews}
    for seat in panel_progress(application):
        if seat.interview_id in seats:
            seats[seat.interview_id].append(
                (seat.member_id, seat.member_name, seat.card_status or "not_started")
            )
    for interview in interviews:
        interview.panel_status = seats[interview.pk]


def _cards_of_application_query(member, application):
    # Whether an edit came after the author had seen colleagues' feedback, in the same query
    # (the versions themselves are not shown here). The names the page shows come as
    # columns: a joined model per row costs more to build than the page uses of it.
    edited_after_feedback = ScorecardVersion.objects.filter(
        scorecard=OuterRef("pk"), version__gt=1, author_had_seen_feedback=True
    )
    return (
        Scorecard.objects.visible_to(member)
        .filter(interview__application_id=application)
        .annotate(
            edited_after_feedback=Exists(edited_after_feedback),
            author_name=F("author__display_name"),
            round_name=F("interview__round__name"),
            round_number=F("interview__round__number"),
        )
        .order_by("interview__round__number", "interview__starts_at", "author__display_name")
    )


_cards_of_application = prepared("application's scorecards", _cards_of_application_query)
_ratings_of_application = prepared(
    "application's ratings",
    lambda member, application: (
        Rating.objects.visible_to(member)
        .filter(scorecard__interview__application_id=application)
        .values("scorecard_id", "value", "evidence", "scale_max")
        .annotate(competency_name=F("competency__name"))
    ),
)


def _scorecards(member, application: Application) -> list[Scorecard]:
    cards = _cards_of_application(member, application=application.pk)
    rows: dict[int, list[dict]] = {card.pk: [] for card in cards}
    if cards:
        for rating in _ratings_of_application(member, application=application.pk):
            # Numbers as text: the template would localise each one (a dozen calls apiece)
            # to the same digits.
            rating["value_text"] = str(rating["value"]) if rating["value"] else ""
            rating["scale_max_text"] = str(rating["scale_max"])
            rows[rating["scorecard_id"]].append(rating)
    for card in cards:
        card.rating_rows = rows[card.pk]
        card.version_text = str(card.version)
    return cards


@login_required
def application(request, pk: int, close_form=None, note_form=None):
    """The application page. ``close_form``: a refused ResolveConcernForm (concerns/views.py),
    shown on its concern as posted, with its errors; ``note_form``: likewise a refused
    internal note (note_views.py)."""
    member = request.member
    app = one_or_404(_application(member, pk=pk), "application")
    job = app.job
    rounds = rounds_of_job(member, job=job.pk)
    # The job's focus competencies by name, in each round's order, for round over round.
    # An interviewer who does not see the job's rounds reads them through the rounds of
    # their own interviews below, as before.
    focus = _focus_of_job(member, job=job.pk) if rounds else []
    # The interviews' rounds are needed only when the job's rounds are not visible.
    interviews = (_interviews if rounds else _interviews_with_rounds)(member, application=app.pk)
    _panel_status(app, interviews)
    if not rounds:  # an interviewer sees the job's rounds through the application itself
        rounds = sorted({i.round for i in interviews}, key=lambda r: r.number)
        focus = [(r.pk, c.name) for r in rounds for c in r.focus_competencies.all()]
    for round_ in rounds:
        round_.interview_list = [i for i in interviews if i.round_id == round_.pk]

    on_panel = any(seat[0] == member.pk for i in interviews for seat in i.panel_status)
    owes = on_panel and owes_a_scorecard(member, app)
    cards = _scorecards(member, app)
    note_feedback_shown(member, app, cards)

    submitted = [card for card in cards if card.status == ScorecardStatus.SUBMITTED]
    competency_names = []
    for round_ in rounds:
        for round_id, name in focus:
            if round_id == round_.pk and name not in competency_names:
                competency_names.append(name)
    rated_rounds, ror_rows = round_over_round(
        [
            (rating["competency_name"], card.round_number, rating["value"])
            for card in submitted
            for rating in card.rating_rows
        ],
        competency_names,
    )
    concerns = _concerns(member, application=app.pk)
    for concern in concerns:
        concern.application = app  # already loaded: spares the rule a query per concern
        concern.may_close = concern.is_open and can_resolve_concern(member, concern)
        concern.may_assign = concern.is_open and may_assign(member, concern)
    attach_portal_topics(member, concerns)
    decisions = _decisions(member, application=app.pk)
    history = _history(member, application=app.pk)
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
    return _internal_notes(member, application=app.pk)


# The page's reads, each built once per member (secondround.prepared).
_application = prepared(
    "application",
    lambda member, pk: (
        Application.objects.visible_to(member)
        .select_related("job", "candidate", "current_round")
        .filter(pk=pk)
    ),
)
_focus_of_job = prepared(
    "focus competencies of a job",
    lambda member, job: (
        Competency.objects.visible_to(member)
        .filter(rounds__in=Round.objects.visible_to(member).filter(job_id=job))
        .values_list("rounds", "name")
    ),
)


def _interviews_query(member, application):
    return (
        Interview.objects.visible_to(member)
        .filter(application_id=application)
        .order_by("round__number", "starts_at")
    )


_interviews_with_rounds = prepared(
    "interviews of an application with rounds",
    lambda member, application: _interviews_query(member, application).select_related("round"),
)
_interviews = prepared("interviews of an application", _interviews_query)
_concerns = prepared(
    "concerns of an application",
    lambda member, application: (
        Concern.objects.visible_to(member)
        .filter(application_id=application)
        .annotate(
            raised_by_name=F("raised_by__display_name"),
            raised_in_round=F("raised_in__interview__round__name"),
            owner_name=F("owner__display_name"),
            resolved_by_name=F("resolved_by__display_name"),
        )
    ),
)
_decisions = prepared(
    "decisions of an application",
    lambda member, application: (
        Decision.objects.visible_to(member)
        .filter(application_id=application)
        .only("application_id", "outcome", "status")  # what the buttons show
    ),
)
_history = prepared(
    "stage changes of an application",
    lambda member, application: (
        StageChange.objects.visible_to(member)
        .filter(application_id=application)
        .select_related("round")  # its name is the label of a move into a round
        .annotate(moved_by_name=F("moved_by__display_name"))
    ),
)
_internal_notes = prepared(
    "internal notes of an application",
    lambda member, application: (
        InternalNote.objects.visible_to(member)
        .filter(application_id=application)
        .annotate(author_name=F("author__display_name"))
    ),
)
