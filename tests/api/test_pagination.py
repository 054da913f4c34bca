"""Cursor pagination: every list walks to its end in a stable order, with a ``next`` link
that keeps the filters; a forged cursor is a 422."""

import pytest

from secondround.hiring import actions as hiring


@pytest.fixture
def many_candidates(cast):
    people = []
    for n in range(7):
        person = hiring.do_add_candidate(
            cast.alice, name=f"Person {n}", email=f"p{n}@example.com", jobs=[cast.job]
        )
        people.append(person)
    return people


def test_walking_all_pages_gives_each_item_once(cast, api, many_candidates):
    alice = api(cast.alice)
    first = alice.get("/api/applications?limit=3")
    assert first.status_code == 200
    assert len(first.json()["items"]) == 3
    assert first.json()["next"].startswith("/api/applications?")
    every = alice.all_items("/api/applications?limit=3")
    ids = [a["id"] for a in every]
    assert len(ids) == 9 == len(set(ids))  # Dana, Luis and the seven
    assert ids == sorted(ids)


def test_next_link_keeps_the_filters(cast, api, many_candidates):
    alice = api(cast.alice)
    page = alice.get("/api/applications?stage=applied&limit=2").json()
    assert "stage=applied" in page["next"] and "limit=2" in page["next"]
    applied = alice.all_items("/api/applications?stage=applied&limit=2")
    assert len(applied) == 7
    assert {a["stage"] for a in applied} == {"applied"}


def test_last_page_has_no_next(cast, api):
    page = api(cast.alice).get("/api/jobs").json()
    assert page["next"] is None and page["next_cursor"] is None


def test_rows_added_between_pages_are_not_skipped(cast, api, many_candidates):
    alice = api(cast.alice)
    first = alice.get("/api/candidates?limit=4").json()
    hiring.do_add_candidate(cast.alice, name="Late Comer", email="late@example.com")
    rest = alice.all_items(first["next"])
    names = [c["name"] for c in first["items"] + rest]
    assert "Late Comer" in names
    assert len(names) == len(set(names)) == 10


@pytest.mark.parametrize("cursor", ["nonsense", "MQ:forged:sig", "", "x" * 201])
def test_a_bad_cursor_is_422(cast, api, cursor):
    response = api(cast.alice).get(f"/api/applications?cursor={cursor}")
    if cursor == "":
        assert response.status_code == 200  # empty means the first page
        return
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("limit", ["0", "201", "-1", "abc"])
def test_limit_out_of_range_is_422(cast, api, limit):
    response = api(cast.alice).get(f"/api/jobs?limit={limit}")
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


def test_every_list_is_paginated(db):
    from django.test import Client

    schema = Client().get("/api/openapi.json").json()
    lists = [
        (path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
        and operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "Page"
        )
    ]
    assert len(lists) >= 11
    for path, operation in lists:
        names = {p["name"] for p in operation["parameters"]}
        assert {"cursor", "limit"} <= names, path
