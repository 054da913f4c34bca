"""The comparison's statements, on hand-made figures."""

from secondround.calibration.compare import (
    Z90,
    Finalist,
    build_comparison,
    differ_beyond_noise,
    difference_sentence,
    explain,
    lead_sentence,
    probe_next,
)

COMPS = ["Problem solving", "Collaboration", "System design"]


def finalist(name, p, **calibrated):
    f = Finalist(application_id=hash(name) % 1000, name=name, p_best=p, score=0.0, sd=0.1)
    f.calibrated = {k.replace("_", " ").capitalize(): v for k, v in calibrated.items()}
    return f


def test_differ_beyond_noise_uses_the_90_percent_rule():
    gap_sd = (0.3**2 + 0.4**2) ** 0.5  # 0.5
    assert differ_beyond_noise((1.0 + Z90 * gap_sd + 0.01, 0.3), (1.0, 0.4))
    assert not differ_beyond_noise((1.0 + Z90 * gap_sd - 0.01, 0.3), (1.0, 0.4))


def test_difference_sentence_names_only_the_competencies_beyond_noise():
    dana = finalist("Dana", 0.7, problem_solving=(0.9, 0.15), collaboration=(0.3, 0.3))
    luis = finalist("Luis", 0.3, problem_solving=(0.1, 0.15), collaboration=(0.2, 0.3))
    assert difference_sentence(dana, luis, COMPS) == (
        "Dana and Luis differ beyond noise only on Problem solving (Dana higher)."
    )
    luis.calibrated["Problem solving"] = (0.8, 0.15)
    assert difference_sentence(dana, luis, COMPS) == (
        "Dana and Luis do not differ beyond noise on any competency."
    )


def test_probe_picks_the_least_certain_open_gap():
    dana = finalist(
        "Dana", 0.7, problem_solving=(0.9, 0.1), collaboration=(0.3, 0.3), system_design=(0.2, 0.5)
    )
    luis = finalist(
        "Luis", 0.3, problem_solving=(0.1, 0.1), collaboration=(0.2, 0.3), system_design=(0.1, 0.45)
    )
    assert probe_next(dana, luis, COMPS) == ("System design", "largest remaining uncertainty")
    # A competency already separated beyond noise is never suggested, however uncertain.
    dana.calibrated["System design"] = (3.0, 0.5)
    assert probe_next(dana, luis, COMPS)[0] == "Collaboration"
    # A competency one of them was never rated on comes first.
    del luis.calibrated["Collaboration"]
    assert probe_next(dana, luis, COMPS) == (
        "Collaboration",
        "Luis has no calibrated score on it yet",
    )


def test_lead_sentence_orders_by_p_best_and_says_when_not_all_are_compared():
    finalists = [finalist("Dana", 0.71, a=(0, 1)), finalist("Luis", 0.24), finalist("Mei", 0.05)]
    assert lead_sentence(finalists, 3) == (
        "Dana is most likely the strongest (71%). Luis (24%) and Mei (5%) trail."
    )
    assert lead_sentence(finalists[:2], 5) == (
        "Dana is most likely the strongest of the job's 5 candidates (71%). Luis (24%) trails."
    )
    close = [finalist("Dana", 0.46), finalist("Luis", 0.44), finalist("Mei", 0.10)]
    assert lead_sentence(close, 3).startswith("No clear strongest: Dana (46%) and Luis (44%)")


def test_build_comparison_orders_finalists_by_p_best():
    result = {
        "candidates": [
            {
                "job": "7",
                "candidate": "1",
                "score": 0.1,
                "sd": 0.2,
                "p_best": 0.2,
                "competencies": {},
            },
            {
                "job": "7",
                "candidate": "2",
                "score": 0.5,
                "sd": 0.2,
                "p_best": 0.8,
                "competencies": {},
            },
            {
                "job": "8",
                "candidate": "3",
                "score": 0.9,
                "sd": 0.2,
                "p_best": 1.0,
                "competencies": {},
            },
        ]
    }
    fs = [Finalist(1, "Ada"), Finalist(2, "Bo")]
    comparison = build_comparison(result, 7, fs, COMPS, {}, {})
    assert [f.name for f in comparison.finalists] == ["Bo", "Ada"]
    assert comparison.n_job_candidates == 2
    assert comparison.lead == "Bo is most likely the strongest (80%). Ada (20%) trails."


def test_an_interviewer_who_counts_for_less_is_named_with_the_reason():
    adjustments = {
        "adjustments": [
            {"interviewer": "12", "severity": 0.0, "effect": 0.0, "n_ratings": 4, "weight": 0.2},
            {"interviewer": "13", "severity": 0.0, "effect": 0.0, "n_ratings": 4, "weight": 0.5},
            {"interviewer": "14", "severity": 0.0, "effect": 0.0, "n_ratings": 2, "weight": 0.3},
        ]
    }
    names = {"12": "Ben", "13": "Chen", "14": "Ana"}
    assert explain(adjustments, names, {}, set(), "Luis") == [
        "Ben's ratings decide 20% of Luis's score (an equal share: 33%): each rating counts by "
        "how consistently its interviewer's ratings track the rest of the panel's, and Ben's "
        "have tracked it less closely than most."
    ]
    adjustments["adjustments"][2]["weight"] = 0.2
    adjustments["adjustments"][0]["weight"] = 0.3
    assert explain(adjustments, names, {}, set(), "Luis") == [
        "Ana rated fewer competencies than the others, so Ana's 2 ratings decide 20% of Luis's "
        "score (an equal share: 33%)."
    ]
    # Snapshots from before weights were reported say nothing about them.
    for item in adjustments["adjustments"]:
        del item["weight"]
    assert explain(adjustments, names, {}, set(), "Luis") == [
        "Their interviewers rate like their colleagues, so calibration moves little."
    ]


def test_explanations_use_names_not_ids():
    adjustments = {"adjustments": [{"interviewer": "12", "severity": -0.5, "effect": 0.3}]}
    assert explain(adjustments, {"12": "Ben"}, {}, set(), "Luis") == [
        "Ben rates 0.5 below colleagues on average (+0.3 on Luis).",
        "Luis was rated by one interviewer only, so the score rests on one view.",
    ]
    engine_sentences = {
        "explanation": [
            "5 scores +0.42 ± 0.21 rating points against the average candidate (raw mean 3.00 "
            "from 8 ratings); P(best in 2) = 63%.",
            "12 rates 0.50 points below colleagues on average: +0.30 on this candidate's score "
            "from 12's ratings.",
        ]
    }
    assert explain(engine_sentences, {"12": "Ben"}, {}, set()) == [
        "Ben rates 0.50 points below colleagues on average: +0.30 on this candidate's score "
        "from Ben's ratings."
    ]
    from_severity = explain({}, {"12": "Ben"}, {"12": {"severity": 0.4}}, {"12"})
    assert from_severity == ["Ben rates 0.4 above colleagues on average."]
