"""Small adversarial designs shared by the engine tests (builders, not tests).

Each builder returns a list of rating records (dicts keyed like the ratings CSV).
"""

from __future__ import annotations

import numpy as np

COMPS = ("a", "b", "c")


def rec(job, cand, who, comp, rating, time, lo=1, hi=5):
    return dict(
        job=job,
        candidate=cand,
        interviewer=who,
        competency=comp,
        rating=int(rating),
        scale_min=lo,
        scale_max=hi,
        interviewed_at=float(time),
    )


def team(rng, raters, prefix, n_cands=24, job="K", lo=1, hi=5, offsets=None, t0=0.0):
    """A connected team: every candidate meets 3 of ``raters``; ratings are
    truth + the rater's offset + noise, rounded and clipped to the scale."""
    offsets = offsets or {}
    recs, t = [], t0
    span = hi - lo
    for c in range(n_cands):
        truth = rng.normal(0, 0.15 * span)
        for who in rng.choice(raters, size=min(3, len(raters)), replace=False):
            for comp in COMPS:
                r = lo + span / 2 + truth + offsets.get(who, 0.0) + rng.normal(0, 0.1 * span)
                recs.append(
                    rec(
                        f"{job}{c % 4}",
                        f"{prefix}{c}",
                        who,
                        comp,
                        np.clip(round(r), lo, hi),
                        t,
                        lo,
                        hi,
                    )
                )
            t += 3600.0
    return recs


def two_departments(seed=0, offset_b=1.0):
    """Two teams that never share a candidate; team B's raters E-H are lenient
    by ``offset_b`` except H, who is harsh, so B needs calibrating too."""
    rng = np.random.default_rng(seed)
    a = team(rng, ["A1", "A2", "A3", "A4"], "a", offsets={"A1": 0.8, "A2": -0.8})
    b = team(
        rng,
        ["B1", "B2", "B3", "B4"],
        "b",
        job="L",
        offsets={"B1": offset_b, "B2": -offset_b},
        t0=1e6,
    )
    return a + b


def split_job(seed=0):
    """Two departments, and job J with X seen only by team A and Y only by team B
    (B is lenient by one point)."""
    rng = np.random.default_rng(seed)
    recs = team(rng, ["A1", "A2", "A3"], "a") + team(
        rng, ["B1", "B2", "B3"], "b", job="L", offsets={"B1": 1, "B2": 1, "B3": 1}, t0=1e6
    )
    for comp in COMPS:
        recs.append(rec("J", "X", "A1", comp, 4, 2e6))
        recs.append(rec("J", "X", "A2", comp, 4, 2e6 + 10))
        recs.append(rec("J", "Y", "B1", comp, 5, 2e6 + 20))
        recs.append(rec("J", "Y", "B2", comp, 5, 2e6 + 30))
    return recs


def one_value_rater(seed=0, value=4):
    """A team of four where D gives ``value`` on everything."""
    rng = np.random.default_rng(seed)
    recs = team(rng, ["A", "B", "C", "D"], "c", n_cands=30)
    return [dict(r, rating=value) if r["interviewer"] == "D" else r for r in recs]


def lone_lenient_candidate(seed=0):
    """X is seen by one lenient interviewer L only (all 5s), Y by three who give
    4s and 5s (mean about 4.2); L also met a few calibration candidates."""
    rng = np.random.default_rng(seed)
    recs = team(rng, ["A", "B", "C", "L"], "c", n_cands=8, offsets={"L": 0.7})
    t = 1e6
    for comp in COMPS:
        recs.append(rec("J", "X", "L", comp, 5, t))
    for who, vals in (("A", (4, 4, 5)), ("B", (4, 4, 4)), ("C", (4, 5, 4))):
        t += 100
        for comp, v in zip(COMPS, vals):
            recs.append(rec("J", "Y", who, comp, v, t))
    for k in range(3):
        t += 100
        for comp in COMPS:
            recs.append(rec("J", f"Z{k}", "A", comp, 3, t))
            recs.append(rec("J", f"Z{k}", "B", comp, 3, t + 1))
    return recs


def shared_order(seed=0, n_jobs=60, contrast=0.0, shared=True):
    """Panels of 3 (from a team of 12) meet each job's 5 candidates strongest
    first, all in the same order (``shared``) or each in their own; a rating is
    pulled by ``contrast`` per point of the interviewer's previous mean rating."""
    rng = np.random.default_rng(seed)
    crew = [f"I{i}" for i in range(12)]
    sev = {w: rng.normal(0, 0.4) for w in crew}
    recs, t, last = [], 0.0, {}
    for j in range(n_jobs):
        panel = rng.choice(crew, 3, replace=False)
        truth = np.sort(rng.normal(0, 0.7, 5))[::-1]
        for k, tr in enumerate(truth):
            for w in panel if shared else rng.permutation(panel):
                pull = contrast * (last.get(w, 3.0) - 3)
                vals = [
                    np.clip(round(3 + sev[w] + tr + rng.normal(0, 0.5) + pull), 1, 5) for _ in COMPS
                ]
                for comp, v in zip(COMPS, vals):
                    recs.append(rec(f"J{j}", f"J{j}C{k}", w, comp, v, t))
                last[w] = float(np.mean(vals))
                t += 60
            t += 3600
    return recs


def wide_and_narrow(seed=0, n_jobs=30):
    """Half the team stretches ratings 2x, half 0.5x; each job has a pool mean of its
    own (drawn inside the stretch) and 5 candidates, each met by 2 of the team (1-9
    scale). Returns the records and each candidate's (job, true standing in the job)."""
    rng = np.random.default_rng(seed)
    stretch = {"W1": 2.0, "W2": 2.0, "W3": 2.0, "N1": 0.5, "N2": 0.5, "N3": 0.5}
    recs, truth, t = [], {}, 0.0
    for j in range(n_jobs):
        pool = rng.normal(0, 0.6)
        own = rng.normal(0, 0.6, 5)
        for k in range(5):
            truth[f"J{j}C{k}"] = (f"J{j}", own[k])
            for w in rng.choice(list(stretch), 2, replace=False):
                t += 100
                for comp in COMPS:
                    x = pool + own[k] + rng.normal(0, 0.3)
                    r = np.clip(round(5 + stretch[w] * x), 1, 9)
                    recs.append(rec(f"J{j}", f"J{j}C{k}", w, comp, r, t, lo=1, hi=9))
    return recs, truth


def busy_and_quiet(seed=0, n_raters=60, n_jobs=150):
    """An organisation whose interviewers' workloads differ (gamma(2) shares): each job
    draws a pool of 4 by workload, its 5 candidates meet 3 of the pool on 3
    competencies (1-10 scale, no contrast). Returns the records and each
    interviewer's true (severity, scale use) in rating points."""
    rng = np.random.default_rng(seed)
    who = [f"R{i}" for i in range(n_raters)]
    workload = rng.gamma(2.0, 1.0, n_raters)
    sev = rng.normal(0, 0.6, n_raters)
    use = np.exp(rng.normal(0, 0.2, n_raters))
    recs, t = [], 0.0
    for j in range(n_jobs):
        pool = rng.choice(n_raters, 4, replace=False, p=workload / workload.sum())
        job_mean = rng.normal(0, 0.5)
        for k in range(5):
            theta = job_mean + rng.normal(0, 1.0)
            for i in rng.choice(pool, 3, replace=False):
                t += 100
                view = theta + rng.normal(0, 0.4)
                for comp in COMPS:
                    r = 5.5 + sev[i] + use[i] * (view + rng.normal(0, 0.6))
                    recs.append(
                        rec(f"J{j}", f"J{j}C{k}", who[i], comp, np.clip(round(r), 1, 10), t, 1, 10)
                    )
    return recs, {w: (sev[i], use[i]) for i, w in enumerate(who)}
