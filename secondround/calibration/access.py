"""Who may read calibrated figures. One place for the pages in this app, the decision pages,
the API and the admin site.

Calibrated figures (a candidate's score, P(best), raw means, per-competency scores and each
rater's adjustment) are built from colleagues' ratings, so blind feedback holds for them as
it does for scorecards (``ScorecardQuerySet.visible_to``), whatever the reader's role:

- While a reader owes a scorecard on candidate X, they see none of X's figures.
- Figures of X's job reveal X's too (the job's P(best) sums to one; a comparison ranks X
  against the others), so the reader sees no calibrated figure of any candidate of that job.
- The interviewer calibration report shows interviewers, not candidates: it stays open to
  admins and recruiters (``may_see_report``).
"""

from secondround.accounts.models import Member
from secondround.hiring.models import Job
from secondround.prepared import prepared


def blind_job_ids(member: Member | None) -> set[int]:
    """Jobs on which the member still owes a scorecard for some candidate."""
    if member is None:
        return set()
    return set(_owed_job_ids(member))


def _owed_job_ids_query(member):
    from secondround.scorecards.models import owed_interviews

    return owed_interviews(member).values_list("application__job_id", flat=True)


_owed_job_ids = prepared("jobs with an owed scorecard", _owed_job_ids_query)


def blind_on_job(member: Member | None, job_id: int) -> bool:
    return job_id in blind_job_ids(member)


def may_see_figures(member: Member | None, application) -> bool:
    """Whether the reader may see calibrated figures of this application: same organisation,
    and not blind on any candidate of its job."""
    if member is None or member.organisation_id != application.job.organisation_id:
        return False
    return not blind_on_job(member, application.job_id)


def visible_result(member: Member | None, result: dict) -> dict:
    """A snapshot's JSON without the candidates (and job reliability) of jobs the reader is
    blind on. The interviewers' section stays: it is the calibration report's content."""
    if not isinstance(result, dict):
        return {}
    hidden = {str(job) for job in blind_job_ids(member)}
    if not hidden:
        return result
    shown = dict(result)
    shown["candidates"] = [
        row
        for row in result.get("candidates", [])
        if not isinstance(row, dict) or str(row.get("job")) not in hidden
    ]
    shown["reliability"] = {
        job: value
        for job, value in (result.get("reliability") or {}).items()
        if str(job) not in hidden
    }
    return shown


def may_compare(member: Member | None, job: Job) -> bool:
    """The finalist comparison is for oversight roles, the job's hiring manager and approvers.
    Plain interviewers never see calibrated figures of candidates. (Blindness is checked
    separately with ``blind_on_job``, so that the page can say why it is closed.)"""
    if member is None or member.organisation_id != job.organisation_id:
        return False
    return member.has_oversight or job.hiring_manager_id == member.pk or member.is_approver


def may_see_report(member: Member | None) -> bool:
    """The interviewer calibration report shows every interviewer's severity: admins and
    recruiters only, so that colleagues never see each other's figures."""
    from secondround.calibration.rules import can_view_report

    return member is not None and can_view_report(member)
