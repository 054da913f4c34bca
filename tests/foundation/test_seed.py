"""The demo organisation: what DESIGN.md promises, seeded once, never in production."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from secondround.accounts.models import Invitation, Organisation
from secondround.calibration.models import CalibrationSnapshot
from secondround.concerns.models import Concern
from secondround.decisions.models import Decision, DecisionStatus, Verdict
from secondround.demo.content import DEMO_ACCOUNTS
from secondround.demo.seed import seed_demo
from secondround.hiring.models import Candidate, Interview, Job, Question
from secondround.scorecards.models import Rating, Scorecard

pytestmark = pytest.mark.django_db

REQUIRED_ACCOUNTS = {
    "admin@demo.test": {"admin", "recruiter"},
    "hm@demo.test": {"hiring_manager"},
    "ana@demo.test": {"interviewer"},
    "ben@demo.test": {"interviewer"},
    "chen@demo.test": {"interviewer"},
    "vp@demo.test": {"approver"},
}


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_seeding_builds_the_demo_and_a_second_run_adds_nothing():
    org, created = seed_demo(verbosity=0)
    assert created and org.name == "Acme Robotics"
    before = row_counts()
    again, created_again = seed_demo(verbosity=0)
    assert again == org and not created_again
    assert row_counts() == before

    members = {m.email: m for m in org.members.select_related("user")}
    for email, roles in REQUIRED_ACCOUNTS.items():
        assert members[email].roles == roles
    assert {email for email, _ in DEMO_ACCOUNTS} == set(REQUIRED_ACCOUNTS)

    assert Job.objects.filter(organisation=org).count() >= 4
    # The Team page has a pending invitation to show (and the invitee no account yet).
    pending = Invitation.objects.pending().get(organisation=org)
    assert pending.email == "noor@demo.test" and pending.invited_by == members["admin@demo.test"]
    assert "noor@demo.test" not in members
    assert Candidate.objects.filter(organisation=org).count() >= 25
    submitted = Rating.objects.filter(scorecard__status="submitted")
    assert submitted.count() >= 300
    assert not submitted.filter(evidence="").exists()
    assert Question.objects.filter(organisation=org).values("topic").distinct().count() >= 15

    # Harsh Ben and lenient Chen differ visibly, as the calibration page should explain.
    def mean(email):
        theirs = submitted.filter(scorecard__author__user__email=email)
        values = list(theirs.values_list("value", flat=True))
        return sum(values) / len(values)

    assert mean("chen@demo.test") - mean("ben@demo.test") > 0.8

    # One job in round 1, three finalists in round 2, one awaiting approval, one decided.
    data = Job.objects.get(title="Senior Data Engineer")
    finalists = set(
        data.applications.filter(stage="finalist").values_list("candidate__name", flat=True)
    )
    assert finalists == {"Dana Kim", "Luis Ortega", "Mei Chen"}
    pending = Decision.objects.get(
        status=DecisionStatus.PENDING, application__candidate__name="Sofia Alvarez"
    )
    assert [s.verdict for s in pending.steps.all()] == [Verdict.WAITING, Verdict.WAITING]
    assert pending.missing_scorecards == [] and pending.incomplete_reason == ""
    decided = Decision.objects.get(status=DecisionStatus.APPROVED)
    assert decided.steps.order_by("-order").first().verdict == Verdict.APPROVED
    # Decided on its second version: Valerie's rejection stopped the first, which stays.
    assert decided.version == 2 and decided.previous.status == DecisionStatus.REJECTED
    assert [s.approver.email for s in decided.previous.dissent] == ["vp@demo.test"]

    # A pending decision proposed with a scorecard missing, and the reason on its record.
    incomplete = Decision.objects.get(
        status=DecisionStatus.PENDING, application__candidate__name="Felix Braun"
    )
    assert [seat["name"] for seat in incomplete.missing_scorecards] == ["Raj Singh"]
    assert incomplete.incomplete_reason.startswith("Raj is on leave")
    # A request for more evidence: the decision is sent back, and Hannah owns the concern.
    sent_back = Decision.objects.get(status=DecisionStatus.MORE_EVIDENCE)
    request = sent_back.steps.get(verdict=Verdict.MORE_EVIDENCE)
    assert request.evidence_kind == "reference"
    assert request.evidence_concern.owner.email == "hm@demo.test"
    assert request.evidence_concern.application == sent_back.application
    # A concern that nobody owns yet.
    assert Concern.objects.open().filter(owner__isnull=True).exists()

    # Ana owns Dana's open blocking concern and meets Dana in round 2 later, unsubmitted.
    blocking = Concern.objects.blocking_open().get(application__candidate__name="Dana Kim")
    assert blocking.application.candidate.name == "Dana Kim"
    assert blocking.owner.email == "ana@demo.test"
    upcoming = Interview.objects.get(
        application=blocking.application, round__number=2, interviewers=blocking.owner
    )
    assert upcoming.starts_at > timezone.now()
    assert not upcoming.scorecards.exists()
    assert Concern.objects.exclude(status="open").exists()

    # Work is due: a past interview without Ana's scorecard, and a draft of Ben's.
    assert Scorecard.objects.filter(author__user__email="ben@demo.test", status="draft").exists()
    past_for_ana = Interview.objects.filter(
        interviewers__user__email="ana@demo.test", starts_at__lt=timezone.now()
    )
    assert past_for_ana.exclude(scorecards__author__user__email="ana@demo.test").exists()
    assert CalibrationSnapshot.objects.filter(organisation=org).exists()


def test_the_demo_accounts_sign_in_with_password_demo(client):
    seed_demo(verbosity=0)
    for email in REQUIRED_ACCOUNTS:
        response = client.post("/accounts/login/", {"username": email, "password": "demo"})
        assert response.status_code == 302, email
        assert response["Location"] == "/"
        client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "ana@demo.test", "password": "nope"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_production_settings_refuse_to_seed(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="Refusing to seed"):
        call_command("seed_demo")
    assert not Organisation.objects.filter(slug="acme-robotics").exists()
