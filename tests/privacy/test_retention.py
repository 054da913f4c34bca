"""The retention policy, off by default, is applied by the periodic job: an old inactive
candidate is anonymised, a recent one is not, and a second run the same day does nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.actions import do_add_candidate, do_apply
from secondround.hiring.models import Application, Candidate, StageChange
from secondround.privacy.actions import do_save_retention_policy
from secondround.privacy.models import Erasure, ErasureReason, RetentionPolicy
from secondround.privacy.retention import months_before


def age(candidate, days):
    """Move every trace of the candidate's activity ``days`` into the past."""
    then = timezone.now() - timedelta(days=days)
    Candidate.objects.filter(pk=candidate.pk).update(created_at=then)
    Application.objects.filter(candidate=candidate).update(created_at=then)
    StageChange.objects.filter(application__candidate=candidate).update(moved_at=then)


@pytest.fixture
def old_and_recent(cast):
    old = do_add_candidate(cast.alice, name="Olga Old", email="olga@example.com")
    do_apply(cast.alice, old, cast.job)
    age(old, 800)
    recent = do_add_candidate(cast.alice, name="Rita Recent", email="rita@example.com")
    do_apply(cast.alice, recent, cast.job)
    age(recent, 200)
    return old, recent


def test_nothing_is_anonymised_without_a_policy(old_and_recent):
    call_command("send_due_notifications", verbosity=0)
    assert not Erasure.objects.exists()
    assert not RetentionPolicy.objects.exists()


def test_the_periodic_job_anonymises_only_inactive_candidates(cast, old_and_recent):
    old, recent = old_and_recent
    do_save_retention_policy(cast.alice, enabled=True, months=12)
    call_command("send_due_notifications", verbosity=0)

    assert Candidate.objects.get(pk=old.pk).name == f"Anonymised candidate {old.pk}"
    assert Erasure.objects.get(candidate=old).reason == ErasureReason.RETENTION
    assert Candidate.objects.get(pk=recent.pk).name == "Rita Recent"
    assert not Erasure.objects.filter(candidate=recent).exists()
    # Dana and Luis, with interviews this month, stay.
    assert Candidate.objects.filter(name__in=["Dana Kim", "Luis Ortega"]).count() == 2
    applied = AuditEvent.objects.get(action="retention.applied")
    assert applied.data == {"anonymised": [old.pk]} and applied.actor is None
    erased = AuditEvent.objects.get(action="candidate.erased")
    assert erased.data["reason"] == "retention" and erased.target_id == old.pk

    call_command("send_due_notifications", verbosity=0)  # the same day: not run again
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1


def test_other_organisations_are_left_alone(cast, old_and_recent):
    do_save_retention_policy(cast.oscar, enabled=True, months=1)
    call_command("send_due_notifications", verbosity=0)
    assert not Erasure.objects.exists()


def test_only_admins_set_a_sensible_policy(cast):
    with pytest.raises(NotAllowed):
        do_save_retention_policy(cast.harry, enabled=True, months=12)
    with pytest.raises(ActionError, match="between 1 and 120"):
        do_save_retention_policy(cast.alice, enabled=True, months=0)
    policy = do_save_retention_policy(cast.alice, enabled=False, months=6)
    assert (policy.enabled, policy.months) == (False, 6)
    assert AuditEvent.objects.filter(action="retention.policy_saved").count() == 1


def test_months_are_calendar_months():
    moment = timezone.now().replace(year=2026, month=3, day=31, hour=12)
    assert months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert months_before(moment, 15).date().isoformat() == "2024-12-31"
