from django.contrib import admin

from secondround.accounts.admin_site import ScopedAdmin
from secondround.accounts.models import Member, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    organisation_path = "pk"
    list_display = ["name", "slug", "created_at"]
    readonly_fields = ["slug", "created_at"]

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail keeps an organisation's records


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    list_display = [
        "display_name",
        "email",
        "title",
        "is_admin",
        "is_recruiter",
        "is_hiring_manager",
        "is_interviewer",
        "is_approver",
        "active",
    ]
    list_filter = ["active", "is_admin", "is_recruiter", "is_interviewer", "is_approver"]
    search_fields = ["display_name", "user__email"]
    readonly_fields = ["organisation", "user"]
    list_select_related = ["user"]

    def has_add_permission(self, request, *args):
        return False  # members are added in the app, which creates their login too

    def has_delete_permission(self, request, obj=None):
        return False  # untick "active" instead: their scorecards and verdicts stay on record
