"""Interviews with ratings on a scale's end read as bounds (engine/end_reading.py)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from secondround.engine.end_reading import (
    _quadrature_moments,
    censored_moments,
    end_reading_moments,
    latent_noise,
)

HALF = 0.125  # half a point on a 1-5 scale, in [0, 1] units


def one_interview(seed, n_end, n_inner, top=True):
    """The arguments of end_reading_moments for one interview of ``n_end + n_inner`` ratings."""
    rng = np.random.default_rng(seed)
    n = n_end + n_inner
    inner = rng.choice([0.25, 0.5, 0.75], n_inner)
    u = np.concatenate([np.full(n_end, 1.0 if top else 0.0), inner])
    return dict(
        u=u,
        rater=np.zeros(n, dtype=np.int64),
        g=np.zeros(n, dtype=np.int64),
        base=np.full(n, rng.uniform(0.3, 0.7)),
        dev=rng.normal(0, 0.05, n),
        m=np.array([rng.normal(0, 0.15)]),
        q=np.array([rng.uniform(0.005, 0.05)]),
        a=np.array([rng.uniform(0.6, 1.6)]),
        s2_i=np.array([rng.uniform(0.01, 0.06)]),
        half=HALF,
        skip=np.array([False]),
        n_g=np.array([float(n)]),
    )


def grid_posterior(k):
    """The posterior of the interview's impression on a dense grid: interior ratings
    Gaussian, ends censored. Returns the grid and its normalised weights."""
    from scipy.stats import norm

    m, q, a, s2 = k["m"][0], k["q"][0], k["a"][0], k["s2_i"][0]
    x = np.linspace(m - 12 * np.sqrt(q), m + 12 * np.sqrt(q), 40001)
    logp = norm.logpdf(x, m, np.sqrt(q))
    mu = k["base"][:, None] + a * (x[None, :] + k["dev"][:, None])
    sd_lat = np.sqrt(latent_noise(np.array([s2]), k["half"])[0])
    for r, u in enumerate(k["u"]):
        if u >= 1:
            logp += norm.logcdf((mu[r] - (1 - k["half"])) / sd_lat)
        elif u <= 0:
            logp += norm.logcdf((k["half"] - mu[r]) / sd_lat)
        else:
            logp += norm.logpdf(u, mu[r], np.sqrt(s2))
    w = np.exp(logp - logp.max())
    return x, w / w.sum()


def grid_posterior_mean(k):
    """E[x | ratings] by dense integration (:func:`grid_posterior`)."""
    x, w = grid_posterior(k)
    return float(np.sum(w * x))


def face_mean_after(k, shift):
    """The face-value posterior mean of the impression with every rating shifted."""
    a, s2 = k["a"][0], k["s2_i"][0]
    read = (k["u"] + shift - k["base"]) / a - k["dev"]
    prec = a**2 / s2
    return (k["m"][0] / k["q"][0] + prec * read.sum()) / (1 / k["q"][0] + prec * len(read))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.integers(0, 3), st.booleans())
def test_the_shift_moves_the_face_value_reading_to_the_censored_posterior_mean(
    seed, n_end, n_inner, top
):
    k = one_interview(seed, n_end, n_inner, top)
    (shift,) = end_reading_moments(**k)[0]
    assert abs(face_mean_after(k, shift) - grid_posterior_mean(k)) < 1e-3


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.integers(0, 3))
def test_the_bottom_end_mirrors_the_top(seed, n_end, n_inner):
    k = one_interview(seed, n_end, n_inner, top=True)
    mirrored = dict(k, u=1.0 - k["u"], base=1.0 - k["base"], dev=-k["dev"], m=-k["m"])
    np.testing.assert_allclose(
        end_reading_moments(**mirrored)[0], -end_reading_moments(**k)[0], atol=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30))
def test_no_rating_on_an_end_no_shift(seed, n):
    rng = np.random.default_rng(seed)
    G = max(n // 3, 1)
    k = dict(
        u=rng.choice([0.25, 0.5, 0.75], n),
        rater=rng.integers(0, 2, n),
        g=rng.integers(0, G, n),
        base=rng.uniform(0, 1, n),
        dev=rng.normal(0, 0.05, n),
        m=rng.normal(0, 0.1, G),
        q=rng.uniform(0.005, 0.05, G),
        a=rng.uniform(0.5, 2, 2),
        s2_i=rng.uniform(0.01, 0.05, 2),
        half=HALF,
        skip=np.array([False, False]),
        n_g=np.ones(G),
    )
    assert np.all(end_reading_moments(**k)[0] == 0.0)


def test_one_value_interviewers_stay_at_face_value():
    k = one_interview(0, 3, 1)
    assert end_reading_moments(**dict(k, skip=np.array([True])))[0][0] == 0.0
    assert end_reading_moments(**k)[0][0] != 0.0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.integers(0, 3))
def test_a_top_rating_can_only_raise_the_reading_of_the_other_ratings(seed, n_end, n_inner):
    # "At least the half-point below the top" is a lower bound on the impression: the
    # reading is above what the interior ratings and the prior alone say.
    k = one_interview(seed, n_end, n_inner, top=True)
    (shift,) = end_reading_moments(**k)[0]
    a, s2, q = k["a"][0], k["s2_i"][0], k["q"][0]
    read = (k["u"][n_end:] - k["base"][n_end:]) / a - k["dev"][n_end:]
    prec = a**2 / s2
    interior = (k["m"][0] / q + prec * read.sum()) / (1 / q + prec * len(read))
    assert face_mean_after(k, shift) > interior


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40))
def test_one_end_rating_closed_form_equals_the_quadrature(seed, n):
    # Interviews with a single end rating take the closed form (a Gaussian times one
    # probit), the others Newton and Gauss-Hermite: both must read the same posterior
    # where the quadrature is accurate.
    rng = np.random.default_rng(seed)
    he = np.arange(n)
    # As on the 1M file of docs/benchmarks.md: the bound's slope times the prior's sd
    # at most about 1 (0.56 median, 1.6 at most; there the two agreed to 1e-13).
    m_in, p_in = rng.normal(0, 0.2, n), rng.uniform(100, 500, n)
    slope = rng.choice([-1, 1], n) * rng.uniform(1, 10, n)
    offset = -slope * m_in + rng.normal(0, 1.5, n)
    closed = censored_moments(he, offset, slope, m_in, p_in)[0]
    np.testing.assert_allclose(
        closed, _quadrature_moments(he, offset, slope, m_in, p_in)[0], rtol=0, atol=1e-9
    )
    # With a second end rating the quadrature takes over, and moves the reading on.
    two = censored_moments(np.r_[he, he], np.r_[offset, offset], np.r_[slope, slope], m_in, p_in)[0]
    assert np.all(np.sign(two - closed) == np.sign(slope))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_one_end_rating_closed_form_equals_dense_integration(seed):
    # Also far out, where the prior sits deep beyond the bound.
    from scipy.stats import norm

    rng = np.random.default_rng(seed)
    m_in, p_in = rng.normal(0, 0.2), rng.uniform(5, 500)
    slope, offset = rng.choice([-1, 1]) * rng.uniform(0.5, 30), rng.normal(0, 3)
    (closed,) = censored_moments(np.array([0]), *map(np.atleast_1d, (offset, slope, m_in, p_in)))[0]
    sd = 1.0 / np.sqrt(p_in)
    x = np.linspace(m_in - 12 * sd, m_in + 12 * sd, 200_001)
    logp = norm.logpdf(x, m_in, sd) + norm.logcdf(offset + slope * x)
    w = np.exp(logp - logp.max())
    assert abs(closed - np.sum(w * x) / np.sum(w)) < 1e-6 * sd


def grid_posterior_var(k):
    """Var[x | ratings] by dense integration (:func:`grid_posterior`)."""
    x, w = grid_posterior(k)
    mean = np.sum(w * x)
    return float(np.sum(w * (x - mean) ** 2))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.integers(0, 3), st.booleans())
def test_the_share_is_the_censored_posteriors_information_over_face_values(
    seed, n_end, n_inner, top
):
    # The interview's information on its impression with the ends read as bounds (the
    # dense posterior's precision less the prior's) over the face-value reading's.
    k = one_interview(seed, n_end, n_inner, top)
    _, (share,) = end_reading_moments(**k)
    q, a, s2 = k["q"][0], k["a"][0], k["s2_i"][0]
    face = len(k["u"]) * a**2 / s2
    censored = 1.0 / grid_posterior_var(k) - 1.0 / q
    assert 0.0 < share <= 1.0
    expected = min(censored / face, 1.0)
    # One end rating: closed form (1e-13 from the dense posterior on 2,500 interviews).
    # Several: the 16-node quadrature's second moment, within 4% of it where three or
    # four sharp bounds and no interior rating skew the posterior (7e-4 at the 99th
    # percentile of those 2,500).
    tolerance = 1e-6 if n_end == 1 else 0.05
    assert abs(share - expected) < tolerance * max(expected, 0.05)


def test_a_top_rating_far_below_the_view_keeps_little_information():
    # An interviewer whose view of the candidate sits far beyond the top (a lenient
    # rater, a strong candidate) says "4" whatever the candidate: the rating barely
    # informs. Near the bound it informs nearly as a point would.
    k = one_interview(1, 1, 0)
    far = dict(k, base=np.array([1.6]), dev=np.zeros(1), m=np.zeros(1))
    near = dict(k, base=np.array([1.0 - HALF]), dev=np.zeros(1), m=np.zeros(1))
    assert end_reading_moments(**far)[1][0] < 0.05
    assert end_reading_moments(**near)[1][0] > 0.3


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40))
def test_one_end_rating_closed_form_variance_equals_the_quadratures(seed, n):
    rng = np.random.default_rng(seed)
    he = np.arange(n)
    m_in, p_in = rng.normal(0, 0.2, n), rng.uniform(100, 500, n)
    slope = rng.choice([-1, 1], n) * rng.uniform(1, 10, n)
    offset = -slope * m_in + rng.normal(0, 1.5, n)
    _, closed = censored_moments(he, offset, slope, m_in, p_in)
    _, quad = _quadrature_moments(he, offset, slope, m_in, p_in)
    np.testing.assert_allclose(closed, quad, rtol=1e-6)
    # A bound can only narrow a Gaussian prior (the likelihood is log-concave).
    assert np.all(closed <= 1.0 / p_in)
