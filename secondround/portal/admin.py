"""Read-only views of the portal's records, for support. Links show their state, never a
token (only hashes are stored); everything changes through the portal's pages."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.portal.models import (
    CandidateRequest,
    MemberIntro,
    OrganisationValues,
    PortalDocument,
    PortalLink,
    PortalOutcome,
    PortalTopic,
)


@admin.register(PortalLink)
class PortalLinkAdmin(ReadOnlyAdmin):
    organisation_path = "candidate__organisation"
    list_display = ["candidate", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["token_hash"]


@admin.register(PortalTopic)
class PortalTopicAdmin(ReadOnlyAdmin):
    organisation_path = "concern__application__job__organisation"
    list_display = ["candidate_wording", "concern", "shared_by", "answered_at"]


@admin.register(PortalDocument)
class PortalDocumentAdmin(ReadOnlyAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["original_name", "application", "content_type", "size", "uploaded_at"]
    exclude = ["file"]  # downloaded through the permission-checked page, not a storage URL


@admin.register(CandidateRequest)
class CandidateRequestAdmin(ReadOnlyAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["application", "kind", "created_at"]
    list_filter = ["kind"]


@admin.register(PortalOutcome)
class PortalOutcomeAdmin(ReadOnlyAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["application", "set_by", "set_at"]


@admin.register(OrganisationValues)
class OrganisationValuesAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ["organisation", "updated_by", "updated_at"]


@admin.register(MemberIntro)
class MemberIntroAdmin(ReadOnlyAdmin):
    organisation_path = "member__organisation"
    list_display = ["member", "updated_at"]
