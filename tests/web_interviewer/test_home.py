import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from secondround.decisions.actions import do_propose_decision
from secondround.hiring import actions as hiring
from secondround.hiring.models import Interview
from tests.conftest import fill_scorecard


def move_round_1_into_the_past(cast, days=5):
    """The cast's round 1 is on a fixed date; put it firmly in the past whatever today is."""
    start = timezone.now() - timedelta(days=days)
    Interview.objects.filter(round=cast.round1).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )


def test_home_lists_today_due_and_past_in_the_members_zone(cast, today_interview, as_member):
    move_round_1_into_the_past(cast)
    fill_scorecard(cast.ivy, cast.luis_r1)  # Luis's round 1 is done: not due any more
    html = as_member(cast.ivy).get(reverse("home")).content.decode()
    today = html.split('id="today-heading"')[1].split("</section>")[0]
    assert "Dana Kim" in today and "Round 2" in today
    assert reverse("interview_kit", args=[today_interview.pk]) in today
    assert "clear up concerns, how they work with the team" in today  # the round in brief
    local = timezone.localtime(today_interview.starts_at, today_interview_zone(cast))
    assert local.strftime("%H:%M") in today
    assert cast.ivy.timezone in html
    due = html.split('id="due-heading"')[1].split("</section>")[0]
    assert "Dana Kim" in due and "Luis Ortega" not in due
    assert re.search(r"Interview ended \d+\xa0\w+ ago: more than a day", due)  # said in words
    assert "Overdue" in due
    assert reverse("scorecard", args=[cast.dana_r1.pk]) in due
    past = html.split('id="past-heading"')[1].split("</section>")[0]
    assert "Luis Ortega" in past and "Scorecard submitted" in past


def today_interview_zone(cast):
    from zoneinfo import ZoneInfo

    return ZoneInfo(cast.ivy.timezone)


def test_recently_ended_interview_is_due_not_overdue_and_draft_says_continue(cast, as_member):
    move_round_1_into_the_past(cast)
    start = timezone.now() - timedelta(hours=3)
    recent = hiring.do_schedule_interview(
        cast.alice,
        cast.luis_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.ian],
    )
    fill_scorecard(cast.ian, recent, submit=False)
    html = as_member(cast.ian).get(reverse("home")).content.decode()
    due = html.split('id="due-heading"')[1].split("</section>")[0]
    row = next(li for li in due.split("<li") if "Luis Ortega" in li and "Round 2" in li)
    assert "Continue draft" in row and "Overdue" not in row and "ended 2" in row


def test_home_empty_states_are_plain_words(cast, as_member):
    response = as_member(cast.nora).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No interviews today." in html
    assert "You are all caught up" in html
    assert "Waiting for your approval" not in html  # nora is no approver


def test_approvals_show_only_for_the_approver_whose_turn_it_is(cast, as_member):
    fill_scorecard(cast.ivy, cast.dana_r1)
    decision = do_propose_decision(
        cast.harry,
        cast.dana_app,
        outcome="hire",
        summary="Strong loop",
        rationale={},
        approvers=[cast.vera, cast.victor],
        incomplete_reason="Ian writes his up this afternoon.",
    )
    vera_html = as_member(cast.vera).get(reverse("home")).content.decode()
    assert f'href="/decisions/{decision.pk}/"' in vera_html
    approvals = vera_html.split('id="approvals-heading"')[1].split("</section>")[0]
    assert "Dana Kim" in approvals and "Hire" in approvals
    victor_html = as_member(cast.victor).get(reverse("home")).content.decode()
    assert f"/decisions/{decision.pk}/" not in victor_html
    assert "No decision is waiting for you." in victor_html


def test_home_query_count_does_not_grow_with_interviews(
    cast, as_member, django_assert_max_num_queries
):
    now = timezone.now()
    for day in range(-15, 15):
        start = now + timedelta(days=day, hours=1)
        interview = hiring.do_schedule_interview(
            cast.alice,
            cast.dana_app if day % 2 else cast.luis_app,
            cast.round2,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            interviewers=[cast.ivy],
        )
        if day % 3 == 0 and day < 0:
            fill_scorecard(cast.ivy, interview, submit=day % 2 == 0)
    client = as_member(cast.ivy)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.content.decode().count("Open kit") >= 20


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
