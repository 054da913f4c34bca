"""Object permissions for jobs, their rubrics, candidates, applications, rounds and interviews.

Each "view" predicate mirrors the model's ``visible_to`` filter (tests/permissions checks that
they agree). The ``can_*`` functions take a Member and are importable by code that has one.
"""

import rules
from django.db.models import Q

from secondround.accounts.models import Member
from secondround.hiring.models import Application, Candidate, Interview, Job, Round
from secondround.permissions import acting_predicate, in_org, viewing_predicate


def approving_application_ids(member: Member):
    """Ids of applications with a decision on whose chain the member stands."""
    from secondround.decisions.models import ApprovalStep

    return ApprovalStep.objects.filter(approver=member).values("decision__application_id")


def approves(member: Member, application_id: int) -> bool:
    """Whether the member stands on the chain of a decision for the application."""
    steps = approving_application_ids(member)
    return steps.filter(decision__application_id=application_id).exists()


def interviewing_application_ids(member: Member):
    """Ids of applications the member sits on an interview for."""
    return Interview.objects.filter(interviewers=member).values("application_id")


def _reach(member: Member) -> Q:
    """Applications a member without oversight may see (as ApplicationQuerySet.visible_to)."""
    return (
        Q(job__hiring_manager=member)
        | Q(pk__in=interviewing_application_ids(member))
        | Q(pk__in=approving_application_ids(member))
    )


def can_view_job(member: Member, job: Job) -> bool:
    if not in_org(member, job.organisation_id):
        return False
    if member.has_oversight or job.hiring_manager_id == member.pk:
        return True
    if member.is_hiring_manager and job.hiring_manager_id is None:
        return True  # any hiring manager may set up a job nobody manages yet
    return (
        Round.objects.filter(job=job, panel=member).exists()
        or Application.objects.filter(job=job).filter(_reach(member)).exists()
    )


def can_view_application(member: Member, application: Application) -> bool:
    job = application.job
    if not in_org(member, job.organisation_id):
        return False
    if member.has_oversight or job.hiring_manager_id == member.pk:
        return True
    return Application.objects.filter(pk=application.pk).filter(_reach(member)).exists()


def can_view_candidate(member: Member, candidate: Candidate) -> bool:
    """Whoever may see one of the candidate's applications; oversight sees every candidate."""
    if not in_org(member, candidate.organisation_id):
        return False
    return (
        member.has_oversight
        or Application.objects.filter(candidate=candidate).filter(_reach(member)).exists()
    )


def can_view_interview(member: Member, interview: Interview) -> bool:
    """An interviewer sees the interviews they are on; oversight, the job's hiring manager and
    approvers on a decision for the application see all of the application's interviews."""
    job = interview.application.job
    if not in_org(member, job.organisation_id):
        return False
    if member.has_oversight or job.hiring_manager_id == member.pk:
        return True
    return interview.interviewers.filter(pk=member.pk).exists() or approves(
        member, interview.application_id
    )


def can_view_candidate_notes(member: Member, subject: Candidate | Application | None) -> bool:
    """Candidates' internal notes: admins, recruiters and the hiring manager of a job the
    candidate applied to. ``subject`` is a Candidate or one of their Applications."""
    if subject is None:
        return False
    candidate = subject.candidate if isinstance(subject, Application) else subject
    if not in_org(member, candidate.organisation_id):
        return False
    # The application in hand answers for its own job without a query.
    manages_this = isinstance(subject, Application) and subject.job.hiring_manager_id == member.pk
    return (
        member.has_oversight
        or manages_this
        or Application.objects.filter(candidate=candidate, job__hiring_manager=member).exists()
    )


def can_set_up_job(member: Member, job: Job | None = None) -> bool:
    """Mirrors hiring.actions._ensure_can_set_up: admins and recruiters, and hiring managers for
    the jobs they manage (or that nobody manages yet). Without a job: may create one."""
    if job is not None and not in_org(member, job.organisation_id):
        return False
    if member.has_oversight:
        return True
    return member.is_hiring_manager and (job is None or job.hiring_manager_id in (None, member.pk))


def can_choose_hiring_manager(member: Member) -> bool:
    """Who names (or changes) a job's hiring manager: admins and recruiters. A hiring manager
    who creates a job manages it, and cannot hand it, or take another's, by editing it."""
    return member.has_oversight


def _view_competency(member, competency):
    return can_view_job(member, competency.job)


def _view_anchor(member, anchor):
    return can_view_job(member, anchor.competency.job)


def _view_round(member, round_):
    return can_view_job(member, round_.job)


def _view_question(member, question):
    return in_org(member, question.organisation_id)  # the bank is organisation-wide


def _view_library_competency(member, entry):
    return in_org(member, entry.organisation_id)  # the library is organisation-wide


def _view_internal_note(member, note):
    return can_view_candidate_notes(member, note.application)


def _view_stage_change(member, change):
    return can_view_application(member, change.application)


def _add_view(name, check):
    rules.add_perm(f"hiring.view_{name}", rules.predicate(viewing_predicate(check)))


_add_view("job", can_view_job)
_add_view("competency", _view_competency)
_add_view("rubricanchor", _view_anchor)
_add_view("round", _view_round)
_add_view("question", _view_question)
_add_view("candidate", can_view_candidate)
_add_view("application", can_view_application)
_add_view("interview", can_view_interview)
_add_view("stagechange", _view_stage_change)
_add_view("librarycompetency", _view_library_competency)
_add_view("internalnote", _view_internal_note)
rules.add_perm(
    "hiring.view_candidate_notes", rules.predicate(acting_predicate(can_view_candidate_notes))
)
rules.add_perm("hiring.setup_job", rules.predicate(acting_predicate(can_set_up_job)))
