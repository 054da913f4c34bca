from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from secondround.concerns.models import Concern, ConcernStatus
from secondround.scorecards.audit import independence_flags
from secondround.scorecards.models import Scorecard, ScorecardVersion
from tests.conftest import fill_scorecard, interview_has_started


def form_data(cast, problem="3", collab="3", recommendation="yes", evidence="Clear example"):
    data = {"recommendation": recommendation, "notes": "Good conversation"}
    for competency, value in ((cast.problem, problem), (cast.collab, collab)):
        data[f"rating_{competency.pk}"] = value
        data[f"evidence_{competency.pk}"] = evidence
    return data


def url(name, interview):
    return reverse(name, args=[interview.pk])


def test_scorecard_page_has_stable_hooks_and_anchor_text(cast, as_member):
    html = as_member(cast.ivy).get(url("scorecard", cast.dana_r1)).content.decode()
    for hook in (
        'id="submit-scorecard"',
        'id="draft-status"',
        'id="raise-concern"',
        f'name="rating_{cast.problem.pk}"',
        f'name="evidence_{cast.collab.pk}"',
        'name="recommendation"',
        "data-guard",
        'hx-post="' + url("scorecard_draft", cast.dana_r1),
    ):
        assert hook in html, hook
    assert 'title="4: Excellent"' in html and '<small class="anchor-text">Excellent</small>' in html
    assert "Evidence is required for a 1 or a 4." in html
    assert "a rating for Problem solving" in html  # what is missing, before anything is saved


def test_draft_autosave_saves_and_reports_what_is_missing(cast, as_member):
    cast.ivy.timezone = "Asia/Tokyo"  # never the server's UTC
    cast.ivy.save()
    data = form_data(cast, collab="", evidence="")
    response = as_member(cast.ivy).post(
        url("scorecard_draft", cast.dana_r1), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("Saved ")
    assert 'id="submit-area" class="submit-area" hx-swap-oob="true"' in html
    assert "a rating for Collaboration" in html and 'data-missing="1"' in html
    card = Scorecard.objects.get(author=cast.ivy, interview=cast.dana_r1)
    assert not card.is_submitted and card.recommendation == "yes"
    assert card.ratings.get(competency=cast.problem).value == 3
    tokyo = timezone.localtime(card.updated_at, ZoneInfo("Asia/Tokyo"))
    assert html.startswith("Saved " + tokyo.strftime("%H:%M"))


def test_submit_twice_makes_one_scorecard_at_version_1(cast, as_member):
    client = as_member(cast.ivy)
    for _ in range(2):
        response = client.post(url("scorecard_submit", cast.dana_r1), form_data(cast))
        assert response.status_code == 302
    card = Scorecard.objects.get(author=cast.ivy, interview=cast.dana_r1)
    assert card.is_submitted and card.version == 1
    assert ScorecardVersion.objects.filter(scorecard=card).count() == 1
    page = client.get(url("scorecard", cast.dana_r1)).content.decode()
    assert "Submitted" in page and reverse("scorecard_edit", args=[card.pk]) in page
    assert 'id="submit-scorecard"' not in page
    # The autosave can no longer touch it.
    late = client.post(url("scorecard_draft", cast.dana_r1), form_data(cast, problem="1"))
    assert late.status_code == 422 and "already submitted" in late.content.decode()
    assert card.ratings.get(competency=cast.problem).value == 3


def test_submit_with_a_missing_rating_is_refused_and_keeps_the_input(cast, as_member):
    data = form_data(cast, collab="")
    data[f"evidence_{cast.collab.pk}"] = "Half-written note"
    response = as_member(cast.ivy).post(url("scorecard_submit", cast.dana_r1), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Still missing: a rating for Collaboration." in html
    assert "Half-written note" in html
    assert not Scorecard.objects.get(author=cast.ivy).is_submitted


def test_extreme_rating_without_evidence_is_refused(cast, as_member):
    data = form_data(cast, problem="4")
    data[f"evidence_{cast.problem.pk}"] = "  "
    response = as_member(cast.ivy).post(url("scorecard_submit", cast.dana_r1), data)
    assert response.status_code == 422
    assert "evidence for the 4 on Problem solving" in response.content.decode()
    assert not Scorecard.objects.filter(status="submitted").exists()


def test_edit_needs_a_reason_and_keeps_version_1(cast, as_member):
    card = fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    client = as_member(cast.ivy)
    edit_url = reverse("scorecard_edit", args=[card.pk])
    assert client.get(edit_url).status_code == 200
    refused = client.post(edit_url, form_data(cast, problem="2"))
    assert refused.status_code == 422 and "Say why" in refused.content.decode()
    card.refresh_from_db()
    assert card.version == 1
    done = client.post(edit_url, {**form_data(cast, problem="2"), "reason": "Mixed up my notes"})
    assert done.status_code == 302
    card.refresh_from_db()
    assert card.version == 2 and card.ratings.get(competency=cast.problem).value == 2
    first = ScorecardVersion.objects.get(scorecard=card, version=1)
    assert first.data["ratings"]["Problem solving"]["value"] == 3
    page = client.get(url("scorecard", cast.dana_r1)).content.decode()
    assert "Mixed up my notes" in page and "First submission" in page
    assert "after seeing colleagues' feedback" not in page.replace("Written before seeing", "")
    # Someone else cannot even open it.
    assert as_member(cast.ian).get(edit_url).status_code == 404


def test_edit_after_seeing_feedback_is_flagged(cast, as_member):
    card = fill_scorecard(cast.ivy, cast.dana_r1, value=3)
    fill_scorecard(cast.ian, cast.dana_r1, value=2)
    client = as_member(cast.ivy)
    assert "Ian saw" in client.get(url("interview_kit", cast.dana_r1)).content.decode()
    client.post(
        reverse("scorecard_edit", args=[card.pk]),
        {**form_data(cast, problem="2"), "reason": "On reflection"},
    )
    page = client.get(url("scorecard", cast.dana_r1)).content.decode()
    assert "Edited after seeing colleagues' feedback" in page
    flags = independence_flags(cast.dana_app)
    assert [(v.scorecard.author, v.version) for v in flags] == [(cast.ivy, 2)]
    assert independence_flags(cast.dana_app, member=cast.oscar) == []


def test_raise_then_resolve_a_concern_from_the_scorecard(cast, today_interview, as_member):
    ivy = as_member(cast.ivy)
    response = ivy.post(
        url("scorecard_raise_concern", cast.dana_r1),
        {
            "type": "skill_gap",
            "title": "Streaming depth",
            "probe": "Walk me through a broken pipeline",
            "blocking": "1",
            "owner": str(cast.ian.pk),
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get(title="Streaming depth")
    assert concern.blocking and concern.owner == cast.ian
    assert concern.raised_in == Scorecard.objects.get(author=cast.ivy, interview=cast.dana_r1)
    assert "Streaming depth" in ivy.get(url("scorecard", cast.dana_r1)).content.decode()

    # Raised from a draft, it stays with Ivy until she submits; Ian sees it in round 2 once
    # round 1 is finished (he has submitted his round 1 card too).
    ian = as_member(cast.ian)
    assert "Streaming depth" not in ian.get(url("scorecard", today_interview)).content.decode()
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    page = ian.get(url("scorecard", today_interview)).content.decode()
    assert (
        f'id="resolve-concern-{concern.pk}"' in page and "Walk me through a broken pipeline" in page
    )
    resolve_url = reverse("scorecard_resolve_concern", args=[today_interview.pk, concern.pk])
    refused = ian.post(resolve_url, {"status": "resolved", "evidence": ""})
    assert (
        refused.status_code == 422
        and "closing a concern needs evidence" in refused.content.decode()
    )
    # Ian's interview starts in half an hour: evidence from it cannot have come in yet.
    early = ian.post(resolve_url, {"status": "resolved", "evidence": "Ran Kafka at scale"})
    assert early.status_code == 422 and "has not started yet" in early.content.decode()
    interview_has_started(today_interview)
    assert (
        ian.post(resolve_url, {"status": "resolved", "evidence": "Ran Kafka at scale"}).status_code
        == 302
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED
    assert concern.resolved_in == Scorecard.objects.get(author=cast.ian, interview=today_interview)


def test_raise_concern_without_title_re_renders_with_the_message(cast, as_member):
    response = as_member(cast.ivy).post(
        url("scorecard_raise_concern", cast.dana_r1), {"type": "other", "probe": "Ask about X"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the concern a short title." in html and "Ask about X" in html
    assert not Concern.objects.exists()


def test_nobody_resolves_a_concern_that_is_not_theirs(cast, today_interview, as_member):
    ivy = as_member(cast.ivy)
    ivy.post(
        url("scorecard_raise_concern", cast.dana_r1),
        {"type": "other", "title": "Doubt", "owner": str(cast.ian.pk)},
    )
    concern = Concern.objects.get()
    resolve_url = reverse("scorecard_resolve_concern", args=[cast.dana_r1.pk, concern.pk])
    assert ivy.post(resolve_url, {"status": "confirmed", "evidence": "x"}).status_code == 403
    assert Concern.objects.get().is_open


def test_outsiders_cannot_write(cast, as_member):
    for member, status in ((cast.oscar, 404), (cast.nora, 404)):
        client = as_member(member)
        assert (
            client.post(url("scorecard_draft", cast.dana_r1), form_data(cast)).status_code == status
        )
        assert (
            client.post(url("scorecard_submit", cast.dana_r1), form_data(cast)).status_code
            == status
        )
    assert not Scorecard.objects.exists()


def test_scorecard_page_query_count_is_bounded(
    cast, today_interview, as_member, django_assert_max_num_queries
):
    ivy = as_member(cast.ivy)
    for n in range(5):
        ivy.post(
            url("scorecard_raise_concern", cast.dana_r1),
            {"type": "other", "title": f"Doubt {n}", "owner": str(cast.ian.pk)},
        )
    fill_scorecard(cast.ivy, cast.dana_r1)  # round 1 finished: its concerns show in round 2
    fill_scorecard(cast.ian, cast.dana_r1)
    ian = as_member(cast.ian)
    ian.post(url("scorecard_draft", today_interview), form_data(cast))
    with django_assert_max_num_queries(18):
        draft_page = ian.get(url("scorecard", today_interview))
    assert draft_page.content.decode().count('id="resolve-concern-') == 5
    card = fill_scorecard(cast.ivy, cast.luis_r1)
    with django_assert_max_num_queries(18):
        assert ivy.get(url("scorecard", cast.luis_r1)).status_code == 200
    assert card.is_submitted


def test_unsaved_scorecard_text_travels_with_a_raised_concern(cast, as_member):
    ivy = as_member(cast.ivy)
    data = form_data(cast, problem="2", evidence="Typed just before raising the concern")
    data.update({"type": "other", "title": "Notice period", "carry_draft": "1"})
    assert ivy.post(url("scorecard_raise_concern", cast.dana_r1), data).status_code == 302
    card = Scorecard.objects.get(author=cast.ivy, interview=cast.dana_r1)
    rating = card.ratings.get(competency=cast.problem)
    assert (rating.value, rating.evidence) == (2, "Typed just before raising the concern")
    assert Concern.objects.get(title="Notice period").raised_in == card


def test_a_draft_that_cannot_be_saved_does_not_stop_the_concern(cast, as_member):
    ivy = as_member(cast.ivy)
    data = form_data(cast, problem="9")  # off the scale: the draft is refused, not the concern
    data.update({"type": "other", "title": "Notice period", "carry_draft": "1"})
    assert ivy.post(url("scorecard_raise_concern", cast.dana_r1), data).status_code == 302
    assert Concern.objects.filter(title="Notice period").exists()
    card = Scorecard.objects.get(author=cast.ivy, interview=cast.dana_r1)
    assert not card.ratings.filter(value=9).exists()
