"""Helpers for the pipeline tests: PDF bytes, a third round, and a decided hire."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secondround.hiring import actions as hiring
from tests.api.conftest import api  # noqa: F401 (the API client fixture)
from tests.conftest import add_member

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def pdf_upload(name="cv.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def hank(cast):
    """A hiring manager of nothing in this job."""
    cast.hank = add_member(cast.acme, "hank", "hiring_manager")
    return cast.hank


@pytest.fixture
def round3(cast):
    """A third round for the job, with nora on its panel."""
    return hiring.do_save_round(
        cast.alice,
        cast.job,
        number=3,
        name="Round 3 (leadership)",
        objectives=["buy_in"],
        focus=[cast.problem],
        panel=[cast.nora],
    )


@pytest.fixture
def other_job(cast):
    job = hiring.do_create_job(cast.alice, title="Designer", hiring_manager=cast.harry)
    job.round1 = hiring.do_save_round(
        cast.alice, job, number=1, name="Portfolio", objectives=[], panel=[cast.ivy]
    )
    return job


def approve_hire(cast, application):
    """Propose a hire and have vera approve it: the one way to "hired"."""
    from secondround.decisions.actions import do_give_verdict, do_propose_decision

    decision = do_propose_decision(
        cast.harry,
        application,
        outcome="hire",
        summary="Strongest in both rounds.",
        rationale={},
        approvers=[cast.vera],
        incomplete_reason="The panel met Dana before we used secondround.",
    )
    return do_give_verdict(cast.vera, decision, "approved", "Agreed on the evidence.")
