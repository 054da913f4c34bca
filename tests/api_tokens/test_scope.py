"""A read-scope token reads; any other method is 403 with a JSON detail, and nothing is
written. A write-scope token does everything its member may."""

import pytest

from secondround.accounts.actions import do_create_api_token
from secondround.scorecards.models import Scorecard
from tests.api.conftest import ApiClient, draft_body


def _client(cast, scope):
    _, raw = do_create_api_token(None, cast.ivy, f"{scope} script", scope=scope)
    return ApiClient(raw)


# (method, path, body) over the API's methods; the scorecard routes exist for ivy's
# interview, so the only refusal left is the scope's.
def requests(cast):
    base = f"/api/interviews/{cast.dana_r1.pk}/scorecard"
    return {
        "GET": ("GET", "/api/me", None),
        "PUT": ("PUT", base, draft_body(cast)),
        "POST": ("POST", f"{base}/submit", None),
        "POST concern": (
            "POST",
            f"/api/applications/{cast.dana_app.pk}/concerns",
            {"type": "skill_gap", "title": "Depth in SQL"},
        ),
    }


@pytest.mark.parametrize(
    "request_name,read_status",
    [("GET", 200), ("PUT", 403), ("POST", 403), ("POST concern", 403)],
)
def test_read_scope_over_methods(cast, request_name, read_status):
    method, path, body = requests(cast)[request_name]
    response = _client(cast, "read").request(method, path, body)
    assert response.status_code == read_status
    if read_status == 403:
        assert "read-only" in response.json()["detail"]
        assert not Scorecard.objects.exists()


@pytest.mark.parametrize("request_name", ["GET", "PUT"])
def test_write_scope_is_not_refused_by_scope(cast, request_name):
    method, path, body = requests(cast)[request_name]
    response = _client(cast, "write").request(method, path, body)
    assert response.status_code == 200
    if method == "PUT":
        assert Scorecard.objects.filter(author=cast.ivy).exists()


def test_unknown_scope_is_refused(cast):
    from secondround.errors import ActionError

    with pytest.raises(ActionError, match="read or write"):
        do_create_api_token(None, cast.ivy, "x", scope="admin")
