"""bench.shortfall: the truth is put into the engine in the engine's own terms, each
piece holds its value through the fit, and nothing leaks out of the plugged run."""

from __future__ import annotations

import numpy as np
import pytest

from bench.common import candidate_frame, run_engine
from bench.shortfall import COMBINED, Plugged, ratings_table, scores, truth_for
from bench.simulate import SimConfig, simulate
from secondround.engine import api, em, model, propagation, reported_sds


@pytest.fixture(scope="module")
def org():
    sim = simulate(SimConfig(), seed=5)
    tbl = ratings_table(sim.ratings)
    return sim, tbl, truth_for(sim, tbl)


def plugged_fit(tbl, truth, pieces):
    with Plugged(truth, pieces):
        return api.compute(tbl, seed=0)


def test_nothing_plugged_is_the_engine_and_plugging_leaves_no_trace(org):
    sim, tbl, truth = org
    engine = candidate_frame(run_engine(sim.ratings, seed=0))["score"]
    expected = engine.reindex(sim.candidates["candidate"]).to_numpy()
    np.testing.assert_allclose(scores(sim, (), 0), expected, atol=1e-12)

    def patched():
        return (
            model.em_map,
            em.estep,
            model.estep,
            propagation.estep,
            model.propagated_fit,
            propagation.interviewer_variances,
            reported_sds.interviewer_variances,
        )

    originals = patched()
    moved = scores(sim, COMBINED["all"] + ("draws",), 0)
    assert np.abs(moved - expected).max() > 1e-3  # the pieces did something
    assert patched() == originals
    np.testing.assert_allclose(scores(sim, (), 0), expected, atol=1e-12)


def test_the_truth_is_in_the_engines_units_and_order(org):
    """The engine's own estimates track the truth put in its place (a wrong sign, unit,
    index or reference would break the agreement)."""
    _, tbl, truth = org
    k = api.compute(tbl, seed=0)
    x, d = k.fit.params, k.design
    assert np.corrcoef(x.b, truth.b)[0, 1] > 0.9
    assert 0.8 < np.polyfit(truth.b, x.b, 1)[0] < 1.1
    assert np.corrcoef(np.log(x.a), np.log(truth.a))[0, 1] > 0.5
    jobs = np.unique(d.job_c, return_index=True)[1]
    assert np.corrcoef(k.fit.job_mean_c[jobs], truth.job_mean)[0, 1] > 0.7
    for name in ("s2_b", "s2_theta", "s2_job"):
        assert 0.5 < getattr(x, name) / truth.s2[name] < 2.0
    assert 0.5 < np.median(k.fit.s2_i) / np.median(truth.s2_i) < 2.0


def test_each_piece_holds_its_true_value_through_the_fit(org):
    _, tbl, truth = org
    f = plugged_fit(tbl, truth, ("severity",)).fit
    centred = truth.b - np.average(truth.b, weights=api.build_design(tbl).n_i)
    np.testing.assert_allclose(f.params.b, centred, atol=1e-12)
    assert np.all(f.var_b == 0)
    f = plugged_fit(tbl, truth, ("scale_use",)).fit
    np.testing.assert_allclose(f.params.a, truth.a, atol=1e-12)
    assert np.all(f.var_a == 0)
    f = plugged_fit(tbl, truth, ("hyper",)).fit
    for name in ("s2_b", "s2_a", "s2_theta", "s2_eta", "s2_job"):
        assert getattr(f.params, name) == pytest.approx(truth.s2[name], rel=1e-9)
    assert f.s2_delta == pytest.approx(truth.s2["s2_delta"])
    k = plugged_fit(tbl, truth, ("job_means",))
    np.testing.assert_allclose(k.fit.job_mean_c, truth.job_mean[k.design.job_c], atol=1e-9)
    assert np.all(k.fit.job_var < 1e-9)
    f = plugged_fit(tbl, truth, ("noise",)).fit
    np.testing.assert_allclose(f.s2_i, truth.s2_i)


def test_draws_average_near_the_point_estimate_and_repeat(org):
    sim, _, _ = org
    base = scores(sim, (), 0)
    drawn = scores(sim, ("draws",), 0)
    assert np.corrcoef(base, drawn)[0, 1] > 0.98
    assert 0 < np.abs(drawn - base).max() < 0.5
    np.testing.assert_array_equal(drawn, scores(sim, ("draws",), 0))
