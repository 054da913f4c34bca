"""Interview order: ties give no order, a shared quality-sorted order is not read
as a contrast effect, a true one is still found, and only a clear one is told."""

import numpy as np

from secondround.engine import RatingsTable, calibrate
from secondround.engine.design import build_design, previous_interviews

from .cases import shared_order, team


def test_tied_times_give_no_previous_interview():
    rater = np.array([0, 0, 0, 0, 1, 1])
    time = np.array([1.0, 2.0, 2.0, 3.0, 5.0, 6.0])
    label = np.array([0, 1, 2, 3, 4, 5])
    prev, n_tied = previous_interviews(rater, time, label)
    # 0 first; 1 and 2 tied (no order); 3 follows a tie (which one is unknown).
    assert prev.tolist() == [-1, -1, -1, -1, -1, 4]
    assert n_tied == 2
    # Swapping the labels of the tied pair changes nothing.
    prev2, _ = previous_interviews(rater, time, np.array([0, 2, 1, 3, 4, 5]))
    assert prev2.tolist() == prev.tolist()


def test_equal_timestamps_are_warned_about_and_not_ordered_by_label():
    rng = np.random.default_rng(0)
    recs = [dict(r, interviewed_at=0.0) for r in team(rng, ["A", "B", "C"], "c", n_cands=20)]
    table = RatingsTable.from_records(recs)
    d = build_design(table)
    assert (d.prev_g == -1).all() and d.n_tied == d.n_interviews
    res = calibrate(table)
    assert res.effects.contrast == 0.0 or abs(res.effects.contrast) < 0.01
    assert not res.contrast_clear
    (warning,) = [w for w in res.warnings if "same time" in w]
    assert f"{d.n_interviews} interview(s)" in warning and "order is unknown" in warning
    assert any("contrast effect" in w and "could not be measured" in w for w in res.warnings)


def test_a_shared_quality_sorted_order_is_not_read_as_contrast():
    zs = []
    for seed in range(3):
        res = calibrate(RatingsTable.from_records(shared_order(seed, contrast=0.0)))
        z = res.effects.contrast / res.effects.contrast_sd
        zs.append(z)
        assert abs(z) < 2.5, (seed, res.effects)
        if not res.contrast_clear:
            for c in res.candidates[:10]:
                assert not any("contrast" in s for s in res.explain(c.candidate))
    assert abs(np.mean(zs)) < 1.5


def test_a_true_contrast_is_still_found_in_a_shared_order():
    for seed in range(2):
        res = calibrate(RatingsTable.from_records(shared_order(seed, contrast=-0.15)))
        assert res.contrast_clear, res.effects
        assert -0.25 < res.effects.contrast < -0.08


def test_contrast_within_noise_is_not_put_into_words():
    # Few interviews: the estimate is noise. Explanations then never mention it,
    # even where its correction moved a score a little.
    rng = np.random.default_rng(5)
    recs = team(rng, ["A", "B", "C"], "c", n_cands=10)
    res = calibrate(RatingsTable.from_records(recs))
    assert abs(res.effects.contrast) < 2 * res.effects.contrast_sd
    assert not res.contrast_clear
    for c in res.candidates:
        assert not any("contrast" in s for s in res.explain(c.candidate))
