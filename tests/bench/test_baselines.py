"""The additive baselines recover a purely additive design (``bench.baselines``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.baselines import additive_ridge, naive_means, rater_centred


def _additive(seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """Each candidate met by 2 of 6 interviewers; rating = standing + offset, wide scale."""
    rng = np.random.default_rng(seed)
    standing = pd.Series(rng.normal(0, 10, 60), index=[f"c{k}" for k in range(60)])
    offset = dict(zip([f"i{k}" for k in range(6)], [-20, -10, 0, 0, 10, 20]))
    rows = []
    for cand, s in standing.items():
        for who in rng.choice(list(offset), 2, replace=False):
            rows.append((cand, who, round(500 + s + offset[who])))
    r = pd.DataFrame(rows, columns=["candidate", "interviewer", "rating"])
    return r.assign(job="j", competency="x", scale_min=0, scale_max=1000), standing


def test_ridge_recovers_the_standing_that_naive_means_miss():
    r, standing = _additive()
    ridge = additive_ridge(r, lam=0.01, n_iter=2000).reindex(standing.index)
    naive = naive_means(r).reindex(standing.index)
    assert np.corrcoef(ridge, standing)[0, 1] > 0.999
    assert np.corrcoef(naive, standing)[0, 1] < 0.95


def test_rater_centring_removes_most_of_the_offsets():
    r, standing = _additive()
    centred = rater_centred(r).reindex(standing.index)
    naive = naive_means(r).reindex(standing.index)
    assert np.corrcoef(centred, standing)[0, 1] > np.corrcoef(naive, standing)[0, 1] + 0.05
