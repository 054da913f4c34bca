"""A commit matches jobs, competencies and candidates by name within the organisation and
interviewers by e-mail; candidates in a candidates file by e-mail. Unknown ones are created."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.hiring.models import Application, Candidate, Competency, Job, StageChange
from secondround.imports.actions import check_file, do_import_candidates, do_import_ratings
from secondround.imports.ratings_write import IMPORTED_ROUND, PLACEHOLDER_DOMAIN
from secondround.scorecards.models import Rating, Scorecard, ScorecardVersion
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, messages, ratings_csv

pytestmark = pytest.mark.django_db


def test_ratings_land_on_the_matched_records(cast):
    counts = do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    assert counts["ratings"] == 5 and counts["new_candidates"] == 1
    assert Job.objects.filter(organisation=cast.acme).count() == 1  # matched by title
    dana = Rating.objects.filter(scorecard__interview__application=cast.dana_app)
    assert sorted(
        dana.values_list("scorecard__author__display_name", "competency__name", "value")
    ) == [
        ("Ivy", "Problem solving", 3),
        ("Ivy", "System design", 4),
        ("zoe", "Problem solving", 2),
    ]
    # Problem solving is the cast's competency; System design is new, after the others.
    assert dana.get(competency__name="Problem solving", value=3).competency == cast.problem
    design = Competency.objects.get(job=cast.job, name="System design")
    assert design.position == 2 and design.anchors.count() == 4
    ravi = Candidate.objects.get(organisation=cast.acme, name="Ravi Patel")
    assert ravi.email.endswith("@" + PLACEHOLDER_DOMAIN)
    application = Application.objects.get(candidate=ravi, job=cast.job)
    assert application.stage == "applied"
    assert StageChange.objects.filter(application=application, to_stage="applied").exists()


def test_imported_scorecards_are_submitted_in_their_own_round(cast):
    do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    card = Scorecard.objects.get(
        interview__application=cast.dana_app, author=cast.ivy, interview__round__name=IMPORTED_ROUND
    )
    assert card.status == "submitted" and card.version == 1
    assert card.recommendation == "strong_yes"  # 3 and 4 on 1..4: mean at 5/6 of the scale
    assert card.interview.round.number == 3  # after the job's rounds 1 and 2
    assert card.interview.status == "completed" and card.interview.recorded_after
    assert list(card.interview.interviewers.all()) == [cast.ivy]
    version = ScorecardVersion.objects.get(scorecard=card)
    assert version.data["ratings"]["System design"]["value"] == 4


def test_a_candidate_cell_with_an_email_matches_by_email(cast):
    rows = [
        (
            "Data Engineer",
            "luis@example.com",
            "ivy@acme-test.test",
            "Problem solving",
            2,
            1,
            4,
            "2025-01-01",
        )
    ]
    preview = check_file(cast.acme, "ratings", ratings_csv(rows))
    assert preview.new_records["candidates"] == []
    do_import_ratings(cast.alice, cast.acme, ratings_csv(rows))
    assert Rating.objects.filter(scorecard__interview__application=cast.luis_app).count() == 1


def test_two_candidates_with_one_name_must_be_named_by_email(cast):
    from secondround.hiring.actions import do_add_candidate

    do_add_candidate(cast.alice, name="Dana Kim", email="dana.kim2@example.com")
    assert messages(check_file(cast.acme, "ratings", ratings_csv(GOOD_RATINGS[:1]))) == [
        (
            2,
            "candidate",
            "2 candidates are called 'Dana Kim': write their e-mail in the candidate column to "
            "say which one.",
        )
    ]


def test_importing_the_same_file_twice_is_refused_as_duplicate(cast):
    do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    errors = messages(check_file(cast.acme, "ratings", ratings_csv(GOOD_RATINGS)))
    assert len(errors) == 5
    assert errors[0] == (
        2,
        "",
        "Duplicate: secondround already holds this rating (imported before?).",
    )


def test_one_summary_audit_event_and_the_created_records_events(cast):
    do_import_ratings(cast.alice, cast.acme, ratings_csv(GOOD_RATINGS))
    summary = AuditEvent.objects.get(action="import.ratings")
    assert summary.actor == cast.alice
    assert summary.data["ratings"] == 5 and summary.data["new_interviewers"] == 1
    actions = set(AuditEvent.objects.filter(data__imported=True).values_list("action", flat=True))
    assert actions == {"member.added", "competency.saved", "candidate.added"}


def test_candidates_file_creates_candidates_and_applications(cast):
    rows = [
        (
            "Ravi Patel",
            "Ravi@Example.com",
            "+44 20 7946 0000",
            "referral",
            "Data Engineer",
            "round_2",
        ),
        ("Dana Kim", "dana@example.com", "", "", "", ""),  # known: matched, nothing new
    ]
    counts = do_import_candidates(cast.alice, cast.acme, candidates_csv(rows))
    assert counts == {"new_candidates": 1, "new_applications": 1}
    ravi = Candidate.objects.get(organisation=cast.acme, email="ravi@example.com")
    assert (ravi.name, ravi.phone, ravi.source) == ("Ravi Patel", "+44 20 7946 0000", "referral")
    application = Application.objects.get(candidate=ravi)
    assert application.stage == "round_2" and application.current_round == cast.round2
    event = AuditEvent.objects.get(action="candidate.added", target_id=ravi.pk)
    assert event.data == {"applications": [application.pk], "imported": True}  # no personal values
    assert Candidate.objects.filter(organisation=cast.acme, email="dana@example.com").count() == 1


def test_imported_times_are_stored_as_django_stores_them(cast):
    # An offset other than UTC, and lookups on the stored times (SQLite keeps them as text).
    rows = [
        (
            "Data Engineer",
            "Dana Kim",
            "ivy@acme-test.test",
            "Craft",
            2,
            1,
            4,
            "2025-05-01T12:00:00+02:00",
        )
    ]
    do_import_ratings(cast.alice, cast.acme, ratings_csv(rows))
    from datetime import UTC, datetime

    from secondround.hiring.models import Interview

    moment = datetime(2025, 5, 1, 10, tzinfo=UTC)
    interview = Interview.objects.get(recorded_after=True, starts_at=moment)
    assert Scorecard.objects.get(interview=interview).submitted_at == moment.replace(hour=11)
    assert (
        Interview.objects.filter(starts_at__lt=datetime(2025, 5, 1, 10, 30, tzinfo=UTC)).count()
        == 1
    )
