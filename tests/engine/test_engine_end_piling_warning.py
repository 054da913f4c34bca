"""The warning that says why calibrated scores spread wider than the ratings where ratings
pile on the scale's ends (engine/evidence.py, ``end_piling``; Fit.unit)."""

import numpy as np

from secondround.engine.api import compute
from secondround.engine.evidence import END_PILING as OPENING
from secondround.engine.evidence import WIDER_UNIT, end_piling
from secondround.engine.simulate import simulate


def piling_warnings(k) -> list[str]:
    return [w for w in k.warnings if w.startswith(OPENING)]


def test_heavy_end_piling_is_named_with_its_share_and_widening():
    # A 1-4 scale with wide habits: about a third of the ratings on an end, unit about 1.2.
    sim = simulate(n_jobs=60, team=20, scale=(1, 4), severity_sd=0.6, scale_use_sd=0.5, seed=0)
    k = compute(sim.table)
    t = sim.table
    share = np.mean((t.rating == t.scale_min) | (t.rating == t.scale_max))
    assert share > 0.25 and k.fit.unit > 1.15
    (warning,) = piling_warnings(k)
    assert f"({share:.0%} of ratings)" in warning
    assert f"about {k.fit.unit - 1:.0%} larger" in warning


def test_no_rating_on_an_end_no_warning():
    sim = simulate(n_jobs=6, team=5, scale=(1, 20), severity_sd=0.5, seed=0)
    t = sim.table
    assert t.rating.min() > 1 and t.rating.max() < 20
    k = compute(t)
    assert k.fit.unit == 1.0
    assert piling_warnings(k) == []


def test_the_warning_starts_above_the_threshold_only():
    assert end_piling(0.4, WIDER_UNIT) == []
    assert end_piling(0.02, 1.005) == []
    (warning,) = end_piling(0.113, 1.07)
    assert warning.startswith(f"{OPENING} (11% of ratings)")
    assert "about 7% larger" in warning
