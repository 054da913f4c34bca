"""Severity-only additive baselines: what the engine's extra machinery has to beat.

Both read a rating as ``candidate + interviewer offset + noise`` and nothing else (no
scale use, halo, contrast, competency mix or rounding):

- ``rater_centred``: subtract each interviewer's mean rating (over everything they
  rated), add back the grand mean, average per candidate. One line of pandas.
- ``additive_ridge``: fit candidate effects and interviewer offsets jointly by
  alternating least squares, the offsets shrunk to 0 with a ridge penalty of
  ``lam`` ratings (an offset estimated from n ratings keeps n / (n + lam) of it).
  Unlike rater-centring it does not charge an interviewer for the quality of the
  candidates they happened to meet.

Both return a Series of scores indexed by candidate id. Scores are comparable within a
job (a connected group of interviewers); across groups that share nobody, one offset
per group is unidentified and the ridge pulls each group's offsets towards 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def naive_means(ratings: pd.DataFrame) -> pd.Series:
    """Mean raw rating per candidate."""
    return ratings.groupby("candidate", sort=False)["rating"].mean()


def _points(ratings: pd.DataFrame) -> np.ndarray:
    """Ratings as fractions of their scale's range (several scales may be mixed)."""
    lo, hi = ratings["scale_min"].to_numpy(float), ratings["scale_max"].to_numpy(float)
    return (ratings["rating"].to_numpy(float) - lo) / (hi - lo)


def rater_centred(ratings: pd.DataFrame) -> pd.Series:
    """Per candidate, the mean of ratings minus their interviewer's mean rating."""
    y = pd.Series(_points(ratings), index=ratings.index)
    centred = y - y.groupby(ratings["interviewer"]).transform("mean") + y.mean()
    return centred.groupby(ratings["candidate"], sort=False).mean()


def additive_ridge(ratings: pd.DataFrame, lam: float = 5.0, n_iter: int = 50) -> pd.Series:
    """Candidate effects of ``rating = candidate + interviewer offset``, offsets ridge-shrunk."""
    y = _points(ratings)
    c, cands = pd.factorize(ratings["candidate"])
    i, _ = pd.factorize(ratings["interviewer"])
    n_c = np.bincount(c).astype(float)
    n_i = np.bincount(i).astype(float)
    b = np.zeros(n_i.size)
    for _ in range(n_iter):
        theta = np.bincount(c, y - b[i]) / n_c
        b_new = np.bincount(i, y - theta[c]) / (n_i + lam)
        if np.max(np.abs(b_new - b)) < 1e-7:
            b = b_new
            break
        b = b_new
    theta = np.bincount(c, y - b[i]) / n_c
    return pd.Series(theta, index=cands)
