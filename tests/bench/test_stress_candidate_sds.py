"""The stress suite's checks of the candidates' sds (``bench.stress``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.stress import centred_z_sd, pairwise_z_sd


def honest_frame(seed: int, n: int, jobs: int = 4000) -> pd.DataFrame:
    """Jobs of ``n`` candidates whose scores are job-centred estimates with independent
    errors of sd 0.3, each reported with the exact sd of its job-centred error."""
    rng = np.random.default_rng(seed)
    true = rng.normal(0, 1, (jobs, n))
    est = true + rng.normal(0, 0.3, (jobs, n))
    score = est - est.mean(axis=1, keepdims=True)
    sd = np.full((jobs, n), 0.3 * np.sqrt(1 - 1 / n))
    return pd.DataFrame(
        {
            "job_key": np.repeat(np.arange(jobs), n),
            "true": true.ravel(),
            "engine": score.ravel(),
            "engine_sd": sd.ravel(),
        }
    )


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 7))
def test_honest_job_centred_sds_read_one_and_the_pair_check_reads_them_narrow(seed, n):
    c = honest_frame(seed, n)
    assert abs(centred_z_sd(c) - 1.0) < 0.02
    # The pair check divides a pair's difference (variance 2 v) by the two centred
    # variances v (1 - 1 / n) each: it reads sqrt(n / (n - 1)).
    assert abs(pairwise_z_sd(c) - np.sqrt(n / (n - 1))) < 0.02


def test_sds_too_narrow_read_above_one():
    c = honest_frame(1, 5)
    c["engine_sd"] /= 1.2
    assert abs(centred_z_sd(c) - 1.2) < 0.03


def test_jobs_of_one_candidate_are_left_out():
    c = honest_frame(2, 4)
    alone = pd.DataFrame({"job_key": [-1], "true": [5.0], "engine": [0.0], "engine_sd": [0.01]})
    assert centred_z_sd(pd.concat([c, alone], ignore_index=True)) == centred_z_sd(c)
