"""Interviewers who pile ratings on an end: the latent refit of severity and scale use."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from secondround.engine import calibrate, propagation
from secondround.engine.interval_refit import Refit, interval_refit
from secondround.engine.simulate import simulate
from secondround.engine.tobit import interval_terms

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refit_inputs(seed, n_raters, per_rater, span, pile):
    """Ratings of ``n_raters`` interviewers on a 0-``span`` scale, in [0, 1] units, with
    standings and offsets as the fit would hand them over; ``pile`` moves every
    interviewer's ratings toward the top end by that many [0, 1] units."""
    rng = np.random.default_rng(seed)
    n = n_raters * per_rater
    rater = np.repeat(np.arange(n_raters), per_rater)
    g = np.arange(n) // 2  # interviews of two ratings
    h = rng.normal(0, 0.15, n)
    b = rng.normal(0, 0.08, n_raters) + pile
    a = np.exp(rng.normal(0, 0.2, n_raters))
    latent = 0.5 + b[rater] + a[rater] * h + rng.normal(0, 0.08, n)
    u = np.clip(np.round(latent * span), 0, span) / span
    q = np.full(g.max() + 1, 0.002)
    return u, rater, g, np.full(n, 0.5), h, q, b, a, np.full(n_raters, 0.006)


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    n_raters=st.integers(1, 6),
    per_rater=st.integers(4, 60),
    span=st.sampled_from([3, 4, 6, 9]),
)
def test_without_a_pile_on_an_end_the_refit_is_face_value(seed, n_raters, per_rater, span):
    u, rater, g, o, h, q, b, a, s2 = refit_inputs(seed, n_raters, per_rater, span, 0.0)
    # Keep every rating off the ends: face value must come back exactly.
    u = np.clip(u, 1 / span, 1 - 1 / span)
    out = interval_refit(u, rater, g, o, h, q, b, a, s2, (0.01, 0.05), 0.5 / span)
    assert not out.refitted.any()
    np.testing.assert_array_equal(out.b, b)
    np.testing.assert_array_equal(out.a, a)
    assert np.all(out.share_b == 1.0) and np.all(out.share_a == 1.0)


@SETTINGS
@given(seed=st.integers(0, 10_000), n_raters=st.integers(1, 5), span=st.sampled_from([3, 4]))
def test_a_pile_on_the_top_reads_more_lenient_and_keeps_less_information(seed, n_raters, span):
    u, rater, g, o, h, q, b, a, s2 = refit_inputs(seed, n_raters, 80, span, 0.3)
    out = interval_refit(u, rater, g, o, h, q, b, a, s2, (0.01, 0.05), 0.5 / span)
    top = np.bincount(rater, u >= 1, n_raters) / 80
    piled = top >= 0.3
    # Opening the top end reads an interviewer who piles there as more lenient than the
    # same likelihood with that end closed: their predicted mean rating (severity and
    # stretch together; the two trade off) rises. The information the sds keep shrinks.
    hbar = np.bincount(rater, h, n_raters) / 80
    assert np.all((out.b + out.a * hbar)[piled] >= (b + a * hbar)[piled] - 1e-9)
    assert np.all(out.share_b[out.refitted] <= 1.0) and np.all(out.share_b > 0)
    assert np.all(np.isfinite(out.a)) and np.all(out.a > 0)


@SETTINGS
@given(
    mu=st.floats(-3, 3),
    s=st.floats(0.05, 2.0),
    lo=st.floats(-4, 4),
    width=st.floats(0.05, 2.0),
    open_end=st.sampled_from(["none", "below", "above"]),
)
def test_interval_probability_and_its_derivatives(mu, s, lo, width, open_end):
    hi = lo + width
    if open_end == "below":
        lo = -np.inf
    elif open_end == "above":
        hi = np.inf
    args = [np.array([v]) for v in (lo, hi, mu, s)]
    log_z, g_mu, g_s, h_mm, h_ms, h_ss = (float(v[0]) for v in interval_terms(*args))
    # The reference mass mirrored below the mean too: as a difference of two cdfs near 1
    # it lost the digits the check asks for (mass 2.5e-12: 4e-5 off in its log).
    if (lo - mu) + (hi - mu) > 0:
        mass = norm.sf((lo - mu) / s) - norm.sf((hi - mu) / s)
    else:
        mass = norm.cdf((hi - mu) / s) - norm.cdf((lo - mu) / s)
    if mass > 1e-12:
        assert abs(log_z - np.log(mass)) < 1e-6 * max(1.0, abs(np.log(mass)))
    eps = 1e-6

    def at(m, sd):
        out = interval_terms(args[0], args[1], np.array([m]), np.array([sd]))
        return [float(v[0]) for v in out]

    up_mu, up_s = at(mu + eps, s), at(mu, s + eps)
    tol = 1e-3 * (1 + abs(g_mu) + abs(g_s) + abs(h_mm) + abs(h_ms) + abs(h_ss))
    assert abs((up_mu[0] - log_z) / eps - g_mu) < tol
    assert abs((up_s[0] - log_z) / eps - g_s) < tol
    assert abs((up_mu[1] - g_mu) / eps - h_mm) < tol
    assert abs((up_s[1] - g_mu) / eps - h_ms) < tol
    assert abs((up_s[2] - g_s) / eps - h_ss) < tol


def face_value(d, x, *args, **kwargs):
    """The refit switched off: every interviewer read at face value."""
    n = len(x.b)
    return Refit(
        x.b.copy(), x.a.copy(), np.ones(n), np.ones(n), np.zeros(n, bool), np.full(n, np.nan)
    )


def severity_errors(seed):
    """Errors of the reported severities (centred by ratings), their sds and each
    interviewer's share of ratings on an end, on a 1-4 scale whose interviewers'
    severities (sd 0.6 points) push many of them onto an end."""
    sim = simulate(n_jobs=80, team=12, scale=(1, 4), severity_sd=0.6, contrast=0.0, seed=seed)
    res = calibrate(sim.table)
    iv = res.interviewers
    n = np.array([i.n_ratings for i in iv], float)
    w = n / n.sum()
    b = np.array([sim.severity[i.interviewer] for i in iv])
    b_hat = np.array([i.severity for i in iv])
    t = sim.table
    label = np.asarray(t.interviewer_ids)[np.asarray(t.interviewer)]
    on_end = np.isin(np.asarray(t.rating), [1, 4])
    end = np.array([on_end[label == i.interviewer].mean() for i in iv])
    sd = np.array([i.severity_sd for i in iv])
    return (b_hat - w @ b_hat) - (b - w @ b), sd, end


@pytest.fixture(scope="module")
def end_piled():
    seeds = range(10)
    refit = [severity_errors(s) for s in seeds]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(propagation, "latent_refit", face_value)
        face = [severity_errors(s) for s in seeds]
    return [tuple(np.concatenate(p) for p in zip(*runs, strict=True)) for runs in (refit, face)]


def test_an_end_piled_severity_is_read_closer_to_the_truth(end_piled):
    (err, _, end), (err_face, _, _) = end_piled
    piled = end >= 0.3
    assert piled.sum() >= 20
    rmse, rmse_face = (float(np.sqrt(np.mean(e[piled] ** 2))) for e in (err, err_face))
    # Face value reads an interviewer who piles on an end as milder than they are
    # (seeds 0-9: RMSE 0.186 points at face value, 0.084 refitted).
    assert rmse < 0.6 * rmse_face


def test_an_end_piled_severity_sd_is_the_size_of_its_error(end_piled):
    (err, sd, end), (err_face, sd_face, _) = end_piled
    piled = end >= 0.3
    z, z_face = err[piled] / sd[piled], err_face[piled] / sd_face[piled]
    # Face value: errors several times the sds (z SD 4.2 on seeds 0-9). The refit
    # brings it to 1.17 (seeds 0-5: 1.15, 0-11: 1.16).
    assert np.std(z_face) > 2.5
    assert 0.8 <= np.std(z) <= 1.4
    # Interviewers off the ends keep their face-value honesty.
    assert 0.75 <= np.std(err[~piled] / sd[~piled]) <= 1.25


def test_one_sided_intervals_take_the_short_path_to_the_same_numbers():
    # The Tobit's ratings on an end are intervals open on one side: open_mass skips the
    # second log_ndtr of mirrored_mass and must give the same numbers, bit for bit.
    from secondround.engine.ordinal import mirrored_mass
    from secondround.engine.tobit import FAR, open_mass

    rng = np.random.default_rng(0)
    bound = rng.normal(0, 4, 20_000)
    top = rng.random(bound.size) < 0.5
    lo = np.where(top, bound, -FAR)
    hi = np.where(top, FAR, bound)
    for got, want in zip(open_mass(lo, hi), mirrored_mass(lo, hi), strict=True):
        assert np.array_equal(got, want)
