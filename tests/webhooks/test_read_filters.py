"""Webhook rows are seen by admins of their organisation only: visible_to and the rules
"view" permissions agree, over every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from secondround.hiring.actions import do_add_candidate
from secondround.webhooks.models import Attempt, Delivery, Subscription, WebhookSettings
from tests.conftest import add_member

VIEWERS = [
    ("alice", True),  # admin + recruiter
    ("ada", True),  # admin
    ("rita", False),  # recruiter
    ("harry", False),
    ("ivy", False),
    ("vera", False),
    ("oscar", False),  # Globex's admin
    (None, False),  # signed out
]


@pytest.fixture
def rows(hooked, django_capture_on_commit_callbacks):
    hooked.ada = add_member(hooked.acme, "ada", "admin")
    hooked.rita = add_member(hooked.acme, "rita", "recruiter")
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    delivery = Delivery.objects.get()
    return hooked, [
        WebhookSettings.objects.get(organisation=hooked.acme),
        Subscription.objects.get(),
        delivery,
        Attempt.objects.get(delivery=delivery),
    ]


@pytest.mark.parametrize(("who", "expected"), VIEWERS)
def test_visible_to_and_the_view_permission_agree(rows, who, expected):
    cast, objects = rows
    member = getattr(cast, who) if who else None
    user = member.user if member else AnonymousUser()
    for obj in objects:
        visible = type(obj).objects.visible_to(member).filter(pk=obj.pk).exists()
        perm = f"webhooks.view_{obj._meta.model_name}"
        assert visible is expected, (who, perm)
        assert user.has_perm(perm, obj) is expected, (who, perm)
        assert user.has_perm(perm) is (expected or who == "oscar"), (who, perm)
