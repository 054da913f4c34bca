"""Each interviewer's rating noise read as evidence of their scale use (model.noise_scale_use)."""

from collections import defaultdict
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from secondround.engine import RatingsTable, calibrate, model
from secondround.engine.rating_level import PRIOR_NOISE_COUNT

from .cases import busy_and_quiet


def design(interviews_per_rater, ratings_per_interview, one_value=None, width=4.0):
    """The parts of a Design that noise_scale_use reads."""
    rater_g = np.repeat(np.arange(len(interviews_per_rater)), interviews_per_rater)
    n_i = np.bincount(rater_g, np.full(rater_g.size, ratings_per_interview))
    return SimpleNamespace(
        n_i=n_i,
        rater_g=rater_g,
        n_g=np.full(rater_g.size, ratings_per_interview, dtype=np.int64),
        one_value=np.zeros(len(n_i), bool) if one_value is None else one_value,
        width=width,
    )


def shrunk(raw, d, pooled):
    """s2_i as interviewer_noise reports it: the raw spread shrunk to the pool."""
    dof = np.bincount(d.rater_g, d.n_g - 1.0, len(d.n_i))
    return (raw * dof + PRIOR_NOISE_COUNT * pooled) / (dof + PRIOR_NOISE_COUNT)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 60), min_size=4, max_size=12),
    st.lists(st.floats(0.01, 0.08), min_size=12, max_size=12),
    st.floats(0.01, 0.1),
)
def test_the_reading_follows_the_noise_and_says_nothing_without_it(counts, noise, s2_a):
    d = design(counts, 3)
    raw = np.array(noise[: len(counts)])
    pooled = float(np.mean(raw))
    value, prec = model.noise_scale_use(d, shrunk(raw, d, pooled), pooled, d.n_i * 1.0, s2_a)
    dof = np.bincount(d.rater_g, d.n_g - 1.0, len(counts))
    has = dof >= 2
    assert np.all(value > 0) and np.all(prec >= 0)
    if has.sum() >= 3:
        # Centred like the scale-use reference: informative raters' log values average 0.
        w = d.n_i[has] / d.n_i[has].sum()
        assert abs(float(np.sum(w * np.log(value[has])))) < 1e-9
        # More noise reads as a wider scale use.
        order = np.argsort(raw[has])
        assert np.all(np.diff(np.log(value[has])[order]) >= -1e-12)
        # More degrees of freedom, more precision (the same noise).
        assert np.all(prec[has] > 0)
    else:
        assert np.all(prec == 0)


def test_one_value_raters_and_single_interviews_say_nothing():
    one = np.array([False, False, False, True, False])
    d = design([20, 30, 25, 40, 1], 4, one_value=one)
    d.n_g[-1] = 2  # the last interviewer: one interview of two ratings, 1 degree of freedom
    raw = np.array([0.02, 0.03, 0.04, 1e-4, 0.05])
    value, prec = model.noise_scale_use(d, shrunk(raw, d, 0.03), 0.03, d.n_i * 1.0, 0.05)
    assert prec[3] == 0 and prec[4] == 0
    assert np.all(prec[:3] > 0)
    # Equal noise, equal reading; twice the latent variance, sqrt(2) the scale use.
    d = design([50, 50, 50], 4)
    half = 0.5 / d.width
    latent = np.array([0.02, 0.02, 0.04])
    raw = latent + half**2 / 3.0
    value, _ = model.noise_scale_use(d, shrunk(raw, d, 0.03), 0.03, d.n_i * 1.0, 0.05)
    assert value[0] == value[1]
    assert np.isclose(value[2] / value[0], np.sqrt(2.0))


def scale_use_error(seed, monkeypatch, on):
    recs, truth = busy_and_quiet(seed)
    monkeypatch.setattr(model, "NOISE_SCALE_USE", on)
    res = calibrate(RatingsTable.from_records(recs), seed=0)
    est = np.log([i.scale_use for i in res.interviewers])
    true = np.log([truth[i.interviewer][1] for i in res.interviewers])
    n = np.array([i.n_ratings for i in res.interviewers], float)
    err = (est - np.average(est, weights=n)) - (true - np.average(true, weights=n))
    return float(np.sqrt(np.average(err**2, weights=n)))


def test_reading_the_noise_lowers_the_scale_use_error_where_noise_is_stretched(monkeypatch):
    """busy_and_quiet stretches each rating's error with the interviewer's scale use."""
    for seed in (0, 1):
        without = scale_use_error(seed, monkeypatch, False)
        with_noise = scale_use_error(seed, monkeypatch, True)
        assert with_noise < 0.9 * without


def test_a_reading_below_the_floor_is_not_reported_as_precise():
    """An interviewer whose ratings never vary within an interview has almost no rating
    noise: the reading puts their scale use far below the floor (about 0.05). It is
    Gaussian in log a, so at the fitted scale use (the floor's neighbourhood, about 0.35)
    it carries (0.05 / 0.35)^2 of the information it claims at its own value; counted at
    its own value the reported sd was 0.068 (main before this test), far too small for
    an estimate that misses a stretched interviewer's scale use by a factor of 3."""
    recs, _ = busy_and_quiet(0)
    flat = "R27"  # 21 ratings in 7 interviews
    ratings = defaultdict(list)
    for r in recs:
        if r["interviewer"] == flat:
            ratings[r["candidate"]].append(r["rating"])
    for r in recs:
        if r["interviewer"] == flat:
            r["rating"] = int(round(np.mean(ratings[r["candidate"]])))
    res = calibrate(RatingsTable.from_records(recs), seed=0)
    iv = {i.interviewer: i for i in res.interviewers}[flat]
    assert iv.scale_use < 0.5
    assert iv.scale_use_sd > 0.12
