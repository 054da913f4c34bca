"""What the admin may add or change, it saves through the write function: the record is as
posted, and the write function's own audit event names the admin who made the change."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.hiring.models import Candidate, Competency, Interview, Job, Question, Round
from tests.admin_site.conftest import admin_url
from tests.admin_site.test_write_rules_hold_in_the_admin import competency, interview, job, round_

# (model, record to change or None to add, form data, audit action, check the saved record)
WRITES = {
    "add_job": (
        "job", None, lambda c: job(c, hiring_manager=c.harry.pk), "job.created",
        lambda c: Job.objects.get(title="Platform Engineer").hiring_manager == c.harry,
    ),
    "change_job": (
        "job", "other_job", lambda c: job(c, title="Product Designer", status="on_hold"),
        "job.updated", lambda c: Job.objects.get(pk=c.other_job.pk).status == "on_hold",
    ),
    "change_competency_and_rubric": (
        "competency", "problem", lambda c: competency(c, weight="2", anchor_4="Outstanding"),
        "competency.saved",
        lambda c: Competency.objects.get(pk=c.problem.pk).anchors.get(point=4).text
        == "Outstanding",
    ),
    "add_round": (
        "round", None, lambda c: round_(c, objectives=["finalists"]), "round.saved",
        lambda c: list(Round.objects.get(name="Final").panel.all()) == [c.ivy],
    ),
    "change_round": (
        "round", "round1", lambda c: round_(c, number="1", name="Screen"), "round.saved",
        lambda c: Round.objects.get(pk=c.round1.pk).name == "Screen",
    ),
    "add_question": (
        "question", None, lambda c: {"topic": "Grit", "text": "Again?", "active": "on"},
        "question.saved", lambda c: Question.objects.get(text="Again?").organisation == c.acme,
    ),
    "retire_question": (
        "question", "question", lambda c: {"topic": "Grit", "text": "A hard time?"},
        "question.saved", lambda c: not Question.objects.get(pk=c.question.pk).active,
    ),
    "add_candidate": (
        "candidate", None, lambda c: {"name": "Mei Chen", "email": "MEI@example.com"},
        "candidate.added",
        lambda c: Candidate.objects.get(email="mei@example.com").name == "Mei Chen",
    ),
    "schedule_interview": (
        "interview", None, interview, "interview.scheduled",
        lambda c: Interview.objects.filter(application=c.luis_app, round=c.round2).exists(),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", WRITES, ids=list(WRITES))
def test_an_admin_write_goes_through_the_write_function(records, admin_client, case):
    model, target, data, action, saved = WRITES[case]
    pk = getattr(records, target).pk if target else None
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = admin_client.post(admin_url(model, "change", pk), data(records))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert saved(records)
    # The write function's own event; the admin's record of the changed values
    # ("admin.added"/"admin.changed", tests/audit_trail) comes beside it.
    new = AuditEvent.objects.exclude(pk__in=before).exclude(action__startswith="admin.")
    assert [(e.action, e.actor, e.organisation) for e in new] == [
        (action, records.alice, records.acme)
    ]
