"""Adding a candidate (with a likely-duplicate check), a candidate's page, and their CV file.

Reads go through ``Candidate.objects.visible_to``; the CV file is served only from here, as an
attachment, to whoever may see the candidate.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from secondround.forms import posted, status_for, submit
from secondround.hiring.application_actions import (
    do_add_candidate,
    do_apply_to_jobs,
    duplicate_of,
)
from secondround.hiring.candidate_forms import (
    ApplyForm,
    CandidateForm,
    UseExistingForm,
)
from secondround.hiring.models import Application, Candidate, Job
from secondround.hiring.rules import can_set_up_job, can_view_candidate_notes
from secondround.timezones import member_zone


def may_add_candidates(member) -> bool:
    return member is not None and (member.has_oversight or member.is_hiring_manager)


def jobs_to_apply_to(member):
    """The open jobs whose pipeline this member runs (the jobs do_apply lets them use)."""
    visible = Job.objects.visible_to(member).exclude(status__in=["filled", "closed"])
    return visible.filter(pk__in=[j.pk for j in visible if can_set_up_job(member, j)])


def _after_applying(candidate, applications):
    if len(applications) == 1:
        return redirect("application", applications[0].pk)
    return redirect("candidate", candidate.pk)


@login_required
def candidate_new(request):
    member = request.member
    if not may_add_candidates(member):
        raise PermissionDenied("Recruiters, admins and hiring managers add candidates.")
    jobs = jobs_to_apply_to(member)
    initial = {"timezone": member_zone(member).key, "jobs": request.GET.getlist("job")}
    form = CandidateForm(initial=initial, jobs=jobs)
    duplicate = None
    if request.method == "POST" and "use_existing" in request.POST:
        return _use_existing(request, jobs)
    if request.method == "POST":
        form = CandidateForm(request.POST, request.FILES, jobs=jobs)
        if form.is_valid():
            data = form.cleaned_data
            duplicate = duplicate_of(member, data["email"])
            if duplicate is None:
                candidate = submit(
                    form,
                    do_add_candidate,
                    member,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    source=data["source"],
                    source_detail=data["source_detail"],
                    timezone=data["timezone"],
                    cv_text=data["cv_text"],
                    cv_upload=data["cv_file"],
                    notes=data["notes"],
                    jobs=list(data["jobs"]),
                )
                if candidate is not None:
                    messages.success(request, f"{candidate.name} added.")
                    return _after_applying(candidate, list(candidate.applications.all()))
    return _render_new(request, form, duplicate)


def _render_new(request, form, duplicate, status=None):
    member = request.member
    visible_duplicate = (
        duplicate is not None
        and Candidate.objects.visible_to(member).filter(pk=duplicate.pk).exists()
    )
    context = {
        "nav": "candidates",
        "form": form,
        "duplicate": duplicate,
        "may_use_duplicate": visible_duplicate,
        "duplicate_jobs": (
            [a.job.title for a in duplicate.applications.select_related("job")]
            if visible_duplicate
            else []
        ),
    }
    if status is None:
        status = 422 if duplicate else status_for(form)
    return render(request, "hiring/candidate_new.html", context, status=status)


def _use_existing(request, jobs):
    """The person confirmed that the likely duplicate is the same candidate."""
    member = request.member
    form = UseExistingForm(request.POST, jobs=jobs)
    existing = None
    if form.is_valid():
        existing = get_object_or_404(
            Candidate.objects.visible_to(member), pk=form.cleaned_data["use_existing"]
        )
        created = submit(form, do_apply_to_jobs, member, existing, list(form.cleaned_data["jobs"]))
        if created is not None:
            messages.success(
                request,
                f"Applied {existing.name} to {len(created)} job{'s' if len(created) != 1 else ''}."
                if created
                else f"{existing.name} had already applied to those jobs.",
            )
            return _after_applying(existing, created)
    retry = CandidateForm(request.POST, jobs=jobs)
    retry.is_valid()
    for message in form.errors.get("jobs", []):
        retry.add_error("jobs", message)
    return _render_new(request, retry, existing or duplicate_of(member, request.POST.get("email")))


def candidate_for(member, pk) -> Candidate:
    return get_object_or_404(Candidate.objects.visible_to(member), pk=pk)


@login_required
def candidate(request, pk):
    member = request.member
    person = candidate_for(member, pk)
    applications = (
        Application.objects.visible_to(member)
        .filter(candidate=person)
        .select_related("job", "current_round")
    )
    jobs = jobs_to_apply_to(member).exclude(applications__candidate=person)
    form = ApplyForm(posted(request), jobs=jobs)
    if form.is_valid():
        created = submit(form, do_apply_to_jobs, member, person, list(form.cleaned_data["jobs"]))
        if created is not None:
            messages.success(request, f"Applied {person.name} to {len(created)} job(s).")
            return redirect("candidate", person.pk)
    context = {
        "nav": "candidates",
        "candidate": person,
        "applications": applications,
        "apply_form": form if jobs.exists() and may_add_candidates(member) else None,
        "show_notes": can_view_candidate_notes(member, person),
    }
    return render(request, "hiring/candidate.html", context, status=status_for(form))


@login_required
def candidate_cv(request, pk):
    """The uploaded CV, as a download: never rendered inline by the browser."""
    person = candidate_for(request.member, pk)
    if not person.cv_file:
        raise Http404("No CV file on record.")
    try:
        handle = person.cv_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The CV file is missing from storage.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=person.cv_filename or f"{person.name} CV.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def cv_url(candidate: Candidate) -> str | None:
    return reverse("candidate_cv", args=[candidate.pk]) if candidate.cv_file else None
