"""bench.drift_bound: the engine re-run with each interview's true drift in place of its
estimate. Knowing the drift must bring the engine's scores nearer the truth, and the
patched engine functions must be restored for whatever runs next."""

import numpy as np

from bench import stress
from bench.drift_bound import SCENARIO, rerun_with_true_drift
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

    assert (api.build_design, stress.simulate, model.drift_offsets) == patched
    estimated, _, _ = stress.saved(SCENARIO, saved_dir)
    known, _, _ = stress.saved(SCENARIO, bound_dir)
    assert len(known) == len(estimated)
    assert _within_job_error(known) < 0.98 * _within_job_error(estimated)
