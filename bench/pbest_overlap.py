"""Could P(best)'s own-noise normals be drawn on the second core while the model fits?

Times, in alternating pairs, the fit followed by the draws against the draws in a
second thread beside the fit (numpy releases the GIL in both loops). A measurement of a
lead for the command line's wall time (docs/benchmarks.md, section 3). The engine does
not do this: branch `pbest2` built it (P(best)'s own noise from its own stream, drawn
in a thread started before the fit; commits aabad95 and 9275c07) and dropped it: on the
shared AMD EPYC the process got no second core (wall = CPU) and the command line's wall
time did not fall; at rest it did (0.97 times main's wall, about 0.24 s at 1M ratings),
too little to bring the command level with the engine before issue #11, for 75 MiB more
(docs/benchmarks.md, "Issue #11, branch `pbest2`" and "main at the end of the session
of 2026-11-28 02:30-05:30").

    .venv/bin/python -m bench.pbest_overlap RATINGS.csv [--pairs N]
"""

from __future__ import annotations

import argparse
import os
import threading
import time

if __name__ == "__main__":  # as the command line starts OpenBLAS: before numpy loads
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from secondround.engine.csvio import read_ratings_csv  # noqa: E402
from secondround.engine.design import build_design  # noqa: E402
from secondround.engine.model import fit_model  # noqa: E402
from secondround.engine.posterior import n_draws  # noqa: E402


def timed_pairs(path: str, pairs: int) -> list[tuple[str, float, float]]:
    """(mode, wall s, CPU s) of ``pairs`` alternating sequential and overlapped runs."""
    d = build_design(read_ratings_csv(path))
    n_c = len(d.n_c)
    draws = np.empty(n_c * n_draws(n_c), np.float32)  # the own noise of every candidate

    def draw() -> None:
        np.random.default_rng(0).standard_normal(dtype=np.float32, out=draws)

    rows = []
    for _ in range(pairs):
        for mode in ("sequential", "overlapped"):
            wall, cpu = time.perf_counter(), time.process_time()
            if mode == "sequential":
                fit_model(d)
                draw()
            else:
                worker = threading.Thread(target=draw)
                worker.start()
                fit_model(d)
                worker.join()
            rows.append((mode, time.perf_counter() - wall, time.process_time() - cpu))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ratings")
    parser.add_argument("--pairs", type=int, default=4)
    args = parser.parse_args(argv)
    for mode, wall, cpu in timed_pairs(args.ratings, args.pairs):
        print(f"{mode:11s} wall {wall:.2f} s  CPU {cpu:.2f} s", flush=True)


if __name__ == "__main__":
    main()
