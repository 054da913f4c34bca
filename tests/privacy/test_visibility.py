"""The privacy models' read filters and view predicates, over every role: admins of the
organisation only, and the two always agree."""

import pytest

from secondround.hiring.actions import do_add_candidate
from secondround.privacy.actions import do_erase_candidate, do_save_retention_policy
from secondround.privacy.models import Erasure, RetentionPolicy
from tests.conftest import add_member

# viewer -> sees Acme's erasure and retention policy
SEES = {
    "alice": True,  # admin
    "rita": False,  # recruiter
    "harry": False,
    "ivy": False,
    "nora": False,
    "vera": False,
    "oscar": False,  # admin of Globex
}


@pytest.fixture
def records(cast):
    cast.rita = add_member(cast.acme, "rita", "recruiter")
    gone = do_add_candidate(cast.alice, name="Gone Person", email="gone@example.com")
    cast.erasure = do_erase_candidate(cast.alice, gone, confirmation="Gone Person")
    cast.policy = do_save_retention_policy(cast.alice, enabled=True, months=12)
    return cast


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_admins_of_the_organisation_only(records, viewer):
    member = getattr(records, viewer)
    for obj, model in ((records.erasure, Erasure), (records.policy, RetentionPolicy)):
        listed = model.objects.visible_to(member).filter(pk=obj.pk).exists()
        allowed = member.user.has_perm(f"privacy.view_{model._meta.model_name}", obj)
        assert listed is allowed is SEES[viewer]


def test_nobody_signed_out_sees_them(records):
    assert not Erasure.objects.visible_to(None).exists()
    assert not RetentionPolicy.objects.visible_to(None).exists()
