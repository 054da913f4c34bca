"""Fast writer of the Calibration JSON straight from computed arrays.

Gives the same document as ``build_result(k).to_json()`` (a test checks it),
without building a million Python objects first: floats are rounded in bulk with
numpy and each candidate becomes one formatted string.
"""

from __future__ import annotations

import json
import re

import numpy as np

from .api import Computed
from .explain import explain_sentences
from .reliability import ICC_NAMES
from .result import DECIMALS

EXPLAIN_AUTO_LIMIT = 20_000  # candidates; beyond this "auto" leaves explanations out


def _floats(x: np.ndarray) -> list[str]:
    """JSON texts of rounded floats ("null" for NaN or infinities).

    The value is ``np.round(x, DECIMALS)``, i.e. ``rint(x * 10**DECIMALS) /
    10**DECIMALS``. Rounded values repeat a lot (a million scores take a few
    tens of thousands of distinct values), so each distinct value is formatted
    once and the texts are gathered: formatting is the writer's main cost.
    """
    import pandas as pd  # imported here: importing the engine stays light

    x = np.asarray(x, dtype=np.float64)
    finite = np.isfinite(x)
    steps = np.rint(np.where(finite, x, 0.0) * 10.0**DECIMALS)
    steps[~finite] = np.nan  # factorised to code -1
    codes, uniq = pd.factorize(steps, use_na_sentinel=True)
    texts = [repr(v) for v in (np.asarray(uniq) / 10.0**DECIMALS).tolist()] + ["null"]
    return np.asarray(texts, dtype=object)[codes].tolist()


_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')


def _strings(labels) -> list[str]:
    """JSON texts of labels; labels without quotes, backslashes or controls go as they are."""
    labels = labels.tolist()
    if _UNSAFE.search("".join(labels)) is None:
        return ['"' + s + '"' for s in labels]
    return [json.dumps(s, ensure_ascii=False) for s in labels]


def dumps(k: Computed, explanations: bool | None = None) -> str:
    """The Calibration JSON text.

    Parameters
    ----------
    k : Computed
    explanations : bool or None
        Include each candidate's explanation; None means "when there are at most
        EXPLAIN_AUTO_LIMIT candidates" (they cost time and space on huge inputs).
    """
    t, d = k.table, k.design
    C = len(k.score)
    if explanations is None:
        explanations = C <= EXPLAIN_AUTO_LIMIT
    comp_names = _strings(t.competency_ids)
    job_names = _strings(t.job_ids)
    cand_names = _strings(t.candidate_ids)
    cells = [
        f'{comp_names[c]}: {{"score": {s}, "sd": {sd}}}'
        for c, s, sd in zip(d.cell_comp.tolist(), _floats(k.cell_score), _floats(k.cell_sd))
    ]
    score, sd, raw = _floats(k.score), _floats(k.sd), _floats(k.raw_mean)
    jobs = d.job_c.tolist()
    groups = d.cand_group.tolist()
    c_st = k.cell_start.tolist()
    interviewers = [
        f'{{"interviewer": {name}, "severity": {s}, "severity_sd": {ssd}, "n_ratings": {n}, '
        f'"scale_use": {a}, "scale_use_sd": {asd}, "connected": {"true" if con else "false"}, '
        f'"group": {grp + 1}, "flag": {json.dumps(flag or None)}}}'
        for name, s, ssd, n, a, asd, con, grp, flag in zip(
            _strings(t.interviewer_ids),
            _floats(k.severity),
            _floats(k.severity_sd),
            d.n_i.tolist(),
            _floats(k.fit.a),
            _floats(k.scale_use_sd),
            d.connected.tolist(),
            d.group.tolist(),
            k.rater_flag,
        )
    ]
    e = k.effects
    ef = _floats(np.array([e.contrast, e.contrast_sd, e.halo]))
    rel_model = _floats(k.rel_model)
    icc_txt = {name: _floats(k.iccs[name]) for name in ICC_NAMES}
    rel = []
    for j, complete in enumerate(k.complete.tolist()):
        if complete:
            icc = "{" + ", ".join(f'"{name}": {icc_txt[name][j]}' for name in ICC_NAMES) + "}"
            rel.append(
                f'{job_names[j]}: {{"design": "complete", "model": {rel_model[j]}, "icc": {icc}}}'
            )
        else:
            rel.append(
                f'{job_names[j]}: {{"design": "incomplete", "model": {rel_model[j]}, "icc": null}}'
            )
    # Everything above is P(best)'s to overlap: compute(p_best_beside=True) may still be
    # drawing it in another thread.
    k.settle()
    pb = _floats(k.p_best)
    if explanations:
        g_st = k.interview_start.tolist()
        int_ids = t.interviewer_ids.tolist()
        rater = d.rater_g.tolist()
        sev, a, con = k.severity.tolist(), k.fit.a.tolist(), k.rater_flag
        sev_sd, use_sd = k.severity_sd.tolist(), k.scale_use_sd.tolist()
        eff, ctr = k.effect_g.tolist(), k.contrast_g.tolist()
        n_g, wgt = d.n_g.tolist(), k.weight_g.tolist()
        jl, cl = t.job_ids.tolist(), t.candidate_ids.tolist()
        sl, sdl, pl, rl, nl = (
            k.score.tolist(),
            k.sd.tolist(),
            k.p_best.tolist(),
            k.raw_mean.tolist(),
            d.n_c.tolist(),
        )
    parts = []
    for c in k.order.tolist():
        comps = ", ".join(cells[c_st[c] : c_st[c + 1]])
        item = (
            f'{{"job": {job_names[jobs[c]]}, "candidate": {cand_names[c]}, '
            f'"score": {score[c]}, "sd": {sd[c]}, "p_best": {pb[c]}, "raw_mean": {raw[c]}, '
            f'"group": {groups[c] + 1}, "competencies": {{{comps}}}'
        )
        if explanations:
            facts = [
                (
                    int_ids[rater[g]],
                    sev[rater[g]],
                    a[rater[g]],
                    con[rater[g]],
                    eff[g],
                    ctr[g],
                    n_g[g],
                    wgt[g],
                    sev_sd[rater[g]],
                    use_sd[rater[g]],
                )
                for g in range(g_st[c], g_st[c + 1])
            ]
            text = explain_sentences(
                cl[c],
                jl[jobs[c]],
                sl[c],
                sdl[c],
                rl[c],
                nl[c],
                pl[c],
                facts,
                None,
                k.contrast_clear,
            )
            item += f', "explanation": {json.dumps(text, ensure_ascii=False)}'
        parts.append(item + "}")
    # One join: a chain of + copies the whole text (35 MB at 1M ratings) at every step.
    return "".join(
        [
            '{"candidates": [',
            ",\n".join(parts),
            '],\n"interviewers": [',
            ",\n".join(interviewers),
            "],\n",
            f'"effects": {{"contrast": {ef[0]}, "contrast_sd": {ef[1]}, "halo": {ef[2]}}},\n',
            '"reliability": {',
            ",\n".join(rel),
            "},\n",
            f'"warnings": {json.dumps(k.warnings, ensure_ascii=False)}}}\n',
        ]
    )
