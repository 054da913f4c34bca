from django.contrib import admin

from secondround.accounts.actions import do_revoke_api_token
from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.accounts.models import ApiToken, Invitation, Member, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    """Read-only: an organisation is created with its first admin by a command."""

    organisation_path = "pk"
    list_display = ["name", "slug", "created_at"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    """Read-only: members are invited, given roles and deactivated in the app, whose write
    functions keep an organisation's last admin and end a deactivated member's sessions."""

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
    list_select_related = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """API tokens are created with `create_api_token` (the token is shown once); here an
    admin sees their organisation's tokens and revokes them."""

    organisation_path = "member__organisation"
    list_display = ["name", "member", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    list_select_related = ["member"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            do_revoke_api_token(getattr(request, "member", None), token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations are sent, resent and revoked on the Team page (/team/); here they are only
    inspected. The token's hash is never shown."""

    organisation_path = "organisation"
    list_display = [
        "email",
        "display_name",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    exclude = ["token_hash"]
