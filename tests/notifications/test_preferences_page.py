"""A member chooses which e-mails they get; muted kinds are not even recorded."""

from datetime import timedelta

from django.urls import reverse

from secondround.audit.models import AuditEvent
from secondround.notifications.management.commands.send_due_notifications import send_due
from secondround.notifications.models import Notification
from tests.conftest import login


def test_muting_reminders_stops_them_for_that_member_only(client, cast, mailoutbox):
    login(client, cast.ivy)
    page = client.get(reverse("my_settings"))
    assert page.status_code == 200
    assert b"Reminders to write a scorecard" in page.content
    assert page.content.count(b'name="receive"') == 5
    assert page.content.count(b"checked") >= 5  # everything on by default

    keep = ["interviews", "approval_request", "decision_made", "concern_assigned"]
    response = client.post(reverse("save_preferences"), {"receive": keep})
    assert response.status_code == 302
    page = client.get(reverse("my_settings"))
    assert b'value="scorecard_reminder" id="id_receive_1">' in page.content  # unchecked now
    assert AuditEvent.objects.filter(action="notifications.preferences", actor=cast.ivy).exists()

    send_due(cast.dana_r1.ends_at + timedelta(hours=3))
    recipients = {m.to[0] for m in mailoutbox}
    assert cast.ian.email in recipients and cast.ivy.email not in recipients
    assert not Notification.objects.filter(recipient_email=cast.ivy.email).exists()


def test_an_unknown_choice_is_refused_on_its_field(client, cast):
    login(client, cast.ivy)
    response = client.post(reverse("save_preferences"), {"receive": ["everything"]})
    assert response.status_code == 422
    assert b"Select a valid choice" in response.content
