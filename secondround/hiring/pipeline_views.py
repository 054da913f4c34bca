"""A job's pipeline, and the moves of one candidate: advance (one step), move to a stage,
reject with a reason, withdraw.

Only those who run the job's pipeline (admins, recruiters, the job's hiring manager: the
same rule as job setup) see these pages; the job or application must first pass its
``visible_to`` filter, so anyone else gets a 404 or a 403.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from secondround.concerns.models import Concern
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.forms import posted, status_for, submit
from secondround.hiring.application_actions import (
    advance_label,
    do_advance_application,
    do_reject_application,
    do_set_stage,
    do_withdraw_application,
)
from secondround.hiring.models import (
    ROUND_STAGES,
    Application,
    Interview,
    InterviewStatus,
    Job,
    Round,
    Stage,
    StageChange,
)
from secondround.hiring.pipeline_forms import RejectForm, StageForm, WithdrawForm
from secondround.hiring.rules import can_set_up_job
from secondround.scorecards.models import Scorecard, ScorecardStatus
from secondround.timezones import member_zone

# Groups after the rounds, in pipeline order.
LATER_GROUPS = [Stage.FINALIST, Stage.DECISION, Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN]


def require_runs_pipeline(member, job) -> None:
    if not can_set_up_job(member, job):
        raise PermissionDenied("The pipeline is for recruiters, admins and the hiring manager.")


def pipeline_job(member, pk) -> Job:
    job = get_object_or_404(Job.objects.visible_to(member), pk=pk)
    require_runs_pipeline(member, job)
    return job


def pipeline_application(member, pk) -> Application:
    app = get_object_or_404(
        Application.objects.visible_to(member).select_related("job", "candidate"), pk=pk
    )
    require_runs_pipeline(member, app.job)
    return app


def group_key(app: Application) -> str:
    if app.stage in ROUND_STAGES:
        return f"round-{app.current_round_id}" if app.current_round_id else f"stage-{app.stage}"
    return app.stage


@dataclass
class Row:
    """One candidate's line in the pipeline."""

    app: Application
    cards_in: int = 0
    cards_due: int = 0
    open_concerns: int = 0
    next_interview: Interview | None = None
    advance: str | None = None
    status: str = ""  # "2 of 3 scorecards in · 1 open concern · interview Thu 27 Nov, 10:00"


@dataclass
class Group:
    key: str
    label: str
    rows: list[Row] = field(default_factory=list)
    count: int = 0


def _groups(job: Job, rounds: list[Round], apps: list[Application]) -> list[Group]:
    groups = [Group(Stage.APPLIED, Stage.APPLIED.label)]
    groups += [Group(f"round-{r.pk}", r.name) for r in rounds]
    known = {g.key for g in groups} | set(LATER_GROUPS)
    # A candidate in a round stage whose round is gone still shows, under its stage's name.
    for key in sorted({group_key(a) for a in apps} - known):
        groups.append(Group(key, Stage(key.removeprefix("stage-")).label))
    groups += [Group(s, Stage(s).label) for s in LATER_GROUPS]
    return groups


def _status(row: Row, zone, closing: StageChange | None) -> str:
    parts = [closing.get_reason_display()] if closing and closing.reason else []
    if row.cards_due:
        parts.append(f"{row.cards_in} of {row.cards_due} scorecard{pluralize(row.cards_due)} in")
    if row.open_concerns:
        parts.append(f"{row.open_concerns} open concern{pluralize(row.open_concerns)}")
    if row.next_interview:
        when = date_format(timezone.localtime(row.next_interview.starts_at, zone), "D j M, H:i")
        parts.append(f"interview {when}")
    elif row.app.stage in ROUND_STAGES and not row.cards_due:
        parts.append("no interview scheduled")
    return " · ".join(parts)


def _rows(member, job, rounds, apps, zone) -> list[Row]:
    """Scorecards in and due (status only, never ratings), open concerns, next interview."""
    now = timezone.now()
    interviews = (
        Interview.objects.filter(application__in=apps)
        .exclude(status=InterviewStatus.CANCELLED)
        .prefetch_related("interviewers")
        .order_by("starts_at")
    )
    submitted = set(
        Scorecard.objects.filter(
            interview__application__in=apps, status=ScorecardStatus.SUBMITTED
        ).values_list("interview_id", "author_id")
    )
    concerns = dict(
        Concern.objects.visible_to(member)
        .filter(application__in=apps)
        .open()
        .values_list("application_id")
        .annotate(n=Count("id"))
    )
    # Why each closed candidate left, from the last move into their stage.
    closing = {
        change.application_id: change
        for change in StageChange.objects.filter(
            application__in=[a for a in apps if a.stage in (Stage.REJECTED, Stage.WITHDRAWN)]
        ).order_by("moved_at", "pk")
    }
    by_app: dict[int, list[Interview]] = {}
    for interview in interviews:
        by_app.setdefault(interview.application_id, []).append(interview)
    rows = []
    for app in apps:
        row = Row(app, open_concerns=concerns.get(app.pk, 0), advance=advance_label(app, rounds))
        mine = by_app.get(app.pk, [])
        for interview in mine:
            if app.current_round_id and interview.round_id != app.current_round_id:
                continue
            if interview.starts_at < now:
                for person in interview.interviewers.all():
                    row.cards_due += 1
                    row.cards_in += (interview.pk, person.pk) in submitted
        row.next_interview = next((i for i in mine if i.starts_at >= now), None)
        row.status = _status(row, zone, closing.get(app.pk))
        rows.append(row)
    return rows


@login_required
def pipeline(request, pk):
    member = request.member
    job = pipeline_job(member, pk)
    rounds = list(job.rounds.order_by("number"))
    apps = list(
        Application.objects.visible_to(member)
        .filter(job=job)
        .select_related("candidate", "current_round")
        .order_by("candidate__name", "pk")
    )
    groups = _groups(job, rounds, apps)
    for group in groups:
        group.count = sum(1 for a in apps if group_key(a) == group.key)
    query = request.GET.get("q", "").strip()[:100]
    chosen = request.GET.get("stage", "")
    shown = [
        a
        for a in apps
        if (not chosen or group_key(a) == chosen)
        and (not query or query.lower() in f"{a.candidate.name} {a.candidate.email}".lower())
    ]
    by_key = {g.key: g for g in groups}
    zone = member_zone(member)
    for row in _rows(member, job, rounds, shown, zone):
        by_key[group_key(row.app)].rows.append(row)
    context = {
        "nav": "jobs",
        "job": job,
        "groups": groups,
        "shown_groups": [g for g in groups if g.rows],
        "query": query,
        "chosen": chosen,
        "total": len(apps),
        "here": request.get_full_path(),
    }
    return render(request, "hiring/pipeline.html", context)


def _back(request, app: Application):
    """Back where the person came from (the pipeline or the application), on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("application", app.pk)


@login_required
@require_POST
def advance(request, pk):
    """One step: the next round (open concerns handed to its panel), then scheduling."""
    app = pipeline_application(request.member, pk)
    try:
        result = do_advance_application(request.member, app)
    except ActionError as error:
        forbid_if_not_allowed(error)
        messages.error(request, error.message)
        return _back(request, app)
    name = app.candidate.name
    if result.round is None:
        messages.success(request, f"{name} is now a finalist.")
        return _back(request, app)
    carried = ""
    if result.carried:
        owners = sorted({c.owner.display_name for c in result.carried})
        count = len(result.carried)
        carried = f" {count} open concern{'s' if count > 1 else ''} handed to {', '.join(owners)}."
    messages.success(
        request, f"{name} moved to {result.round.name}.{carried} Schedule the interview now."
    )
    query = {"round": result.round.pk}
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        query["next"] = target
    return redirect(reverse("interview_new", args=[app.pk]) + "?" + urlencode(query))


def _move_page(request, pk, form_class, template, act, form_kwargs=None):
    """The shared shape of the reject, withdraw and stage pages: bind, act, go back."""
    app = pipeline_application(request.member, pk)
    form = form_class(posted(request), **(form_kwargs(app) if form_kwargs else {}))
    if form.is_valid() and submit(form, act, request.member, app, form.cleaned_data):
        app.refresh_from_db()
        messages.success(request, f"{app.candidate.name}: {app.stage_label}.")
        return _back(request, app)
    context = {"nav": "jobs", "app": app, "job": app.job, "form": form}
    context["next"] = request.POST.get("next") or request.GET.get("next", "")
    return render(request, template, context, status=status_for(form))


@login_required
def reject(request, pk):
    def act(member, app, data):
        return do_reject_application(member, app, reason=data["reason"], note=data["note"])

    return _move_page(request, pk, RejectForm, "hiring/reject.html", act)


@login_required
def withdraw(request, pk):
    def act(member, app, data):
        return do_withdraw_application(member, app, note=data["note"])

    return _move_page(request, pk, WithdrawForm, "hiring/withdraw.html", act)


@login_required
def move(request, pk):
    def act(member, app, data):
        return do_set_stage(member, app, data["stage"], round=data["round"], note=data["note"])

    return _move_page(
        request, pk, StageForm, "hiring/move.html", act, form_kwargs=lambda app: {"job": app.job}
    )
