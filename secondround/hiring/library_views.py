"""The competency library's pages: the list, an entry's form, and copying entries into a job.

Everyone in the organisation may read the library; admins and recruiters keep it
(library_actions.may_manage_library); whoever sets a job up copies from it into that job."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from secondround.forms import posted, status_for, submit
from secondround.hiring.library import LIBRARY_SCALE, LibraryCompetency
from secondround.hiring.library_actions import (
    do_copy_from_library,
    do_save_library_competency,
    may_manage_library,
)
from secondround.hiring.library_forms import CopyFromLibraryForm, LibraryCompetencyForm
from secondround.hiring.rules import can_set_up_job
from secondround.hiring.setup_views import _setup_job


def _library(member):
    if member is None:
        raise PermissionDenied("Only members of an organisation read its library.")
    return LibraryCompetency.objects.visible_to(member)


@login_required
def library(request):
    member = request.member
    entries = _library(member)
    context = {
        "nav": "jobs",
        "entries": entries,
        "may_manage": may_manage_library(member),
        "may_set_up": can_set_up_job(member),
        "scale": LIBRARY_SCALE,
    }
    return render(request, "hiring/library.html", context)


@login_required
def library_form(request, pk=None):
    member = request.member
    entry = get_object_or_404(_library(member), pk=pk) if pk is not None else None
    if not may_manage_library(member):
        raise PermissionDenied("Only admins and recruiters keep the competency library.")
    form = LibraryCompetencyForm(posted(request), entry=entry)
    if form.is_valid():
        saved = submit(form, do_save_library_competency, member, **form.values(), entry=entry)
        if saved is not None:
            messages.success(request, f"Saved {saved.name} in the library.")
            return redirect(reverse("competency_library") + f"#entry-{saved.pk}")
    context = {"nav": "jobs", "entry": entry, "form": form, "scale": LIBRARY_SCALE}
    return render(request, "hiring/library_form.html", context, status=status_for(form))


@login_required
def copy_from_library(request, pk):
    """Choose library competencies for a job; each becomes the job's own copy."""
    member = request.member
    job = _setup_job(request, pk)
    form = CopyFromLibraryForm(posted(request), job=job, library=_library(member))
    if form.is_valid():
        entries = list(form.cleaned_data["entries"])
        copies = submit(form, do_copy_from_library, member, job, entries)
        if copies is not None:
            names = ", ".join(c.name for c in copies)
            messages.success(request, f"Copied into {job.title}: {names}.")
            return redirect(reverse("job_setup", args=[job.pk]) + "#competencies")
    context = {"nav": "jobs", "job": job, "form": form}
    return render(request, "hiring/library_copy.html", context, status=status_for(form))
