"""The Bayes bound: the best share of the naive-to-oracle regret gap any method can close.

The oracle (``bench.oracle``) knows every interviewer's severity and scale use and every
job's mean, which no method can learn exactly from the ratings. The Bayes-optimal rule
knows only what is population-level: the generating model and its hyperparameters (the
severity distribution, the log-normal scale use, the noise and impression sds, halo,
the job-mean sd, the contrast coefficient, the talent prior) and which raters give one
value. Its score, the posterior mean of each candidate's true overall standing given
the ratings, has the lowest expected regret of any score computed from the data.

It extends the oracle's Gibbs sampler (data augmentation, Albert & Chib 1993) with, per
iteration: each job's mean and each interviewer's severity from their Gaussian
conditional (t3 severities as a scale mixture of normals, a Gamma precision weight per
interviewer; end piling's three-component mixture through a component indicator), and
each interviewer's log scale use by random-walk Metropolis against its log-normal prior.
Drift is not covered (``bench.drift_bound`` bounds it another way).

Run on organisations saved by ``bench.stress --save`` (regenerated from their seeds; the
naive, engine and oracle scores come from the saved frames)::

    nice -n 10 .venv/bin/python -m bench.bayes_bound DIR [--scenario NAME] [--orgs N]
    nice -n 10 .venv/bin/python -m bench.bayes_bound DIR --check 4  # convergence
    .venv/bin/python -m bench.bayes_bound DIR --summary  # the table again, from kept scores

Figures: docs/benchmarks.md, "Issue #11: the Bayes bound".
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from bench import structures as st
from bench.common import machine, table
from bench.oracle import Tally, layout, oracle_posterior
from bench.simulate import Simulation, simulate
from bench.stress import SCENARIOS, _slug, ci, gap_draws, point_and_interval, saved
from bench.stress_compare import oracle_scored_difference


class GaussianPrior:
    """Severity ~ N(mean, sd^2); ``mean`` may be per interviewer."""

    def __init__(self, sd: float, mean: float | np.ndarray = 0.0):
        self.mean, self.var = mean, sd**2

    def given(self, b: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Each severity's Gaussian prior given freshly drawn auxiliaries (none here)."""
        return np.broadcast_to(self.mean, b.shape), np.broadcast_to(self.var, b.shape)


class StudentTPrior(GaussianPrior):
    """Severity ~ scale * t(df): N(0, scale^2 / w) with w ~ Gamma(df/2, rate df/2)."""

    def __init__(self, df: float, scale: float):
        self.df, self.scale = df, scale

    def given(self, b, rng):
        rate = (self.df + (b / self.scale) ** 2) / 2
        w = rng.gamma((self.df + 1) / 2, 1.0 / rate)
        return np.zeros_like(b), self.scale**2 / w


class MixturePrior(GaussianPrior):
    """Severity from a mixture of Gaussians, through each interviewer's component."""

    def __init__(self, probs: np.ndarray, means: np.ndarray, sds: np.ndarray):
        self.probs, self.means, self.sds = map(np.asarray, (probs, means, sds))

    def given(self, b, rng):
        z = (b[:, None] - self.means) / self.sds
        logp = np.log(self.probs) - np.log(self.sds) - z**2 / 2
        p = np.exp(logp - logp.max(axis=1, keepdims=True))
        cum = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
        k = np.minimum((rng.random(b.size)[:, None] > cum).sum(axis=1), len(self.probs) - 1)
        return self.means[k], self.sds[k] ** 2


def severity_prior(sim: Simulation) -> GaussianPrior:
    """The true population distribution of severities of ``sim``'s structure."""
    lo, hi = sim.config.scale
    sd = sim.config.severity_sd * (hi - lo) / 4.0
    s = sim.structure
    if isinstance(s, st.HeavyTailedSeverity):
        return StudentTPrior(3.0, sd / np.sqrt(3.0))
    if isinstance(s, st.EndPiling):
        probs = [s.lenient, s.harsh, 1 - s.lenient - s.harsh]
        return MixturePrior(probs, sd * np.array([s.shift, -s.shift, 0.0]), np.full(3, 0.75 * sd))
    if type(s).severity is not st.Structure.severity:
        raise ValueError(f"no severity prior for the structure {s.name!r}")
    return GaussianPrior(sd)


def _log_use_step(log_a, stats, n_obs, sig2, prior, step, rng, n_steps=3):
    """Random-walk Metropolis on each interviewer's log scale use given the latent
    ratings; ``stats`` are the sums of e^2, e mu and mu^2 with e = a (mu + eps)."""
    s_ee, s_em, s_mm = stats

    def log_post(la):
        inv = np.exp(-la)
        quad = s_ee * inv**2 - 2 * s_em * inv + s_mm
        return -n_obs * la - quad / (2 * sig2) - (la - prior[0]) ** 2 / (2 * prior[1] ** 2)

    cur, took = log_post(log_a), 0.0
    for _ in range(n_steps):
        prop = log_a + step * rng.normal(size=log_a.size)
        new = log_post(prop)
        take = np.log(rng.random(log_a.size)) < new - cur
        log_a, cur = np.where(take, prop, log_a), np.where(take, new, cur)
        took += take.mean() / n_steps
    return log_a, took


def bound_posterior(
    sim: Simulation,
    n_iter: int = 800,
    burn: int = 300,
    seed: int = 0,
    severity: GaussianPrior | None = None,
    log_use: tuple[float | np.ndarray, float] | None = None,
    job_mean: tuple[float | np.ndarray, float] | None = None,
    closed_ends: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean of each candidate's true overall standing, and P(best) in its job,
    given the ratings and the population-level parameters only.

    Parameters
    ----------
    sim : Simulation
        A simulated organisation; of its hidden values only the configuration, the
        structure, the one-value raters and the contrast shifts (a known function of
        the ratings) are used.
    n_iter, burn : int
        Gibbs iterations kept and discarded.
    seed : int
        Seed of the sampler.
    severity : GaussianPrior, optional
        Prior of the severities; default the true one (:func:`severity_prior`).
    log_use, job_mean : (mean, sd), optional
        Gaussian priors of the log scale uses and the job means; default the
        simulator's, ``(0, scale_use_sd)`` and ``(0, job_mean_sd * unit)``.
    closed_ends : bool
        Read ratings on the scale's ends as unit intervals, as face value does, rather
        than open beyond the end (:func:`bench.oracle.layout`).

    Returns
    -------
    mean, p_best : numpy.ndarray
        Aligned with ``sim.candidates``.
    """
    cfg, cards = sim.config, sim.cards
    if np.any(cards["drift"] != 0):
        raise ValueError("drift is not covered by the Bayes bound")
    rng = np.random.default_rng(seed)
    lo, hi = cfg.scale
    unit = (hi - lo) / 4.0
    severity = severity or severity_prior(sim)
    use_mean, use_sd = log_use or (0.0, cfg.scale_use_sd)
    m_mean, m_sd = job_mean or (0.0, cfg.job_mean_sd * unit)
    lay = layout(sim, closed_ends=closed_ends)
    cand, who = cards["cand"], cards["int"]
    job = sim.candidates["job_idx"].to_numpy()[cand]
    n_int, n_job = len(sim.interviewers), int(job.max()) + 1
    known = (lo + hi) / 2 + cfg.leniency * unit + cards["contrast"]
    rated = lay.rated.astype(float)
    n_obs = np.bincount(who, rated.sum(axis=1), n_int)
    design = lay.design[lay.card_slot]
    sig2 = lay.sd_eps**2

    def per_rater(v: np.ndarray) -> np.ndarray:
        return np.bincount(who, (v * rated).sum(axis=1), n_int)

    b = np.broadcast_to(severity.given(np.zeros(n_int), rng)[0], n_int).copy()
    log_a = np.broadcast_to(use_mean, n_int).astype(float).copy()
    m = np.broadcast_to(m_mean, n_job).astype(float).copy()
    # Random-walk step near the posterior sd of log a (information about 3 per rating),
    # never wider than the prior; the factor is tuned to ~40% acceptance while burning in.
    step = 1.0 / np.sqrt(3.0 * n_obs + 1.0 / use_sd**2)
    factor, accepted = 1.5, 0.0
    u, log_w = lay.start()
    tally = Tally(lay)
    for it in range(burn + n_iter):
        a = np.exp(log_a)
        off = known + m[job] + b[who]
        x_lo = lay.pad((lay.lo_r - off[:, None]) / a[who, None], 0.0)
        x_hi = lay.pad((lay.hi_r - off[:, None]) / a[who, None], 1.0)
        x = lay.draw_perceived(u, x_lo, x_hi, rng)
        u, mu_u, log_w = lay.draw_standings(x, u, log_w, rng)
        if it >= burn:
            tally.add(u, mu_u, exact=log_w is None)
        # The latent ratings, and what the candidates' new standings predict of them.
        y = off[:, None] + a[who, None] * x[cand, lay.card_slot]
        mu = np.einsum("nka,na->nk", design, u[cand])
        # Scale use: y - off = a (mu + eps), by sufficient statistics per interviewer.
        e = y - off[:, None]
        stats = per_rater(e * e), per_rater(e * mu), per_rater(mu * mu)
        log_a, took = _log_use_step(
            log_a, stats, n_obs, sig2, (use_mean, use_sd), step * factor, rng
        )
        accepted = 0.9 * accepted + 0.1 * took
        if it < burn and it % 10 == 9:
            factor *= np.exp(accepted - 0.4)
        a = np.exp(log_a)
        noise_var = (a**2 * sig2)[who]
        # Severity then job mean: each y - known is m + b + a mu + a eps.
        base = y - known[:, None] - a[who, None] * mu
        p_mean, p_var = severity.given(b, rng)
        prec = n_obs / (a**2 * sig2) + 1.0 / p_var
        rhs = per_rater((base - m[job, None]) / noise_var[:, None]) + p_mean / p_var
        b = rhs / prec + rng.normal(size=n_int) / np.sqrt(prec)
        wsum = np.bincount(job, rated.sum(axis=1) / noise_var, n_job)
        resid = ((base - b[who, None]) * rated).sum(axis=1) / noise_var
        prec = wsum + 1.0 / m_sd**2
        rhs = np.bincount(job, resid, n_job) + m_mean / m_sd**2
        m = rhs / prec + rng.normal(size=n_job) / np.sqrt(prec)
    return tally.result()


def _sim(name: str, org: int) -> Simulation:
    cfg, structure, _ = SCENARIOS[name]
    return simulate(cfg, seed=org, structure=structure)


def one_org(
    name: str, n_iter: int, org: int, seed: int | None = None, closed_ends: bool = False
) -> pd.DataFrame:
    """The bound's score of one saved organisation (regenerated from its seed)."""
    sim = _sim(name, org)
    n_iter = max(n_iter, SCENARIOS[name][2])  # skewed talent's Metropolis needs more
    seed = org if seed is None else seed
    mean, _ = bound_posterior(sim, n_iter=n_iter, seed=seed, closed_ends=closed_ends)
    return pd.DataFrame({"org": org, "candidate": sim.candidates["candidate"], "bound": mean})


def agreement(name: str, orgs: list[int], n_iter: int, workers: int) -> tuple[float, float]:
    """Share of jobs where two chains of the bound (other seeds, ``n_iter`` and twice that)
    pick alike; beside it, the same for two chains of the oracle at its own iterations."""
    picks, n_iter = [], max(n_iter, SCENARIOS[name][2])
    for k, it in enumerate((n_iter, 2 * n_iter)):
        run = partial(_check_one, name, it, k)
        with ProcessPoolExecutor(workers) as pool:
            picks.append(np.hstack(list(pool.map(run, orgs))))
    same = picks[0] == picks[1]
    return float(same[0].mean()), float(same[1].mean())


def _check_one(name: str, n_iter: int, chain: int, org: int) -> np.ndarray:
    sim = _sim(name, org)
    seed = 10_000 * (chain + 1) + org
    bound, _ = bound_posterior(sim, n_iter=n_iter, seed=seed)
    oracle, _ = oracle_posterior(sim, n_iter=SCENARIOS[name][2], seed=seed)
    c = sim.candidates.assign(bound=bound, oracle=oracle).groupby("job_idx")
    return np.vstack([c["bound"].idxmax().to_numpy(), c["oracle"].idxmax().to_numpy()])


def main(argv: list[str] | None = None) -> None:
    """Score saved organisations by the Bayes bound and print the gap each closes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("load", type=Path, help="directory of a saved bench.stress run")
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS))
    ap.add_argument("--orgs", type=int, help="only the first N saved organisations")
    ap.add_argument("--iter", type=int, default=800, help="kept Gibbs iterations (800)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--check", type=int, metavar="N", help="pick agreement of 2 chains on N orgs")
    ap.add_argument("--summary", action="store_true", help="reuse the scores kept in DIR")
    ap.add_argument(
        "--closed-ends",
        action="store_true",
        help="read end ratings as face value does (kept apart: bound-closed-*.pkl)",
    )
    args = ap.parse_args(argv)
    names = args.scenario or [n for n in SCENARIOS if "drift" not in n and "order" not in n]
    print(f"# Bayes bound\n\nMachine: {machine()}\n")
    rows = []
    for name in names:
        t0 = time.perf_counter()
        c, _, orgs = saved(name, args.load)
        seeds = sorted(orgs["org"])[: args.orgs]
        if args.check:
            share, oracle = agreement(name, seeds[: args.check], args.iter, args.workers)
            n = max(args.iter, SCENARIOS[name][2])
            print(
                f"{name}: the bound's picks agree in {share:.4f} of jobs ({n} vs {2 * n}"
                f" iterations); two chains of the oracle in {oracle:.4f}"
            )
            continue
        kept = args.load / f"bound-{'closed-' if args.closed_ends else ''}{_slug(name)}.pkl"
        if args.summary:
            bound = pd.read_pickle(kept).query("org in @seeds")
        else:
            with ProcessPoolExecutor(args.workers) as pool:
                run = partial(one_org, name, args.iter, closed_ends=args.closed_ends)
                bound = pd.concat(pool.map(run, seeds))
            bound.to_pickle(kept)
        c = c.merge(bound, on=["org", "candidate"], validate="one_to_one")
        draws = gap_draws(c, ["naive", "engine", "bound", "oracle"], 1000)
        draws["engine − bound"] = draws["engine"] - draws["bound"]
        draws["engine / bound"] = draws["engine"] / draws["bound"]
        g = point_and_interval(draws)
        # Both picks valued by the oracle's posterior mean: the same paired difference in
        # expectation, without the luck of which candidate turned out best.
        d = oracle_scored_difference(c, c.assign(engine=c["bound"]))
        g["oracle-scored"] = (-d[0], -d[2], -d[1])
        rows.append([name, len(seeds), c["job_key"].nunique()] + [ci(v) for v in g.values()])
        print(f"({name}: {len(seeds)} organisations, {time.perf_counter() - t0:.0f} s)")
    if rows:
        heads = ["scenario", "orgs", "jobs", "gap closed: engine", "Bayes bound"]
        heads += ["engine − bound", "engine / bound (share of the achievable)"]
        heads += ["engine − bound, oracle-scored"]
        print("\n" + table(heads, rows))
        print(
            "\nGap closed: (regret naive − regret X) / (regret naive − regret oracle), 95%"
            " bootstrap over jobs (1,000 resamples, engine and bound paired). Oracle-scored:"
            " each pick valued by the oracle's posterior mean (bench.stress_compare)."
        )


if __name__ == "__main__":
    main()
