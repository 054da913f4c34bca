"""The OpenAPI document, the docs page, the calibration endpoint, and a sweep that no
operation answers with a status it does not declare (nor a 500) on hostile input."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from secondround.calibration.actions import do_refresh_calibration
from tests.api.conftest import draft_body
from tests.conftest import fill_scorecard

# A sample of the paths each resource must have (the whole list is in docs/api.md).
EXPECTED_PATHS = {
    "/api/me": {"get"},
    "/api/members": {"get"},
    "/api/members/{member_id}/roles": {"put"},
    "/api/invitations": {"get", "post"},
    "/api/jobs": {"get", "post"},
    "/api/jobs/{job_id}": {"get", "patch"},
    "/api/jobs/{job_id}/competencies": {"get", "post"},
    "/api/jobs/{job_id}/rounds": {"get", "post"},
    "/api/candidates": {"get", "post"},
    "/api/candidates/{candidate_id}/applications": {"post"},
    "/api/applications": {"get"},
    "/api/applications/{application_id}": {"get"},
    "/api/applications/{application_id}/advance": {"post"},
    "/api/applications/{application_id}/interviews": {"post"},
    "/api/interviews": {"get"},
    "/api/interviews/{interview_id}/reschedule": {"post"},
    "/api/interviews/{interview_id}/cancel": {"post"},
    "/api/interviews/{interview_id}/scorecards": {"get"},
    "/api/interviews/{interview_id}/scorecard": {"put"},
    "/api/interviews/{interview_id}/scorecard/submit": {"post"},
    "/api/concerns": {"get"},
    "/api/applications/{application_id}/concerns": {"post"},
    "/api/concerns/{concern_id}/resolve": {"post"},
    "/api/concerns/{concern_id}/owner": {"post"},
    "/api/decisions": {"get"},
    "/api/applications/{application_id}/decisions": {"post"},
    "/api/decisions/{decision_id}": {"get"},
    "/api/decisions/{decision_id}/verdict": {"post"},
    "/api/calibration/latest": {"get"},
}
WRITES = ("put", "post", "patch", "delete")


@pytest.fixture
def openapi(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def operations(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_openapi_lists_the_paths(openapi):
    paths = {p: set(m) for p, m in openapi["paths"].items()}
    for path, methods in EXPECTED_PATHS.items():
        assert methods <= paths.get(path, set()), path
    assert len(list(operations(openapi))) > 45
    assert openapi["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_every_operation_declares_its_error_codes(openapi):
    for path, method, operation in operations(openapi):
        codes = set(operation["responses"])
        assert {"401", "422"} <= codes, (path, method)
        assert operation["security"] == [{"BearerToken": []}], (path, method)
        if "{" in path or "?" in path or path == "/api/calibration/latest":
            assert "404" in codes, (path, method)
        if method in WRITES:
            assert {"400", "403", "409"} <= codes, (path, method)
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            assert headers == ["Idempotency-Key"], (path, method)
        if "{" in path:
            assert "404" in codes, (path, method)
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]["$ref"]
                assert schema.rsplit("/", 1)[1] in {
                    "ErrorOut",
                    "ActionErrorOut",
                    "ValidationErrorOut",
                    "WarningsOut",
                }
    assert set(openapi["paths"]["/api/calibration/latest"]["get"]["responses"]) >= {"403"}


def test_error_schemas_carry_detail_as_a_string(openapi):
    schemas = openapi["components"]["schemas"]
    for name in ("ErrorOut", "ActionErrorOut", "ValidationErrorOut"):
        assert schemas[name]["properties"]["detail"]["type"] == "string"
        assert "detail" in schemas[name]["required"]


def test_docs_render_from_local_static_files(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html
    scripts = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert scripts and all(url.startswith("/static/ninja/") for url in scripts), scripts
    assert "cdn" not in html.lower()
    for url in scripts:  # shipped by ninja, collected by collectstatic like our own files
        assert finders.find(url.removeprefix("/static/")), url


def test_calibration_latest_for_oversight_only(cast, api):
    assert api(cast.alice).get("/api/calibration/latest").status_code == 404  # no run yet
    fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    fill_scorecard(cast.ian, cast.dana_r1, value=2)
    snapshot = do_refresh_calibration(cast.acme.pk)
    assert snapshot is not None

    response = api(cast.alice).get("/api/calibration/latest")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == snapshot.pk and body["n_ratings"] == snapshot.n_ratings
    assert {row["candidate"] for row in body["result"]["candidates"]} == {str(cast.dana_app.pk)}

    for member in (cast.ivy, cast.harry, cast.vera):
        denied = api(member).get("/api/calibration/latest")
        assert denied.status_code == 403
        assert "admins and recruiters" in denied.json()["detail"]
    assert api(cast.oscar).get("/api/calibration/latest").status_code == 404  # Globex: none


HOSTILE_IDS = ["0", "-1", str(2**63 - 1), str(2**63), "1e3", "abc"]
HOSTILE_BODIES = [
    None,
    "",
    "{",
    "[]",
    '"text"',
    "{}",
    json.dumps({"title": "\x00", "type": "other", "evidence": "\x00", "status": "resolved"}),
    json.dumps({"ratings": [{"competency_id": 1, "value": -5}], "recommendation": "yes"}),
    json.dumps({"ratings": [{"competency_id": 1, "value": 10**40}]}),
    json.dumps({"outcome": "hire", "summary": "x" * 30_000, "approver_ids": [2**63]}),
    json.dumps({"outcome": "hire", "summary": "ok", "approver_ids": [1, 1, 1]}),
    json.dumps({"verdict": "approved", "rationale": "ok"}),
    json.dumps({"type": "other", "title": "t" * 201}),
]


def test_no_undeclared_status_and_no_500_on_hostile_input(cast, api, openapi):
    """A small schemathesis: every operation, several callers, odd ids and bodies."""
    fill_scorecard(cast.ian, cast.dana_r1)
    api(cast.ivy).put(f"/api/interviews/{cast.dana_r1.pk}/scorecard", draft_body(cast))
    real_id = str(cast.dana_r1.pk)
    callers = [api(cast.ivy), api(cast.harry), api(cast.alice), api(cast.oscar)]
    for path, method, operation in operations(openapi):
        declared = {int(code) for code in operation["responses"]}
        bodies = HOSTILE_BODIES if method in WRITES else [None]
        cases = [(api(None), real_id, bodies[-1])]
        cases += [(caller, real_id, body) for caller in callers for body in bodies]
        if "{" in path:
            cases += [(callers[0], id_, body) for id_ in HOSTILE_IDS for body in bodies[:6]]
        for caller, id_, body in cases:
            url = re.sub(r"\{[^}]+\}", id_, path)
            if path == "/api/applications":
                url += "?job=" + ("1" if body is None else str(2**63))
            response = caller.request(method, url, raw=body)
            status = response.status_code
            assert status < 500 and status in declared, (method, url, body, status)
            if status >= 400:
                assert isinstance(response.json()["detail"], str)
