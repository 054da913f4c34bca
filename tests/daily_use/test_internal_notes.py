"""Internal notes on the application page: the hiring team (admins, recruiters, the hiring
manager: hiring.rules.can_view_candidate_notes) adds them and edits their own; interviewers
and approvers neither see nor write them. (The portal never shows them:
tests/portal/test_never_shows.py.)"""

import pytest
from django.urls import reverse

from secondround.audit.models import AuditEvent
from secondround.decisions.actions import do_propose_decision
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.note_actions import do_add_internal_note, do_edit_internal_note
from secondround.hiring.notes import InternalNote
from tests.conftest import login

NOTE = "Expects 80k; notice period two months."


@pytest.fixture
def team(cast):
    """Vera approves a decision on Dana, so she sees Dana's application page."""
    do_propose_decision(
        cast.harry, cast.dana_app, outcome="hire", summary="Strong.", rationale={},
        approvers=[cast.vera], incomplete_reason="Testing the notes, not the decision.",
    )  # fmt: skip
    return cast


def app_page(client, member, app):
    response = login(client, member).get(reverse("application", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("who", "may"),
    [("alice", True), ("harry", True), ("ivy", False), ("ian", False), ("vera", False)],
)
def test_who_reads_and_writes_notes_on_the_page(client, team, who, may):
    do_add_internal_note(team.alice, team.dana_app, text=NOTE)
    member = getattr(team, who)
    html = app_page(client, member, team.dana_app)
    assert (NOTE in html) is may
    assert ('id="add-note"' in html) is may
    assert ('id="internal-notes"' in html) is may
    response = client.post(reverse("note_add", args=[team.dana_app.pk]), {"text": "Mine"})
    assert response.status_code == (302 if may else 403)
    assert InternalNote.objects.filter(text="Mine").exists() is may


@pytest.mark.parametrize("who", ["nora", "oscar"])
def test_members_who_cannot_see_the_application_get_404(client, team, who):
    login(client, getattr(team, who))
    response = client.post(reverse("note_add", args=[team.dana_app.pk]), {"text": "Mine"})
    assert response.status_code == 404
    assert not InternalNote.objects.exists()


def test_adding_a_note_shows_it_with_author_and_records_no_text(client, team):
    login(client, team.harry)
    response = client.post(reverse("note_add", args=[team.dana_app.pk]), {"text": NOTE})
    assert response.status_code == 302 and response["Location"].endswith("#internal-notes")
    html = app_page(client, team.harry, team.dana_app)
    assert NOTE in html and "Harry, " in html and "Note added." in html
    event = AuditEvent.objects.get(action="internal_note.added")
    assert event.data == {"application": team.dana_app.pk}
    assert NOTE not in str(event.data)


def test_an_empty_note_is_refused_on_the_page(client, team):
    login(client, team.alice)
    response = client.post(reverse("note_add", args=[team.dana_app.pk]), {"text": "  "})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="note-error">Write the note first.' in html
    assert not InternalNote.objects.exists()


def test_the_author_edits_a_note_and_the_page_shows_the_last_edit(client, team):
    note = do_add_internal_note(team.harry, team.dana_app, text=NOTE)
    login(client, team.harry)
    form = client.get(reverse("note_edit", args=[note.pk]))
    assert form.status_code == 200 and NOTE in form.content.decode()
    response = client.post(reverse("note_edit", args=[note.pk]), {"text": "Expects 85k now."})
    assert response.status_code == 302
    html = app_page(client, team.harry, team.dana_app)
    assert "Expects 85k now." in html and NOTE not in html and "edited " in html
    event = AuditEvent.objects.get(action="internal_note.edited")
    assert event.data == {"application": team.dana_app.pk, "text": "changed"}


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("ivy", 404), ("oscar", 404)])
def test_only_the_author_edits_a_note(client, team, who, status):
    note = do_add_internal_note(team.harry, team.dana_app, text=NOTE)
    login(client, getattr(team, who))
    response = client.post(reverse("note_edit", args=[note.pk]), {"text": "Rewritten"})
    assert response.status_code == status
    note.refresh_from_db()
    assert note.text == NOTE and note.edited_at is None


def test_the_write_functions_refuse_outsiders_and_empty_text(team):
    with pytest.raises(NotAllowed):
        do_add_internal_note(team.ivy, team.dana_app, text=NOTE)
    with pytest.raises(NotAllowed):
        do_add_internal_note(team.oscar, team.dana_app, text=NOTE)
    note = do_add_internal_note(team.alice, team.dana_app, text=NOTE)
    with pytest.raises(NotAllowed):
        do_edit_internal_note(team.harry, note, text="Not mine")
    with pytest.raises(ActionError, match="Write the note first"):
        do_edit_internal_note(team.alice, note, text="")
