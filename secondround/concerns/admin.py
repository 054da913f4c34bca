from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.concerns.models import Concern


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    """Read-only: concerns are raised, handed over and closed (with evidence) in the app."""

    organisation_path = "application__job__organisation"
    list_display = ["title", "application", "type", "blocking", "status", "owner"]
    list_filter = ["status", "blocking", "type"]
    search_fields = ["title", "details"]
