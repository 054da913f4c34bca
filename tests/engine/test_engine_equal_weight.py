"""engine/weighting.py: the scores with every interview of a candidate counted alike."""

import numpy as np

from secondround.engine.api import compute
from secondround.engine.simulate import simulate
from secondround.engine.weighting import equal_weight_scores


def test_equal_weights_change_the_scores_only_through_the_weighting():
    k = compute(simulate(n_jobs=15, team=10, seed=3).table)
    equal = equal_weight_scores(k)
    assert equal.shape == k.score.shape and np.isfinite(equal).all()
    # Close to the weighted scores (the same evidence), but not identical: the weights differ.
    assert np.corrcoef(equal, k.score)[0, 1] > 0.95
    assert np.abs(equal - k.score).max() > 1e-3
    # With the engine's weights already equal within each candidate, nothing moves.
    d, f = k.design, k.fit
    n_g = np.bincount(d.cand_g).astype(float)
    f.w_g[:] = (np.bincount(d.cand_g, f.w_g) / n_g)[d.cand_g]
    f.theta[:] = f.job_mean_c + np.bincount(d.cand_g, f.w_g * (f.z_g - f.job_mean_c[d.cand_g]))
    from secondround.engine.api import job_centred

    k_score = job_centred(d.job_c, f.theta, f.var_dev, f.job_mean_c)[0] * d.width * f.unit
    assert np.allclose(equal_weight_scores(k), k_score, atol=1e-9)


def test_the_weighted_sum_reproduces_the_engines_standing():
    """The identity the equal-weight score rests on: theta = m + sum w (z - m), to first
    order (the engine's comment in propagation.py): within a tenth of the scores' spread."""
    k = compute(simulate(n_jobs=10, team=8, seed=5).table)
    d, f = k.design, k.fit
    m = f.job_mean_c
    rebuilt = m + np.bincount(d.cand_g, f.w_g * (f.z_g - m[d.cand_g]), len(m))
    assert np.abs(rebuilt - f.theta).max() < 0.1 * f.theta.std()
    assert np.abs(rebuilt - f.theta).mean() < 0.03 * f.theta.std()
