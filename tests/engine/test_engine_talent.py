"""The talent distribution's shape (talent.py): g-modelling and its correction."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondround.engine import talent
from secondround.engine.design import build_design
from secondround.engine.model import fit_model
from secondround.engine.simulate import simulate
from secondround.engine.talent import apply_shape, g_model, posterior_moments, shape_correction

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def samples(draw):
    """Noisy estimates of true values from a Gaussian, a skewed or a two-point g."""
    seed = draw(st.integers(0, 10_000))
    n = draw(st.integers(5, 400))
    kind = draw(st.sampled_from(["normal", "lognormal", "two-point"]))
    rng = np.random.default_rng(seed)
    theta = {
        "normal": rng.normal(0.0, 0.1, n),
        "lognormal": 0.05 * (np.exp(0.6 * rng.normal(size=n)) - 1.2),
        "two-point": 0.2 * (rng.random(n) < 0.2),
    }[kind]
    se2 = (0.02 + 0.1 * rng.random(n)) ** 2
    return theta + rng.normal(size=n) * np.sqrt(se2), se2


@SETTINGS
@given(samples())
def test_g_is_a_distribution_on_the_range_of_the_estimates(data):
    x, se2 = data
    grid, w = g_model(x, se2)
    assert np.all(w >= 0) and abs(w.sum() - 1.0) < 1e-9
    assert grid.min() >= x.min() - 1e-12 and grid.max() <= x.max() + 1e-12


@SETTINGS
@given(samples())
def test_posterior_mean_is_monotone_in_the_estimate_and_within_the_grid(data):
    x, se2 = data
    grid, w = g_model(x, se2)
    xs = np.linspace(x.min() - 0.2, x.max() + 0.2, 101)
    for s in (float(se2.min()), float(se2.max())):
        mean, var = posterior_moments(xs, np.full(len(xs), s), grid, w)
        # E[theta | x] increases with x for any prior (Var[theta | x] / se2 >= 0).
        assert np.all(np.diff(mean) >= -1e-9)
        assert np.all(mean >= grid.min() - 1e-12) and np.all(mean <= grid.max() + 1e-12)
        assert np.all(var >= 0)


def test_posterior_moments_match_a_two_point_prior_by_hand():
    grid, w = np.array([0.0, 1.0]), np.array([0.75, 0.25])
    x, se2 = np.array([0.3, 0.9]), np.array([0.25, 0.04])
    like = np.exp(-0.5 * (x[:, None] - grid) ** 2 / se2[:, None]) * w
    p1 = like[:, 1] / like.sum(axis=1)
    mean, var = posterior_moments(x, se2, grid, w)
    np.testing.assert_allclose(mean, p1, rtol=1e-12)
    np.testing.assert_allclose(var, p1 * (1 - p1), rtol=1e-10)


def test_posterior_under_a_fine_gaussian_grid_is_the_conjugate_posterior():
    grid = np.linspace(-1.0, 1.0, 2001)
    w = np.exp(-0.5 * grid**2 / 0.01)
    w /= w.sum()
    x, se2 = np.array([-0.2, 0.0, 0.15, 0.3]), np.array([0.01, 0.0025, 0.04, 0.01])
    mean, var = posterior_moments(x, se2, grid, w)
    np.testing.assert_allclose(mean, x * 0.01 / (0.01 + se2), atol=1e-6)
    np.testing.assert_allclose(var, 1 / (1 / 0.01 + 1 / se2), rtol=1e-4)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_gaussian_talent_gives_a_near_gaussian_g_and_almost_no_correction(seed):
    rng = np.random.default_rng(seed)
    n = 800  # an organisation's candidates
    se2 = (0.04 + 0.06 * rng.random(n)) ** 2
    x = rng.normal(0.0, 0.1, n) + rng.normal(size=n) * np.sqrt(se2)
    grid, w = g_model(x, se2)
    m = w @ grid
    sd = np.sqrt(w @ (grid - m) ** 2)
    skew = w @ ((grid - m) / sd) ** 3
    assert abs(sd - 0.1) < 0.02 and abs(skew) < 0.3
    shift, ratio = shape_correction(x, se2)
    post_sd = np.sqrt(1 / (1 / se2 + 1 / sd**2))
    assert np.mean(np.abs(shift) / post_sd) < 0.1
    assert np.mean(np.abs(ratio - 1)) < 0.1


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_skewed_talent_moves_the_top_candidates_up(seed):
    rng = np.random.default_rng(seed)
    n = 800
    se2 = np.full(n, 0.05**2)
    theta = 0.1 * (np.exp(0.6 * rng.normal(size=n)) - 1.2) / 0.7
    x = theta + rng.normal(size=n) * np.sqrt(se2)
    shift, _ = shape_correction(x, se2)
    top = x >= np.quantile(x, 0.98)
    # Under a Gaussian prior the long right tail is pulled in: the shape undoes some.
    assert shift[top].mean() > 0.1 * np.sqrt(se2[0])
    # And the posterior means under g track the truth better than the Gaussian's.
    v = max(np.var(x) - se2[0], 1e-6)
    gauss = x * v / (v + se2[0])
    assert np.mean((gauss + shift - theta) ** 2) < np.mean((gauss - theta) ** 2)


def test_few_candidates_are_left_as_they_are():
    x, se2 = np.linspace(-0.1, 0.3, 50), np.full(50, 0.01)
    shift, ratio = shape_correction(x, se2)
    assert np.all(shift == 0) and np.all(ratio == 1)


def test_the_interpolated_correction_of_many_candidates_matches_the_exact_one():
    rng = np.random.default_rng(5)
    n = 30_000  # beyond N_EXACT
    se2 = (0.03 + 0.07 * rng.random(n)) ** 2
    x = 0.1 * (np.exp(0.6 * rng.normal(size=n)) - 1.2) / 0.7 + rng.normal(size=n) * np.sqrt(se2)
    shift, ratio = shape_correction(x, se2)
    # The same g as shape_correction fits (its subsample, seed 0).
    fit = np.sort(np.random.default_rng(0).choice(n, talent.N_FIT, replace=False))
    grid, w = g_model(x[fit], se2[fit])
    m, v = w @ grid, w @ (grid - w @ grid) ** 2
    part = rng.choice(n, 2000, replace=False)
    exact_shift, exact_ratio = talent._difference(x[part], se2[part], grid, w, m, v)
    np.testing.assert_allclose(shift[part], exact_shift, atol=2e-4)
    np.testing.assert_allclose(ratio[part], exact_ratio, atol=5e-3)


def test_the_fit_moves_only_its_means_and_by_less_than_their_sds():
    d = build_design(simulate(n_jobs=80, team=20, seed=3).table)
    f = fit_model(d)
    assert len(f.theta) >= talent.MIN_CANDIDATES
    g = apply_shape(f, d.job_c)
    moved = g.theta - f.theta
    assert np.any(moved != 0) and np.all(np.abs(moved) < np.sqrt(f.var_theta))
    assert np.array_equal(g.var_total, f.var_total) and np.array_equal(g.var_own, f.var_own)
    assert np.array_equal(g.job_mean_c, f.job_mean_c)
