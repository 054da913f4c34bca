from django.contrib import admin

from secondround.accounts.admin_site import ScopedAdmin
from secondround.concerns.models import Concern


@admin.register(Concern)
class ConcernAdmin(ScopedAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["title", "application", "type", "blocking", "status", "owner"]
    list_filter = ["status", "blocking", "type"]
    search_fields = ["title", "details"]
    # Closing a concern needs evidence and a closer: that happens in the app.
    readonly_fields = [
        "raised_by",
        "raised_in",
        "status",
        "resolution_evidence",
        "resolved_by",
        "resolved_in",
        "resolved_at",
        "candidate_note",
    ]

    def has_add_permission(self, request, *args):
        return False  # concerns are raised from a scorecard or the candidate page
