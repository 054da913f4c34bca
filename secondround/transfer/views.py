"""The ratings CSV download of the calibration report (admins and recruiters)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from secondround.calibration.access import blind_job_ids, may_see_report
from secondround.hiring.models import Application
from secondround.scorecards.actions import do_record_feedback_view
from secondround.transfer.ratings_csv import HEADER, ratings_csv_rows


@login_required
def ratings_csv(request):
    """The organisation's submitted ratings in the ratings CSV format. Blind feedback holds:
    the jobs on which the reader still owes a scorecard are left out."""
    member = request.member
    if not may_see_report(member):
        raise PermissionDenied("The ratings are for admins and recruiters.")
    rows = ratings_csv_rows(member.organisation_id, hidden_jobs=blind_job_ids(member))
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    colleagues = {int(row[1]) for row in rows if row[2] != str(member.pk)}
    for application in Application.objects.visible_to(member).filter(pk__in=colleagues):
        # Colleagues' ratings: the independence audit notes the first view of each candidate.
        do_record_feedback_view(member, application)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ratings.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
