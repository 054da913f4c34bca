"""The candidate list and the application page: blind feedback, notes, concerns, queries."""

import pytest

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.hiring.models import Candidate
from secondround.scorecards.actions import RatingInput, do_edit_submitted
from secondround.scorecards.models import FeedbackView
from tests.conftest import fill_scorecard
from tests.web_compare.conftest import login

BLIND = "Your colleagues&#x27; feedback appears after you submit yours"


def page(client, member, app):
    response = login(client, member).get(f"/applications/{app.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_candidate_list_searches_by_name_and_links_applications(loop, client):
    login(client, loop.harry)
    body = client.get("/candidates/", {"q": "dan"}).content.decode()
    assert "Dana Kim" in body and "Luis Ortega" not in body
    assert f"/applications/{loop.dana_app.pk}/" in body and "Round 2" in body


def test_candidate_list_shows_only_visible_candidates(loop, client):
    hiring_other = Candidate.objects.create(
        organisation=loop.acme, name="Zed Nobody", email="zed@example.com"
    )
    body = login(client, loop.nora).get("/candidates/").content.decode()
    assert "Dana Kim" not in body and hiring_other.name not in body
    body = login(client, loop.ivy).get("/candidates/").content.decode()
    assert "Dana Kim" in body and "Zed Nobody" not in body
    assert "Zed Nobody" in login(client, loop.alice).get("/candidates/").content.decode()


def test_candidate_list_filters_by_job(loop, client):
    from secondround.hiring.actions import do_add_candidate, do_apply, do_create_job

    other_job = do_create_job(loop.alice, title="Office Manager")
    zoe = do_add_candidate(loop.alice, name="Zoe Other", email="zoe@example.com")
    do_apply(loop.alice, zoe, other_job)
    login(client, loop.alice)
    body = client.get("/candidates/", {"job": other_job.pk}).content.decode()
    assert "Zoe Other" in body and "Dana Kim" not in body
    body = client.get("/candidates/", {"job": loop.job.pk}).content.decode()
    assert "Dana Kim" in body and "Zoe Other" not in body


def test_candidate_list_queries_are_bounded(loop, client, django_assert_max_num_queries):
    login(client, loop.alice)
    with django_assert_max_num_queries(10):
        client.get("/candidates/")


def test_panel_member_who_has_not_submitted_is_blind(loop, client):
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    body = page(client, loop.ivy, loop.dana_app)
    assert BLIND in body
    assert "Ian saw Problem solving at 2" not in body
    # The colleague's status is shown, never the card.
    assert "Scorecard submitted" in body
    assert not FeedbackView.objects.filter(member=loop.ivy).exists()


def test_after_submitting_colleagues_cards_appear_and_the_view_is_recorded(loop, client):
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    fill_scorecard(loop.ivy, loop.dana_r1, value=3)
    body = page(client, loop.ivy, loop.dana_app)
    assert BLIND not in body
    assert "Ian saw Problem solving at 2" in body
    assert FeedbackView.objects.filter(member=loop.ivy, application=loop.dana_app).exists()


def test_hiring_manager_sees_every_submitted_card_and_notes(loop, client):
    Candidate.objects.filter(pk=loop.dana.pk).update(notes="Salary expectations above band")
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    fill_scorecard(loop.ivy, loop.dana_r1, value=3)
    body = page(client, loop.harry, loop.dana_app)
    assert "Ian saw Problem solving at 2" in body and "Ivy saw Problem solving at 3" in body
    assert BLIND not in body
    assert "Salary expectations above band" in body


def test_hiring_manager_on_the_panel_is_told_he_is_blind(loop, client):
    loop.dana_r1.interviewers.add(loop.harry)
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    body = page(client, loop.harry, loop.dana_app)
    assert BLIND in body and "Ian saw Problem solving at 2" not in body
    fill_scorecard(loop.harry, loop.dana_r1, value=3)
    body = page(client, loop.harry, loop.dana_app)
    assert BLIND not in body and "Ian saw Problem solving at 2" in body


def test_internal_notes_are_hidden_from_interviewers(loop, client):
    Candidate.objects.filter(pk=loop.dana.pk).update(notes="Salary expectations above band")
    body = page(client, loop.ivy, loop.dana_app)
    assert "Salary expectations" not in body and "Internal notes" not in body


def test_edit_after_seeing_feedback_is_flagged(loop, client):
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    card = fill_scorecard(loop.ivy, loop.dana_r1, value=3)
    page(client, loop.ivy, loop.dana_app)  # Ivy reads Ian's card
    ratings = [RatingInput(c.pk, 2, "changed my mind") for c in (loop.problem, loop.collab)]
    do_edit_submitted(loop.ivy, card, "Re-read my notes", ratings, "no")
    body = page(client, loop.harry, loop.dana_app)
    assert body.count("Edited after seeing colleagues") == 1
    assert "version 2" in body


def test_concern_ledger_shows_status_owner_and_evidence(loop, client):
    blocking = do_raise_concern(
        loop.ian,
        loop.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        blocking=True,
        owner=loop.ivy,
    )
    closed = do_raise_concern(loop.ian, loop.dana_app, type="motivation", title="Why leave now")
    do_resolve_concern(loop.harry, closed, "resolved", "Team was dissolved; clear story.")
    body = page(client, loop.ivy, loop.dana_app)
    assert "1 blocking concern open" in body
    assert "Depth in streaming pipelines" in body and "Ivy owns it" in body
    assert "Resolved" in body and "Team was dissolved; clear story." in body
    assert "Raised by Ian" in body
    assert blocking.is_open


def test_round_over_round_table_uses_visible_cards(loop, client):
    from datetime import timedelta

    from secondround.hiring.actions import do_schedule_interview

    r2 = do_schedule_interview(
        loop.alice,
        loop.dana_app,
        loop.round2,
        starts_at=loop.dana_r1.starts_at + timedelta(days=3),
        ends_at=loop.dana_r1.ends_at + timedelta(days=3),
        interviewers=[loop.ivy, loop.ian],
    )
    fill_scorecard(loop.ivy, loop.dana_r1, value=2)
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    fill_scorecard(loop.ivy, r2, value=4)
    fill_scorecard(loop.ian, r2, value=3)
    body = page(client, loop.harry, loop.dana_app)
    assert "Round 2 contradicted round 1 (2.0 → 3.5)" in body


def test_other_organisation_gets_404(loop, client):
    response = login(client, loop.oscar).get(f"/applications/{loop.dana_app.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["alice", "harry", "ivy"])
def test_application_page_queries_are_bounded(loop, client, who, django_assert_max_num_queries):
    for member, interview in ((loop.ian, loop.dana_r1), (loop.ivy, loop.dana_r1)):
        fill_scorecard(member, interview)
    do_raise_concern(loop.ian, loop.dana_app, type="skill_gap", title="Depth", blocking=True)
    login(client, getattr(loop, who))
    client.get(f"/applications/{loop.dana_app.pk}/")  # first view records FeedbackView
    with django_assert_max_num_queries(25):
        assert client.get(f"/applications/{loop.dana_app.pk}/").status_code == 200
