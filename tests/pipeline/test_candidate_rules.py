"""do_add_candidate: duplicates, CV type and size, who may add, applying in the same step."""

import pytest
from django.conf import settings

from secondround.audit.models import AuditEvent
from secondround.errors import ActionError, NotAllowed
from secondround.hiring import actions as hiring
from secondround.hiring.models import Candidate, StageChange
from tests.pipeline.conftest import EXE, PDF, pdf_upload


def test_a_candidate_with_a_pdf_is_applied_to_two_jobs_in_one_step(cast, other_job):
    person = hiring.do_add_candidate(
        cast.harry,
        name=" Priya Shah ",
        email="Priya@Example.com",
        source="referral",
        cv_upload=pdf_upload("Priya CV.pdf"),
        jobs=[cast.job, other_job],
    )
    assert (person.name, person.email, person.source) == (
        "Priya Shah",
        "priya@example.com",
        "referral",
    )
    assert person.cv_filename == "Priya CV.pdf"
    with person.cv_file.open("rb") as stored:
        assert stored.read() == PDF
    # Stored under the uploads directory, never under the static root, with a random name.
    path = person.cv_file.path
    assert path.startswith(str(settings.UPLOADS_DIR)) and not path.startswith(
        str(settings.STATIC_ROOT)
    )
    assert "Priya" not in path
    jobs = {a.job for a in person.applications.all()}
    assert jobs == {cast.job, other_job}
    assert (
        StageChange.objects.filter(application__candidate=person, to_stage="applied").count() == 2
    )
    assert AuditEvent.objects.filter(action="candidate.added", target_id=person.pk).exists()


def test_a_duplicate_email_is_refused(cast):
    with pytest.raises(ActionError) as refused:
        hiring.do_add_candidate(cast.alice, name="Dana Again", email=" DANA@example.com")
    assert refused.value.field == "email"
    assert Candidate.objects.filter(email="dana@example.com").count() == 1


def test_an_oversized_cv_is_refused(cast, settings):
    settings.CV_MAX_BYTES = 1000
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * 2000)
    with pytest.raises(ActionError) as refused:
        hiring.do_add_candidate(cast.alice, name="Big", email="big@example.com", cv_upload=big)
    assert refused.value.field == "cv_file" and "limit" in refused.value.message
    assert not Candidate.objects.filter(email="big@example.com").exists()


@pytest.mark.parametrize(
    "name, content",
    [("setup.pdf", EXE), ("cv.exe", PDF), ("cv.PDF.txt", PDF), ("empty.pdf", b"")],
)
def test_a_file_that_is_not_a_pdf_is_refused(cast, name, content):
    with pytest.raises(ActionError) as refused:
        hiring.do_add_candidate(
            cast.alice, name="X", email="x@example.com", cv_upload=pdf_upload(name, content)
        )
    assert refused.value.field == "cv_file"
    assert not Candidate.objects.filter(email="x@example.com").exists()


def test_other_source_needs_words(cast):
    with pytest.raises(ActionError) as refused:
        hiring.do_add_candidate(cast.alice, name="Y", email="y@example.com", source="other")
    assert refused.value.field == "source_detail"
    person = hiring.do_add_candidate(
        cast.alice, name="Y", email="y@example.com", source="other", source_detail="Podcast"
    )
    assert person.source_detail == "Podcast"


def test_interviewers_and_approvers_do_not_add_candidates(cast):
    for member in (cast.ivy, cast.vera):
        with pytest.raises(NotAllowed):
            hiring.do_add_candidate(member, name="Z", email="z@example.com")


def test_a_hiring_manager_cannot_apply_to_a_job_they_do_not_run(cast, hank):
    with pytest.raises(NotAllowed):
        hiring.do_add_candidate(hank, name="Z", email="z@example.com", jobs=[cast.job])
    assert not Candidate.objects.filter(email="z@example.com").exists()


def test_applying_an_existing_candidate_again_creates_nothing(cast, other_job):
    created = hiring.do_apply_to_jobs(cast.alice, cast.dana, [cast.job, other_job])
    assert [a.job for a in created] == [other_job]
    assert cast.dana.applications.count() == 2


def test_a_candidate_of_another_organisation_is_not_applied(cast):
    stranger = hiring.do_add_candidate(cast.oscar, name="S", email="s@example.com")
    with pytest.raises(NotAllowed):
        hiring.do_apply(cast.alice, stranger, cast.job)
