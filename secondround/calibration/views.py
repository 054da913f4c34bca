"""The finalist comparison and the interviewer calibration report.

Both read the latest stored calibration snapshot; neither ever runs the engine in a request.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from secondround.accounts.models import Member
from secondround.calibration import charts
from secondround.calibration.access import blind_on_job, may_compare, may_see_report
from secondround.calibration.actions import do_request_recalibration
from secondround.calibration.compare import Finalist, build_comparison
from secondround.calibration.finalist_facts import finalist_facts, in_the_running
from secondround.calibration.report_facts import edited_after_feedback, rated_by_one_interviewer
from secondround.calibration.state import CalibrationState
from secondround.decisions.actions import may_decide
from secondround.errors import NotAllowed
from secondround.hiring.models import Application, Competency, Job, Stage
from secondround.prepared import one_or_404, prepared
from secondround.scorecards.actions import note_feedback_seen
from secondround.scorecards.models import Scorecard, ScorecardStatus

FINALIST_STAGES = (Stage.FINALIST, Stage.ROUND_2, Stage.ROUND_LATER, Stage.DECISION)


def not_allowed(request, message: str):
    return render(request, "calibration/not_allowed.html", {"message": message}, status=403)


def _chosen(request, applications: list[Application], in_snapshot: set[str]):
    """The finalists: those ticked in the form, else the job's finalist stages, else every
    application the snapshot rated, else all; by default only candidates still in the
    running (not hired, rejected or withdrawn)."""
    by_pk = {a.pk: a for a in applications}
    asked = [int(v) for v in request.GET.getlist("a") if v.isdigit() and int(v) in by_pk]
    if len(asked) >= 2:
        return [by_pk[pk] for pk in dict.fromkeys(asked)], True
    running = [a for a in applications if in_the_running(a)]
    for pick in (
        [a for a in running if a.stage in FINALIST_STAGES],
        [a for a in running if str(a.pk) in in_snapshot],
    ):
        if len(pick) >= 2:
            return pick, False
    return running, False


def _raw_by_author(ratings) -> dict[int, dict[str, tuple[float, int]]]:
    """Each finalist's visible ratings as written, per interviewer: (mean, count)."""
    values: dict[tuple[int, str], list[int]] = defaultdict(list)
    for r in ratings:
        key = (r["scorecard__interview__application_id"], str(r["scorecard__author_id"]))
        values[key].append(r["value"])
    out: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    for (app_id, author), vs in values.items():
        out[app_id][author] = (sum(vs) / len(vs), len(vs))
    return out


def _visible_cards_and_ratings(member, applications):
    """The finalists' submitted scorecards that the reader may see (blind feedback holds),
    as (scorecard id, application id, recommendation), and their ratings with what the page
    shows of each: one read through the scorecards' read filter, the ratings joined to the
    cards it admits (a rating is seen exactly when its scorecard is)."""
    rows = (
        Scorecard.objects.visible_to(member)
        .filter(status=ScorecardStatus.SUBMITTED, interview__application__in=applications)
        .order_by("interview__round__number", "author__display_name")
        .values_list(
            "pk",
            "interview__application_id",
            "recommendation",
            "ratings__value",
            "ratings__evidence",
            "ratings__competency__name",
            "author_id",
            "author__display_name",
            "interview__round__name",
        )
    )
    cards: dict[tuple[int, int, str], None] = {}
    ratings = []
    for pk, app_id, recommendation, value, evidence, competency, author, name, round_name in rows:
        cards[(pk, app_id, recommendation)] = None
        if value is not None:
            ratings.append(
                {
                    "value": value,
                    "evidence": evidence,
                    "competency__name": competency,
                    "scorecard__author_id": author,
                    "scorecard__author__display_name": name,
                    "scorecard__interview__application_id": app_id,
                    "scorecard__interview__round__name": round_name,
                }
            )
    return list(cards), ratings


# The comparison's reads of the job, built once per member (secondround.prepared).
_job = prepared(
    "job compared",
    lambda member, pk: (
        Job.objects.visible_to(member)
        # What the comparison uses of the job (not its description).
        .only("organisation", "hiring_manager", "title", "scale_min", "scale_max")
        .filter(pk=pk)
    ),
)
_applications = prepared(
    "applications compared",
    lambda member, job: (
        Application.objects.visible_to(member)
        .filter(job_id=job)
        .select_related("candidate")
        # What the page shows of them: a candidate's CV and contact details are not read.
        .only("stage", "job", "candidate", "candidate__name")
        .order_by("candidate__name")
    ),
)
_competency_names = prepared(
    "competency names of a job",
    lambda member, job: (
        Competency.objects.visible_to(member).filter(job_id=job).values_list("name", flat=True)
    ),
)


def _names(member) -> dict[str, str]:
    """The names of the members the reader may see, by engine id (the pk as text): one read
    of the organisation's members rather than a query built for each page's list of ids."""
    return {str(pk): name for pk, name in _member_names(member)}


_member_names = prepared(
    "names of visible members",
    lambda member: Member.objects.visible_to(member).values_list("pk", "display_name"),
)
_job_titles = prepared(
    "titles of visible jobs",
    lambda member: Job.objects.visible_to(member).values_list("pk", "title"),
)


@login_required
def compare(request, job_pk: int):
    member = request.member
    job = one_or_404(_job(member, pk=job_pk), "job")
    if not may_compare(member, job):
        return not_allowed(
            request,
            "The finalist comparison is for the hiring manager, recruiters, admins and "
            "approvers. Your own scorecards are on your interviews page.",
        )
    if blind_on_job(member, job.pk):
        # Calibrated figures are built from colleagues' ratings: blind feedback holds here too.
        return not_allowed(
            request,
            "You still owe a scorecard for a candidate of this job. The comparison opens once "
            "you have submitted it, so that your colleagues' ratings do not colour your own.",
        )
    state = CalibrationState(member)
    result = state.result_for_job(job.pk)
    applications = _applications(member, job=job.pk)
    for application in applications:
        application.job = job  # already read: spares may_decide a query per finalist
    in_snapshot = {
        str(c.get("candidate"))
        for c in result.get("candidates", [])
        if str(c.get("job")) == str(job.pk)
    }
    chosen, ticked = _chosen(request, applications, in_snapshot)
    competencies = _competency_names(member, job=job.pk)
    cards, ratings = _visible_cards_and_ratings(member, chosen)
    raw: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    rated_by: dict[int, set[str]] = defaultdict(set)
    for r in ratings:
        app_id = r["scorecard__interview__application_id"]
        raw[app_id][r["competency__name"]].append(r["value"])
        rated_by[app_id].add(str(r["scorecard__author_id"]))
    member_ids = {str(i.get("interviewer")) for i in result.get("interviewers", [])}
    member_names = {pk: name for pk, name in _names(member).items() if pk in member_ids}
    # The htmx toggle swaps the chart section alone, which shows no concern, tally or
    # decision: it reads none of them.
    fragment_only = bool(request.htmx)
    facts = None if fragment_only else finalist_facts(member, chosen, cards)
    by_author = _raw_by_author(ratings)
    finalists = [
        Finalist(
            application_id=a.pk,
            name=a.candidate.name,
            raw={c: (sum(v) / len(v), len(v)) for c, v in raw[a.pk].items()},
            blocking=[c.title for c in facts[a.pk].open_concerns if c.blocking] if facts else [],
            raw_by_author=by_author[a.pk],
        )
        for a in chosen
    ]
    comparison = build_comparison(result, job.pk, finalists, competencies, member_names, rated_by)
    # Both views show colleagues' ratings and evidence, or figures built from them.
    note_feedback_seen(
        member,
        {
            r["scorecard__interview__application_id"]
            for r in ratings
            if r["scorecard__author_id"] != member.pk
        }
        | {a.pk for a in chosen if str(a.pk) in in_snapshot},
    )
    view = "raw" if request.GET.get("view") == "raw" else "calibrated"
    for index, f in enumerate(comparison.finalists):
        f.series = index
        f.symbol = charts.SYMBOLS[index % len(charts.SYMBOLS)]
    context = {
        "view": view,
        "comparison": comparison,
        "query": "&".join(f"a={f.application_id}" for f in comparison.finalists),
        "fragment": charts.comparison_fragment(comparison, job, view),
    }
    if fragment_only:
        return render(request, "calibration/compare_chart.html", context)
    by_pk = {a.pk: a for a in chosen}
    for f in comparison.finalists:
        f.application = by_pk[f.application_id]
        f.in_running = in_the_running(f.application)
        f.facts = facts[f.application_id]
        f.may_decide = (
            may_decide(member, f.application) and f.in_running and f.facts.decision is None
        )
    context |= {
        "nav": "jobs",
        "job": job,
        "state": state,
        "applications": applications,
        "chosen_ids": {a.pk for a in chosen},
        "n_running": sum(1 for a in chosen if in_the_running(a)),
        "ticked": ticked,
        "evidence": charts.evidence_by_competency(comparison, ratings),
    }
    return render(request, "calibration/compare.html", context)


@login_required
def calibration_report(request):
    member = request.member
    if not may_see_report(member):
        return not_allowed(
            request,
            "The interviewer calibration report is for admins and recruiters: interviewers "
            "do not see each other's figures.",
        )
    state = CalibrationState(member)
    result = state.result
    ids = [str(i.get("interviewer")) for i in result.get("interviewers", [])]
    names = _names(member)
    reliability = {str(j) for j in result.get("reliability", {})}
    jobs = {pk: title for pk, title in _job_titles(member) if str(pk) in reliability}
    shown = {k: names[k] for k in ids if k in names}
    if state.snapshot is None:
        report = charts.interviewer_report(result, shown, jobs)
    else:
        key = (state.snapshot.pk, state.snapshot.created_at)
        report = charts.kept_interviewer_report(key, result, shown, jobs)
    context = {
        "nav": "calibration",
        "state": state,
        "report": report,
        "single": rated_by_one_interviewer(member),
        "edited": edited_after_feedback(member),
    }
    return render(request, "calibration/report.html", context)


@login_required
def calibration_status(request):
    """Polled by the report while a run is under way (htmx, every few seconds): the same
    "running" line while the figures are out of date, and once the run has stored a current
    snapshot, an ``HX-Refresh`` so that the page reloads with the new figures."""
    member = request.member
    if not may_see_report(member):
        return not_allowed(request, "The calibration report is for admins and recruiters.")
    # The page that polls has queued a run already when one was missing: never once a poll.
    state = CalibrationState(member, queue_when_missing=False)
    if state.snapshot is not None and not state.stale:
        response = render(request, "calibration/_run_status.html", {"state": state, "done": True})
        response["HX-Refresh"] = "true"
        return response
    return render(request, "calibration/_run_status.html", {"state": state, "done": False})


@require_POST
@login_required
def recalibrate(request):
    try:
        do_request_recalibration(request.member)
    except NotAllowed as refusal:
        return not_allowed(request, refusal.message)
    messages.success(request, "Recalibration started. This page updates when the run ends.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "calibration_report")
