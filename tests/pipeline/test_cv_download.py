"""The CV file is served only through the candidate's read filter, as a download."""

import pytest
from django.urls import reverse

from secondround.hiring import actions as hiring
from tests.conftest import login
from tests.pipeline.conftest import PDF, pdf_upload


@pytest.fixture
def priya(cast):
    person = hiring.do_add_candidate(
        cast.alice, name="Priya Shah", email="priya@example.com", cv_upload=pdf_upload()
    )
    app = hiring.do_apply(cast.alice, person, cast.job)
    hiring.do_schedule_interview(
        cast.alice,
        app,
        cast.round1,
        starts_at=cast.dana_r1.starts_at,
        ends_at=cast.dana_r1.ends_at,
        interviewers=[cast.ian],
    )
    return person


@pytest.mark.parametrize(
    "who, status",
    [
        ("alice", 200),  # admin
        ("harry", 200),  # the job's hiring manager
        ("ian", 200),  # interviews her
        ("ivy", 404),  # an interviewer, but not on her application
        ("nora", 404),
        ("vera", 404),  # an approver on no chain of hers
        ("oscar", 404),  # another organisation
    ],
)
def test_who_may_download_the_cv(client, cast, priya, who, status):
    response = login(client, getattr(cast, who)).get(reverse("candidate_cv", args=[priya.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"


def test_anonymous_is_sent_to_sign_in(client, priya):
    response = client.get(reverse("candidate_cv", args=[priya.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_file_no_download(client, cast):
    response = login(client, cast.alice).get(reverse("candidate_cv", args=[cast.dana.pk]))
    assert response.status_code == 404


def test_uploads_have_no_public_url(client, cast, priya):
    """Nothing serves the uploads directory: the stored name is not reachable as a path."""
    name = priya.cv_file.name
    login(client, cast.alice)
    for path in (f"/{name}", f"/media/{name}", f"/uploads/{name}", f"/static/{name}"):
        assert client.get(path).status_code == 404
