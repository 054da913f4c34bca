"""An event is sent only for a committed change: a write that rolls back leaves no delivery
and queues nothing."""

import pytest
from django.db import transaction

from secondround.errors import ActionError
from secondround.hiring.actions import do_add_candidate
from secondround.hiring.application_actions import do_set_stage
from secondround.webhooks.models import Delivery


class Boom(Exception):
    pass


def test_a_rolled_back_write_sends_nothing(hooked, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
        do_set_stage(hooked.alice, hooked.dana_app, "round_2")
        assert Delivery.objects.count() == 2  # recorded inside the transaction...
        raise Boom
    assert Delivery.objects.count() == 0  # ...and gone with it
    assert callbacks == [] and hooked.receiver.received == []


def test_a_refused_write_sends_nothing(hooked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionError):
        do_add_candidate(hooked.alice, name="Dana again", email="dana@example.com")  # duplicate
    assert Delivery.objects.count() == 0 and hooked.receiver.received == []


def test_the_same_write_committed_sends(hooked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        do_add_candidate(hooked.alice, name="Mia Chen", email="mia@example.com")
    assert [m.json["event"] for m in hooked.receiver.received] == ["candidate.created"]
