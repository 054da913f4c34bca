"""Who may read calibrated figures. Pair of the pages in this app and the application page."""

from secondround.accounts.models import Member
from secondround.hiring.models import Job


def may_compare(member: Member | None, job: Job) -> bool:
    """The finalist comparison is for oversight roles, the job's hiring manager and approvers.
    Plain interviewers never see calibrated figures of candidates."""
    if member is None or member.organisation_id != job.organisation_id:
        return False
    return member.has_oversight or job.hiring_manager_id == member.pk or member.is_approver


def may_see_report(member: Member | None) -> bool:
    """The interviewer calibration report shows every interviewer's severity: admins and
    recruiters only, so that colleagues never see each other's figures."""
    from secondround.calibration.rules import can_view_report

    return member is not None and can_view_report(member)
