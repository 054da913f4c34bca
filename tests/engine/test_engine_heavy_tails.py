"""Heavy-tailed severities: the Student-t prior (em.SEVERITY_DF) does not pull a busy,
truly extreme interviewer to a Gaussian prior's centre, and their sds stay honest."""

import numpy as np
import pytest

from secondround.engine import RatingsTable, calibrate, em

from .cases import busy_and_quiet


def severity_errors(seed):
    """Per interviewer: true severity, estimate minus truth, sd, ratings (centred by ratings)."""
    recs, truth = busy_and_quiet(seed, severity_df=3.0)
    iv = calibrate(RatingsTable.from_records(recs)).interviewers
    n = np.array([i.n_ratings for i in iv], float)
    w = n / n.sum()
    b = np.array([truth[i.interviewer][0] for i in iv])
    b_hat = np.array([i.severity for i in iv])
    err = (b_hat - w @ b_hat) - (b - w @ b)
    return b - w @ b, err, np.array([i.severity_sd for i in iv]), n


@pytest.fixture(scope="module")
def t_and_gaussian():
    """The same t3 organisations fitted with the t prior and with the Gaussian prior."""
    seeds = range(3)
    heavy = [severity_errors(s) for s in seeds]
    saved = em.SEVERITY_DF
    em.SEVERITY_DF = None
    try:
        gaussian = [severity_errors(s) for s in seeds]
    finally:
        em.SEVERITY_DF = saved
    return heavy, gaussian


def test_the_t_prior_is_on():
    assert em.SEVERITY_DF is not None and em.SEVERITY_DF > 2


def test_extreme_busy_interviewers_are_shrunk_less_than_by_a_gaussian_prior(t_and_gaussian):
    heavy, gaussian = t_and_gaussian
    for (b, err_t, _, n), (_, err_g, _, _) in zip(heavy, gaussian, strict=True):
        busy = n >= np.median(n)
        extreme = np.argmax(np.where(busy, np.abs(b), -1.0))
        # Shrinkage pulls the estimate toward 0: the error has the opposite sign.
        assert abs(err_t[extreme]) < abs(err_g[extreme])
        assert err_g[extreme] * b[extreme] < 0


def test_severity_sds_stay_honest_with_heavy_tails(t_and_gaussian):
    heavy, _ = t_and_gaussian
    z = np.concatenate([err / sd for _, err, sd, _ in heavy])
    busy = np.concatenate([n >= np.median(n) for *_, n in heavy])
    for part in (busy, ~busy):
        assert 0.75 < np.std(z[part]) < 1.3
