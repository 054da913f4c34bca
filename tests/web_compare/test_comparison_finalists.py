"""The comparison's finalists: only those still in the running are counted, by full name,
each with open concerns and the recommendation tally, and no second proposal for a candidate
whose decision is already under way; the weights and shrinkage on the page."""

from types import SimpleNamespace

import pytest

from secondround.calibration.finalist_facts import in_the_running
from secondround.concerns.actions import do_raise_concern
from secondround.decisions.actions import do_propose_decision
from secondround.hiring.actions import do_set_stage
from secondround.hiring.models import Stage
from tests.conftest import fill_scorecard
from tests.web_compare.conftest import crafted_result, login, store


def page(client, member, c, params=None):
    response = login(client, member).get(f"/jobs/{c.job.pk}/compare/", params or {})
    assert response.status_code == 200
    return response.content.decode()


def facts_card(body, app):
    return body.split(f'id="facts-{app.pk}"')[1].split("</div>")[0]


@pytest.mark.parametrize("stage", [Stage.REJECTED, Stage.WITHDRAWN])
def test_finalists_count_only_candidates_still_in_the_running(loop, snapshot, client, stage):
    assert "· 3 finalists" in page(client, loop.harry, loop)
    do_set_stage(loop.alice, loop.mei_app, stage)
    body = page(client, loop.harry, loop)
    assert "· 2 finalists" in body
    head = body.split('<details class="choose"')[0]
    assert "Dana Kim" in head and "Luis Ortega" in head and "Mei Chen" not in head
    # Ticked on purpose, she is shown but not counted, and said to be out of the running.
    ticked = page(client, loop.harry, loop, {"a": [loop.dana_app.pk, loop.mei_app.pk]})
    assert "· 1 finalist<" in ticked
    assert "no longer in the running: Mei Chen" in ticked


def test_a_hired_candidate_is_not_in_the_running():
    assert not in_the_running(SimpleNamespace(stage=Stage.HIRED))
    assert in_the_running(SimpleNamespace(stage=Stage.FINALIST))


def test_candidates_appear_by_full_name(loop, snapshot, client):
    body = page(client, loop.harry, loop)
    assert "Dana Kim is most likely the strongest (71%)." in body
    pbest = body.split('<ul class="pbest">')[1].split("</ul>")[0]
    for name in ("Dana Kim", "Luis Ortega", "Mei Chen"):
        assert f">{name}</a>" in pbest


def test_each_finalist_shows_open_concerns_and_the_recommendation_tally(loop, snapshot, client):
    fill_scorecard(loop.ivy, loop.dana_r1, recommendation="yes")
    fill_scorecard(loop.ian, loop.dana_r1, recommendation="strong_yes")
    do_raise_concern(loop.ian, loop.luis_app, type="skill_gap", title="Depth in Kafka")
    do_raise_concern(
        loop.ian, loop.luis_app, type="skill_gap", title="Left a job after 3 months", blocking=True
    )
    body = page(client, loop.harry, loop)
    dana = facts_card(body, loop.dana_app)
    assert "Yes: 1 · Strong yes: 1" in dana and "(2 scorecards)" in dana
    assert "No open concerns." in dana
    luis = facts_card(body, loop.luis_app)
    assert "Open concerns (2)" in luis and "Depth in Kafka" in luis
    assert '<span class="badge blocking">Blocking</span> Left a job after 3 months' in luis
    assert "no submitted scorecard yet" in luis


def test_propose_decision_is_not_offered_for_a_candidate_with_a_pending_decision(
    loop, snapshot, client
):
    dana_link = f'href="/applications/{loop.dana_app.pk}/decision/"'
    luis_link = f'href="/applications/{loop.luis_app.pk}/decision/"'
    body = page(client, loop.harry, loop)
    assert dana_link in body and luis_link in body
    decision = do_propose_decision(
        loop.harry,
        loop.dana_app,
        outcome="hire",
        summary="Strong.",
        rationale={},
        approvers=[loop.vera],
        incomplete_reason="The panel is writing up.",
    )
    body = page(client, loop.harry, loop)
    assert dana_link not in body and luis_link in body
    assert f'href="/decisions/{decision.pk}/">Decision awaiting approval</a>' in body


def test_weights_shrinkage_and_the_equal_weight_result_on_the_page(loop, client):
    result = crafted_result(loop)
    ivy, ian = str(loop.ivy.pk), str(loop.ian.pk)
    dana, luis = result["candidates"][0], result["candidates"][1]
    dana["competencies"]["Collaboration"].update(n_ratings=1, raw_mean=2.0)
    dana["adjustments"] = [
        {"interviewer": ivy, "severity": 0, "effect": 0, "n_ratings": 3, "weight": 0.8},
        {"interviewer": ian, "severity": 0, "effect": 0, "n_ratings": 3, "weight": 0.2},
    ]
    dana["equal_weight_score"], luis["equal_weight_score"] = 0.1, 0.3
    result["candidates"][2]["equal_weight_score"] = -0.3
    store(loop, result)
    fill_scorecard(loop.ian, loop.dana_r1, value=2)
    body = page(client, loop.harry, loop)
    assert (
        "Dana Kim&#x27;s Collaboration rests on 1 rating, so it is pulled toward the job&#x27;s "
        "average (mean rating 2.0, calibrated +0.3)." in body
    )
    assert "Ian&#x27;s ratings decide 20% of Dana Kim&#x27;s score (an equal share: 50%)" in body
    assert (
        "Luis Ortega would have the highest score instead of Dana Kim, so the weighting "
        "changes the pick" in body
    )
    table = body.split(f'id="weights-{loop.dana_app.pk}"')[1].split("</table>")[0]
    assert "calibrated +0.6, with every interview counted equally +0.1" in table
    # Ian's row: 3 ratings, his mean as written (2.0 from the visible scorecard), 50% vs 20%.
    ian_row = table.split(">Ian</th>")[1].split("</tr>")[0]
    assert "<td>2.0</td><td>50%</td><td><strong>20%</strong></td>" in ian_row
