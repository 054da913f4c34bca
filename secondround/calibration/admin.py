from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.calibration.models import CalibrationSnapshot, InputsStamp, SnapshotJob


@admin.register(CalibrationSnapshot)
class CalibrationSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "n_ratings", "duration_ms", "fingerprint"]
    # The result holds every candidate's calibrated figures, and an admin who sits on a
    # panel must not read them before submitting (calibration/access.py): the admin site
    # shows when a run happened and on how many ratings, never its figures.
    exclude = ["result", "summary"]


@admin.register(InputsStamp)
class InputsStampAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "version", "changed_at"]


@admin.register(SnapshotJob)
class SnapshotJobAdmin(ReadOnlyAdmin):
    """Which jobs a run covered; the figures stay out of the admin (see above)."""

    organisation_path = "snapshot__organisation"
    list_display = ["snapshot", "job_id"]
    exclude = ["candidates"]
