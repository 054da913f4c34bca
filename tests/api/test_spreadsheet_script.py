"""examples/spreadsheet_to_decision.py, run as its own process against a live server: with
the members in place, a spreadsheet row becomes a candidate, an application, an interview
and a proposed decision, through the API only; a second run changes nothing."""

import subprocess
import sys
from pathlib import Path

import pytest

from secondround.accounts.actions import do_create_api_token
from secondround.decisions.models import Decision
from secondround.hiring.models import Application, Candidate, Interview

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "spreadsheet_to_decision.py"

HEADER = "name,email,job,interview_at,interviewers,outcome,summary,approvers"
ROW = ",".join(
    [
        "Eve Adams",
        "Eve@Example.com",
        "Data Engineer",
        "2026-11-19T10:00:00+00:00",
        "ivy@acme-test.test;ian@acme-test.test",
        "hire",
        "Strong SQL and a calm debugger",
        "vera@acme-test.test;victor@acme-test.test",
    ]
)
SHEET = f"{HEADER}\n{ROW}\n"


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def run_script(url, token, sheet):
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(sheet), "--url", url, "--token", token],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_spreadsheet_row_to_a_decision(transactional_db, live_server, cast, sheet):
    _, token = do_create_api_token(None, cast.alice, "spreadsheet")
    done = run_script(live_server.url, token, sheet)
    assert done.returncode == 0, done.stderr
    assert "Eve Adams: decision" in done.stdout

    eve = Candidate.objects.get(email="eve@example.com")
    application = Application.objects.get(candidate=eve, job=cast.job)
    interview = Interview.objects.get(application=application)
    assert set(interview.interviewers.values_list("display_name", flat=True)) == {"Ivy", "Ian"}
    assert interview.recorded_after  # a past interview, recorded from the sheet
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.status) == ("hire", "pending")
    assert decision.summary == "Strong SQL and a calm debugger"
    assert [s.approver.display_name for s in decision.steps.order_by("order")] == [
        "Vera",
        "Victor",
    ]
    application.refresh_from_db()
    assert application.stage == "decision"

    again = run_script(live_server.url, token, sheet)
    assert again.returncode == 0, again.stderr
    assert Candidate.objects.filter(email="eve@example.com").count() == 1
    assert Interview.objects.filter(application=application).count() == 1
    assert Decision.objects.filter(application=application).count() == 1


def test_unknown_member_stops_before_any_write(transactional_db, live_server, cast, sheet):
    sheet.write_text(SHEET.replace("vera@acme-test.test", "nobody@acme-test.test"))
    _, token = do_create_api_token(None, cast.alice, "spreadsheet")
    done = run_script(live_server.url, token, sheet)
    assert done.returncode != 0
    assert "nobody@acme-test.test" in done.stderr
    assert not Candidate.objects.filter(email="eve@example.com").exists()
