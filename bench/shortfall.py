"""Where the engine's shortfall lies: the engine with pieces of the truth plugged in.

The Bayes bound (``bench.bayes_bound``) knows the population-level parameters and
integrates over each interviewer's severity and scale use and over the job means; the
engine estimates the population parameters and reads the interviewers through point
estimates. Which of these costs the engine most? On organisations saved by
``bench.stress --save`` (regenerated from their seeds), the engine runs again with one
piece of the simulated truth held fixed in place of its estimate, one piece at a time:

- ``hyper``: the variance components at their population values; split into
  ``rater_spread`` (the spread of severities and of scale uses), ``talent_spread``
  (candidates' standing, job means, competency profiles) and ``halo`` (the
  interview-level error, every interviewer's the same);
- ``noise``: each interviewer's per-rating noise at its true value (the rating error
  stretched by their scale use, plus the rounding's 1/12);
- ``severity``, ``scale_use``, ``job_means``: the individual values, known exactly (no
  uncertainty carried into the scores for them);
- ``draws``: no truth, but the candidates' standings averaged over draws of every
  interviewer's (severity, scale use) from the engine's own reported posterior sds,
  instead of the point estimate with the first-order noise term;
- ``raters``: severities and scale uses together; ``raters_jobs``: and the job means;
  ``all``: every piece above but the draws.

Each is scored paired with the unchanged engine on the same organisations: its pick
valued by the oracle's posterior mean, over the naive-to-oracle gap
(``bench.stress_compare.oracle_scored_difference``). The truth is put in the engine's
own parametrisation (``truth_for``): severities centred as the engine centres them and
carrying the per-interviewer part of the contrast shift, scale uses and latent-scale
variances on the engine's reference (the robust geometric mean of the scale uses).
The pieces are put in by replacing engine functions for the duration of a run
(:class:`Plugged`); the engine's code is not changed.

    nice -n 10 .venv/bin/python -m bench.shortfall DIR [--scenario NAME] [--orgs N]
    .venv/bin/python -m bench.shortfall DIR --summary  # the table from the kept scores

Figures: docs/benchmarks.md, "Issue #11, branch plugin: where the remaining shortfall lies".
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import machine, table
from bench.simulate import Simulation, simulate
from bench.stress import SCENARIOS, _slug, saved
from bench.stress_compare import oracle_scored_difference, paired_gaps
from secondround.engine import (
    RatingsTable,
    api,
    em,
    em_state,
    ends_as_bounds,
    model,
    propagation,
    reported_sds,
)
from secondround.engine.design import build_design
from secondround.engine.em import LOG_A_CLIP, norm_weights
from secondround.engine.em_state import Params

PIECES = (
    "hyper",
    "rater_spread",
    "talent_spread",
    "halo",
    "noise",
    "severity",
    "scale_use",
    "job_means",
    "draws",
    "raters",
    "raters_jobs",
    "all",
)
# The variance components each hyperparameter piece holds at the truth.
SPREADS = {
    "rater_spread": ("s2_b", "s2_a"),
    "talent_spread": ("s2_theta", "s2_job", "s2_delta"),
    "halo": ("s2_eta",),
}
SPREADS["hyper"] = sum(SPREADS.values(), ())
COMBINED = {
    "raters": ("severity", "scale_use"),
    "raters_jobs": ("severity", "scale_use", "job_means"),
    "all": ("hyper", "noise", "severity", "scale_use", "job_means"),
}
N_DRAWS = 20
KNOWN_VAR = 1e-12  # the variance of a job mean that is known


@dataclasses.dataclass
class Truth:
    """The simulated truth in the engine's units ([0, 1] of the scale) and indices."""

    b: np.ndarray  # (I,) severity, with the interviewer's constant contrast shift
    a: np.ndarray  # (I,) scale use, on the engine's reference (geometric mean 1)
    job_mean: np.ndarray  # (J,)
    s2_i: np.ndarray  # (I,) per-rating noise variance (rating units)
    s2: dict  # variance components, latent ones on the engine's reference


def population_variances(sim: Simulation, n: int = 200_000) -> dict:
    """Population variances of severity, overall talent and a competency's deviation
    from the candidate's mean, in points^2, by Monte Carlo from the scenario's structure."""
    cfg, s = sim.config, sim.structure
    unit = (cfg.scale[1] - cfg.scale[0]) / 4.0
    rng = np.random.default_rng(0)
    sev = s.severity(rng, cfg.severity_sd * unit, n)
    k, rho = cfg.n_competencies, cfg.competency_corr
    z = np.sqrt(rho) * rng.normal(size=(n, 1)) + np.sqrt(1 - rho) * rng.normal(size=(n, k))
    theta = cfg.true_sd * unit * s.talent(z)
    mean = theta.mean(axis=1)
    return {
        "severity": float(np.var(sev)),
        "talent": float(np.var(mean)),
        "profile": float(np.var(theta - mean[:, None])),
    }


def truth_for(sim: Simulation, tbl: RatingsTable) -> Truth:
    """The truth of ``sim`` in the parametrisation of the engine's fit of ``tbl``."""
    cfg, cards = sim.config, sim.cards
    lo, hi = cfg.scale
    unit, width = (hi - lo) / 4.0, float(hi - lo)
    who = pd.Index(sim.interviewers["interviewer"]).get_indexer(tbl.interviewer_ids)
    sev = sim.interviewers["severity"].to_numpy()
    use = sim.interviewers["scale_use"].to_numpy()
    n_int = len(sev)
    # The engine's contrast regressor is relative to the interviewer's own average, so
    # the constant part of each interviewer's contrast shift is part of their severity.
    per_card = np.bincount(cards["int"], minlength=n_int)
    contrast = np.bincount(cards["int"], cards["contrast"], n_int) / np.maximum(per_card, 1)
    d = build_design(tbl)
    w = norm_weights(d.n_i, d.one_value)
    log_a = np.clip(np.log(use[who]), -LOG_A_CLIP, LOG_A_CLIP)
    gm = float(np.exp(np.sum(w * log_a) / w.sum()))
    # The job means: what the cards' offsets hold beyond the level, severity, drift, contrast.
    base = (lo + hi) / 2 + cfg.leniency * unit
    jm_card = cards["offset"] - cards["contrast"] - base - sev[cards["int"]] - cards["drift"]
    job_of_card = sim.candidates["job_idx"].to_numpy()[cards["cand"]]
    n_job = int(sim.candidates["job_idx"].max()) + 1
    job_mean = np.bincount(job_of_card, jm_card, n_job) / np.bincount(job_of_card, minlength=n_job)
    job_idx = np.array([int(j[1:]) for j in tbl.job_ids])
    pop = population_variances(sim)
    s2_use = (np.exp(cfg.scale_use_sd**2) - 1) * np.exp(cfg.scale_use_sd**2)
    halo_sd = cfg.halo * cfg.interview_sd * unit
    latent = gm**2 / width**2
    return Truth(
        b=(sev + contrast)[who] / width,
        a=use[who] / gm,
        job_mean=job_mean[job_idx] / width,
        s2_i=((use[who] * cfg.noise_sd * unit) ** 2 + 1.0 / 12.0) / width**2,
        s2={
            "s2_b": pop["severity"] / width**2,
            "s2_a": s2_use / gm**2,
            "s2_theta": pop["talent"] * latent,
            "s2_eta": halo_sd**2 * latent,
            "s2_job": (cfg.job_mean_sd * unit) ** 2 / width**2,
            "s2_delta": (1 - cfg.halo) ** 2 * pop["profile"] * latent,
        },
    )


class Plugged:
    """Engine functions replaced so that ``pieces`` of ``truth`` are held fixed.

    Use as a context manager around :func:`secondround.engine.api.compute`; the
    originals are restored on exit.
    """

    def __init__(self, truth: Truth | None, pieces: tuple[str, ...], seed: int = 0):
        self.t, self.pieces, self.seed = truth, set(pieces), seed
        self.spreads = {name for piece in pieces for name in SPREADS.get(piece, ())}
        self._saved: list[tuple[object, str, object]] = []
        self._noref: dict[int, tuple[em_state.Ctx, em_state.Ctx]] = {}

    def _patch(self, module, name: str, new) -> None:
        self._saved.append((module, name, getattr(module, name)))
        setattr(module, name, new)

    def __enter__(self) -> Plugged:
        p = self.pieces
        if self.spreads or p & {"severity", "scale_use"}:
            self._patch(model, "em_map", partial(self.em_map, model.em_map))
        if "job_means" in p:
            new = partial(self.estep, em.estep)
            for module in (em, model, propagation):
                self._patch(module, "estep", new)
        if "noise" in p:
            self._patch(model, "interviewer_noise", self.noise)
        if "s2_delta" in self.spreads:
            self._patch(
                model, "competency_profiles", partial(self.profiles, model.competency_profiles)
            )
        if p & {"severity", "scale_use"}:
            # Called by the fit's last stage and again by the reported severities.
            new = partial(self.known_raters, reported_sds.interviewer_variances)
            for module in (propagation, reported_sds):
                self._patch(module, "interviewer_variances", new)
        if "draws" in p:
            self._patch(model, "propagated_fit", partial(self.averaged, model.propagated_fit))
        return self

    def __exit__(self, *exc) -> None:
        for module, name, old in reversed(self._saved):
            setattr(module, name, old)
        self._saved.clear()

    def em_map(self, original, vec: np.ndarray, c: em_state.Ctx) -> np.ndarray:
        """The EM map, then the plugged parameters put back to the truth."""
        if "scale_use" in self.pieces:
            # No renormalisation of the scale uses: the true ones are on the reference.
            kept = self._noref.get(id(c))
            if kept is None or kept[0] is not c:
                kept = self._noref[id(c)] = (c, dataclasses.replace(c, w_conn=np.zeros(c.n_i)))
            c = kept[1]
        x = Params.unpack(original(vec, c), c.n_i)
        t = self.t
        if "severity" in self.pieces:
            mean = np.bincount(c.group, c.w_level * t.b, c.n_groups) / c.level_den
            x.b = t.b - mean[c.group]
        if "scale_use" in self.pieces:
            x.a = t.a.copy()
        for name in self.spreads - {"s2_delta"}:
            setattr(x, name, t.s2[name])
        if "s2_eta" in self.spreads:
            x.eta_i = np.full(c.n_i, t.s2["s2_eta"])
        return x.pack()

    def estep(
        self, original, x: Params, c: em_state.Ctx, base: np.ndarray | None = None
    ) -> em_state.EStep:
        """The E-step with each job's mean known (its variance 0).

        ``base`` (``ubar - gamma p``, which the EM map passes) loses the job means too.
        """
        mu_g = self.t.job_mean[c.job_c[c.cand_g]]
        c2 = copy.copy(c)
        c2.ubar = c.ubar - mu_g
        base = None if base is None else base - mu_g
        e = original(dataclasses.replace(x, s2_job=KNOWN_VAR), c2, base)
        e.theta = e.theta + self.t.job_mean[c.job_c]
        e.job_mean = e.job_mean + self.t.job_mean
        e.z_raw = e.z_raw + mu_g / x.a[c.rater_g]
        return e

    def noise(self, d, res, u_var, pooled, res_var=None):
        return self.t.s2_i.copy(), pooled

    def profiles(self, original, d, dev, a_g, s2_i, s2_delta, n_comp_c):
        prof = original(d, dev, a_g, s2_i, self.t.s2["s2_delta"], n_comp_c)
        prof.s2_delta = self.t.s2["s2_delta"]
        return prof

    def known_raters(self, original, *args, **kw):
        var_b, var_a = original(*args, **kw)
        if "severity" in self.pieces:
            var_b = np.zeros_like(var_b)
        if "scale_use" in self.pieces:
            var_a = np.zeros_like(var_a)
        return var_b, var_a

    def averaged(self, original, d, x, ctx, e, e_var, **kw):
        """The fit, its standings replaced by their average over ``N_DRAWS`` draws of the
        interviewers' (severity, scale use) from their reported posterior (independent
        normals), each draw read without the first-order rater-noise term."""
        f = original(d, x, ctx, e, e_var, **kw)
        ubar0, s_g0 = ctx.ubar, ctx.s_g
        if kw["face_value"]:
            offset, standing = ends_as_bounds.rating_offsets(d, x, e, ctx, kw["kappa"], kw["prof"])
            ctx.ubar = (
                ubar0 + ends_as_bounds.end_reading(d, x, e, ctx, offset, standing, kw["s2_i"])[0]
            )
        ctx.s_g = e_var.s_g
        rng = np.random.default_rng(self.seed)
        theta = np.zeros_like(f.theta)
        floor = ctx.a_floor
        for _ in range(N_DRAWS):
            b = x.b + np.sqrt(f.var_b) * rng.normal(size=x.b.size)
            a = np.maximum(x.a + np.sqrt(f.var_a) * rng.normal(size=x.a.size), floor)
            theta += em.estep(dataclasses.replace(x, b=b, a=a), ctx).theta / N_DRAWS
        ctx.ubar, ctx.s_g = ubar0, s_g0
        f.theta = theta
        return f


def ratings_table(r: pd.DataFrame) -> RatingsTable:
    return RatingsTable.from_columns(
        *(r[k].to_numpy(dtype=str) for k in ("job", "candidate", "interviewer", "competency")),
        *(r[k].to_numpy(dtype=np.int64) for k in ("rating", "scale_min", "scale_max")),
        r["interviewed_at"].to_numpy(),
    )


def scores(sim: Simulation, pieces: tuple[str, ...], seed: int) -> np.ndarray:
    """The engine's scores of ``sim``'s candidates (aligned with ``sim.candidates``) with
    ``pieces`` of the truth plugged in (none: the engine as it is)."""
    tbl = ratings_table(sim.ratings)
    truth = truth_for(sim, tbl) if pieces else None
    with Plugged(truth, pieces, seed):
        k = api.compute(tbl, seed=seed)
    by_id = pd.Series(k.score, index=tbl.candidate_ids)
    return by_id.reindex(sim.candidates["candidate"]).to_numpy()


def one_org(name: str, pieces: tuple[str, ...], org: int) -> pd.DataFrame:
    """The engine's scores of one saved organisation, as it is and with each piece."""
    cfg, structure, _ = SCENARIOS[name]
    sim = simulate(cfg, seed=org, structure=structure)
    out = pd.DataFrame({"org": org, "candidate": sim.candidates["candidate"]})
    out["base"] = scores(sim, (), org)
    for piece in pieces:
        out[piece] = scores(sim, COMBINED.get(piece, (piece,)), org)
    return out


def ci(v) -> str:
    return f"{v[0]:+.3f} [{v[1]:+.3f}, {v[2]:+.3f}]"


def summarise(c: pd.DataFrame, kept: pd.DataFrame, pieces) -> tuple[list, list]:
    """The engine's gap closed (and whether it picks as saved), then each piece's paired,
    oracle-scored gain."""
    both = c.merge(kept, on=["org", "candidate"], validate="one_to_one")
    g = both.groupby("job_key")
    same = (g["engine"].idxmax() == g["base"].idxmax()).mean()
    before = both.assign(engine=both["base"])
    gap = paired_gaps(before, before)["before"]
    head = [
        both["org"].nunique(),
        len(g),
        f"{same:.3f}",
        f"{gap[0]:.3f} [{gap[1]:.3f}, {gap[2]:.3f}]",
    ]
    gains = [ci(oracle_scored_difference(before, both.assign(engine=both[p]))) for p in pieces]
    return head, gains


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("load", type=Path, help="directory of a saved bench.stress run")
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS))
    ap.add_argument("--orgs", type=int, help="only the first N saved organisations")
    ap.add_argument("--piece", action="append", choices=PIECES, help="only these (all)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--summary", action="store_true", help="reuse the scores kept in DIR")
    args = ap.parse_args(argv)
    pieces = tuple(args.piece or PIECES)
    names = args.scenario or ["reference (engine's model)", "t3 severities", "lognormal talent"]
    print(f"# Where the engine's shortfall lies\n\nMachine: {machine()}\n")
    heads, columns = [], []
    for name in names:
        t0 = time.perf_counter()
        c, _, orgs = saved(name, args.load)
        seeds = sorted(orgs["org"])[: args.orgs]
        path = args.load / f"shortfall-{_slug(name)}.pkl"
        if args.summary:
            kept = pd.read_pickle(path).query("org in @seeds")
        else:
            run = partial(one_org, name, pieces)
            if args.workers > 1:
                with ProcessPoolExecutor(args.workers) as pool:
                    kept = pd.concat(pool.map(run, seeds))
            else:
                kept = pd.concat(map(run, seeds))
            kept.to_pickle(path)
        head, gains = summarise(c[c["org"].isin(seeds)], kept, pieces)
        heads.append([name, *head])
        columns.append(gains)
        print(f"({name}: {len(seeds)} organisations, {time.perf_counter() - t0:.0f} s)", flush=True)
    print("\n" + table(["scenario", "orgs", "jobs", "picks as saved", "gap closed: engine"], heads))
    rows = [[f"+ {p}", *(col[k] for col in columns)] for k, p in enumerate(pieces)]
    print("\n" + table(["plugged in", *names], rows))
    print(
        "\n'+ piece': the gain in the share of the naive-to-oracle gap when that piece of the"
        " truth is plugged in, paired with the engine on the same jobs, each pick valued by"
        " the oracle's posterior mean (95% bootstrap over jobs). 'picks as saved': share of"
        " jobs where the engine re-run here picks as the saved engine column did."
    )


if __name__ == "__main__":
    main()
