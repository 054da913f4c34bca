"""What the comparison shows beside each finalist's numbers: their open concerns, the
interviewers' recommendation tally, and a decision already under way (so that "Propose
decision" is not offered twice). Each read goes through its model's ``visible_to``; the
comparison itself opens only once the reader owes no scorecard on the job (blind feedback)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from secondround.concerns.models import Concern
from secondround.decisions.models import ACTIVE_STATUSES, Decision
from secondround.hiring.choices import Stage
from secondround.prepared import prepared
from secondround.scorecards.models import Recommendation, Scorecard, ScorecardStatus

# Candidates no longer in the running: never counted as finalists, never picked by default.
CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)


@dataclass
class FinalistFacts:
    open_concerns: list[Concern] = field(default_factory=list)
    tally: list[tuple[str, int]] = field(default_factory=list)  # (label, count), strong no first
    n_scorecards: int = 0
    decision: Decision | None = None  # pending or approved: no new proposal


def in_the_running(application) -> bool:
    return application.stage not in CLOSED_STAGES


def finalist_facts(member, applications, cards=None) -> dict[int, FinalistFacts]:
    """``cards``: the reader's visible submitted scorecards of ``applications``, as
    (id, application id, recommendation), when the caller has read them already."""
    facts = defaultdict(FinalistFacts)
    wanted = {a.pk for a in applications}
    # Read by job (the finalists are candidates of one job), so that the SQL does not
    # depend on how many are compared and is built once (secondround.prepared).
    jobs = {a.job_id for a in applications}
    for job in jobs:
        for concern in _open_concerns_of_job(member, job=job):
            if concern.application_id in wanted:
                facts[concern.application_id].open_concerns.append(concern)
    if cards is None:
        cards = (
            Scorecard.objects.visible_to(member)
            .filter(status=ScorecardStatus.SUBMITTED, interview__application__in=applications)
            .values_list("pk", "interview__application_id", "recommendation")
        )
    counts: dict[int, Counter] = defaultdict(Counter)
    for _, app_id, recommendation in cards:
        counts[app_id][recommendation] += 1
    for app_id, counter in counts.items():
        facts[app_id].tally = [
            (label, counter[value]) for value, label in Recommendation.choices if counter[value]
        ]
        facts[app_id].n_scorecards = sum(counter.values())
    for job in jobs:
        for decision in _active_decisions_of_job(member, job=job):
            if decision.application_id in wanted:
                facts[decision.application_id].decision = decision
    return {a.pk: facts[a.pk] for a in applications}


_open_concerns_of_job = prepared(
    "open concerns of a job",
    lambda member, job: (
        Concern.objects.visible_to(member)
        .open()
        .filter(application__job_id=job)
        .order_by("-blocking", "title")
        .only("application", "title", "blocking")  # what the comparison shows of each
    ),
)
_active_decisions_of_job = prepared(
    "active decisions of a job",
    lambda member, job: (
        Decision.objects.visible_to(member)
        .filter(application__job_id=job, status__in=ACTIVE_STATUSES)
        .only("application", "status", "outcome")
    ),
)
