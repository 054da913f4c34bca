"""Who may open each new page, over every role (table-driven).

alice admin+recruiter · harry the job's hiring manager · hank another hiring manager ·
ivy an interviewer on dana's interview · nora an interviewer on nothing · vera an approver on
no chain yet · oscar another organisation's admin · anon nobody signed in.
"""

import pytest
from django.urls import reverse

from tests.conftest import login

ROLES = ["alice", "harry", "hank", "ivy", "nora", "vera", "oscar", "anon"]

# page -> expected status per role (302 for anon: sent to sign in)
TABLE = {
    "pipeline": dict(alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404),
    "candidate_new": dict(alice=200, harry=200, hank=200, ivy=403, nora=403, vera=403, oscar=200),
    "candidate": dict(alice=200, harry=200, hank=404, ivy=200, nora=404, vera=404, oscar=404),
    "move_stage": dict(alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404),
    "reject": dict(alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404),
    "withdraw": dict(alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404),
    "interview_new": dict(alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404),
    "interview_edit": dict(alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404),
    "interview_cancel": dict(
        alice=200, harry=200, hank=404, ivy=403, nora=404, vera=404, oscar=404
    ),
}


def url_for(cast, page):
    args = {
        "pipeline": [cast.job.pk],
        "candidate_new": [],
        "candidate": [cast.dana.pk],
        "interview_edit": [cast.dana_r1.pk],
        "interview_cancel": [cast.dana_r1.pk],
    }.get(page, [cast.dana_app.pk])
    return reverse(page, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(TABLE))
def test_who_opens_the_page(client, cast, hank, page, role):
    if role != "anon":
        login(client, getattr(cast, role))
    response = client.get(url_for(cast, page))
    expected = 302 if role == "anon" else TABLE[page][role]
    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_advance(client, cast, hank, role):
    expected = {"alice": 302, "harry": 302, "ivy": 403, "anon": 302}.get(role, 404)
    if role != "anon":
        login(client, getattr(cast, role))
    response = client.post(reverse("advance", args=[cast.dana_app.pk]))
    assert response.status_code == expected
    cast.dana_app.refresh_from_db()
    moved = role in ("alice", "harry")
    assert cast.dana_app.stage == ("round_2" if moved else "round_1")


def test_the_navigation_offers_the_pages(client, cast):
    page = login(client, cast.harry).get(reverse("candidates"))
    assert page.status_code == 200 and reverse("candidate_new") in page.content.decode()
    page = login(client, cast.ivy).get(reverse("home"))
    assert page.status_code == 200 and reverse("candidate_new") not in page.content.decode()
