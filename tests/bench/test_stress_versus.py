"""bench.stress_versus: two scenarios' gap closed and their unpaired difference."""

import numpy as np
import pandas as pd
import pytest

from bench.stress_versus import oracle_scored_draws, versus


def frame(engine_noise: float, seed: int, jobs: int = 300, size: int = 4) -> pd.DataFrame:
    # The oracle's mean comes first and the truth scatters around it independently of
    # the other scores, so that the oracle is E[true | every score], as in the suite.
    rng = np.random.default_rng(seed)
    oracle = rng.normal(size=jobs * size)
    c = pd.DataFrame(
        {
            "org": 1,
            "job": np.repeat([f"J{j}" for j in range(jobs)], size),
            "candidate": [f"C{i}" for i in range(jobs * size)],
            "true": oracle + rng.normal(scale=0.5, size=oracle.size),
            "naive": oracle + rng.normal(scale=1.0, size=oracle.size),
            "oracle": oracle,
        }
    )
    c["engine"] = oracle + rng.normal(scale=engine_noise, size=oracle.size)
    c["job_key"] = pd.factorize(c["job"])[0]
    return c


def test_oracle_scored_share_is_one_for_the_oracle_and_zero_for_naive():
    c = frame(0.5, seed=1).assign(copy_of_oracle=lambda d: d["oracle"])
    d = oracle_scored_draws(c, ["copy_of_oracle", "naive", "engine"], n_boot=100)
    np.testing.assert_allclose(d["copy_of_oracle"], 1.0)
    np.testing.assert_allclose(d["naive"], 0.0)
    assert 0 < d["engine"][0] < 1


def test_the_same_scenario_twice_differs_by_nothing_at_the_point():
    c = frame(0.5, seed=1)
    g = versus(c, c.copy(), "engine", n_boot=200)
    for label in ("realised", "oracle-scored"):
        assert g[f"{label}: A"][0] == g[f"{label}: B"][0]
        point, low, high = g[f"{label}: B − A"]
        assert point == 0 and low < 0 < high  # unpaired: the interval is not degenerate


def test_a_better_engine_on_b_shows_beyond_noise_and_oracle_scoring_narrows_it():
    worse, better = frame(0.9, seed=1), frame(0.2, seed=2)
    g = versus(worse, better, "engine", n_boot=300)
    for label in ("realised", "oracle-scored"):
        point, low, high = g[f"{label}: B − A"]
        assert point > 0 and low > 0
    width = {k: g[k][2] - g[k][1] for k in ("realised: B − A", "oracle-scored: B − A")}
    assert width["oracle-scored: B − A"] < width["realised: B − A"]
    assert g["oracle-scored: B − A"][0] == pytest.approx(g["realised: B − A"][0], abs=0.15)
