"""The hiring manager's pages on a candidate and on the finalists read the database a fixed
number of times, whatever the number of candidates, interviews and scorecards: no query per
finalist, per scorecard or per concern. The bounds are the counts measured when these pages
were made lean (issue #12); a new query per row, or one more read, fails here."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.performance.test_page_queries import count, grow, rated_in_round_one

# (page, who): at most this many queries. Session, then user with member, come first.
MAX_QUERIES = {
    ("application", "harry"): 19,
    ("compare", "harry"): 15,
    ("propose_decision", "harry"): 17,
}


def grow_more(cast, n=4):
    """n more finalists with a submitted round-1 scorecard each (after ``grow``, so that
    every kind of row is already on the page once: what grows now is only the rows)."""
    start = timezone.now() - timedelta(days=3)
    for i in range(n):
        rated_in_round_one(cast, f"Q{i}", start + timedelta(hours=i), [cast.ian])


def url_of(cast, page: str) -> str:
    if page == "compare":
        return reverse(page, args=[cast.job.pk])
    return reverse(page, args=[cast.dana_app.pk])


@pytest.mark.parametrize(("page", "who"), sorted(MAX_QUERIES))
def test_the_hiring_team_pages_take_few_queries_whatever_the_history(client, cast, page, who):
    login(client, getattr(cast, who))
    grow(cast)
    small = count(client, url_of(cast, page))
    grow_more(cast)
    large = count(client, url_of(cast, page))
    assert large <= MAX_QUERIES[page, who], (page, who, large)
    assert large == small, (page, small, large)


def test_the_comparison_toggle_reads_less_than_the_page(client, cast):
    """The htmx toggle swaps the chart section alone: it reads no concern, tally or decision
    (two queries fewer than the page), and no more as the finalists grow."""
    login(client, cast.harry)
    grow(cast)
    url = reverse("compare", args=[cast.job.pk]) + "?view=raw"
    page = count(client, url)
    client.defaults["HTTP_HX_REQUEST"] = "true"
    small = count(client, url)
    grow_more(cast)
    large = count(client, url)
    assert large == small <= page - 2, (page, small, large)
    assert large <= 13, large
