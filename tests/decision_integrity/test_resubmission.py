"""A sent-back decision may be revised and resubmitted by the hiring manager; the earlier
version and every verdict on it stay on the record and are shown."""

import pytest
from django.urls import reverse

from secondround.decisions.actions import (
    do_give_verdict,
    do_withdraw_decision,
    sent_back_decision,
)
from secondround.decisions.models import Decision, DecisionStatus
from secondround.errors import ActionError
from tests.conftest import login
from tests.decision_integrity.conftest import propose

NO = "The budget is not signed off."


def test_a_revision_is_the_next_version_and_keeps_the_first(cast, round_one_in):
    first = propose(cast)
    do_give_verdict(cast.vera, first, "rejected", NO)
    assert sent_back_decision(cast.dana_app) == first
    second = propose(cast, revises=first, summary="Budget signed since; same evidence.")
    assert second.version == 2 and second.previous == first
    first.refresh_from_db()
    assert first.status == DecisionStatus.REJECTED  # unchanged: it is history
    assert first.steps.get(approver=cast.vera).rationale == NO
    assert sent_back_decision(cast.dana_app) is None
    with pytest.raises(ActionError, match="already under way"):
        propose(cast, revises=first)


def test_only_a_sent_back_decision_is_revised(cast, round_one_in):
    first = propose(cast)
    with pytest.raises(ActionError, match="already under way"):
        propose(cast, revises=first)
    do_withdraw_decision(cast.harry, first, "The role was frozen.")
    with pytest.raises(ActionError, match="Only a decision that an approver sent back"):
        propose(cast, revises=first)


def test_resubmitting_on_the_page_keeps_the_history_visible(client, cast, round_one_in):
    first = propose(cast)
    do_give_verdict(cast.vera, first, "rejected", NO)
    login(client, cast.harry)
    url = reverse("propose_decision", args=[cast.dana_app.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Revise the decision for Dana Kim" in html and "Version 1 was sent back" in html
    assert "Strongest on problem solving; the panel agrees." in html  # prefilled
    assert "Solved the streaming case." in html
    assert f'<option value="{cast.vera.pk}" selected>' in html
    response = client.post(
        url,
        {
            "outcome": "hire",
            "summary": "Budget signed since; same evidence.",
            "approver_1": str(cast.vera.pk),
        },
    )
    second = Decision.objects.get(version=2)
    assert response.status_code == 302 and second.previous == first
    page = client.get(reverse("decision", args=[second.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Version 2" in html and "Earlier versions" in html
    history = html.split('id="history-h"')[1]
    assert "Version 1: Hire" in history and NO in history and "Vera" in history
    old = client.get(reverse("decision", args=[first.pk])).content.decode()
    assert f'href="/decisions/{second.pk}/"' in old and "see version 2" in old
    record = client.get(reverse("decision_record", args=[second.pk])).content.decode()
    assert "Earlier versions" in record and NO in record


def test_the_api_resubmits_as_a_revision(cast, round_one_in, api):
    first = propose(cast)
    do_give_verdict(cast.vera, first, "rejected", NO)
    made = api(cast.harry).post(
        f"/api/applications/{cast.dana_app.pk}/decisions",
        {"outcome": "hire", "summary": "Budget signed.", "approver_ids": [cast.vera.pk]},
    )
    assert made.status_code == 201
    assert made.json()["version"] == 2 and made.json()["previous_id"] == first.pk
    old = api(cast.harry).get(f"/api/decisions/{first.pk}").json()
    assert old["status"] == "rejected" and old["steps"][0]["rationale"] == NO
