"""Read-only admin views: the delivery log is written by the outbox, never by hand."""

from django.contrib import admin

from secondround.accounts.admin_site import ReadOnlyAdmin
from secondround.notifications.models import CalendarEvent, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "recipient_email", "version", "status", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["recipient_email"]

    def get_actions(self, request):
        return {}


@admin.register(CalendarEvent)
class CalendarEventAdmin(ReadOnlyAdmin):
    organisation_path = "interview__application__job__organisation"
    list_display = ["interview", "uid", "sequence", "updated_at"]

    def get_actions(self, request):
        return {}
