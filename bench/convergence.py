"""How far the engine's fit stops from its fixed point, on one ratings file.

Files of 20,000 interviews or more (``model.SMALL_G``) stop the interview-level EM at a
few thousandths of a point and at most ``n_inner`` map evaluations per pass; smaller
ones converge to 1e-8. This runs the engine on a file both ways, as it is and with every
pass held to the small-file rule, and prints, per pass, the map evaluations and the
halo variance (``s2_eta``) where each stopped, then how far the scores, sds and P(best)
of the first are from the second.

    PYTHONPATH=. .venv/bin/python -m bench.convergence RATINGS.csv [--likelihood ordinal]

(The ordinal likelihood on a large file, whose halo variance heads for its floor, and the
Newton step that lets it settle within the cap: docs/engine.md, "Ordinal likelihood".)
"""

from __future__ import annotations

import argparse
import math
from contextlib import contextmanager

import numpy as np

from bench.common import machine, table
from secondround.engine import model
from secondround.engine.api import compute
from secondround.engine.csvio import read_ratings_csv
from secondround.engine.em_state import Params


@contextmanager
def counted_passes(passes: list[tuple[int, float]], tight: bool):
    """Record each pass's map evaluations and final halo variance; with ``tight``, hold
    every pass to the small-file rule (``model.SMALL_G`` out of reach)."""
    squarem, small = model.squarem, model.SMALL_G

    def counting(F, x, max_evals, n, tol):
        calls = [0]

        def F_counted(vec):
            calls[0] += 1
            return F(vec)

        out = squarem(F_counted, x, max_evals, n, tol)
        passes.append((calls[0], Params.unpack(out, n).s2_eta))
        return out

    model.squarem = counting
    if tight:
        model.SMALL_G = math.inf
    try:
        yield passes
    finally:
        model.squarem, model.SMALL_G = squarem, small


def run(path: str, likelihood: str, tight: bool):
    """The engine's computed arrays on ``path`` and its passes."""
    passes: list[tuple[int, float]] = []
    with counted_passes(passes, tight):
        k = compute(read_ratings_csv(path), likelihood=likelihood)
    return k, passes


def compare(path: str, likelihood: str = "face") -> dict:
    """The fit as it is against the same fit run to 1e-8: passes and largest differences."""
    loose, loose_passes = run(path, likelihood, tight=False)
    tight, tight_passes = run(path, likelihood, tight=True)
    diff = {
        name: np.abs(getattr(loose, name) - getattr(tight, name))
        for name in ("score", "sd", "p_best", "severity", "severity_sd")
    }
    return {"passes": (loose_passes, tight_passes), "diff": diff}


def main(argv: list[str] | None = None) -> None:
    """Print the passes and the differences."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ratings", help="a ratings CSV")
    ap.add_argument("--likelihood", choices=["face", "ordinal"], default="face")
    args = ap.parse_args(argv)
    out = compare(args.ratings, args.likelihood)
    print(f"# Convergence of the fit: {args.ratings}, {args.likelihood}\n\nMachine: {machine()}\n")
    loose, tight = out["passes"]
    rows = [
        [
            k + 1,
            *(loose[k] if k < len(loose) else ("", "")),
            *(tight[k] if k < len(tight) else ("", "")),
        ]
        for k in range(max(len(loose), len(tight)))
    ]
    print(
        table(
            ["pass", "evaluations", "s2_eta", "evaluations, to 1e-8", "s2_eta, to 1e-8"],
            rows,
            ".4f",
        )
    )
    print()
    rows = [
        [name, float(d.max()), float(np.sqrt(np.mean(d**2)))] for name, d in out["diff"].items()
    ]
    print(
        table(
            ["output (points; P(best) as a probability)", "largest difference", "RMS"], rows, ".5f"
        )
    )


if __name__ == "__main__":
    main()
