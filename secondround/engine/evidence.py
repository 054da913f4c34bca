"""Evidence quality: where the data cannot carry an estimate, say so in plain words.

Everything here reads the design and the fit and returns flags and sentences; it
changes no estimate. Flags mark outputs that rest mostly on the model's prior:
interviewers in separate groups, interviewers who give one value, interviewers
linked to colleagues through fewer than ``MIN_LINKS`` shared candidates,
candidates seen by one interviewer, jobs whose candidates cannot be compared,
ties in interview times, a contrast effect that cannot be told from the order, and
ratings piled on the scale's ends, which widen the calibrated scores (``end_piling``).
"""

from __future__ import annotations

import numpy as np

from .design import Design, on_an_end

# An interviewer who shares fewer candidates than this with colleagues is flagged.
# Measured (bench.links, 20 simulated organisations with 30 jobs per team): the
# squared severity error is 40-43% of the severities' variance with 1-2 shared
# candidates, 33% with 3, 25% with 4-5, 15% with 6-10 and 5-8% beyond: the error
# falls steeply up to 3 and slowly after about 6.
MIN_LINKS = 3
MAX_NAMES = 8
# The words that open a warning about one candidate (thin_leaders): an application that
# shows figures per candidate under its own rules can find and leave them out.
THIN_LEAD = "the candidate most likely to be the strongest"
# How the end-piling warning opens: the comparison page finds it by this (calibration/notes.py).
END_PILING = "Many ratings sit on the scale's ends"
# The standings' latent unit (Fit.unit) above which end_piling says why the calibrated
# scores spread wider than the ratings. Simulated (secondround.engine.simulate, 60 jobs,
# seeds 0-1): 1.000-1.006 with 0-3% of ratings on an end (1-7 and 1-10 scales), 1.07
# with 13-16% (1-5), 1.14-1.21 with 29-37% (1-4). Below 5% the widening is within the
# few per cent the candidates' sds are themselves off by (docs/engine.md, "The standings
# on the latent scale"): not worth a sentence. A 1-5 scale's usual piling is worth one.
WIDER_UNIT = 1.05


def names_list(ids: list[str], idx: np.ndarray) -> str:
    """Up to MAX_NAMES ids, then how many more."""
    shown = ", ".join(ids[i] for i in idx[:MAX_NAMES])
    return shown + (f" and {len(idx) - MAX_NAMES} more" if len(idx) > MAX_NAMES else "")


def shared_candidates(d: Design) -> np.ndarray:
    """Per interviewer (I,): their candidates whom someone else interviewed too."""
    per_cand = np.bincount(d.cand_g, minlength=len(d.n_c))
    return np.bincount(d.rater_g, per_cand[d.cand_g] > 1, len(d.n_i)).astype(np.int64)


def rater_flags(d: Design) -> list[str]:
    """Per interviewer: "alone" (the only one in their group), "one_value", "weak"
    (few shared candidates) or ""."""
    links = shared_candidates(d)
    group_size = np.bincount(d.group)[d.group]
    weak = (links < MIN_LINKS) & (group_size > 1)
    flags = np.where(d.one_value, "one_value", np.where(weak, "weak", ""))
    return np.where(group_size == 1, "alone", flags).tolist()


def mixed_jobs(d: Design) -> np.ndarray:
    """Jobs (J,) whose candidates were seen by more than one group: not comparable."""
    n_j = int(d.job_c.max()) + 1
    lo = np.full(n_j, np.iinfo(np.int64).max)
    hi = np.full(n_j, -1)
    np.minimum.at(lo, d.job_c, d.cand_group)
    np.maximum.at(hi, d.job_c, d.cand_group)
    return lo != hi


def design_warnings(
    d: Design, int_ids: list[str], job_ids: list[str], contrast_identified: bool
) -> list[str]:
    """Plain-words warnings about what the data can and cannot support."""
    out = []
    n_groups = int(d.group.max()) + 1
    if n_groups > 1:
        ratings = np.bincount(d.group, d.n_i, n_groups).astype(int)
        people = np.bincount(d.group, minlength=n_groups)
        parts = []
        for k in range(min(n_groups, MAX_NAMES)):
            members = np.flatnonzero(d.group == k)
            parts.append(
                f"group {k + 1}: {people[k]} interviewer(s), {ratings[k]} ratings "
                f"({names_list(int_ids, members)})"
            )
        more = f"; and {n_groups - MAX_NAMES} more groups" if n_groups > MAX_NAMES else ""
        out.append(
            f"The interviewers form {n_groups} separate groups that never met the same "
            f"candidate ({'; '.join(parts)}{more}). Each group is calibrated on its own: "
            "severities compare only within a group, and a candidate's score carries the "
            "unknown difference between groups in its uncertainty. One candidate "
            "interviewed by someone from each group would link them."
        )
    if len(d.n_i) == 1:
        out.append(
            f"Only one interviewer ({int_ids[0]}): there are no colleagues to compare their "
            "habits with, so nothing is corrected for severity or scale use."
        )
    mixed = np.flatnonzero(mixed_jobs(d))
    for j in mixed[:MAX_NAMES]:
        groups = np.unique(d.cand_group[d.job_c == j]) + 1
        out.append(
            f"Job {job_ids[j]}: its candidates were interviewed by separate groups of "
            f"interviewers (groups {', '.join(map(str, groups))}) who never met the same "
            "candidate, so their scores are not comparable and P(best) is not given. "
            "One candidate interviewed by someone from each group would make them comparable."
        )
    if len(mixed) > MAX_NAMES:
        out.append(f"... and {len(mixed) - MAX_NAMES} more jobs that are not comparable.")
    one = np.flatnonzero(d.one_value & (d.n_i > 1))
    if one.size:
        out.append(
            f"{one.size} interviewer(s) gave the same rating every time "
            f"({names_list(int_ids, one)}): their ratings do not tell candidates apart, "
            "count for little, and their scale use cannot be measured."
        )
    flags = np.asarray(rater_flags(d))
    weak = np.flatnonzero(flags == "weak")
    if weak.size:
        out.append(
            f"{weak.size} interviewer(s) share fewer than {MIN_LINKS} candidates with "
            f"colleagues ({names_list(int_ids, weak)}): their severity is barely measured "
            "and leans on the model's prior (with 1-2 shared candidates about 40% of the "
            "spread between interviewers is still unknown, against 15% with 6-10)."
        )
    single = int(np.sum(np.bincount(d.cand_g, minlength=len(d.n_c)) == 1))
    if single:
        out.append(
            f"{single} candidate(s) were rated by a single interviewer: their scores rest "
            "on one person's view and are uncertain."
        )
    if d.n_tied:
        out.append(
            f"{d.n_tied} interview(s) have the same time as another interview by the same "
            "interviewer, so their order is unknown: they are left out of the contrast "
            "correction."
        )
    if not contrast_identified:
        out.append(
            "The contrast effect (a rating pulled by the candidate seen just before) could "
            "not be measured: the data say too little about it, for example when panelists "
            "meet candidates in one shared order or the times give no order. It is left at "
            "about 0 and not described."
        )
    if d.n < 100:
        out.append(
            f"Only {d.n} ratings: the estimates lean on the model's priors and are strongly shrunk."
        )
    return out


def end_share(d: Design) -> float:
    """Share of the ratings on an end (the lowest or highest point) of their scale."""
    return float(np.mean(on_an_end(d.u))) if d.n else 0.0


def end_piling(share: float, unit: float) -> list[str]:
    """A warning when the standings' latent unit (``Fit.unit``) widens the scores.

    Parameters
    ----------
    share : float
        Share of the ratings on an end of their scale (:func:`end_share`).
    unit : float
        Latent units of the standings per face-value unit (``Fit.unit``).

    Returns
    -------
    list of str
        One sentence if ``unit`` exceeds ``WIDER_UNIT``, else none.
    """
    if not unit > WIDER_UNIT:
        return []
    return [
        f"{END_PILING} ({share:.0%} of ratings), which hides how far "
        "apart candidates are: calibrated scores are read on the interviewers' underlying "
        f"scale, so differences between candidates come out about {unit - 1:.0%} larger "
        "than the ratings taken at face value would give."
    ]


def thin_leaders(
    job_c: np.ndarray, p_best: np.ndarray, d: Design, cand_ids: list[str], job_ids: list[str]
) -> list[str]:
    """Warnings for jobs whose likeliest best candidate was seen by one interviewer.

    Such a lead rests on one person's view and on that person's estimated severity,
    which the data may barely pin down (a lenient interviewer who gives top marks):
    the words say so, whatever the number.
    """
    C = len(p_best)
    n_jobs = int(job_c.max()) + 1 if C else 0
    raters = np.bincount(d.cand_g, minlength=C)
    size = np.bincount(job_c, minlength=n_jobs)
    pb = np.where(np.isnan(p_best), -1.0, p_best)
    order = np.lexsort((-pb, job_c))  # by job, likeliest first
    first = order[np.r_[True, job_c[order][1:] != job_c[order][:-1]]] if C else order
    lead = first[(size[job_c[first]] > 1) & (raters[first] == 1) & (pb[first] >= 0)]
    out = [
        f"Job {job_ids[job_c[c]]}: {THIN_LEAD} "
        f"({cand_ids[c]}, P(best) {p_best[c]:.0%}) was interviewed by one person only, so "
        "the lead rests on that one view and on how lenient that interviewer is "
        "estimated to be. Another interview would settle it."
        for c in lead[:MAX_NAMES]
    ]
    if len(lead) > MAX_NAMES:
        out.append(f"... and {len(lead) - MAX_NAMES} more jobs led by a candidate seen once.")
    return out
