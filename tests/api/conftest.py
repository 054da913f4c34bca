"""An API client per cast member: ``api(member).get("/api/me")`` sends that member's token."""

import json

import pytest
from django.test import Client

from secondround.accounts.actions import do_create_api_token


class ApiClient:
    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body=None, raw: str | None = None, key=None):
        """``key``: an Idempotency-Key header for this request."""
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        kwargs = {"content_type": "application/json", "headers": headers}
        if data is not None:
            kwargs["data"] = data
        return getattr(self.client, method.lower())(path, **kwargs)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None, raw=None, key=None):
        return self.request("POST", path, body, raw, key)

    def put(self, path, body=None, raw=None, key=None):
        return self.request("PUT", path, body, raw, key)

    def patch(self, path, body=None, raw=None, key=None):
        return self.request("PATCH", path, body, raw, key)

    def all_items(self, path):
        """Every item of a list, following ``next`` to the last page."""
        items, url = [], path
        while url:
            response = self.get(url)
            assert response.status_code == 200, response.json()
            items += response.json()["items"]
            url = response.json()["next"]
        return items


@pytest.fixture
def api(cast):
    """``api(member)`` gives a client holding a fresh token of that member; ``api(None)``
    one without a token."""
    tokens = {}

    def client_for(member):
        if member is None:
            return ApiClient(None)
        if member.pk not in tokens:
            tokens[member.pk] = do_create_api_token(None, member, "tests")[1]
        return ApiClient(tokens[member.pk])

    return client_for


# The roles a permission table runs over: each cast member by what they are.
ROLES = ("alice", "harry", "ivy", "nora", "vera", "oscar")


def draft_body(cast, value=3, recommendation="yes", evidence="Walked through the design"):
    return {
        "ratings": [
            {"competency_id": cast.problem.pk, "value": value, "evidence": evidence},
            {"competency_id": cast.collab.pk, "value": value, "evidence": evidence},
        ],
        "recommendation": recommendation,
        "notes": "",
    }
