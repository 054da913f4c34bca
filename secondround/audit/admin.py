from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is append-only: view it, never add, change or delete."""

    list_display = ["created_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_type"]
    list_select_related = ["actor"]

    def get_actions(self, request):
        return {}  # no bulk delete
