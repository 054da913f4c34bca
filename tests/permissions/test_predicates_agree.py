"""The rules "view" predicates agree with the `visible_to` querysets (RECIPES.md: rules cannot
filter querysets, so the two are written twice and must say the same thing)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.permissions.conftest import cases, member_for
from tests.permissions.scene import thing
from tests.permissions.tables import VISIBLE


def view_perm(obj) -> str:
    return f"{obj._meta.app_label}.view_{obj._meta.model_name}"


@pytest.mark.parametrize(("viewer", "name", "expected"), cases(VISIBLE))
def test_view_predicate_agrees_with_visible_to(scene, arrive, viewer, name, expected):
    member = arrive(viewer)
    user = AnonymousUser() if member is None else member.user
    obj = thing(scene, name)
    in_queryset = type(obj).objects.visible_to(member).filter(pk=obj.pk).exists()
    assert user.has_perm(view_perm(obj), obj) is in_queryset
    assert in_queryset is expected  # and both agree with the table


def test_a_deactivated_member_is_treated_as_signed_out(scene, db):
    """The middleware gives no Member to a deactivated one; the predicates do the same."""
    alice = member_for(scene, "alice")
    assert alice.user.has_perm("hiring.view_job", thing(scene, "job"))
    alice.active = False
    alice.save(update_fields=["active"])
    assert not alice.user.has_perm("hiring.view_job", thing(scene, "job"))
    assert not alice.user.has_perm("calibration.view_report")


def test_list_pages_ask_without_an_object(scene, db):
    """Without an object, "view" means "may open the list": any member; the list itself is
    filtered by visible_to. Anonymous users may not."""
    assert member_for(scene, "nora").user.has_perm("hiring.view_job")
    assert not AnonymousUser().has_perm("hiring.view_job")
    assert member_for(scene, "alice").user.has_perm("audit.view_auditevent")
    assert not member_for(scene, "rita").user.has_perm("audit.view_auditevent")  # admins only


@pytest.mark.parametrize("viewer", ["alice", "harry", "ivy_before", "vera", "nora"])
def test_predicates_stay_cheap(scene, db, viewer, django_assert_max_num_queries):
    """With the usual select_related, a view check costs at most a few small queries."""
    from secondround.hiring.models import Interview
    from secondround.scorecards.models import Scorecard

    user = member_for(scene, viewer).user
    card = Scorecard.objects.select_related("interview__application__job").get(pk=scene.ian_card.pk)
    interview = Interview.objects.select_related("application__job").get(pk=scene.dana_r1.pk)
    with django_assert_max_num_queries(3):
        user.has_perm("scorecards.view_scorecard", card)
    with django_assert_max_num_queries(2):
        user.has_perm("hiring.view_interview", interview)
        user.has_perm("decisions.propose_decision", interview.application)
