"""Real data: does calibration predict the raters it did not see better than the mean?

The MIT Interview Dataset (``../shared/data/mit-interview``) has 138 mock interviews
each rated by (nearly) all of 9 crowd raters on a 1-7 scale for ``Overall`` and
``Excited``. Each draw gives every interview an incomplete panel (2 or 3 of its raters,
at random), calibrates those ratings only, and compares predictions of the mean
rating (both traits) of the held-out raters, the ones the engine did not see: the
engine's calibrated score, the naive mean of the seen ratings, and the two
severity-only baselines of ``bench.baselines`` (rater-centred means, additive ridge)
that the engine's extra machinery has to beat. Metrics over the 138
interviews: Pearson r, Spearman rho and RMSE after a linear fit of the held-out mean on
the prediction. All interviews form one job, so scores are comparable across them.

The file has no times, so each draw orders each rater's interviews at random (one per
hour); the contrast effect the engine estimates should then be near zero.

Run: ``.venv/bin/python -m bench.real_data [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from bench.baselines import additive_ridge, rater_centred
from bench.common import candidate_frame, engine_available, machine, run_engine, table
from bench.simulate import EPOCH
from secondround.engine.table import COLUMNS

MIT = "shared/data/mit-interview/turker_scores.csv"
REPO = Path(__file__).resolve().parents[1]
# ``../shared/data`` beside the checkout; from a git worktree in a subdirectory, the
# nearest ``shared/data`` above it.
DATA = next((p / MIT for p in REPO.parents if (p / MIT).exists()), REPO.parent / MIT)
TRAITS = ["Overall", "Excited"]


def load(path: Path = DATA) -> pd.DataFrame:
    """Long ratings: ``candidate, interviewer, competency, rating`` (AGGR rows dropped)."""
    raw = pd.read_csv(path)
    raw = raw[raw["Worker"] != "AGGR"]
    long = raw.melt(
        id_vars=["Participant", "Worker"],
        value_vars=TRAITS,
        var_name="competency",
        value_name="rating",
    )
    long = long.rename(columns={"Participant": "candidate", "Worker": "interviewer"}).dropna()
    long["rating"] = long["rating"].astype(np.int64)
    return long


def draw_panels(
    data: pd.DataFrame, rng: np.random.Generator, sizes=(2, 3)
) -> tuple[pd.DataFrame, pd.Series]:
    """Seen ratings (in Ratings CSV shape) and the held-out mean per interview."""
    pairs = data[["candidate", "interviewer"]].drop_duplicates()
    pairs = pairs.assign(key=rng.random(len(pairs)))
    pairs["rank"] = pairs.groupby("candidate")["key"].rank(method="first")
    n_seen = pd.Series(
        rng.integers(sizes[0], sizes[1] + 1, pairs["candidate"].nunique()),
        index=pairs["candidate"].unique(),
    )
    pairs["seen"] = pairs["rank"] <= pairs["candidate"].map(n_seen)
    d = data.merge(pairs[["candidate", "interviewer", "seen"]], on=["candidate", "interviewer"])
    held = d[~d["seen"]].groupby("candidate")["rating"].mean()
    seen = d[d["seen"]].copy()
    # No times in the file: a random order of each rater's interviews, an hour apart.
    order = pairs[["candidate", "interviewer"]].assign(pos=rng.random(len(pairs)))
    order["pos"] = order.groupby("interviewer")["pos"].rank(method="first")
    seen = seen.merge(order, on=["candidate", "interviewer"])
    seen["interviewed_at"] = EPOCH + (seen["pos"].to_numpy() * 3600).astype("timedelta64[s]")
    seen["job"] = "mit"
    seen["scale_min"], seen["scale_max"] = 1, 7
    return seen[list(COLUMNS)].reset_index(drop=True), held


def metrics(pred: np.ndarray, target: np.ndarray) -> tuple[float, float, float]:
    """Pearson r, Spearman rho and RMSE of the target after a linear fit on ``pred``."""
    r = float(np.corrcoef(pred, target)[0, 1])
    rho = float(spearmanr(pred, target).statistic)
    slope, icpt = np.polyfit(pred, target, 1)
    rmse = float(np.sqrt(np.mean((target - (icpt + slope * pred)) ** 2)))
    return r, rho, rmse


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    ap = argparse.ArgumentParser(description="Held-out rater prediction on the MIT interview data.")
    ap.add_argument("--quick", action="store_true", help="20 draws instead of 200")
    ap.add_argument("--draws", type=int)
    args = ap.parse_args(argv)
    n_draws = args.draws or (20 if args.quick else 200)
    print(f"# Real data: MIT interview ratings\n\nMachine: {machine()}\n")
    if not DATA.exists():
        print(f"SKIPPED: {DATA} is absent (the data set lives beside the checkout, never in it).")
        return
    ok, why = engine_available()
    if not ok:
        print(f"SKIPPED: the engine is not available ({why}).")
        sys.exit(1)
    data = load()
    rng = np.random.default_rng(20261125)
    res = {k: [] for k in ("engine", "naive", "centred", "ridge")}
    contrast, secs = [], []
    for _ in range(n_draws):
        seen, held = draw_panels(data, rng)
        t0 = time.perf_counter()
        result = run_engine(seen)
        secs.append(time.perf_counter() - t0)
        eng = candidate_frame(result)["score"].reindex(held.index).to_numpy()
        naive = seen.groupby("candidate")["rating"].mean().reindex(held.index).to_numpy()
        res["engine"].append(metrics(eng, held.to_numpy()))
        res["naive"].append(metrics(naive, held.to_numpy()))
        for name, baseline in (("centred", rater_centred), ("ridge", additive_ridge)):
            pred = baseline(seen).reindex(held.index).to_numpy()
            res[name].append(metrics(pred, held.to_numpy()))
        effects = getattr(result, "effects", None)
        if effects is not None:
            contrast.append(effects.contrast)
    e, n = np.array(res["engine"]), np.array(res["naive"])
    cen, rid = np.array(res["centred"]), np.array(res["ridge"])
    rows = []
    for j, name in enumerate(["Pearson r", "Spearman rho", "RMSE after linear fit"]):
        better = e[:, j] < n[:, j] if j == 2 else e[:, j] > n[:, j]
        better_c = e[:, j] < cen[:, j] if j == 2 else e[:, j] > cen[:, j]
        rows.append(
            [
                name,
                f"{e[:, j].mean():.3f} ± {e[:, j].std():.3f}",
                f"{n[:, j].mean():.3f} ± {n[:, j].std():.3f}",
                f"{cen[:, j].mean():.3f} ± {cen[:, j].std():.3f}",
                f"{rid[:, j].mean():.3f} ± {rid[:, j].std():.3f}",
                f"{(e[:, j] - n[:, j]).mean():+.3f} ± {(e[:, j] - n[:, j]).std():.3f}",
                f"{(e[:, j] - cen[:, j]).mean():+.3f} ± {(e[:, j] - cen[:, j]).std():.3f}",
                f"{better.mean():.2f}",
                f"{better_c.mean():.2f}",
            ]
        )
    n_int = data["candidate"].nunique()
    print(
        f"{n_draws} draws; {n_int} interviews, each rated by 2-3 of its raters (random); target: "
        "mean of the held-out raters' ratings (both traits).\n"
    )
    print(
        table(
            [
                "metric",
                "engine (mean ± sd)",
                "naive mean",
                "rater-centred",
                "additive ridge",
                "engine − naive",
                "engine − centred",
                "engine beats naive",
                "engine beats centred",
            ],
            rows,
        )
    )
    print(f"\nEngine time per draw: {np.mean(secs):.2f} s.")
    if contrast:
        print(
            "Engine contrast estimate (times are random here, truth 0): "
            f"{np.mean(contrast):+.3f} ± {np.std(contrast):.3f}"
        )


if __name__ == "__main__":
    main()
