"""TEMPORARY stand-in for the engine, to test the harness before the engine exists.

An additive least-squares fit (rating = candidate + interviewer + noise), with
independent-normal P(best). Delete once the engine is in.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, hstack
from scipy.sparse.linalg import lsqr


def calibrate_standin(ratings: pd.DataFrame):
    """Fit the stand-in; returns an object with ``candidates`` like the engine's."""
    c_codes, c_ids = pd.factorize(ratings["candidate"])
    i_codes, i_ids = pd.factorize(ratings["interviewer"])
    n = len(ratings)
    rows = np.arange(n)
    xc = coo_matrix((np.ones(n), (rows, c_codes)))
    xi = coo_matrix((np.ones(n), (rows, i_codes)))
    x = hstack([xc, xi]).tocsr()
    y = ratings["rating"].to_numpy(float)
    beta = lsqr(x, y - y.mean(), damp=0.3)[0]
    score = beta[: len(c_ids)]
    resid = y - y.mean() - x @ beta
    counts = np.bincount(c_codes)
    sd = resid.std() / np.sqrt(counts) * 1.8  # halo: a scorecard's ratings are not independent
    jobs = ratings.groupby("candidate", sort=False)["job"].first().reindex(c_ids).to_numpy()
    rng = np.random.default_rng(0)
    draws = score + sd * rng.normal(size=(2000, len(c_ids)))
    frame = pd.DataFrame(draws.T)
    frame["job"] = jobs
    best = frame.groupby("job").transform("max").to_numpy()
    p_best = (best == draws.T).mean(axis=1)
    cands = [
        SimpleNamespace(candidate=c, job=j, score=s, sd=d, p_best=p)
        for c, j, s, d, p in zip(c_ids, jobs, score, sd, p_best)
    ]
    ints = [SimpleNamespace(interviewer=i, severity=-b) for i, b in zip(i_ids, beta[len(c_ids) :])]
    return SimpleNamespace(candidates=cands, interviewers=ints)
