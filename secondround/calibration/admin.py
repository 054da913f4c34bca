from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.calibration.models import CalibrationSnapshot


@admin.register(CalibrationSnapshot)
class CalibrationSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "n_ratings", "duration_ms", "fingerprint"]
