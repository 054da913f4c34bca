"""Writes over the API go through the write functions: same rules, same refusals."""

from secondround.concerns.actions import do_raise_concern
from secondround.concerns.models import Concern
from secondround.decisions.models import Decision
from secondround.scorecards.models import Rating, Scorecard, ScorecardVersion
from tests.api.conftest import draft_body
from tests.conftest import fill_scorecard


def test_save_draft_then_submit_twice_makes_one_scorecard(cast, api):
    ivy = api(cast.ivy)
    base = f"/api/interviews/{cast.dana_r1.pk}/scorecard"
    saved = ivy.put(base, draft_body(cast, recommendation=""))
    assert saved.status_code == 200, saved.json()
    assert saved.json()["status"] == "draft"
    assert {r["value"] for r in saved.json()["ratings"]} == {3}

    updated = ivy.put(base, draft_body(cast, value=2, recommendation="no"))
    assert updated.json()["recommendation"] == "no"

    first = ivy.post(f"{base}/submit")
    second = ivy.post(f"{base}/submit")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["status"] == "submitted" and first.json()["version"] == 1
    assert Scorecard.objects.filter(interview=cast.dana_r1, author=cast.ivy).count() == 1
    assert ScorecardVersion.objects.filter(scorecard__author=cast.ivy).count() == 1
    assert set(Rating.objects.values_list("value", flat=True)) == {2}


def test_submitted_scorecard_is_not_overwritten_by_a_draft(cast, api):
    fill_scorecard(cast.ivy, cast.dana_r1)
    response = api(cast.ivy).put(
        f"/api/interviews/{cast.dana_r1.pk}/scorecard", draft_body(cast, value=1)
    )
    assert response.status_code == 400
    assert response.json()["field"] == "status"
    assert set(Rating.objects.values_list("value", flat=True)) == {3}


def test_out_of_scale_rating_is_400_with_a_reason_and_nothing_saved(cast, api):
    response = api(cast.ivy).put(
        f"/api/interviews/{cast.dana_r1.pk}/scorecard", draft_body(cast, value=9)
    )
    assert response.status_code == 400
    body = response.json()
    assert "choose a rating from 1 to 4" in body["detail"]
    assert body["field"] == f"rating_{cast.problem.pk}"
    assert not Scorecard.objects.exists()
    assert not Rating.objects.exists()


def test_submit_incomplete_says_what_is_missing(cast, api):
    ivy = api(cast.ivy)
    base = f"/api/interviews/{cast.dana_r1.pk}/scorecard"
    nothing = ivy.post(f"{base}/submit").json()
    assert nothing["detail"] == "Write the scorecard before submitting it."
    ivy.put(base, draft_body(cast, recommendation=""))
    response = ivy.post(f"{base}/submit")
    assert response.status_code == 400
    assert "an overall recommendation" in response.json()["detail"]


def test_only_the_panel_writes_scorecards(cast, api):
    response = api(cast.harry).put(f"/api/interviews/{cast.dana_r1.pk}/scorecard", draft_body(cast))
    assert response.status_code == 403
    assert "interviewers" in response.json()["detail"]
    assert not Scorecard.objects.exists()


def test_malformed_bodies_are_422_not_500(cast, api):
    ivy = api(cast.ivy)
    base = f"/api/interviews/{cast.dana_r1.pk}/scorecard"
    cases = [
        ivy.put(base, raw="{not json"),
        ivy.put(base, raw='"just a string"'),
        ivy.put(base, {"ratings": "lots"}),
        ivy.put(base, {"ratings": [{"competency_id": "x", "value": 2}]}),
        ivy.put(base, {"ratings": [{"competency_id": 2**64, "value": 2}]}),
        ivy.put(base, {"recommendation": "maybe"}),
        ivy.put(base, {"notes": "nul \x00 byte"}),
        ivy.post(f"/api/applications/{cast.dana_app.pk}/concerns", raw="[1, 2"),
        ivy.post(f"/api/applications/{cast.dana_app.pk}/concerns", {"title": "no type"}),
        ivy.get(f"/api/interviews/{2**63}/scorecards"),
        ivy.get("/api/applications?job=abc"),
    ]
    for response in cases:
        assert response.status_code == 422, (response.request, response.content)
        body = response.json()
        assert isinstance(body["detail"], str) and body["errors"]
    assert not Scorecard.objects.exists()


def test_raise_and_resolve_a_concern(cast, api):
    raised = api(cast.ivy).post(
        f"/api/applications/{cast.dana_app.pk}/concerns",
        {
            "type": "skill_gap",
            "title": "Shallow on SQL",
            "probe": "Ask for a window function",
            "blocking": True,
            "owner_id": cast.ian.pk,
        },
    )
    assert raised.status_code == 201, raised.json()
    concern = raised.json()
    assert concern["blocking"] is True and concern["status"] == "open"
    assert concern["owner"]["name"] == "Ian" and concern["raised_by"]["name"] == "Ivy"

    path = f"/api/concerns/{concern['id']}/resolve"
    body = {
        "status": "resolved",
        "evidence": "Wrote a clean window function",
        "interview_id": cast.dana_r1.pk,
    }
    assert api(cast.ivy).post(path, body).status_code == 403  # raiser, not owner
    assert api(cast.oscar).post(path, body).status_code == 404
    missing = api(cast.ian).post(path, {"status": "resolved", "evidence": "  "})
    assert missing.status_code == 400 and missing.json()["field"] == "evidence"
    resolved = api(cast.ian).post(path, body)
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["resolved_by"]["name"] == "Ian"
    again = api(cast.ian).post(path, body)
    assert again.status_code == 400 and "already resolved" in again.json()["detail"]


def test_concern_owner_from_another_org_is_refused(cast, api):
    response = api(cast.ivy).post(
        f"/api/applications/{cast.dana_app.pk}/concerns",
        {"type": "other", "title": "Gap", "owner_id": cast.oscar.pk},
    )
    assert response.status_code == 400 and response.json()["field"] == "owner_id"
    assert not Concern.objects.exists()


def _proposal(cast, **extra):
    return {
        "outcome": "hire",
        "summary": "Strong on both competencies",
        "rationale": {"Problem solving": "Solid"},
        "approver_ids": [cast.vera.pk, cast.victor.pk],
        "incomplete_reason": "Ivy and Ian send theirs today.",
        **extra,
    }


def test_decision_blocked_by_a_blocking_concern(cast, api):
    do_raise_concern(cast.ivy, cast.dana_app, type="skill_gap", title="SQL depth", blocking=True)
    path = f"/api/applications/{cast.dana_app.pk}/decisions"
    blocked = api(cast.harry).post(path, _proposal(cast))
    assert blocked.status_code == 400
    assert blocked.json()["detail"].startswith("Blocked by 1 open blocking concern(s): SQL depth")
    assert blocked.json()["field"] == "override_reason"
    assert not Decision.objects.exists()

    overridden = api(cast.harry).post(path, _proposal(cast, override_reason="Trainable in weeks"))
    assert overridden.status_code == 201
    assert overridden.json()["override_reason"] == "Trainable in weeks"
    assert len(overridden.json()["overridden_concerns"]) == 1


def test_only_the_hiring_manager_or_admin_proposes(cast, api):
    path = f"/api/applications/{cast.dana_app.pk}/decisions"
    assert api(cast.ivy).post(path, _proposal(cast)).status_code == 403
    bad = api(cast.harry).post(path, _proposal(cast, approver_ids=[cast.oscar.pk]))
    assert bad.status_code == 400 and bad.json()["field"] == "approver_ids"
    twice = api(cast.harry).post(path, _proposal(cast, approver_ids=[cast.vera.pk] * 2))
    assert twice.status_code == 400 and "only once" in twice.json()["detail"]
    assert not Decision.objects.exists()


def test_verdicts_in_turn_and_the_last_one_settles(cast, api):
    proposed = api(cast.harry).post(
        f"/api/applications/{cast.dana_app.pk}/decisions", _proposal(cast)
    )
    decision_id = proposed.json()["id"]
    verdict = f"/api/decisions/{decision_id}/verdict"

    out_of_turn = api(cast.victor).post(verdict, {"verdict": "approved", "rationale": "Fine"})
    assert out_of_turn.status_code == 403
    assert "not your turn" in out_of_turn.json()["detail"]
    assert api(cast.ivy).post(verdict, {"verdict": "approved", "rationale": "x"}).status_code == 404
    no_reason = api(cast.vera).post(verdict, {"verdict": "approved", "rationale": ""})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "rationale"

    first = api(cast.vera).post(verdict, {"verdict": "approved", "rationale": "Good evidence"})
    assert first.status_code == 200 and first.json()["status"] == "pending"
    last = api(cast.victor).post(verdict, {"verdict": "rejected", "rationale": "Over budget"})
    assert last.json()["status"] == "rejected"
    record = api(cast.harry).get(f"/api/decisions/{decision_id}").json()
    assert [(s["approver"]["name"], s["verdict"]) for s in record["steps"]] == [
        ("Vera", "approved"),
        ("Victor", "rejected"),
    ]
    assert api(cast.ivy).get(f"/api/decisions/{decision_id}").status_code == 404
    assert api(cast.oscar).get(f"/api/decisions/{decision_id}").status_code == 404
