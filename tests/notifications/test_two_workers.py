"""Two workers deliver the same notification at the same moment, on real database
connections (one per thread): exactly one e-mail goes out, and the row is marked sent once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from secondround.notifications.models import Notification, Status
from secondround.notifications.outbox import deliver
from secondround.notifications.reminders import record_due_reminders

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_racing_send_one_email(cast, mailoutbox):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        pytest.skip("SQLite's in-memory test database is one connection shared by threads")
    rows = record_due_reminders(cast.dana_r1.ends_at + timedelta(hours=3))
    start = threading.Barrier(2 * len(rows))
    results = []

    def worker(pk):
        try:
            start.wait()
            results.append(deliver(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(row.pk,)) for row in rows for _ in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * len(rows) + [True] * len(rows)
    assert len(mailoutbox) == len(rows)
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
