"""An organisation always keeps at least one active admin."""

import pytest

from secondround.accounts.actions import (
    do_deactivate_member,
    do_reactivate_member,
    do_set_roles,
)
from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed
from tests.conftest import add_member

pytestmark = pytest.mark.django_db


def test_the_last_admin_keeps_the_admin_role(cast):
    with pytest.raises(ActionError, match="only active admin"):
        do_set_roles(cast.alice, cast.alice, {"recruiter"})
    cast.alice.refresh_from_db()
    assert cast.alice.is_admin


def test_the_last_admin_cannot_be_deactivated(cast):
    with pytest.raises(ActionError, match="only active admin"):
        do_deactivate_member(None, cast.alice)
    cast.alice.refresh_from_db()
    assert cast.alice.active


def test_an_admin_cannot_deactivate_themselves(cast):
    add_member(cast.acme, "adam", "admin")
    with pytest.raises(ActionError, match="yourself"):
        do_deactivate_member(cast.alice, cast.alice)


def test_a_deactivated_admin_does_not_count(cast):
    adam = add_member(cast.acme, "adam", "admin")
    do_deactivate_member(cast.alice, adam)
    with pytest.raises(ActionError, match="only active admin"):
        do_set_roles(cast.alice, cast.alice, {"recruiter"})


def test_with_a_second_admin_the_role_can_go_and_is_audited(cast):
    adam = add_member(cast.acme, "adam", "admin")
    do_set_roles(adam, cast.alice, {"recruiter", "approver"})
    cast.alice.refresh_from_db()
    assert cast.alice.roles == {"recruiter", "approver"}
    event = AuditEvent.objects.get(action="member.roles_changed", target_id=cast.alice.pk)
    assert event.actor == adam
    assert event.data == {"before": ["admin", "recruiter"], "after": ["approver", "recruiter"]}
    # Now adam is the last one.
    with pytest.raises(ActionError, match="only active admin"):
        do_deactivate_member(None, adam)


def test_reactivation_restores_sign_in_and_is_audited(cast):
    do_deactivate_member(cast.alice, cast.ivy)
    do_reactivate_member(cast.alice, cast.ivy)
    cast.ivy.refresh_from_db()
    assert cast.ivy.active and cast.ivy.user.is_active
    assert AuditEvent.objects.filter(action="member.reactivated", target_id=cast.ivy.pk).exists()


@pytest.mark.parametrize("who", ["harry", "ivy", "vera", "oscar"])
def test_only_an_admin_of_the_organisation_changes_roles_or_deactivates(cast, who):
    actor = getattr(cast, who)
    with pytest.raises(NotAllowed):
        do_set_roles(actor, cast.nora, {"approver"})
    with pytest.raises(NotAllowed):
        do_deactivate_member(actor, cast.nora)


def test_an_admin_deactivated_meanwhile_can_no_longer_act(cast):
    """The actor's standing is read under the team lock, not taken from the request's copy
    (which was loaded before another admin's change committed)."""
    adam = add_member(cast.acme, "adam", "admin")
    stale_adam = type(adam).objects.get(pk=adam.pk)
    do_deactivate_member(cast.alice, adam)
    with pytest.raises(NotAllowed):
        do_deactivate_member(stale_adam, cast.ivy)
    cast.ivy.refresh_from_db()
    assert cast.ivy.active
