"""``Idempotency-Key`` on API writes: a client's retry within 24 hours gets the first
response back (same status, same body) and changes nothing.

- A key is scoped to the token's member. The key, a fingerprint of the request (method, path,
  query, body) and the response are stored in the same transaction as the write, so a write
  that committed always has its key, and a key never outlives a write that rolled back.
- Only a successful (2xx) response is kept: a refused request changed nothing, so its retry
  (with the same key, once the cause is fixed) runs again.
- The same key with another request is a 422, never a replay of something else.
- Two requests with the same key at the same moment: the key is claimed before the write
  runs, so the database's unique index makes the second wait for the first to commit, and
  then replay its response.
"""

import hashlib
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from secondround.api.models import KEY_LIFETIME, IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
REPLAY_HEADER = "Idempotent-Replayed"

OPENAPI_HEADER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "A unique string (at most 255 characters, e.g. a UUID) per intended write. A retry "
        "with the same key within 24 hours returns the first successful response and "
        "changes nothing; the same key with a different request is a 422."
    ),
    "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
}


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _replay(stored: IdempotencyKey, print_: str) -> HttpResponse:
    if stored.fingerprint != print_:
        return _error(
            422,
            f"This {HEADER} was already used with a different request in the last 24 hours. "
            "Use a new key for a new request.",
        )
    response = HttpResponse(stored.body, status=stored.status, content_type=stored.content_type)
    response[REPLAY_HEADER] = "true"
    return response


def idempotent(run, authenticate):
    """Wrap a ninja operation's ``run`` (see ninja.decorators.decorate_view).
    ``authenticate(request)`` returns the token's member or None."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, *args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            return _error(422, f"{HEADER} must be 1 to {MAX_KEY_LENGTH} characters.")
        member = authenticate(request)
        if member is None:
            return run(request, *args, **kwargs)  # answers 401 as without a key
        print_ = fingerprint(request)
        stored = IdempotencyKey.objects.filter(member=member, key=key).first()
        if stored is not None:
            if stored.created_at > timezone.now() - KEY_LIFETIME:
                return _replay(stored, print_)
            stored.delete()  # older than 24 hours: the key is free again
        with transaction.atomic():
            claim = _claim(member, key, print_)
            if claim is None:
                # Another request with this key was running; it has committed by now.
                stored = IdempotencyKey.objects.filter(member=member, key=key).first()
                if stored is None:
                    return _error(409, f"A request with this {HEADER} is in progress.")
                return _replay(stored, print_)
            response = run(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                claim.status = response.status_code
                claim.body = response.content.decode("utf-8")
                claim.content_type = response.get("Content-Type", "application/json")
                claim.save(update_fields=["status", "body", "content_type"])
            else:
                transaction.set_rollback(True)  # frees the key; a refusal changed nothing
        return response

    return wrapper


def _claim(member, key: str, print_: str) -> IdempotencyKey | None:
    """Take the key before the write runs. The unique index makes a second request with the
    same key wait here until the first commits (PostgreSQL's row lock, SQLite's write lock),
    and then fail, so that it replays the first response instead of writing again."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                member=member, key=key, fingerprint=print_, status=0, body="", content_type=""
            )
    except IntegrityError:
        return None


def prune(now=None) -> int:
    """Delete keys older than 24 hours; returns how many."""
    deleted, _ = IdempotencyKey.objects.expired(now).delete()
    return deleted


def forget_organisation(organisation_id: int) -> int:
    """Delete every stored response of an organisation's members. A stored response can hold
    personal fields (a candidate just added, say) for up to 24 hours: an erasure calls this
    so that no copy outlives it. A retry after it runs again, as after 24 hours."""
    deleted, _ = IdempotencyKey.objects.filter(member__organisation_id=organisation_id).delete()
    return deleted
