from secondround.hiring.round_over_round import CONFIRM_THRESHOLD, round_over_round, verdict


def test_small_moves_confirm_and_large_ones_contradict():
    assert verdict(1, 3.0, 2, 3.5) == ("Round 2 confirmed round 1", False)
    assert verdict(1, 2.0, 2, 3.5) == ("Round 2 contradicted round 1 (2.0 → 3.5)", True)
    # The threshold itself counts as a contradiction: "less than 0.75" confirms.
    assert verdict(1, 2.0, 2, 2.0 + CONFIRM_THRESHOLD)[1] is True
    assert verdict(1, 2.0, 2, 2.0 + CONFIRM_THRESHOLD - 0.01)[1] is False
    assert verdict(1, 3.0, 2, 1.5)[0] == "Round 2 contradicted round 1 (3.0 → 1.5)"


def test_missing_rounds_read_plainly():
    assert verdict(1, 3.0, 2, None) == ("Not assessed in round 2", False)
    assert verdict(None, None, 2, 3.0) == ("First assessed in round 2", False)


def test_table_means_per_round_and_verdicts():
    ratings = [
        ("Problem solving", 1, 2),
        ("Problem solving", 1, 2),
        ("Problem solving", 2, 4),
        ("Problem solving", 2, 3),
        ("Collaboration", 1, 3),
        ("Collaboration", 2, 3),
        ("System design", 1, 2),
    ]
    rounds, rows = round_over_round(ratings, ["Problem solving", "Collaboration", "System design"])
    assert rounds == [1, 2]
    by_name = {r.competency: r for r in rows}
    assert by_name["Problem solving"].means == {1: 2.0, 2: 3.5}
    assert by_name["Problem solving"].verdict == "Round 2 contradicted round 1 (2.0 → 3.5)"
    assert by_name["Collaboration"].verdict == "Round 2 confirmed round 1"
    assert by_name["System design"].verdict == "Not assessed in round 2"


def test_one_round_gives_no_verdicts():
    rounds, rows = round_over_round([("Problem solving", 1, 3)], ["Problem solving"])
    assert rounds == [1] and rows[0].verdict == ""


def test_latest_round_compares_with_the_last_round_that_rated_the_competency():
    ratings = [("Collaboration", 1, 1), ("Problem solving", 2, 3), ("Collaboration", 3, 3)]
    _, rows = round_over_round(ratings, ["Collaboration", "Problem solving"])
    assert rows[0].verdict == "Round 3 contradicted round 1 (1.0 → 3.0)"
    assert rows[1].verdict == "Not assessed in round 3"
