"""Two requests with the same Idempotency-Key at the same moment: one write, and both get
the same answer. Needs a database that serves several connections at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from secondround.accounts.actions import do_create_api_token
from secondround.hiring.models import Candidate
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL"
)


def test_same_key_at_the_same_moment_writes_once(transactional_db, cast):
    _, token = do_create_api_token(None, cast.alice, "race")
    body = {"name": "Eve Adams", "email": "eve@example.com"}
    start = threading.Barrier(4)
    answers = []

    def send():
        from django.db import connections

        client = ApiClient(token)
        start.wait()
        try:
            response = client.post("/api/candidates", body, key="race-1")
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [status for status, _ in answers] == [201] * 4
    assert len({body["id"] for _, body in answers}) == 1
    assert Candidate.objects.filter(email="eve@example.com").count() == 1
