"""Scheduling an interview for a candidate's round, rescheduling and cancelling it.

Times are entered in the organiser's own time zone (Member.timezone). The panel is chosen
from the round's panel, plus at most one other member of the organisation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from secondround.accounts.models import Member
from secondround.forms import posted, status_for, submit
from secondround.hiring.actions import (
    do_cancel_interview,
    do_reschedule_interview,
    do_schedule_interview,
)
from secondround.hiring.models import Interview, InterviewStatus, Round
from secondround.hiring.pipeline_forms import CancelInterviewForm, InterviewForm
from secondround.hiring.pipeline_views import pipeline_application, require_runs_pipeline
from secondround.scheduling.warnings import scheduling_warnings
from secondround.timezones import member_zone


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""


def _form(request, round, zone, initial=None):
    panel = round.panel.filter(active=True)
    others = (
        Member.objects.visible_to(request.member)
        .filter(active=True)
        .exclude(pk__in=panel.values("pk"))
    )
    return InterviewForm(posted(request), initial=initial, zone=zone, panel=panel, others=others)


def slot_key(data) -> str:
    """What the organiser agreed to go ahead with, so that changing the slot asks again."""
    people = ",".join(str(pk) for pk in sorted(m.pk for m in data["interviewers"]))
    return f"{data['starts_at'].isoformat()}|{data['ends_at'].isoformat()}|{people}"


def _clashes(request, data, exclude=None) -> list[str]:
    """Overlaps and out-of-hours slots the organiser has not yet agreed to go ahead with.
    An interview recorded after it took place is history, not a plan: nothing to warn."""
    if data["starts_at"] <= timezone.now() or request.POST.get("schedule_anyway") == slot_key(data):
        return []
    return scheduling_warnings(
        request.member, data["interviewers"], data["starts_at"], data["ends_at"], exclude=exclude
    )


def _chosen_round(app, request) -> Round:
    """The round asked for, else the candidate's current round, else the job's first."""
    rounds = app.job.rounds.order_by("number")
    wanted = request.POST.get("round") or request.GET.get("round")
    if wanted and str(wanted).isdigit():
        return get_object_or_404(rounds, pk=wanted)
    return rounds.filter(pk=app.current_round_id).first() or rounds.first()


@login_required
def interview_new(request, pk):
    member = request.member
    app = pipeline_application(member, pk)
    round = _chosen_round(app, request)
    if round is None:
        messages.error(request, "Give the job a round before scheduling interviews.")
        return redirect("job_setup", app.job_id)
    zone = member_zone(member)
    initial = {"panel": list(round.panel.filter(active=True))}
    form = _form(request, round, zone, initial)
    warnings = []
    if form.is_valid() and not (warnings := _clashes(request, form.cleaned_data)):
        data = form.cleaned_data
        interview = submit(
            form,
            do_schedule_interview,
            member,
            app,
            round,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            interviewers=data["interviewers"],
            location=data["location"],
            video_link=data["video_link"],
        )
        if interview is not None:
            held = " (recorded as already held)" if interview.recorded_after else ""
            messages.success(request, f"{round.name} with {app.candidate.name} scheduled{held}.")
            return redirect(_safe_next(request) or f"/applications/{app.pk}/")
    context = {
        "nav": "jobs",
        "app": app,
        "job": app.job,
        "round": round,
        "rounds": app.job.rounds.order_by("number"),
        "form": form,
        "zone": zone,
        "next": _safe_next(request),
        "warnings": warnings,
        "slot_key": slot_key(form.cleaned_data) if warnings else "",
    }
    return render(request, "hiring/interview_form.html", context, status=status_for(form))


def _interview(member, pk) -> Interview:
    interview = get_object_or_404(
        Interview.objects.visible_to(member).select_related(
            "application__job", "application__candidate", "round"
        ),
        pk=pk,
    )
    require_runs_pipeline(member, interview.application.job)
    return interview


@login_required
def interview_edit(request, pk):
    member = request.member
    interview = _interview(member, pk)
    app = interview.application
    zone = member_zone(member)
    local_start = timezone.localtime(interview.starts_at, zone)
    local_end = timezone.localtime(interview.ends_at, zone)
    panel_ids = set(interview.round.panel.values_list("pk", flat=True))
    people = list(interview.interviewers.all())
    initial = {
        "date": local_start.date(),
        "start": local_start.time(),
        "end": local_end.time(),
        "location": interview.location,
        "video_link": interview.video_link,
        "panel": [p for p in people if p.pk in panel_ids],
        "other": next((p for p in people if p.pk not in panel_ids), None),
        "already_held": interview.recorded_after,
    }
    form = _form(request, interview.round, zone, initial)
    cancelled = interview.status == InterviewStatus.CANCELLED
    warnings = []
    if form.is_valid() and not (warnings := _clashes(request, form.cleaned_data, interview.pk)):
        data = form.cleaned_data
        changed = submit(
            form,
            do_reschedule_interview,
            member,
            interview,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            interviewers=data["interviewers"],
            location=data["location"],
            video_link=data["video_link"],
        )
        if changed is not None:
            messages.success(request, "Interview updated.")
            return redirect("application", app.pk)
    context = {
        "nav": "jobs",
        "app": app,
        "job": app.job,
        "round": interview.round,
        "interview": interview,
        "cancelled": cancelled,
        "form": form,
        "cancel_form": CancelInterviewForm(),
        "zone": zone,
        "warnings": warnings,
        "slot_key": slot_key(form.cleaned_data) if warnings else "",
    }
    return render(request, "hiring/interview_form.html", context, status=status_for(form))


@login_required
def interview_cancel(request, pk):
    member = request.member
    interview = _interview(member, pk)
    form = CancelInterviewForm(posted(request))
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        if submit(form, do_cancel_interview, member, interview, reason=reason) is not None:
            messages.success(request, "Interview cancelled: its panel owes no scorecard for it.")
            return redirect("application", interview.application_id)
    context = {"nav": "jobs", "interview": interview, "app": interview.application, "form": form}
    return render(request, "hiring/interview_cancel.html", context, status=status_for(form))
