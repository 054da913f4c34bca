"""The bias rounded ratings read as points leave in a scale use (issue #11, branch `usesd`)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr

from secondround.engine import propagation
from secondround.engine.rater_sds import rounding_spread, scale_use_rounding_bias

from .narrow_views import narrow_view_teams


def exact_slope_mean_square(point, a, spread, noise, phases=200, nodes=40):
    """Mean over where the latent mean falls of (slope / a - 1)^2, the slope being the
    least-squares slope of the rounded rating on a standing ``h ~ N(0, spread)``, the
    view ``mean + a h + N(0, noise)``, on an unbounded scale of points ``point`` apart:
    the definition, summed exactly (Gauss-Hermite over ``h``, the normal mass of each
    point over the noise)."""
    x, wts = np.polynomial.hermite_e.hermegauss(nodes)
    wts = wts / wts.sum()
    h = x * np.sqrt(spread)
    m = (np.arange(phases) + 0.5) / phases * point
    j = np.arange(-30, 31)[:, None, None]
    mu = m[None, :, None] + a * h[None, None, :]
    sd = np.sqrt(noise)
    mass = ndtr(((j + 0.5) * point - mu) / sd) - ndtr(((j - 0.5) * point - mu) / sd)
    rounded = (j * point * mass).sum(axis=0)
    slope = (rounded * h * wts).sum(axis=1) / spread
    return float(np.mean((slope / a - 1.0) ** 2))


@settings(max_examples=30, deadline=None)
@given(
    width=st.sampled_from([3, 4, 6, 9]),
    ratio=st.floats(0.12, 0.8),
    noise_part=st.floats(0.1, 0.9),
    a=st.floats(0.3, 2.0),
)
def test_scale_use_rounding_bias_is_the_mean_square_of_the_exact_slope_bias(
    width, ratio, noise_part, a
):
    # The views' spread S = ratio points, split between the noise and the scale use's
    # stretch of the standings: the formula against the slope summed exactly.
    point = 1.0 / width
    s2 = (ratio * point) ** 2
    spread = (1.0 - noise_part) * s2 / a**2
    got = scale_use_rounding_bias(np.array([ratio**2]))[0]
    want = exact_slope_mean_square(point, a, spread, noise_part * s2)
    # (abs: below 1e-7, a relative error of 3e-4, the quadrature is the coarser)
    assert got == pytest.approx(want, rel=1e-3, abs=1e-7)


def test_scale_use_rounding_bias_is_nil_for_views_spread_over_half_a_point():
    # Half a point: a relative error of 1%; a fifth of a point: about 0.45 either way.
    assert scale_use_rounding_bias(np.array([0.5**2]))[0] < 1.1e-4
    assert scale_use_rounding_bias(np.array([0.2**2]))[0] == pytest.approx(0.413, abs=0.01)


def test_the_views_spread_counts_the_offsets_that_move_them_between_points():
    # One interviewer, 40 ratings, standings held at 0: their views move only with the
    # offsets (a job's mean, a competency's), by +-0.3 points; the spread in points^2 is
    # their variance beside the latent noise.
    point = 0.25
    n = 40
    offset = np.where(np.arange(n) % 2 == 0, 0.3, -0.3) * point
    args = (
        np.zeros(n, np.int64),
        np.zeros(n),
        np.zeros(1, np.int64),
        np.array([n]),
        np.array([0.0]),
        np.array([1.0]),
        np.array([point * point / 12.0]),
        point,
    )
    assert rounding_spread(*args)[0] == pytest.approx(0.0, abs=1e-12)
    assert rounding_spread(*args, offset)[0] == pytest.approx(0.09, rel=1e-9)


def scale_use_z(seeds, without=False, monkeypatch=None):
    """Scale-use errors over reported sds of teams whose views sit on one or two points
    of a 1-4 scale, both relative to their rating-weighted geometric mean."""
    if without:
        monkeypatch.setattr(
            propagation, "scale_use_rounding_variance", lambda spread, *args: 0.0 * spread
        )
    z = []
    for sim, iv, w in narrow_view_teams(seeds):
        a = np.array([sim.scale_use[i.interviewer] for i in iv])
        a_hat = np.array([i.scale_use for i in iv])
        sd = np.array([i.scale_use_sd for i in iv])
        z.append((a_hat / np.exp(w @ np.log(a_hat)) - a / np.exp(w @ np.log(a))) / sd)
    return np.concatenate(z)


def test_scale_use_sds_cover_the_rounding_bias_of_narrow_views(monkeypatch):
    # 8 teams, 240 interviewers (a z SD's standard error about 0.05). Without the term
    # the errors are 2.6 times the sds; with it 1.33 (docs/benchmarks.md, section 5,
    # branch `usesd`).
    assert np.std(scale_use_z(range(8))) < 1.5
    assert np.std(scale_use_z(range(8), without=True, monkeypatch=monkeypatch)) > 2.2
