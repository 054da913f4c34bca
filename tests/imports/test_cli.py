"""`secondround import candidates|ratings FILE --org SLUG [--commit]`: a dry run by default,
progress bars and counts on stderr, per-row errors and exit code 1 on a bad file."""

import pytest

from secondround.cli import main
from secondround.hiring.models import Candidate
from secondround.scorecards.models import Rating
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, ratings_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_cli(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SECONDROUND_DATA_DIR", str(tmp_path))  # main() pins it; keep it here

    def run(*args, content: bytes):
        path = tmp_path / "file.csv"
        path.write_bytes(content)
        code = main(["import", args[0], str(path), *args[1:]])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_dry_run_shows_the_bar_and_the_counts_and_writes_nothing(cast, run_cli):
    code, out, err = run_cli("ratings", "--org", "acme-test", content=ratings_csv(GOOD_RATINGS))
    assert code == 0
    assert "checking: 100%" in err and "5/5" in err  # the tqdm bar, on stderr
    assert "5 rows, no errors." in out
    assert "  ratings: 5" in out and "  interviews: 4" in out
    assert "Would create 1 interviewers:\n  zoe@acme-test.test" in out
    assert "Dry run: nothing was written." in out
    assert Rating.objects.count() == 0


def test_commit_writes_and_reports_what_it_imported(cast, run_cli):
    code, out, err = run_cli(
        "ratings", "--org", "acme-test", "--commit", content=ratings_csv(GOOD_RATINGS)
    )
    assert code == 0
    assert "writing: 100%" in err
    assert "Imported: 5 ratings, 4 scorecards, 4 interviews" in out
    assert Rating.objects.count() == 5


def test_errors_go_to_stderr_one_per_row_with_exit_code_1(cast, run_cli):
    rows = [
        ("Ravi Patel", "ravi@", "", "", "Data Engineer", ""),
        ("Mei Chen", "mei@example.com", "", "", "Astronaut", ""),
    ]
    code, out, err = run_cli(
        "candidates", "--org", "acme-test", "--commit", content=candidates_csv(rows)
    )
    assert code == 1
    assert "row 2, column email: 'ravi@' is not a valid e-mail address." in err
    assert "row 3, column job: Unknown job 'Astronaut'" in err
    assert "2 error(s): nothing was imported." in err
    assert not Candidate.objects.filter(email="mei@example.com").exists()


def test_candidates_commit(cast, run_cli):
    rows = [("Ravi Patel", "ravi@example.com", "", "referral", "Data Engineer", "")]
    code, out, _ = run_cli(
        "candidates", "--org", "acme-test", "--commit", content=candidates_csv(rows)
    )
    assert code == 0
    assert "Imported: 1 new candidates, 1 new applications" in out
    assert Candidate.objects.filter(email="ravi@example.com").exists()


def test_unknown_organisation_is_a_usage_error(cast, run_cli):
    code, _, err = run_cli("ratings", "--org", "nope", content=ratings_csv(GOOD_RATINGS))
    assert code == 2 and "no organisation 'nope'" in err
