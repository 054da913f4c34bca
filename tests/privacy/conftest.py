"""Dana's file, written by the cast through the write functions: scorecards whose evidence
names her, a concern, a CV, a document and a link from the portal, an e-mail to her; and
Luis, whose evidence mentions Dana by name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secondround.concerns.actions import do_raise_concern
from secondround.hiring.models import Candidate
from secondround.notifications.models import Notification
from secondround.portal.actions import (
    do_issue_portal_link,
    do_request_reschedule,
    do_upload_document,
)
from secondround.scorecards.actions import RatingInput, do_save_draft, do_submit_scorecard
from tests.conftest import interview_has_started

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def write_scorecard(member, interview, value, evidence, notes=""):
    ratings = [
        RatingInput(c.pk, value, f"{evidence} ({c.name})")
        for c in interview.round.focus_competencies.all()
    ]
    do_save_draft(member, interview, ratings, recommendation="yes", notes=notes)
    interview_has_started(interview)
    return do_submit_scorecard(member, interview)


@pytest.fixture
def dana_file(cast):
    c = cast
    Candidate.objects.filter(pk=c.dana.pk).update(
        phone="+44 20 7946 0000", notes="Dana Kim prefers mornings.", cv_text="Dana Kim, CV"
    )
    c.dana.refresh_from_db()
    c.dana.cv_file.save("cv.pdf", SimpleUploadedFile("cv.pdf", PDF), save=True)
    c.cv_name = c.dana.cv_file.name
    write_scorecard(c.ivy, c.dana_r1, 3, "Dana Kim explained the design; Dana was clear")
    write_scorecard(c.ian, c.dana_r1, 2, "dana.kim went quiet on trade-offs", notes="Dana Kim ok")
    write_scorecard(c.ivy, c.luis_r1, 4, "Stronger than Dana Kim on pipelines")
    write_scorecard(c.ian, c.luis_r1, 3, "Solid, at DANA KIM's level")
    c.concern = do_raise_concern(
        c.ivy, c.dana_app, type="skill_gap", title="Dana Kim: depth in streaming", probe="Ask Dana"
    )
    link, _ = do_issue_portal_link(c.alice, c.dana)
    c.document = do_upload_document(link, c.dana_app, SimpleUploadedFile("ref.txt", b"A ref"))
    c.document_name = c.document.file.name
    do_request_reschedule(link, c.dana_app, "I am Dana Kim, mornings please")
    Notification.objects.create(
        organisation=c.acme,
        kind=Notification._meta.get_field("kind").choices[0][0],
        target_type="hiring.candidate",
        target_id=c.dana.pk,
        recipient_email="dana@example.com",
        version="1",
        subject="Your interview, Dana Kim",
    )
    return c
