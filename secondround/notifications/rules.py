"""Object permissions for notifications; each mirrors its model's ``visible_to``."""

import rules

from secondround.accounts.models import Member
from secondround.hiring.rules import can_view_interview
from secondround.notifications.models import Notification
from secondround.permissions import in_org, viewing_predicate


def can_view_notification(member: Member, notification: Notification) -> bool:
    """Admins of the organisation (the delivery log), and the notification's recipient."""
    if not in_org(member, notification.organisation_id):
        return False
    return member.is_admin or notification.recipient_member_id == member.pk


def can_view_calendar_event(member: Member, event) -> bool:
    return can_view_interview(member, event.interview)


def owns(member: Member, setting) -> bool:
    return setting.member_id == member.pk


rules.add_perm(
    "notifications.view_notification", rules.predicate(viewing_predicate(can_view_notification))
)
rules.add_perm(
    "notifications.view_calendarevent",
    rules.predicate(viewing_predicate(can_view_calendar_event)),
)
rules.add_perm(
    "notifications.view_notificationpreference", rules.predicate(viewing_predicate(owns))
)
rules.add_perm("notifications.view_calendarfeed", rules.predicate(viewing_predicate(owns)))
