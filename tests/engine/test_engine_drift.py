"""Interviewers whose leniency drifts over months: the drift is modelled (each
interview's local leniency) and not read as a contrast effect; a true contrast
effect is still found; noise in a small file is not put into words."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hs

from secondround.engine import RatingsTable, calibrate, model
from secondround.engine.drift import drift_offsets, local_mean

from .cases import COMPS, rec, two_departments
from .drift_residuals import sine_drift_residuals

DAY = 86400.0


def drifting_team(seed=0, contrast=0.0, amplitude=0.6, n_jobs=90):
    """A team of 12 meets 90 jobs' 5 candidates over a year: each job has a pool of
    6, each candidate meets 3 of them, and a job's candidates come 2 weeks apart.
    Each interviewer's leniency follows a sine of period 4-12 months with
    ``amplitude`` points; a rating is pulled by ``contrast`` per point of the
    interviewer's previous mean rating. Returns records and true standings."""
    rng = np.random.default_rng(seed)
    crew = [f"I{i}" for i in range(12)]
    sev = dict(zip(crew, rng.normal(0, 0.4, 12)))
    amp = dict(zip(crew, rng.normal(0, amplitude, 12)))
    period = dict(zip(crew, rng.uniform(120, 365, 12) * DAY))
    phase = dict(zip(crew, rng.uniform(0, 2 * np.pi, 12)))
    cards, truth_of = [], {}
    for j, start in enumerate(np.sort(rng.uniform(0, 365 * DAY, n_jobs))):
        pool = rng.choice(crew, 6, replace=False)
        for k in range(5):
            cand = f"J{j}C{k}"
            truth_of[cand] = tr = rng.normal(0, 0.7)
            for n, w in enumerate(rng.choice(pool, 3, replace=False)):
                t = start + k * 14 * DAY + n * 3600.0
                lean = sev[w] + amp[w] * np.sin(2 * np.pi * t / period[w] + phase[w])
                cards.append((t, f"J{j}", cand, w, 3 + lean + tr + rng.normal(0, 0.3)))
    recs, last = [], {}
    for t, job, cand, w, base in sorted(cards):  # the pull needs the time order
        pull = contrast * (last.get(w, 3.0) - 3)
        vals = [np.clip(round(base + pull + rng.normal(0, 0.4)), 1, 5) for _ in COMPS]
        recs += [rec(job, cand, w, c, v, t) for c, v in zip(COMPS, vals)]
        last[w] = float(np.mean(vals))
    return recs, truth_of


def test_drift_is_not_read_as_contrast():
    zs = []
    for seed in range(3):
        res = calibrate(RatingsTable.from_records(drifting_team(seed)[0]))
        zs.append(res.effects.contrast / res.effects.contrast_sd)
        assert abs(zs[-1]) < 2, (seed, res.effects)
        assert not res.contrast_clear
    assert abs(np.mean(zs)) < 1.2, zs


def test_a_true_contrast_is_still_found_with_drift():
    # (Rounding to whole points takes about a tenth off: -0.14 without drift.)
    for seed in range(2):
        recs, _ = drifting_team(seed, contrast=-0.15, n_jobs=150)
        res = calibrate(RatingsTable.from_records(recs))
        assert res.contrast_clear, res.effects
        assert -0.25 < res.effects.contrast < -0.07, res.effects


def within_job_corr(recs, truth):
    """Correlation of scores with true standings, both centred within each job."""
    res = calibrate(RatingsTable.from_records(recs))
    est = {c.candidate: (c.job, c.score) for c in res.candidates}
    jobs = np.array([est[c][0] for c in truth])
    s = np.array([est[c][1] for c in truth])
    t = np.array(list(truth.values()))
    for j in np.unique(jobs):
        s[jobs == j] -= s[jobs == j].mean()
        t[jobs == j] -= t[jobs == j].mean()
    return np.corrcoef(s, t)[0, 1]


def test_modelling_drift_brings_scores_closer_to_the_truth(monkeypatch):
    recs, truth = drifting_team(0, amplitude=0.6)
    modelled = within_job_corr(recs, truth)
    monkeypatch.setattr(model, "drift_offsets", lambda r, *a, **k: (np.zeros(len(r)), 0.0, None))
    ignored = within_job_corr(recs, truth)
    # The unexplained share of the true standings, 1 - r^2: 0.14 with drift ignored,
    # 0.11 with it modelled (0.09-0.20 less on seeds 0-2, 0.08-0.18 with the former
    # 6-neighbour mean; on seed 3 the drift is within the guard's noise).
    assert (1 - ignored**2) > 1.15 * (1 - modelled**2), (modelled, ignored)
    # Without drift, modelling it changes (almost) nothing.
    recs, truth = drifting_team(1, amplitude=0.0)
    still = within_job_corr(recs, truth)
    monkeypatch.undo()
    assert abs(within_job_corr(recs, truth) - still) < 0.005


def test_two_departments_with_no_contrast_narrate_none():
    for seed in range(3):
        res = calibrate(RatingsTable.from_records(two_departments(seed)))
        assert not res.contrast_clear, (seed, res.effects)
        for c in res.candidates:
            assert not any("contrast" in s for s in res.explain(c.candidate))


def test_drift_offsets_follow_a_drifting_leniency_and_stay_zero_without():
    rng = np.random.default_rng(3)
    n_i, per = 20, 60
    rater = np.repeat(np.arange(n_i), per)
    pos = np.tile(np.arange(per), n_i)
    prev = np.where(pos > 0, np.arange(n_i * per) - 1, -1)
    order = np.arange(n_i * per)
    true = 0.3 * np.sin(2 * np.pi * pos / 40 + rng.uniform(0, 6, n_i)[rater])
    true -= (np.bincount(rater, true) / per)[rater]
    noise = rng.normal(0, 0.3, n_i * per)
    when = pos * 5 * DAY  # an interview every 5 days
    drift, s2, _ = drift_offsets(true + noise, rater, prev, order, n_i, when)
    assert np.corrcoef(drift, true)[0, 1] > 0.7
    assert 0.02 < s2 < 0.08  # the sine's variance is 0.045
    still, s2_still, _ = drift_offsets(noise, rater, prev, order, n_i, when)
    assert s2_still < 0.01 and np.abs(still).max() < 0.1


@settings(max_examples=60, deadline=None)
@given(
    sizes=hs.lists(hs.integers(1, 15), min_size=1, max_size=6),
    half=hs.integers(1, 5),
    skip=hs.sets(hs.integers(-2, 2), max_size=3),
    seed=hs.integers(0, 2**16),
)
def test_local_mean_is_the_mean_over_the_neighbours(sizes, half, skip, seed):
    rng = np.random.default_rng(seed)
    rater = np.repeat(np.arange(len(sizes)), sizes)
    values = rng.normal(size=rater.size)
    order = rng.permutation(rater.size)  # any time order within interviewers
    order = order[np.argsort(rater[order], kind="stable")]
    mean, count = local_mean(values, rater, order, half, tuple(skip))
    for g in order:
        same = order[rater[order] == rater[g]]
        k = int(np.flatnonzero(same == g)[0])
        window = range(max(k - half, 0), min(k + half + 1, len(same)))
        nb = [same[m] for m in window if m - k not in skip]
        assert count[g] == len(nb)
        if nb:
            assert np.isclose(mean[g], values[nb].mean())
        else:
            assert np.isnan(mean[g])


@settings(max_examples=40, deadline=None)
@given(
    sizes=hs.lists(hs.integers(2, 30), min_size=1, max_size=8),
    amplitude=hs.floats(0.0, 1.0),
    seed=hs.integers(0, 2**16),
)
def test_drift_offsets_average_zero_per_interviewer(sizes, amplitude, seed):
    # The interviewer's average leniency is their severity: drift never moves it.
    resid, rater, prev, when = sine_drift_residuals(sizes, amplitude, seed)
    n_i = len(sizes)
    drift, s2, _ = drift_offsets(resid, rater, prev, np.arange(rater.size), n_i, when)
    assert np.all(np.isfinite(drift)) and s2 >= 0
    assert np.allclose(np.bincount(rater, drift, n_i), 0.0, atol=1e-9)
    # Without any known order there is no drift.
    unknown = np.full(rater.size, -1)
    none, s2_none, _ = drift_offsets(resid, rater, unknown, np.arange(rater.size), n_i, when)
    assert s2_none == 0.0 and not none.any()
