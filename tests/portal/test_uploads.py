"""Supporting documents: size and type limits, stored outside any served folder, and served
only to members who may see the application (table over every role)."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from secondround.portal.models import PortalDocument
from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(client, cast, portal, name, data, content_type="application/pdf"):
    path = f"{portal.url}applications/{cast.dana_app.pk}/documents/"
    return client.post(path, {"file": SimpleUploadedFile(name, data, content_type)})


def test_a_pdf_is_stored_outside_the_web_root(client, cast, portal, settings):
    response = upload(client, cast, portal, "portfolio.pdf", PDF)
    assert response.status_code == 302
    document = PortalDocument.objects.get(application=cast.dana_app)
    assert document.original_name == "portfolio.pdf" and document.size == len(PDF)
    stored = document.file.path
    assert stored.startswith(str(settings.UPLOADS_DIR))
    assert not stored.startswith(str(django_settings.STATIC_ROOT))
    assert "portfolio" not in stored  # saved under a random name
    home = client.get(portal.url)
    assert home.status_code == 200 and "portfolio.pdf" in home.content.decode()


def test_oversized_upload_is_refused(client, cast, portal, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    response = upload(client, cast, portal, "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 422
    assert "too large" in response.content.decode()
    assert not PortalDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", b"MZ\x90\x00binary"),
        ("page.html", b"<script>alert(1)</script>"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("image.png", PDF),
    ],
)
def test_forbidden_file_type_is_refused(client, cast, portal, name, data):
    response = upload(client, cast, portal, name, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Upload a PDF" in html or "not a real" in html
    assert not PortalDocument.objects.exists()


# Who may download Dana's document: whoever may see her application.
DOWNLOADERS = {
    "alice": 200,  # admin + recruiter
    "harry": 200,  # the job's hiring manager
    "ivy": 200,  # on Dana's panel
    "ian": 200,
    "nora": 404,  # interviewer on no panel
    "vera": 404,  # approver, no decision on Dana yet
    "oscar": 404,  # another organisation
}


@pytest.mark.parametrize(("who", "status"), DOWNLOADERS.items())
def test_documents_are_served_only_to_members_who_see_the_application(
    client, cast, portal, who, status
):
    upload(client, cast, portal, "portfolio.pdf", PDF)
    document = PortalDocument.objects.get()
    client.logout()
    response = login(client, getattr(cast, who)).get(f"/portal/documents/{document.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]


def test_anonymous_cannot_download(client, cast, portal):
    upload(client, cast, portal, "portfolio.pdf", PDF)
    response = client.get(f"/portal/documents/{PortalDocument.objects.get().pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_document_is_in_the_kit_and_on_the_application_page(client, cast, portal):
    upload(client, cast, portal, "portfolio.pdf", PDF)
    login(client, cast.ivy)
    kit = client.get(f"/interviews/{portal.r2.pk}/kit/")
    assert kit.status_code == 200 and "portfolio.pdf" in kit.content.decode()
    page = client.get(f"/applications/{cast.dana_app.pk}/")
    assert page.status_code == 200 and "portfolio.pdf" in page.content.decode()
