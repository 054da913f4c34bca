"""What needs each role next, for the home page: one function per role, each reading only
through the models' ``visible_to`` filters.

None of these shows a rating or a figure derived from ratings (only counts of scorecards and
candidates), so blind feedback holds whoever reads the home page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.timesince import timesince

from secondround.accounts.models import Member
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
from secondround.prepared import prepared
from secondround.scorecards.models import Scorecard, ScorecardStatus

OVERDUE_AFTER = timedelta(days=1)
ROUND_STAGES = {Stage.ROUND_1: 1, Stage.ROUND_2: 2}
ACTIVE_DECISION = [DecisionStatus.PENDING, DecisionStatus.APPROVED]
# What a row of the home page shows of an application: fewer columns to build and read.
APP_ROW_FIELDS = ("stage", "candidate__name", "job__title")


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


def waiting_for_a_round(member):
    """Applications at a round stage with no interview (not cancelled) in that round, in one
    query for every round stage."""
    rows = [(app, ROUND_STAGES[app.stage]) for app in _waiting_for_a_round(member)]
    return sorted(rows, key=lambda row: (row[0].job.title, row[0].candidate.name))


def _waiting_query(member):
    booked = Interview.objects.filter(application=OuterRef("pk")).exclude(
        status=InterviewStatus.CANCELLED
    )
    unbooked = Q()
    for stage, number in ROUND_STAGES.items():
        unbooked |= Q(stage=stage) & ~Exists(booked.filter(round__number=number))
    return (
        Application.objects.visible_to(member)
        .filter(unbooked)
        .select_related("candidate", "job")
        .only(*APP_ROW_FIELDS)
    )


_waiting_for_a_round = prepared("applications waiting for a round", _waiting_query)


def rounds_booked(member, app_ids):
    """For each application, its interviews that are not cancelled: (round number, end,
    whether a panelist still owes a submitted scorecard). One query for every application."""
    submitted = Scorecard.objects.filter(
        interview=OuterRef(OuterRef("pk")), status=ScorecardStatus.SUBMITTED
    ).values("author_id")
    owing = Interview.interviewers.through.objects.filter(interview=OuterRef("pk")).exclude(
        member_id__in=submitted
    )
    rows = (
        Interview.objects.visible_to(member)
        .filter(application_id__in=app_ids)
        .exclude(status=InterviewStatus.CANCELLED)
        .annotate(owing=Exists(owing))
        .order_by()
        .values_list("application_id", "round__number", "ends_at", "owing")
    )
    booked = defaultdict(list)
    for app_id, number, ends_at, owes in rows:
        booked[app_id].append((number, ends_at, owes))
    return booked


def round_two_complete(app, booked, now) -> bool:
    """In round 2, with round-2 interviews that have all ended, every interviewer's
    scorecard submitted."""
    interviews = [(ends, owes) for number, ends, owes in booked[app.pk] if number == 2]
    return (
        app.stage == Stage.ROUND_2
        and bool(interviews)
        and all(ends <= now and not owes for ends, owes in interviews)
    )


def finalists_ready(apps, booked, now):
    """Jobs with at least two candidates ready to compare: finalists, or round 2 complete."""
    by_job = defaultdict(int)
    jobs = {}
    for app in apps:
        if app.stage == Stage.FINALIST or round_two_complete(app, booked, now):
            by_job[app.job_id] += 1
            jobs[app.job_id] = app.job
    return [(jobs[pk], n) for pk, n in sorted(by_job.items()) if n >= 2]


def unbooked(apps, booked):
    """Applications at a round stage with no interview (not cancelled) in that round."""
    rows = [
        (app, ROUND_STAGES[app.stage])
        for app in apps
        if app.stage in ROUND_STAGES
        and all(number != ROUND_STAGES[app.stage] for number, _, _ in booked[app.pk])
    ]
    return sorted(rows, key=lambda row: (row[0].job.title, row[0].candidate.name))


def decisions_to_revise(member):
    """The latest decision on each application of the manager's jobs when it came back (sent
    back or rejected) and no decision on the application is active; and the applications
    with an active decision. Every decision on those applications is visible to their
    manager, so the latest and active checks see all of them: one query of plain rows, then
    the few decisions to revise with their candidate."""
    rows = (
        Decision.objects.visible_to(member)
        .filter(application__job__hiring_manager=member)
        .order_by("-proposed_at", "-pk")
        .values_list("pk", "application_id", "status")
    )
    latest, active = {}, set()
    for pk, app_id, status in rows:
        latest.setdefault(app_id, (pk, status))
        if status in ACTIVE_DECISION:
            active.add(app_id)
    revise = [
        pk
        for app_id, (pk, status) in latest.items()
        if status in SENT_BACK_STATUSES and app_id not in active
    ]
    if not revise:
        return [], active
    to_revise = (
        Decision.objects.visible_to(member)
        .filter(pk__in=revise)
        .select_related("application__candidate", "application__job")
        .only("status", "outcome", *(f"application__{f}" for f in APP_ROW_FIELDS))
    )
    return list(to_revise), active


MANAGER_STAGES = [Stage.ROUND_1, Stage.ROUND_2, Stage.FINALIST, Stage.DECISION]


def manager_needs(member, unscheduled: bool = True) -> ManagerNeeds:
    """``unscheduled=False`` for a manager who also has oversight: the recruiter's list holds
    every application waiting for a round, so this one is not shown.

    The applications of the manager's jobs at a live stage are read once, with their
    interviews and decisions in one query each; each list is derived from those rows, since
    building the nested read filters again for every list cost more than reading them."""
    now = timezone.now()
    apps = _managed_applications(member)
    in_rounds = [app.pk for app in apps if app.stage in ROUND_STAGES]
    booked = rounds_booked(member, in_rounds) if in_rounds else defaultdict(list)
    deciding = [app for app in apps if app.stage == Stage.DECISION]
    to_revise, active = decisions_to_revise(member)
    revising = {decision.application_id for decision in to_revise}
    return ManagerNeeds(
        finalists=finalists_ready(apps, booked, now),
        concerns=_owned_concerns(member),
        to_revise=to_revise,
        to_propose=[app for app in deciding if app.pk not in active and app.pk not in revising],
        unscheduled=unbooked(apps, booked) if unscheduled else [],
    )


_managed_applications = prepared(
    "applications of the manager's jobs",
    lambda member: (
        Application.objects.visible_to(member)
        .filter(job__hiring_manager=member, stage__in=MANAGER_STAGES)
        .select_related("candidate", "job")
        .only(*APP_ROW_FIELDS)
    ),
)
_owned_concerns = prepared(
    "open concerns owned",
    lambda member: (
        Concern.objects.visible_to(member)
        .open()
        .filter(owner=member)
        .select_related("application__candidate", "application__job")
        .only("title", "blocking", *(f"application__{f}" for f in APP_ROW_FIELDS))
    ),
)


def approver_needs(member, waiting) -> ApproverNeeds:
    return ApproverNeeds(waiting=list(waiting), settled=_settled_steps(member))


def _settled_query(member):
    return (
        ApprovalStep.objects.visible_to(member)
        .filter(approver=member)
        .exclude(verdict=Verdict.WAITING)
        .select_related("decision__application__candidate", "decision__application__job")
        .only(
            "verdict",
            "decided_at",
            "decision__outcome",
            *(f"decision__application__{f}" for f in APP_ROW_FIELDS),
        )
        .order_by("-decided_at")[:10]
    )


_settled_steps = prepared("the approver's settled steps", _settled_query)


def overdue_scorecards(member, now):
    """Interviews that ended over a day ago, by each interviewer who has not submitted: one
    query over the panel seats that still owe."""
    by_interviewer = defaultdict(list)
    for seat in _owing_seats(member, overdue_before=now - OVERDUE_AFTER):
        iv = seat.interview
        by_interviewer[seat.member].append((iv, timesince(iv.ends_at, now, depth=1)))
    return sorted(by_interviewer.items(), key=lambda item: item[0].display_name)


def _owing_seats_query(member, overdue_before):
    ended = (
        Interview.objects.visible_to(member)
        .exclude(status=InterviewStatus.CANCELLED)
        .filter(ends_at__lt=overdue_before)
    )
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview_id"),
        author=OuterRef("member_id"),
        status=ScorecardStatus.SUBMITTED,
    )
    return (
        Interview.interviewers.through.objects.filter(interview__in=ended)
        .filter(~Exists(submitted))
        .select_related(
            "member",
            "interview__application__candidate",
            "interview__application__job",
            "interview__round",
        )
        .only(
            "member__display_name",
            "interview__ends_at",
            "interview__round__name",
            *(f"interview__application__{f}" for f in APP_ROW_FIELDS),
        )
        .order_by("interview__ends_at", "interview_id")
    )


_owing_seats = prepared("panel seats owing overdue scorecards", _owing_seats_query)


def calibration_out_of_date(member) -> bool:
    """A run exists, yet none was made from today's inputs. The same per-organisation
    change stamp as the calibration pages: one small query, whatever the history."""
    ((any_run, current_run),) = _runs(member)
    return bool(any_run) and not current_run


def _runs_query(member):
    stamp = InputsStamp.objects.visible_to(member)
    current = Coalesce(Subquery(stamp.values("version")[:1]), 0)  # 0: no change yet
    runs = CalibrationSnapshot.objects.visible_to(member)
    # Both answers in one row, on the reader's own member row.
    return (
        Member.objects.visible_to(member)
        .filter(pk=member.pk)
        .annotate(any_run=Exists(runs), current_run=Exists(runs.filter(inputs_version=current)))
        .values_list("any_run", "current_run")
    )


def _runs(member):
    return _kept_runs(member) or [(False, False)]


_kept_runs = prepared("calibration runs against the stamp", _runs_query)


def recruiter_needs(member) -> RecruiterNeeds:
    now = timezone.now()
    unowned = Concern.objects.visible_to(member).open().filter(Q(owner__isnull=True))
    return RecruiterNeeds(
        unscheduled=waiting_for_a_round(member),
        overdue=overdue_scorecards(member, now),
        unowned_concerns=unowned.count(),
        calibration_stale=calibration_out_of_date(member),
    )
