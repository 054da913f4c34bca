"""The interview kit offers its .ics: the member's version, in the member's time zone."""

from django.urls import reverse

from tests.conftest import login
from tests.notifications.conftest import parse_both


def test_the_kit_links_its_calendar_file_and_the_file_is_the_invitation(client, cast, dana_r2):
    cast.ivy.timezone = "America/New_York"
    cast.ivy.save()
    login(client, cast.ivy)
    kit = client.get(reverse("interview_kit", args=[dana_r2.pk]))
    ics_url = reverse("interview_ics", args=[dana_r2.pk])
    assert kit.status_code == 200 and ics_url.encode() in kit.content
    assert b"E-mails sent for this interview" not in kit.content  # admins only

    response = client.get(ics_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    card, cal = parse_both(response.content)
    assert card.vevent.uid.value == dana_r2.calendar_event.uid
    assert card.vevent.dtstart.value == dana_r2.starts_at
    assert "TZID:America/New_York" in response.content.decode()
    assert f"/interviews/{dana_r2.pk}/kit/" in card.vevent.description.value
