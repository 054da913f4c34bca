"""bench.stress_compare: two engines' gap closed on the same organisations, paired."""

import numpy as np
import pandas as pd

from bench.stress_compare import oracle_scored_difference, paired_gaps


def frame(engine_noise: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    jobs, size = 300, 4
    true = rng.normal(size=jobs * size)
    c = pd.DataFrame(
        {
            "org": 1,
            "job": np.repeat([f"J{j}" for j in range(jobs)], size),
            "candidate": [f"C{i}" for i in range(jobs * size)],
            "true": true,
            "naive": true + rng.normal(scale=1.0, size=true.size),
            "oracle": true + rng.normal(scale=0.3, size=true.size),
        }
    )
    c["engine"] = true + np.random.default_rng(seed).normal(scale=engine_noise, size=true.size)
    c["job_key"] = pd.factorize(c["job"])[0]
    return c


def test_the_same_engine_twice_differs_by_nothing():
    c = frame(0.5, seed=1)
    g = paired_gaps(c, c.copy(), n_boot=200)
    assert g["before"] == g["after"]
    assert g["after − before"] == (0.0, 0.0, 0.0)


def test_a_better_engine_closes_more_of_the_gap_beyond_noise():
    worse, better = frame(0.9, seed=1), frame(0.2, seed=2)
    g = paired_gaps(worse, better, n_boot=300)
    point, low, high = g["after − before"]
    assert point > 0 and low > 0  # paired: the interval excludes 0
    assert g["after"][0] > g["before"][0]


def test_oracle_scored_difference_is_zero_for_one_engine_and_sees_a_better_one():
    c = frame(0.5, seed=1)
    assert oracle_scored_difference(c, c.copy(), n_boot=100) == (0.0, 0.0, 0.0)
    worse, better = frame(0.9, seed=1), frame(0.2, seed=2)
    point, low, high = oracle_scored_difference(worse, better, n_boot=300)
    assert point > 0 and low > 0
    # It estimates the same difference as the realised one (the oracle is E[true]).
    realised = paired_gaps(worse, better, n_boot=50)["after − before"][0]
    assert abs(point - realised) < 0.5 * realised
