"""The named cast of test users, and a small hiring loop they work on.

Acme (the main organisation):
  alice   admin + recruiter
  harry   hiring manager (of the job)
  ivy     interviewer, on round 1 and round 2 panels
  ian     interviewer, on round 1 and round 2 panels
  nora    interviewer who sits on no panel
  vera    approver (first in the chain)
  victor  approver (second)
Globex (another organisation):
  oscar   admin of Globex, who must never see anything of Acme's.
"""

from datetime import UTC, datetime, timedelta

import pytest

from secondround.accounts.actions import do_add_member, do_create_organisation
from secondround.hiring import actions as hiring

ANCHORS = {1: "Weak", 2: "Mixed", 3: "Good", 4: "Excellent"}


class Cast:
    """Attribute access to the cast and the loop they share."""


def add_member(org, name, *roles, title=""):
    """A member called ``name`` (capitalised), e-mail ``name@<org slug>.test``, password pw."""
    return do_add_member(
        None,
        org,
        email=f"{name}@{org.slug}.test",
        display_name=name.capitalize(),
        roles=set(roles),
        title=title,
        password="pw",
    )


def login(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def cast(db):
    c = Cast()
    c.acme = do_create_organisation("Acme Test", "acme-test")
    c.globex = do_create_organisation("Globex", "globex")

    add = add_member

    c.alice = add(c.acme, "alice", "admin", "recruiter")
    c.harry = add(c.acme, "harry", "hiring_manager")
    c.ivy = add(c.acme, "ivy", "interviewer", title="Staff Engineer")
    c.ian = add(c.acme, "ian", "interviewer", title="Engineering Manager")
    c.nora = add(c.acme, "nora", "interviewer")
    c.vera = add(c.acme, "vera", "approver")
    c.victor = add(c.acme, "victor", "approver")
    c.oscar = add(c.globex, "oscar", "admin", "recruiter")

    c.job = hiring.do_create_job(c.alice, title="Data Engineer", hiring_manager=c.harry)
    anchors = ANCHORS
    c.problem = hiring.do_save_competency(c.alice, c.job, name="Problem solving", anchors=anchors)
    c.collab = hiring.do_save_competency(
        c.alice, c.job, name="Collaboration", kind="values", anchors=anchors
    )
    c.round1 = hiring.do_save_round(
        c.alice,
        c.job,
        number=1,
        name="Round 1",
        objectives=[],
        focus=[c.problem, c.collab],
        panel=[c.ivy, c.ian],
    )
    c.round2 = hiring.do_save_round(
        c.alice,
        c.job,
        number=2,
        name="Round 2",
        objectives=["concerns", "culture"],
        focus=[c.problem, c.collab],
        panel=[c.ivy, c.ian],
    )
    c.dana = hiring.do_add_candidate(c.alice, name="Dana Kim", email="dana@example.com")
    c.luis = hiring.do_add_candidate(c.alice, name="Luis Ortega", email="luis@example.com")
    c.dana_app = hiring.do_apply(c.alice, c.dana, c.job, stage="round_1")
    c.luis_app = hiring.do_apply(c.alice, c.luis, c.job, stage="round_1")
    start = datetime(2026, 11, 20, 10, tzinfo=UTC)
    c.dana_r1 = hiring.do_schedule_interview(
        c.alice,
        c.dana_app,
        c.round1,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[c.ivy, c.ian],
    )
    c.luis_r1 = hiring.do_schedule_interview(
        c.alice,
        c.luis_app,
        c.round1,
        starts_at=start + timedelta(hours=2),
        ends_at=start + timedelta(hours=3),
        interviewers=[c.ivy, c.ian],
    )
    return c


def fill_scorecard(member, interview, value=3, recommendation="yes", submit=True):
    """Write (and by default submit) a complete scorecard with evidence on every rating."""
    from secondround.scorecards.actions import RatingInput, do_save_draft, do_submit_scorecard

    ratings = [
        RatingInput(c.pk, value, f"{member} saw {c.name} at {value}")
        for c in interview.round.focus_competencies.all()
    ]
    card = do_save_draft(member, interview, ratings, recommendation=recommendation)
    if not submit:
        return card
    interview_has_started(interview)
    return do_submit_scorecard(member, interview)


def interview_has_started(interview):
    """A scorecard is submitted only once its interview has started: move a future interview's
    start just into the past, as time passing would (its length kept)."""
    from django.utils import timezone

    now = timezone.now()
    if interview.starts_at > now:
        length = interview.ends_at - interview.starts_at
        interview.starts_at = now - timedelta(minutes=1)
        interview.ends_at = interview.starts_at + length
        interview.save(update_fields=["starts_at", "ends_at"])
    return interview


@pytest.fixture(scope="session", autouse=True)
def _release_test_database(django_db_setup, django_db_blocker):
    """On PostgreSQL, end any session a server thread still holds on the test database (a
    browser's keep-alive connection can outlive the live server), so that it can be dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
