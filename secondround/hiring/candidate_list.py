"""The candidate list: one row per application the member may see, with filters by job and
stage, a search by name or e-mail, sorting, and a count of applications per stage.

Every read goes through ``visible_to``. The page runs a fixed number of queries whatever the
number of candidates: the rows' last activity is computed in the database (subqueries), and
the per-stage counts in one grouped query. Without search text, each query is built once per
member (``secondround.prepared``); a search builds them anew, with its text as a value.
"""

import functools
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Lower
from django.shortcuts import render
from django.utils import timezone

from secondround.hiring.models import (
    Application,
    Candidate,
    Interview,
    Job,
    Stage,
    StageChange,
    stage_label,
)
from secondround.prepared import prepared
from secondround.scorecards.models import Scorecard, ScorecardStatus
from secondround.timezones import member_zone
from secondround.web.links import id_url

ROWS_PER_PAGE = 50
# What a row shows, read as plain values: no model instances to build for 50 rows, and the
# template finds each field with a dictionary lookup.
ROW_VALUES = ("pk", "candidate_id", "candidate__name", "job__title", "stage", "current_round__name")
# Stages in pipeline order: what "sort by stage" follows.
STAGE_ORDER = Case(
    *[When(stage=value, then=Value(i)) for i, value in enumerate(Stage.values)],
    output_field=IntegerField(),
)
SORTS = {
    "name": ("Name", [Lower("candidate__name"), "candidate_id", "job__title"]),
    "activity": ("Last activity, latest first", ["-last_activity", "pk"]),
    "stage": ("Stage, furthest first", ["-stage_order", Lower("candidate__name"), "pk"]),
}


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label="Name or e-mail", max_length=100, required=False)
    job = forms.ModelChoiceField(
        label="Job", queryset=Job.objects.none(), required=False, empty_label="Every job"
    )
    stage = forms.ChoiceField(
        label="Stage", choices=[("", "Every stage")] + Stage.choices, required=False
    )
    sort = forms.ChoiceField(
        label="Sort by", choices=[(k, label) for k, (label, _) in SORTS.items()], required=False
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, auto_id="filter-%s", **kwargs)
        self.member = member
        if self.is_bound:  # only a submitted filter is checked against it
            self.fields["job"].queryset = _jobs_query(member)

    def options(self, name) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of a select field, for the template to write out: the
        form's own widgets render a template per option, the larger part of this page's
        time. Selected as the widget would: the submitted value, as is. The jobs are the
        field's queryset, read once per member (_jobs_to_filter_by)."""
        current = self.data.get(name) if self.is_bound else None
        field = self.fields[name]
        if name == "job":
            choices = [("", field.empty_label)]
            choices += [
                (j.pk, field.label_from_instance(j)) for j in _jobs_to_filter_by(self.member)
            ]
        else:
            choices = field.choices
        return [
            (str(value), label, current is not None and str(value) == str(current))
            for value, label in choices
        ]

    def invalid(self, name) -> bool:
        return self.is_bound and name in self.errors

    def value(self, name, default=None):
        """The cleaned value, or ``default`` for a missing or invalid one (a stale link)."""
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return default
        return self.cleaned_data.get(name) or default


@dataclass
class StageCount:
    value: str
    label: str
    count: int


def with_last_activity(applications, now):
    """Annotate each application's last activity: the latest of its creation, its last stage
    move, the start of its last interview that has begun by ``now``, and its last submitted
    scorecard. (Sorting by stage annotates ``stage_order`` besides, only then: it is a long
    CASE to build into the query.)"""
    moved = StageChange.objects.filter(application=OuterRef("pk")).order_by("-moved_at")
    met = Interview.objects.filter(application=OuterRef("pk"), starts_at__lte=now).order_by(
        "-starts_at"
    )
    rated = Scorecard.objects.filter(
        interview__application=OuterRef("pk"), status=ScorecardStatus.SUBMITTED
    ).order_by("-submitted_at")
    created = "created_at"
    return applications.annotate(
        last_activity=Greatest(
            Coalesce(Subquery(moved.values("moved_at")[:1]), created),
            Coalesce(Subquery(met.values("starts_at")[:1]), created),
            Coalesce(Subquery(rated.values("submitted_at")[:1]), created),
        ),
    )


def _applications(member, query="", job=None):
    applications = Application.objects.visible_to(member)
    if query:
        applications = applications.filter(
            Q(candidate__name__icontains=query) | Q(candidate__email__icontains=query)
        )
    return applications if job is None else applications.filter(job_id=job)


def _stage_count_rows(applications):
    return applications.order_by().values_list("stage").annotate(n=Count("pk"))


def _rows(applications, stage, sort, now, offset):
    """One page of rows, from ``offset``."""
    if stage:
        applications = applications.filter(stage=stage)
    rows = with_last_activity(applications, now)
    if sort == "stage":
        rows = rows.annotate(stage_order=STAGE_ORDER)
    rows = rows.order_by(*SORTS[sort][1]).values(*ROW_VALUES, "last_activity")
    return rows[offset : offset + ROWS_PER_PAGE]


def _people_without_application(member, query=""):
    people = Candidate.objects.visible_to(member).filter(applications__isnull=True)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return people.order_by("name", "pk").only("name", "email")[:ROWS_PER_PAGE]


# The list as most open it, with no search text: its reads are built once per member
# (secondround.prepared), one reader for each stage, sort, page and job filter asked for.
# A search runs the same builds as plain querysets (its text cannot be a prepared value).
@functools.cache
def _count_reader(by_job: bool):
    return prepared(
        "candidate list: counts" + (" of a job" if by_job else ""),
        lambda member, **job: _stage_count_rows(_applications(member, job=job.get("job"))),
    )


@functools.lru_cache(maxsize=256)
def _row_reader(by_job: bool, stage: str, sort: str, offset: int):
    return prepared(
        f"candidate list: rows, job {by_job}, stage {stage!r}, sort {sort}, from {offset}",
        lambda member, now, **job: _rows(
            _applications(member, job=job.get("job")), stage, sort, now, offset
        ),
    )


_without_application = prepared(
    "candidate list: people without an application", _people_without_application
)


def _jobs_query(member):
    return Job.objects.visible_to(member).order_by("title").only("title")


_jobs_to_filter_by = prepared("candidate list: jobs to filter by", _jobs_query)


def _job_ids(job: int | None) -> dict:
    return {} if job is None else {"job": job}


def _read_counts(member, query: str, job: int | None):
    if query:
        return _stage_count_rows(_applications(member, query, job))
    return _count_reader(job is not None)(member, **_job_ids(job))


def _read_rows(member, query: str, job: int | None, stage: str, sort: str, offset: int):
    now = timezone.now()
    if query:
        return list(_rows(_applications(member, query, job), stage, sort, now, offset))
    return _row_reader(job is not None, stage, sort, offset)(member, now=now, **_job_ids(job))


def _read_without_application(member, query: str):
    if query:
        return list(_people_without_application(member, query))
    return _without_application(member)


def stage_counts(rows) -> list[StageCount]:
    """Applications per stage, in pipeline order, only the stages that have some."""
    counts = dict(rows)
    return [StageCount(v, label, counts[v]) for v, label in Stage.choices if counts.get(v)]


@login_required
def candidates(request):
    member = request.member
    form = CandidateFilterForm(request.GET or None, member=member)
    query, job = (form.value("q", "") or "").strip(), form.value("job")
    stage, sort = form.value("stage", ""), form.value("sort", "name")
    job_id = None if job is None else job.pk
    summary = stage_counts(_read_counts(member, query, job_id))
    # The per-stage counts hold the number of rows: the pager needs no count query.
    shown = sum(s.count for s in summary if not stage or s.value == stage)
    page = Paginator(range(shown), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * ROWS_PER_PAGE
    page.object_list = _read_rows(member, query, job_id, stage, sort, offset)
    for row in page.object_list:
        row["stage_label"] = stage_label(row["stage"], row["current_round__name"])
        row["url"] = id_url("application", row["pk"])
        row["profile_url"] = id_url("candidate", row["candidate_id"])
    without_application = []
    if job is None and not stage and member.has_oversight:
        without_application = _read_without_application(member, query)
        for person in without_application:
            person.url = id_url("candidate", person.pk)
    keep = request.GET.copy()  # the filters, for the pager's links
    keep.pop("page", None)
    other_stages = keep.copy()  # the filters but the stage, for the summary's links
    other_stages.pop("stage", None)
    context = {
        "nav": "candidates",
        "form": form,
        "selects": [
            (name, form[name].label, form.options(name), form.invalid(name))
            for name in ("job", "stage", "sort")
        ],
        "page": page,
        "query": query,
        "job": job,
        "stage": stage,
        "summary": summary,
        "total": sum(s.count for s in summary),
        "without_application": without_application,
        "filtered": bool(query or job or stage),
        "keep": keep.urlencode(),
        "other_stages": other_stages.urlencode(),
        "zone": member_zone(member),
        "may_add": member.has_oversight or member.is_hiring_manager,
    }
    return render(request, "hiring/candidates.html", context)
