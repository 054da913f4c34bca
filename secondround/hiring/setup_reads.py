"""The reads of the jobs list and the job setup page, each built once per member
(``secondround.prepared``): the pages show the same queries every time, and building them
was most of their server time.

The setup page reads its competencies' anchors and its rounds' focus and panel as flat
rows, grouped here, rather than with ``prefetch_related``, whose queries Django would build
anew on every request.
"""

from collections import defaultdict

from django.db.models import Count

from secondround.accounts.models import Member
from secondround.hiring.models import Application, Competency, Job, Round, RubricAnchor
from secondround.prepared import one_or_404, prepared

_job = prepared(
    "job to set up",
    lambda member, pk: (
        Job.objects.visible_to(member).select_related("hiring_manager").filter(pk=pk)
    ),
)
_competencies = prepared(
    "competencies of a job to set up",
    lambda member, job: Competency.objects.visible_to(member).filter(job_id=job),
)
_anchors = prepared(
    "rubric anchors of a job",
    lambda member, job: (
        RubricAnchor.objects.visible_to(member)
        .filter(competency__job_id=job)
        .values_list("competency_id", "point", "text", named=True)
    ),
)
rounds_of_job = prepared(
    "rounds of a job",
    lambda member, job: Round.objects.visible_to(member).filter(job_id=job),
)
_focus = prepared(
    "focus competencies of a job's rounds",
    lambda member, job: (
        Competency.objects.visible_to(member)
        .filter(rounds__job_id=job)
        .order_by("position", "name")
        .values_list("rounds", "name")
    ),
)
_panels = prepared(
    "panels of a job's rounds",
    lambda member, job: (
        Member.objects.visible_to(member)
        .filter(panel_rounds__job_id=job)
        .values_list("panel_rounds", "display_name")
    ),
)


def hiring_managers(member):
    """The members who may be chosen as a job's hiring manager."""
    return Member.objects.visible_to(member).filter(is_hiring_manager=True, active=True)


# The members the hiring-manager select offers (the form's field keeps the queryset).
hiring_manager_choices = prepared(
    "hiring managers to choose from",
    lambda member: hiring_managers(member).only("display_name"),
)
_jobs = prepared(
    "jobs list",
    lambda member: (
        Job.objects.visible_to(member)
        .select_related("hiring_manager")
        .only("organisation_id", "title", "department", "status", "hiring_manager__display_name")
    ),
)
# Counts only: every application of a job this member may see is counted, whoever
# interviews it, so the numbers match the job's real pipeline.
_application_counts = prepared(
    "applications per job and stage",
    lambda member: (
        Application.objects.filter(job__in=Job.objects.visible_to(member))
        .order_by()
        .values("job_id", "stage")
        .annotate(n=Count("id"))
    ),
)


def job_to_set_up(member, pk: int) -> Job:
    """The job, if the member may see it (404 otherwise)."""
    return one_or_404(_job(member, pk=pk), "job")


def competencies_with_anchors(member, job: Job) -> list[Competency]:
    """The job's competencies, each with ``anchor_list``: its rubric, point by point."""
    anchors = defaultdict(list)
    for anchor in _anchors(member, job=job.pk):
        anchors[anchor.competency_id].append(anchor)
    competencies = _competencies(member, job=job.pk)
    for competency in competencies:
        competency.anchor_list = anchors[competency.pk]
    return competencies


def rounds_with_focus_and_panel(member, job: Job) -> list[Round]:
    """The job's rounds, each with ``focus_names`` (the competencies it looks at) and
    ``panel_names`` (who sits on it)."""
    focus, panel = defaultdict(list), defaultdict(list)
    for round_id, name in _focus(member, job=job.pk):
        focus[round_id].append(name)
    for round_id, name in _panels(member, job=job.pk):
        panel[round_id].append(name)
    rounds = rounds_of_job(member, job=job.pk)
    for round_ in rounds:
        round_.focus_names, round_.panel_names = focus[round_.pk], panel[round_.pk]
    return rounds


def jobs_with_counts(member) -> tuple[list[Job], dict[int, dict[str, int]]]:
    """The jobs the member may see, and their applications per stage: {job: {stage: n}}."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in _application_counts(member):
        counts[row["job_id"]][row["stage"]] = row["n"]
    return _jobs(member), counts
