"""The candidates' variances count that a rating on a scale's end is only a bound
(engine/propagation.py, engine/ends_as_bounds.py, engine/end_reading.py)."""

import numpy as np
import pytest

from secondround.engine import ends_as_bounds
from secondround.engine.api import compute
from secondround.engine.simulate import simulate


@pytest.fixture(scope="module")
def fits():
    """One 1-4 organisation whose ratings pile on the ends (a third of them), fitted
    with each interview's share of information and with every share set to 1."""
    table = simulate(n_jobs=60, team=15, scale=(1, 4), severity_sd=0.6, scale_use_sd=0.4, seed=4)
    table = table.table
    with_share = compute(table)
    original = ends_as_bounds.end_reading_moments

    def face_value_information(*args, **kwargs):
        shift, share = original(*args, **kwargs)
        return shift, np.ones_like(share)

    ends_as_bounds.end_reading_moments = face_value_information
    try:
        without = compute(table)
    finally:
        ends_as_bounds.end_reading_moments = original
    d = with_share.design
    end = (d.u <= 1e-9) | (d.u >= 1 - 1e-9)
    n_c = len(d.n_c)
    end_share = np.bincount(table.candidate, end, n_c) / np.bincount(table.candidate, minlength=n_c)
    return with_share, without, end_share


def test_candidates_rated_only_on_an_end_are_less_certain(fits):
    with_share, without, end_share = fits
    ratio = with_share.fit.var_dev / without.fit.var_dev
    only_ends = end_share == 1.0
    assert only_ends.sum() >= 3
    assert np.all(ratio[only_ends] > 1.1)
    # Those with no rating on an end keep their variance (the job mean's share aside).
    none = end_share == 0.0
    assert none.any() and np.all(np.abs(ratio[none] - 1.0) < 0.01)
    # The sds as reported widen with them.
    assert np.all(with_share.sd[only_ends] > without.sd[only_ends])


def test_only_the_variances_move(fits):
    with_share, without, _ = fits
    np.testing.assert_array_equal(with_share.score, without.score)
    np.testing.assert_array_equal(with_share.fit.w_g, without.fit.w_g)
    np.testing.assert_array_equal(with_share.severity_sd, without.severity_sd)


def test_the_jobs_model_reliability_reads_the_same_variances(fits):
    # 1 - mean var_dev / s2_theta: the ends' lost information lowers it where they pile.
    with_share, without, _ = fits
    known = np.isfinite(without.rel_model)
    lower = without.rel_model[known] - with_share.rel_model[known]
    assert np.all(lower >= 0.0) and lower.max() > 0.005
