"""Turn a calibration snapshot into the finalist comparison's plain statements.

Pure functions over plain data (the snapshot JSON and a few dicts the view gathers), so that
every rule below is unit-tested without a database.

The rules:

- **Most likely the strongest.** Finalists are ordered by the engine's P(best). P(best) is the
  probability of being the strongest among *all* the job's candidates in the snapshot; we show
  the engine's value as is and say "of the job's N candidates" when fewer are compared.
- **Differ beyond noise.** Two finalists differ on a competency when the gap between their
  calibrated scores is larger than ``Z90`` times the standard deviation of that gap,
  ``sqrt(sd_a**2 + sd_b**2)`` (the posteriors treated as independent normals). That is a
  two-sided 90% level: a gap this large arises from noise alone about one time in ten.
- **What to probe next.** Among the competencies on which the two leading finalists do *not*
  yet differ beyond noise, the one whose gap is least certain (largest ``sqrt(sd_a**2 +
  sd_b**2)``): more evidence there shrinks the uncertainty most. A competency one of them has
  no calibrated score for comes first, since nothing is known there at all.
"""

import math
import re
from dataclasses import dataclass, field

from .figures import Z80, percent, signed  # noqa: F401 (re-exported for older callers)
from .notes import (
    NOT_COMPARABLE,
    end_piling_note,
    is_clear,
    not_comparable_sentence,
    pair_not_comparable,
    shrinkage_sentences,
    thin_evidence,
)
from .weights import WeightRow, equal_weight_statement, weight_rows, weight_sentences

Z90 = 1.6449  # two-sided 90% normal quantile, for "differ beyond noise"

# The engine's severity is the interviewer's offset added to their ratings (``b_i`` in
# engine/model.py): positive means they rate above colleagues, negative below.
SEVERITY_NOTABLE = 0.1  # smaller offsets are not worth a sentence


@dataclass
class Finalist:
    application_id: int
    name: str
    p_best: float | None = None
    score: float | None = None
    sd: float | None = None
    calibrated: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (score, sd)
    raw: dict[str, tuple[float, int]] = field(default_factory=dict)  # name -> (mean, n)
    explanation: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    group: int | None = None  # the engine's group of interviewers who met them
    equal_weight_score: float | None = None  # the score with every interview counted alike
    weights: list[WeightRow] = field(default_factory=list)
    raw_by_author: dict[str, tuple[float, int]] = field(default_factory=dict)

    @property
    def in_snapshot(self) -> bool:
        return self.score is not None

    @property
    def comparable(self) -> bool:
        """False when calibrated but given no P(best): separate groups met the job."""
        return not (self.in_snapshot and self.p_best is None)

    @property
    def p_label(self) -> str:
        return percent(self.p_best) if self.comparable else NOT_COMPARABLE


@dataclass
class Comparison:
    finalists: list[Finalist]
    competencies: list[str]
    n_job_candidates: int
    lead: str
    differences: list[str]
    probe: str | None
    blocking: list[str]
    equal_weight: str | None = None
    end_piling: str | None = None  # why calibrated scores spread wider than raw

    @property
    def all_in_snapshot(self) -> bool:
        return all(f.in_snapshot for f in self.finalists)


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def job_candidates(result: dict, job_id: int) -> dict[str, dict]:
    """The snapshot's candidates of one job, keyed by application id (a string)."""
    return {
        str(c.get("candidate")): c
        for c in result.get("candidates", []) or []
        if str(c.get("job")) == str(job_id)
    }


def differ_beyond_noise(a: tuple[float, float], b: tuple[float, float]) -> bool:
    (score_a, sd_a), (score_b, sd_b) = a, b
    return abs(score_a - score_b) > Z90 * math.hypot(sd_a, sd_b)


def lead_sentence(finalists: list[Finalist], n_job_candidates: int) -> str:
    apart = [f.name for f in finalists if not f.comparable]
    if apart:
        return not_comparable_sentence(apart)
    ranked = [f for f in finalists if f.p_best is not None]
    if not ranked:
        return (
            "These finalists are not calibrated yet, so there is no estimate of who is strongest."
        )
    top, rest = ranked[0], ranked[1:]
    of_job = (
        f" of the job's {n_job_candidates} candidates" if n_job_candidates > len(ranked) else ""
    )
    if rest and top.p_best - rest[0].p_best < 0.1:
        tied = [top] + [f for f in rest if top.p_best - f.p_best < 0.1]
        names = join_words([f"{f.name} ({percent(f.p_best)})" for f in tied])
        sentence = f"No clear strongest{of_job}: {names} are close."
        rest = [f for f in rest if f not in tied]
    else:
        sentence = f"{top.name} is most likely the strongest{of_job} ({percent(top.p_best)})."
    if rest:
        names = join_words([f"{f.name} ({percent(f.p_best)})" for f in rest])
        sentence += f" {names} trail{'s' if len(rest) == 1 else ''}."
    return sentence


def difference_sentence(a: Finalist, b: Finalist, competencies: list[str]) -> str:
    if a.group is not None and b.group is not None and a.group != b.group:
        return pair_not_comparable(a.name, b.name)
    shared = [c for c in competencies if c in a.calibrated and c in b.calibrated]
    if not shared:
        return f"{a.name} and {b.name} have no competency calibrated for both yet."
    differ = [c for c in shared if differ_beyond_noise(a.calibrated[c], b.calibrated[c])]
    if not differ:
        return f"{a.name} and {b.name} do not differ beyond noise on any competency."
    ahead = [
        f"{c} ({a.name if a.calibrated[c][0] > b.calibrated[c][0] else b.name} higher)"
        for c in differ
    ]
    if len(differ) == len(shared) and len(shared) > 1:
        return (
            f"{a.name} and {b.name} differ beyond noise on every competency: {join_words(ahead)}."
        )
    only = "only " if len(differ) < len(shared) else ""
    return f"{a.name} and {b.name} differ beyond noise {only}on {join_words(ahead)}."


def probe_next(a: Finalist, b: Finalist, competencies: list[str]) -> tuple[str, str] | None:
    """The competency to probe to separate ``a`` and ``b``, with the reason in words."""
    for c in competencies:
        missing = [f.name for f in (a, b) if c not in f.calibrated]
        if missing and len(missing) < 2:
            return c, f"{missing[0]} has no calibrated score on it yet"
    open_ = [
        (math.hypot(a.calibrated[c][1], b.calibrated[c][1]), -i, c)
        for i, c in enumerate(competencies)
        if c in a.calibrated
        and c in b.calibrated
        and not differ_beyond_noise(a.calibrated[c], b.calibrated[c])
    ]
    if not open_:
        return None
    return max(open_)[2], "largest remaining uncertainty"


def probe_sentence(a: Finalist, b: Finalist, competencies: list[str]) -> str | None:
    found = probe_next(a, b, competencies)
    if found is None:
        if any(c in a.calibrated and c in b.calibrated for c in competencies):
            return f"{a.name} and {b.name} already differ beyond noise wherever both are rated."
        return None
    name, reason = found
    return f"To separate {a.name} and {b.name} further, probe {name} ({reason})."


def blocking_sentences(finalists: list[Finalist]) -> list[str]:
    out = []
    for f in finalists:
        if f.blocking:
            n = len(f.blocking)
            titles = "; ".join(t[:1].lower() + t[1:] for t in f.blocking)
            out.append(f"{n} blocking concern{'s' if n > 1 else ''} open for {f.name}: {titles}.")
    return out


# In the engine's own sentences, interviewer ids stand where names would ("12 rates 0.50
# points below colleagues ...", "from 12's ratings").
_ID_BEFORE = re.compile(r"(?<![\w.+-])(\w+)(?=( rates | shares |'s ratings))")


def _adjustment_sentence(
    item: dict, name: str, candidate: str, severity_sd: float = 0.0, contrast_clear: bool = True
) -> str | None:
    """One interviewer's part in a score; a severity within noise (under 2 sds) is not
    described as a habit, and contrast only when the engine found it beyond noise."""
    severity, effect = item.get("severity") or 0.0, item.get("effect") or 0.0
    if not is_clear(severity, severity_sd):
        severity = 0.0
    if abs(severity) < SEVERITY_NOTABLE and abs(effect) < 0.05:
        return None
    if abs(severity) < SEVERITY_NOTABLE:
        habit = f"{name} rates like colleagues on average"
    else:
        side = "above" if severity > 0 else "below"
        habit = f"{name} rates {abs(severity):.1f} {side} colleagues on average"
    if abs(effect) < 0.05:
        sentence = f"{habit} (little change for {candidate})"
    else:
        sentence = f"{habit} ({signed(effect)} on {candidate})"
    contrast = item.get("contrast") or 0.0
    if contrast_clear and abs(contrast) >= 0.05:
        sentence += f", {signed(contrast)} of it for the contrast with the candidate seen before"
    return sentence + "."


def explain(
    candidate: dict,
    member_names: dict[str, str],
    interviewers: dict[str, dict],
    rated_by: set[str],
    candidate_name: str = "this candidate",
    contrast_clear: bool = True,
    raw_counts: dict[str, tuple[float, int]] | None = None,
) -> list[str]:
    """Why the calibrated score differs from the raw one, one sentence per interviewer.

    In order of preference: the per-interviewer ``adjustments`` that do_refresh_calibration
    stores beside the engine's output; the engine's ``explanation`` sentences with
    interviewer ids replaced by names (its opening summary is left out: the page shows those
    numbers already); or, for older snapshots, the severity of the interviewers who rated
    the candidate. Then the competencies whose score rests on few ratings (pulled toward the
    job's average), and what the score rests on when that is little."""
    lines: list[str] = []
    adjustments = candidate.get("adjustments")
    if adjustments is not None:
        ordered = sorted(adjustments, key=lambda a: -abs(a.get("effect") or 0.0))
        for item in ordered[:3]:
            ident = str(item.get("interviewer"))
            line = _adjustment_sentence(
                item,
                member_names.get(ident, "One interviewer"),
                candidate_name,
                (interviewers.get(ident) or {}).get("severity_sd") or 0.0,
                contrast_clear,
            )
            if line:
                lines.append(line)
        lines += weight_sentences(weight_rows(candidate, member_names), candidate_name)
    else:
        for text in candidate.get("explanation") or []:
            if not isinstance(text, str) or " scores " in text.split(":")[0]:
                continue
            lines.append(_ID_BEFORE.sub(lambda m: member_names.get(m.group(1), m.group(1)), text))
        if not lines:
            notable = sorted(
                (
                    (interviewers[i].get("severity") or 0.0, i)
                    for i in rated_by
                    if i in interviewers
                    and abs(interviewers[i].get("severity") or 0.0) >= SEVERITY_NOTABLE
                ),
                key=lambda pair: -abs(pair[0]),
            )
            for severity, ident in notable[:3]:
                name = member_names.get(ident, "One interviewer")
                side = "above" if severity > 0 else "below"
                lines.append(f"{name} rates {abs(severity):.1f} {side} colleagues on average.")
    shrunk = shrinkage_sentences(candidate, candidate_name, raw_counts)
    if not lines and not shrunk:
        lines.append("Their interviewers rate like their colleagues, so calibration moves little.")
    return lines + shrunk + thin_evidence(candidate, interviewers, member_names, candidate_name)


def build_comparison(
    result: dict,
    job_id: int,
    finalists: list[Finalist],
    competencies: list[str],
    member_names: dict[str, str],
    rated_by: dict[int, set[str]],
) -> Comparison:
    """Fill the finalists' calibrated figures from the snapshot and write the statements."""
    in_job = job_candidates(result, job_id)
    interviewers = {str(i.get("interviewer")): i for i in result.get("interviewers", []) or []}
    effects = result.get("effects") or {}
    contrast_clear = is_clear(effects.get("contrast"), effects.get("contrast_sd"))
    for f in finalists:
        found = in_job.get(str(f.application_id))
        if not found:
            continue
        f.p_best, f.score, f.sd = found.get("p_best"), found.get("score"), found.get("sd")
        f.group = found.get("group")
        f.equal_weight_score = found.get("equal_weight_score")
        f.weights = weight_rows(found, member_names, f.raw_by_author)
        for name, values in (found.get("competencies") or {}).items():
            if values.get("score") is not None and values.get("sd") is not None:
                f.calibrated[name] = (values["score"], values["sd"])
        f.explanation = explain(
            found,
            member_names,
            interviewers,
            rated_by.get(f.application_id, set()),
            f.name,
            contrast_clear,
            f.raw,
        )
    ordered = sorted(
        finalists,
        key=lambda f: (f.p_best is None, -(f.p_best or 0.0), -(f.score or 0.0), f.name),
    )
    calibrated = [f for f in ordered if f.in_snapshot]
    differences = [
        difference_sentence(calibrated[0], other, competencies) for other in calibrated[1:3]
    ]
    probe = (
        probe_sentence(calibrated[0], calibrated[1], competencies) if len(calibrated) >= 2 else None
    )
    return Comparison(
        finalists=ordered,
        competencies=competencies,
        n_job_candidates=len(in_job),
        lead=lead_sentence(ordered, len(in_job)),
        differences=differences,
        probe=probe,
        blocking=blocking_sentences(ordered),
        equal_weight=equal_weight_statement(calibrated),
        end_piling=end_piling_note(result),
    )
