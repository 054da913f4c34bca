"""Read-only views of erasures and retention policies, for support; both change only through
the personal-data pages (privacy.actions)."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.privacy.models import Erasure, RetentionPolicy


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    organisation_path = "candidate__organisation"
    list_display = ["candidate", "reason", "erased_by", "erased_at"]


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ["organisation", "enabled", "months", "last_run_at", "updated_at"]
