"""The per-organisation change stamp: write functions move it, a calibration run records
it, and pages judge freshness by it without reading the organisation's ratings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.stamp import inputs_version
from secondround.hiring.actions import do_save_competency
from secondround.scorecards.actions import RatingInput, do_edit_submitted, do_save_draft
from tests.conftest import ANCHORS, fill_scorecard

STALE = "Ratings changed since this run"


def edit(member, card, value, reason):
    ratings = [
        RatingInput(c.pk, value, f"{member} saw {c.name} at {value}")
        for c in card.interview.round.focus_competencies.all()
    ]
    return do_edit_submitted(member, card, reason, ratings, "yes")


def report(client, member):
    client.force_login(member.user)
    response = client.get(reverse("calibration_report"))
    assert response.status_code == 200
    return response.content.decode()


def test_submit_and_edit_move_the_stamp_drafts_do_not(cast):
    assert inputs_version(cast.acme.pk) == 0
    do_save_draft(cast.ivy, cast.dana_r1, [RatingInput(cast.problem.pk, 3, "")])
    assert inputs_version(cast.acme.pk) == 0
    card = fill_scorecard(cast.ivy, cast.dana_r1)
    assert inputs_version(cast.acme.pk) == 1
    edit(cast.ivy, card, 2, "Misread my notes")
    assert inputs_version(cast.acme.pk) == 2
    assert inputs_version(cast.globex.pk) == 0  # per organisation


def test_renaming_a_rated_competency_moves_the_stamp(cast):
    fill_scorecard(cast.ivy, cast.dana_r1)
    before = inputs_version(cast.acme.pk)
    do_save_competency(
        cast.alice, cast.job, name="Problem solving", anchors=ANCHORS, competency=cast.problem
    )
    assert inputs_version(cast.acme.pk) == before  # unchanged name
    do_save_competency(
        cast.alice, cast.job, name="Analysis", anchors=ANCHORS, competency=cast.problem
    )
    assert inputs_version(cast.acme.pk) == before + 1


def test_a_page_is_stale_exactly_while_the_stamp_moved_since_the_run(cast, client):
    card = fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    fill_scorecard(cast.ian, cast.dana_r1, value=3)
    first = do_refresh_calibration(cast.acme.pk)
    assert first.inputs_version == inputs_version(cast.acme.pk)
    assert STALE not in report(client, cast.alice)

    edit(cast.ivy, card, 4, "Second thoughts")
    assert STALE in report(client, cast.alice)
    second = do_refresh_calibration(cast.acme.pk)
    assert second != first and STALE not in report(client, cast.alice)

    # Undoing the edit brings back the first run's inputs: that run is current again.
    edit(cast.ivy, card, 3, "Back to my first view")
    assert STALE in report(client, cast.alice)
    assert do_refresh_calibration(cast.acme.pk) == first
    page = report(client, cast.alice)
    assert STALE not in page and f"run #{first.pk}" in page


def test_pages_do_not_read_ratings_to_judge_freshness(cast, client):
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    do_refresh_calibration(cast.acme.pk)
    client.force_login(cast.alice.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("calibration_report")).status_code == 200
    assert not [q for q in queries if "scorecards_rating" in q["sql"]]


def test_pages_read_one_jobs_candidates_not_the_whole_snapshot(cast, client):
    for interview in (cast.dana_r1, cast.luis_r1):
        fill_scorecard(cast.ivy, interview)
        fill_scorecard(cast.ian, interview, value=2)
    snapshot = do_refresh_calibration(cast.acme.pk)
    assert snapshot.job_parts.get(job_id=cast.job.pk).candidates
    client.force_login(cast.alice.user)
    for url in (reverse("calibration_report"), reverse("compare", args=[cast.job.pk])):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "Dana" in response.content.decode() or url.endswith("/calibration/")
        whole = [q for q in queries if 'calibrationsnapshot"."result"' in q["sql"]]
        assert not whole, url


def test_upgrade_stamps_organisations_that_already_had_ratings(cast):
    import importlib

    from django.apps import apps

    from secondround.calibration.models import InputsStamp

    migration = importlib.import_module(
        "secondround.calibration.migrations.0004_stamp_existing_ratings"
    )
    fill_scorecard(cast.ivy, cast.dana_r1)
    InputsStamp.objects.all().delete()  # as before the stamp existed
    migration.stamp_existing(apps, None)
    assert inputs_version(cast.acme.pk) == 1
    assert inputs_version(cast.globex.pk) == 0


def test_moving_a_rated_interview_moves_the_stamp(cast):
    from datetime import timedelta

    from secondround.hiring.actions import do_reschedule_interview

    do_reschedule_interview(
        cast.alice,
        cast.luis_r1,
        starts_at=cast.luis_r1.starts_at + timedelta(days=1),
        ends_at=cast.luis_r1.ends_at + timedelta(days=1),
    )
    assert inputs_version(cast.acme.pk) == 0  # nobody had rated it
    fill_scorecard(cast.ivy, cast.dana_r1)
    before = inputs_version(cast.acme.pk)
    do_reschedule_interview(
        cast.alice,
        cast.dana_r1,
        starts_at=cast.dana_r1.starts_at - timedelta(days=1),
        ends_at=cast.dana_r1.ends_at - timedelta(days=1),
    )
    assert inputs_version(cast.acme.pk) == before + 1
