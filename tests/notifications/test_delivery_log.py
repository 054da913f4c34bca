"""An admin sees every e-mail recorded for an interview: what, to whom, which version, and
whether it was sent; linked from the kit and the application page."""

from django.urls import reverse

from secondround.notifications.models import Notification, Status
from tests.conftest import login
from tests.notifications.conftest import reschedule


def test_the_admin_sees_each_recipient_and_version(client, cast, dana_r2, commit):
    later = dana_r2.starts_at.replace(hour=14)
    commit(reschedule, cast.alice, dana_r2, starts_at=later, ends_at=later.replace(hour=15))
    Notification.objects.filter(recipient_email="dana@example.com", version="1").update(
        status=Status.FAILED, last_error="SMTPRecipientsRefused"
    )
    login(client, cast.alice)
    kit = client.get(reverse("interview_kit", args=[dana_r2.pk]))
    log_url = reverse("delivery_log", args=[dana_r2.pk])
    assert kit.status_code == 200 and log_url.encode() in kit.content
    application = client.get(reverse("application", args=[cast.dana_app.pk]))
    assert application.status_code == 200 and log_url.encode() in application.content

    page = client.get(log_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr>") == 1 + 6  # header, then 3 invitations and 3 changes
    assert html.count("Interview invitation<") == 3 and html.count("Interview change<") == 3
    assert "dana@example.com</td>" not in html and "(candidate)" in html
    assert cast.ivy.email in html and cast.ian.email in html
    assert "SMTPRecipientsRefused" in html and html.count("<td>Sent") == 5
    assert "sent once more" in html  # the crash-resend note


def test_an_interviewer_is_refused_the_log(client, cast, dana_r2):
    login(client, cast.ivy)
    assert client.get(reverse("delivery_log", args=[dana_r2.pk])).status_code == 403
