"""Advance to the next round in one step: the stage moves, open concerns go to the next
panel and show in their kit, round-1 evidence shows to the round-2 panel, and jobs may have
more than two rounds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from secondround.concerns.actions import do_raise_concern
from secondround.errors import ActionError
from secondround.hiring import actions as hiring
from secondround.hiring.models import Stage
from tests.conftest import fill_scorecard, login


def _round1_concern(cast):
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    return do_raise_concern(
        cast.ivy,
        cast.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        probe="Walk me through a pipeline that broke.",
        scorecard=card,
    )


def test_advance_moves_to_round_2_and_hands_open_concerns_to_its_panel(cast):
    concern = _round1_concern(cast)
    result = hiring.do_advance_application(cast.harry, cast.dana_app)
    cast.dana_app.refresh_from_db()
    assert (cast.dana_app.stage, cast.dana_app.current_round) == (Stage.ROUND_2, cast.round2)
    assert result.round == cast.round2 and result.carried == [concern]
    concern.refresh_from_db()
    # Fresh eyes: the raiser (ivy) does not probe her own concern when another can.
    assert concern.owner == cast.ian
    change = cast.dana_app.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.moved_by) == (
        "round_1",
        "round_2",
        cast.harry,
    )


def test_the_concern_shows_in_the_round_2_kit_with_round_1_evidence(client, cast):
    _round1_concern(cast)
    hiring.do_advance_application(cast.harry, cast.dana_app)
    start = timezone.now() + timedelta(days=2)
    # Scheduled with nora only, who is not on the round's panel: the concern follows her.
    r2 = hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.nora],
    )
    response = login(client, cast.nora).get(reverse("interview_kit", args=[r2.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    mine = html.split("Concerns for you to probe", 1)
    assert len(mine) == 2 and "Depth in streaming pipelines" in mine[1]
    assert "Walk me through a pipeline that broke." in html
    # Round-1 evidence: nora owes her scorecard, so it stays blind until she submits.
    assert "appears after you submit" in html
    fill_scorecard(cast.nora, r2)
    html = client.get(reverse("application", args=[cast.dana_app.pk])).content.decode()
    assert "Ivy · Round 1" in html and "Ian · Round 1" in html


def test_more_than_two_rounds_then_finalist(cast, round3):
    app = cast.luis_app
    assert hiring.do_advance_application(cast.alice, app).round == cast.round2
    third = hiring.do_advance_application(cast.alice, app)
    app.refresh_from_db()
    assert third.round == round3
    assert (app.stage, app.current_round, app.stage_label) == (
        Stage.ROUND_LATER,
        round3,
        "Round 3 (leadership)",
    )
    last = hiring.do_advance_application(cast.alice, app)
    app.refresh_from_db()
    assert last.round is None and app.stage == Stage.FINALIST
    with pytest.raises(ActionError):
        hiring.do_advance_application(cast.alice, app)  # a finalist does not advance
    assert [c.to_stage for c in app.stage_changes.all()] == [
        "round_1",
        "round_2",
        "round_later",
        "finalist",
    ]


def test_a_rejected_candidate_does_not_advance(cast):
    hiring.do_reject_application(cast.alice, cast.luis_app, reason="skills")
    with pytest.raises(ActionError):
        hiring.do_advance_application(cast.alice, cast.luis_app)


def test_advance_from_the_pipeline_offers_to_schedule_at_once(client, cast):
    login(client, cast.harry)
    pipeline = reverse("pipeline", args=[cast.job.pk])
    page = client.get(pipeline)
    assert page.status_code == 200 and "Advance to Round 2" in page.content.decode()
    response = client.post(reverse("advance", args=[cast.luis_app.pk]), {"next": pipeline})
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("interview_new", args=[cast.luis_app.pk]) + f"?round={cast.round2.pk}"
    )
    form = client.get(response["Location"])
    assert form.status_code == 200
    html = form.content.decode()
    assert "Luis Ortega moved to Round 2" in html and "Schedule Round 2" in html
    cast.luis_app.refresh_from_db()
    assert cast.luis_app.stage == Stage.ROUND_2
