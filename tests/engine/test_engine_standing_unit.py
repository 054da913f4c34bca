"""The candidates' standings in the latent units of the interviewers' report
(engine/propagation.py, ``standing_unit``; Fit.unit)."""

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from secondround.engine import propagation
from secondround.engine.api import Computed, build_result, compute
from secondround.engine.evidence import end_piling, end_share
from secondround.engine.interval_refit import Refit
from secondround.engine.jsonout import dumps
from secondround.engine.simulate import simulate
from secondround.engine.weighting import equal_weight_scores

# Computed's outputs in the standings' units; every other output must not move.
SCALED = {"score", "sd", "cell_score", "cell_sd", "effect_g", "contrast_g"}
NOT_OUTPUTS = {"table", "design", "fit"}

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def face_unit_compute(table):
    """The engine with the standings left in the face-value unit."""
    original = propagation.standing_unit
    propagation.standing_unit = lambda refit, scale_use: 1.0
    try:
        return compute(table)
    finally:
        propagation.standing_unit = original


@st.composite
def piled_designs(draw):
    """Small 1-4 organisations whose lenient and harsh interviewers pile on the ends."""
    seed = draw(st.integers(0, 10_000))
    sim = simulate(
        n_jobs=draw(st.integers(2, 8)),
        team=draw(st.integers(4, 9)),
        scale=(1, 4),
        severity_sd=draw(st.floats(0.3, 1.0)),
        scale_use_sd=draw(st.floats(0.1, 0.6)),
        n_comp=draw(st.integers(1, 3)),
        seed=seed,
    )
    return sim.table


@SETTINGS
@given(piled_designs())
def test_the_unit_is_one_common_factor_of_the_standings(table):
    """Every output in the standings' units is the face-value one times Fit.unit; every
    other output (rating points: severities, raw means; no unit: P(best), scale uses,
    weights, reliabilities, the contrast) is unchanged, so no rank moves. Each of
    Computed's fields is checked, so a new one has to be put on one side."""
    k = compute(table)
    face = face_unit_compute(table)
    unit = k.fit.unit
    assert np.isfinite(unit) and unit > 0
    for field in dataclasses.fields(Computed):
        name = field.name
        ours, theirs = getattr(k, name), getattr(face, name)
        if name in NOT_OUTPUTS:
            continue
        if name in SCALED:
            np.testing.assert_allclose(ours, theirs * unit, rtol=1e-12, err_msg=name)
        elif name == "effects":
            assert ours.halo == pytest.approx(theirs.halo * unit, rel=1e-12)
            assert (ours.contrast, ours.contrast_sd) == (theirs.contrast, theirs.contrast_sd)
        elif name == "warnings":
            # The latent unit adds the one warning that names it (evidence.end_piling).
            assert ours == theirs + end_piling(end_share(k.design), unit)
        elif name == "iccs":
            for icc in ours:
                np.testing.assert_array_equal(ours[icc], theirs[icc], err_msg=icc)
        else:
            np.testing.assert_array_equal(ours, theirs, err_msg=name)
    # The reported severities and scale uses (Fit.b, Fit.a) and the rank order.
    np.testing.assert_array_equal(k.fit.b, face.fit.b)
    np.testing.assert_array_equal(k.fit.a, face.fit.a)
    np.testing.assert_array_equal(k.order, face.order)
    # Read downstream of Computed: the equal-weight scores follow the unit, and the
    # fast JSON writer and the typed result give the same document.
    np.testing.assert_allclose(
        equal_weight_scores(k), equal_weight_scores(face) * unit, rtol=1e-12, atol=1e-15
    )
    assert json.loads(dumps(k, explanations=True)) == build_result(k).to_json()


@SETTINGS
@given(st.integers(0, 10_000), st.integers(2, 6))
def test_without_a_rating_on_an_end_the_unit_is_one(seed, n_jobs):
    # A 1-20 scale with narrow views: nobody reaches an end, nobody is refitted.
    sim = simulate(n_jobs=n_jobs, team=5, scale=(1, 20), severity_sd=0.5, seed=seed)
    assume(sim.table.rating.min() > 1 and sim.table.rating.max() < 20)
    k = compute(sim.table)
    assert k.fit.unit == 1.0


def test_the_unit_is_the_refits_scale_only_where_the_fit_used_a_refitted_stretch():
    ones = np.ones(3)
    refit = Refit(ones, ones, ones, ones, np.array([False, True, False]), ones, scale=1.3)
    assert propagation.standing_unit(refit, True) == 1.3
    assert propagation.standing_unit(refit, False) == 1.0  # scale uses held at 1
    assert propagation.standing_unit(None, True) == 1.0  # the ordinal likelihood
    refit.refitted[:] = False
    assert propagation.standing_unit(refit, True) == 1.0


def job_centred_truth_on_the_engines_convention(sim, k):
    """Each candidate's true standing less its job's mean, in the engine's convention
    (true scale uses with a geometric mean of 1, by ratings, logs clipped as the EM's)."""
    t, d = sim.table, k.design
    true = np.array([sim.theta[c] for c in t.candidate_ids.tolist()])
    centred = true - (np.bincount(d.job_c, true) / np.bincount(d.job_c))[d.job_c]
    n_i = np.bincount(t.interviewer, minlength=len(t.interviewer_ids))
    log_a = np.log([sim.scale_use[i] for i in t.interviewer_ids.tolist()])
    log_a = np.clip(log_a, -np.log(2.0), np.log(2.0))
    return centred * np.exp(np.sum(n_i * log_a) / n_i.sum())


@pytest.mark.parametrize("seed", [0, 3])
def test_where_ratings_pile_the_scores_are_on_the_truths_scale(seed):
    """Reference values (1-4 scale, 120 jobs, 27-40% of ratings on an end): the truth
    regressed on the score has slope 0.96 / 1.01 in the latent unit (1.25 / 1.25 of the
    face-value unit) and 1.20 / 1.27 on the face-value scores."""
    sim = simulate(n_jobs=120, team=25, scale=(1, 4), severity_sd=0.6, scale_use_sd=0.5, seed=seed)
    k = compute(sim.table)
    truth = job_centred_truth_on_the_engines_convention(sim, k)

    def slope(score):
        return float(np.sum(truth * score) / np.sum(score * score))

    assert k.fit.unit > 1.15
    assert abs(slope(k.score) - 1.0) < 0.06
    assert slope(k.score / k.fit.unit) > 1.18
