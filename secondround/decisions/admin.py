"""Decisions and approval steps are read-only here: the chain's order and each verdict's
rationale are kept by the app's write functions."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.decisions.models import ApprovalStep, Decision, DecisionPolicy


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    can_delete = False
    fields = ["order", "approver", "verdict", "evidence_kind", "rationale", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    organisation_path = "application__job__organisation"
    list_display = ["application", "outcome", "status", "proposed_by", "proposed_at"]
    list_filter = ["status", "outcome"]
    # Calibrated figures obey blind feedback (calibration/access.py); the decision record
    # page shows them to those who may read them.
    exclude = ["scores_at_decision"]
    inlines = [ApprovalStepInline]


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdmin):
    organisation_path = "decision__application__job__organisation"
    list_display = ["decision", "order", "approver", "verdict", "decided_at"]


@admin.register(DecisionPolicy)
class DecisionPolicyAdmin(ReadOnlyAdmin):
    """Changed on the "How approvals work" page (do_set_decision_policy)."""

    organisation_path = "organisation"
    list_display = ["organisation", "approvers_advisory"]
