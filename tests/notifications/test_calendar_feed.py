"""A member's personal calendar feed at a secret URL: shown once, stored as a hash, reset at
will (the old URL stops working at once), or switched off."""

import re

import vobject
from django.urls import reverse

from secondround.notifications.models import CalendarFeed
from tests.conftest import login


def create_feed(client) -> str:
    response = client.post(reverse("reset_calendar_feed"))
    assert response.status_code == 200
    return re.search(rb'value="http://127\.0\.0\.1:8000(/calendar/[^"]+\.ics)"', response.content)[
        1
    ].decode()


def test_the_feed_lists_the_members_interviews_at_a_secret_url(client, cast, dana_r2):
    login(client, cast.ivy)
    path = create_feed(client)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(member=cast.ivy)
    assert feed.token_hash == CalendarFeed.hash_token(token) and token not in feed.token_hash
    assert token.encode() not in client.get(reverse("my_settings")).content  # shown once

    client.logout()  # a calendar program has no session: the secret is the credential
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    assert "method" not in calendar.contents  # a feed publishes, it does not invite
    uids = {event.uid.value for event in calendar.vevent_list}
    assert dana_r2.calendar_event.uid in uids
    assert len(uids) == 3  # her two round-1 interviews last week, and dana's round 2
    assert cast.ian.email in response.content.decode()  # fellow attendees, as in the invite


def test_resetting_the_feed_retires_the_old_url(client, cast, dana_r2):
    login(client, cast.ivy)
    old = create_feed(client)
    new = create_feed(client)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

    response = client.post(reverse("reset_calendar_feed"), {"remove": "1"})
    assert response.status_code == 302
    assert client.get(new).status_code == 404
    assert not CalendarFeed.objects.filter(member=cast.ivy).exists()


def test_a_made_up_feed_url_is_not_found(client, cast):
    assert client.get(reverse("calendar_feed", args=["not-a-real-secret"])).status_code == 404
