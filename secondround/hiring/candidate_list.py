"""The candidate list: one row per application the member may see, with filters by job and
stage, a search by name or e-mail, sorting, and a count of applications per stage.

Every read goes through ``visible_to``. The page runs a fixed number of queries whatever the
number of candidates: the rows' last activity is computed in the database (subqueries), and
the per-stage counts in one grouped query.
"""

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
from secondround.scorecards.models import Scorecard, ScorecardStatus
from secondround.timezones import member_zone

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
        self.fields["job"].queryset = Job.objects.visible_to(member).order_by("title").only("title")

    def options(self, name) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of a select field, for the template to write out: the
        form's own widgets render a template per option, the larger part of this page's
        time. Selected as the widget would: the submitted value, as is."""
        current = self.data.get(name) if self.is_bound else None
        return [
            (str(value), label, current is not None and str(value) == str(current))
            for value, label in self.fields[name].choices
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


def with_last_activity(applications):
    """Annotate each application's last activity: the latest of its creation, its last stage
    move, the start of its last interview that has begun, and its last submitted scorecard.
    (Sorting by stage annotates ``stage_order`` besides, only then: it is a long CASE to
    build into the query.)"""
    moved = StageChange.objects.filter(application=OuterRef("pk")).order_by("-moved_at")
    met = Interview.objects.filter(
        application=OuterRef("pk"), starts_at__lte=timezone.now()
    ).order_by("-starts_at")
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


def stage_counts(applications) -> list[StageCount]:
    """Applications per stage, in pipeline order, only the stages that have some."""
    rows = dict(applications.order_by().values_list("stage").annotate(n=Count("pk")))
    return [StageCount(v, label, rows[v]) for v, label in Stage.choices if rows.get(v)]


@login_required
def candidates(request):
    member = request.member
    form = CandidateFilterForm(request.GET or None, member=member)
    query, job = (form.value("q", "") or "").strip(), form.value("job")
    stage, sort = form.value("stage", ""), form.value("sort", "name")
    applications = Application.objects.visible_to(member)
    if query:
        applications = applications.filter(
            Q(candidate__name__icontains=query) | Q(candidate__email__icontains=query)
        )
    if job is not None:
        applications = applications.filter(job=job)
    summary = stage_counts(applications)
    if stage:
        applications = applications.filter(stage=stage)
    rows = with_last_activity(applications)
    if sort == "stage":
        rows = rows.annotate(stage_order=STAGE_ORDER)
    rows = rows.order_by(*SORTS[sort][1]).values(*ROW_VALUES, "last_activity")
    paginator = Paginator(rows, ROWS_PER_PAGE)
    # The per-stage counts already hold the number of rows: no second count query.
    paginator.count = sum(s.count for s in summary if not stage or s.value == stage)
    page = paginator.get_page(request.GET.get("page"))
    for row in page.object_list:
        row["stage_label"] = stage_label(row["stage"], row["current_round__name"])
    without_application = []
    if job is None and not stage and member.has_oversight:
        people = Candidate.objects.visible_to(member).filter(applications__isnull=True)
        if query:
            people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
        without_application = list(
            people.order_by("name", "pk").only("name", "email")[:ROWS_PER_PAGE]
        )
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
