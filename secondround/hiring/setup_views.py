"""Job setup: the jobs list, a new job, and a job's competencies (with rubrics) and rounds.

Only oversight roles and hiring managers set jobs up (hiring.rules.can_set_up_job, the same
rule the write functions enforce); everyone else gets a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from secondround.forms import posted, status_for, submit
from secondround.hiring.actions import (
    do_create_job,
    do_save_competency,
    do_save_round,
    do_update_job,
)
from secondround.hiring.forms import CompetencyForm, JobForm, NewJobForm, RoundForm
from secondround.hiring.models import Competency, Job, Round, Stage
from secondround.hiring.rules import can_set_up_job
from secondround.hiring.setup_reads import (
    competencies_with_anchors,
    job_to_set_up,
    jobs_with_counts,
    rounds_with_focus_and_panel,
)
from secondround.web.links import id_url

# Jobs still being filled come first on the list.
STATUS_ORDER = {s: i for i, s in enumerate(["open", "draft", "on_hold", "filled", "closed"])}
STAGES = Stage.choices  # (an enum's ``choices`` builds a new list on every read)
JOB_LINKS = ("pipeline", "job_setup", "compare", "job_concerns")  # each job's pages on the list


def _require_setup(member, job=None) -> None:
    if not can_set_up_job(member, job):
        raise PermissionDenied("Only recruiters, admins and the job's hiring manager set up jobs.")


def _setup_job(request, pk) -> Job:
    job = job_to_set_up(request.member, pk)
    _require_setup(request.member, job)
    return job


@login_required
def jobs(request):
    member = request.member
    if not (member.has_oversight or member.is_hiring_manager):
        raise PermissionDenied("Job setup is for recruiters, admins and hiring managers.")
    job_list, counts = jobs_with_counts(member)
    candidates_url = reverse("candidates")
    for job in job_list:
        by_stage = counts[job.pk]
        job.stage_counts = [(label, by_stage[v]) for v, label in STAGES if by_stage.get(v)]
        job.total = sum(by_stage.values())
        job.may_set_up = can_set_up_job(member, job)
        job.links = {name: id_url(name, job.pk) for name in JOB_LINKS}
        job.links["candidates"] = f"{candidates_url}?job={job.pk}"
    job_list.sort(key=lambda j: (STATUS_ORDER.get(j.status, 9), j.title.lower()))
    context = {"nav": "jobs", "jobs": job_list, "may_create": can_set_up_job(member)}
    return render(request, "hiring/jobs.html", context)


@login_required
def job_new(request):
    member = request.member
    _require_setup(member)
    form = NewJobForm(member, posted(request))
    if form.is_valid():
        job = submit(form, do_create_job, member, **form.job_values(member))
        if job is not None:
            messages.success(request, f"{job.title} created. Next: its competencies and rounds.")
            return redirect("job_setup", job.pk)
    context = {"nav": "jobs", "form": form}
    return render(request, "hiring/job_new.html", context, status=status_for(form))


@login_required
def job_setup(request, pk):
    member = request.member
    job = _setup_job(request, pk)
    form = JobForm(member, posted(request), job=job)
    if form.is_valid():
        if submit(form, do_update_job, member, job, **form.changes()) is not None:
            messages.success(request, "Job saved.")
            return redirect("job_setup", job.pk)
        job.refresh_from_db()  # the heading shows the job as saved, not as typed
    context = {
        "nav": "jobs",
        "job": job,
        "form": form,
        "competencies": competencies_with_anchors(member, job),
        "rounds": rounds_with_focus_and_panel(member, job),
        "questions_url": reverse("questions"),
    }
    return render(request, "hiring/job_setup.html", context, status=status_for(form))


@login_required
def competency_form(request, pk, competency_pk=None):
    member = request.member
    job = _setup_job(request, pk)
    competency = None
    if competency_pk is not None:
        competency = get_object_or_404(
            Competency.objects.visible_to(member).filter(job=job), pk=competency_pk
        )
    form = CompetencyForm(job, posted(request), competency=competency)
    if form.is_valid():
        saved = submit(
            form, do_save_competency, member, job, **form.values(), competency=competency
        )
        if saved is not None:
            messages.success(request, f"Saved {saved.name}.")
            return redirect(reverse("job_setup", args=[job.pk]) + "#competencies")
        form.flag_empty_anchors()
    context = {"nav": "jobs", "job": job, "competency": competency, "form": form}
    return render(request, "hiring/competency_form.html", context, status=status_for(form))


@login_required
def round_form(request, pk, round_pk=None):
    member = request.member
    job = _setup_job(request, pk)
    round_ = None
    if round_pk is not None:
        round_ = get_object_or_404(Round.objects.visible_to(member).filter(job=job), pk=round_pk)
    form = RoundForm(member, job, posted(request), round=round_)
    if form.is_valid():
        saved = submit(form, do_save_round, member, job, **form.values(), round=round_)
        if saved is not None:
            messages.success(request, f"Saved {saved.name}.")
            return redirect(reverse("job_setup", args=[job.pk]) + "#rounds")
    context = {"nav": "jobs", "job": job, "round": round_, "form": form}
    return render(request, "hiring/round_form.html", context, status=status_for(form))
