"""A job's concern ledger (open and closed, with a filter), and giving a concern an owner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from secondround.accounts.models import Member
from secondround.concerns.actions import do_assign_concern, may_assign
from secondround.concerns.forms import AssignForm, ConcernFilterForm
from secondround.concerns.models import Concern
from secondround.forms import submit
from secondround.hiring.models import Application, Job


@login_required
def job_concerns(request, job_pk: int):
    member = request.member
    job = get_object_or_404(Job.objects.visible_to(member), pk=job_pk)
    applications = list(
        Application.objects.visible_to(member)
        .filter(job=job)
        .select_related("candidate")
        .order_by("candidate__name")
    )
    form = ConcernFilterForm(request.GET or None, applications=applications)
    concerns = form.filter(
        Concern.objects.visible_to(member).filter(application__job=job), member
    ).select_related("application__candidate", "application__job", "raised_by", "owner")
    rows = [(concern, may_assign(member, concern)) for concern in concerns]
    context = {"nav": "jobs", "job": job, "form": form, "rows": rows}
    return render(request, "concerns/job_concerns.html", context)


def owner_choices(member, concern: Concern) -> tuple[list[Member], list[Member]]:
    """The job's panel first (every round's panel and this candidate's interviewers), then
    the organisation's other active members."""
    people = Member.objects.visible_to(member).filter(active=True)
    job = concern.application.job
    panel = list(
        people.filter(
            Q(panel_rounds__job=job) | Q(interviews__application=concern.application)
        ).distinct()
    )
    others = list(people.exclude(pk__in=[m.pk for m in panel]))
    return panel, others


@login_required
def assign_concern(request, pk: int):
    member = request.member
    concern = get_object_or_404(
        Concern.objects.visible_to(member).select_related(
            "application__candidate", "application__job", "owner", "raised_by"
        ),
        pk=pk,
    )
    if not may_assign(member, concern):
        raise PermissionDenied("Only the hiring team or the raiser gives a concern an owner.")
    panel, others = owner_choices(member, concern)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        initial={"owner": str(concern.owner_id or "")},
        panel=panel,
        others=others,
    )
    if form.is_valid() and submit(form, do_assign_concern, member, concern, form.chosen()):
        messages.success(request, f"{form.chosen().display_name} now owns “{concern.title}”.")
        return redirect(_back(request, concern))
    context = {
        "nav": "jobs",
        "concern": concern,
        "form": form,
        "back": _back(request, concern),
        "from_job": _from_job(request),
    }
    return render(request, "concerns/assign.html", context, status=422 if form.errors else 200)


def _back(request, concern: Concern) -> str:
    """Back to the job's list when the form was opened from it, else the application page."""
    if _from_job(request):
        return f"/jobs/{concern.application.job_id}/concerns/"
    return f"/applications/{concern.application_id}/#concern-{concern.pk}"


def _from_job(request) -> bool:
    return "job" in (request.GET.get("from"), request.POST.get("from"))
