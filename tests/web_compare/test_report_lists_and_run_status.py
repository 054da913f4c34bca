"""The calibration report in plain words: the candidates rated by a single interviewer, the
scorecards edited after their author had read colleagues' feedback, the technical terms kept
in tooltips, and the run-status line that follows a recalibration until it ends."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.models import InputsStamp
from secondround.scorecards.actions import (
    RatingInput,
    do_edit_submitted,
    do_record_feedback_view,
)
from tests.conftest import fill_scorecard
from tests.web_compare.conftest import login


def report(client, member):
    response = login(client, member).get("/calibration/")
    assert response.status_code == 200
    return response.content.decode()


def section(body, heading_id):
    return body.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_candidates_rated_by_a_single_interviewer_are_named(loop, snapshot, client):
    fill_scorecard(loop.ivy, loop.dana_r1)
    fill_scorecard(loop.ivy, loop.luis_r1)
    fill_scorecard(loop.ian, loop.luis_r1)
    single = section(report(client, loop.alice), "single-h")
    assert "Dana Kim" in single and "rated by Ivy only" in single
    assert "Luis Ortega" not in single and "Mei Chen" not in single  # two, and none


def test_scorecards_edited_after_reading_colleagues_feedback_are_listed(loop, snapshot, client):
    card = fill_scorecard(loop.ivy, loop.dana_r1, value=3)
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    luis_card = fill_scorecard(loop.ian, loop.luis_r1, value=2)
    # Ian edits Luis's card without having read anyone's feedback on Luis: not listed.
    ratings = [RatingInput(c.pk, 3, "Better on reflection") for c in (loop.problem, loop.collab)]
    do_edit_submitted(loop.ian, luis_card, "Typo in a rating", ratings, "yes")
    edited = section(report(client, loop.alice), "edited-h")
    assert "No scorecard was edited after its author had read colleagues" in edited
    do_record_feedback_view(loop.ivy, loop.dana_app)
    do_edit_submitted(loop.ivy, card, "Read Ian's notes and agree", ratings, "yes")
    edited = section(report(client, loop.alice), "edited-h")
    assert '<th scope="row">Ivy</th>' in edited and "Dana Kim" in edited
    assert "Read Ian&#x27;s notes and agree" in edited and "Typo in a rating" not in edited


def test_jargon_is_replaced_with_plain_words_and_kept_in_a_tooltip(loop, snapshot, client):
    body = report(client, loop.alice)
    visible = re.sub(r'title="[^"]*"', "", body)
    assert "Linked to the team" not in visible and "Shrout" not in visible
    assert "ICC forms" not in visible
    assert "Met candidates the team also met" in visible
    assert "Agreement between interviewers" in visible
    assert re.search(
        r'<abbr class="term" title="Technical term: Shrout &amp; Fleiss \(1979\)', body
    )
    assert re.search(r'<abbr class="term" title="Technical term: connected', body)


def test_the_run_status_polls_while_out_of_date_and_reloads_when_the_run_ends(loop, client):
    fill_scorecard(loop.ivy, loop.dana_r1)
    fill_scorecard(loop.ian, loop.dana_r1)
    do_refresh_calibration(loop.acme.pk)
    assert 'id="run-status"' not in report(client, loop.alice)  # current: nothing to follow
    fill_scorecard(loop.ivy, loop.luis_r1)  # the inputs change; the run has not ended yet
    body = report(client, loop.alice)
    assert 'hx-get="/calibration/status/"' in body and 'hx-trigger="every 3s"' in body
    assert "A calibration run is under way" in body
    running = client.get("/calibration/status/", HTTP_HX_REQUEST="true")
    assert running.status_code == 200 and "HX-Refresh" not in running
    assert 'hx-trigger="every 3s"' in running.content.decode()
    snapshot = do_refresh_calibration(loop.acme.pk)
    done = client.get("/calibration/status/", HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Refresh"] == "true"
    assert f"showing run #{snapshot.pk}" in done.content.decode()
    assert 'id="run-status"' not in report(client, loop.alice)


@pytest.mark.parametrize("who", ["ivy", "harry", "vera"])
def test_the_run_status_is_for_admins_and_recruiters_only(loop, client, who):
    response = login(client, getattr(loop, who)).get("/calibration/status/")
    assert response.status_code == 403


def test_polling_never_queues_a_run_of_its_own(loop, client, monkeypatch):
    queued = []
    monkeypatch.setattr("secondround.calibration.state.queue_refresh", queued.append)
    fill_scorecard(loop.ivy, loop.dana_r1)  # inputs, and no snapshot yet
    body = report(client, loop.alice)
    assert queued == [loop.acme.pk] and 'id="run-status"' in body  # the page queues one
    for _ in range(3):
        polled = client.get("/calibration/status/", HTTP_HX_REQUEST="true")
        assert polled.status_code == 200 and "HX-Refresh" not in polled
    assert queued == [loop.acme.pk]


def test_a_run_still_missing_minutes_after_the_last_change_points_at_the_worker(loop, client):
    fill_scorecard(loop.ivy, loop.dana_r1)
    do_refresh_calibration(loop.acme.pk)
    fill_scorecard(loop.ivy, loop.luis_r1)  # out of date; no worker takes the run
    polled = login(client, loop.alice).get("/calibration/status/", HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and 'hx-trigger="every 3s"' in polled.content.decode()

    InputsStamp.objects.filter(organisation=loop.acme).update(
        changed_at=timezone.now() - timedelta(minutes=3)
    )
    polled = client.get("/calibration/status/", HTTP_HX_REQUEST="true")
    body = polled.content.decode()
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    assert "may not be running" in body and "db_worker" in body
    assert 'hx-trigger="every 30s"' in body and "every 3s" not in body
    assert "may not be running" in report(client, loop.alice)

    do_refresh_calibration(loop.acme.pk)  # the worker is back
    done = client.get("/calibration/status/", HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and done["HX-Refresh"] == "true"
