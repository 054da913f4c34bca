"""Job setup: the jobs list, a new job, and a job's competencies (with rubrics) and rounds.

Only oversight roles and hiring managers set jobs up (hiring.rules.can_set_up_job, the same
rule the write functions enforce); everyone else gets a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from secondround.accounts.models import Member
from secondround.errors import ActionError, forbid_if_not_allowed
from secondround.hiring.actions import (
    do_create_job,
    do_save_competency,
    do_save_round,
    do_update_job,
)
from secondround.hiring.models import (
    OBJECTIVE_PLAIN,
    Application,
    Competency,
    CompetencyKind,
    Job,
    JobStatus,
    Objective,
    Round,
    Stage,
)
from secondround.hiring.rules import can_set_up_job

# Jobs still being filled come first on the list.
STATUS_ORDER = {s: i for i, s in enumerate(["open", "draft", "on_hold", "filled", "closed"])}


def _require_setup(member, job=None) -> None:
    if not can_set_up_job(member, job):
        raise PermissionDenied("Only recruiters, admins and the job's hiring manager set up jobs.")


def _setup_job(request, pk) -> Job:
    job = get_object_or_404(
        Job.objects.visible_to(request.member).select_related("hiring_manager"), pk=pk
    )
    _require_setup(request.member, job)
    return job


def _url_or_none(name, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None  # that page is not built yet


def _hiring_managers(member):
    return Member.objects.visible_to(member).filter(is_hiring_manager=True, active=True)


@login_required
def jobs(request):
    member = request.member
    if not (member.has_oversight or member.is_hiring_manager):
        raise PermissionDenied("Job setup is for recruiters, admins and hiring managers.")
    job_list = list(Job.objects.visible_to(member).select_related("hiring_manager"))
    # Counts only: every application of a job this member may see is counted, whoever
    # interviews it, so the numbers match the job's real pipeline.
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.filter(job__in=[j.pk for j in job_list])
        .values("job_id", "stage")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["job_id"], {})[row["stage"]] = row["n"]
    candidates_url = _url_or_none("candidates")
    for job in job_list:
        by_stage = counts.get(job.pk, {})
        job.stage_counts = [(label, by_stage[v]) for v, label in Stage.choices if by_stage.get(v)]
        job.total = sum(by_stage.values())
        job.may_set_up = can_set_up_job(member, job)
        job.compare_url = _url_or_none("compare", job.pk) or f"/jobs/{job.pk}/compare/"
        job.candidates_url = f"{candidates_url}?job={job.pk}" if candidates_url else None
    job_list.sort(key=lambda j: (STATUS_ORDER.get(j.status, 9), j.title.lower()))
    context = {"nav": "jobs", "jobs": job_list, "may_create": can_set_up_job(member)}
    return render(request, "hiring/jobs.html", context)


def _int(value, field, message) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError) as bad:
        raise ActionError(message, field) from bad


def _chosen_manager(member, value) -> Member | None:
    if not value:
        return None
    manager = _hiring_managers(member).filter(pk=value if str(value).isdigit() else 0).first()
    if manager is None:
        raise ActionError("Choose a hiring manager from the list.", "hiring_manager")
    return manager


@login_required
def job_new(request):
    member = request.member
    _require_setup(member)
    errors, posted = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            job = do_create_job(
                member,
                title=posted.get("title", ""),
                department=posted.get("department", "").strip(),
                description=posted.get("description", "").strip(),
                hiring_manager=_chosen_manager(member, posted.get("hiring_manager")),
                scale_min=_int(posted.get("scale_min"), "scale_min", "Give the scale's bottom."),
                scale_max=_int(posted.get("scale_max"), "scale_max", "Give the scale's top."),
                status=posted.get("status", JobStatus.DRAFT),
            )
        except ActionError as error:
            forbid_if_not_allowed(error)
            errors = {error.field or "form": error.message}
        else:
            messages.success(request, f"{job.title} created. Next: its competencies and rounds.")
            return redirect("job_setup", job.pk)
    context = {
        "nav": "jobs",
        "posted": posted,
        "errors": errors,
        "statuses": JobStatus.choices,
        "managers": _hiring_managers(member),
        "default_manager": str(member.pk) if member.is_hiring_manager else "",
        "may_change_manager": member.has_oversight,
    }
    return render(request, "hiring/job_new.html", context, status=422 if errors else 200)


def _job_changes(member, posted) -> dict:
    """The posted fields; do_update_job checks the title, its uniqueness and the status."""
    changes = {
        "title": posted.get("title", ""),
        "department": posted.get("department", "").strip(),
        "description": posted.get("description", "").strip(),
        "status": posted.get("status", ""),
    }
    if member.has_oversight:  # only admins and recruiters change the hiring manager
        changes["hiring_manager"] = _chosen_manager(member, posted.get("hiring_manager"))
    return changes


@login_required
def job_setup(request, pk):
    member = request.member
    job = _setup_job(request, pk)
    errors, posted = {}, {}
    if request.method == "POST":
        posted = request.POST
        try:
            do_update_job(member, job, **_job_changes(member, posted))
        except ActionError as error:
            forbid_if_not_allowed(error)
            errors = {error.field or "form": error.message}
            job.refresh_from_db()
        else:
            messages.success(request, "Job saved.")
            return redirect("job_setup", job.pk)
    competencies = Competency.objects.visible_to(member).filter(job=job).prefetch_related("anchors")
    rounds = (
        Round.objects.visible_to(member)
        .filter(job=job)
        .prefetch_related(
            Prefetch("focus_competencies", queryset=Competency.objects.order_by("position")),
            "panel",
        )
    )
    context = {
        "nav": "jobs",
        "job": job,
        "posted": posted,
        "errors": errors,
        "statuses": JobStatus.choices,
        "managers": _hiring_managers(member),
        "may_change_manager": member.has_oversight,
        "competencies": competencies,
        "rounds": rounds,
        "questions_url": _url_or_none("questions"),
        "compare_url": _url_or_none("compare", job.pk),
    }
    return render(request, "hiring/job_setup.html", context, status=422 if errors else 200)


@login_required
def competency_form(request, pk, competency_pk=None):
    member = request.member
    job = _setup_job(request, pk)
    competency = None
    if competency_pk is not None:
        competency = get_object_or_404(
            Competency.objects.visible_to(member).filter(job=job), pk=competency_pk
        )
    errors, posted = {}, request.POST if request.method == "POST" else {}
    if request.method == "POST":
        anchors = {p: posted.get(f"anchor_{p}", "") for p in job.scale}
        try:
            weight = _weight(posted.get("weight", ""))
            saved = do_save_competency(
                member,
                job,
                name=posted.get("name", ""),
                kind=posted.get("kind", ""),
                weight=weight,
                description=posted.get("description", "").strip(),
                anchors=anchors,
                competency=competency,
            )
        except ActionError as error:
            forbid_if_not_allowed(error)
            # The only error without a field is a missing anchor: it belongs to the rubric.
            errors = {error.field or "anchors": error.message}
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect(reverse("job_setup", args=[job.pk]) + "#competencies")
    if posted:
        values = {p: posted.get(f"anchor_{p}", "") for p in job.scale}
    else:
        existing = {a.point: a.text for a in competency.anchors.all()} if competency else {}
        values = {p: existing.get(p, "") for p in job.scale}
    context = {
        "nav": "jobs",
        "job": job,
        "competency": competency,
        "errors": errors,
        "name": posted.get("name", competency.name if competency else ""),
        "kind": posted.get("kind", competency.kind if competency else CompetencyKind.SKILL),
        "weight": posted.get("weight", competency.weight if competency else 1),
        "description": posted.get("description", competency.description if competency else ""),
        "kinds": CompetencyKind.choices,
        "anchor_fields": [
            {"point": p, "text": values[p], "missing": bool(errors) and not values[p].strip()}
            for p in job.scale
        ],
    }
    return render(request, "hiring/competency_form.html", context, status=422 if errors else 200)


def _weight(value) -> float:
    try:
        return float(str(value).strip())
    except ValueError as bad:
        raise ActionError("The weight is a number, such as 1 or 1.5.", "weight") from bad


@login_required
def round_form(request, pk, round_pk=None):
    member = request.member
    job = _setup_job(request, pk)
    round_ = None
    if round_pk is not None:
        round_ = get_object_or_404(Round.objects.visible_to(member).filter(job=job), pk=round_pk)
    competencies = list(Competency.objects.visible_to(member).filter(job=job))
    people = list(Member.objects.visible_to(member).filter(active=True))
    errors, posted = {}, request.POST if request.method == "POST" else None
    if posted is not None:
        focus_ids, panel_ids = set(posted.getlist("focus")), set(posted.getlist("panel"))
        try:
            saved = do_save_round(
                member,
                job,
                number=_round_number(posted.get("number")),
                name=posted.get("name", ""),
                objectives=posted.getlist("objectives"),
                purpose=posted.get("purpose", "").strip(),
                focus=[c for c in competencies if str(c.pk) in focus_ids],
                panel=[m for m in people if str(m.pk) in panel_ids],
                duration_minutes=_duration(posted.get("duration_minutes")),
                round=round_,
            )
        except ActionError as error:
            forbid_if_not_allowed(error)
            errors = {error.field or "form": error.message}
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect(reverse("job_setup", args=[job.pk]) + "#rounds")
    if posted is not None:
        number, name = posted.get("number", ""), posted.get("name", "")
        objectives, purpose = posted.getlist("objectives"), posted.get("purpose", "")
        duration = posted.get("duration_minutes", "")
    elif round_ is not None:
        number, name, objectives = round_.number, round_.name, round_.objectives
        purpose, duration = round_.purpose, round_.duration_minutes
        focus_ids = {str(c.pk) for c in round_.focus_competencies.all()}
        panel_ids = {str(m.pk) for m in round_.panel.all()}
    else:
        number = (max((r.number for r in job.rounds.all()), default=0)) + 1
        name, objectives, purpose, duration = f"Round {number}", [], "", 60
        focus_ids, panel_ids = {str(c.pk) for c in competencies}, set()
    context = {
        "nav": "jobs",
        "job": job,
        "round": round_,
        "errors": errors,
        "number": number,
        "name": name,
        "purpose": purpose,
        "duration": duration,
        "objective_fields": [
            {
                "value": o.value,
                "label": o.label,
                "plain": OBJECTIVE_PLAIN[o],
                "checked": o.value in objectives,
            }
            for o in Objective
        ],
        "focus_fields": [{"item": c, "checked": str(c.pk) in focus_ids} for c in competencies],
        "panel_fields": [{"item": m, "checked": str(m.pk) in panel_ids} for m in people],
    }
    return render(request, "hiring/round_form.html", context, status=422 if errors else 200)


def _duration(value) -> int:
    minutes = _int(value, "duration_minutes", "The length is a number of minutes.")
    if not 5 <= minutes <= 600:
        raise ActionError("A round lasts between 5 and 600 minutes.", "duration_minutes")
    return minutes


def _round_number(value) -> int:
    number = _int(value, "number", "The round number is a whole number.")
    if number < 1:
        raise ActionError("Rounds are numbered from 1.", "number")
    return number
