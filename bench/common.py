"""Helpers shared by the benchmarks: the engine adapter, machine facts, tables."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Sequence

import numpy as np
import pandas as pd


def engine_available() -> tuple[bool, str]:
    """Whether ``secondround.engine`` imports, and the error if not."""
    try:
        from secondround.engine import RatingsTable, calibrate  # noqa: F401
    except Exception as exc:  # any failure means "not ready"; report it, don't crash
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def run_engine(ratings: pd.DataFrame, seed: int = 0):
    """Calibrate a ratings frame (the Ratings CSV columns) with the engine.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Columns ``job, candidate, interviewer, competency, rating, scale_min,
        scale_max, interviewed_at`` (``interviewed_at`` datetime64 or float seconds).
    seed : int
        The engine's seed.

    Returns
    -------
    result
        The engine's calibration result.
    """
    from secondround.engine import RatingsTable, calibrate

    table = RatingsTable.from_columns(
        ratings["job"].to_numpy(dtype=str),
        ratings["candidate"].to_numpy(dtype=str),
        ratings["interviewer"].to_numpy(dtype=str),
        ratings["competency"].to_numpy(dtype=str),
        ratings["rating"].to_numpy(dtype=np.int64),
        ratings["scale_min"].to_numpy(dtype=np.int64),
        ratings["scale_max"].to_numpy(dtype=np.int64),
        ratings["interviewed_at"].to_numpy(),
    )
    # BENCH_LIKELIHOOD=ordinal runs every benchmark with the ordinal likelihood.
    return calibrate(table, seed=seed, likelihood=os.environ.get("BENCH_LIKELIHOOD", "face"))


def candidate_frame(result) -> pd.DataFrame:
    """The engine's candidate estimates as a frame indexed by candidate id."""
    rows = [
        {"candidate": c.candidate, "score": c.score, "sd": c.sd, "p_best": c.p_best, "job": c.job}
        for c in result.candidates
    ]
    return pd.DataFrame(rows).set_index("candidate")


def machine() -> str:
    """One line describing this machine, for benchmark output."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        mem_kb = 0
    return (
        f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {model}, "
        f"{mem_kb / 2**20:.1f} GiB RAM, Python {platform.python_version()}, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        # The machine is shared: the load says how much the timings can be trusted.
        f"load average {os.getloadavg()[0]:.2f}"
    )


def table(headers: Sequence[str], rows: Sequence[Sequence], floatfmt: str = ".3f") -> str:
    """A Markdown table, so output can be pasted into docs/benchmarks.md as is."""

    def cell(v) -> str:
        if isinstance(v, float | np.floating):
            return format(v, floatfmt)
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
