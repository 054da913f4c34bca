"""The web import through Django's test client: upload, preview (dry run), confirm; kept
uploads expire."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from secondround.imports.actions import purge_expired_runs
from secondround.imports.models import ImportRun
from secondround.scorecards.models import Rating
from tests.imports.conftest import GOOD_RATINGS, candidates_csv, ratings_csv

pytestmark = pytest.mark.django_db


def upload(client, kind, content, name="file.csv"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv")}
    return client.post("/imports/", data)


def test_candidates_list_links_to_the_import_for_oversight_only(cast, client):
    client.force_login(cast.alice.user)
    response = client.get("/candidates/")
    assert response.status_code == 200
    assert 'href="/imports/"' in response.content.decode()
    client.force_login(cast.harry.user)
    response = client.get("/candidates/")
    assert response.status_code == 200
    assert 'href="/imports/"' not in response.content.decode()


def test_upload_preview_confirm(cast, client):
    client.force_login(cast.alice.user)
    response = upload(client, "ratings", ratings_csv(GOOD_RATINGS), "past ratings.csv")
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert (run.uploaded_by, run.organisation, run.filename) == (
        cast.alice,
        cast.acme,
        "past ratings.csv",
    )
    page = client.get(f"/imports/{run.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "This file is ready to import: 5 rows, no errors." in html
    assert "1 new interviewers" in html and "zoe@acme-test.test" in html
    assert Rating.objects.count() == 0  # the preview wrote nothing
    response = client.post(f"/imports/{run.pk}/confirm/")
    assert response.status_code == 302
    assert Rating.objects.count() == 5
    run.refresh_from_db()
    assert run.committed_at is not None and run.content == b""  # the file is not kept
    page = client.get(f"/imports/{run.pk}/")
    assert page.status_code == 200 and "5 ratings" in page.content.decode()
    again = client.post(f"/imports/{run.pk}/confirm/")
    assert again.status_code == 422 and "imported already" in again.content.decode()
    assert Rating.objects.count() == 5


def test_preview_shows_the_errors_and_offers_no_confirm(cast, client):
    client.force_login(cast.alice.user)
    rows = [
        ("Ravi Patel", "ravi@example.com", "", "", "Data Engineer", ""),
        ("Mei Chen", "mei@", "", "", "Data Engineer", ""),
    ]
    upload(client, "candidates", candidates_csv(rows))
    run = ImportRun.objects.get()
    page = client.get(f"/imports/{run.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "it has 1 error in 2 rows" in html
    assert (
        "<td>3</td><td>email</td><td>&#x27;mei@&#x27; is not a valid e-mail address.</td>" in html
    )
    assert "confirm-import" not in html
    refused = client.post(f"/imports/{run.pk}/confirm/")
    assert refused.status_code == 422
    assert "nothing was imported" in refused.content.decode()


def test_upload_form_errors_are_422(cast, client):
    client.force_login(cast.alice.user)
    response = client.post("/imports/", {"kind": "ratings"})
    assert response.status_code == 422
    assert ImportRun.objects.count() == 0
    with override_settings(IMPORT_MAX_BYTES=10):
        response = upload(client, "ratings", ratings_csv(GOOD_RATINGS))
    assert response.status_code == 422
    assert "use the command line" in response.content.decode()


def test_uploads_older_than_a_day_expire(cast, client):
    client.force_login(cast.alice.user)
    upload(client, "ratings", ratings_csv(GOOD_RATINGS))
    run = ImportRun.objects.get()
    assert purge_expired_runs() == 0
    assert purge_expired_runs(now=timezone.now() + timedelta(hours=25)) == 1
    assert client.get(f"/imports/{run.pk}/").status_code == 404


def test_the_admin_site_lists_imports_without_their_content(cast, client):
    client.force_login(cast.alice.user)
    upload(client, "ratings", ratings_csv(GOOD_RATINGS), "past.csv")
    run = ImportRun.objects.get()
    listing = client.get("/admin/imports/importrun/")
    assert listing.status_code == 200 and "past.csv" in listing.content.decode()
    detail = client.get(f"/admin/imports/importrun/{run.pk}/change/")
    assert detail.status_code == 200
    assert "zoe@acme-test.test" not in detail.content.decode()


def test_committed_imports_stay_as_the_record_of_their_audit_event(cast, client):
    client.force_login(cast.alice.user)
    upload(client, "ratings", ratings_csv(GOOD_RATINGS))
    run = ImportRun.objects.get()
    client.post(f"/imports/{run.pk}/confirm/")
    assert purge_expired_runs(now=timezone.now() + timedelta(days=30)) == 0
    assert ImportRun.objects.get().summary["ratings"] == 5
