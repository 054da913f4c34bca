"""Adds and changes in the admin go through the write functions, so their rules hold there:
each refusal shows the write function's own message on the admin form, and nothing is
saved or audited."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.hiring.models import Candidate, Competency, Interview, Job, Question, Round
from tests.admin_site.conftest import admin_url


def job(c, **extra):
    return {"title": "Platform Engineer", "status": "open", "scale_min": "1", "scale_max": "4",
            "department": "", "description": "", "hiring_manager": "", **extra}  # fmt: skip


def competency(c, **extra):
    anchors = {f"anchor_{p}": f"At {p}" for p in (1, 2, 3, 4)}
    return {"name": "Problem solving", "kind": "skill", "weight": "1", "description": "",
            **anchors, **extra}  # fmt: skip


def round_(c, **extra):
    return {"job": c.job.pk, "number": "3", "name": "Final", "purpose": "",
            "duration_minutes": "60", "focus_competencies": [c.problem.pk],
            "panel": [c.ivy.pk], **extra}  # fmt: skip


def interview(c, **extra):
    return {"application": c.luis_app.pk, "round": c.round2.pk, "interviewers": [c.ivy.pk],
            "starts_at_0": "2026-12-01", "starts_at_1": "10:00", "ends_at_0": "2026-12-01",
            "ends_at_1": "11:00", "location": "", "video_link": "", **extra}  # fmt: skip


# (model, change this record or None to add, form data, the write function's message, and
# how to tell that nothing was saved)
REFUSALS = {
    "job_without_title": (
        "job",
        None,
        lambda c: job(c, title="  "),
        "Give the job a title.",
        lambda c: Job.objects.count() == 2,
    ),
    "job_scale_upside_down": (
        "job",
        None,
        lambda c: job(c, scale_min="4", scale_max="2"),
        "The scale&#x27;s top must be above its bottom.",
        lambda c: Job.objects.count() == 2,
    ),
    "job_renamed_onto_another": (
        "job",
        "other_job",
        lambda c: job(c, title="Data Engineer"),
        "A job with this title already exists.",
        lambda c: Job.objects.filter(title="Designer").exists(),
    ),
    "competency_missing_an_anchor": (
        "competency",
        "problem",
        lambda c: competency(c, anchor_4=""),
        "Describe the behaviour for each scale point (missing: 4).",
        lambda c: c.problem.anchors.get(point=4).text == "Excellent",
    ),
    "competency_weight_zero": (
        "competency",
        "problem",
        lambda c: competency(c, weight="0"),
        "The weight must be above zero.",
        lambda c: Competency.objects.get(pk=c.problem.pk).weight == 1,
    ),
    "round_focus_from_another_job": (
        "round",
        None,
        lambda c: round_(c, focus_competencies=[c.other_skill.pk]),
        "Focus competencies must belong to this job.",
        lambda c: not Round.objects.filter(name="Final").exists(),
    ),
    "round_number_taken": (
        "round",
        None,
        lambda c: round_(c, number="2"),
        "This job already has a round 2.",
        lambda c: not Round.objects.filter(name="Final").exists(),
    ),
    "round_without_name": (
        "round",
        "round1",
        lambda c: round_(c, number="1", name=""),
        "Give the round a name.",
        lambda c: Round.objects.get(pk=c.round1.pk).name == "Round 1",
    ),
    "question_without_text": (
        "question",
        None,
        lambda c: {"topic": "Grit", "text": " ", "active": "on"},
        "A question needs a topic and its text.",
        lambda c: Question.objects.count() == 1,
    ),
    "candidate_twice": (
        "candidate",
        None,
        lambda c: {"name": "Dana again", "email": "dana@example.com"},
        "A candidate with that e-mail already exists.",
        lambda c: Candidate.objects.count() == 2,
    ),
    "interview_round_of_another_job": (
        "interview",
        None,
        lambda c: interview(c, round=c.other_round.pk),
        "The round belongs to another job.",
        lambda c: Interview.objects.count() == 2,
    ),
    "interview_ending_before_it_starts": (
        "interview",
        None,
        lambda c: interview(c, ends_at_1="09:00"),
        "The interview must end after it starts.",
        lambda c: Interview.objects.count() == 2,
    ),
    "interview_without_panel": (
        "interview",
        None,
        lambda c: interview(c, interviewers=[]),
        "Choose at least one interviewer.",
        lambda c: Interview.objects.count() == 2,
    ),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_the_write_functions_refusal_shows_on_the_admin_form(records, admin_client, case):
    model, target, data, message, unchanged = REFUSALS[case]
    pk = getattr(records, target).pk if target else None
    events = AuditEvent.objects.count()
    response = admin_client.post(admin_url(model, "change", pk), data(records))
    assert response.status_code == 200  # the form again, with the message on it
    assert message in response.content.decode()
    assert response.context["adminform"].form.errors
    assert unchanged(records)
    assert AuditEvent.objects.count() == events
