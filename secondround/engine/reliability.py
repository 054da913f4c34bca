"""Reliability: Shrout & Fleiss ICCs for complete designs, and a model-based one.

The six ICC forms follow Shrout & Fleiss (1979) from a two-way ANOVA without
replication, like ``pingouin.intraclass_corr``. Jobs are grouped by matrix shape
and computed as stacked arrays, so 20k jobs cost a few array operations.
"""

from __future__ import annotations

import numpy as np

ICC_NAMES = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


def icc_shrout_fleiss(x: np.ndarray) -> dict[str, np.ndarray | float]:
    """The six Shrout & Fleiss intraclass correlations.

    Parameters
    ----------
    x : array, shape (n, k) or (..., n, k)
        Targets (candidates) in rows, raters in columns; complete (no NaN).
        Leading dimensions are independent matrices (vectorised).

    Returns
    -------
    dict
        ``ICC1, ICC2, ICC3`` (single rater: one-way random, two-way random
        absolute agreement, two-way mixed consistency) and ``ICC1k, ICC2k,
        ICC3k`` (mean of k raters). Floats for a 2-D input, arrays otherwise;
        NaN where undefined (no variance, n < 2 or k < 2).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2:
        raise ValueError("icc_shrout_fleiss needs an (n, k) matrix")
    n, k = x.shape[-2], x.shape[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        gm = x.mean(axis=(-2, -1), keepdims=True)
        rows = x.mean(axis=-1, keepdims=True)
        cols = x.mean(axis=-2, keepdims=True)
        ss_t = ((x - gm) ** 2).sum(axis=(-2, -1))
        ss_r = k * ((rows - gm) ** 2).sum(axis=(-2, -1))
        ss_c = n * ((cols - gm) ** 2).sum(axis=(-2, -1))
        ss_e = ss_t - ss_r - ss_c
        msr = ss_r / (n - 1)
        msc = ss_c / (k - 1)
        mse = ss_e / ((n - 1) * (k - 1))
        msw = (ss_c + ss_e) / (n * (k - 1))
        out = {
            "ICC1": (msr - msw) / (msr + (k - 1) * msw),
            "ICC2": (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n),
            "ICC3": (msr - mse) / (msr + (k - 1) * mse),
            "ICC1k": (msr - msw) / msr,
            "ICC2k": (msr - mse) / (msr + (msc - mse) / n),
            "ICC3k": (msr - mse) / msr,
        }
    if x.ndim == 2:
        return {name: float(v) for name, v in out.items()}
    return out


def job_iccs(
    job_g: np.ndarray, cand_g: np.ndarray, rater_g: np.ndarray, value_g: np.ndarray, n_jobs: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """ICCs of every job whose design is complete.

    Parameters
    ----------
    job_g, cand_g, rater_g, value_g : (G,) arrays
        Per interview: job, candidate, interviewer, and the mean rating.
    n_jobs : int

    Returns
    -------
    complete : (n_jobs,) bool
        Every interviewer of the job rated every candidate of the job (and the
        job has at least 2 of each, so that the ICCs exist).
    iccs : dict of (n_jobs,) float arrays
        NaN for incomplete jobs.
    """
    iccs = {name: np.full(n_jobs, np.nan) for name in ICC_NAMES}
    # Position of each candidate / interviewer inside its job.
    c_pos, n_cj = _positions(job_g, cand_g, n_jobs)
    r_pos, n_rj = _positions(job_g, rater_g, n_jobs)
    n_gj = np.bincount(job_g, minlength=n_jobs)
    complete = (n_gj == n_cj * n_rj) & (n_cj >= 2) & (n_rj >= 2)
    keep = complete[job_g]
    if not keep.any():
        return complete, iccs
    shape_key = n_cj * 10_000 + n_rj
    for key in np.unique(shape_key[complete]):
        jobs = np.flatnonzero(complete & (shape_key == key))
        n, k = int(n_cj[jobs[0]]), int(n_rj[jobs[0]])
        slot = np.full(n_jobs, -1)
        slot[jobs] = np.arange(len(jobs))
        sel = np.flatnonzero(slot[job_g] >= 0)
        mats = np.zeros((len(jobs), n, k))
        mats[slot[job_g[sel]], c_pos[sel], r_pos[sel]] = value_g[sel]
        res = icc_shrout_fleiss(mats)
        for name in ICC_NAMES:
            iccs[name][jobs] = res[name]
    return complete, iccs


def _positions(
    job_g: np.ndarray, member_g: np.ndarray, n_jobs: int
) -> tuple[np.ndarray, np.ndarray]:
    """Dense 0-based index of each interview's member (candidate or rater) within its job."""
    key = job_g.astype(np.int64) * (int(member_g.max()) + 1) + member_g
    ukey, inv = np.unique(key, return_inverse=True)
    ujob = ukey // (int(member_g.max()) + 1)
    counts = np.bincount(ujob, minlength=n_jobs)
    first = np.r_[0, np.cumsum(counts)[:-1]]
    pos_u = np.arange(len(ukey)) - first[ujob]
    return pos_u[inv], counts


def model_reliability(
    job_c: np.ndarray,
    var_dev: np.ndarray,
    s2_theta: float,
    raw_g: np.ndarray,
    cand_g: np.ndarray,
    n_jobs: int,
) -> np.ndarray:
    """Model-based reliability per job: 1 - mean posterior variance / prior variance.

    Both on one basis: the candidate's standing relative to the job's mean (the
    prior variance ``s2_theta`` excludes the job's mean, so the posterior
    variance does too, with the rater parameters' uncertainty added). The
    share of the candidates' true-score variance that the posterior explains
    (the empirical-Bayes or "marginal" reliability of IRT), in [0, 1]; NaN for
    a job whose ratings do not vary at all (nothing to be reliable about).
    """
    mean_var = np.bincount(job_c, var_dev, n_jobs) / np.maximum(
        np.bincount(job_c, minlength=n_jobs), 1
    )
    job_g = job_c[cand_g]
    lo = np.full(n_jobs, np.inf)
    hi = np.full(n_jobs, -np.inf)
    np.minimum.at(lo, job_g, raw_g)
    np.maximum.at(hi, job_g, raw_g)
    rel = np.clip(1.0 - mean_var / s2_theta, 0.0, 1.0)
    return np.where(hi > lo, rel, np.nan)
