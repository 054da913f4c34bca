"""The demo shows each state that issue 14 asks for: a pending decision with a missing
scorecard, a request for more evidence, an unassigned concern, a home page for each role, and
the daily-use features (competency library, one spelling per topic, internal notes)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from secondround.concerns.models import Concern, ConcernStatus
from secondround.decisions.models import ApprovalStep, Decision, DecisionStatus
from secondround.demo.seed import seed_demo
from secondround.hiring.library import LibraryCompetency
from secondround.hiring.models import Application, Question
from secondround.hiring.notes import InternalNote
from secondround.hiring.topics import topic_key
from secondround.scorecards.models import Scorecard, ScorecardStatus


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeded once for the module, in a transaction rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        org, _ = seed_demo(verbosity=0)
        yield org
        transaction.set_rollback(True)


def sign_in(client, email):
    client.force_login(get_user_model().objects.get(email=email))
    return client


def test_a_pending_decision_with_a_scorecard_missing(db, demo):
    pending = Decision.objects.filter(
        application__job__organisation=demo, status=DecisionStatus.PENDING
    ).exclude(incomplete_reason="")
    assert pending.exists()
    decision = pending.first()
    panel = decision.application.interviews.values_list("interviewers", flat=True)
    submitted = Scorecard.objects.filter(
        interview__application=decision.application, status=ScorecardStatus.SUBMITTED
    ).values_list("author_id", flat=True)
    assert set(panel) - set(submitted), "someone on the panel has not submitted"


def test_a_request_for_more_evidence_that_became_a_concern(db, demo):
    step = ApprovalStep.objects.get(
        decision__application__job__organisation=demo, verdict="more_evidence"
    )
    concern = Concern.objects.get(application=step.decision.application, type="evidence_request")
    assert concern.status == ConcernStatus.OPEN


def test_an_open_concern_nobody_owns(db, demo):
    assert Concern.objects.filter(
        application__job__organisation=demo, owner__isnull=True, status=ConcernStatus.OPEN
    ).exists()


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("admin@demo.test", "Keeping hiring moving"),
        ("hm@demo.test", "For your jobs"),
        ("vp@demo.test", "Waiting for your approval"),
        ("ana@demo.test", "Scorecards to write"),
    ],
)
def test_each_role_has_a_home_that_shows_what_needs_them(client, db, demo, email, heading):
    response = sign_in(client, email).get(reverse("home"))
    assert response.status_code == 200 and heading in response.content.decode()


def test_the_library_holds_the_jobs_competencies_once_each(db, demo):
    names = set(LibraryCompetency.objects.filter(organisation=demo).values_list("name", flat=True))
    assert {"Collaboration", "Ownership", "System design", "Coding"} <= names
    assert "Systems design" not in names  # one entry per topic
    values = LibraryCompetency.objects.filter(organisation=demo, kind="values")
    assert set(values.values_list("name", flat=True)) == {"Collaboration", "Ownership"}
    assert all(len(e.anchors) == 4 for e in LibraryCompetency.objects.filter(organisation=demo))


def test_the_question_bank_has_one_spelling_per_topic(db, demo):
    topics = set(Question.objects.filter(organisation=demo).values_list("topic", flat=True))
    assert len({topic_key(t) for t in topics}) == len(topics)
    assert "System design" in topics and "Systems design" not in topics


def test_luis_has_internal_notes_that_his_interviewer_does_not_see(client, db, demo):
    luis = Application.objects.get(job__organisation=demo, candidate__name="Luis Ortega")
    assert InternalNote.objects.filter(application=luis).count() == 2
    url = reverse("application", args=[luis.pk])
    hm_page = sign_in(client, "hm@demo.test").get(url)
    assert hm_page.status_code == 200 and "notice period is two months" in hm_page.content.decode()
    chen_page = sign_in(client, "chen@demo.test").get(url)
    assert chen_page.status_code == 200
    assert "notice period is two months" not in chen_page.content.decode()
