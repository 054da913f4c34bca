"""Each event fires from the real write functions, with the documented payload, and no
payload ever holds ratings, evidence, recommendations, notes, concerns' text or the
candidate's personal fields."""

from datetime import timedelta

import pytest
from django.utils import timezone

from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.decisions.actions import do_give_verdict, do_propose_decision
from secondround.hiring import actions as hiring
from secondround.hiring.application_actions import do_set_stage, do_withdraw_application
from tests.conftest import fill_scorecard

SECRET_WORDS = [
    "saw Problem solving",  # evidence, as fill_scorecard writes it
    "saw Collaboration",
    "recommendation",
    "Dana",
    "dana@example.com",
    "Depth in SQL",  # a concern's title
    "walked us through",  # a concern's closing evidence
    "Strong on both",  # a decision's summary
    "Good hands-on",  # a verdict's rationale
    "took another offer",  # a withdrawal note
    "secret",
]


@pytest.fixture
def sent(hooked, django_capture_on_commit_callbacks):
    """Run ``write`` and commit, as a request would; return what the receiver got since."""

    def run(write, *args, **kwargs):
        before = len(hooked.receiver.received)
        with django_capture_on_commit_callbacks(execute=True):
            result = write(*args, **kwargs)
        return result, hooked.receiver.received[before:]

    return run


def only(messages, event):
    found = [m for m in messages if m.json["event"] == event]
    assert len(found) == 1, [m.json["event"] for m in messages]
    message = found[0]
    assert message.valid and message.headers["Secondround-Event"] == event
    assert message.json["organisation"] == "acme-test"
    assert message.json["id"] == message.delivery_id
    return message.json["data"]


def test_candidate_created_with_its_applications(hooked, sent):
    candidate, got = sent(
        hiring.do_add_candidate, hooked.alice, name="Mia", email="mia@x.test", jobs=[hooked.job]
    )
    data = only(got, "candidate.created")
    application = candidate.applications.get()
    assert data == {
        "candidate_id": candidate.pk,
        "applications": [
            {"application_id": application.pk, "job_id": hooked.job.pk, "stage": "applied"}
        ],
    }
    new = only(got, "application.stage_changed")  # the new application, from nowhere
    assert new["from_stage"] is None and new["to_stage"] == "applied"


def test_stage_change(hooked, sent):
    _, got = sent(do_set_stage, hooked.alice, hooked.dana_app, "round_2")
    data = only(got, "application.stage_changed")
    assert data["application_id"] == hooked.dana_app.pk
    assert data["candidate_id"] == hooked.dana.pk and data["job_id"] == hooked.job.pk
    assert (data["from_stage"], data["to_stage"]) == ("round_1", "round_2")
    assert data["round"] == {"id": hooked.round2.pk, "number": 2, "name": "Round 2"}
    assert data["moved_by_id"] == hooked.alice.pk


def test_interview_scheduled(hooked, sent):
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    interview, got = sent(
        hiring.do_schedule_interview,
        hooked.alice,
        hooked.dana_app,
        hooked.round2,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        interviewers=[hooked.ivy, hooked.ian],
        video_link="https://meet.example.com/secret-room",
    )
    data = only(got, "interview.scheduled")
    assert data["interview_id"] == interview.pk and data["application_id"] == hooked.dana_app.pk
    assert data["round"]["number"] == 2
    assert data["interviewer_ids"] == sorted([hooked.ivy.pk, hooked.ian.pk])
    assert data["starts_at"].startswith(start.strftime("%Y-%m-%dT%H:%M:%S"))
    assert data["recorded_after"] is False


def test_scorecard_submitted_without_its_ratings(hooked, sent):
    card, got = sent(fill_scorecard, hooked.ivy, hooked.dana_r1, value=4)
    data = only(got, "scorecard.submitted")
    assert data == {
        "scorecard_id": card.pk,
        "interview_id": hooked.dana_r1.pk,
        "application_id": hooked.dana_app.pk,
        "candidate_id": hooked.dana.pk,
        "job_id": hooked.job.pk,
        "author_id": hooked.ivy.pk,
        "version": 1,
        "submitted_at": data["submitted_at"],
    }


def test_concern_resolved_without_its_text(hooked, sent):
    concern = do_raise_concern(
        hooked.alice, hooked.dana_app, type="skill_gap", title="Depth in SQL", blocking=True
    )
    _, got = sent(
        do_resolve_concern, hooked.alice, concern, "resolved", "She walked us through a migration."
    )
    data = only(got, "concern.resolved")
    assert data["concern_id"] == concern.pk and data["status"] == "resolved"
    assert data["blocking"] is True and data["resolved_by_id"] == hooked.alice.pk


def test_decision_proposed_then_made(hooked, sent):
    decision, got = sent(
        do_propose_decision,
        hooked.harry,
        hooked.dana_app,
        outcome="hire",
        summary="Strong on both",
        rationale={"Problem solving": "Strong on both"},
        approvers=[hooked.vera, hooked.victor],
        incomplete_reason="Ivy and Ian write theirs up today.",
    )
    data = only(got, "decision.proposed")
    assert data["decision_id"] == decision.pk and data["outcome"] == "hire"
    assert data["approver_ids"] == [hooked.vera.pk, hooked.victor.pk]
    assert data["version"] == 1 and data["revises_decision_id"] is None
    assert only(got, "application.stage_changed")["to_stage"] == "decision"

    _, got = sent(do_give_verdict, hooked.vera, decision, "approved", "Good hands-on")
    assert [m.json["event"] for m in got] == []  # one approver of two: nothing is made yet
    _, got = sent(do_give_verdict, hooked.victor, decision, "approved", "Good hands-on")
    made = only(got, "decision.made")
    assert made["decision_id"] == decision.pk and made["status"] == "approved"
    assert made["outcome"] == "hire" and made["decided_at"]
    assert only(got, "application.stage_changed")["to_stage"] == "hired"


def test_candidate_withdrew(hooked, sent):
    _, got = sent(do_withdraw_application, hooked.alice, hooked.luis_app, note="took another offer")
    data = only(got, "candidate.withdrew")
    assert data["application_id"] == hooked.luis_app.pk and data["candidate_id"] == hooked.luis.pk
    assert only(got, "application.stage_changed")["to_stage"] == "withdrawn"


def test_no_payload_holds_ratings_evidence_or_personal_fields(hooked, sent):
    """The whole loop, every event; then every body is searched for what must stay in."""
    test_scorecard_submitted_without_its_ratings(hooked, sent)
    test_concern_resolved_without_its_text(hooked, sent)
    test_decision_proposed_then_made(hooked, sent)
    test_candidate_withdrew(hooked, sent)
    received = hooked.receiver.received
    assert {m.json["event"] for m in received} >= {
        "scorecard.submitted",
        "concern.resolved",
        "decision.proposed",
        "decision.made",
        "candidate.withdrew",
    }
    for message in received:
        text = message.body.decode()
        leaked = [word for word in SECRET_WORDS if word.lower() in text.lower()]
        assert leaked == [], (message.json["event"], leaked)
        assert '"rating' not in text and '"evidence' not in text and '"notes' not in text


def test_a_subscription_gets_only_its_events(hooked, sent):
    hooked.subscription.events = ["decision.made"]
    hooked.subscription.save()
    _, got = sent(do_set_stage, hooked.alice, hooked.dana_app, "round_2")
    assert got == []


def test_another_organisation_gets_nothing(hooked, sent):
    from secondround.hiring.actions import do_add_candidate

    _, got = sent(do_add_candidate, hooked.oscar, name="Gia", email="gia@globex.test")
    assert got == []
