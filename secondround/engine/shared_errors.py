"""Variance of a job-centred score when the interviewers' errors are shared.

A candidate's score is relative to the average of their job's candidates. An
interviewer's severity (or scale-use) error moves every candidate they met, by that
candidate's load on it: relative to the job's average, candidate ``c`` keeps
``(L_ci - Lbar_ji) e_i``, where ``Lbar_ji`` is the load's mean over the job's
candidates (those the interviewer did not meet count as 0). A harsh interviewer who
met the whole job moves it alike, and the error cancels. Counting these errors as each
candidate's own (as if independent) made the reported sds too wide (docs/benchmarks.md,
section 6, branches `candsd` and `candsd2`).
"""

from __future__ import annotations

import numpy as np


def centred_shared_variance(
    job_c: np.ndarray,
    cand_g: np.ndarray,
    rater_g: np.ndarray,
    load_g: np.ndarray,
    var_i: np.ndarray,
) -> np.ndarray:
    """``sum_i (L_ci - Lbar_ji)^2 var_i`` for each candidate, over the job's interviewers.

    Parameters
    ----------
    job_c : (C,) int array
        Each candidate's job.
    cand_g, rater_g : (G,) int arrays
        Each interview's candidate and interviewer.
    load_g : (G,) float array
        Each interview's load on its interviewer's error (a candidate's interviews
        with the same interviewer add up).
    var_i : (I,) float array
        Variance of each interviewer's error.

    Returns
    -------
    (C,) float array
        Without a dense candidate x interviewer matrix: one entry per (candidate,
        interviewer) pair met and per (job, interviewer) pair.
    """
    C, n_i = len(job_c), len(var_i)
    n_jobs = int(job_c.max()) + 1 if C else 0
    pair, pair_of_g = np.unique(cand_g.astype(np.int64) * n_i + rater_g, return_inverse=True)
    load = np.bincount(pair_of_g, load_g, len(pair))
    cand, rater = pair // n_i, pair % n_i
    job_rater, jr_of_pair = np.unique(
        job_c[cand].astype(np.int64) * n_i + rater, return_inverse=True
    )
    n = np.bincount(job_c, minlength=n_jobs).astype(np.float64)
    job = job_rater // n_i
    mean = np.bincount(jr_of_pair, load, len(job_rater)) / n[job]
    v = var_i[rater]
    # Over the job's interviewers a candidate did not meet, (0 - mean)^2: all of the
    # job's mean^2 terms, less those of the interviewers met, counted here exactly.
    met = ((load - mean[jr_of_pair]) ** 2 - mean[jr_of_pair] ** 2) * v
    every = np.bincount(job, mean**2 * var_i[job_rater % n_i], n_jobs)
    return np.maximum(np.bincount(cand, met, C) + every[job_c], 0.0)


def shared_variance(
    cand_g: np.ndarray, rater_g: np.ndarray, load_g: np.ndarray, var_i: np.ndarray, n_c: int
) -> np.ndarray:
    """``sum_i L_ci^2 var_i`` for each candidate: the shared errors uncentred (the
    variance of the standing itself), ``L_ci`` the candidate's summed loads on ``i``."""
    n_i = len(var_i)
    pair, pair_of_g = np.unique(cand_g.astype(np.int64) * n_i + rater_g, return_inverse=True)
    load = np.bincount(pair_of_g, load_g, len(pair))
    return np.bincount(pair // n_i, load**2 * var_i[pair % n_i], n_c)


def centred_job_load_variance(
    job_c: np.ndarray, job_load: np.ndarray, job_var: np.ndarray
) -> np.ndarray:
    """``(l_c - lbar_j)^2 var_j``: the job mean's error, relative to the job's average.

    Each candidate's standing loads the job mean's error by ``job_load`` (1 less the
    share their own interviews read of it); what is left after centring is the
    difference from the job's average load.
    """
    n_jobs = len(job_var)
    n = np.bincount(job_c, minlength=n_jobs).astype(np.float64)
    mean = np.bincount(job_c, job_load, n_jobs) / np.maximum(n, 1.0)
    return (job_load - mean[job_c]) ** 2 * job_var[job_c]
