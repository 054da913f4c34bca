"""Coverage of the interviewers' sds: are severity_sd and scale_use_sd the right size?

For simulated organisations (``bench.simulate``) it compares each interviewer's
estimated severity and scale use with the simulated truth, put on the engine's
conventions (severities averaging 0 and scale uses with a geometric mean of 1, both
weighted by ratings). If the reported sds were right, the errors divided by them would
have an SD of 1.

Run: ``.venv/bin/python -m bench.rater_sds [--orgs N]``.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from bench.common import machine, run_engine, table
from bench.simulate import SimConfig, simulate


def interviewer_z(sim, res, groups: np.ndarray | None = None, raw: bool = False) -> pd.DataFrame:
    """Per interviewer: errors of severity and scale use over their reported sds.

    The truth is put on the engine's conventions (severities averaging 0, scale uses
    with a geometric mean of 1, both weighted by ratings), within each of ``groups``
    (one label per interviewer of ``sim``, e.g. its department; default one group),
    the estimates likewise, since only differences within a connected group are
    identified. An interviewer's true severity is their mean offset over their ratings:
    the simulated severity plus their mean drift and their mean contrast shift. The
    engine's contrast regressor is the previous impression relative to the
    interviewer's own average (``model.py``), so the part of the contrast shift that
    every interview of theirs shares (``contrast * (their mean rating - midpoint)``,
    about ``contrast * severity``) is part of the severity it estimates; without it the
    truth would be off by about 10% of each severity (contrast -0.1), an error that no
    sd of the engine's severity covers. ``raw=True`` keeps the simulated severity (plus
    drift) as the truth. One-value raters have no scale use to estimate and are left
    out.
    """
    est = pd.DataFrame(
        [
            (i.interviewer, i.severity, i.severity_sd, i.scale_use, i.scale_use_sd, i.n_ratings)
            for i in res.interviewers
        ],
        columns=["interviewer", "b_hat", "b_sd", "a_hat", "a_sd", "n"],
    )
    cards = sim.cards
    n_rated = cards["rated"].sum(axis=1)
    n_int = len(sim.interviewers)
    shift = cards["drift"] if raw else cards["drift"] + cards["contrast"]
    drift = np.bincount(cards["int"], n_rated * shift, n_int) / np.maximum(
        np.bincount(cards["int"], n_rated, n_int), 1
    )
    informative = np.bincount(cards["int"], ~cards["informative"], n_int) == 0
    truth = sim.interviewers.assign(
        severity=sim.interviewers["severity"] + drift,
        group=np.zeros(n_int, int) if groups is None else groups,
        informative=informative,
    )
    d = est.merge(truth, on="interviewer")
    d = d[d["informative"]].copy()

    def centre(g: pd.DataFrame) -> pd.DataFrame:
        w = g["n"] / g["n"].sum()
        g = g.copy()
        g["b"] = g["severity"] - (w * g["severity"]).sum()
        g["a"] = g["scale_use"] / np.exp((w * np.log(g["scale_use"])).sum())
        g["b_hat"] = g["b_hat"] - (w * g["b_hat"]).sum()
        g["a_hat"] = g["a_hat"] / np.exp((w * np.log(g["a_hat"])).sum())
        return g

    d = pd.concat([centre(g) for _, g in d.groupby("group")])
    d["z_severity"] = (d["b_hat"] - d["b"]) / d["b_sd"]
    d["z_scale_use"] = (d["a_hat"] - d["a"]) / d["a_sd"]
    d["busy"] = d["n"] >= d["n"].median()
    return d


def z_scores(scale: tuple[int, int], seed: int) -> dict[str, np.ndarray]:
    """Errors over reported sds of one organisation's interviewers."""
    sim = simulate(SimConfig().with_(scale=scale), seed=seed)
    res = run_engine(sim.ratings, seed=seed)
    d = interviewer_z(sim, res)
    raw = interviewer_z(sim, res, raw=True)
    return {
        "scale use": d["z_scale_use"].to_numpy(),
        "severity": d["z_severity"].to_numpy(),
        "severity, simulated truth": raw["z_severity"].to_numpy(),
        "busy": d["busy"].to_numpy(),
        "scale use error": (d["a_hat"] - d["a"]).to_numpy(),
        "scale use sd": d["a_sd"].to_numpy(),
    }


def main(argv: list[str] | None = None) -> None:
    """Run the check and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orgs", type=int, default=20, help="organisations per scale (20)")
    ap.add_argument("--quick", action="store_true", help="3 organisations per scale")
    args = ap.parse_args(argv)
    n_orgs = 3 if args.quick else args.orgs
    print(f"# Interviewers' sds\n\nMachine: {machine()}\n")
    rows = []
    for scale in ((1, 4), (1, 5)):
        parts = [z_scores(scale, 1000 + s) for s in range(n_orgs)]
        z = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        busy = z["busy"]
        rows.append(
            [
                f"{scale[0]}-{scale[1]}",
                len(z["severity"]),
                *(float(np.std(z["severity"][m])) for m in (busy | ~busy, busy, ~busy)),
                *(float(np.std(z["scale use"][m])) for m in (busy | ~busy, busy, ~busy)),
                float(np.std(z["severity, simulated truth"])),
                float(np.sqrt(np.mean(z["scale use error"] ** 2))),
                float(np.mean(z["scale use sd"])),
            ]
        )
    heads = ["scale", "interviewers", "SD of z, severity", "busy", "quiet"]
    heads += ["SD of z, scale use", "busy", "quiet", "severity against the simulated severity"]
    heads += ["RMS error, scale use", "mean scale_use_sd"]
    print(table(heads, rows, ".2f"))
    print(
        "\nz = (estimate - truth) / reported sd; 1.00 means the sds are the right size. Busy:"
        " at least the median number of ratings. The truth of a severity includes the"
        " interviewer's mean contrast shift (see interviewer_z); the last but two column"
        " leaves it out."
    )


if __name__ == "__main__":
    main()
