"""Internal notes on the application page: add one, edit one's own (see hiring.notes)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from secondround.forms import posted, status_for, submit
from secondround.hiring.models import Application
from secondround.hiring.note_actions import do_add_internal_note, do_edit_internal_note
from secondround.hiring.notes import InternalNote


class InternalNoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def _notes_anchor(application_pk: int) -> str:
    return reverse("application", args=[application_pk]) + "#internal-notes"


@login_required
@require_POST
def note_add(request, pk):
    member = request.member
    app = get_object_or_404(Application.objects.visible_to(member), pk=pk)
    form = InternalNoteForm(request.POST)
    if form.is_valid() and submit(form, do_add_internal_note, member, app, **form.cleaned_data):
        messages.success(request, "Note added.")
        return redirect(_notes_anchor(app.pk))
    from secondround.hiring.views import application

    return application(request, app.pk, note_form=form)


@login_required
def note_edit(request, pk):
    member = request.member
    note = get_object_or_404(
        InternalNote.objects.visible_to(member).select_related("application__job"), pk=pk
    )
    if note.author_id != member.pk:
        raise PermissionDenied("Only the note's author edits it.")
    form = InternalNoteForm(posted(request), initial={"text": note.text})
    if form.is_valid() and submit(form, do_edit_internal_note, member, note, **form.cleaned_data):
        messages.success(request, "Note saved.")
        return redirect(_notes_anchor(note.application_id))
    context = {"nav": "candidates", "note": note, "app": note.application, "form": form}
    return render(request, "hiring/note_form.html", context, status=status_for(form))
