"""The stress suite's generators have the structure they claim (``bench.structures``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kurtosis, skew, spearmanr

from bench import structures as st
from bench.simulate import SimConfig, simulate
from bench.stress import SCENARIOS

SMALL = dict(jobs_per_team=30)


def _scenario(name: str, seed: int = 0, **kw):
    cfg, structure, _ = SCENARIOS[name]
    return simulate(cfg.with_(**{**SMALL, **kw}), seed=seed, structure=structure)


def test_default_structure_draws_the_default_simulation():
    a = simulate(SimConfig(**SMALL), seed=5)
    b = simulate(SimConfig(**SMALL), seed=5, structure=st.Structure())
    pd.testing.assert_frame_equal(a.ratings, b.ratings)


def test_departments_never_share_an_interviewer():
    sim = _scenario("3 departments", jobs_per_team=20)
    r = sim.ratings
    dept = r["job"].str[1:].astype(int) // 20
    per_interviewer = dept.groupby(r["interviewer"]).nunique()
    assert (per_interviewer == 1).all()
    assert dept.nunique() == 3


@pytest.mark.parametrize("seed", [0, 1])
def test_end_piling_puts_a_third_of_ratings_on_the_ends(seed):
    r = _scenario("end piling (1-4)", seed=seed).ratings
    assert (r["scale_min"] == 1).all() and (r["scale_max"] == 4).all()
    ends = r["rating"].isin([1, 4])
    assert ends.mean() >= 1 / 3
    # Both ends, not just one.
    assert (r["rating"] == 1).mean() > 0.08 and (r["rating"] == 4).mean() > 0.15


def test_lognormal_talent_is_skewed_and_the_oracle_knows_its_prior():
    sim = _scenario("lognormal talent")
    assert skew(sim.candidates["true"]) > 1.0
    assert skew(simulate(SimConfig(**SMALL), seed=0).candidates["true"]) < 0.5
    z = np.zeros((1, 4))
    assert sim.structure.log_prior_ratio(z, 0.5) is not None
    # Below the lognormal's lower bound the true prior has no mass.
    assert sim.structure.log_prior_ratio(np.full((1, 4), -5.0), 0.5)[0] == -np.inf


def test_t3_severities_have_heavy_tails_and_the_configured_sd():
    sev = st.HeavyTailedSeverity().severity(np.random.default_rng(0), 0.4, 200_000)
    assert kurtosis(sev) > 3  # a normal's excess kurtosis is 0
    assert np.std(sev) == pytest.approx(0.4, rel=0.1)


def test_sparse_coverage_rates_two_or_three_of_five_competencies():
    r = _scenario("sparse coverage (2-3 of 5)").ratings
    assert r["competency"].nunique() == 5
    per_interviewer = r.groupby("interviewer")["competency"].nunique()
    assert per_interviewer.between(2, 3).all()
    per_card = r.groupby(["candidate", "interviewer"])["competency"].nunique()
    assert per_card.between(2, 3).all()


@pytest.mark.parametrize("name", ["shared order, no contrast", "shared order, contrast -0.1"])
def test_shared_order_follows_quality_for_every_panelist(name):
    sim = _scenario(name)
    r = sim.ratings.drop_duplicates(["candidate", "interviewer"])
    true = r["candidate"].map(sim.candidates.set_index("candidate")["true"])
    # Within a job, every interviewer meets the candidates strongest first.
    for _, g in r.assign(true=true).groupby(["job", "interviewer"]):
        if len(g) > 1:
            assert g.sort_values("interviewed_at")["true"].is_monotonic_decreasing
    # And the order is shared: candidates of a job come on distinct days.
    day = r["interviewed_at"].dt.floor("D")
    assert (day.groupby(r["candidate"]).nunique() == 1).all()
    rho = spearmanr(r["interviewed_at"].astype("int64"), true).statistic
    assert np.isfinite(rho)
    assert SCENARIOS[name][0].contrast == (0.0 if "no contrast" in name else -0.1)


@pytest.mark.parametrize("name", ["drift", "wandering drift (control for drift)"])
def test_drift_moves_leniency_slowly_over_months(name):
    sim = _scenario(name)
    drift = sim.cards["drift"]
    assert np.std(drift) == pytest.approx(0.3, rel=0.25)
    cards = pd.DataFrame({"int": sim.cards["int"], "drift": drift})
    # The first rating of each scorecard, in scorecard order.
    r = sim.ratings.drop_duplicates(["candidate", "interviewer"])
    cards["t"] = r["interviewed_at"].to_numpy()
    steps, spans = [], []
    for _, g in cards.sort_values("t").groupby("int"):
        if len(g) > 5:
            steps.append(np.abs(np.diff(g["drift"])).mean())
            spans.append(g["drift"].max() - g["drift"].min())
    # Consecutive interviews differ little; over the year leniency moves a lot more.
    assert np.median(steps) < 0.25 * np.median(spans)


def test_wandering_drift_has_the_stated_covariance_and_no_period():
    # Many interviewers, each interviewing at the same days: the drift's covariance
    # over them is sd^2 times the squared-exponential correlation averaged over the
    # length scales (30-120 days), which falls to nothing in a year: no season.
    # 20,000 interviewers: the sample covariance's standard error is then about 0.002.
    n_int, days = 20_000, np.array([0.0, 10.0, 60.0, 200.0, 365.0])
    int_idx = np.repeat(np.arange(n_int), days.size)
    seconds = np.tile(days, n_int) * 86400
    unit = 1.0
    drift = st.WanderingDrift(sd=0.3).drift(np.random.default_rng(0), int_idx, seconds, n_int, unit)
    paths = drift.reshape(n_int, days.size)
    scales = np.linspace(30.0, 120.0, 1001)
    for k, lag in enumerate(days):
        want = 0.09 * np.mean(np.exp(-0.5 * (lag / scales) ** 2))
        got = np.mean(paths[:, 0] * paths[:, k])
        assert got == pytest.approx(want, abs=0.006), lag
    assert abs(np.mean(paths[:, 0] * paths[:, -1])) < 0.006


def test_wandering_drift_draws_what_it_drew_before_its_parameters_were_split_out():
    # Reference values from before ``parameters`` became a method (bench.drift_bound
    # reads the truth through it): the saved control runs must re-simulate the same.
    drift = st.WanderingDrift(sd=0.3).drift(
        np.random.default_rng(7),
        np.array([0, 0, 1, 1, 1, 2]),
        np.array([0.0, 5.0, 0.0, 20.0, 40.0, 3.0]) * 86400,
        3,
        1.0,
    )
    want = [0.00049289, 0.00049509, -0.02435037, -0.04137935, -0.06108255, 0.02935089]
    assert drift == pytest.approx(want, abs=1e-8)
    own_sd, scale = st.WanderingDrift(sd=0.3).parameters(np.random.default_rng(7), 3, 1.0)
    assert np.all(own_sd >= 0) and np.all((scale >= 30 * 86400) & (scale <= 120 * 86400))


def test_one_value_raters_give_one_value_and_the_oracle_ignores_them():
    sim = _scenario("one-value raters")
    r = sim.ratings
    distinct = r.groupby("interviewer")["rating"].nunique()
    fixed = sim.interviewers["interviewer"][
        np.bincount(sim.cards["int"], ~sim.cards["informative"], len(sim.interviewers)) > 0
    ]
    assert 0.05 < len(fixed) / len(sim.interviewers) < 0.3
    assert (distinct[fixed] == 1).all()
    assert (distinct.drop(fixed) > 1).mean() > 0.9
