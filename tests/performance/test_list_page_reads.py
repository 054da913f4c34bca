"""The candidate list, the jobs list and the job setup page read through prepared queries
(secondround.prepared) and shortcuts for links and times; each gives what the plain
queryset, ``reverse`` or the ``date`` filter gives, for every member of the cast."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Prefetch
from django.template import Context, Template
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from secondround.hiring import actions as hiring
from secondround.hiring import candidate_list as listing
from secondround.hiring import setup_reads
from secondround.hiring.models import Application, Competency, Job, Round, Stage
from secondround.web.links import id_url
from tests.conftest import login

CAST = ["alice", "harry", "ivy", "ian", "nora", "vera", "oscar"]


def _one_id_names(patterns=None, namespace=""):
    """Names of the URL patterns whose only argument is an integer."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            prefix = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _one_id_names(p.url_patterns, prefix)
        elif isinstance(p, URLPattern) and p.name:
            converters = getattr(p.pattern, "converters", {})
            if len(converters) == 1 and type(next(iter(converters.values()))).__name__ == (
                "IntConverter"
            ):
                yield namespace + p.name


ONE_ID_NAMES = sorted(set(_one_id_names()))


def test_the_link_is_reverses_for_every_page_that_takes_one_id():
    assert {"application", "candidate", "pipeline", "job_setup", "compare"} <= set(ONE_ID_NAMES)
    for name in ONE_ID_NAMES:
        for pk in (0, 1, 7, 42, 918_273_645, 10**12):
            assert id_url(name, pk) == reverse(name, args=[pk]), name


def test_a_page_that_takes_no_id_is_refused():
    with pytest.raises(NoReverseMatch):
        id_url("candidates", 3)


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu"]),
)
def test_day_and_time_writes_what_the_date_filter_writes(when, zone):
    template = Template(
        '{% load tz figures %}{% timezone zone %}{{ when|date:"j M Y, H:i" }}|'
        "{{ when|day_and_time }}{% endtimezone %}"
    )
    django, ours = template.render(Context({"when": when, "zone": ZoneInfo(zone)})).split("|")
    assert ours == django


def test_day_and_time_of_nothing_is_empty():
    assert Template("{% load figures %}[{{ x|day_and_time }}]").render(Context({"x": None})) == "[]"


@pytest.fixture
def busy(cast):
    """The cast's loop plus a second job, an application moved on, and a person who has not
    applied: enough rows for every stage filter and sort to differ."""
    other = hiring.do_create_job(cast.alice, title="Analyst", hiring_manager=cast.harry)
    eve = hiring.do_add_candidate(cast.alice, name="Eve Adams", email="eve@example.com")
    hiring.do_apply(cast.alice, eve, other, stage="round_2")
    hiring.do_apply(cast.alice, cast.luis, other)
    hiring.do_add_candidate(cast.alice, name="Zed Quinn", email="zed@example.com")
    return cast


@pytest.mark.parametrize("who", CAST)
def test_candidate_rows_and_counts_are_the_querysets(busy, who):
    member = getattr(busy, who)
    now = timezone.now()
    for job in (None, busy.job.pk):
        plain = listing._stage_count_rows(listing._applications(member, job=job))
        assert sorted(listing._read_counts(member, "", job)) == sorted(plain)
        for stage in ("", *Stage.values):
            for sort in listing.SORTS:
                expected = list(
                    listing._rows(listing._applications(member, job=job), stage, sort, now, 0)
                )
                for _ in range(2):  # built, then the kept SQL run again
                    rows = listing._read_rows(member, "", job, stage, sort, 0)
                    assert [r["pk"] for r in rows] == [r["pk"] for r in expected]
    people = listing._read_without_application(member, "")
    assert [p.pk for p in people] == [p.pk for p in listing._people_without_application(member, "")]
    if who == "alice":
        assert {r["candidate__name"] for r in listing._read_rows(member, "", None, "", "name", 0)}
        assert [p.name for p in people] == ["Zed Quinn"]


def test_last_activity_follows_the_clock_not_the_first_request(busy):
    """An interview that begins after the first read counts once it has begun: the time is
    a value of the prepared query, not kept in it."""
    soon = timezone.now() + timedelta(minutes=5)
    hiring.do_schedule_interview(
        busy.alice, busy.dana_app, busy.round2, starts_at=soon,
        ends_at=soon + timedelta(hours=1), interviewers=[busy.ivy],
    )  # fmt: skip
    read = listing._row_reader(True, "", "activity", 0)

    def dana_at(now):
        rows = read(busy.alice, now=now, job=busy.job.pk)
        return next(r for r in rows if r["pk"] == busy.dana_app.pk)["last_activity"]

    assert dana_at(timezone.now()) < soon  # not begun yet
    assert dana_at(soon + timedelta(seconds=1)) == soon  # begun


@pytest.mark.parametrize("who", ["alice", "harry", "oscar"])
def test_the_candidate_page_and_its_search_show_the_same_rows(client, busy, who):
    member = getattr(busy, who)
    login(client, member)
    listed = client.get("/candidates/?sort=stage")
    searched = client.get("/candidates/?sort=stage&q=e")  # every name here has an "e"
    assert listed.status_code == searched.status_code == 200
    names = [a.candidate.name for a in Application.objects.visible_to(member)]
    for name in names:
        assert name in listed.content.decode() and name in searched.content.decode()
    if who == "oscar":
        assert "Dana Kim" not in listed.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_job_setup_reads_are_the_prefetches(busy, who):
    member = getattr(busy, who)
    hiring.do_save_round(
        busy.alice, busy.job, number=3, name="Round 3", objectives=[], focus=[busy.collab],
        panel=[busy.nora, busy.ian],
    )  # fmt: skip
    competencies = Competency.objects.visible_to(member).filter(job=busy.job)
    expected = [
        (c.pk, [(a.point, a.text) for a in c.anchors.all()])
        for c in competencies.prefetch_related("anchors")
    ]
    got = setup_reads.competencies_with_anchors(member, busy.job)
    assert [(c.pk, [(a.point, a.text) for a in c.anchor_list]) for c in got] == expected
    rounds = (
        Round.objects.visible_to(member)
        .filter(job=busy.job)
        .prefetch_related(
            Prefetch("focus_competencies", queryset=Competency.objects.order_by("position")),
            "panel",
        )
    )
    expected = [
        (
            r.pk,
            [c.name for c in r.focus_competencies.all()],
            [m.display_name for m in r.panel.all()],
        )
        for r in rounds
    ]
    got = setup_reads.rounds_with_focus_and_panel(member, busy.job)
    assert [(r.pk, r.focus_names, r.panel_names) for r in got] == expected
    if who == "alice":
        assert [r.panel_names for r in got][-1] == ["Ian", "Nora"]


@pytest.mark.parametrize("who", CAST)
def test_jobs_and_their_counts_are_the_querysets(busy, who):
    member = getattr(busy, who)
    jobs, counts = setup_reads.jobs_with_counts(member)
    visible = Job.objects.visible_to(member)
    assert sorted(j.pk for j in jobs) == sorted(visible.values_list("pk", flat=True))
    plain = (
        Application.objects.filter(job__in=[j.pk for j in visible])
        .values_list("job_id", "stage")
        .annotate(n=Count("id"))
    )
    assert {(job, stage, n) for job, by in counts.items() for stage, n in by.items()} == set(plain)
    if who == "harry":
        assert counts[busy.job.pk] == {"round_1": 2}
