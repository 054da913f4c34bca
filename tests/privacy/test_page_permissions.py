"""Who may open the personal-data pages and the ratings download, role by role: admins of
the candidate's organisation only (recruiters too for the ratings); another organisation's
candidate is a 404; nobody signed in goes to the sign-in page."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from secondround.hiring import actions as hiring
from tests.conftest import add_member, login

VIEWERS = ["alice", "rita", "harry", "ivy", "nora", "vera", "oscar", "anon"]

# viewer -> status, for each page about Dana (a candidate of Acme).
CANDIDATE_PAGE = {
    "alice": 200,  # admin
    "rita": 403,  # recruiter: sees Dana, not her personal-data pages
    "harry": 403,  # the job's hiring manager
    "ivy": 403,  # interviewer on Dana's panel
    "nora": 404,  # interviewer who cannot see Dana
    "vera": 404,  # approver who cannot see Dana
    "oscar": 404,  # admin of another organisation
    "anon": 302,
}
RETENTION_PAGE = {**{v: 403 for v in VIEWERS}, "alice": 200, "oscar": 200, "anon": 302}
RATINGS_CSV = {**RETENTION_PAGE, "rita": 200}


@pytest.fixture
def people(cast):
    cast.rita = add_member(cast.acme, "rita", "recruiter")
    return cast


def get_as(client, c, viewer, url, method="get", **data):
    if viewer != "anon":
        login(client, getattr(c, viewer))
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("page", ["privacy/", "privacy/access.json", "privacy/access.html"])
def test_candidate_pages(client, people, viewer, page):
    response = get_as(client, people, viewer, f"/candidates/{people.dana.pk}/{page}")
    assert response.status_code == CANDIDATE_PAGE[viewer]
    if response.status_code == 200:
        assert "Dana Kim" in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_erase(client, people, viewer):
    url = f"/candidates/{people.dana.pk}/privacy/erase/"
    response = get_as(client, people, viewer, url, "post", confirmation="Dana Kim")
    expected = CANDIDATE_PAGE[viewer]
    assert response.status_code == (302 if expected == 200 else expected)
    people.dana.refresh_from_db()
    assert (people.dana.name == "Dana Kim") == (viewer != "alice")


def test_erase_with_the_wrong_name_shows_the_form_again(client, people):
    url = f"/candidates/{people.dana.pk}/privacy/erase/"
    response = get_as(client, people, "alice", url, "post", confirmation="Dana")
    assert response.status_code == 422
    assert "Type the candidate&#x27;s full name to confirm." in response.content.decode()
    people.dana.refresh_from_db()
    assert people.dana.name == "Dana Kim"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_retention_page(client, people, viewer):
    response = get_as(client, people, viewer, "/settings/retention/")
    assert response.status_code == RETENTION_PAGE[viewer]
    if response.status_code == 200:
        assert "Off: candidates are kept until an admin erases them." in response.content.decode()


def test_saving_the_retention_policy(client, people):
    response = get_as(
        client, people, "alice", "/settings/retention/", "post", enabled="on", months="18"
    )
    assert response.status_code == 302
    page = client.get("/settings/retention/")
    assert page.status_code == 200
    assert "anonymised after 18 months without activity" in page.content.decode()
    bad = client.post("/settings/retention/", {"enabled": "on", "months": "0"})
    assert bad.status_code == 422


@pytest.mark.parametrize("viewer", VIEWERS)
def test_ratings_csv(client, people, viewer):
    from tests.conftest import fill_scorecard

    fill_scorecard(people.ivy, people.dana_r1)
    response = get_as(client, people, viewer, "/calibration/ratings.csv")
    assert response.status_code == RATINGS_CSV[viewer]
    if response.status_code == 200:
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert len(rows) == (2 if viewer in ("alice", "rita") else 0)  # oscar: Globex's none


def test_the_ratings_csv_keeps_blind_feedback(client, cast):
    """An admin who still owes a scorecard on the job downloads none of its ratings."""
    from tests.conftest import fill_scorecard

    fill_scorecard(cast.ivy, cast.dana_r1)
    round3 = hiring.do_save_round(
        cast.alice,
        cast.job,
        number=3,
        name="Round 3",
        objectives=[],
        focus=[cast.problem],
        panel=[cast.alice],
    )
    start = timezone.now() - timedelta(hours=2)
    hiring.do_schedule_interview(
        cast.alice,
        cast.luis_app,
        round3,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[cast.alice],
    )
    response = login(client, cast.alice).get("/calibration/ratings.csv")
    assert response.status_code == 200
    assert response.content.decode().strip().splitlines() == [
        "job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at"
    ]
