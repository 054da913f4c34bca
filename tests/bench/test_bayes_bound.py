"""The Bayes bound: the oracle when the rater parameters are made known, and no worse
than naive means when they are not."""

from __future__ import annotations

import numpy as np

from bench.bayes_bound import GaussianPrior, MixturePrior, StudentTPrior, bound_posterior
from bench.oracle import oracle_posterior
from bench.simulate import SimConfig, naive_scores, simulate


def regret(sim, score: np.ndarray) -> float:
    c = sim.candidates.assign(score=score)
    pick = c.groupby("job_idx")["score"].idxmax().to_numpy()
    return float((c.groupby("job_idx")["true"].max().to_numpy() - c.loc[pick, "true"]).mean())


def test_with_the_rater_parameters_known_the_bound_is_the_oracle():
    sim = simulate(SimConfig(jobs_per_team=25), seed=3)
    cfg, cards = sim.config, sim.cards
    severity = sim.interviewers["severity"].to_numpy()
    # The job mean is what is left of each scorecard's offset.
    centre = 3.0 + cfg.leniency
    per_card = cards["offset"] - centre - cards["contrast"] - severity[cards["int"]]
    job_mean = np.zeros(sim.candidates["job_idx"].max() + 1)
    job_mean[sim.candidates["job_idx"].to_numpy()[cards["cand"]]] = per_card
    tiny = 1e-9
    known, _ = bound_posterior(
        sim,
        n_iter=300,
        burn=50,
        seed=1,
        severity=GaussianPrior(tiny, severity),
        log_use=(np.log(sim.interviewers["scale_use"].to_numpy()), tiny),
        job_mean=(job_mean, tiny),
    )
    oracle, _ = oracle_posterior(sim, n_iter=300, burn=50, seed=2)
    assert np.corrcoef(known, oracle)[0, 1] > 0.999
    assert np.abs(known - oracle).mean() < 0.01
    # Not knowing them costs: the bound's answer is measurably different.
    unknown, _ = bound_posterior(sim, n_iter=300, burn=50, seed=1)
    assert np.abs(unknown - oracle).mean() > 5 * np.abs(known - oracle).mean()


def test_the_bound_beats_naive_means_and_not_the_oracle_on_a_seeded_org():
    sim = simulate(SimConfig(jobs_per_team=60), seed=11)
    bound, _ = bound_posterior(sim, n_iter=300, burn=100, seed=1)
    oracle, _ = oracle_posterior(sim, seed=1)
    assert regret(sim, bound) < regret(sim, naive_scores(sim))
    assert (
        np.corrcoef(bound, sim.candidates["true"])[0, 1]
        < np.corrcoef(oracle, sim.candidates["true"])[0, 1]
    )


def test_the_severity_priors_auxiliaries_follow_their_definitions():
    rng = np.random.default_rng(0)
    b = np.full(200_000, 0.5)
    _, var = StudentTPrior(3.0, 0.2).given(b, rng)
    # w | b ~ Gamma(2, rate (3 + 6.25) / 2 = 4.625): E[w] = 2 / 4.625.
    assert abs(np.mean(0.04 / var) - 2 / 4.625) < 0.01
    mix = MixturePrior([0.5, 0.5], np.array([-1.0, 1.0]), np.array([1.0, 1.0]))
    mean, _ = mix.given(b, rng)
    # P(component at +1 | b = 0.5) = 1 / (1 + exp(-2 * 0.5)).
    assert abs((mean > 0).mean() - 1 / (1 + np.exp(-1.0))) < 0.005


def test_closed_ends_read_an_end_rating_as_a_unit_interval_and_nothing_else():
    from bench.oracle import layout

    sim = simulate(SimConfig(jobs_per_team=10, scale=(1, 4)), seed=5)
    open_, closed = layout(sim), layout(sim, closed_ends=True)
    on_end = np.isinf(open_.lo_r) | np.isinf(open_.hi_r)
    assert on_end.any()
    assert np.isfinite(closed.lo_r).all() and np.isfinite(closed.hi_r).all()
    np.testing.assert_array_equal((closed.hi_r - closed.lo_r)[on_end], 1.0)
    np.testing.assert_array_equal(closed.lo_r[~on_end], open_.lo_r[~on_end])
    np.testing.assert_array_equal(closed.hi_r[~on_end], open_.hi_r[~on_end])
