"""The ratings CSV download of the calibration report (admins and recruiters)."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from secondround.calibration.access import blind_job_ids, may_see_report
from secondround.transfer.ratings_csv import write_ratings_csv


@login_required
def ratings_csv(request):
    """The organisation's submitted ratings in the ratings CSV format. Blind feedback holds:
    the jobs on which the reader still owes a scorecard are left out."""
    member = request.member
    if not may_see_report(member):
        raise PermissionDenied("The ratings are for admins and recruiters.")
    stream = io.StringIO()
    write_ratings_csv(stream, member.organisation_id, hidden_jobs=blind_job_ids(member))
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ratings.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
