"""The decision page shows the evidence in front of the approver (calibrated comparison
summary, open and confirmed concerns, the recommendation tally, missing scorecards), within
what the reader may see: a reader who owes a scorecard on the candidate sees none of the
colleagues' figures or text, on the page, the printable record and the API; an approver on
the panel gives a verdict only after submitting."""

import pytest
from django.urls import reverse

from secondround.calibration.models import CalibrationSnapshot
from secondround.concerns.actions import do_raise_concern, do_resolve_concern
from secondround.decisions.actions import do_give_verdict
from secondround.errors import ActionError
from tests.conftest import fill_scorecard, interview_has_started, login
from tests.decision_integrity.conftest import propose

SUMMARY = "Strongest on problem solving; the panel agrees."
RATIONALE = "Solved the streaming case."
INCOMPLETE = "Round 2 only confirms; the offer cannot wait."


def snapshot(cast):
    dana = {
        "job": str(cast.job.pk),
        "candidate": str(cast.dana_app.pk),
        "score": 0.42,
        "sd": 0.21,
        "p_best": 0.63,
        "competencies": {"Problem solving": {"score": 0.55, "sd": 0.3}},
    }
    luis = dict(dana, candidate=str(cast.luis_app.pk), score=-0.1, p_best=0.37)
    return CalibrationSnapshot.objects.create(
        organisation=cast.acme, fingerprint="now", n_ratings=8, result={"candidates": [dana, luis]}
    )


@pytest.fixture
def decision(cast, round_one_in, tomorrow):
    snapshot(cast)
    do_raise_concern(cast.ivy, cast.dana_app, type="other", title="Notice period unclear")
    confirmed = do_raise_concern(cast.ian, cast.dana_app, type="skill_gap", title="Thin on SQL")
    do_resolve_concern(cast.harry, confirmed, "confirmed", "Her window functions were shaky.")
    return propose(cast, approvers=[cast.vera], incomplete_reason=INCOMPLETE)


def page(client, member, decision):
    response = login(client, member).get(reverse("decision", args=[decision.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_approver_sees_the_evidence_on_the_decision_page(client, cast, decision):
    html = page(client, cast.vera, decision)
    evidence = html.split('id="evidence-h"')[1].split("</section>")[0]
    # Vera sees Dana's application only, so the sentence names the job's other candidate
    # by count; the hiring manager, who sees both, reads their names.
    assert "Dana Kim is most likely the strongest of the job&#x27;s 2 candidates (63%)" in (
        evidence
    )
    assert "Luis Ortega (37%) trails" in page(client, cast.harry, decision)
    assert "calibrated score: <strong>+0.4 (+0.2 to +0.7)</strong>" in evidence
    assert "Chance of being the strongest candidate for this job: <strong>63%</strong>" in evidence
    assert "Yes: 1 · Strong yes: 1" in evidence
    missing = evidence.split("Scorecards missing")[1].split("<h3>")[0]
    assert missing.count("interview still to come") == 2 and "Ivy" in missing
    assert "Notice period unclear" in evidence and "nobody owns it yet" in evidence
    assert "Thin on SQL" in evidence and "Her window functions were shaky." in evidence
    assert SUMMARY in html and RATIONALE in html and INCOMPLETE in html
    assert 'id="give-verdict"' in html


def test_the_decision_page_uses_a_bounded_number_of_queries(
    client, cast, decision, django_assert_max_num_queries
):
    page(client, cast.vera, decision)  # the first view is recorded once
    # Signing in is audited (three queries): count the page alone.
    with django_assert_max_num_queries(26):
        response = client.get(reverse("decision", args=[decision.pk]))
    assert response.status_code == 200


@pytest.fixture
def vera_on_the_panel(cast, decision, tomorrow):
    """Vera also sits on Dana's round-2 panel, and has not submitted yet."""
    tomorrow.interviewers.add(cast.vera)
    return tomorrow


def test_an_approver_who_owes_a_scorecard_sees_no_colleagues_text_or_figures(
    client, cast, decision, vera_on_the_panel
):
    html = page(client, cast.vera, decision)
    assert 'id="proposal-hidden"' in html
    for secret in (SUMMARY, RATIONALE, INCOMPLETE, "+0.4", "63%", "Strong yes", "shaky"):
        assert secret not in html, secret
    assert "Notice period unclear" in html  # open concerns are for probing
    assert 'id="submit-first"' in html and 'id="give-verdict"' not in html
    record = login(client, cast.vera).get(reverse("decision_record", args=[decision.pk]))
    assert record.status_code == 200
    for secret in (SUMMARY, RATIONALE, INCOMPLETE, "0.42", "shaky"):
        assert secret not in record.content.decode(), secret


def test_the_api_hides_the_proposal_text_from_a_blind_approver(
    cast, decision, vera_on_the_panel, api
):
    body = api(cast.vera).get(f"/api/decisions/{decision.pk}").json()
    assert body["text_hidden"] is True
    assert body["summary"] == "" and body["rationale"] == {} and body["incomplete_reason"] == ""
    own = api(cast.harry).get(f"/api/decisions/{decision.pk}").json()
    assert own["text_hidden"] is False and own["summary"] == SUMMARY


def test_an_approver_on_the_panel_gives_a_verdict_only_after_submitting(
    client, cast, decision, vera_on_the_panel, api
):
    with pytest.raises(ActionError, match="submit your own scorecard first"):
        do_give_verdict(cast.vera, decision, "approved", "Looks right.")
    login(client, cast.vera)
    refused = client.post(
        reverse("give_verdict", args=[decision.pk]),
        {"verdict": "approved", "rationale": "Looks right."},
    )
    assert refused.status_code == 422
    assert "submit your own scorecard first" in refused.content.decode()
    assert SUMMARY not in refused.content.decode()
    verdict = api(cast.vera).post(
        f"/api/decisions/{decision.pk}/verdict", {"verdict": "approved", "rationale": "Yes."}
    )
    assert verdict.status_code == 400 and verdict.json()["field"] == "verdict"

    interview_has_started(vera_on_the_panel)
    fill_scorecard(cast.vera, vera_on_the_panel)
    html = page(client, cast.vera, decision)
    assert SUMMARY in html and "+0.4 (+0.2 to +0.7)" in html and 'id="give-verdict"' in html
    do_give_verdict(cast.vera, decision, "approved", "Looks right.")


def test_owing_a_scorecard_on_another_candidate_hides_the_comparison(client, cast, decision):
    # P(best) sums to one over the job: Dana's would give away Luis's, whom Harry owes.
    cast.luis_r1.interviewers.add(cast.harry)
    html = page(client, cast.harry, decision)
    evidence = html.split('id="evidence-h"')[1].split("</section>")[0]
    assert "+0.4 (+0.2 to +0.7)" in evidence  # Dana's own figures: Harry owes her nothing
    assert "63%" not in evidence and "37%" not in evidence and "strongest" not in evidence
    assert "You still owe a scorecard for another candidate of this job" in evidence
