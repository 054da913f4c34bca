"""What needs each role next, for the home page: one function per role, each reading only
through the models' ``visible_to`` filters.

None of these shows a rating or a figure derived from ratings (only counts of scorecards and
candidates), so blind feedback holds whoever reads the home page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.timesince import timesince

from secondround.calibration.models import CalibrationSnapshot, InputsStamp
from secondround.concerns.models import Concern
from secondround.decisions.models import (
    SENT_BACK_STATUSES,
    ApprovalStep,
    Decision,
    DecisionStatus,
    Verdict,
)
from secondround.hiring.models import Application, Interview, InterviewStatus, Stage
from secondround.scorecards.models import Scorecard, ScorecardStatus

OVERDUE_AFTER = timedelta(days=1)
ROUND_STAGES = {Stage.ROUND_1: 1, Stage.ROUND_2: 2}
ACTIVE_DECISION = [DecisionStatus.PENDING, DecisionStatus.APPROVED]


@dataclass
class ManagerNeeds:
    finalists: list = field(default_factory=list)  # (job, number ready)
    concerns: list = field(default_factory=list)
    to_revise: list = field(default_factory=list)  # decisions sent back or rejected
    to_propose: list = field(default_factory=list)  # applications awaiting a decision
    unscheduled: list = field(default_factory=list)  # (application, round number)

    @property
    def count(self) -> int:
        return sum(
            map(len, (self.finalists, self.concerns, self.to_revise, self.to_propose))
        ) + len(self.unscheduled)


@dataclass
class ApproverNeeds:
    waiting: list
    settled: list

    @property
    def count(self) -> int:
        return len(self.waiting)


@dataclass
class RecruiterNeeds:
    unscheduled: list
    overdue: list  # (interviewer, [(interview, overdue words)])
    unowned_concerns: int
    calibration_stale: bool

    @property
    def count(self) -> int:
        return (
            len(self.unscheduled)
            + len(self.overdue)
            + self.unowned_concerns
            + bool(self.calibration_stale)
        )


def waiting_for_a_round(applications):
    """Applications at a round stage with no interview (not cancelled) in that round, in one
    query for every round stage."""
    booked = Interview.objects.filter(application=OuterRef("pk")).exclude(
        status=InterviewStatus.CANCELLED
    )
    unbooked = Q()
    for stage, number in ROUND_STAGES.items():
        unbooked |= Q(stage=stage) & ~Exists(booked.filter(round__number=number))
    qs = applications.filter(unbooked).select_related("candidate", "job")
    rows = [(app, ROUND_STAGES[app.stage]) for app in qs]
    return sorted(rows, key=lambda row: (row[0].job.title, row[0].candidate.name))


def round_two_complete(applications):
    """Applications in round 2 whose round-2 interviews have all ended, every interviewer's
    scorecard submitted. One query: each interview says whether a panelist still owes."""
    now = timezone.now()
    submitted = Scorecard.objects.filter(
        interview=OuterRef(OuterRef("pk")), status=ScorecardStatus.SUBMITTED
    ).values("author_id")
    owing = Interview.interviewers.through.objects.filter(interview=OuterRef("pk")).exclude(
        member_id__in=submitted
    )
    interviews = (
        Interview.objects.filter(application__in=applications, round__number=2)
        .exclude(status=InterviewStatus.CANCELLED)
        .annotate(owing=Exists(owing))
        .values_list("application_id", "ends_at", "owing")
    )
    complete: dict[int, bool] = {}
    for app_id, ends_at, owing in interviews:
        done = ends_at <= now and not owing
        complete[app_id] = complete.get(app_id, True) and done
    return {app_id for app_id, done in complete.items() if done}


def finalists_ready(applications):
    """Jobs with at least two candidates ready to compare: finalists, or round 2 complete."""
    live = applications.filter(stage__in=[Stage.FINALIST, Stage.ROUND_2]).select_related("job")
    ready_round_two = round_two_complete(live.filter(stage=Stage.ROUND_2))
    by_job = defaultdict(int)
    jobs = {}
    for app in live:
        if app.stage == Stage.FINALIST or app.pk in ready_round_two:
            by_job[app.job_id] += 1
            jobs[app.job_id] = app.job
    return [(jobs[pk], n) for pk, n in sorted(by_job.items()) if n >= 2]


def manager_needs(member, unscheduled: bool = True) -> ManagerNeeds:
    """``unscheduled=False`` for a manager who also has oversight: the recruiter's list holds
    every application waiting for a round, so this one is not even read."""
    mine = Application.objects.visible_to(member).filter(job__hiring_manager=member)
    active = Decision.objects.filter(
        application=OuterRef("application"), status__in=ACTIVE_DECISION
    )
    latest = Decision.objects.filter(application=OuterRef("application")).order_by(
        "-proposed_at", "-pk"
    )
    to_revise = (
        Decision.objects.visible_to(member)
        .filter(application__in=mine)
        .filter(status__in=SENT_BACK_STATUSES)
        .exclude(Exists(active))
        .filter(pk=latest.values("pk")[:1])
        .select_related("application__candidate", "application__job")
    )
    any_active = Decision.objects.filter(application=OuterRef("pk"), status__in=ACTIVE_DECISION)
    to_propose = (
        mine.filter(stage=Stage.DECISION)
        .exclude(Exists(any_active))
        .exclude(pk__in=to_revise.values("application_id"))
        .select_related("candidate", "job")
    )
    return ManagerNeeds(
        finalists=finalists_ready(mine),
        concerns=list(
            Concern.objects.visible_to(member)
            .open()
            .filter(owner=member)
            .select_related("application__candidate", "application__job")
        ),
        to_revise=list(to_revise),
        to_propose=list(to_propose),
        unscheduled=waiting_for_a_round(mine) if unscheduled else [],
    )


def approver_needs(member, waiting) -> ApproverNeeds:
    settled = (
        ApprovalStep.objects.visible_to(member)
        .filter(approver=member)
        .exclude(verdict=Verdict.WAITING)
        .select_related("decision__application__candidate", "decision__application__job")
        .order_by("-decided_at")[:10]
    )
    return ApproverNeeds(waiting=list(waiting), settled=list(settled))


def overdue_scorecards(member, now):
    """Interviews that ended over a day ago, by each interviewer who has not submitted: one
    query over the panel seats that still owe."""
    ended = (
        Interview.objects.visible_to(member)
        .exclude(status=InterviewStatus.CANCELLED)
        .filter(ends_at__lt=now - OVERDUE_AFTER)
    )
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview_id"),
        author=OuterRef("member_id"),
        status=ScorecardStatus.SUBMITTED,
    )
    seats = (
        Interview.interviewers.through.objects.filter(interview__in=ended)
        .filter(~Exists(submitted))
        .select_related(
            "member",
            "interview__application__candidate",
            "interview__application__job",
            "interview__round",
        )
        .order_by("interview__ends_at", "interview_id")
    )
    by_interviewer = defaultdict(list)
    for seat in seats:
        iv = seat.interview
        by_interviewer[seat.member].append((iv, timesince(iv.ends_at, now, depth=1)))
    return sorted(by_interviewer.items(), key=lambda item: item[0].display_name)


def calibration_out_of_date(member) -> bool:
    """A run exists, yet none was made from today's inputs. The same per-organisation
    change stamp as the calibration pages: one small query, whatever the history."""
    stamp = InputsStamp.objects.filter(organisation_id=member.organisation_id)
    current = Coalesce(Subquery(stamp.values("version")[:1]), 0)  # 0: no change yet
    runs = CalibrationSnapshot.objects.visible_to(member).aggregate(
        any=Count("pk"), current=Count("pk", filter=Q(inputs_version=current))
    )
    return bool(runs["any"]) and not runs["current"]


def recruiter_needs(member) -> RecruiterNeeds:
    now = timezone.now()
    unowned = Concern.objects.visible_to(member).open().filter(Q(owner__isnull=True))
    return RecruiterNeeds(
        unscheduled=waiting_for_a_round(Application.objects.visible_to(member)),
        overdue=overdue_scorecards(member, now),
        unowned_concerns=unowned.count(),
        calibration_stale=calibration_out_of_date(member),
    )
