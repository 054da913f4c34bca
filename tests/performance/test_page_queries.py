"""The main pages of the interviewer (home, interview kit, scorecard), and the home page of
the hiring manager and of the admin, read the database a fixed number of times, whatever
the size of the organisation's history: no query per interview, per scorecard or per
candidate. The bounds are the counts measured when these pages were made lean
(docs/benchmarks.md, "Page server time"); a new query per row fails here."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secondround.hiring import actions as hiring
from tests.conftest import fill_scorecard, login

# (page, who): at most this many queries. Session, then user with member, come first.
MAX_QUERIES = {
    ("home", "ivy"): 6,
    ("home", "harry"): 8,
    ("home", "alice"): 11,
    ("interview_kit", "ivy"): 13,
    ("scorecard", "ivy"): 9,
}


def grow(cast, n=6):
    """n more candidates, each with a past round-1 interview for ivy and ian where ian has
    submitted and ivy owes her scorecard (overdue), a round-2 interview tomorrow, and as
    many waiting for a round-1 interview; a second job for the hiring manager."""
    start = timezone.now() - timedelta(days=2)
    for i in range(n):
        app = rated_in_round_one(cast, f"P{i}", start + timedelta(hours=i), [cast.ivy, cast.ian])
        later = timezone.now() + timedelta(days=1, hours=i)
        hiring.do_schedule_interview(
            cast.alice, app, cast.round2, starts_at=later,
            ends_at=later + timedelta(hours=1), interviewers=[cast.ivy, cast.ian],
        )  # fmt: skip
        waiting = hiring.do_add_candidate(cast.alice, name=f"W{i}", email=f"w{i}@example.com")
        hiring.do_apply(cast.alice, waiting, cast.job, stage="round_1")
    # More feedback on Dana too: ian's card on her round-1 interview.
    fill_scorecard(cast.ian, cast.dana_r1)


def rated_in_round_one(cast, name, starts_at, panel):
    """A new candidate at round 1 with a past round-1 interview by ``panel``, where ian has
    submitted his scorecard; returns the application."""
    person = hiring.do_add_candidate(cast.alice, name=name, email=f"{name.lower()}@example.com")
    app = hiring.do_apply(cast.alice, person, cast.job, stage="round_1")
    past = hiring.do_schedule_interview(
        cast.alice, app, cast.round1, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45), interviewers=panel,
    )  # fmt: skip
    fill_scorecard(cast.ian, past)
    return app


def count(client, url) -> int:
    client.get(url)  # first-use caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize(("page", "who"), sorted(MAX_QUERIES))
def test_the_main_pages_take_few_queries_whatever_the_history(client, cast, page, who):
    login(client, getattr(cast, who))
    args = [] if page == "home" else [cast.dana_r1.pk]
    url = reverse(page, args=args)
    small = count(client, url)
    grow(cast)
    large = count(client, url)
    assert large <= MAX_QUERIES[page, who], (page, who, large)
    assert large == small, (page, small, large)
