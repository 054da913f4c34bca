"""Read-only admin views for support: subscriptions are managed on the webhook pages (through
the write functions), deliveries written by the sender. The signing secret is never shown."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.webhooks.models import Attempt, Delivery, Subscription, WebhookSettings


class NoBulkActions(ReadOnlyAdmin):
    def get_actions(self, request):
        return {}


@admin.register(Subscription)
class SubscriptionAdmin(NoBulkActions):
    list_display = ["url", "active", "created_at"]
    exclude = ["secret"]


@admin.register(Delivery)
class DeliveryAdmin(NoBulkActions):
    list_display = ["created_at", "event", "uuid", "status", "attempts", "next_attempt_at"]
    list_filter = ["event", "status"]


@admin.register(Attempt)
class AttemptAdmin(NoBulkActions):
    organisation_path = "delivery__organisation"
    list_display = ["delivery", "number", "started_at", "status_code", "duration_ms"]


@admin.register(WebhookSettings)
class WebhookSettingsAdmin(NoBulkActions):
    list_display = ["organisation", "allow_private_targets"]
