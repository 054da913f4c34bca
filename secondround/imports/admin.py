from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    """Which files were imported, by whom, and what they wrote. The uploaded content stays
    out: it holds candidates' personal data (and visible_to shows an admin only their own
    uploads)."""

    list_display = ["created_at", "kind", "filename", "uploaded_by", "committed_at"]
    exclude = ["content"]
