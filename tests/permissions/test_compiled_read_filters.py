"""The read filters keep the SQL of their inner queries (secondround.subqueries), compiled
once per member and role. The database still runs that SQL with every query, so a filter
sees every write made after it was compiled, and a change of role compiles anew."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from secondround import prepared, subqueries
from secondround.accounts.actions import do_set_roles
from secondround.concerns.actions import do_raise_concern
from secondround.concerns.models import Concern
from secondround.hiring import actions as hiring
from secondround.hiring.models import Application, Interview, Job
from secondround.scorecards.actions import RatingInput, do_save_draft
from secondround.scorecards.models import Scorecard, owed_interviews
from tests.conftest import fill_scorecard, login


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_a_filter_sees_an_interview_scheduled_after_it_was_compiled(cast):
    assert ids(Application.objects.visible_to(cast.nora)) == set()  # compiled now
    assert ids(Interview.objects.visible_to(cast.nora)) == set()
    start = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    later = hiring.do_schedule_interview(
        cast.alice, cast.dana_app, cast.round2, starts_at=start,
        ends_at=start + dt.timedelta(hours=1), interviewers=[cast.nora],
    )  # fmt: skip
    assert ids(Application.objects.visible_to(cast.nora)) == {cast.dana_app.pk}
    assert ids(Interview.objects.visible_to(cast.nora)) == {later.pk}
    assert ids(owed_interviews(cast.nora)) == {later.pk}


def test_blind_feedback_follows_a_submission_made_after_the_filter_was_compiled(cast):
    fill_scorecard(cast.ian, cast.dana_r1)
    # ivy owes her own card on Dana: ian's is hidden from her.
    assert ids(Scorecard.objects.visible_to(cast.ivy)) == set()
    assert cast.dana_r1.pk in ids(owed_interviews(cast.ivy))
    own = fill_scorecard(cast.ivy, cast.dana_r1)
    seen = ids(Scorecard.objects.visible_to(cast.ivy))
    assert seen == {own.pk, Scorecard.objects.get(author=cast.ian).pk}
    assert cast.dana_r1.pk not in ids(owed_interviews(cast.ivy))


def test_hidden_concerns_follow_submissions_made_after_the_filter_was_compiled(cast):
    draft = do_save_draft(cast.ivy, cast.dana_r1, [RatingInput(cast.problem.pk, 1, "")])
    concern = do_raise_concern(
        cast.ivy, cast.dana_app, type="skill_gap", title="Doubt", details="", scorecard=draft
    )
    # From a draft: only its author sees it (the others' filters are compiled now).
    assert concern.pk in ids(Concern.objects.visible_to(cast.ivy))
    assert concern.pk not in ids(Concern.objects.visible_to(cast.harry))
    assert concern.pk not in ids(Concern.objects.visible_to(cast.ian))
    fill_scorecard(cast.ivy, cast.dana_r1)
    # Submitted: the hiring manager sees it; ian, who still owes his card, does not.
    assert concern.pk in ids(Concern.objects.visible_to(cast.harry))
    assert concern.pk not in ids(Concern.objects.visible_to(cast.ian))
    fill_scorecard(cast.ian, cast.dana_r1)
    assert concern.pk in ids(Concern.objects.visible_to(cast.ian))


def test_a_change_of_role_compiles_the_filter_anew(cast):
    # Hiring managers may see jobs nobody manages yet (to set them up); interviewers may not.
    unmanaged = hiring.do_create_job(cast.alice, title="Unmanaged")
    assert unmanaged.pk not in ids(Job.objects.visible_to(cast.ivy))
    ivy = do_set_roles(cast.alice, cast.ivy, {"interviewer", "hiring_manager"})
    assert unmanaged.pk in ids(Job.objects.visible_to(ivy))
    ivy = do_set_roles(cast.alice, ivy, {"interviewer"})
    assert unmanaged.pk not in ids(Job.objects.visible_to(ivy))


@pytest.mark.parametrize("who", ["alice", "harry", "ivy", "ian", "vera", "oscar"])
def test_no_compiled_filter_holds_a_time(client, cast, who):
    """The compiled SQL is reused across requests: a filter that read the clock would
    keep the first request's time. Every page a member opens leaves only ids and words."""
    subqueries._compiled.clear()
    prepared._kept.clear()
    login(client, getattr(cast, who))
    fill_scorecard(cast.ian, cast.dana_r1)
    urls = [reverse("home")]
    if who in ("alice", "harry"):
        urls += [reverse("candidates"), reverse("compare", args=[cast.job.pk])]
    if who in ("alice", "harry", "ivy", "ian"):
        urls += [reverse("application", args=[cast.dana_app.pk])]
    if who in ("ivy", "ian"):
        urls += [reverse("interview_kit", args=[cast.dana_r1.pk])]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert subqueries._compiled, "the pages compiled no read filter"
    for key, (sql, params) in subqueries._compiled.items():
        assert not any(looks_like_a_time(p) for p in params), (key, sql, params)
    if who in ("ivy", "ian"):
        assert prepared._kept, "the kit prepared no query"
    for key, kept in [(k, v) for k, v in prepared._kept.items() if v is not None]:
        assert not any(looks_like_a_time(p) for p in kept.params), (key, kept.sql, kept.params)


def looks_like_a_time(param) -> bool:
    # SQLite's backend passes a datetime on as text.
    return isinstance(param, dt.date | dt.time) or bool(
        isinstance(param, str) and re.match(r"\d{4}-\d\d-\d\d", param)
    )


def test_the_kept_filters_are_bounded(cast, monkeypatch):
    monkeypatch.setattr(subqueries, "MAX_KEPT", 3)
    subqueries._compiled.clear()
    for member in (cast.harry, cast.ivy, cast.ian, cast.nora, cast.vera):
        Application.objects.visible_to(member).exists()
    assert len(subqueries._compiled) == 3
    # The newest stay: the last member's filter is still there.
    assert any(key[2] == cast.vera.pk for key in subqueries._compiled)


def test_an_inner_query_that_can_match_nothing_filters_out_everything(cast):
    nothing = subqueries.compiled(
        "nothing", cast.ivy, lambda: Application.objects.none().values("pk")
    )
    assert list(Application.objects.filter(pk__in=nothing)) == []
    assert Application.objects.exclude(pk__in=nothing).count() == 2


def test_a_callers_own_filter_never_enters_the_kept_sql(cast):
    """The first use of a filter may come after the caller's own filter; the kept SQL must
    still be the member's whole reach, or the next caller would see too little."""
    subqueries._compiled.clear()
    narrow = [
        Interview.objects.filter(pk=cast.dana_r1.pk),
        Application.objects.filter(pk=cast.dana_app.pk),
        Job.objects.filter(pk=-1),
        Scorecard.objects.filter(pk=-1),
    ]
    for queryset in narrow:
        list(queryset.visible_to(cast.harry))
    assert ids(Interview.objects.visible_to(cast.harry)) == {cast.dana_r1.pk, cast.luis_r1.pk}
    assert ids(Application.objects.visible_to(cast.harry)) == {cast.dana_app.pk, cast.luis_app.pk}
    assert ids(Job.objects.visible_to(cast.harry)) == {cast.job.pk}
