"""Upper bound of the drift model: the engine with each interview's *true* drift in place of
its estimate, on organisations saved by ``bench.stress --save`` (scenario "drift").

    PYTHONPATH=. .venv/bin/python -m bench.drift_bound SAVED_DIR OUT_DIR
    .venv/bin/python -m bench.stress_compare SAVED_DIR OUT_DIR --scenario drift

What is left between the engine and this bound is the error of the drift estimate
(docs/engine.md, "Measurements of the drift smoother"). The true drift is the simulator's
(``bench.structures.Drift``), in the engine's units and centred per interviewer, as the
engine's own offsets are. A diagnostic, not a benchmark of the product: it patches the
engine's drift step for the length of the run.
"""

import sys
from pathlib import Path

import numpy as np

import bench.stress as stress
import bench.stress_rerun as stress_rerun
from secondround.engine import api, model

SCENARIO = "drift"


def rerun_with_true_drift(source: Path, target: Path) -> float:
    seen = {}
    build_design, simulate, drift_offsets = api.build_design, stress.simulate, model.drift_offsets

    def keep_design(table):
        seen["design"], seen["table"] = build_design(table), table
        return seen["design"]

    def keep_simulation(*args, **kwargs):
        seen["sim"] = simulate(*args, **kwargs)
        return seen["sim"]

    def true_drift(resid, rater_g, prev_g, time_order, n_i, *rest):
        d, table, cards = seen["design"], seen["table"], seen["sim"].cards
        by_pair = {
            (f"C{c}", f"I{i}"): drift
            for c, i, drift in zip(cards["cand"], cards["int"], cards["drift"], strict=True)
        }
        truth = (
            np.array(
                [
                    by_pair[table.candidate_ids[c], table.interviewer_ids[r]]
                    for c, r in zip(d.cand_g, d.rater_g, strict=True)
                ]
            )
            / d.width
        )
        per_rater = np.maximum(np.bincount(rater_g, minlength=n_i), 1)
        return truth - (np.bincount(rater_g, truth, n_i) / per_rater)[rater_g], 1.0

    api.build_design, stress.simulate, model.drift_offsets = (
        keep_design,
        keep_simulation,
        true_drift,
    )
    try:
        return stress_rerun.rerun(SCENARIO, source, target)
    finally:
        api.build_design, stress.simulate, model.drift_offsets = (
            build_design,
            simulate,
            drift_offsets,
        )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.exit(__doc__)
    target = Path(args[1])
    target.mkdir(parents=True, exist_ok=True)
    print(f"{SCENARIO} with the true drift: {rerun_with_true_drift(Path(args[0]), target):.0f} s")


if __name__ == "__main__":
    main()
