"""The pipeline of a job: candidates by stage with counts, filter and search, per-row status."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from secondround.concerns.actions import do_raise_concern
from secondround.hiring import actions as hiring
from tests.conftest import fill_scorecard, login


def test_groups_counts_and_row_status(client, cast, round3):
    fill_scorecard(cast.ivy, cast.dana_r1)
    do_raise_concern(cast.ivy, cast.dana_app, type="other", title="Notice period")
    priya = hiring.do_add_candidate(cast.alice, name="Priya Shah", email="p@example.com")
    hiring.do_apply(cast.alice, priya, cast.job)
    start = timezone.now() + timedelta(days=2)
    hiring.do_schedule_interview(
        cast.alice,
        cast.luis_app,
        cast.round1,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.nora],
    )
    response = login(client, cast.harry).get(reverse("pipeline", args=[cast.job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Applied (1)" in html and "Round 1 (2)" in html and "Round 3 (leadership) (0)" in html
    assert "Not hired (0)" in html and "All (3)" in html
    assert "1 of 2 scorecards in" in html and "1 open concern" in html
    assert "Advance to Round 1" in html  # Priya, applied
    assert "Add candidate" in html


def test_filter_by_stage_and_search(client, cast):
    hiring.do_reject_application(cast.alice, cast.luis_app, reason="skills")
    login(client, cast.alice)
    url = reverse("pipeline", args=[cast.job.pk])
    page = client.get(url, {"stage": "rejected"})
    html = page.content.decode()
    assert page.status_code == 200 and "Luis Ortega" in html and "Dana Kim" not in html
    assert "Skills do not match the role" in html  # why he left
    page = client.get(url, {"q": "dana@"})
    html = page.content.decode()
    assert page.status_code == 200 and "Dana Kim" in html and "Luis Ortega" not in html
    page = client.get(url, {"q": "nobody"})
    assert page.status_code == 200 and "No candidate matches." in page.content.decode()


def test_the_pipeline_is_linked_from_the_jobs_list_and_job_pages(client, cast):
    login(client, cast.harry)
    url = reverse("pipeline", args=[cast.job.pk])
    for page in ("jobs", "job_setup", "application"):
        args = {"jobs": [], "job_setup": [cast.job.pk], "application": [cast.dana_app.pk]}[page]
        response = client.get(reverse(page, args=args))
        assert response.status_code == 200 and url in response.content.decode(), page


def test_the_pipeline_costs_the_same_queries_whatever_its_size(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, cast.harry)
    url = reverse("pipeline", args=[cast.job.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    start = timezone.now() + timedelta(days=1)
    for i in range(6):
        person = hiring.do_add_candidate(cast.alice, name=f"P{i}", email=f"p{i}@example.com")
        app = hiring.do_apply(cast.alice, person, cast.job, stage="round_1")
        hiring.do_schedule_interview(
            cast.alice, app, cast.round1, starts_at=start, ends_at=start + timedelta(hours=1),
            interviewers=[cast.ivy, cast.ian],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200 and "Round 1 (8)" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
