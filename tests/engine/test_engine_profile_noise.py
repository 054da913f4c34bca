"""The per-rating noise read around fitted competency profiles (rating_level, branch
`candwidth`): the residuals around the fitted profiles are narrower than the noise by
the profiles' posterior variance, which the noise's M-step adds back."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from secondround.engine import RatingsTable
from secondround.engine.design import build_design
from secondround.engine.rating_level import (
    Profiles,
    competency_profiles,
    interviewer_noise,
    profile_residual_variance,
)

SPAN = 1000  # points: the rounding to whole points is negligible


def profiled_ratings(seed, noise_sd, profile_sd, n_cand=300, n_raters=20, panel=3, comps=4):
    """Ratings (in [0, 1] units of a 0-1000 scale) = the candidate's profile on the
    competency + each rating's own noise; every interview rates every competency."""
    rng = np.random.default_rng(seed)
    delta = rng.normal(0.0, profile_sd, (n_cand, comps))
    delta -= delta.mean(axis=1, keepdims=True)
    cols = {k: [] for k in ("job", "cand", "rater", "comp", "rating")}
    for c in range(n_cand):
        for r in rng.choice(n_raters, panel, replace=False):
            for k in range(comps):
                y = 0.5 + delta[c, k] + rng.normal(0.0, noise_sd)
                cols["job"].append(f"j{c // 5}")
                cols["cand"].append(f"c{c}")
                cols["rater"].append(f"r{r}")
                cols["comp"].append(f"k{k}")
                cols["rating"].append(int(np.clip(round(y * SPAN), 0, SPAN)))
    n = len(cols["rating"])
    table = RatingsTable.from_columns(
        cols["job"],
        cols["cand"],
        cols["rater"],
        cols["comp"],
        np.array(cols["rating"], dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.full(n, SPAN, dtype=np.int64),
        np.datetime64("2026-01-01T00:00:00") + np.arange(n).astype("timedelta64[s]"),
    )
    return build_design(table)


def noise_read(d, s2_noise, s2_delta, with_variance):
    """The pooled noise one rating-level pass reads, the profiles fitted at the truth."""
    g = d.g
    nG = d.n_g.astype(np.float64)
    dev = d.u - (np.bincount(g, d.u, d.n_interviews) / nG)[g]
    a_g = np.ones(d.n_interviews)
    s2_i = np.full(len(d.n_i), s2_noise)
    n_comp_c = np.bincount(d.cell_cand, minlength=len(d.n_c)).astype(np.float64)
    prof = competency_profiles(d, dev, a_g, s2_i, s2_delta, n_comp_c)
    res = dev - (prof.delta_r - prof.dbar[g])
    res_var = profile_residual_variance(d, prof, a_g) if with_variance else None
    return interviewer_noise(d, res, None, s2_noise, res_var)[1]


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.05, 0.12), st.floats(0.05, 0.1))
def test_the_noise_is_read_at_its_size_around_fitted_profiles(seed, noise_sd, profile_sd):
    d = profiled_ratings(seed, noise_sd, profile_sd)
    # The profile's variance component as the simulation draws it (centred over 4).
    s2_delta = profile_sd**2 * 0.75
    read = noise_read(d, noise_sd**2, s2_delta, with_variance=True)
    assert abs(read / noise_sd**2 - 1.0) < 0.08
    # Without the profiles' variance the noise reads narrower, by their share of it.
    narrow = noise_read(d, noise_sd**2, s2_delta, with_variance=False)
    assert narrow < 0.97 * read


def test_an_interview_with_equal_cell_variances_keeps_v_times_1_minus_1_over_n():
    # Two interviews: one of three ratings (cells 0-2), one of a single rating (cell 3).
    d = type("D", (), {})()
    d.g = np.array([0, 0, 0, 1])
    d.n_g = np.array([3, 1])
    d.n_interviews = 2
    d.cell = np.array([0, 1, 2, 3])
    var = np.array([0.02, 0.02, 0.02, 0.05])
    prof = Profiles(np.zeros(4), var, 0.1, np.zeros(4), np.zeros(2), np.zeros(1))
    a_g = np.array([1.5, 2.0])
    got = profile_residual_variance(d, prof, a_g)
    np.testing.assert_allclose(got[:3], 1.5**2 * 0.02 * (1 - 1 / 3))
    assert got[3] == 0.0  # a lone rating has no deviation from its interview's mean
