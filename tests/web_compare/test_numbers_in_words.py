"""The numbers in words: one format for a score and its interval, shrinkage named with the
number of ratings, and an interviewer's weight as the share of the score their ratings decide,
with the equal-weight result and whether it changes the pick."""

from secondround.calibration.compare import Finalist, build_comparison
from secondround.calibration.figures import percent, score_text, signed
from secondround.calibration.notes import shrinkage_sentences
from secondround.calibration.weights import equal_weight_statement, weight_rows
from secondround.web.templatetags.figures import score_interval


def test_one_format_for_a_score_and_its_80_percent_interval():
    assert score_text(0.63, 0.14) == "+0.6 (+0.5 to +0.8)"
    assert score_text(-0.42, 0.21) == "\u22120.4 (\u22120.7 to \u22120.2)"
    assert score_text(0.0, 0.0) == "0.0 (0.0 to 0.0)"
    assert score_interval(0.63, 0.14) == "+0.6 (+0.5 to +0.8)"  # the template filter agrees
    assert "±" not in score_text(0.63, 0.14)
    assert signed(-0.04) == "0.0" and signed(-1.26) == "\u22121.3"
    assert [percent(p) for p in (0.71, 0.001, 0.999)] == ["71%", "<1%", ">99%"]


def test_a_competency_resting_on_one_rating_is_said_to_be_pulled_toward_the_average():
    dana = {
        "competencies": {
            "Ownership": {"score": 0.3, "sd": 0.5, "n_ratings": 1, "raw_mean": 2.0},
            "Problem solving": {"score": 0.6, "sd": 0.2, "n_ratings": 6, "raw_mean": 3.5},
        }
    }
    assert shrinkage_sentences(dana, "Dana Kim") == [
        "Dana Kim's Ownership rests on 1 rating, so it is pulled toward the job's average "
        "(mean rating 2.0, calibrated +0.3)."
    ]
    # Older snapshots have no count: the ratings the reader can see stand in.
    old = {"competencies": {"Ownership": {"score": 0.3, "sd": 0.5}}}
    assert shrinkage_sentences(old, "Dana Kim", {"Ownership": (2.0, 2)}) == [
        "Dana Kim's Ownership rests on 2 ratings, so it is pulled toward the job's average "
        "(mean rating 2.0, calibrated +0.3)."
    ]
    assert shrinkage_sentences(old, "Dana Kim", {}) == []


def test_the_weight_table_puts_raw_next_to_weighted_with_an_equal_share():
    candidate = {
        "adjustments": [
            {"interviewer": "1", "n_ratings": 4, "weight": 0.45},
            {"interviewer": "2", "n_ratings": 4, "weight": 0.39},
            {"interviewer": "3", "n_ratings": 4, "weight": 0.16},
        ]
    }
    rows = weight_rows(candidate, {"1": "Ana", "2": "Chen", "3": "Ben"}, {"3": (2.0, 4)})
    assert [(r.name, round(r.equal, 3), r.weight, r.low) for r in rows] == [
        ("Ana", 0.333, 0.45, False),
        ("Chen", 0.333, 0.39, False),
        ("Ben", 0.333, 0.16, True),
    ]
    assert rows[2].raw_mean == 2.0 and rows[0].raw_mean is None


def _f(name, score, equal):
    return Finalist(1, name, p_best=0.5, score=score, sd=0.1, equal_weight_score=equal)


def test_the_equal_weight_result_says_honestly_whether_the_pick_changes():
    same = equal_weight_statement([_f("Dana Kim", 0.6, 0.5), _f("Mei Chen", 0.3, 0.4)])
    assert same == (
        "Counting every interview equally instead: Dana Kim +0.5, Mei Chen +0.4. Dana Kim still "
        "has the highest score, so the weighting does not change the pick."
    )
    changed = equal_weight_statement([_f("Dana Kim", 0.6, 0.3), _f("Mei Chen", 0.5, 0.4)])
    assert "Mei Chen would have the highest score instead of Dana Kim" in changed
    assert "the weighting changes the pick" in changed
    # Snapshots from before the equal-weight score say nothing.
    assert equal_weight_statement([_f("Dana Kim", 0.6, None), _f("Mei Chen", 0.5, None)]) is None


def test_the_explanation_names_shrinkage_and_weight_in_plain_words():
    result = {
        "candidates": [
            {
                "job": "7",
                "candidate": "1",
                "score": 0.3,
                "sd": 0.3,
                "p_best": 0.6,
                "equal_weight_score": 0.35,
                "competencies": {"Ownership": {"score": 0.3, "sd": 0.5, "n_ratings": 1}},
                "adjustments": [
                    {"interviewer": "1", "severity": 0, "effect": 0, "n_ratings": 1, "weight": 0.8},
                    {"interviewer": "2", "severity": 0, "effect": 0, "n_ratings": 1, "weight": 0.2},
                ],
            }
        ]
    }
    dana = Finalist(1, "Dana Kim")
    build_comparison(result, 7, [dana], ["Ownership"], {"1": "Ana", "2": "Ben"}, {})
    text = " ".join(dana.explanation)
    assert "Ben's ratings decide 20% of Dana Kim's score (an equal share: 50%)" in text
    assert "track the rest of the panel's" in text and "agreed less" not in text
    assert (
        "Dana Kim's Ownership rests on 1 rating, so it is pulled toward the job's average" in text
    )
    assert dana.equal_weight_score == 0.35 and [w.name for w in dana.weights] == ["Ana", "Ben"]
