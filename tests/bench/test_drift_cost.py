"""bench.drift_cost: the synthetic residuals drift, the step finds and follows it."""

from bench.drift_cost import measure


def test_the_drift_step_follows_the_synthetic_drift():
    out = measure(40, 50)
    # Noise of variance 0.25 on a drift of variance 0.045: the estimate's error must
    # still be well under the drift's own variance (0 drift modelled would give 1).
    assert out["error_share"] < 0.7
    assert out["first"] > 0 and out["later"] > 0
