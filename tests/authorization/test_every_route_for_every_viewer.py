"""Every route of the web app and every API operation, tried by every viewer: the status that
each gets, and that no page shows a viewer what they must not see (a colleague's evidence or a
figure built from it while they owe their own scorecard; another organisation's people).

A route added without a row in tests/authorization/table.py fails the completeness tests."""

import json

import pytest

from tests.authorization.conftest import SIGNED_OUT, VIEWERS
from tests.authorization.table import API, API_BODY, API_OBJECTS, LOGIN, WEB, WEB_POST_DATA
from tests.authorization.urls import api_operations, api_url, web_routes, web_url

ROUTES = dict(web_routes())
OPERATIONS = {f"{method} {path}": path for _, method, path in api_operations()}

# Text that a viewer must never meet, on any page (tests.conftest.fill_scorecard writes
# "<author> saw <competency> at <value>" as evidence). Ivy owes her scorecard on Luis in both
# states, so every figure of the job (P(best), calibrated scores) stays hidden from her too.
FIGURES = ("chance of being the strongest", "p_best", "raw_mean")


def evidence(author: str, value: str = "") -> tuple[str, ...]:
    """The evidence ``author`` wrote (at ``value``, or any value) on Dana's job's competencies."""
    return tuple(f"{author} saw {c} at {value}" for c in ("Problem solving", "Collaboration"))


NEVER = {
    "ivy_before": (*evidence("Ian"), *FIGURES),
    "ivy_after": (*evidence("Ian", "2"), *FIGURES),  # Ian's Luis card (Dana's is "at 3")
    "nora": (*evidence("Ian"), *evidence("Ivy"), *FIGURES),
    "hank": (*evidence("Ian"), *evidence("Ivy")),
    "vince": (*evidence("Ian"), *evidence("Ivy")),
    "oscar": (*evidence("Ian"), *evidence("Ivy"), "Dana Kim", "Luis Ortega", "Acme Test"),
}
for viewer in SIGNED_OUT:
    NEVER[viewer] = (*evidence("Ian"), *evidence("Ivy"), *FIGURES)
# Ivy's draft is hers until she submits: nobody else reads it.
for viewer in ("alice", "rita", "harry", "vera"):
    NEVER[viewer] = evidence("Ivy")
# A portal link opens its own candidate's pages: only there may a signed-out viewer meet a
# candidate's name.
NAMES = ("Dana Kim", "Luis Ortega", "Cora Lind")


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def status_of(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


# Routes whose URL carries its own key: whoever holds it reads what it opens.
KEYED = {"accept_invitation", "calendar_feed"}


def check_body(viewer: str, name: str, response) -> None:
    if name in KEYED or name.startswith("portal_") and viewer != "portal":
        return
    body = body_of(response)
    for text in NEVER.get(viewer, ()):
        assert text not in body, f"{viewer} meets {text!r} on {name}"
    if viewer in SIGNED_OUT:
        for text in NAMES if viewer != "portal" else ("Dana Kim", "Cora Lind"):
            assert text not in body, f"{viewer} meets {text!r} on {name}"


def test_every_web_route_has_a_row():
    assert set(ROUTES) - set(WEB) == set(), "add the new route to tests/authorization/table.py"
    assert set(WEB) - set(ROUTES) == set(), "a row for a route that no longer exists"


def test_every_api_operation_has_a_row():
    assert set(OPERATIONS) - set(API) == set(), "add the operation to table.py's API"
    assert set(API) - set(OPERATIONS) == set(), "a row for an operation that no longer exists"


def test_every_row_names_every_viewer():
    for name, (get, post) in WEB.items():
        assert set(get) == set(VIEWERS) == set(post), name
    for name, expected in API.items():
        assert set(expected) == set(VIEWERS), name


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("name", sorted(WEB))
def test_web_route(world, visitor, name, viewer, method):
    web, _ = visitor(viewer)
    url = web_url(world, name, ROUTES[name], viewer)
    if method == "get":
        response = web.get(url)
    else:
        data = WEB_POST_DATA.get(name, lambda w: {})(world)
        response = web.post(url, data)
    expected = WEB[name][0 if method == "get" else 1][viewer]
    assert status_of(response) == expected, f"{method.upper()} {url}"
    check_body(viewer, name, response)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("operation", sorted(API))
def test_api_operation(world, visitor, operation, viewer):
    _, api = visitor(viewer)
    method, path = operation.split(" ", 1)
    body = API_BODY.get(operation, lambda w: {})(world)
    response = api.generic(
        method,
        api_url(world, path, API_OBJECTS.get(operation)),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == API[operation][viewer], operation
    assert response["Content-Type"].startswith("application/json"), operation
    assert "detail" in response.json() or response.status_code < 400, operation
    check_body(viewer, operation, response)
