"""``calibrate``: ratings table in, calibration result out."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from . import pbest_draws
from .design import Design, build_design
from .evidence import design_warnings, mixed_jobs, rater_flags, thin_leaders
from .fit import Fit, fit_is_sane
from .model import fit_model
from .ordinal import LIKELIHOODS, rating_intervals
from .pbest_draws import draws_beside, n_draws
from .posterior import p_best
from .reliability import ICC_NAMES, job_iccs, model_reliability
from .result import (
    Adjustment,
    CalibrationResult,
    CandidateEstimate,
    CompetencyEstimate,
    Effects,
    InterviewerEstimate,
    JobReliability,
)
from .table import RatingsTable


@dataclass
class Computed:
    """All outputs as arrays (rating points of the reference scale).

    The CLI writes JSON straight from these; :func:`calibrate` turns them into
    dataclasses. Candidate-level arrays are indexed by candidate code, cell
    arrays by candidate x competency cell, interview arrays by interview.
    """

    table: RatingsTable
    design: Design
    fit: Fit
    score: np.ndarray
    sd: np.ndarray
    p_best: np.ndarray | None  # None while pending (see settle)
    raw_mean: np.ndarray
    cell_score: np.ndarray
    cell_sd: np.ndarray
    cell_raw: np.ndarray
    cell_n: np.ndarray
    effect_g: np.ndarray
    contrast_g: np.ndarray
    weight_g: np.ndarray  # (G,) share of its candidate's score resting on this interview
    severity: np.ndarray
    severity_sd: np.ndarray
    scale_use_sd: np.ndarray
    complete: np.ndarray
    iccs: dict[str, np.ndarray]
    rel_model: np.ndarray
    effects: Effects
    warnings: list[str] | None  # None while pending (see settle)
    rater_flag: list[str]  # per interviewer: "alone", "one_value", "weak" or "" (see evidence.py)
    contrast_clear: bool  # the contrast effect is beyond noise (|z| >= 2)
    # P(best) still being computed in a second thread (``compute(p_best_beside=True)``):
    # ``p_best`` and ``warnings`` are None until :meth:`settle` returns.
    pending: threading.Thread | None = field(default=None, repr=False, compare=False)
    pending_error: BaseException | None = field(default=None, repr=False, compare=False)

    def settle(self) -> Computed:
        """Wait for P(best) and the warnings that quote it, if a thread computes them.

        Raises what the thread raised. Returns ``self``.
        """
        if self.pending is not None:
            self.pending.join()
            self.pending = None
        if self.pending_error is not None:
            raise self.pending_error
        return self

    @property
    def order(self) -> np.ndarray:
        """Output order of candidates: by job (first appearance), best score first."""
        return np.lexsort((-self.score, self.design.job_c))

    @property
    def cell_start(self) -> np.ndarray:
        """Cells are sorted by candidate: candidate c owns cells [start[c], start[c+1])."""
        return np.searchsorted(self.design.cell_cand, np.arange(len(self.score) + 1))

    @property
    def interview_start(self) -> np.ndarray:
        """Interviews are sorted by candidate, like cells."""
        return np.searchsorted(self.design.cand_g, np.arange(len(self.score) + 1))


def job_centred(
    job_c: np.ndarray, theta: np.ndarray, var_dev: np.ndarray, job_mean_c: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Scores relative to the average of their job's candidates, and their variances.

    0 is the job's average candidate on the calibrated scale. Centring on the
    model's job mean instead left part of a job's level in its scores, and that
    part was stretched by whoever interviewed the job (a wide-scale panel moved
    its whole pool). Errors the job's candidates share (the job's mean, a group's
    offset) cancel; of the candidates' own errors, ``theta_c - mean`` keeps
    ``v_c (1 - 2/n) + sum(v) / n^2``. A job with one candidate has no average to
    compare with: it keeps its standing relative to the model's job mean.
    """
    n_jobs = int(job_c.max()) + 1 if len(job_c) else 0
    n = np.bincount(job_c, minlength=n_jobs).astype(np.float64)[job_c]
    mean = np.bincount(job_c, theta, n_jobs)[job_c] / n
    var_sum = np.bincount(job_c, var_dev, n_jobs)[job_c]
    var = var_dev * (1.0 - 2.0 / n) + var_sum / n**2
    alone = n == 1
    return (
        np.where(alone, theta - job_mean_c, theta - mean),
        np.where(alone, var_dev, var),
    )


def compute(
    table: RatingsTable,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
    likelihood: str = "face",
    p_best_beside: bool = False,
) -> Computed:
    """Fit the model and derive every output as arrays (see :func:`calibrate`).

    ``p_best_beside``: compute P(best) and the warnings that quote it in a second
    thread and return before they are done (when they take at least ``pbest_draws.
    THREAD_MIN`` draws); ``p_best`` and ``warnings`` are then None until
    :meth:`Computed.settle` returns. For a caller with other work to do in the
    meantime (the command line formats the rest of its JSON). The values are the same.
    """
    if likelihood not in LIKELIHOODS:
        raise ValueError(f"likelihood must be one of {LIKELIHOODS}, not {likelihood!r}")

    def report(frac: float, stage: str) -> None:
        if progress is not None:
            progress(float(min(max(frac, 0.0), 1.0)), stage)

    report(0.0, "indexing")
    d = build_design(table)
    report(0.15, "fitting")
    C, I_ = len(d.n_c), len(d.n_i)
    # P(best)'s normals depend only on the candidates' jobs and the interviewers'
    # number: a second thread draws them while the model fits (the very numbers
    # p_best would draw itself; docs/benchmarks.md, section 3, branch `speed5`).
    with draws_beside(d.job_c, [I_, I_], seed, jobs=True) as draws:
        iv = None
        if likelihood == "ordinal":
            iv = rating_intervals(d.u, (table.scale_max - table.scale_min).astype(np.float64))
        f = fit_model(d, progress=lambda x, s: report(0.15 + 0.6 * x, s), intervals=iv)
        scale_use_held = not fit_is_sane(f)
        if scale_use_held:
            f = fit_model(d, scale_use=False, intervals=iv)
    report(0.75, "P(best)")
    W = d.width
    n_jobs = len(table.job_ids)
    # Candidates of one job seen by separate groups cannot be compared: no P(best).
    mixed_c = mixed_jobs(d)[d.job_c]

    def p_best_and_warnings() -> tuple[np.ndarray, list[str]]:
        # Shared error terms of the candidates' standings: the interviewers'
        # severities and scale uses, and the job's mean.
        loads = [
            (sparse.csr_matrix((f.d_b, (d.cand_g, d.rater_g)), shape=(C, I_)), np.sqrt(f.var_b)),
            (sparse.csr_matrix((f.d_a, (d.cand_g, d.rater_g)), shape=(C, I_)), np.sqrt(f.var_a)),
        ]
        pb = p_best(d.job_c, f.theta, f.var_own, loads, f.job_load, np.sqrt(f.job_var), seed, draws)
        pb[mixed_c] = np.nan
        warnings = (
            design_warnings(
                d, table.interviewer_ids.tolist(), table.job_ids.tolist(), f.contrast_identified
            )
            + thin_leaders(d.job_c, pb, d, table.candidate_ids.tolist(), table.job_ids.tolist())
            + ([SCALE_USE_HELD] if scale_use_held else [])
        )
        return pb, warnings

    # A thread for P(best) only where it has work to share (as for its draws).
    beside = p_best_beside and C * n_draws(C) >= pbest_draws.THREAD_MIN
    pb, warnings = (None, None) if beside else p_best_and_warnings()
    rel, var_rel = job_centred(d.job_c, f.theta, f.var_dev, f.job_mean_c)
    var_rel = var_rel + np.where(mixed_c, f.var_group, 0.0)
    report(0.9, "reliability")
    raw_g = np.bincount(d.g, table.rating, d.n_interviews) / d.n_g
    complete, iccs = job_iccs(d.job_c[d.cand_g], d.cand_g, d.rater_g, raw_g, n_jobs)
    ref_u = d.u * W + d.ref_min  # ratings on the reference scale
    n_cells = len(d.cell_cand)
    cell_n = np.bincount(d.cell, minlength=n_cells)
    out = Computed(
        table=table,
        design=d,
        fit=f,
        score=rel * W,
        sd=np.sqrt(var_rel) * W,
        p_best=pb,
        raw_mean=np.bincount(table.candidate, ref_u, C) / d.n_c,
        cell_score=(rel[d.cell_cand] + f.delta - f.delta_c[d.cell_cand]) * W,
        cell_sd=np.sqrt(var_rel[d.cell_cand] + f.var_delta) * W,
        cell_raw=np.bincount(d.cell, ref_u, n_cells) / cell_n,
        cell_n=cell_n,
        effect_g=f.w_g * (f.z_g - f.ubar_g) * W,
        weight_g=f.w_g / np.bincount(d.cand_g, f.w_g, C)[d.cand_g],
        contrast_g=-f.w_g * f.gamma * f.p_g / f.params.a[d.rater_g] * W,
        severity=f.b * W,
        severity_sd=np.sqrt(f.var_b_reported) * W,
        scale_use_sd=np.sqrt(f.var_a_reported),
        complete=complete,
        iccs=iccs,
        rel_model=model_reliability(d.job_c, f.var_dev, f.s2_theta, raw_g, d.cand_g, n_jobs),
        effects=Effects(float(f.gamma), float(np.sqrt(f.var_gamma)), float(np.sqrt(f.s2_eta) * W)),
        warnings=warnings,
        rater_flag=rater_flags(d),
        contrast_clear=bool(abs(f.gamma) >= 2 * np.sqrt(f.var_gamma)),
    )
    if beside:
        out.pending = threading.Thread(
            target=_settle_beside, args=(out, p_best_and_warnings), name="p-best", daemon=True
        )
        out.pending.start()
    report(1.0, "done")
    return out


def _settle_beside(out: Computed, p_best_and_warnings: Callable) -> None:
    """The thread of ``compute(p_best_beside=True)``: P(best) and its warnings into ``out``."""
    try:
        out.p_best, out.warnings = p_best_and_warnings()
    except BaseException as error:  # handed to whoever settles
        out.pending_error = error


def calibrate(
    table: RatingsTable,
    *,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
    likelihood: str = "face",
) -> CalibrationResult:
    """Calibrate interview ratings.

    Parameters
    ----------
    table : RatingsTable
        Validated ratings (see :func:`read_ratings_csv`, :meth:`RatingsTable.from_columns`).
    seed : int
        Seed of the Monte Carlo draws behind P(best); equal inputs and seed give
        equal results.
    progress : callable, optional
        ``progress(fraction, stage)`` with fraction in [0, 1].
    likelihood : {"face", "ordinal"}
        ``"face"`` (default) takes each rating at its face value; ``"ordinal"``
        reads it as an interval of the latent scale (a cumulative probit with
        the interviewer's severity and scale use, fitted by EM; see
        :mod:`secondround.engine.ordinal`). Slower (3-4x on an organisation,
        2.3x the CPU at 1M ratings); see docs/engine.md
        for when it helps.

    Returns
    -------
    CalibrationResult
        Scores, severities and sds in rating points of the reference scale (the
        most used scale in the table). Candidates are listed job by job, best
        score first.
    """
    return build_result(compute(table, seed=seed, progress=progress, likelihood=likelihood))


def build_result(k: Computed) -> CalibrationResult:
    """Turn computed arrays into the typed result."""
    k.settle()
    t, d, f = k.table, k.design, k.fit
    comp_names = t.competency_ids.tolist()
    int_names = t.interviewer_ids.tolist()
    job_names = t.job_ids.tolist()
    cand_names = t.candidate_ids.tolist()
    cell_comp = d.cell_comp.tolist()
    cs, csd, craw, cn = (
        k.cell_score.tolist(),
        k.cell_sd.tolist(),
        k.cell_raw.tolist(),
        k.cell_n.tolist(),
    )
    ge, gc, gr, gn = k.effect_g.tolist(), k.contrast_g.tolist(), d.rater_g.tolist(), d.n_g.tolist()
    gw = k.weight_g.tolist()
    sev = k.severity.tolist()
    sc, sd, pb, raw, nc = (
        k.score.tolist(),
        k.sd.tolist(),
        k.p_best.tolist(),
        k.raw_mean.tolist(),
        d.n_c.tolist(),
    )
    jobs = d.job_c.tolist()
    cgroup = d.cand_group.tolist()
    c_st, g_st = k.cell_start.tolist(), k.interview_start.tolist()
    candidates = []
    for c in k.order.tolist():
        comps = {
            comp_names[cell_comp[j]]: CompetencyEstimate(cs[j], csd[j], craw[j], cn[j])
            for j in range(c_st[c], c_st[c + 1])
        }
        adjs = [
            Adjustment(int_names[gr[j]], sev[gr[j]], ge[j], gn[j], gc[j], gw[j])
            for j in range(g_st[c], g_st[c + 1])
        ]
        candidates.append(
            CandidateEstimate(
                job_names[jobs[c]],
                cand_names[c],
                sc[c],
                sd[c],
                pb[c],
                raw[c],
                nc[c],
                comps,
                adjs,
                cgroup[c] + 1,
            )
        )
    interviewers = [
        InterviewerEstimate(name, s, bsd, a, asd, int(n), bool(con), int(grp) + 1, flag)
        for name, s, bsd, a, asd, n, con, grp, flag in zip(
            int_names,
            sev,
            k.severity_sd.tolist(),
            f.a.tolist(),
            k.scale_use_sd.tolist(),
            d.n_i.tolist(),
            d.connected.tolist(),
            d.group.tolist(),
            k.rater_flag,
        )
    ]
    reliability = {}
    for j, label in enumerate(job_names):
        icc = {name: float(k.iccs[name][j]) for name in ICC_NAMES} if k.complete[j] else None
        reliability[label] = JobReliability(
            "complete" if k.complete[j] else "incomplete", float(k.rel_model[j]), icc
        )
    return CalibrationResult(
        candidates,
        interviewers,
        k.effects,
        reliability,
        int(d.n),
        list(k.warnings),
        k.contrast_clear,
    )


SCALE_USE_HELD = (
    "Scale use could not be estimated on this data (too few ratings per interviewer to "
    "tell a wide rater from a narrow one): every interviewer's scale use is held at 1 "
    "and only severities are corrected."
)
