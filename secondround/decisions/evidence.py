"""The evidence in front of an approver, on the decision page itself: the calibrated
comparison summary, open and confirmed concerns, the recommendation tally and the panel's
scorecards still missing, each within what the reader may see.

Blind feedback holds here as everywhere (ScorecardQuerySet.visible_to):
- A reader who still owes a scorecard on the candidate sees none of the colleagues' figures
  or text: no calibrated score, no tally, no closed concern's evidence, and (unless they
  proposed it) not the proposer's summary and rationale nor the approvers' reasoning.
- A reader who owes a scorecard on another candidate of the same job sees no P(best) nor
  comparison: the job's P(best) values sum to one, so they would give the other away.
The panel's progress (who has submitted) is a status, not a judgement, and is always shown.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F

from secondround.calibration.compare import Finalist, build_comparison
from secondround.calibration.figures import percent, score_text
from secondround.calibration.models import CalibrationSnapshot
from secondround.calibration.state import latest_snapshot
from secondround.concerns.models import Concern, ConcernStatus
from secondround.decisions.models import Decision
from secondround.decisions.pages import calibrated_score, member_names
from secondround.hiring.models import Application, Stage
from secondround.prepared import prepared
from secondround.scorecards.actions import do_record_feedback_view
from secondround.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardStatus,
    owed_interviews,
    owes_a_scorecard,
)
from secondround.scorecards.progress import PanelSeat, panel_progress

# Candidates no longer in the running are left out of "the strongest" (issue: N finalists
# counts only candidates still in the running).
CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)


def interval_words(score: float, sd: float) -> str:
    """One format for a score and its 80% interval: '+0.6 (+0.5 to +0.8)'."""
    return score_text(score, sd)


@dataclass
class Evidence:
    blind: bool  # the reader owes a scorecard on this candidate
    job_blind: bool  # ... or on another candidate of the job
    seats: list[PanelSeat]
    snapshot: CalibrationSnapshot | None = None
    score: object = None  # pages.CalibratedScore
    score_words: str = ""
    p_best_words: str = ""
    lead: str = ""
    differences: list[str] = field(default_factory=list)
    open_concerns: list[Concern] = field(default_factory=list)
    confirmed_concerns: list[Concern] = field(default_factory=list)
    tally: list[tuple[str, int]] = field(default_factory=list)
    n_submitted: int = 0

    @property
    def missing(self) -> list[PanelSeat]:
        return [seat for seat in self.seats if seat.outstanding]


def text_hidden(member, decision: Decision) -> bool:
    """Whether the proposer's and approvers' words are hidden from this reader: they still
    owe a scorecard on the candidate and did not write the proposal themselves."""
    return decision.proposed_by_id != member.pk and owes_a_scorecard(member, decision.application)


def owed_on_job(member, application: Application) -> set[int]:
    """The applications of ``application``'s job on which the reader still owes a scorecard.
    One query answers both questions of blind feedback: whether the reader is blind on this
    candidate (``owes_a_scorecard``: the application is in the set) and on the job
    (``calibration.access.blind_on_job``: the set is not empty)."""
    return set(_owed_on_job(member, job=application.job_id))


_owed_on_job = prepared(
    "owed applications of a job",
    lambda member, job: (
        owed_interviews(member)
        .filter(application__job_id=job)
        .values_list("application_id", flat=True)
    ),
)


def gather(member, decision: Decision) -> Evidence:
    application = decision.application
    owed_here = owed_on_job(member, application)
    blind, job_blind = application.pk in owed_here, bool(owed_here)
    evidence = Evidence(blind=blind, job_blind=job_blind, seats=panel_progress(application))
    # Open and confirmed concerns in one read; a blind reader is shown only the open ones.
    concerns = _open_and_confirmed_concerns(member, application=application.pk)
    evidence.open_concerns = [c for c in concerns if c.status == ConcernStatus.OPEN]
    if blind:
        return evidence
    evidence.confirmed_concerns = [c for c in concerns if c.status == ConcernStatus.CONFIRMED]
    cards = _recommendations(member, application=application.pk)
    if any(author != member.pk for author, _ in cards):
        # The tally is colleagues' feedback: the independence audit notes the first view.
        do_record_feedback_view(member, application)
    counts = Counter(recommendation for _, recommendation in cards)
    evidence.tally = [(label, counts[v]) for v, label in Recommendation.choices if counts[v]]
    evidence.n_submitted = len(cards)
    _calibrated(member, application, evidence)
    return evidence


def _calibrated(member, application: Application, evidence: Evidence) -> None:
    snapshot = latest_snapshot(member)
    evidence.snapshot = snapshot
    if snapshot is None or not isinstance(snapshot.result, dict):
        return
    names = member_names(member.organisation_id)
    row = next(
        (
            r
            for r in snapshot.result.get("candidates", [])
            if isinstance(r, dict) and r.get("candidate") == str(application.pk)
        ),
        None,
    )
    first = application.candidate.first_name
    evidence.score = calibrated_score(row, names=names, who=first)
    if evidence.score is None:
        return
    evidence.score_words = interval_words(evidence.score.score, evidence.score.sd)
    if evidence.job_blind:
        return  # P(best) and the comparison would reveal a candidate the reader owes
    running = _running(member, job=application.job_id)
    if application.pk not in {pk for pk, _ in running}:
        running.append((application.pk, application.candidate.name))
    finalists = [Finalist(application_id=pk, name=name) for pk, name in running]
    competencies = [c["name"] for c in evidence.score.competencies]
    comparison = build_comparison(
        snapshot.result, application.job_id, finalists, competencies, names, {}
    )
    evidence.p_best_words = percent(evidence.score.p_best)
    evidence.lead = comparison.lead
    mine = next(f for f in comparison.finalists if f.application_id == application.pk)
    evidence.differences = [s for s in comparison.differences if mine.name in s]


# The evidence's reads, built once per member (secondround.prepared).
_open_and_confirmed_concerns = prepared(
    "open and confirmed concerns",
    lambda member, application: (
        Concern.objects.visible_to(member)
        .filter(
            application_id=application,
            status__in=(ConcernStatus.OPEN, ConcernStatus.CONFIRMED),
        )
        .annotate(owner_name=F("owner__display_name"))  # the one name the page shows
    ),
)
_recommendations = prepared(
    "recommendations of an application",
    lambda member, application: (
        Scorecard.objects.visible_to(member)
        .filter(interview__application_id=application, status=ScorecardStatus.SUBMITTED)
        .values_list("author_id", "recommendation")
    ),
)
_running = prepared(
    "candidates in the running",
    lambda member, job: (
        Application.objects.visible_to(member)
        .filter(job_id=job)
        .exclude(stage__in=CLOSED_STAGES)
        .values_list("pk", "candidate__name")
    ),
)
