"""``calibrate``: ratings table in, calibration result out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .design import Design, build_design
from .evidence import design_warnings, end_piling, end_share, mixed_jobs, rater_flags, thin_leaders
from .fit import Fit, fit_is_sane
from .model import fit_model
from .ordinal import LIKELIHOODS, rating_intervals
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
from .shared_errors import centred_job_load_variance, centred_shared_variance
from .table import RatingsTable


@dataclass
class Computed:
    """All outputs as arrays (rating points of the reference scale; the standings' outputs
    in the latent unit, ``Fit.unit``).

    The CLI writes JSON straight from these; :func:`calibrate` turns them into
    dataclasses. Candidate-level arrays are indexed by candidate code, cell
    arrays by candidate x competency cell, interview arrays by interview.
    """

    table: RatingsTable
    design: Design
    fit: Fit
    score: np.ndarray
    sd: np.ndarray
    p_best: np.ndarray
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
    warnings: list[str]
    rater_flag: list[str]  # per interviewer: "alone", "one_value", "weak" or "" (see evidence.py)
    contrast_clear: bool  # the contrast effect is beyond noise (|z| >= 2)

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
    job_c: np.ndarray,
    theta: np.ndarray,
    var_dev: np.ndarray,
    job_mean_c: np.ndarray,
    var_own: np.ndarray | None = None,
    var_shared: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores relative to the average of their job's candidates, and their variances.

    0 is the job's average candidate on the calibrated scale. Centring on the
    model's job mean instead left part of a job's level in its scores, and that
    part was stretched by whoever interviewed the job (a wide-scale panel moved
    its whole pool). Of the candidates' own errors ``var_own`` (independent from
    one candidate to the next), ``theta_c - mean`` keeps
    ``v_c (1 - 2/n) + sum(v) / n^2``; ``var_shared`` is what is left of the errors
    they share (the interviewers', the job mean's) once centred
    (:mod:`~secondround.engine.shared_errors`). Without them, ``var_dev`` is taken as
    the own errors. A job with one candidate has no average to compare with: it
    keeps its standing relative to the model's job mean, with variance ``var_dev``.
    """
    own = var_dev if var_own is None else var_own
    n_jobs = int(job_c.max()) + 1 if len(job_c) else 0
    n = np.bincount(job_c, minlength=n_jobs).astype(np.float64)[job_c]
    mean = np.bincount(job_c, theta, n_jobs)[job_c] / n
    var_sum = np.bincount(job_c, own, n_jobs)[job_c]
    var = own * (1.0 - 2.0 / n) + var_sum / n**2
    if var_shared is not None:
        var = var + var_shared
    alone = n == 1
    return (
        np.where(alone, theta - job_mean_c, theta - mean),
        np.where(alone, var_dev, var),
    )


def shared_centred_variance(d: Design, f: Fit) -> np.ndarray:
    """(C,) variance of the interviewers' and the job mean's errors left in a job-centred
    score: those P(best) draws as shared (``loads``, ``job_load`` in :func:`compute`)."""
    return (
        centred_shared_variance(d.job_c, d.cand_g, d.rater_g, f.d_b, f.var_b)
        + centred_shared_variance(d.job_c, d.cand_g, d.rater_g, f.d_a, f.var_a)
        + centred_job_load_variance(d.job_c, f.job_load, f.job_var)
    )


def compute(
    table: RatingsTable,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
    likelihood: str = "face",
) -> Computed:
    """Fit the model and derive every output as arrays (see :func:`calibrate`)."""
    if likelihood not in LIKELIHOODS:
        raise ValueError(f"likelihood must be one of {LIKELIHOODS}, not {likelihood!r}")

    def report(frac: float, stage: str) -> None:
        if progress is not None:
            progress(float(min(max(frac, 0.0), 1.0)), stage)

    report(0.0, "indexing")
    d = build_design(table)
    report(0.15, "fitting")
    iv = None
    if likelihood == "ordinal":
        iv = rating_intervals(d.u, (table.scale_max - table.scale_min).astype(np.float64))
    f = fit_model(d, progress=lambda x, s: report(0.15 + 0.6 * x, s), intervals=iv)
    scale_use_held = not fit_is_sane(f)
    if scale_use_held:
        f = fit_model(d, scale_use=False, intervals=iv)
    W = d.width
    # Standings in the latent units of the interviewers' report (Fit.unit, 1 unless
    # ratings pile on an end): severities are in rating points whatever the unit.
    U = W * f.unit
    C, I_ = len(d.n_c), len(d.n_i)
    report(0.75, "P(best)")
    n_jobs = len(table.job_ids)
    # Shared error terms of the candidates' standings: the interviewers'
    # severities and scale uses, and the job's mean.
    loads = [
        (sparse.csr_matrix((f.d_b, (d.cand_g, d.rater_g)), shape=(C, I_)), np.sqrt(f.var_b)),
        (sparse.csr_matrix((f.d_a, (d.cand_g, d.rater_g)), shape=(C, I_)), np.sqrt(f.var_a)),
    ]
    pb = p_best(d.job_c, f.theta, f.var_own, loads, f.job_load, np.sqrt(f.job_var), seed=seed)
    # Candidates of one job seen by separate groups cannot be compared: no P(best).
    mixed_c = mixed_jobs(d)[d.job_c]
    pb[mixed_c] = np.nan
    # Errors the job's candidates share cancel in part relative to its average; the
    # rest of var_dev (the candidates' own noise) is centred as independent.
    rel, var_rel = job_centred(
        d.job_c, f.theta, f.var_dev, f.job_mean_c, f.var_own, shared_centred_variance(d, f)
    )
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
        score=rel * U,
        sd=np.sqrt(var_rel) * U,
        p_best=pb,
        raw_mean=np.bincount(table.candidate, ref_u, C) / d.n_c,
        cell_score=(rel[d.cell_cand] + f.delta - f.delta_c[d.cell_cand]) * U,
        cell_sd=np.sqrt(var_rel[d.cell_cand] + f.var_delta) * U,
        cell_raw=np.bincount(d.cell, ref_u, n_cells) / cell_n,
        cell_n=cell_n,
        effect_g=f.w_g * (f.z_g - f.ubar_g) * U,
        weight_g=f.w_g / np.bincount(d.cand_g, f.w_g, C)[d.cand_g],
        contrast_g=-f.w_g * f.gamma * f.p_g / f.params.a[d.rater_g] * U,
        severity=f.b * W,
        severity_sd=np.sqrt(f.var_b_reported) * W,
        scale_use_sd=np.sqrt(f.var_a_reported),
        complete=complete,
        iccs=iccs,
        rel_model=model_reliability(d.job_c, f.var_dev, f.s2_theta, raw_g, d.cand_g, n_jobs),
        effects=Effects(float(f.gamma), float(np.sqrt(f.var_gamma)), float(np.sqrt(f.s2_eta) * U)),
        warnings=design_warnings(
            d, table.interviewer_ids.tolist(), table.job_ids.tolist(), f.contrast_identified
        )
        + thin_leaders(d.job_c, pb, d, table.candidate_ids.tolist(), table.job_ids.tolist())
        + ([SCALE_USE_HELD] if scale_use_held else [])
        + end_piling(end_share(d), f.unit),
        rater_flag=rater_flags(d),
        contrast_clear=bool(abs(f.gamma) >= 2 * np.sqrt(f.var_gamma)),
    )
    report(1.0, "done")
    return out


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
        most used scale in the table; scores and their sds on the latent scale the
        interviewers' report uses, see :mod:`secondround.engine.result`). Candidates
        are listed job by job, best score first.
    """
    return build_result(compute(table, seed=seed, progress=progress, likelihood=likelihood))


def build_result(k: Computed) -> CalibrationResult:
    """Turn computed arrays into the typed result."""
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
