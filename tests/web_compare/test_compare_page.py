"""The finalist comparison page on a hand-made snapshot."""

import re
import xml.etree.ElementTree as ET

from secondround.calibration.models import CalibrationSnapshot
from secondround.concerns.actions import do_raise_concern
from secondround.hiring.models import Stage
from tests.conftest import add_member, fill_scorecard
from tests.web_compare.conftest import crafted_result, login, store


def url(c, **params):
    return f"/jobs/{c.job.pk}/compare/"


def get(client, member, c, params=None):
    response = login(client, member).get(f"/jobs/{c.job.pk}/compare/", params or {})
    return response


def test_lead_sentence_follows_p_best_order(loop, client):
    store(loop, crafted_result(loop, dana_p=0.30, luis_p=0.60, mei_p=0.10))
    body = get(client, loop.harry, loop).content.decode()
    assert (
        "Luis Ortega is most likely the strongest (60%). Dana Kim (30%) and Mei Chen (10%) trail."
        in body
    )
    order = [
        body.index(f'href="/applications/{a.pk}/">')
        for a in (loop.luis_app, loop.dana_app, loop.mei_app)
    ]
    assert order == sorted(order)


def test_statements_on_the_crafted_snapshot(loop, snapshot, client):
    body = get(client, loop.harry, loop).content.decode()
    assert (
        "Dana Kim is most likely the strongest (71%). Luis Ortega (24%) and Mei Chen (5%) trail."
        in body
    )
    assert (
        "Dana Kim and Luis Ortega differ beyond noise only on Problem solving (Dana Kim higher)."
        in body
    )
    assert "To separate Dana Kim and Luis Ortega further, probe System design" in body
    assert "just now (412 ratings)" in body and f"run #{snapshot.pk}" in body
    # Adjustments read with names, never ids.
    assert "Ivy rates 0.5 below colleagues on average (+0.3 on Dana Kim)." in body


def test_fewer_finalists_than_the_job_has_says_so(loop, snapshot, client):
    body = get(client, loop.harry, loop, {"a": [loop.dana_app.pk, loop.mei_app.pk]})
    body = body.content.decode()
    assert "Dana Kim is most likely the strongest of the job&#x27;s 3 candidates (71%)." in body
    assert "Luis" not in body.split('<details class="choose"')[0]


def test_chart_has_every_finalist_label_and_is_accessible(loop, snapshot, client):
    response = get(client, loop.harry, loop)
    assert response.status_code == 200
    body = response.content.decode()
    svg = re.search(r'<div class="chart chart-wide">(<svg.*?</svg>)</div>', body, re.S).group(1)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
    labels = [g.get("data-label") for g in root.iter(f"{ns}g") if g.get("class") == "row"]
    assert (
        labels.count("Dana Kim") == 3
        and labels.count("Luis Ortega") == 3
        and labels.count("Mei Chen") == 3
    )


def test_raw_and_calibrated_views_show_different_numbers(loop, snapshot, client):
    fill_scorecard(loop.ivy, loop.dana_r1, value=2)
    fill_scorecard(loop.ian, loop.dana_r1, value=3)

    def table(params):
        response = get(client, loop.harry, loop, params)
        assert response.status_code == 200
        body = response.content.decode()
        return body.split('<table class="scores">')[1].split("</table>")[0]

    calibrated, raw = table({}), table({"view": "raw"})
    assert "+0.9" in calibrated and "2.5" not in calibrated
    assert "2.5" in raw and "2 ratings" in raw and "+0.9" not in raw
    # The htmx request gets the fragment alone.
    fragment = (
        login(client, loop.harry)
        .get(url(loop), {"view": "raw"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert fragment.lstrip().startswith('<section id="compare-fragment"') and "2.5" in fragment
    # Without JavaScript the toggle is a plain link.
    assert 'href="?a=' in fragment and "view=calibrated" in fragment


def test_evidence_is_side_by_side_and_respects_blind_feedback(loop, snapshot, client):
    fill_scorecard(loop.ivy, loop.dana_r1, value=2)
    body = get(client, loop.harry, loop).content.decode()
    assert "Ivy saw Problem solving at 2" in body
    draft = fill_scorecard(loop.ian, loop.luis_r1, value=4, submit=False)
    assert draft.status == "draft"
    assert "Ian saw Problem solving at 4" not in get(client, loop.harry, loop).content.decode()


def test_blocking_concern_banner(loop, snapshot, client):
    do_raise_concern(
        loop.ian,
        loop.dana_app,
        type="skill_gap",
        title="Depth in streaming pipelines",
        blocking=True,
    )
    body = get(client, loop.harry, loop).content.decode()
    assert "1 blocking concern open for Dana Kim: depth in streaming pipelines." in body
    assert body.index("blocking-banner") < body.index("verdict-lead")


def test_propose_decision_links_only_for_those_who_decide(loop, snapshot, client):
    rita = add_member(loop.acme, "rita", "recruiter")
    link = f'href="/applications/{loop.dana_app.pk}/decision/"'
    assert link in get(client, loop.harry, loop).content.decode()
    recruiter_view = get(client, rita, loop).content.decode()
    assert "Dana Kim is most likely the strongest" in recruiter_view and link not in recruiter_view


def test_interviewer_gets_a_plain_403(loop, snapshot, client):
    response = get(client, loop.ivy, loop)
    assert response.status_code == 403
    assert "finalist comparison is for the hiring manager" in response.content.decode()


def test_hiring_manager_on_a_panel_is_blind_until_he_submits(loop, snapshot, client):
    """Calibrated figures come from colleagues' ratings: a panel member who still owes a
    scorecard for one of the job's candidates does not see them."""
    loop.mei_r1.interviewers.add(loop.harry)
    response = get(client, loop.harry, loop)
    assert response.status_code == 403
    assert "Dana Kim is most likely the strongest" not in response.content.decode()
    fill_scorecard(loop.harry, loop.mei_r1)
    body = get(client, loop.harry, loop).content.decode()
    assert "Dana Kim is most likely the strongest" in body


def test_other_organisation_gets_404(loop, snapshot, client):
    assert get(client, loop.oscar, loop).status_code == 404


def test_default_finalists_are_the_later_stages(loop, snapshot, client):
    from secondround.hiring.actions import do_set_stage

    do_set_stage(loop.alice, loop.mei_app, Stage.REJECTED)
    body = get(client, loop.harry, loop).content.decode()
    head = body.split('<details class="choose"')[0]
    assert "Dana" in head and "Luis" in head and "Mei" not in head


def test_stale_snapshot_is_flagged_and_no_snapshot_queues_one(
    loop, client, django_capture_on_commit_callbacks, monkeypatch
):
    fill_scorecard(loop.ivy, loop.dana_r1)
    queued = []
    monkeypatch.setattr(
        "secondround.calibration.state.queue_refresh", lambda org: queued.append(org)
    )
    body = get(client, loop.harry, loop).content.decode()
    assert "Not calibrated yet. A calibration run is queued" in body
    assert queued == [loop.acme.pk]
    store(loop, crafted_result(loop), fingerprint="old inputs")
    body = get(client, loop.harry, loop).content.decode()
    assert "Ratings changed since this run" in body
    assert CalibrationSnapshot.objects.count() == 1


def test_query_count_is_bounded(loop, snapshot, client, django_assert_max_num_queries):
    for interview in (loop.dana_r1, loop.luis_r1, loop.mei_r1):
        fill_scorecard(loop.ivy, interview)
        fill_scorecard(loop.ian, interview)
    do_raise_concern(loop.ian, loop.dana_app, type="skill_gap", title="Depth", blocking=True)
    login(client, loop.harry)
    # The first visit also records Harry's first view of each finalist's feedback (a few
    # writes per finalist, once): count a page as it is read every other time.
    assert client.get(url(loop)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url(loop)).status_code == 200
