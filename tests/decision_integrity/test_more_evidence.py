"""The third verdict, "request more evidence": it sends the decision back with the request,
and the request becomes a blocking concern that the hiring manager owns."""

import pytest
from django.urls import reverse

from secondround.concerns.actions import do_resolve_concern
from secondround.concerns.models import Concern, ConcernType
from secondround.decisions.actions import do_give_verdict
from secondround.decisions.models import DecisionStatus, Verdict
from secondround.errors import ActionError
from tests.conftest import login
from tests.decision_integrity.conftest import propose

ASK = "Ask her last manager how she handled the on-call rota."


def test_a_request_sends_the_decision_back_and_becomes_a_concern(cast, round_one_in):
    decision = propose(cast)
    do_give_verdict(cast.vera, decision, "more_evidence", ASK, evidence_kind="reference")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.MORE_EVIDENCE and decision.decided_at
    step = decision.steps.get(approver=cast.vera)
    assert step.verdict == Verdict.MORE_EVIDENCE and step.evidence_kind == "reference"
    concern = step.evidence_concern
    assert concern.application == cast.dana_app and concern.owner == cast.harry
    assert concern.type == ConcernType.EVIDENCE_REQUEST and concern.blocking and concern.is_open
    assert concern.title == "Vera asks for a reference" and concern.details == ASK
    assert concern.raised_by == cast.vera


def test_the_request_holds_the_revision_until_it_is_answered(cast, round_one_in):
    decision = propose(cast)
    do_give_verdict(cast.vera, decision, "more_evidence", ASK, evidence_kind="reference")
    with pytest.raises(ActionError, match="Blocked by 1 open blocking concern"):
        propose(cast, revises=decision)
    concern = decision.steps.get(approver=cast.vera).evidence_concern
    do_resolve_concern(cast.harry, concern, "resolved", "Her manager: she ran it for two years.")
    assert propose(cast, revises=decision).version == 2


def test_a_request_needs_its_kind_and_what_it_should_show(cast, round_one_in):
    decision = propose(cast)
    with pytest.raises(ActionError) as refused:
        do_give_verdict(cast.vera, decision, "more_evidence", ASK)
    assert refused.value.field == "evidence_kind"
    with pytest.raises(ActionError) as refused:
        do_give_verdict(cast.vera, decision, "more_evidence", " ", evidence_kind="interview")
    assert refused.value.field == "rationale"
    assert not Concern.objects.exists()
    assert decision.steps.get(approver=cast.vera).verdict == Verdict.WAITING


def test_the_verdict_form_offers_it_and_the_page_shows_the_request(client, cast, round_one_in):
    decision = propose(cast)
    login(client, cast.vera)
    page = client.get(reverse("decision", args=[decision.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="more_evidence"' in html and 'name="evidence_kind"' in html
    url = reverse("give_verdict", args=[decision.pk])
    missing_kind = client.post(url, {"verdict": "more_evidence", "rationale": ASK})
    assert missing_kind.status_code == 422
    assert 'id="evidence-kind-error"' in missing_kind.content.decode()
    assert ASK in missing_kind.content.decode()  # what was typed stays
    sent = client.post(
        url, {"verdict": "more_evidence", "evidence_kind": "work_sample", "rationale": ASK}
    )
    assert sent.status_code == 302
    page = login(client, cast.harry).get(reverse("decision", args=[decision.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sent back for more evidence" in html
    assert "Vera asked for a work sample" in html and ASK in html
    assert 'id="revise-decision"' in html
    concern = Concern.objects.get()
    assert f"#concern-{concern.pk}" in html
    application = client.get(f"/applications/{cast.dana_app.pk}/").content.decode()
    assert "Vera asks for a work sample" in application


def test_the_api_takes_the_third_verdict(cast, round_one_in, api):
    decision = propose(cast)
    path = f"/api/decisions/{decision.pk}/verdict"
    no_kind = api(cast.vera).post(path, {"verdict": "more_evidence", "rationale": ASK})
    assert no_kind.status_code == 400 and no_kind.json()["field"] == "evidence_kind"
    bad_kind = api(cast.vera).post(
        path, {"verdict": "more_evidence", "rationale": ASK, "evidence_kind": "gut feeling"}
    )
    assert bad_kind.status_code == 422
    sent = api(cast.vera).post(
        path, {"verdict": "more_evidence", "rationale": ASK, "evidence_kind": "interview"}
    )
    assert sent.status_code == 200 and sent.json()["status"] == "more_evidence"
    step = sent.json()["steps"][0]
    assert step["evidence_kind"] == "interview"
    assert step["evidence_concern_id"] == Concern.objects.get().pk
