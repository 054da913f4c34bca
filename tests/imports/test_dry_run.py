"""The dry run reads and writes nothing, and lists every record a commit would create."""

import pytest

from secondround.imports.actions import check_file
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, ratings_csv, table_counts

pytestmark = pytest.mark.django_db


def test_ratings_dry_run_lists_what_it_would_create_and_writes_nothing(cast):
    before = table_counts()
    preview = check_file(cast.acme, "ratings", ratings_csv(GOOD_RATINGS))
    assert table_counts() == before
    assert preview.ok
    assert preview.new_records == {
        "jobs": [],
        "competencies": ["Data Engineer: System design"],
        "candidates": ["Ravi Patel"],
        "interviewers": ["zoe@acme-test.test"],
    }
    assert preview.counts == {
        "ratings": 5,
        "interviews": 4,
        "applications": 2,
        "new_applications": 1,
    }
    assert preview.sample[0] == [
        "Data Engineer",
        "Dana Kim",
        "ivy@acme-test.test",
        "Problem solving",
        "3",
        "1",
        "4",
        "2025-05-01T10:00:00Z",
    ]


def test_a_new_job_is_listed_with_its_scale(cast):
    rows = [("Robotics Lead", "Ana", "ivy@acme-test.test", "Craft", 5, 1, 7, "2025-01-01")]
    preview = check_file(cast.acme, "ratings", ratings_csv(rows))
    assert preview.new_records["jobs"] == ["Robotics Lead (scale 1..7)"]
    assert preview.new_records["competencies"] == ["Robotics Lead: Craft"]


def test_candidates_dry_run_writes_nothing(cast):
    before = table_counts()
    rows = [("Ravi Patel", "ravi@example.com", "+44 20 7946 0000", "referral", "Data Engineer", "")]
    preview = check_file(cast.acme, "candidates", candidates_csv(rows))
    assert table_counts() == before
    assert preview.new_records == {"candidates": ["Ravi Patel <ravi@example.com>"]}
    assert preview.counts == {"new_candidates": 1, "new_applications": 1}
