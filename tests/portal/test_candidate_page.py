"""What the candidate reads for an upcoming round: its purpose in plain words, whom they will
meet, what is assessed, and the schedule in their own time zone with an .ics file."""

import vobject

from secondround.hiring.models import Candidate
from secondround.portal import actions
from secondround.portal.presenters import OBJECTIVE_FOR_CANDIDATE


def test_round_purpose_people_and_what_is_assessed(client, cast, portal):
    actions.do_save_intro(cast.ivy, "I run the data platform.")
    response = client.get(portal.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Round 2" in html
    # Round 2's objectives are "concerns" and "culture": both, as sentences to the candidate.
    assert OBJECTIVE_FOR_CANDIDATE["culture"] in html
    assert "go deeper into a few topics" in html
    assert "Ivy</strong>, Staff Engineer" in html
    assert "I run the data platform." in html
    assert "Ian</strong>, Engineering Manager" in html
    assert "Problem solving" in html and "Collaboration" in html
    assert "Room 3" in html


def test_schedule_is_in_the_candidates_time_zone(client, cast, portal):
    Candidate.objects.filter(pk=cast.dana.pk).update(timezone="Asia/Tokyo")
    response = client.get(portal.url)
    local = portal.r2.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert response.status_code == 200
    assert local.strftime("%H:%M") in response.content.decode()
    assert "Asia/Tokyo" in response.content.decode()


def test_past_rounds_are_not_listed_as_upcoming(client, cast, portal):
    response = client.get(portal.url)
    assert response.status_code == 200
    assert "Round 1" not in response.content.decode()  # Dana's round 1 is in the past


def test_ics_download(client, cast, portal):
    response = client.get(f"{portal.url}interviews/{portal.r2.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    event = vobject.readOne(response.content.decode()).vevent
    assert event.dtstart.value == portal.r2.starts_at
    assert "Ivy (Staff Engineer)" in event.description.value
    body = response.content.decode()
    assert "@acme-test.test" not in body  # no member's e-mail address


def test_ics_of_another_candidates_interview_is_not_found(client, cast, portal):
    response = client.get(f"{portal.url}interviews/{cast.luis_r1.pk}.ics")
    assert response.status_code == 404


def test_values_page_is_linked_from_rounds_that_assess_values(client, cast, portal):
    response = client.get(portal.url)
    assert "How we work" not in response.content.decode()  # no values page written yet
    actions.do_save_values(cast.alice, "We say what we think, kindly.")
    response = client.get(portal.url)
    assert response.status_code == 200
    assert f'href="{portal.url}values/"' in response.content.decode()  # Collaboration: values
    page = client.get(f"{portal.url}values/")
    assert page.status_code == 200
    assert "We say what we think, kindly." in page.content.decode()
