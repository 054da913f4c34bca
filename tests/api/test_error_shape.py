"""One error shape, ``{"detail": "..."}``, for every 4xx the API can give, including the
ones outside any operation (an unknown path, a method a path lacks)."""

import pytest


def test_method_not_allowed_is_json(cast, api):
    response = api(cast.alice).request("DELETE", "/api/jobs")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "DELETE is not allowed" in response.json()["detail"]
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_unknown_path_under_api_is_a_json_404(cast, api):
    response = api(cast.alice).get("/api/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/api/jobs", "{not json"),
        ("/api/jobs", '{"title": "A", "scale_max": 1e400}'),
        ("/api/jobs", '{"title": "A", "scale_max": 123456789012345678901234567890}'),
        ("/api/jobs", '{"title": 5}'),
        ("/api/candidates", '{"name": "N", "email": "n@x.test", "job_ids": [9223372036854775808]}'),
    ],
)
def test_malformed_writes_are_422_with_detail(cast, api, path, raw):
    response = api(cast.alice).post(path, raw=raw)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
    assert isinstance(response.json()["errors"], list)


@pytest.mark.parametrize(
    "query",
    [
        "limit=99999999999999999999",
        "job=9223372036854775808",
        "updated_since=0001-01-01T00:00:00%2B01:00",
        "updated_since=yesterday",
        "stage=hired_twice",
    ],
)
def test_malformed_queries_are_422(cast, api, query):
    response = api(cast.alice).get(f"/api/applications?{query}")
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


def test_another_organisations_ids_are_404_everywhere(cast, api):
    oscar = api(cast.oscar)
    for path in (
        f"/api/members/{cast.ivy.pk}",
        f"/api/jobs/{cast.job.pk}",
        f"/api/rounds/{cast.round1.pk}",
        f"/api/competencies/{cast.problem.pk}",
        f"/api/candidates/{cast.dana.pk}",
        f"/api/applications/{cast.dana_app.pk}",
        f"/api/interviews/{cast.dana_r1.pk}",
    ):
        response = oscar.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
    for path, body in (
        (f"/api/members/{cast.ivy.pk}/deactivate", {}),
        (f"/api/applications/{cast.dana_app.pk}/advance", None),
        (f"/api/interviews/{cast.dana_r1.pk}/cancel", {}),
        (f"/api/jobs/{cast.job.pk}/rounds", {"number": 9, "name": "Sneaky"}),
    ):
        assert oscar.post(path, body).status_code == 404, path
