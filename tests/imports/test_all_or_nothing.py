"""A commit writes the whole file or nothing: a file with errors changes nothing, and neither
does a failure half-way through the writes (the database refusing a rating after the
members, jobs, candidates, interviews and scorecards went in)."""

import pytest
from django.db import connection

from secondround.errors import ActionError
from secondround.imports.actions import ImportRefused, do_import_candidates, do_import_ratings
from secondround.scorecards.models import Rating
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, ratings_csv, table_counts

TABLE = Rating._meta.db_table
# A real refusal from the database, not a mock: a trigger that aborts the insert of any
# rating of 4 (GOOD_RATINGS holds one, in its second row).
SQLITE_TRIGGER = (
    f"CREATE TRIGGER refuse_fours BEFORE INSERT ON {TABLE} WHEN NEW.value = 4 "
    "BEGIN SELECT RAISE(ABORT, 'no fours today'); END;"
)
POSTGRES_TRIGGER = f"""
CREATE FUNCTION refuse_fours() RETURNS trigger AS $$
BEGIN
    IF NEW.value = 4 THEN RAISE EXCEPTION 'no fours today'; END IF;
    RETURN NEW;
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER refuse_fours BEFORE INSERT ON {TABLE} FOR EACH ROW EXECUTE FUNCTION refuse_fours();
"""
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS refuse_fours;"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS refuse_fours ON {TABLE};",
        "DROP FUNCTION IF EXISTS refuse_fours();",
    ],
}


@pytest.fixture
def refusing_database():
    create = SQLITE_TRIGGER if connection.vendor == "sqlite" else POSTGRES_TRIGGER
    with connection.cursor() as cursor:
        cursor.execute(create)
    yield
    with connection.cursor() as cursor:
        for sql in DROP[connection.vendor]:
            cursor.execute(sql)


@pytest.mark.django_db(transaction=True)
def test_a_failure_half_way_through_changes_nothing(cast, refusing_database):
    # transaction=True: the import's own transaction is the outermost one, as in production.
    before = table_counts()
    with pytest.raises(Exception, match="no fours today"):
        do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    assert table_counts() == before


@pytest.mark.django_db(transaction=True)
def test_a_ratings_file_with_one_bad_row_changes_nothing(cast):
    before = table_counts()
    rows = [
        *GOOD_RATINGS,
        ("Data Engineer", "Mo", "ivy@acme-test.test", "Craft", 9, 1, 4, "2025-06-01"),
    ]
    with pytest.raises(ImportRefused) as refused:
        do_import_ratings(cast.alice, cast.acme, ratings_csv(rows))
    assert [(e.row, e.column) for e in refused.value.errors] == [(7, "rating")]
    assert table_counts() == before


@pytest.mark.django_db(transaction=True)
def test_a_candidates_file_with_one_bad_row_changes_nothing(cast):
    before = table_counts()
    rows = [
        ("Ravi Patel", "ravi@example.com", "", "", "Data Engineer", ""),
        ("Mei Chen", "mei@example.com", "", "", "Astronaut", ""),
    ]
    with pytest.raises(ActionError, match="1 error"):
        do_import_candidates(cast.alice, cast.acme, candidates_csv(rows))
    assert table_counts() == before
