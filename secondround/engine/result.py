"""Typed results of a calibration run and their JSON form (DESIGN.md, "Calibration JSON").

Units: scores, severities and sds are in rating points of the *reference scale*
(the most used scale in the input). Scores, their sds, adjustments' effects and the
halo are points of the typical interviewer's view on the latent scale, the one the
interviewers' report uses (``Fit.unit``; docs/engine.md, "The unit of scores and sds"):
where ratings pile on an end, a difference between candidates reads larger in them than
in the raw ratings, which the ends clip. Scores are relative: 0 is the average
candidate, higher is better, comparable within a job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass
class CompetencyEstimate:
    """A candidate's calibrated standing on one competency."""

    score: float
    sd: float
    raw_mean: float
    n_ratings: int


@dataclass
class Adjustment:
    """How one interviewer's calibration moved one candidate's score.

    Attributes
    ----------
    interviewer : str
    severity : float
        The interviewer's severity (rating points; > 0 lenient, < 0 harsh).
    effect : float
        How much calibration moved this candidate's score because of this
        interviewer's ratings (rating points; severity, scale use and contrast).
    n_ratings : int
        The interviewer's ratings of this candidate.
    contrast : float
        The part of ``effect`` due to the contrast correction.
    weight : float
        The share of the candidate's score that rests on this interviewer's
        ratings (the shares of one candidate's interviewers sum to 1). Below an
        equal share when the interviewer rated fewer competencies, or when their
        ratings have tracked the rest of the panel's less consistently than most.
    """

    interviewer: str
    severity: float
    effect: float
    n_ratings: int
    contrast: float = 0.0
    weight: float = 1.0


@dataclass
class CandidateEstimate:
    """A candidate's calibrated overall standing, per-competency standings and P(best)."""

    job: str
    candidate: str
    score: float
    sd: float
    p_best: float
    raw_mean: float
    n_ratings: int
    competencies: dict[str, CompetencyEstimate] = field(default_factory=dict)
    adjustments: list[Adjustment] = field(default_factory=list)
    group: int = 1  # the group of interviewers who met the candidate (1 = the largest)

    @property
    def comparable(self) -> bool:
        """False when the job's candidates were met by separate groups (no P(best))."""
        return not math.isnan(self.p_best)


@dataclass
class InterviewerEstimate:
    """An interviewer's rating habits.

    Attributes
    ----------
    severity : float
        How much higher than colleagues this interviewer rates an average
        candidate, in rating points; negative = harsh, positive = lenient.
    scale_use : float
        Stretch of the interviewer's ratings relative to colleagues: 1 typical,
        above 1 uses the extremes, below 1 stays in the middle.
    connected : bool
        False when the interviewer never shares a candidate (directly or through
        colleagues) with the largest group. Every group is calibrated; severities
        compare within a group.
    group : int
        The interviewer's group (interviewers linked through shared candidates),
        1 = the largest by ratings.
    flag : str
        "one_value" (gives one rating value only), "weak" (shares fewer than 3
        candidates with colleagues: severity rests mostly on the prior) or "".
    """

    interviewer: str
    severity: float
    severity_sd: float
    scale_use: float
    scale_use_sd: float
    n_ratings: int
    connected: bool = True
    group: int = 1
    flag: str = ""


@dataclass
class Effects:
    """Global effects.

    Attributes
    ----------
    contrast : float
        Rating points added per rating point by which the interviewer's previous
        interview's mean rating exceeded their own average (negative = pulled
        away from the previous candidate, the contrast effect).
    contrast_sd : float
    halo : float
        Standard deviation, in rating points, of the interview-level impression
        that lifts or lowers all competencies of one interview together.
    """

    contrast: float
    contrast_sd: float
    halo: float


@dataclass
class JobReliability:
    """Reliability of one job's scores.

    ``design`` is "complete" when every interviewer of the job rated every
    candidate (at least 2 of each); ``icc`` then holds the six Shrout & Fleiss
    forms on the candidate x interviewer matrix of per-interview mean ratings,
    else None. ``model`` is the model-based reliability, always given.
    """

    design: str
    model: float
    icc: dict[str, float] | None = None


DECIMALS = 4


def _num(x: float) -> float | None:
    """A JSON-safe rounded float (None for NaN or infinities); numpy's rounding,
    like the CLI's fast writer, so that both give the same document."""
    x = float(np.round(x, DECIMALS))
    return x if math.isfinite(x) else None


@dataclass
class CalibrationResult:
    """Everything a calibration run estimates. See the module docstring for units."""

    candidates: list[CandidateEstimate]
    interviewers: list[InterviewerEstimate]
    effects: Effects
    reliability: dict[str, JobReliability]
    n_ratings: int
    warnings: list[str] = field(default_factory=list)
    contrast_clear: bool = False  # the contrast effect is beyond noise (|z| >= 2)

    def candidate(self, candidate_id: str) -> CandidateEstimate:
        """The estimate of one candidate (KeyError when unknown)."""
        index = self.__dict__.get("_index")
        if index is None or len(index) != len(self.candidates):
            index = {c.candidate: c for c in self.candidates}
            self.__dict__["_index"] = index
        return index[str(candidate_id)]

    def explain(self, candidate: str, names: dict[str, str] | None = None) -> list[str]:
        """Plain-words sentences on how calibration treated one candidate.

        Parameters
        ----------
        candidate : str
            Candidate id.
        names : dict, optional
            Interviewer id -> display name.
        """
        from .explain import explain_candidate

        return explain_candidate(self, self.candidate(candidate), names)

    def to_json(self, explanations: bool = True) -> dict:
        """The DESIGN.md "Calibration JSON" document, as a dict.

        Extra keys beyond DESIGN.md: ``raw_mean``, ``group`` and ``explanation``
        on candidates; ``scale_use``, ``scale_use_sd``, ``connected``, ``group``
        and ``flag`` on interviewers; ``halo`` in effects; ``warnings`` at the top
        level. ``p_best`` is null in a job whose candidates cannot be compared.
        """
        from .explain import explain_candidate

        cands = []
        for c in self.candidates:
            item = {
                "job": c.job,
                "candidate": c.candidate,
                "score": _num(c.score),
                "sd": _num(c.sd),
                "p_best": _num(c.p_best),
                "raw_mean": _num(c.raw_mean),
                "group": int(c.group),
                "competencies": {
                    k: {"score": _num(v.score), "sd": _num(v.sd)} for k, v in c.competencies.items()
                },
            }
            if explanations:
                item["explanation"] = explain_candidate(self, c, None)
            cands.append(item)
        return {
            "candidates": cands,
            "interviewers": [
                {
                    "interviewer": i.interviewer,
                    "severity": _num(i.severity),
                    "severity_sd": _num(i.severity_sd),
                    "n_ratings": int(i.n_ratings),
                    "scale_use": _num(i.scale_use),
                    "scale_use_sd": _num(i.scale_use_sd),
                    "connected": bool(i.connected),
                    "group": int(i.group),
                    "flag": i.flag or None,
                }
                for i in self.interviewers
            ],
            "effects": {
                "contrast": _num(self.effects.contrast),
                "contrast_sd": _num(self.effects.contrast_sd),
                "halo": _num(self.effects.halo),
            },
            "reliability": {
                job: {
                    "design": r.design,
                    "model": _num(r.model),
                    "icc": None if r.icc is None else {k: _num(v) for k, v in r.icc.items()},
                }
                for job, r in self.reliability.items()
            },
            "warnings": list(self.warnings),
        }
