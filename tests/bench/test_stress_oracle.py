"""The oracle's sampling path (Metropolis within Gibbs) agrees with its exact path."""

from __future__ import annotations

import dataclasses

import numpy as np

from bench.oracle import oracle_posterior
from bench.simulate import SimConfig, simulate


def test_metropolis_path_matches_the_conjugate_path_on_a_gaussian_prior():
    # Truth: Gaussian talent with half the configured variance. The exact path is told
    # the right variance; the sampling path proposes from the configured (wider) prior
    # and corrects by the ratio of the two priors.
    cfg = SimConfig(jobs_per_team=25, true_sd=0.6 * np.sqrt(0.5))
    sim = simulate(cfg, seed=3)
    exact, exact_pb = oracle_posterior(sim, n_iter=300, burn=50, seed=1)

    wide = dataclasses.replace(sim, config=cfg.with_(true_sd=0.6))
    k = cfg.n_competencies
    r_inv = np.linalg.inv(cfg.competency_corr + (1 - cfg.competency_corr) * np.eye(k))

    def ratio(t):  # log N(t; 0, R/2) - log N(t; 0, R), t in units of the wide prior
        return -0.5 * np.einsum("ca,ab,cb->c", t, r_inv, t)

    sampled, sampled_pb = oracle_posterior(
        wide, n_iter=1500, burn=200, seed=2, log_prior_ratio=ratio
    )
    assert np.corrcoef(exact, sampled)[0, 1] > 0.995
    assert np.abs(exact - sampled).mean() < 0.02
    assert np.abs(exact_pb - sampled_pb).mean() < 0.03
    # The prior matters here: the wide prior's exact answer is measurably different.
    wide_exact, _ = oracle_posterior(wide, n_iter=300, burn=50, seed=1)
    assert np.abs(wide_exact - exact).mean() > 2 * np.abs(exact - sampled).mean()


def test_one_value_raters_carry_no_information_for_the_oracle():
    sim = simulate(SimConfig(jobs_per_team=20), seed=4)
    base, _ = oracle_posterior(sim, n_iter=60, burn=20)
    cards = dict(sim.cards, informative=np.zeros(len(sim.cards["cand"]), bool))
    prior_only, _ = oracle_posterior(dataclasses.replace(sim, cards=cards), n_iter=60, burn=20)
    assert np.allclose(prior_only, 0.0, atol=1e-9)
    assert np.std(base) > 0.1
