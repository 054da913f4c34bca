"""Idempotency-Key: a retry within 24 hours returns the first response and changes nothing;
the same key with another request is refused; keys are per member and expire."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from secondround.api.models import IdempotencyKey
from secondround.audit.models import AuditEvent
from secondround.hiring.models import Candidate


def candidate_body(email="eve@example.com"):
    return {"name": "Eve Adams", "email": email}


def test_retry_with_the_same_key_replays_the_first_response(cast, api):
    alice = api(cast.alice)
    first = alice.post("/api/candidates", candidate_body(), key="k-1")
    assert first.status_code == 201, first.json()
    events = AuditEvent.objects.count()
    again = alice.post("/api/candidates", candidate_body(), key="k-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Candidate.objects.filter(email="eve@example.com").count() == 1
    assert AuditEvent.objects.count() == events  # nothing happened the second time


def test_without_a_key_a_repeat_runs_again(cast, api):
    alice = api(cast.alice)
    assert alice.post("/api/candidates", candidate_body()).status_code == 201
    repeat = alice.post("/api/candidates", candidate_body())
    assert repeat.status_code == 400
    assert repeat.json()["field"] == "email"


def test_same_key_with_a_different_body_is_422(cast, api):
    alice = api(cast.alice)
    assert alice.post("/api/candidates", candidate_body(), key="k-2").status_code == 201
    other = alice.post("/api/candidates", candidate_body("zoe@example.com"), key="k-2")
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]
    assert not Candidate.objects.filter(email="zoe@example.com").exists()


def test_same_key_on_another_path_is_422(cast, api):
    alice = api(cast.alice)
    assert alice.post("/api/candidates", candidate_body(), key="k-3").status_code == 201
    body = {"type": "other", "title": "Notice period"}
    moved = alice.post(f"/api/applications/{cast.dana_app.pk}/concerns", body, key="k-3")
    assert moved.status_code == 422


def test_keys_belong_to_one_member(cast, api):
    """Another member's identical key is a different key: no replay of someone else's."""
    assert api(cast.alice).post("/api/candidates", candidate_body(), key="k-4").status_code == 201
    harry = api(cast.harry).post("/api/candidates", candidate_body("h@example.com"), key="k-4")
    assert harry.status_code == 201
    assert harry.json()["email"] == "h@example.com"
    assert not harry.has_header("Idempotent-Replayed")


def test_a_refused_request_is_not_kept(cast, api):
    """A 4xx changed nothing: with the cause fixed, the same key runs the request."""
    harry = api(cast.harry)
    path = f"/api/applications/{cast.dana_app.pk}/reject"
    refused = harry.post(path, {"reason": "other"}, key="k-5")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    fixed = harry.post(path, {"reason": "other", "note": "Went elsewhere"}, key="k-6")
    assert fixed.status_code == 200
    assert fixed.json()["stage"] == "rejected"


def test_a_key_older_than_24_hours_no_longer_replays(cast, api):
    alice = api(cast.alice)
    path = f"/api/applications/{cast.dana_app.pk}/concerns"
    body = {"type": "other", "title": "Notice period"}
    first = alice.post(path, body, key="k-7")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    second = alice.post(path, body, key="k-7")
    assert second.status_code == 201
    assert second.json()["id"] != first.json()["id"]
    assert IdempotencyKey.objects.count() == 1


def test_prune_command_deletes_keys_older_than_24_hours(cast, api):
    alice = api(cast.alice)
    alice.post("/api/candidates", candidate_body(), key="old")
    alice.post("/api/candidates", candidate_body("new@example.com"), key="new")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    out = StringIO()
    call_command("prune_idempotency_keys", stdout=out)
    assert "1 idempotency key" in out.getvalue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_key_too_long_is_422(cast, api):
    response = api(cast.alice).post("/api/candidates", candidate_body(), key="x" * 256)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Candidate.objects.filter(email="eve@example.com").exists()


def test_no_token_with_a_key_is_still_401(cast, api):
    response = api(None).post("/api/candidates", candidate_body(), key="k-8")
    assert response.status_code == 401
    assert not IdempotencyKey.objects.exists()


def test_every_write_operation_takes_the_key(db):
    from django.test import Client

    schema = Client().get("/api/openapi.json").json()
    writes = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 25
    for path, method, operation in writes:
        names = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "Idempotency-Key" in names, (path, method)
        assert "409" in operation["responses"], (path, method)


def test_forget_organisation_drops_only_its_stored_responses(cast, api):
    from secondround.api.idempotency import forget_organisation

    api(cast.alice).post("/api/candidates", candidate_body(), key="acme")
    api(cast.oscar).post("/api/candidates", candidate_body("g@globex.test"), key="globex")
    assert forget_organisation(cast.acme.pk) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["globex"]


def test_erasing_a_candidate_drops_the_stored_responses_that_may_name_them(cast, api):
    from secondround.privacy.actions import do_erase_candidate

    created = api(cast.alice).post("/api/candidates", candidate_body(), key="acme")
    assert "Eve Adams" in IdempotencyKey.objects.get(key="acme").body
    eve = Candidate.objects.get(pk=created.json()["id"])
    do_erase_candidate(cast.alice, eve, confirmation="Eve Adams")
    assert not IdempotencyKey.objects.filter(key="acme").exists()
