"""The dry run names each problem with its row and column, for both kinds of file."""

import pytest

from secondround.imports.actions import check_file
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, csv_bytes, messages, ratings_csv

pytestmark = pytest.mark.django_db


def ratings_errors(cast, rows):
    preview = check_file(cast.acme, "ratings", ratings_csv(rows))
    assert preview.rows == len(rows)
    return messages(preview)


def with_row(index, **changes):
    """GOOD_RATINGS with one row changed (column name -> value)."""
    columns = ("job", "candidate", "interviewer", "competency", "rating", "lo", "hi", "when")
    rows = [list(r) for r in GOOD_RATINGS]
    for name, value in changes.items():
        rows[index][columns.index(name)] = value
    return rows


def test_a_good_ratings_file_has_no_errors(cast):
    assert ratings_errors(cast, GOOD_RATINGS) == []


def test_rating_outside_the_scale(cast):
    assert ratings_errors(cast, with_row(1, rating=5)) == [
        (3, "rating", "Rating 5 is outside the scale 1..4.")
    ]


def test_rating_that_is_not_a_whole_number(cast):
    assert ratings_errors(cast, with_row(0, rating="3.5")) == [
        (2, "rating", "'3.5' is not a whole number.")
    ]


def test_bad_interviewer_email(cast):
    assert ratings_errors(cast, with_row(2, interviewer="zoe at acme")) == [
        (4, "interviewer", "'zoe at acme' is not a valid e-mail address.")
    ]


def test_unreadable_time_and_empty_cell(cast):
    errors = ratings_errors(cast, with_row(0, when="yesterday", competency=""))
    assert (2, "competency", "The competency is empty.") in errors
    assert (
        2,
        "interviewed_at",
        "'yesterday' is not an ISO 8601 time (e.g. 2026-03-02T10:00Z).",
    ) in errors


def test_duplicate_rating_names_the_first_row(cast):
    rows = [*GOOD_RATINGS, GOOD_RATINGS[0]]
    assert ratings_errors(cast, rows) == [
        (
            7,
            "",
            "Duplicate: ivy@acme-test.test already rates 'Dana Kim' on 'Problem solving' in row 2.",
        )
    ]


def test_candidate_under_two_jobs(cast):
    errors = ratings_errors(cast, with_row(4, job="Other job"))
    assert errors == [
        (
            6,
            "candidate",
            "The candidate 'Ravi Patel' appears under the job 'Data Engineer' in row 5 and under "
            "'Other job' here; a candidate id is unique across the file.",
        )
    ]


def test_scale_that_differs_from_the_existing_job(cast):
    rows = [r[:5] + (1, 5) + r[7:] for r in GOOD_RATINGS]
    assert ratings_errors(cast, rows) == [
        (
            2,
            "scale_max",
            "The job 'Data Engineer' rates on 1..4 in secondround; this file rates it on 1..5.",
        )
    ]


def test_interviewer_of_another_organisation(cast):
    errors = ratings_errors(cast, with_row(0, interviewer="oscar@globex.test"))
    assert errors == [
        (
            2,
            "interviewer",
            "oscar@globex.test has an account outside Acme Test; a person belongs to one "
            "organisation only.",
        )
    ]


def test_missing_column(cast):
    content = csv_bytes(["job", "candidate", "interviewer", "competency", "rating"], [])
    preview = check_file(cast.acme, "ratings", content)
    assert [(e.row, e.column) for e in preview.errors] == [
        (1, "scale_min"),
        (1, "scale_max"),
        (1, "interviewed_at"),
    ]
    assert preview.errors[0].message == "Missing column 'scale_min'."


@pytest.mark.parametrize("kind", ["ratings", "candidates"])
def test_empty_file_and_header_only(cast, kind):
    assert messages(check_file(cast.acme, kind, b"")) == [(0, "", "The file is empty.")]
    header = b"job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at\n"
    if kind == "candidates":
        header = b"name,email\n"
    assert messages(check_file(cast.acme, kind, header)) == [
        (0, "", "The file has a header but no rows.")
    ]


@pytest.mark.parametrize("kind", ["ratings", "candidates"])
def test_file_that_is_not_utf8(cast, kind):
    content = candidates_csv(
        [("Zoë Brandt", "zoe@example.com", "", "", "", "")],
    ).decode()
    latin1 = content.encode("latin-1")
    assert messages(check_file(cast.acme, kind, latin1)) == [
        (2, "", "The file is not UTF-8 (byte 0xeb). Save it as CSV UTF-8.")
    ]


def test_row_with_the_wrong_number_of_fields(cast):
    content = b"name,email,job\nRavi Patel,ravi@example.com\n"
    assert messages(check_file(cast.acme, "candidates", content)) == [
        (2, "", "This row has 2 fields; the header has 3.")
    ]


def test_candidates_file_errors(cast):
    rows = [
        ("Ravi Patel", "ravi@example.com", "", "careers_site", "Data Engineer", "round_1"),
        ("Mei Chen", "mei@", "", "", "Data Engineer", ""),
        ("Ola Nordmann", "ola@example.com", "", "billboard", "Astronaut", "hired"),
        ("Ravi Patel", "ravi@example.com", "", "", "Data Engineer", ""),
        ("Dana Kim", "dana@example.com", "", "", "Data Engineer", ""),
        ("R. Patel", "ravi@example.com", "", "", "", ""),
    ]
    errors = messages(check_file(cast.acme, "candidates", candidates_csv(rows)))
    sources = "careers_site, referral, job_board, agency, sourced, event, other"
    assert errors == [
        (3, "email", "'mei@' is not a valid e-mail address."),
        (4, "job", "Unknown job 'Astronaut': create it first, or fix its title."),
        (4, "source", f"Unknown source 'billboard'; use one of {sources}."),
        (4, "stage", "A candidate is hired only through an approved hire decision."),
        (5, "", "Duplicate: row 2 has the same candidate and job."),
        (6, "", "Duplicate: dana@example.com has already applied to 'Data Engineer'."),
        (7, "name", "Row 2 gives ravi@example.com the name 'Ravi Patel'; one person."),
    ]


def test_candidates_round_stage_needs_the_round(cast):
    cast.job.rounds.filter(number=2).delete()
    rows = [("Ravi Patel", "ravi@example.com", "", "", "Data Engineer", "round_2")]
    assert messages(check_file(cast.acme, "candidates", candidates_csv(rows))) == [
        (2, "stage", "The job 'Data Engineer' has no round 2.")
    ]


def test_candidate_cell_with_a_bad_email(cast):
    assert ratings_errors(cast, with_row(0, candidate="dana@")) == [
        (2, "candidate", "'dana@' is not a valid e-mail address.")
    ]
