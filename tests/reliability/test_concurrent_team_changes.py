"""Two admins who deactivate each other at the same moment: one change goes through, the
other is refused with a reason, and the organisation keeps an admin. Before the team lock
each held its own member row and waited for the other's, and PostgreSQL broke the deadlock
with an error (a 500 for whoever lost)."""

import contextlib
import threading

import pytest
from django.db import connection, connections

from secondround.accounts import actions
from secondround.accounts.models import Member
from secondround.errors import ActionError, NotAllowed
from tests.conftest import add_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_admins_deactivating_each_other_do_not_deadlock(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    adam = add_member(cast.acme, "adam", "admin")
    both_hold_their_target = threading.Barrier(2)
    check_other_admins = actions._ensure_another_active_admin

    def meet_then_check(member, message):
        # Hold the window open: without a lock ordering the two, both changes have locked
        # their target here and each now waits for the other's row.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_hold_their_target.wait(timeout=2)
        return check_other_admins(member, message)

    monkeypatch.setattr(actions, "_ensure_another_active_admin", meet_then_check)
    outcomes = {}

    def deactivate(actor, target):
        try:
            actions.do_deactivate_member(Member.objects.get(pk=actor.pk), target)
            outcomes[actor.pk] = "done"
        except (ActionError, NotAllowed) as refusal:
            outcomes[actor.pk] = refusal
        except Exception as error:  # a deadlock: what must not happen
            outcomes[actor.pk] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=deactivate, args=(cast.alice, adam)),
        threading.Thread(target=deactivate, args=(adam, cast.alice)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    done = [actor for actor, outcome in outcomes.items() if outcome == "done"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, NotAllowed)]
    assert len(done) == 1 and len(refused) == 1, outcomes
    assert Member.objects.filter(organisation=cast.acme, is_admin=True, active=True).count() == 1
