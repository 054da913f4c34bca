"""Tests of the benchmark simulator and oracle (``bench.simulate``, ``bench.oracle``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.oracle import oracle_posterior
from bench.simulate import SimConfig, naive_scores, simulate

SMALL = SimConfig(jobs_per_team=30)
# No rater effects, no halo, no contrast, and a scale so wide that rounding is
# negligible: the raw mean then orders candidates as their true standing does.
CLEAN = SMALL.with_(
    scale=(1, 4001),
    severity_sd=0.0,
    scale_use_sd=0.0,
    halo=0.0,
    interview_sd=0.0,
    noise_sd=1e-6,
    contrast=0.0,
    job_mean_sd=0.0,
    p_rated=1.0,
)


def _picks(c: pd.DataFrame, col: str) -> np.ndarray:
    return c.groupby("job_idx")[col].idxmax().to_numpy()


def test_deterministic_for_a_seed():
    a, b = simulate(SMALL, seed=3), simulate(SMALL, seed=3)
    pd.testing.assert_frame_equal(a.ratings, b.ratings)
    pd.testing.assert_frame_equal(a.candidates, b.candidates)
    assert not simulate(SMALL, seed=4).ratings["rating"].equals(a.ratings["rating"])


@pytest.mark.parametrize("scale", [(1, 4), (1, 5)])
def test_ratings_stay_on_the_scale_and_use_it(scale):
    r = simulate(SMALL.with_(scale=scale), seed=0).ratings
    assert r["rating"].between(*scale).all()
    assert set(r["rating"]) == set(range(scale[0], scale[1] + 1))
    assert (r["scale_min"] == scale[0]).all() and (r["scale_max"] == scale[1]).all()


def test_design_matches_the_brief():
    sim = simulate(SMALL, seed=1)
    r = sim.ratings
    per_job = r.groupby("job")["candidate"].nunique()
    assert per_job.between(3, 7).all()
    panel = r.groupby("candidate")["interviewer"].nunique()
    assert panel.between(2, 4).all() and panel.nunique() > 1
    assert r["candidate"].map(sim.candidates.set_index("candidate")["job"]).eq(r["job"]).all()
    assert list(r.columns) == [
        "job",
        "candidate",
        "interviewer",
        "competency",
        "rating",
        "scale_min",
        "scale_max",
        "interviewed_at",
    ]
    # An interviewer's scorecards have distinct times, so the order is defined.
    cards = r.drop_duplicates(["candidate", "interviewer"])
    assert not cards.duplicated(["interviewer", "interviewed_at"]).any()


def test_without_noise_or_rater_effects_naive_and_oracle_pick_the_truth():
    sim = simulate(CLEAN, seed=2)
    c = sim.candidates.assign(naive=naive_scores(sim))
    c["oracle"], _ = oracle_posterior(sim, n_iter=50, burn=20)
    truth = _picks(c, "true")
    assert (_picks(c, "naive") == truth).all()
    assert (_picks(c, "oracle") == truth).all()


def test_contrast_lowers_ratings_after_a_strong_interview():
    cfg = SMALL.with_(contrast=-0.5, jobs_per_team=150)
    r = simulate(cfg, seed=5).ratings
    cards = r.groupby(["interviewer", "interviewed_at"], as_index=False)["rating"].mean()
    cards["prev"] = cards.groupby("interviewer")["rating"].shift()
    assert cards["rating"].corr(cards["prev"]) < -0.05


def test_oracle_beats_naive_and_p_best_sums_to_one():
    sim = simulate(SimConfig(), seed=0)
    c = sim.candidates.assign(naive=naive_scores(sim))
    c["oracle"], c["p_best"] = oracle_posterior(sim, n_iter=200, burn=50)
    np.testing.assert_allclose(c.groupby("job_idx")["p_best"].sum(), 1.0)
    true = c["true"].to_numpy()
    assert np.corrcoef(c["oracle"], true)[0, 1] > np.corrcoef(c["naive"], true)[0, 1]
