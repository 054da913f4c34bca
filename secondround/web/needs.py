"""What needs each role next, for the home page: one function per role, each reading only
through the models' ``visible_to`` filters.

None of these shows a rating or a figure derived from ratings (only counts of scorecards and
candidates), so blind feedback holds whoever reads the home page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.timesince import timesince

from secondround.calibration.models import CalibrationSnapshot
from secondround.calibration.stamp import inputs_version
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
    """Applications at a round stage with no interview (not cancelled) in that round."""
    booked = Interview.objects.filter(application=OuterRef("pk")).exclude(
        status=InterviewStatus.CANCELLED
    )
    rows = []
    for stage, number in ROUND_STAGES.items():
        qs = (
            applications.filter(stage=stage)
            .annotate(booked=Exists(booked.filter(round__number=number)))
            .filter(booked=False)
            .select_related("candidate", "job")
        )
        rows += [(app, number) for app in qs]
    return sorted(rows, key=lambda row: (row[0].job.title, row[0].candidate.name))


def round_two_complete(applications):
    """Applications in round 2 whose round-2 interviews have all ended, every interviewer's
    scorecard submitted."""
    now = timezone.now()
    interviews = (
        Interview.objects.filter(application__in=applications, round__number=2)
        .exclude(status=InterviewStatus.CANCELLED)
        .prefetch_related("interviewers")
    )
    submitted = set(
        Scorecard.objects.filter(
            interview__in=interviews, status=ScorecardStatus.SUBMITTED
        ).values_list("interview_id", "author_id")
    )
    complete: dict[int, bool] = {}
    for iv in interviews:
        done = iv.ends_at <= now and all((iv.pk, m.pk) in submitted for m in iv.interviewers.all())
        complete[iv.application_id] = complete.get(iv.application_id, True) and done
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


def manager_needs(member) -> ManagerNeeds:
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
        unscheduled=waiting_for_a_round(mine),
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
    """Interviews that ended over a day ago, by each interviewer who has not submitted."""
    ended = (
        Interview.objects.visible_to(member)
        .exclude(status=InterviewStatus.CANCELLED)
        .filter(ends_at__lt=now - OVERDUE_AFTER)
        .select_related("application__candidate", "application__job", "round")
        .prefetch_related("interviewers")
        .order_by("ends_at")
    )
    submitted = set(
        Scorecard.objects.filter(interview__in=ended, status=ScorecardStatus.SUBMITTED).values_list(
            "interview_id", "author_id"
        )
    )
    by_interviewer = defaultdict(list)
    for iv in ended:
        for person in iv.interviewers.all():
            if (iv.pk, person.pk) not in submitted:
                by_interviewer[person].append((iv, timesince(iv.ends_at, now, depth=1)))
    return sorted(by_interviewer.items(), key=lambda item: item[0].display_name)


def calibration_out_of_date(member) -> bool:
    """A run exists, yet none was made from today's inputs. The same per-organisation
    change stamp as the calibration pages: one small query, whatever the history."""
    snapshots = CalibrationSnapshot.objects.visible_to(member)
    if not snapshots.exists():
        return False
    current = inputs_version(member.organisation_id)
    return not snapshots.filter(inputs_version=current).exists()


def recruiter_needs(member) -> RecruiterNeeds:
    now = timezone.now()
    unowned = Concern.objects.visible_to(member).open().filter(Q(owner__isnull=True))
    return RecruiterNeeds(
        unscheduled=waiting_for_a_round(Application.objects.visible_to(member)),
        overdue=overdue_scorecards(member, now),
        unowned_concerns=unowned.count(),
        calibration_stale=calibration_out_of_date(member),
    )
