"""Write functions for internal notes on an application (see hiring.notes for who may)."""

from django.db import transaction
from django.utils import timezone

from secondround.accounts.models import Member
from secondround.audit.log import record
from secondround.errors import ActionError, NotAllowed
from secondround.hiring.models import Application
from secondround.hiring.notes import InternalNote
from secondround.hiring.rules import can_view_candidate_notes

NOTE_MAX_CHARS = 5000


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionError("Write the note first.", "text")
    if len(text) > NOTE_MAX_CHARS:
        raise ActionError(f"Keep a note under {NOTE_MAX_CHARS} characters.", "text")
    return text


@transaction.atomic
def do_add_internal_note(member: Member, application: Application, *, text: str) -> InternalNote:
    if not can_view_candidate_notes(member, application):
        raise NotAllowed("Only admins, recruiters and the hiring manager write internal notes.")
    note = InternalNote.objects.create(
        application=application, author=member, text=_check_text(text)
    )
    # The note may hold personal details: the audit log says that one was written, not what.
    record(member, "internal_note.added", note, application=application.pk)
    return note


def may_edit_note(member: Member, note: InternalNote) -> bool:
    """A note is its author's: colleagues add their own rather than reword someone's."""
    return note.author_id == member.pk and can_view_candidate_notes(member, note.application)


@transaction.atomic
def do_edit_internal_note(member: Member, note: InternalNote, *, text: str) -> InternalNote:
    note = InternalNote.objects.select_for_update().select_related("application").get(pk=note.pk)
    if not may_edit_note(member, note):
        raise NotAllowed("Only the note's author edits it.")
    text = _check_text(text)
    if text != note.text:
        note.text, note.edited_at = text, timezone.now()
        note.save(update_fields=["text", "edited_at"])
    record(member, "internal_note.edited", note, application=note.application_id, text="changed")
    return note
