"""bench.drift_bound: the engine re-run with each interview's true drift (or its Bayes
estimate under the simulator's sine family, or under the wandering control's Gaussian
process) in place of its estimate. Knowing the drift must bring the engine's scores
nearer the truth, the sine posterior must recover a sine from noise, the GP posterior
must be the dense Gaussian conditioning it claims, and the patched engine functions and
structures must be restored for whatever runs next."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench import stress
from bench.drift_bound import (
    SCENARIO,
    WANDERING,
    gp_posterior_drift,
    rerun_with_true_drift,
    sine_posterior_drift,
)
from secondround.engine import api, model


def _within_job_error(frame) -> float:
    """RMS error of the scores against the true standing, both centred within each job,
    since only the order within a job decides anything."""
    by_job = frame.groupby(["org", "job"])
    score = frame["engine"] - by_job["engine"].transform("mean")
    truth = frame["true"] - by_job["true"].transform("mean")
    return float(np.sqrt(((score - truth) ** 2).mean()))


def test_the_true_drift_brings_the_scores_nearer_the_truth(tmp_path):
    saved_dir, bound_dir = tmp_path / "saved", tmp_path / "bound"
    saved_dir.mkdir(), bound_dir.mkdir()
    stress.main(["--quick", "--scenario", SCENARIO, "--save", str(saved_dir)])
    patched = (api.build_design, stress.simulate, model.drift_offsets)

    rerun_with_true_drift(saved_dir, bound_dir)
    sine_dir = tmp_path / "sine"
    sine_dir.mkdir()
    rerun_with_true_drift(saved_dir, sine_dir, "sine")

    assert (api.build_design, stress.simulate, model.drift_offsets) == patched
    estimated, _, _ = stress.saved(SCENARIO, saved_dir)
    known, _, _ = stress.saved(SCENARIO, bound_dir)
    sine, _, _ = stress.saved(SCENARIO, sine_dir)
    assert len(known) == len(estimated) == len(sine)
    assert _within_job_error(known) < 0.98 * _within_job_error(estimated)
    assert not np.allclose(sine["engine"], known["engine"])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), period=st.floats(120.0, 365.0), phase=st.floats(0.0, 6.3))
@example(seed=28, period=120.0, phase=0.0)
def test_the_sine_posterior_recovers_a_sine_from_noise(seed, period, phase):
    """Two interviewers over a year, 100 interviews each at noise 3 times the drift's
    variance: the posterior mean is nearer the drift than the residuals or than no drift,
    and centred per interviewer. The margins hold for unlucky draws too: a period at the
    grid's short end with seed 28 reads 0.51 of no drift's error (400 random draws: at
    most 0.26), so 0.75 claims clearly better than no drift without failing on noise."""
    rng = np.random.default_rng(seed)
    rater = np.repeat([0, 1], 100)
    days = rng.uniform(0.0, 365.0, 200)
    drift = 0.4 * np.sin(2 * np.pi * days / period + phase) * np.where(rater == 0, 1.0, -1.0)
    drift -= np.bincount(rater, drift)[rater] / 100
    s2 = float(np.mean(drift**2))
    resid = drift + rng.normal(0.0, np.sqrt(3 * s2), 200)

    est = sine_posterior_drift(resid, rater, days * 86400.0, 2, s2, 3 * s2)

    assert np.allclose(np.bincount(rater, est), 0.0, atol=1e-9)
    err = np.mean((est - drift) ** 2)
    assert err < 0.75 * np.mean(drift**2)
    assert err < 0.5 * np.mean((resid - drift) ** 2)


def test_the_gp_bound_runs_on_the_control_and_restores_what_it_patched(tmp_path):
    saved_dir, gp_dir, true_dir = tmp_path / "saved", tmp_path / "gp", tmp_path / "true"
    for d in (saved_dir, gp_dir, true_dir):
        d.mkdir()
    stress.main(["--quick", "--scenario", WANDERING, "--save", str(saved_dir)])
    patched = (api.build_design, stress.simulate, model.drift_offsets)
    structure = stress.SCENARIOS[WANDERING][1]

    rerun_with_true_drift(saved_dir, gp_dir, "gp", WANDERING)
    rerun_with_true_drift(saved_dir, true_dir, "truth", WANDERING)

    assert (api.build_design, stress.simulate, model.drift_offsets) == patched
    assert "parameters" not in vars(structure)
    estimated, _, _ = stress.saved(WANDERING, saved_dir)
    gp, _, _ = stress.saved(WANDERING, gp_dir)
    known, _, _ = stress.saved(WANDERING, true_dir)
    assert len(gp) == len(known) == len(estimated)
    assert not np.allclose(gp["engine"], known["engine"])
    assert not np.allclose(gp["engine"], estimated["engine"])


def test_the_gp_bound_refuses_a_scenario_not_of_its_family(tmp_path):
    with pytest.raises(SystemExit, match="WanderingDrift"):
        rerun_with_true_drift(tmp_path, tmp_path, "gp", SCENARIO)


def _dense_gp_posterior(y, t, var, scale, noise, level_var):
    """The drift's posterior mean by plain Gaussian conditioning of the joint (drift,
    residuals), the interviewer's level a proper N(0, ``level_var``) prior, then centred."""
    kernel = var * np.exp(-0.5 * ((t[:, None] - t[None, :]) / scale) ** 2)
    cov_y = kernel + level_var + np.diag(noise)
    drift = kernel @ np.linalg.solve(cov_y, y)
    return drift - drift.mean()


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    sizes=st.lists(st.integers(2, 12), min_size=1, max_size=3),
    scale_days=st.floats(30.0, 120.0),
    var=st.floats(0.01, 0.5),
)
def test_the_gp_posterior_is_the_dense_gaussian_one(seed, sizes, scale_days, var):
    """A few interviewers, a few interviews each over a year, unequal noise: each one's
    drift is the dense GP conditioning with a very wide prior on their level (whose
    limit the flat prior is); an interviewer with no drift variance gets none."""
    rng = np.random.default_rng(seed)
    n_i = len(sizes) + 1
    rater = np.repeat(np.arange(n_i), sizes + [3])
    seconds = rng.uniform(0.0, 365.0, rater.size) * 86400.0
    resid = rng.normal(0.0, 1.0, rater.size) + 5.0
    noise = rng.uniform(0.2, 2.0, rater.size)
    own_var = np.r_[np.full(len(sizes), var), 0.0]
    scale = np.full(n_i, scale_days * 86400.0)

    est = gp_posterior_drift(resid, rater, seconds, n_i, own_var, scale, noise)

    for i in range(len(sizes)):
        at = rater == i
        want = _dense_gp_posterior(resid[at], seconds[at], var, scale[i], noise[at], 1e7)
        assert np.allclose(est[at], want, atol=1e-5)
    assert np.all(est[rater == n_i - 1] == 0.0)
