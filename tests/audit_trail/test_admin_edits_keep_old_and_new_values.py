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
        {"organisation": cast.acme.pk, "topic": "Grit", "text": "Tell me more.", "active": ""},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.changed", target_id=question.pk)
    assert event.data["changes"] == {
        "text": {"old": "Tell me.", "new": "Tell me more."},
        "active": {"old": True, "new": False},
    }


def test_a_candidate_edit_records_only_which_fields_changed(cast, client):
    login(client, cast.alice)
    response = client.post(
        f"/admin/hiring/candidate/{cast.dana.pk}/change/",
        {
            "organisation": cast.acme.pk,
            "name": "Dana Kim-Park",
            "email": "dana.new@example.com",
            "phone": "",
            "timezone": "UTC",
            "cv_text": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(
        action="admin.changed", target_type="hiring.candidate", target_id=cast.dana.pk
    )
    assert event.data["changes"] == {"name": "changed", "email": "changed"}
    text = str(event.data)
    assert "Dana" not in text and "dana" not in text and "example.com" not in text


def test_secrets_are_never_recorded():
    changes = field_changes(
        "auth.user",
        ["password", "email"],
        {"password": "old"},
        {"password": "pbkdf2$new", "email": "a@b.test"},
    )
    assert changes["password"] == "changed"
    assert changes["email"] == {"old": None, "new": "a@b.test"}
