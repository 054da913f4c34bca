"""A proposal shows each panel member's status and warns while scorecards are missing or
interviews are still to come; going ahead takes a written reason, which the record keeps."""

import pytest
from django.urls import reverse

from secondround.decisions.models import Decision
from secondround.errors import ActionError
from secondround.hiring import actions as hiring
from secondround.hiring.models import Interview
from secondround.scorecards.progress import SeatStatus, panel_progress
from tests.conftest import fill_scorecard, login
from tests.decision_integrity.conftest import propose

REASON = "The offer deadline is Friday; the round 2 slot cannot move earlier."


def form(cast, **extra):
    return {
        "outcome": "hire",
        "summary": "Strongest on problem solving.",
        "approver_1": str(cast.vera.pk),
        **extra,
    }


def test_each_panel_member_has_a_status(cast, tomorrow):
    fill_scorecard(cast.ivy, cast.dana_r1)  # submitted
    fill_scorecard(cast.ian, cast.dana_r1, submit=False)  # a draft
    fill_scorecard(cast.ivy, tomorrow, submit=False)  # drafted ahead: still to come
    cancelled = hiring.do_schedule_interview(
        cast.alice,
        cast.dana_app,
        cast.round1,
        starts_at=cast.dana_r1.starts_at,
        ends_at=cast.dana_r1.ends_at,
        interviewers=[cast.nora],
    )
    Interview.objects.filter(pk=cancelled.pk).update(status="cancelled")
    seats = {(s.member_id, s.interview_id): s.status for s in panel_progress(cast.dana_app)}
    assert seats == {
        (cast.ivy.pk, cast.dana_r1.pk): SeatStatus.SUBMITTED,
        (cast.ian.pk, cast.dana_r1.pk): SeatStatus.DRAFT,
        (cast.nora.pk, cancelled.pk): SeatStatus.CANCELLED,
        (cast.ivy.pk, tomorrow.pk): SeatStatus.TO_COME,
        (cast.ian.pk, tomorrow.pk): SeatStatus.TO_COME,
    }
    fill_scorecard(cast.ivy, cast.luis_r1, submit=False)
    luis = {s.member_id: s.status for s in panel_progress(cast.luis_app)}
    assert luis == {cast.ivy.pk: SeatStatus.DRAFT, cast.ian.pk: SeatStatus.NOT_STARTED}


def test_missing_scorecards_stop_the_proposal_without_a_reason(cast, round_one_in, tomorrow):
    with pytest.raises(ActionError) as refused:
        propose(cast)
    assert refused.value.field == "incomplete_reason"
    assert "2 scorecards are not in yet: Ian (Round 2: interview still to come), Ivy" in (
        refused.value.message
    )
    assert not Decision.objects.exists()
    decision = propose(cast, incomplete_reason=REASON)
    assert decision.incomplete_reason == REASON
    assert [(s["name"], s["status"]) for s in decision.missing_scorecards] == [
        ("Ian", "to_come"),
        ("Ivy", "to_come"),
    ]


def test_a_complete_panel_needs_no_reason_and_keeps_none(cast, round_one_in):
    decision = propose(cast, incomplete_reason="Not needed")
    assert decision.missing_scorecards == [] and decision.incomplete_reason == ""


def test_the_proposal_page_warns_and_keeps_the_reason_on_the_record(
    client, cast, round_one_in, tomorrow
):
    login(client, cast.harry)
    url = reverse("propose_decision", args=[cast.dana_app.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="missing-warning"' in html and "2 scorecards are not in yet" in html
    table = html.split('class="panel-progress"')[1].split("</table>")[0]
    assert table.count("Interview still to come") == 2 and table.count("Submitted") == 2
    assert 'name="incomplete_reason"' in html

    refused = client.post(url, form(cast))
    assert refused.status_code == 422
    assert 'id="incomplete-error"' in refused.content.decode()
    assert "Strongest on problem solving." in refused.content.decode()  # what was typed stays
    assert not Decision.objects.exists()

    response = client.post(url, form(cast, incomplete_reason=REASON))
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/decisions/{decision.pk}/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Proposed with scorecards missing" in html and REASON in html
    assert "Not in when proposed: Ian (Round 2), Ivy (Round 2)" in html
    record = client.get(reverse("decision_record", args=[decision.pk]))
    assert record.status_code == 200
    assert "Proposed with scorecards missing" in record.content.decode()
    assert REASON in record.content.decode()


def test_the_api_asks_for_the_reason_and_returns_the_missing_seats(cast, tomorrow, api):
    fill_scorecard(cast.ivy, cast.dana_r1)
    fill_scorecard(cast.ian, cast.dana_r1)
    path = f"/api/applications/{cast.dana_app.pk}/decisions"
    body = {"outcome": "hire", "summary": "Strong.", "approver_ids": [cast.vera.pk]}
    refused = api(cast.harry).post(path, body)
    assert refused.status_code == 400 and refused.json()["field"] == "incomplete_reason"
    made = api(cast.harry).post(path, dict(body, incomplete_reason=REASON))
    assert made.status_code == 201
    assert made.json()["incomplete_reason"] == REASON
    assert [s["status"] for s in made.json()["missing_scorecards"]] == ["to_come", "to_come"]
