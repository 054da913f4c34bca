"""The engine's cautions reach the comparison page and the calibration report in words:
candidates met by separate groups are "not comparable", thin evidence is named, engine
warnings read with names, and noise is never described as an effect."""

from secondround.calibration.charts import contrast_sentence
from secondround.calibration.compare import Finalist, build_comparison, explain
from secondround.calibration.notes import readable_warning
from secondround.engine.evidence import THIN_LEAD, end_piling
from tests.web_compare.conftest import crafted_result, login, store


def split_result(c) -> dict:
    """Dana's panel and Luis's and Mei's never met the same candidate: no P(best)."""
    result = crafted_result(c, dana_p=None, luis_p=None, mei_p=None)
    for item, group in zip(result["candidates"], (1, 2, 2)):
        item["group"] = group
    result["warnings"] = [
        f"Job {c.job.pk}: its candidates were interviewed by separate groups of interviewers "
        "(groups 1, 2) who never met the same candidate, so their scores are not comparable "
        "and P(best) is not given.",
        f"1 interviewer(s) gave the same rating every time ({c.ian.pk}): their ratings do not "
        "tell candidates apart, count for little, and their scale use cannot be measured.",
    ]
    result["interviewers"][1]["flag"] = "one_value"
    result["candidates"][1]["adjustments"] = [
        {"interviewer": str(c.ian.pk), "severity": 0.2, "effect": -0.1, "n_ratings": 3}
    ]
    result["reliability"][str(c.job.pk)]["model"] = None
    return result


def test_not_comparable_finalists_get_words_instead_of_a_number(loop):
    finalists = [Finalist(a.pk, n) for a, n in ((loop.dana_app, "Dana"), (loop.luis_app, "Luis"))]
    comparison = build_comparison(split_result(loop), loop.job.pk, finalists, [], {}, {})
    assert comparison.lead.startswith("Not comparable: Dana and Luis were interviewed by separate")
    assert "someone from each group" in comparison.lead
    assert [f.p_label for f in comparison.finalists] == ["not comparable"] * 2
    assert comparison.differences == [
        "Dana and Luis cannot be compared: separate groups of interviewers met them."
    ]


def test_comparison_page_says_not_comparable_and_names_thin_evidence(loop, client):
    store(loop, split_result(loop))
    response = login(client, loop.harry).get(f"/jobs/{loop.job.pk}/compare/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Not comparable: " in body and "separate groups of interviewers" in body
    assert body.count(">not comparable</span>") == 3
    assert "%" not in body.split('aria-labelledby="pbest-h"')[1].split("</ul>")[0]
    assert "Luis Ortega was rated by one interviewer only" in body
    assert "Ian gave the same rating every time" in body


def test_report_shows_engine_warnings_with_names_and_unmeasurable_reliability(loop, client):
    store(loop, split_result(loop))
    response = login(client, loop.alice).get("/calibration/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{loop.job.title}: its candidates were interviewed by separate groups" in body
    assert "gave the same rating every time (Ian)" in body
    assert f"({loop.ian.pk})" not in body
    assert "Not measurable: the ratings do not vary" in body
    assert "Gave the same rating every time: their ratings count for little" in body


def test_readable_warning_replaces_ids_only_in_id_lists():
    names = {"12": "Ben", "15": "Ana"}
    text = "group 1: 2 interviewer(s), 216 ratings (12, 15 and 3 more); Job 7: x"
    assert readable_warning(text, names, {7: "Data Engineer"}) == (
        "group 1: 2 interviewer(s), 216 ratings (Ben, Ana and 3 more); Job 7: x"
    )
    assert readable_warning("Job 7: its candidates", names, {7: "Data Engineer"}) == (
        "Data Engineer: its candidates"
    )


def test_noise_is_never_described_as_an_effect():
    within = contrast_sentence({"contrast": -0.05, "contrast_sd": 0.04})
    assert within.startswith("No clear contrast effect") and "drop" not in within
    clear = contrast_sentence({"contrast": -0.12, "contrast_sd": 0.03})
    assert clear.startswith("After a strong candidate, ratings of the next one drop")
    # A severity within 2 sds is not a habit; a contrast part is not told when the
    # engine's contrast is within noise.
    item = {"interviewer": "12", "severity": -0.3, "effect": 0.2, "contrast": 0.1}
    words = explain(
        {"adjustments": [item, dict(item, interviewer="13")]},
        {"12": "Ben"},
        {"12": {"severity_sd": 0.2}},
        set(),
        "Luis",
        contrast_clear=False,
    )
    assert words[0] == "Ben rates like colleagues on average (+0.2 on Luis)."
    assert not any("contrast" in w for w in words)


def test_report_leaves_out_the_engines_warning_about_one_candidates_lead(loop, client):
    """That warning carries a candidate's P(best): the report, read by admins who may still
    owe that candidate's scorecard, is about interviewers."""
    result = split_result(loop)
    result["warnings"].append(
        f"Job {loop.job.pk}: {THIN_LEAD} ({loop.luis_app.pk}, P(best) 52%) was interviewed "
        "by one person only, so the lead rests on that one view."
    )
    store(loop, result)
    response = login(client, loop.alice).get("/calibration/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "separate groups" in body  # the other warnings are still there
    assert THIN_LEAD not in body and "52%" not in body


def test_report_says_why_scores_spread_wider_where_ratings_pile_on_the_ends(loop, client):
    result = split_result(loop)
    result["warnings"] += end_piling(0.31, 1.14)
    store(loop, result)
    response = login(client, loop.alice).get("/calibration/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "(31% of ratings), which hides how far apart candidates are" in body
    assert "differences between candidates come out about 14% larger" in body


def test_comparison_page_says_why_scores_spread_wider_where_ratings_pile_on_the_ends(loop, client):
    result = crafted_result(loop)
    result["warnings"] = end_piling(0.31, 1.14)
    store(loop, result)
    response = login(client, loop.harry).get(f"/jobs/{loop.job.pk}/compare/")
    body = response.content.decode()
    assert response.status_code == 200
    why = body.split("Why calibrated differs from raw")[1].split('id="weights-h"')[0]
    assert "(31% of ratings), which hides how far apart candidates are" in why
    assert "about 14% larger" in why


def test_comparison_page_says_nothing_of_the_ends_without_the_engines_sentence(loop, client):
    store(loop, crafted_result(loop))
    response = login(client, loop.harry).get(f"/jobs/{loop.job.pk}/compare/")
    assert response.status_code == 200
    assert "Why calibrated differs from raw" in response.content.decode()
    assert 'id="end-piling"' not in response.content.decode()
