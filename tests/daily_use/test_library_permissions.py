"""Who keeps the competency library and who copies from it, over every role of the cast.

Admins and recruiters keep the library (it is the organisation's shared wording); whoever
sets a job up (admins, recruiters, the job's hiring manager) copies from it into that job;
every member reads it; another organisation's admin reaches none of it."""

import pytest
from django.urls import reverse

from secondround.errors import NotAllowed
from secondround.hiring.library_actions import do_copy_from_library, do_save_library_competency
from tests.conftest import ANCHORS, login

ROLES = ["alice", "harry", "ivy", "nora", "vera", "oscar"]
MAY_KEEP = {"alice"}
MAY_COPY = {"alice", "harry"}


@pytest.fixture
def entry(cast):
    return do_save_library_competency(cast.alice, name="Ownership", kind="values", anchors=ANCHORS)


@pytest.mark.parametrize("who", ROLES)
def test_keeping_the_library(cast, entry, who):
    member = getattr(cast, who)
    if who in MAY_KEEP:
        saved = do_save_library_competency(member, name="Grit", anchors=ANCHORS)
        assert saved.organisation_id == cast.acme.pk
        return
    if who == "oscar":
        saved = do_save_library_competency(member, name="Grit", anchors=ANCHORS)
        assert saved.organisation_id == cast.globex.pk  # their own library, never Acme's
        with pytest.raises(NotAllowed):
            do_save_library_competency(member, name="Mine", anchors=ANCHORS, entry=entry)
        return
    with pytest.raises(NotAllowed):
        do_save_library_competency(member, name="Grit", anchors=ANCHORS)


@pytest.mark.parametrize("who", ROLES)
def test_copying_into_a_job(cast, entry, who):
    member = getattr(cast, who)
    if who in MAY_COPY:
        (copy,) = do_copy_from_library(member, cast.job, [entry])
        assert copy.job_id == cast.job.pk
        return
    with pytest.raises(NotAllowed):
        do_copy_from_library(member, cast.job, [entry])


# page: {role: status}
PAGES = {
    "library": {"alice": 200, "harry": 200, "ivy": 200, "nora": 200, "vera": 200, "oscar": 200},
    "library_new": {"alice": 200, "harry": 403, "ivy": 403, "nora": 403, "vera": 403,
                    "oscar": 200},
    "library_edit": {"alice": 200, "harry": 403, "ivy": 403, "nora": 403, "vera": 403,
                     "oscar": 404},
    "copy": {"alice": 200, "harry": 200, "ivy": 403, "nora": 404, "vera": 404, "oscar": 404},
}  # fmt: skip


def url_for(page, cast, entry):
    return {
        "library": reverse("competency_library"),
        "library_new": reverse("library_new"),
        "library_edit": reverse("library_edit", args=[entry.pk]),
        "copy": reverse("copy_from_library", args=[cast.job.pk]),
    }[page]


@pytest.mark.parametrize(
    ("page", "who", "status"),
    [(page, who, status) for page, row in PAGES.items() for who, status in row.items()],
)
def test_library_pages_answer_each_role(client, cast, entry, page, who, status):
    response = login(client, getattr(cast, who)).get(url_for(page, cast, entry))
    assert response.status_code == status
    if page == "library" and status == 200:
        assert ("Ownership" in response.content.decode()) is (who != "oscar")
