"""Two organisations that both have ratings: each calibration snapshot, report and
comparison holds only its own organisation's ratings (derived data crosses no tenant)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.inputs import rating_rows
from secondround.hiring import actions as hiring
from secondround.hiring.models import Application
from secondround.scorecards.models import Rating
from tests.conftest import ANCHORS, add_member, fill_scorecard


@pytest.fixture
def two_orgs(cast):
    """Acme: Ivy and Ian rated Dana and Luis. Globex: Gus and Gia rated Greta and Gil."""
    c = cast
    for card in ((c.ivy, c.dana_r1, 4), (c.ian, c.dana_r1, 3), (c.ivy, c.luis_r1, 2)):
        fill_scorecard(card[0], card[1], value=card[2])
    fill_scorecard(c.ian, c.luis_r1, value=2)
    c.gus = add_member(c.globex, "gus", "interviewer")
    c.gia = add_member(c.globex, "gia", "interviewer")
    c.gjob = hiring.do_create_job(c.oscar, title="Welder", hiring_manager=None)
    skill = hiring.do_save_competency(c.oscar, c.gjob, name="Welding", anchors=ANCHORS)
    round1 = hiring.do_save_round(
        c.oscar, c.gjob, number=1, name="Shop test", objectives=[], focus=[skill], panel=[]
    )
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    for n, name in enumerate(("Greta Globex", "Gil Globex")):
        person = hiring.do_add_candidate(c.oscar, name=name, email=f"g{n}@example.com")
        app = hiring.do_apply(c.oscar, person, c.gjob, stage="round_1")
        interview = hiring.do_schedule_interview(
            c.oscar,
            app,
            round1,
            starts_at=start + timedelta(hours=2 * n),
            ends_at=start + timedelta(hours=2 * n + 1),
            interviewers=[c.gus, c.gia],
        )
        fill_scorecard(c.gus, interview, value=1 + n)
        fill_scorecard(c.gia, interview, value=4 - n)
    return c


def ratings_of(org) -> int:
    return Rating.objects.filter(
        scorecard__status="submitted",
        scorecard__interview__application__job__organisation=org,
        value__isnull=False,
    ).count()


def test_each_snapshot_holds_only_its_own_organisations_ratings(two_orgs):
    c = two_orgs
    for org, members, other in (
        (c.acme, {c.ivy, c.ian}, c.globex),
        (c.globex, {c.gus, c.gia}, c.acme),
    ):
        rows = rating_rows(org.pk)
        assert len(rows) == ratings_of(org) > 0
        snapshot = do_refresh_calibration(org.pk)
        assert snapshot.organisation == org and snapshot.n_ratings == ratings_of(org)
        result = snapshot.result
        assert {i["interviewer"] for i in result["interviewers"]} == {str(m.pk) for m in members}
        own_apps = set(
            Application.objects.filter(job__organisation=org).values_list("pk", flat=True)
        )
        candidates = {int(row["candidate"]) for row in result["candidates"]}
        assert candidates and candidates <= own_apps
        jobs = {int(row["job"]) for row in result["candidates"]}
        assert not jobs & set(other.jobs.values_list("pk", flat=True))


def test_report_and_comparison_show_only_their_own_organisations_figures(two_orgs, client):
    c = two_orgs
    do_refresh_calibration(c.acme.pk)
    do_refresh_calibration(c.globex.pk)
    client.force_login(c.alice.user)
    acme_count = f"({ratings_of(c.acme)} ratings)"
    for url in (reverse("calibration_report"), reverse("compare", args=[c.job.pk])):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert acme_count in page
        assert "no longer a member" not in page  # a Globex interviewer would show as such
        assert "Globex" not in page and "Gus" not in page
    client.force_login(c.oscar.user)
    response = client.get(reverse("calibration_report"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"({ratings_of(c.globex)} ratings)" in page
    assert "Gus" in page and "Ivy" not in page and "no longer a member" not in page
