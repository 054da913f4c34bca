"""Plain-words explanations of how calibration treated a candidate."""

from __future__ import annotations

import math
from collections.abc import Sequence

# One interviewer's part in a candidate's calibration: (interviewer id, severity,
# scale use, evidence flag ("alone", "one_value", "weak" or ""), effect on score, contrast
# part, ratings of the candidate, share of the score's weight, severity sd, scale use sd)
AdjustmentFacts = tuple[str, float, float, str, float, float, int, float, float, float]

# A habit is put into words only when it is this many sds away from "like
# colleagues": sentences never describe noise as a habit. The sds are the reported
# ones, which count the bias rounded ratings leave in a severity or scale use
# (rater_sds): an error of the estimate as much as its sampling noise is. Judged by
# the sampling sd alone, the severities of interviewers whose views sit on one or two
# points were off by more than two sds for 22% of them, against 7.5% (the teams of
# tests/engine/narrow_views.py; docs/benchmarks.md, section 6, branch `tidy`).
CLEAR_Z = 2.0

# An interviewer whose share of a candidate's score is below this fraction of an
# equal share gets a sentence saying so, and why.
LOW_SHARE = 0.75


def weight_sentence(name: str, weight: float, equal: float, fewer_ratings: bool) -> str:
    """Why one interviewer's ratings count for less than an equal share of a score."""
    why = (
        "they rated fewer competencies than the others"
        if fewer_ratings
        else "each rating counts by how consistently its interviewer's ratings track the rest "
        "of the panel's, and theirs have tracked it less closely than most"
    )
    return (
        f"{name}'s ratings decide {weight:.0%} of this score (an equal share would be "
        f"{equal:.0%}): {why}."
    )


def explain_sentences(
    candidate: str,
    job: str,
    score: float,
    sd: float,
    raw_mean: float,
    n_ratings: int,
    p_best: float,
    adjustments: Sequence[AdjustmentFacts],
    names: dict[str, str] | None = None,
    contrast_clear: bool = False,
) -> list[str]:
    """Sentences explaining one candidate's calibrated score.

    Parameters
    ----------
    candidate, job : str
    score, sd, raw_mean : float
        Rating points of the reference scale.
    n_ratings : int
    p_best : float
    adjustments : sequence of AdjustmentFacts
        One per interviewer who rated the candidate.
    names : dict, optional
        Interviewer id -> display name (ids are shown otherwise).
    contrast_clear : bool
        The contrast effect is beyond noise (|z| >= 2): only then is the
        contrast part of an adjustment put into words.

    Returns
    -------
    list of str
        A summary, one sentence per interviewer (largest effect first; an
        interviewer whose ratings carry well under an equal share of the score
        gets a second one saying why), then notes on interviewers whose habits
        could not be measured.
    """
    names = names or {}
    if math.isnan(p_best):
        chance = (
            f"P(best in {job}) is not given: {job}'s candidates were interviewed by separate "
            "groups of interviewers, so their scores cannot be compared."
        )
    else:
        chance = f"P(best in {job}) = {p_best:.0%}."
    out = [
        f"{candidate} scores {score:+.2f} ± {sd:.2f} rating points against the average candidate "
        f"(raw mean {raw_mean:.2f} from {n_ratings} ratings); {chance}"
    ]
    notes = []
    if len(adjustments) == 1:
        notes.append(
            "Only one interviewer rated this candidate, so the score rests on one person's "
            "view and is uncertain."
        )
    equal = 1.0 / max(len(adjustments), 1)
    most_ratings = max((a[6] for a in adjustments), default=0)
    for (
        interviewer,
        severity,
        scale_use,
        flag,
        effect,
        contrast,
        n,
        weight,
        sev_sd,
        use_sd,
    ) in sorted(adjustments, key=lambda x: -abs(x[4])):
        name = names.get(interviewer, interviewer)
        if flag == "alone":
            habit = (
                f"{name} is the only interviewer in their group, so their habits cannot be measured"
            )
        elif abs(severity) < max(0.05, CLEAR_Z * sev_sd):
            habit = f"{name} rates like colleagues on average, as far as the ratings can tell"
        else:
            word = "above" if severity > 0 else "below"
            habit = f"{name} rates {abs(severity):.2f} points {word} colleagues on average"
        if abs(scale_use - 1.0) >= max(0.15, CLEAR_Z * use_sd) and flag != "one_value":
            habit += f" and spreads ratings {scale_use:.2f}x as widely"
        sentence = f"{habit}: {effect:+.2f} on this candidate's score from {name}'s ratings"
        if contrast_clear and abs(contrast) >= 0.01:
            sentence += (
                f" (of which {contrast:+.2f} corrects for the contrast with the candidate "
                f"{name} saw just before)"
            )
        out.append(sentence + ".")
        if len(adjustments) > 1 and weight < LOW_SHARE * equal:
            out.append(weight_sentence(name, weight, equal, n < most_ratings))
        if flag == "one_value":
            notes.append(
                f"{name} gave the same rating every time, so their ratings do not tell "
                "candidates apart and count for little in this score."
            )
        elif flag == "weak":
            notes.append(
                f"{name} shares fewer than 3 candidates with colleagues, so their severity is "
                "barely measured: this correction rests mostly on the model's assumptions."
            )
    return out + notes


def explain_candidate(result, cand, names: dict[str, str] | None = None) -> list[str]:
    """:func:`explain_sentences` for a :class:`CandidateEstimate` of a result."""
    index = result.__dict__.get("_interviewer_index")
    if index is None or len(index) != len(result.interviewers):
        index = {i.interviewer: i for i in result.interviewers}
        result.__dict__["_interviewer_index"] = index
    facts = []
    for adj in cand.adjustments:
        info = index.get(adj.interviewer)
        scale_use = info.scale_use if info is not None else 1.0
        flag = info.flag if info is not None else ""
        facts.append(
            (
                adj.interviewer,
                adj.severity,
                scale_use,
                flag,
                adj.effect,
                adj.contrast,
                adj.n_ratings,
                adj.weight,
                info.severity_sd if info is not None else 0.0,
                info.scale_use_sd if info is not None else 0.0,
            )
        )
    return explain_sentences(
        cand.candidate,
        cand.job,
        cand.score,
        cand.sd,
        cand.raw_mean,
        cand.n_ratings,
        cand.p_best,
        facts,
        names,
        result.contrast_clear,
    )
