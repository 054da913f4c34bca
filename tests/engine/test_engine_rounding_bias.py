"""The bias rounded ratings read as points leave in a severity (issue #11, branch `ends2`)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtr

from secondround.engine import RatingsTable, calibrate, propagation
from secondround.engine.rater_sds import rounding_bias, rounding_spread
from secondround.engine.simulate import simulate

from .narrow_views import narrow_view_teams


def exact_mean_square(point: float, s: float, phases: int = 2000) -> float:
    """Mean over where the latent mean falls of (E[round(y)] - mean)^2, y ~ N(mean, s^2),
    on an unbounded scale of points ``point`` apart: the definition, summed exactly."""
    m = (np.arange(phases) + 0.5) / phases * point
    j = np.arange(-40, 41)[:, None]
    mass = ndtr(((j + 0.5) * point - m) / s) - ndtr(((j - 0.5) * point - m) / s)
    return float(np.mean(((j * point * mass).sum(axis=0) - m) ** 2))


def one_interviewer(point, noise, a, spread, q, n=40):
    """rounding_bias of one interviewer whose n ratings' standings have variance
    ``spread`` around 0 and whose face-value noise holds the rounding's point^2 / 12."""
    standing = np.where(np.arange(n) % 2 == 0, 1.0, -1.0) * np.sqrt(spread)
    r = rounding_spread(
        np.zeros(n, np.int64),
        standing,
        np.zeros(1, np.int64),
        np.array([n]),
        np.array([q]),
        np.array([a]),
        np.array([noise + point * point / 12.0]),
        point,
    )
    return rounding_bias(r, point)[0]


@settings(max_examples=40, deadline=None)
@given(
    width=st.sampled_from([3, 4, 6, 9]),
    ratio=st.floats(0.1, 1.0),
    noise_part=st.floats(0.0, 1.0),
    a=st.floats(0.3, 2.0),
)
def test_rounding_bias_is_the_mean_square_of_the_exact_bias_over_where_the_mean_falls(
    width, ratio, noise_part, a
):
    # The latent views' spread S = ratio points, split between the noise and the scale
    # use's stretch of the standings (half their spread, half their variance q): the
    # formula (three harmonics of the sawtooth) against the bias summed exactly.
    point = 1.0 / width
    s2 = (ratio * point) ** 2
    stretch = (1.0 - noise_part) * s2 / a**2
    got = one_interviewer(point, noise_part * s2, a, stretch / 2, stretch / 2)
    want = exact_mean_square(point, np.sqrt(s2))
    assert got == pytest.approx(want, rel=2e-3, abs=1e-12 * point**2)


def test_rounding_bias_vanishes_for_spread_views_and_nears_the_rounding_noise_for_none():
    point = 1.0 / 4
    assert one_interviewer(point, (0.7 * point) ** 2, 1.0, 0.0, 0.0) < 1e-8 * point**2
    # With no spread at all the error is uniform over the point: point^2 / 12 (three
    # harmonics hold 0.83 of it).
    assert one_interviewer(point, 0.0, 1.0, 0.0, 0.0) == pytest.approx(
        0.827 * point**2 / 12, rel=1e-3
    )


def severity_z(seeds, without=False, monkeypatch=None):
    """Severity errors over reported sds of teams whose views sit on one or two points
    of a 1-4 scale (narrow standings, halo and noise), both centred by ratings."""
    if without:
        monkeypatch.setattr(propagation, "rounding_bias", lambda r, point: np.zeros(len(r)))
    z = []
    for sim, iv, w in narrow_view_teams(seeds):
        b = np.array([sim.severity[i.interviewer] for i in iv])
        b_hat = np.array([i.severity for i in iv])
        sd = np.array([i.severity_sd for i in iv])
        z.append(((b_hat - w @ b_hat) - (b - w @ b)) / sd)
    return np.concatenate(z)


def test_severity_sds_cover_the_rounding_bias_of_narrow_views(monkeypatch):
    # 8 teams, 240 interviewers: a z SD's standard error is about 0.05. With the term
    # the sds are the size of the errors (0.99); without, 1.64.
    z = severity_z(range(8))
    assert 0.8 <= np.std(z) <= 1.2
    assert np.std(severity_z(range(8), without=True, monkeypatch=monkeypatch)) > 1.35


def _columns(table, tag):
    def ids(names, codes):
        return [f"{tag}{name}" for name in np.asarray(names)[codes]]

    return dict(
        job=ids(table.job_ids, table.job),
        candidate=ids(table.candidate_ids, table.candidate),
        interviewer=ids(table.interviewer_ids, table.interviewer),
        competency=list(np.asarray(table.competency_ids)[table.competency]),
        rating=table.rating.tolist(),
        scale_min=table.scale_min.tolist(),
        scale_max=table.scale_max.tolist(),
        interviewed_at=table.time.tolist(),
    )


def test_an_interviewers_rounding_is_on_their_own_scale_not_the_reference():
    # A team rating on 0-100 (narrow views, as above, in hundredths) beside a larger one
    # on 1-4, which sets the reference scale. The teams never meet: the 0-100 team's
    # severity sds, in [0, 1] units, are theirs alone (within the priors they share);
    # read with the 1-4 scale's points their rounding bias widened them 1.2-9 times.
    f = 100 / 3
    fine = simulate(
        n_jobs=40, team=15, scale=(0, 100), theta_sd=0.25 * f, comp_sd=0.1 * f,
        halo_sd=0.15 * f, noise_sd=0.15 * f, severity_sd=0.5 * f, contrast=0.0, seed=1,
    )  # fmt: skip
    coarse = simulate(
        n_jobs=120, team=30, scale=(1, 4), theta_sd=0.25, comp_sd=0.1, halo_sd=0.15,
        noise_sd=0.15, contrast=0.0, seed=2,
    )  # fmt: skip
    a, b = _columns(coarse.table, "A"), _columns(fine.table, "B")
    both = RatingsTable.from_columns(**{k: a[k] + b[k] for k in a})

    def fine_sds(table, width):
        return {
            i.interviewer: i.severity_sd / width
            for i in calibrate(table).interviewers
            if i.interviewer.startswith("B")
        }

    alone = fine_sds(RatingsTable.from_columns(**b), 100)
    beside = fine_sds(both, 3)
    ratio = np.array([beside[name] / alone[name] for name in alone])
    assert ratio.min() > 0.85 and ratio.max() < 1.15
