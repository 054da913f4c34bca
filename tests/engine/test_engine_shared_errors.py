"""A job-centred score's variance counts the interviewers' errors as shared within the job.

A harsh interviewer who met several of a job's candidates moves them alike, which
cancels relative to the job's average: counted as each candidate's own, these errors
made the reported sds too wide (cand z SD 0.82-0.91 on the stress suite, branch `candsd2`).
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from secondround.engine.api import compute
from secondround.engine.shared_errors import centred_shared_variance
from secondround.engine.simulate import simulate


def dense_centred(job_c, cand_g, rater_g, load_g, n_i):
    """(C, I) loads less their job's mean (zeros counted), built densely."""
    C = len(job_c)
    L = np.zeros((C, n_i))
    np.add.at(L, (cand_g, rater_g), load_g)
    mean = np.zeros((job_c.max() + 1, n_i))
    np.add.at(mean, job_c, L)
    mean /= np.bincount(job_c)[:, None]
    return L - mean[job_c]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_cands=st.integers(2, 25),
    n_raters=st.integers(1, 8),
    n_jobs=st.integers(1, 4),
)
def test_the_shared_variance_is_the_dense_centred_sum(seed, n_cands, n_raters, n_jobs):
    rng = np.random.default_rng(seed)
    job_c = rng.integers(0, n_jobs, n_cands)
    job_c[: min(n_jobs, n_cands)] = np.arange(min(n_jobs, n_cands))
    job_c = np.unique(job_c, return_inverse=True)[1]  # every job has a candidate
    G = int(rng.integers(1, 3 * n_cands))
    cand_g, rater_g = rng.integers(0, n_cands, G), rng.integers(0, n_raters, G)
    load_g, var_i = rng.normal(size=G), rng.uniform(0.01, 2.0, n_raters)
    expected = dense_centred(job_c, cand_g, rater_g, load_g, n_raters) ** 2 @ var_i
    got = centred_shared_variance(job_c, cand_g, rater_g, load_g, var_i)
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_an_interviewer_who_met_the_whole_job_alike_cancels():
    """Equal loads across the job: however unsure their severity, none of it is left."""
    job_c = np.zeros(4, np.int64)
    cand_g = np.array([0, 1, 2, 3, 0, 2])
    rater_g = np.array([0, 0, 0, 0, 1, 1])
    load_g = np.array([-0.5, -0.5, -0.5, -0.5, -0.3, -0.4])
    small = centred_shared_variance(job_c, cand_g, rater_g, load_g, np.array([1.0, 1.0]))
    huge = centred_shared_variance(job_c, cand_g, rater_g, load_g, np.array([1e6, 1.0]))
    assert np.allclose(small, huge, rtol=1e-9)
    # Interviewer 1 met two of four: their error is left, at (load - mean)^2.
    mean = (-0.3 - 0.4) / 4
    assert np.allclose(small, [(-0.3 - mean) ** 2, mean**2, (-0.4 - mean) ** 2, mean**2])


def test_the_reported_sd_is_the_centred_error_of_the_scores_own_and_shared_parts():
    """The engine's sd equals the brute-force sd of (theta_c - job average) from the same
    loads: own errors independent, each interviewer's and each job mean's error shared."""
    k = compute(simulate(n_jobs=8, team=6, seed=11).table)
    d, f = k.design, k.fit
    I_ = len(d.n_i)
    shared = dense_centred(d.job_c, d.cand_g, d.rater_g, f.d_b, I_) ** 2 @ f.var_b
    shared += dense_centred(d.job_c, d.cand_g, d.rater_g, f.d_a, I_) ** 2 @ f.var_a
    n_jobs = d.job_c.max() + 1
    job_load = dense_centred(d.job_c, np.arange(len(d.job_c)), d.job_c, f.job_load, n_jobs)
    shared += job_load**2 @ f.job_var
    # Own errors: independent, so centring keeps v (1 - 2/n) + sum(v) / n^2.
    C = len(d.job_c)
    centre = np.eye(C) - (d.job_c[:, None] == d.job_c[None, :]) / np.bincount(d.job_c)[d.job_c]
    own = (centre**2) @ f.var_own
    n = np.bincount(d.job_c)[d.job_c]
    assert (n > 1).all() and d.group.max() == 0  # no lone candidate, no mixed job
    unit = d.width * f.unit  # the standings' latent units (Fit.unit)
    expected = np.sqrt(own + shared) * unit
    assert np.allclose(k.sd, expected, rtol=1e-9)
    # Narrower than when every error was counted as the candidate's own (var_dev).
    old = np.sqrt(f.var_dev * (1 - 2 / n) + np.bincount(d.job_c, f.var_dev)[d.job_c] / n**2)
    assert np.median(k.sd / (old * unit)) < 0.97
    # A competency's sd rests on the same variance.
    assert np.allclose(k.cell_sd, np.sqrt((k.sd / unit)[d.cell_cand] ** 2 + f.var_delta) * unit)
