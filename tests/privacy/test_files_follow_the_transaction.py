"""Files follow their write function's transaction: a write that fails leaves no stored file
behind (a CV no record points to could never be seen, exported or erased), and an erasure
that rolls back leaves the files its records still point to."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from secondround.hiring import actions as hiring
from secondround.hiring.models import Candidate
from secondround.portal import actions as portal_actions
from secondround.portal.models import PortalDocument
from secondround.privacy import erasure
from secondround.privacy.actions import do_erase_candidate
from tests.pipeline.conftest import pdf_upload

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def crash(*args, **kwargs):
    raise Crash


def stored_files():
    uploads = storages["uploads"]

    def walk(folder):
        folders, files = uploads.listdir(folder)
        found = [f"{folder}/{name}".lstrip("/") for name in files]
        for sub in folders:
            found += walk(f"{folder}/{sub}".lstrip("/"))
        return found

    return set(walk(""))


def test_a_failed_add_candidate_leaves_no_cv(cast, monkeypatch):
    before = stored_files()
    monkeypatch.setattr("secondround.hiring.application_actions.record", crash)
    with pytest.raises(Crash):
        hiring.do_add_candidate(
            cast.alice, name="Priya Shah", email="priya@example.com", cv_upload=pdf_upload()
        )
    assert not Candidate.objects.filter(email="priya@example.com").exists()
    assert stored_files() == before


def test_a_stored_cv_stays(cast):
    before = stored_files()
    priya = hiring.do_add_candidate(
        cast.alice, name="Priya Shah", email="priya@example.com", cv_upload=pdf_upload()
    )
    assert stored_files() == before | {priya.cv_file.name}


def test_a_failed_portal_upload_leaves_no_document(cast, monkeypatch):
    link, _ = portal_actions.do_issue_portal_link(cast.alice, cast.dana)
    before = stored_files()
    monkeypatch.setattr(portal_actions.mail, "tell_recruiters", crash)
    with pytest.raises(Crash):
        portal_actions.do_upload_document(
            link, cast.dana_app, SimpleUploadedFile("ref.txt", b"A reference")
        )
    assert not PortalDocument.objects.exists()
    assert stored_files() == before


def test_an_erasure_that_rolls_back_keeps_the_files(
    dana_file, monkeypatch, django_capture_on_commit_callbacks
):
    c = dana_file
    monkeypatch.setattr(erasure, "scrub_rows", crash)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Crash):
        do_erase_candidate(c.alice, c.dana, confirmation="dana kim")
    uploads = storages["uploads"]
    assert uploads.exists(c.cv_name) and uploads.exists(c.document_name)
    assert Candidate.objects.get(pk=c.dana.pk).cv_file.name == c.cv_name
