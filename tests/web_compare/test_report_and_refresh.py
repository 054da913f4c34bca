"""The interviewer calibration report, and the background refresh with the real engine."""

import pytest

from secondround.audit.models import AuditEvent
from secondround.calibration.actions import do_refresh_calibration
from secondround.calibration.inputs import fingerprint, rating_rows
from secondround.calibration.models import CalibrationSnapshot
from tests.conftest import fill_scorecard
from tests.web_compare.conftest import login


@pytest.mark.parametrize("who", ["ivy", "harry", "vera"])
def test_report_is_refused_to_everyone_but_admins_and_recruiters(loop, snapshot, client, who):
    response = login(client, getattr(loop, who)).get("/calibration/")
    assert response.status_code == 403
    assert "interviewers do not see each other" in response.content.decode()


def test_report_shows_severity_contrast_and_reliability(
    loop, snapshot, client, django_assert_max_num_queries
):
    login(client, loop.alice)
    with django_assert_max_num_queries(12):
        response = client.get("/calibration/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "After a strong candidate, ratings of the next one drop by about 0.12 points" in body
    assert "rates 0.5 below colleagues" in body and "Ivy" in body and "Ian" in body
    assert "spreads ratings 1.3× as widely (uses the extremes)" in body
    assert 'role="img"' in body and "Data Engineer" in body and "0.71" in body
    assert f"run #{snapshot.pk}" in body


def test_report_writes_agreement_evidence_and_scale_use_in_words(loop, client):
    """The report's texts, written once in calibration/charts.py: the six agreement
    measures of a complete design, what each interviewer's evidence is worth, and the
    scale use with its 80% interval."""
    from tests.web_compare.conftest import crafted_result, store

    result = crafted_result(loop)
    icc = {"ICC1": 0.728, "ICC2": 0.7289, "ICC3": 0.0, "ICC1k": 0.9, "ICC2k": 0.9, "ICC3k": -0.001}
    result["reliability"][str(loop.job.pk)] = {"design": "complete", "model": 0.7049, "icc": icc}
    result["interviewers"][0]["flag"] = "weak"
    result["interviewers"][1]["flag"] = "one_value"
    store(loop, result)
    response = login(client, loop.alice).get("/calibration/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "ICC1 0.73, ICC2 0.73, ICC3 0.00, ICC1k 0.90, ICC2k 0.90, ICC3k 0.00" in body
    assert "<td>0.70</td>" in body  # the model's reliability, two places
    assert "Shares fewer than 3 candidates with colleagues: barely measured" in body
    assert "Gave the same rating every time: their ratings count for little" in body
    assert "×1.3 (×1.2 to ×1.4)" in body  # 1.3 ± 1.2816 × 0.1


def test_a_kept_report_follows_job_titles_and_new_runs(loop, snapshot, client):
    """The report of a stored snapshot is built once per set of names and job titles
    (charts.kept_interviewer_report): a renamed job and a newer run show at once."""
    from secondround.hiring.actions import do_update_job
    from tests.web_compare.conftest import crafted_result, store

    login(client, loop.alice)
    first = client.get("/calibration/")
    assert first.status_code == 200 and "Data Engineer" in first.content.decode()
    do_update_job(loop.alice, loop.job, title="Staff Data Engineer")
    renamed = client.get("/calibration/")
    assert renamed.status_code == 200 and "Staff Data Engineer" in renamed.content.decode()
    newer = crafted_result(loop)
    newer["interviewers"][0]["severity"] = 0.9
    store(loop, newer, fingerprint="newer")
    response = client.get("/calibration/")
    assert response.status_code == 200
    assert "rates 0.9 above colleagues" in response.content.decode()


def test_report_charts_scale_use_with_a_mark_per_interviewer(loop, snapshot, client):
    import re
    import xml.etree.ElementTree as ET

    body = login(client, loop.alice).get("/calibration/").content.decode()
    svgs = re.findall(r"<svg.*?</svg>", body, flags=re.S)
    scale = [svg for svg in svgs if "Interviewer scale use" in svg]
    assert scale, "no scale-use chart"
    text = " ".join(ET.fromstring(scale[0]).itertext())
    for row in snapshot.result["interviewers"]:
        if row.get("scale_use") is not None:
            assert f"×{row['scale_use']:.2f}" in text


def test_other_organisations_snapshot_is_never_shown(loop, snapshot, client):
    response = login(client, loop.oscar).get("/calibration/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ivy" not in body and "Not calibrated yet" in body


def test_recalibrate_button_queues_a_run(loop, client, django_capture_on_commit_callbacks):
    for interview in (loop.dana_r1, loop.luis_r1, loop.mei_r1):
        fill_scorecard(loop.ivy, interview, value=3)
        fill_scorecard(loop.ian, interview, value=2)
    login(client, loop.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/calibration/refresh/")
    assert response.status_code == 302
    assert CalibrationSnapshot.objects.filter(organisation=loop.acme).count() == 1
    assert AuditEvent.objects.filter(action="calibration.requested").exists()
    assert login(client, loop.ivy).post("/calibration/refresh/").status_code == 403


def test_submitting_scorecards_stores_a_snapshot_once_per_input(
    loop, client, django_capture_on_commit_callbacks
):
    """End to end with the real engine: submit, calibrate in the background, compare."""
    values = {loop.dana_r1: (4, 3), loop.luis_r1: (2, 2), loop.mei_r1: (3, 2)}
    for interview, (ivy_value, ian_value) in values.items():
        with django_capture_on_commit_callbacks(execute=True):
            fill_scorecard(loop.ivy, interview, value=ivy_value)
        with django_capture_on_commit_callbacks(execute=True):
            fill_scorecard(loop.ian, interview, value=ian_value)
    snapshots = CalibrationSnapshot.objects.filter(organisation=loop.acme)
    latest = snapshots.latest_for(loop.acme.pk)
    assert latest.fingerprint == fingerprint(rating_rows(loop.acme.pk))
    assert latest.n_ratings == 12
    count = snapshots.count()
    assert do_refresh_calibration(loop.acme.pk) == latest  # unchanged inputs: no new run
    assert snapshots.count() == count
    jobs = {c["candidate"] for c in latest.result["candidates"] if c["job"] == str(loop.job.pk)}
    assert jobs == {str(a.pk) for a in (loop.dana_app, loop.luis_app, loop.mei_app)}
    assert all("adjustments" in c for c in latest.result["candidates"])

    body = login(client, loop.harry).get(f"/jobs/{loop.job.pk}/compare/").content.decode()
    assert "Dana Kim is most likely the strongest" in body
    assert "Ratings changed since" not in body and "just now (12 ratings)" in body
    report = login(client, loop.alice).get("/calibration/").content.decode()
    # 12 ratings: the contrast estimate is within noise and said to be.
    assert "No clear contrast effect in your ratings" in report


def test_refresh_without_ratings_stores_nothing(loop):
    assert do_refresh_calibration(loop.acme.pk) is None
    assert not CalibrationSnapshot.objects.exists()
