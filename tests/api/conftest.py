"""An API client per cast member: ``api(member).get("/api/me")`` sends that member's token."""

import json

import pytest
from django.test import Client

from secondround.accounts.actions import do_create_api_token


class ApiClient:
    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body=None, raw: str | None = None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/json", "headers": self.headers}
        if data is not None:
            kwargs["data"] = data
        return getattr(self.client, method.lower())(path, **kwargs)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None, raw=None):
        return self.request("POST", path, body, raw)

    def put(self, path, body=None, raw=None):
        return self.request("PUT", path, body, raw)


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


def draft_body(cast, value=3, recommendation="yes", evidence="Walked through the design"):
    return {
        "ratings": [
            {"competency_id": cast.problem.pk, "value": value, "evidence": evidence},
            {"competency_id": cast.collab.pk, "value": value, "evidence": evidence},
        ],
        "recommendation": recommendation,
        "notes": "",
    }
