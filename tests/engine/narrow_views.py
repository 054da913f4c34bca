"""Teams whose views sit on one or two points of a 1-4 scale (narrow standings, halo and
noise): where rounded ratings read as points leave a bias in an interviewer's severity
and scale use. Shared by the tests of the rounding terms in the reported sds."""

from __future__ import annotations

import numpy as np

from secondround.engine import calibrate
from secondround.engine.simulate import simulate


def narrow_view_teams(seeds):
    """For each seed, the simulated team, its calibrated interviewers, and each one's
    share of the ratings (the weights the reported estimates are centred by)."""
    for seed in seeds:
        sim = simulate(
            n_jobs=120,
            team=30,
            scale=(1, 4),
            theta_sd=0.25,
            comp_sd=0.1,
            halo_sd=0.15,
            noise_sd=0.15,
            contrast=0.0,
            seed=seed,
        )
        iv = calibrate(sim.table).interviewers
        n = np.array([i.n_ratings for i in iv], float)
        yield sim, iv, n / n.sum()
