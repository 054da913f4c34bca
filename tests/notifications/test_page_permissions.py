"""Who may open the pages of this area, table-driven over every role of the cast.

404 where the member may not see the interview or application at all (nothing leaks), 403
where they see it but may not do this."""

import pytest
from django.urls import reverse

from tests.conftest import login

ROLES = ["alice", "harry", "ivy", "ian", "nora", "vera", "victor", "oscar"]

PAGES = {
    # the kit's calendar file: the interview's panel and the hiring team
    "interview_ics": {"alice": 200, "harry": 200, "ivy": 200, "ian": 200},
    # the delivery log: admins only (it lists every recipient's address)
    "delivery_log": {"alice": 200, "harry": 403, "ivy": 403, "ian": 403},
    # a round-2 day: those who schedule (admins, recruiters, the job's hiring manager)
    "schedule_round_day": {"alice": 200, "harry": 200, "ivy": 403, "ian": 403},
    # one's own settings: every member
    "my_settings": dict.fromkeys(ROLES, 200),
}


def url_for(name, cast, interview):
    if name == "schedule_round_day":
        return reverse(name, args=[cast.dana_app.pk])
    if name == "my_settings":
        return reverse(name)
    return reverse(name, args=[interview.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(client, cast, dana_r2, name, role):
    login(client, getattr(cast, role))
    response = client.get(url_for(name, cast, dana_r2))
    assert response.status_code == PAGES[name].get(role, 404)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_signed_out_visitors_are_sent_to_sign_in(client, cast, dana_r2, name):
    response = client.get(url_for(name, cast, dana_r2))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_notification_log_rows_are_visible_to_admins_and_their_recipient(cast, dana_r2):
    from secondround.notifications.models import Notification

    row = Notification.objects.get(interview=dana_r2, recipient_email=cast.ivy.email)
    seen_by = {
        role
        for role in ROLES
        if Notification.objects.visible_to(getattr(cast, role)).filter(pk=row.pk).exists()
    }
    assert seen_by == {"alice", "ivy"}
