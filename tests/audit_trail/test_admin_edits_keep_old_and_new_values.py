"""An admin-site edit is audited with each changed field's old and new values, except a
candidate's personal fields, recorded only as "changed" (erasure never touches the trail)."""

from secondround.audit.changes import field_changes
from secondround.audit.models import AuditEvent
from secondround.hiring.models import Question
from tests.conftest import login


def test_a_question_edit_keeps_old_and_new_text(cast, client):
    question = Question.objects.create(organisation=cast.acme, topic="Grit", text="Tell me.")
    login(client, cast.alice)
    response = client.post(
        f"/admin/hiring/question/{question.pk}/change/",
        {"topic": "Grit", "text": "Tell me more.", "active": ""},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="question.saved", target_id=question.pk).exists()
    event = AuditEvent.objects.get(action="admin.changed", target_id=question.pk)
    assert event.data["changes"] == {
        "text": {"old": "Tell me.", "new": "Tell me more."},
        "active": {"old": True, "new": False},
    }


def test_a_candidate_added_in_the_admin_records_only_which_fields_were_set(cast, client):
    login(client, cast.alice)
    response = client.post(
        "/admin/hiring/candidate/add/", {"name": "Mei Chen", "email": "mei@example.com"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.added", target_type="hiring.candidate")
    assert event.actor == cast.alice
    assert event.data["changes"] == {"name": "changed", "email": "changed"}
    text = str(event.data)
    assert "Mei" not in text and "mei" not in text and "example.com" not in text


def test_secrets_are_never_recorded():
    changes = field_changes(
        "auth.user",
        ["password", "email"],
        {"password": "old"},
        {"password": "pbkdf2$new", "email": "a@b.test"},
    )
    assert changes["password"] == "changed"
    assert changes["email"] == {"old": None, "new": "a@b.test"}
