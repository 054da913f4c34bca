"""Who may use the import pages and write functions, over every role; another organisation's
upload is a 404, and an import never reaches another organisation's records."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secondround.errors import NotAllowed
from secondround.hiring.models import Job
from secondround.imports.actions import check_file, do_import_ratings, do_stage_import
from secondround.imports.models import ImportRun
from tests.conftest import add_member
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, messages, ratings_csv

pytestmark = pytest.mark.django_db

VIEWERS = ["alice", "rita", "harry", "ivy", "vera", "oscar", "anon"]
LOGIN = "login"  # a redirect to the login page
# viewer -> (upload page, alice's upload's preview, confirming alice's upload)
EXPECTED = {
    "alice": (200, 200, 302),  # admin + recruiter, the uploader
    "rita": (200, 404, 404),  # recruiter, not the uploader: she cannot see alice's file
    "harry": (403, 403, 403),  # hiring manager
    "ivy": (403, 403, 403),  # interviewer
    "vera": (403, 403, 403),  # approver
    "oscar": (200, 404, 404),  # admin of another organisation
    "anon": (LOGIN, LOGIN, LOGIN),
}


@pytest.fixture
def scene(cast):
    cast.rita = add_member(cast.acme, "rita", "recruiter")
    cast.run = do_stage_import(cast.alice, "ratings", "past.csv", ratings_csv(GOOD_RATINGS))
    return cast


def status(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("viewer", VIEWERS)
def test_import_pages_by_role(scene, client, viewer):
    if viewer != "anon":
        client.force_login(getattr(scene, viewer).user)
    upload, preview, confirm = EXPECTED[viewer]
    assert status(client.get("/imports/")) == upload
    assert status(client.get(f"/imports/{scene.run.pk}/")) == preview
    assert status(client.post(f"/imports/{scene.run.pk}/confirm/")) == confirm
    committed = ImportRun.objects.get(pk=scene.run.pk).committed_at is not None
    assert committed == (viewer == "alice")


@pytest.mark.parametrize("viewer", ["alice", "rita", "harry", "ivy", "vera", "oscar"])
def test_import_write_functions_by_role(scene, viewer):
    actor = getattr(scene, viewer)
    allowed = viewer in {"alice", "rita"}
    if allowed:
        assert do_import_ratings(actor, scene.acme, ratings_csv(GOOD_RATINGS))["ratings"] == 5
        return
    with pytest.raises(NotAllowed):
        do_import_ratings(actor, scene.acme, ratings_csv(GOOD_RATINGS))
    if viewer != "oscar":
        with pytest.raises(NotAllowed):
            do_stage_import(actor, "ratings", "x.csv", b"x")


def test_upload_post_by_an_interviewer_is_refused(scene, client):
    client.force_login(scene.ivy.user)
    upload = SimpleUploadedFile("r.csv", ratings_csv(GOOD_RATINGS), content_type="text/csv")
    response = client.post("/imports/", {"kind": "ratings", "file": upload})
    assert response.status_code == 403
    assert ImportRun.objects.count() == 1


def test_another_organisations_records_are_never_matched(scene):
    # An Acme job title is unknown in a Globex candidates file.
    rows = [("Ravi Patel", "ravi@example.com", "", "", "Data Engineer", "")]
    assert messages(check_file(scene.globex, "candidates", candidates_csv(rows)))[0][:2] == (
        2,
        "job",
    )
    # Globex has no "Data Engineer": its import creates its own, and leaves Acme's alone.
    counts = do_import_ratings(
        None,
        scene.globex,
        ratings_csv([(*r[:2], "ola@globex.test", *r[3:]) for r in GOOD_RATINGS[:1]]),
    )
    assert counts["new_jobs"] == 1 and counts["new_candidates"] == 1
    assert Job.objects.filter(title="Data Engineer").count() == 2
    assert scene.job.competencies.count() == 2


@pytest.mark.parametrize("viewer", VIEWERS)
def test_view_permission_agrees_with_visible_to(scene, viewer):
    from django.contrib.auth.models import AnonymousUser

    member = None if viewer == "anon" else getattr(scene, viewer)
    user = AnonymousUser() if member is None else member.user
    visible = ImportRun.objects.visible_to(member).filter(pk=scene.run.pk).exists()
    assert user.has_perm("imports.view_importrun", scene.run) is visible
    assert visible is (viewer == "alice")
    assert user.has_perm("imports.import_file") is (viewer in {"alice", "rita", "oscar"})
