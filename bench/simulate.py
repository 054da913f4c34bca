"""Simulator of structured-interview ratings with known rater errors.

The simulator draws organisations whose interviewers rate candidates on several
competencies, with the rating errors the calibration engine corrects (rater severity
and scale use, halo, the contrast effect of the previous interview, ordinal rounding).
It returns the ratings in the shape of the Ratings CSV (see ``DESIGN.md``) together
with the hidden truth, so that benchmarks can score any estimator against it.

The generating model, for interviewer ``i`` rating candidate ``c`` of job ``j`` on
competency ``k`` (all spreads in "units" of a quarter of the scale's range, so that a
1-5 scale has unit 1 and a 1-4 scale unit 0.75)::

    perceived = (1 - halo) * theta[c, k] + halo * (mean_k theta[c, :] + e[i, c]) + eps
    latent    = centre + job_mean[j] + severity[i] + scale_use[i] * perceived
                + contrast * (previous_mean[i] - midpoint)
    rating    = clip(floor(latent + 0.5), scale_min, scale_max)

``previous_mean`` is the mean rating the interviewer gave in their previous interview(s)
(by ``interviewed_at``); the first interview has no contrast term. The true overall
standing of a candidate is the weighted mean of ``theta[c, :]``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from bench.structures import Structure

COMPETENCIES = (
    "problem solving",
    "technical depth",
    "communication",
    "collaboration",
    "ownership",
    "values",
)
EPOCH = np.datetime64("2025-01-06T00:00:00", "s")


@dataclass(frozen=True)
class SimConfig:
    """Parameters of the simulated organisation; defaults and the reasons for them.

    Spreads (``*_sd``) are in units of a quarter of the scale's range.

    Attributes
    ----------
    n_teams : int
        Interviewer teams; each has its own jobs. Scales the file size.
    team_size : tuple of int
        Interviewers per team (uniform, inclusive): 30-60, as in the brief.
    jobs_per_team : int
        Jobs per team over ``days``. 150 jobs give each interviewer about 50
        interviews, so that their severity is learnable.
    candidates_per_job : tuple of int
        Candidates per job (uniform, inclusive): 3-7 finalists.
    pool_size : tuple of int
        Each job draws a pool of interviewers from its team (weighted by workload)
        and each candidate's panel from that pool, as real hiring panels are.
    panel_size : tuple of int
        Interviewers per candidate (uniform, inclusive): 2-4, unbalanced.
    n_competencies : int
        Competencies per job (4).
    competency_corr : float
        Correlation of a candidate's true standings across competencies (0.5: a
        general factor, as in the meta-analytic intercorrelation of interview
        dimensions, about .5 to .6).
    p_rated : float
        Probability that an interviewer rates a given competency (at least 2 are
        rated), since each interviewer covers the focus competencies of their slot.
    scale : tuple of int
        Rating scale (1-5 or 1-4).
    leniency : float
        Offset of the average rating above the midpoint (ratings skew lenient).
    true_sd : float
        SD of candidates' true standing per competency within a job (0.6).
    job_mean_sd : float
        SD of the jobs' mean standing (0.3); scores need only be comparable within a job.
    severity_sd : float
        SD of interviewer severity (0.4). The MIT interview data show interviewer means
        from 3.95 to 5.85 on a 1-7 scale (SD about 0.55 there, 0.37 on 1-5).
    scale_use_sd : float
        SD of the log of each interviewer's scale-use multiplier (0.25: multipliers
        from about 0.6 to 1.6, i.e. central-tendency and extreme raters).
    halo : float
        Share of each competency rating that is the rater's overall impression (0.3).
    interview_sd : float
        SD of the overall impression's error, shared by all ratings of one scorecard
        (0.35): what makes halo costly, since it does not average out over competencies.
    noise_sd : float
        SD of each rating's own error (0.5). With the values above a single scorecard
        mean has an inter-rater reliability of about 0.5, as in structured interviews.
    contrast : float
        Rating points per point of the previous interviews' mean rating (-0.1,
        Simonsohn & Gino 2013).
    contrast_window : int
        How many of the interviewer's previous interviews make ``previous_mean`` (1:
        "the previous interview"; Simonsohn & Gino used all earlier ones that day).
    unequal_weights : bool
        Draw competency weights from {1, 2, 3}. The Ratings CSV has no weight column,
        so by default the weights are equal.
    days : float
        Span of the simulated calendar.
    """

    n_teams: int = 1
    team_size: tuple[int, int] = (30, 60)
    jobs_per_team: int = 150
    candidates_per_job: tuple[int, int] = (3, 7)
    pool_size: tuple[int, int] = (6, 12)
    panel_size: tuple[int, int] = (2, 4)
    n_competencies: int = 4
    competency_corr: float = 0.5
    p_rated: float = 0.85
    scale: tuple[int, int] = (1, 5)
    leniency: float = 0.3
    true_sd: float = 0.6
    job_mean_sd: float = 0.3
    severity_sd: float = 0.4
    scale_use_sd: float = 0.25
    halo: float = 0.3
    interview_sd: float = 0.35
    noise_sd: float = 0.5
    contrast: float = -0.1
    contrast_window: int = 1
    unequal_weights: bool = False
    days: float = 365.0
    extra: dict = field(default_factory=dict, compare=False)

    def with_(self, **kw) -> SimConfig:
        """Return a copy with some parameters changed."""
        return replace(self, **kw)


@dataclass
class Simulation:
    """One simulated organisation.

    Attributes
    ----------
    config : SimConfig
    ratings : pandas.DataFrame
        The Ratings CSV columns; ``interviewed_at`` is ``datetime64[s]``.
    candidates : pandas.DataFrame
        ``job, candidate, job_idx, true`` (true overall standing, rating points), sorted
        by job so each job's candidates are contiguous.
    interviewers : pandas.DataFrame
        ``interviewer, severity, scale_use``.
    weights : numpy.ndarray
        ``(n_jobs, K)`` competency weights, normalised to sum to 1.
    theta : numpy.ndarray
        ``(n_candidates, K)`` true standing per competency.
    cards : dict of numpy.ndarray
        Per scorecard: ``cand`` index, ``offset`` (everything in ``latent`` but
        ``scale_use * perceived``), ``scale_use``, ``rated`` mask ``(n, K)`` and
        ``rating`` ``(n, K)``: what an oracle that knows the raters needs; ``informative``
        (False for one-value raters), ``drift`` (leniency at that time minus severity)
        and ``contrast`` (the contrast shift of the interview, ``contrast * (previous_mean
        - midpoint)``).
    structure : Structure
        The structure it was drawn from (``bench.structures``).
    """

    config: SimConfig
    ratings: pd.DataFrame
    candidates: pd.DataFrame
    interviewers: pd.DataFrame
    weights: np.ndarray
    theta: np.ndarray
    cards: dict
    structure: Structure = field(default_factory=Structure)


def _uniform_int(rng: np.random.Generator, bounds: tuple[int, int], n: int) -> np.ndarray:
    return rng.integers(bounds[0], bounds[1] + 1, n)


def simulate(cfg: SimConfig, seed: int = 0, structure: Structure | None = None) -> Simulation:
    """Draw one organisation's ratings and truth.

    Parameters
    ----------
    cfg : SimConfig
        Parameters.
    seed : int
        Seed; the result is a deterministic function of ``(cfg, seed, structure)``.
    structure : Structure, optional
        Departures from the default model (``bench.structures``); default none.

    Returns
    -------
    Simulation
    """
    st = structure or Structure()
    rng = np.random.default_rng(seed)
    lo, hi = cfg.scale
    unit = (hi - lo) / 4.0
    mid = (lo + hi) / 2.0
    n_comp = cfg.n_competencies

    # Interviewers, grouped into teams; workload decides who interviews a lot.
    team_sizes = _uniform_int(rng, cfg.team_size, cfg.n_teams)
    team_start = np.concatenate([[0], np.cumsum(team_sizes)])
    n_int = int(team_start[-1])
    severity = st.severity(rng, cfg.severity_sd * unit, n_int)
    scale_use = np.exp(rng.normal(0.0, cfg.scale_use_sd, n_int))
    workload = rng.gamma(2.0, 1.0, n_int)

    # Jobs and candidates (candidates of a job are contiguous).
    n_jobs = cfg.n_teams * cfg.jobs_per_team
    job_team = np.repeat(np.arange(cfg.n_teams), cfg.jobs_per_team)
    job_mean = rng.normal(0.0, cfg.job_mean_sd * unit, n_jobs)
    job_start = rng.uniform(0.0, cfg.days, n_jobs)
    n_cand = _uniform_int(rng, cfg.candidates_per_job, n_jobs)
    if cfg.unequal_weights:
        weights = rng.integers(1, 4, (n_jobs, n_comp)).astype(float)
    else:
        weights = np.ones((n_jobs, n_comp))
    weights /= weights.sum(axis=1, keepdims=True)
    cand_job = np.repeat(np.arange(n_jobs), n_cand)
    n_c = cand_job.size
    rho = cfg.competency_corr
    general = rng.normal(size=(n_c, 1))
    z = np.sqrt(rho) * general + np.sqrt(1 - rho) * rng.normal(size=(n_c, n_comp))
    theta = cfg.true_sd * unit * st.talent(z)
    true = (theta * weights[cand_job]).sum(axis=1)

    # Panels: pool per job, then 2-4 of the pool per candidate on one on-site day.
    cand_day = st.candidate_days(rng, job_start, cand_job, true)
    card_cand, card_int, card_time = [], [], []
    first = np.concatenate([[0], np.cumsum(n_cand)])
    for j in range(n_jobs):
        t = job_team[j]
        members = np.arange(team_start[t], team_start[t + 1])
        p = workload[members] / workload[members].sum()
        pool_n = min(int(_uniform_int(rng, cfg.pool_size, 1)[0]), members.size)
        pool = rng.choice(members, pool_n, replace=False, p=p)
        cands = np.arange(first[j], first[j + 1])
        sizes = np.minimum(_uniform_int(rng, cfg.panel_size, cands.size), pool_n)
        order = np.argsort(rng.random((cands.size, pool_n)), axis=1)
        for c, m, o in zip(cands, sizes, order):
            card_cand.append(np.full(m, c))
            card_int.append(pool[o[:m]])
            # Back-to-back slots from 9:00, so each panel's order is random.
            slots = rng.permutation(m)
            card_time.append(
                np.floor(cand_day[c]) * 86400 + 9 * 3600 + slots * 3600 + rng.uniform(0, 900, m)
            )
    cand_idx = np.concatenate(card_cand)
    int_idx = np.concatenate(card_int)
    seconds = np.concatenate(card_time)
    n_cards = cand_idx.size

    # Which competencies each scorecard rates: each with p_rated, at least two.
    rated = st.rated(rng, int_idx, n_int, n_comp, cfg.p_rated)

    # Perceived standing: halo mixes in the rater's overall impression of the interview.
    impression = theta[cand_idx].mean(axis=1, keepdims=True) + rng.normal(
        0.0, cfg.interview_sd * unit, (n_cards, 1)
    )
    perceived = (1 - cfg.halo) * theta[cand_idx] + cfg.halo * impression
    perceived += rng.normal(0.0, cfg.noise_sd * unit, (n_cards, n_comp))
    drift = st.drift(rng, int_idx, seconds, n_int, unit)
    base = mid + cfg.leniency * unit + job_mean[cand_job[cand_idx]] + severity[int_idx] + drift
    fixed = st.fixed_values(rng, np.clip(np.round(mid + cfg.leniency * unit + severity), lo, hi))
    latent = base[:, None] + scale_use[int_idx, None] * perceived

    # Contrast needs each interviewer's previous ratings, so walk their interviews in
    # time order, one step for all interviewers at once.
    order = np.lexsort((seconds, int_idx))
    rank = np.empty(n_cards, dtype=int)
    starts = np.searchsorted(int_idx[order], np.arange(n_int))
    rank[order] = np.arange(n_cards) - starts[int_idx[order]]
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2))
    window = max(cfg.contrast_window, 1)
    history = np.full((n_int, window), np.nan)
    offset = base.copy()
    rating = np.zeros((n_cards, n_comp), dtype=np.int64)
    for r in range(rank.max() + 1):
        idx = by_rank[bounds[r] : bounds[r + 1]]
        who = int_idx[idx]
        hist = history[who]
        seen = ~np.isnan(hist)
        prev = np.where(
            seen.any(axis=1), np.nansum(hist, axis=1) / np.maximum(seen.sum(axis=1), 1), mid
        )
        shift = cfg.contrast * (prev - mid)
        offset[idx] += shift
        rating[idx] = np.clip(np.floor(latent[idx] + shift[:, None] + 0.5), lo, hi).astype(np.int64)
        one = ~np.isnan(fixed[who])
        rating[idx[one]] = fixed[who[one], None].astype(np.int64)
        given = np.where(rated[idx], rating[idx], 0).sum(axis=1) / rated[idx].sum(axis=1)
        history[who] = np.concatenate([history[who][:, 1:], given[:, None]], axis=1)

    comp_names = np.array(
        COMPETENCIES[:n_comp] if n_comp <= len(COMPETENCIES) else [f"c{k}" for k in range(n_comp)]
    )
    card_r, comp_r = np.nonzero(rated)
    job_ids = np.char.add("J", np.arange(n_jobs).astype(str))
    cand_ids = np.char.add("C", np.arange(n_c).astype(str))
    int_ids = np.char.add("I", np.arange(n_int).astype(str))
    ratings = pd.DataFrame(
        {
            "job": job_ids[cand_job[cand_idx[card_r]]],
            "candidate": cand_ids[cand_idx[card_r]],
            "interviewer": int_ids[int_idx[card_r]],
            "competency": comp_names[comp_r],
            "rating": rating[card_r, comp_r],
            "scale_min": lo,
            "scale_max": hi,
            "interviewed_at": EPOCH + np.round(seconds[card_r]).astype("timedelta64[s]"),
        }
    )
    candidates = pd.DataFrame(
        {"job": job_ids[cand_job], "candidate": cand_ids, "job_idx": cand_job, "true": true}
    )
    interviewers = pd.DataFrame(
        {"interviewer": int_ids, "severity": severity, "scale_use": scale_use}
    )
    cards = {
        "cand": cand_idx,
        "int": int_idx,
        "offset": offset,
        "scale_use": scale_use[int_idx],
        "rated": rated,
        "rating": rating,
        "informative": np.isnan(fixed[int_idx]),
        "drift": drift,
        "contrast": offset - base,
    }
    return Simulation(cfg, ratings, candidates, interviewers, weights, theta, cards, st)


def naive_scores(sim: Simulation) -> np.ndarray:
    """Mean of each candidate's raw ratings, aligned with ``sim.candidates``."""
    means = sim.ratings.groupby("candidate", sort=False)["rating"].mean()
    return means.reindex(sim.candidates["candidate"]).to_numpy()


def config_for_size(n_ratings: int, scale: tuple[int, int] = (1, 5)) -> SimConfig:
    """Default organisation scaled (in teams) to at least ``n_ratings`` ratings.

    A team of 45 interviewers with 150 jobs yields about 7,700 ratings; trim the
    result with :func:`simulate_n` for an exact count.
    """
    return SimConfig(n_teams=max(1, int(np.ceil(n_ratings / 7000))), scale=scale)


def simulate_n(n_ratings: int, seed: int = 0) -> pd.DataFrame:
    """Exactly ``n_ratings`` simulated ratings (the first ones of a larger draw)."""
    sim = simulate(config_for_size(n_ratings), seed=seed)
    return sim.ratings.iloc[:n_ratings].reset_index(drop=True)


def write_ratings_csv(ratings: pd.DataFrame, path: str | Path) -> None:
    """Write ratings as a Ratings CSV with ISO 8601 times."""
    ratings.to_csv(path, index=False, date_format="%Y-%m-%dT%H:%M:%S")


def main(argv: list[str] | None = None) -> None:
    """Write a simulated Ratings CSV: ``python -m bench.simulate N OUT.csv``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n_ratings", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    ratings = simulate_n(args.n_ratings, seed=args.seed)
    write_ratings_csv(ratings, args.out)
    print(f"{len(ratings)} ratings -> {args.out}")


if __name__ == "__main__":
    main()
