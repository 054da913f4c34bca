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

from bench.common import machine, run_engine, table
from bench.simulate import SimConfig, simulate


def z_scores(scale: tuple[int, int], seed: int) -> dict[str, np.ndarray]:
    """Errors over reported sds of one organisation's interviewers."""
    sim = simulate(SimConfig().with_(scale=scale), seed=seed)
    res = run_engine(sim.ratings, seed=seed)
    est = res.interviewers
    truth = sim.interviewers.set_index("interviewer").loc[[i.interviewer for i in est]]
    n = np.array([i.n_ratings for i in est], dtype=float)
    a = truth["scale_use"].to_numpy()
    a = a / np.exp(np.sum(n * np.log(a)) / n.sum())
    b = truth["severity"].to_numpy()
    b = b - np.sum(n * b) / n.sum()
    a_hat = np.array([i.scale_use for i in est])
    b_hat = np.array([i.severity for i in est])
    return {
        "scale use": (a_hat - a) / np.array([i.scale_use_sd for i in est]),
        "severity": (b_hat - b) / np.array([i.severity_sd for i in est]),
        "scale use error": a_hat - a,
        "scale use sd": np.array([i.scale_use_sd for i in est]),
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
        rows.append(
            [
                f"{scale[0]}-{scale[1]}",
                len(z["severity"]),
                float(np.std(z["severity"])),
                float(np.std(z["scale use"])),
                float(np.sqrt(np.mean(z["scale use error"] ** 2))),
                float(np.mean(z["scale use sd"])),
            ]
        )
    heads = ["scale", "interviewers", "SD of z, severity", "SD of z, scale use"]
    heads += ["RMS error, scale use", "mean scale_use_sd"]
    print(table(heads, rows, ".2f"))
    print("\nz = (estimate - truth) / reported sd; 1.00 means the sds are the right size.")


if __name__ == "__main__":
    main()
