"""The candidate list: one row per application, the candidate's name linking to it, visible
filters by job and stage, sorting, a count per stage, and a bounded number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secondround.hiring.actions import do_add_candidate, do_apply, do_create_job, do_set_stage
from secondround.hiring.models import Application
from tests.conftest import fill_scorecard, login


def listing(client, member, **params):
    response = login(client, member).get(reverse("candidates"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def crowd(cast):
    """Dana and Luis in round 1 of Data Engineer; Zoe applied to Office Manager."""
    cast.office = do_create_job(cast.alice, title="Office Manager")
    cast.zoe = do_add_candidate(cast.alice, name="Zoe Adler", email="zoe@example.com")
    cast.zoe_app = do_apply(cast.alice, cast.zoe, cast.office)
    return cast


def test_the_candidate_s_name_links_to_the_application(client, crowd):
    html = listing(client, crowd.alice)
    dana = reverse("application", args=[crowd.dana_app.pk])
    assert f'<a href="{dana}" class="candidate-name">Dana Kim</a>' in html
    assert reverse("candidate", args=[crowd.dana.pk]) in html  # and her profile


def test_the_filters_are_controls_on_the_page(client, crowd):
    html = listing(client, crowd.alice)
    assert '<select name="job" id="filter-job">' in html
    assert f'<option value="{crowd.office.pk}">Office Manager</option>' in html
    assert '<select name="stage" id="filter-stage">' in html
    assert '<option value="round_1">Round 1</option>' in html
    assert '<select name="sort" id="filter-sort">' in html


def test_filtering_by_stage_and_job(client, crowd):
    html = listing(client, crowd.alice, stage="applied")
    assert "Zoe Adler" in html and "Dana Kim" not in html
    assert '<option value="applied" selected>' in html
    html = listing(client, crowd.alice, job=crowd.job.pk, stage="round_1")
    assert "Dana Kim" in html and "Luis Ortega" in html and "Zoe Adler" not in html
    html = listing(client, crowd.alice, job=crowd.office.pk, stage="round_1")
    assert "No application you can see matches these filters." in html


def test_the_stage_summary_counts_each_stage_within_the_job_and_search(client, crowd):
    html = listing(client, crowd.alice)
    assert "3 applications" in html
    assert ">Applied (1)</a>" in html and ">Round 1 (2)</a>" in html
    html = listing(client, crowd.alice, job=crowd.job.pk, stage="round_1")
    assert "2 applications" in html and "Applied (" not in html
    assert f'href="?job={crowd.job.pk}&amp;stage=round_1" aria-current="true"' in html


def rows(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def test_sorting_by_name_stage_and_last_activity(client, crowd):
    names = ["Dana Kim", "Luis Ortega", "Zoe Adler"]
    assert rows(listing(client, crowd.alice, sort="name"), names) == names
    do_set_stage(crowd.alice, crowd.luis_app, "finalist")
    by_stage = rows(listing(client, crowd.alice, sort="stage"), names)
    assert by_stage == ["Luis Ortega", "Dana Kim", "Zoe Adler"]  # furthest along first
    # Dana's scorecard, submitted now, is the latest activity of all.
    Application.objects.update(created_at=timezone.now() - timedelta(days=30))
    fill_scorecard(crowd.ivy, crowd.dana_r1)
    assert rows(listing(client, crowd.alice, sort="activity"), names)[0] == "Dana Kim"


def test_an_interviewer_sees_only_their_candidates_and_jobs(client, crowd):
    html = listing(client, crowd.ivy)
    assert "Dana Kim" in html and "Zoe Adler" not in html
    assert "Office Manager" not in html  # not even in the job filter


def test_a_stale_filter_value_shows_everything_instead_of_failing(client, crowd):
    html = listing(client, crowd.alice, job="999999", stage="nonsense", sort="bogus")
    assert "Dana Kim" in html and "Zoe Adler" in html


def queries_for(client, member) -> int:
    login(client, member)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("candidates"), {"sort": "activity"})
    assert response.status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_candidates(client, crowd):
    few = queries_for(client, crowd.alice)
    for n in range(20):
        person = do_add_candidate(crowd.alice, name=f"Extra {n}", email=f"x{n}@example.com")
        do_apply(crowd.alice, person, crowd.job if n % 2 else crowd.office, stage="round_1")
    do_add_candidate(crowd.alice, name="No Application", email="none@example.com")
    many = queries_for(client, crowd.alice)
    assert many == few
    assert many <= 12
