"""A prepared query (secondround.prepared) gives the rows its queryset gives, for any id,
sees writes made after it was compiled, builds anew when the member's roles change, and
refuses a query whose SQL would change with its ids."""

from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef

from secondround import prepared as prepared_module
from secondround.accounts.actions import do_set_roles
from secondround.hiring import actions as hiring
from secondround.hiring.models import Interview, Job, Round
from secondround.prepared import NotPreparable, prepared


def interviews_of_application(member, application):
    on_panel = Interview.interviewers.through.objects.filter(
        interview=OuterRef("pk"), member=member
    )
    return (
        Interview.objects.visible_to(member)
        .filter(application_id=application)
        .select_related("round", "application__candidate")
        .annotate(is_mine=Exists(on_panel))
        .order_by("pk")
    )


def shown(interviews):
    return [(i.pk, i.round.name, i.application.candidate.name, i.is_mine) for i in interviews]


@pytest.mark.parametrize("who", ["alice", "harry", "ivy", "ian", "vera", "oscar"])
def test_the_rows_are_the_querysets_for_every_id(cast, who):
    member = getattr(cast, who)
    run = prepared(f"test interviews {who}", interviews_of_application)
    for application in [cast.dana_app, *cast.dana_app.job.applications.all(), -1]:
        pk = getattr(application, "pk", application)
        plain = shown(interviews_of_application(member, pk))
        assert shown(run(member, application=pk)) == plain
        assert shown(run(member, application=pk)) == plain  # the kept SQL, run again
    assert shown(run(cast.alice, application=cast.dana_app.pk)), "alice sees Dana's interviews"


def test_a_write_after_preparing_is_seen(cast):
    run = prepared("test interviews after a write", interviews_of_application)
    before = run(cast.alice, application=cast.dana_app.pk)
    added = hiring.do_schedule_interview(
        cast.alice, cast.dana_app, cast.round2, starts_at=cast.dana_r1.starts_at,
        ends_at=cast.dana_r1.ends_at, interviewers=[cast.nora],
    )  # fmt: skip
    after = run(cast.alice, application=cast.dana_app.pk)
    assert [i.pk for i in after] == [i.pk for i in before] + [added.pk]


def test_a_change_of_role_builds_anew(cast):
    def jobs(member, job):
        return Job.objects.visible_to(member).filter(pk=job)

    run = prepared("test jobs by role", jobs)
    unmanaged = hiring.do_create_job(cast.alice, title="Unmanaged")
    assert run(cast.ivy, job=unmanaged.pk) == []
    ivy = do_set_roles(cast.alice, cast.ivy, {"interviewer", "hiring_manager"})
    assert [j.pk for j in run(ivy, job=unmanaged.pk)] == [unmanaged.pk]


def test_prefetches_are_followed(cast):
    def with_panel(member, interview):
        return (
            Interview.objects.visible_to(member)
            .filter(pk=interview)
            .prefetch_related("interviewers")
        )

    run = prepared("test prefetch", with_panel)
    for _ in range(2):
        (interview,) = run(cast.alice, interview=cast.dana_r1.pk)
        assert {m.pk for m in interview.interviewers.all()} == {
            m.pk for m in cast.dana_r1.interviewers.all()
        }


def test_values_rows_come_as_dicts(cast):
    def titles(member, job):
        return Job.objects.visible_to(member).filter(pk=job).values("pk", "title")

    run = prepared("test values", titles)
    assert run(cast.alice, job=cast.job.pk) == [{"pk": cast.job.pk, "title": cast.job.title}]


def test_an_id_written_into_the_sql_is_refused(cast):
    def inlined(member, job):
        return Job.objects.visible_to(member).extra(where=[f"hiring_job.id = {job}"])

    with pytest.raises(NotPreparable):
        prepared("test inlined", inlined)(cast.alice, job=cast.job.pk)


def test_an_id_that_changes_the_query_is_refused(cast):
    def shaped(member, job):
        jobs = Job.objects.visible_to(member).filter(pk=job)
        return jobs.filter(title="x") if job % 2 else jobs

    with pytest.raises(NotPreparable):
        prepared("test shaped", shaped)(cast.alice, job=cast.job.pk)


def test_a_query_that_matches_nothing_for_any_id_is_run_plainly(cast):
    def nothing(member, job):
        return Job.objects.visible_to(member).filter(pk__in=[]).filter(pk=job)

    assert prepared("test nothing", nothing)(cast.alice, job=cast.job.pk) == []
    key = next(k for k in prepared_module._kept if k[0] == "test nothing")
    assert prepared_module._kept[key] is None


def test_a_time_is_a_parameter_too(cast):
    def starting_from(member, start):
        return Interview.objects.visible_to(member).filter(starts_at__gte=start).order_by("pk")

    run = prepared("test times", starting_from)
    first = cast.dana_r1.starts_at
    for start in [first - timedelta(days=1), first, first + timedelta(minutes=1)]:
        plain = [i.pk for i in starting_from(cast.alice, start)]
        assert [i.pk for i in run(cast.alice, start=start)] == plain
    assert cast.dana_r1.pk in [i.pk for i in run(cast.alice, start=first)]
    assert cast.dana_r1.pk not in [
        i.pk for i in run(cast.alice, start=first + timedelta(seconds=1))
    ]


def test_a_constant_equal_to_a_stand_in_is_not_taken_for_an_id(cast):
    from secondround.prepared import FIRST_STAND_IN

    def jobs(member, job):
        return Job.objects.visible_to(member).filter(pk=job).exclude(pk=FIRST_STAND_IN)

    run = prepared("test constant", jobs)
    assert [j.pk for j in run(cast.alice, job=cast.job.pk)] == [cast.job.pk]
    assert [j.pk for j in run(cast.alice, job=cast.job.pk)] == [cast.job.pk]


def test_a_small_integer_column_takes_its_id_as_a_parameter(cast):
    def later_rounds(member, job, number):
        return Round.objects.visible_to(member).filter(job_id=job, number__gt=number)

    run = prepared("test small integers", later_rounds)
    assert [r.pk for r in run(cast.alice, job=cast.job.pk, number=1)] == [cast.round2.pk]
    assert [r.pk for r in run(cast.alice, job=cast.job.pk, number=0)] == [
        cast.round1.pk,
        cast.round2.pk,
    ]


def test_the_least_recently_used_query_goes_first(cast, monkeypatch):
    monkeypatch.setattr(prepared_module, "_kept", {})
    monkeypatch.setattr(prepared_module, "MAX_KEPT", 2)

    def jobs(member, job):
        return Job.objects.visible_to(member).filter(pk=job)

    first, second, third = (prepared(f"test lru {i}", jobs) for i in range(3))
    first(cast.alice, job=cast.job.pk)
    second(cast.alice, job=cast.job.pk)
    first(cast.alice, job=cast.job.pk)  # used again: second is now the oldest
    third(cast.alice, job=cast.job.pk)
    assert sorted(key[0] for key in prepared_module._kept) == ["test lru 0", "test lru 2"]


@pytest.mark.parametrize("who", ["alice", "harry", "ivy", "ian"])
def test_the_application_pages_interviews_with_and_without_rounds(cast, who):
    # The page reads the interviews' rounds only when the job's rounds are not visible:
    # both prepared reads must give the queryset's interviews.
    from secondround.hiring import views

    member = getattr(cast, who)
    plain = [i.pk for i in views._interviews_query(member, cast.dana_app.pk)]
    for run in (views._interviews, views._interviews_with_rounds):
        assert [i.pk for i in run(member, application=cast.dana_app.pk)] == plain
    assert plain, f"{who} sees Dana's interviews"


def test_two_queries_under_one_name_are_refused():
    """The name keys the kept SQL: a second query under it would run the first one's SQL
    (the setup page's competencies once ran the decision page's, a lazy read per row)."""
    prepared("test one name", lambda member, job: Job.objects.filter(pk=job))
    with pytest.raises(ValueError, match="two prepared queries are named 'test one name'"):
        prepared("test one name", lambda member, job: Round.objects.filter(job_id=job))

    def factory(number):  # the same build again, closing over what its name spells out
        return prepared(f"test round {number}", lambda member: Round.objects.filter(number=number))

    assert factory(1) is not factory(1)
