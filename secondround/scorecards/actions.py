"""Write functions for scorecards. Each runs in one transaction and writes an audit event."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Interview, InterviewStatus
from secondround.scorecards.models import (
    FeedbackView,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    ScorecardVersion,
)


class StaleDraft(ActionError):
    """An autosave older than the draft already stored: the newer edit stands."""


@dataclass
class RatingInput:
    competency_id: int
    value: int | None
    evidence: str = ""


def focus_competencies(interview: Interview):
    return list(interview.round.focus_competencies.all())


def _ensure_on_panel(member: Member, interview: Interview) -> None:
    if member.organisation_id != interview.application.job.organisation_id or not (
        interview.interviewers.filter(pk=member.pk).exists()
    ):
        raise NotAllowed("Only the interview's own interviewers write its scorecards.")
    if interview.status == InterviewStatus.CANCELLED:
        raise ActionError("This interview was cancelled: it needs no scorecard.")


RATING_FIELDS = ["value", "evidence", "scale_min", "scale_max"]


def _write_ratings(scorecard: Scorecard, ratings: list[RatingInput]) -> None:
    """Create or update the card's ratings. The callers hold the scorecard's row lock, which
    every writer of a card's ratings takes first: one read of the card's ratings and one bulk
    write of each kind replace a savepoint, a read and a write per rating (an autosave, three
    times a second under the load test, went from 30 queries to 15)."""
    job = scorecard.interview.application.job
    allowed = {c.pk: c for c in focus_competencies(scorecard.interview)}
    wanted = {}
    for item in ratings:
        if item.competency_id not in allowed:
            raise ActionError("That competency is not assessed in this round.", "ratings")
        if item.value is not None and not job.scale_min <= item.value <= job.scale_max:
            name = allowed[item.competency_id].name
            raise ActionError(
                f"{name}: choose a rating from {job.scale_min} to {job.scale_max}.",
                f"rating_{item.competency_id}",
            )
        wanted[item.competency_id] = {  # a competency posted twice: the last one counts
            "value": item.value,
            "evidence": item.evidence.strip(),
            "scale_min": job.scale_min,
            "scale_max": job.scale_max,
        }
    if not wanted:
        return
    stored = {r.competency_id: r for r in Rating.objects.filter(scorecard=scorecard)}
    changed, new = [], []
    for competency_id, values in wanted.items():
        rating = stored.get(competency_id)
        if rating is None:
            new.append(Rating(scorecard=scorecard, competency_id=competency_id, **values))
        elif any(getattr(rating, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rating, name, value)
            changed.append(rating)
    if changed:
        Rating.objects.bulk_update(changed, RATING_FIELDS)
    if new:
        Rating.objects.bulk_create(new)


def missing_for_submission(scorecard: Scorecard) -> list[str]:
    """What still stops this scorecard from being submitted, in plain words."""
    job = scorecard.interview.application.job
    ratings = {r.competency_id: r for r in scorecard.ratings.all()}
    missing = []
    for competency in focus_competencies(scorecard.interview):
        rating = ratings.get(competency.pk)
        if rating is None or rating.value is None:
            missing.append(f"a rating for {competency.name}")
        elif rating.value in (job.scale_min, job.scale_max) and not rating.evidence:
            missing.append(f"evidence for the {rating.value} on {competency.name}")
    if not scorecard.recommendation:
        missing.append("an overall recommendation")
    return missing


def _snapshot(scorecard: Scorecard) -> dict:
    return {
        "recommendation": scorecard.recommendation,
        "notes": scorecard.notes,
        "ratings": {
            r.competency.name: {"value": r.value, "evidence": r.evidence}
            for r in scorecard.ratings.select_related("competency")
        },
    }


def _has_seen_feedback(scorecard: Scorecard) -> bool:
    return FeedbackView.objects.filter(
        member=scorecard.author, application=scorecard.interview.application
    ).exists()


def refuse_before_start(interview: Interview) -> None:
    """A scorecard records an interview that happened: it can be drafted before (questions
    to ask, notes from the CV), but submitted only from the interview's start time.
    Interviews recorded after the fact have a start time in the past, so they pass."""
    if interview.starts_at > timezone.now():
        raise ActionError(
            "This interview has not started yet. You can submit your scorecard from "
            f"{when(interview.starts_at)}; your draft is kept until then.",
            "status",
        )


def not_before(interview: Interview) -> str | None:
    """When the scorecard of a future interview may be submitted, in words; None once the
    interview has started."""
    return when(interview.starts_at) if interview.starts_at > timezone.now() else None


def when(moment) -> str:
    """A time as people read it, in the server's time zone with its name."""
    local = timezone.localtime(moment)
    return f"{local:%-d %b %Y, %H:%M} {local.tzname()}"


@transaction.atomic
def do_save_draft(
    member: Member,
    interview: Interview,
    ratings: list[RatingInput],
    recommendation: str = "",
    notes: str = "",
    draft_version: int | None = None,
) -> Scorecard:
    """Create or update the member's draft. A submitted scorecard is never touched here.

    ``draft_version`` is the autosave's increasing sequence number. Saves can reach the server
    out of order (an aborted request still arrives), so one not newer than the stored draft is
    refused with StaleDraft, under the row lock: the last edit always wins. Without a number
    (a plain form post, a submit, the API) the save always applies."""
    _ensure_on_panel(member, interview)
    if recommendation and recommendation not in Recommendation.values:
        raise ActionError("Choose a recommendation from the list.", "recommendation")
    scorecard, created = Scorecard.objects.select_for_update().get_or_create(
        interview=interview, author=member
    )
    scorecard.interview = interview  # already read, with its application, job and round
    if scorecard.is_submitted:
        raise ActionError(
            "This scorecard is already submitted. Edit it with a reason instead.", "status"
        )
    if draft_version is not None:
        if not created and draft_version <= scorecard.draft_version:
            raise StaleDraft("A newer edit of this draft is already saved.", "draft_version")
        scorecard.draft_version = draft_version
    scorecard.recommendation = recommendation
    scorecard.notes = notes
    scorecard.save()
    _write_ratings(scorecard, ratings)
    if created:
        record(member, "scorecard.draft_created", scorecard)
    return scorecard


@transaction.atomic
def do_submit_scorecard(member: Member, interview: Interview) -> Scorecard:
    """Submit the member's draft. Idempotent: submitting twice returns the same scorecard."""
    _ensure_on_panel(member, interview)
    try:
        scorecard = Scorecard.objects.select_for_update().get(interview=interview, author=member)
    except Scorecard.DoesNotExist as missing:
        raise ActionError("Write the scorecard before submitting it.") from missing
    scorecard.interview = interview  # already read, with its application, job and round
    if scorecard.is_submitted:
        return scorecard
    refuse_before_start(interview)
    missing = missing_for_submission(scorecard)
    if missing:
        raise ActionError("Still missing: " + "; ".join(missing) + ".")
    scorecard.status = ScorecardStatus.SUBMITTED
    scorecard.submitted_at = timezone.now()
    scorecard.version = 1
    scorecard.save()
    ScorecardVersion.objects.create(
        scorecard=scorecard,
        version=1,
        data=_snapshot(scorecard),
        author_had_seen_feedback=_has_seen_feedback(scorecard),
    )
    record(member, "scorecard.submitted", scorecard, version=1)
    _queue_calibration(interview.application.job.organisation_id)
    return scorecard


@transaction.atomic
def do_edit_submitted(
    member: Member,
    scorecard: Scorecard,
    reason: str,
    ratings: list[RatingInput],
    recommendation: str,
    notes: str = "",
) -> Scorecard:
    """Change a submitted scorecard. The earlier version stays; the reason is required."""
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.author_id != member.pk:
        raise NotAllowed("Only the author can edit a scorecard.")
    if not scorecard.is_submitted:
        raise ActionError("This scorecard is still a draft; save it instead.")
    if not reason.strip():
        raise ActionError("Say why you are changing a submitted scorecard.", "reason")
    if recommendation not in Recommendation.values:
        raise ActionError("Choose a recommendation from the list.", "recommendation")
    scorecard.recommendation = recommendation
    scorecard.notes = notes
    _write_ratings(scorecard, ratings)
    missing = missing_for_submission(scorecard)
    if missing:
        raise ActionError("Still missing: " + "; ".join(missing) + ".")
    scorecard.version += 1
    scorecard.save()
    seen = _has_seen_feedback(scorecard)
    ScorecardVersion.objects.create(
        scorecard=scorecard,
        version=scorecard.version,
        data=_snapshot(scorecard),
        reason=reason.strip(),
        author_had_seen_feedback=seen,
    )
    record(
        member,
        "scorecard.edited",
        scorecard,
        version=scorecard.version,
        after_seeing_feedback=seen,
    )
    _queue_calibration(scorecard.interview.application.job.organisation_id)
    return scorecard


def note_feedback_shown(member: Member, application, cards) -> None:
    """Call with the scorecards a page or API answer shows. When colleagues' cards are among
    them, remember the first time: the independence audit flags a scorecard submitted or
    edited after it. This holds for every role, since a reader may join a panel later."""
    if any(card.author_id != member.pk for card in cards):
        note_feedback_seen(member, [application])


def note_feedback_seen(member: Member | None, applications) -> None:
    """The one place that records first views: every page, fragment, API answer and admin
    page that shows colleagues' feedback on candidates (their scorecards, ratings, evidence,
    or the calibrated figures built from them) calls this with those candidates'
    applications (objects the reader may see, or ids), directly or through
    ``note_feedback_shown``. tests/independence walks every route."""
    if member is None:
        return
    loaded = {}
    wanted = set()
    for item in applications:
        if isinstance(item, int | str):
            wanted.add(int(item))
        else:
            loaded[item.pk] = item
            wanted.add(item.pk)
    if not wanted:
        return
    missing = wanted - set(
        FeedbackView.objects.filter(member=member, application_id__in=wanted).values_list(
            "application_id", flat=True
        )
    )
    if missing - set(loaded):
        from secondround.hiring.models import Application

        loaded.update(
            Application.objects.filter(
                pk__in=missing - set(loaded), job__organisation_id=member.organisation_id
            ).in_bulk()
        )
    for pk in sorted(missing):
        if pk in loaded:
            _first_view(member, loaded[pk])


def do_record_feedback_view(member: Member, application) -> FeedbackView:
    """Remember the first time a member saw colleagues' feedback on an application."""
    existing = FeedbackView.objects.filter(member=member, application=application).first()
    return existing or _first_view(member, application)


def _first_view(member: Member, application) -> FeedbackView:
    try:
        with transaction.atomic():
            view = FeedbackView.objects.create(
                member=member, application=application, first_seen_at=timezone.now()
            )
            record(member, "feedback.first_seen", application)
            return view
    except IntegrityError:
        # Two tabs at once: the other request recorded it first, which is what we want.
        return FeedbackView.objects.get(member=member, application=application)


def _queue_calibration(organisation_id: int) -> None:
    """Submitted ratings changed: move the organisation's change stamp and queue a run."""
    from secondround.calibration.stamp import inputs_changed

    inputs_changed(organisation_id)
