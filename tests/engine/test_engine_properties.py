"""Hypothesis property tests of the engine."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from secondround.engine import RatingsTable, calibrate
from secondround.engine.simulate import simulate

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _columns(t: RatingsTable) -> dict:
    return dict(
        job=t.job_ids[t.job],
        candidate=t.candidate_ids[t.candidate],
        interviewer=t.interviewer_ids[t.interviewer],
        competency=t.competency_ids[t.competency],
        rating=t.rating.copy(),
        scale_min=t.scale_min,
        scale_max=t.scale_max,
        interviewed_at=t.time,
    )


@st.composite
def designs(draw, scale=(1, 5)):
    seed = draw(st.integers(0, 10_000))
    n_jobs = draw(st.integers(1, 6))
    team = draw(st.integers(3, 7))
    sim = simulate(n_jobs=n_jobs, team=team, scale=scale, n_comp=draw(st.integers(1, 3)), seed=seed)
    return sim.table


@SETTINGS
@given(designs())
def test_outputs_finite_and_p_best_sums_to_one(table):
    res = calibrate(table)
    for c in res.candidates:
        assert np.isfinite([c.score, c.sd, c.raw_mean]).all()
        # P(best) is a probability, or absent (NaN) where the job's candidates
        # were seen by separate groups, and then a warning names the job.
        if c.comparable:
            assert 0 <= c.p_best <= 1
        else:
            assert any(f"Job {c.job}:" in w and "not comparable" in w for w in res.warnings)
        assert c.sd > 0
        for k in c.competencies.values():
            assert np.isfinite([k.score, k.sd]).all()
        # The interviewers' shares of a candidate's score sum to 1.
        assert sum(a.weight for a in c.adjustments) == pytest.approx(1.0)
        assert all(0 < a.weight <= 1 for a in c.adjustments)
    for i in res.interviewers:
        assert np.isfinite([i.severity, i.severity_sd, i.scale_use, i.scale_use_sd]).all()
    assert np.isfinite([res.effects.contrast, res.effects.contrast_sd, res.effects.halo]).all()
    totals, comparable = {}, {}
    for c in res.candidates:
        totals[c.job] = totals.get(c.job, 0.0) + (c.p_best if c.comparable else 0.0)
        comparable.setdefault(c.job, set()).add(c.comparable)
    assert all(len(v) == 1 for v in comparable.values())  # a whole job or none
    assert np.allclose([t for j, t in totals.items() if True in comparable[j]], 1.0)
    assert len(res.candidates) == len(table.candidate_ids)


@SETTINGS
@given(designs(), st.randoms(use_true_random=False))
def test_relabelling_changes_nothing(table, rnd):
    cols = _columns(table)
    maps = {}
    for name in ("job", "candidate", "interviewer", "competency"):
        labels = sorted(set(cols[name].tolist()))
        new = [f"{name[0]}{i}" for i in range(len(labels))]
        rnd.shuffle(new)
        maps[name] = dict(zip(labels, new))
        cols[name] = np.array([maps[name][v] for v in cols[name].tolist()])
    perm = np.array(rnd.sample(range(len(table)), len(table)))
    cols = {k: np.asarray(v)[perm] for k, v in cols.items()}
    a = calibrate(table)
    b = calibrate(RatingsTable.from_columns(**cols))
    for c in a.candidates:
        d = b.candidate(maps["candidate"][c.candidate])
        assert abs(c.score - d.score) < 1e-3 and abs(c.sd - d.sd) < 1e-3
        assert c.comparable == d.comparable
        if c.comparable:
            assert abs(c.p_best - d.p_best) < 0.06  # Monte Carlo noise only
        assert d.job == maps["job"][c.job]
    sev_b = {i.interviewer: i.severity for i in b.interviewers}
    for i in a.interviewers:
        assert abs(i.severity - sev_b[maps["interviewer"][i.interviewer]]) < 1e-3


@SETTINGS
@given(st.integers(0, 10_000), st.integers(1, 2))
def test_constant_shift_moves_severity_not_order(seed, shift):
    # A 1-9 scale with modest spreads keeps ratings off the ends, where a shift
    # is exactly a change of severity.
    sim = simulate(
        n_jobs=12,
        team=6,
        scale=(1, 9),
        theta_sd=0.6,
        severity_sd=0.3,
        noise_sd=0.3,
        halo_sd=0.2,
        comp_sd=0.2,
        scale_use_sd=0.1,
        contrast=0.0,
        seed=seed,
    )
    t = sim.table
    ok = [
        i
        for i in range(len(t.interviewer_ids))
        if t.rating[t.interviewer == i].max() + shift <= 8
        and t.rating[t.interviewer == i].min() >= 2
    ]
    assume(ok)
    who = ok[0]
    cols = _columns(t)
    cols["rating"] = np.where(t.interviewer == who, t.rating + shift, t.rating)
    a = calibrate(t)
    b = calibrate(RatingsTable.from_columns(**cols))
    name = t.interviewer_ids[who]
    sev_a = {i.interviewer: i.severity for i in a.interviewers}
    sev_b = {i.interviewer: i.severity for i in b.interviewers}
    rel_a = sev_a[name] - np.mean(list(sev_a.values()))
    rel_b = sev_b[name] - np.mean(list(sev_b.values()))
    assert rel_b - rel_a > 0.5 * shift
    for job in set(c.job for c in a.candidates):
        sa = {c.candidate: c.score for c in a.candidates if c.job == job}
        sb = {c.candidate: c.score for c in b.candidates if c.job == job}
        ids = sorted(sa)
        for x in ids:
            for y in ids:
                if sa[x] - sa[y] > 0.15:
                    assert sb[x] > sb[y], (x, y, sa[x], sa[y], sb[x], sb[y])
