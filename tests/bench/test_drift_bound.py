"""bench.drift_bound: the engine re-run with each interview's true drift (or its Bayes
estimate under the simulator's sine family) in place of its estimate. Knowing the drift
must bring the engine's scores nearer the truth, the sine posterior must recover a sine
from noise, and the patched engine functions must be restored for whatever runs next."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import stress
from bench.drift_bound import SCENARIO, rerun_with_true_drift, sine_posterior_drift
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
    rerun_with_true_drift(saved_dir, sine_dir, sine=True)

    assert (api.build_design, stress.simulate, model.drift_offsets) == patched
    estimated, _, _ = stress.saved(SCENARIO, saved_dir)
    known, _, _ = stress.saved(SCENARIO, bound_dir)
    sine, _, _ = stress.saved(SCENARIO, sine_dir)
    assert len(known) == len(estimated) == len(sine)
    assert _within_job_error(known) < 0.98 * _within_job_error(estimated)
    assert not np.allclose(sine["engine"], known["engine"])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), period=st.floats(120.0, 365.0), phase=st.floats(0.0, 6.3))
def test_the_sine_posterior_recovers_a_sine_from_noise(seed, period, phase):
    """Two interviewers over a year, 100 interviews each at noise 3 times the drift's
    variance: the posterior mean is nearer the drift than the residuals or than no drift,
    and centred per interviewer."""
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
    assert err < 0.5 * np.mean(drift**2)
    assert err < 0.5 * np.mean((resid - drift) ** 2)
