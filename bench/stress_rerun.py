"""Re-run only the engine on organisations saved by ``bench.stress --save``: the same
simulated organisations, with the oracle's posterior looked up in the saved frames
rather than sampled again (the oracle is most of a stress run's time).

    python -m bench.stress_rerun SAVED_DIR OUT_DIR SCENARIO [SCENARIO ...]

Run it in a checkout of the engine to measure (``PYTHONPATH=.`` from that checkout's
root), then compare with ``python -m bench.stress_compare SAVED_DIR OUT_DIR``: the naive
means, baselines and oracle are those of SAVED_DIR, so the difference is the engine's.
"""

import sys
import time
from pathlib import Path

import pandas as pd

import bench.stress as stress


def rerun(name: str, source: Path, target: Path) -> float:
    """Re-run scenario ``name``'s saved organisations; returns the seconds it took."""
    candidates, _, _ = stress.saved(name, source)
    by_seed = {seed: frame for seed, frame in candidates.groupby("org")}

    def saved_oracle(sim, n_iter, seed):
        rows = by_seed[seed].set_index("candidate").reindex(sim.candidates["candidate"])
        return rows["oracle"].to_numpy(), rows["oracle_pb"].to_numpy()

    seeds = sorted(by_seed)
    start = time.time()
    sampling, stress.oracle_posterior = stress.oracle_posterior, saved_oracle
    try:
        parts = [stress.one_org(name, seed) for seed in seeds]
    finally:
        stress.oracle_posterior = sampling
    frame = pd.concat([part[0] for part in parts], ignore_index=True)
    frame["job_key"] = pd.factorize(frame["org"].astype(str) + "/" + frame["job"])[0]
    raters = pd.concat([part[1] for part in parts], ignore_index=True)
    orgs = pd.DataFrame([part[2] for part in parts])
    out = target / f"{stress._slug(name)}-{seeds[0]}-{seeds[-1]}.pkl"
    pd.to_pickle((frame, raters, orgs), out)
    return time.time() - start


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3:
        sys.exit(__doc__)
    source, target, names = Path(args[0]), Path(args[1]), args[2:]
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        print(f"{name}: {rerun(name, source, target):.0f} s", flush=True)


if __name__ == "__main__":
    main()
