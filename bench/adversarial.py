"""Adversarial inputs: small ratings files that break a calibration engine's assumptions.

Each case is a function returning a pandas DataFrame in the Ratings CSV columns
(``job, candidate, interviewer, competency, rating, scale_min, scale_max,
interviewed_at``), deterministic and small enough for a unit test. ``CASES`` maps a
short name to ``(builder, what a sensible engine should say)``; tests in
``tests/engine`` can import them. ``python -m bench.adversarial [--case NAME]`` runs the
engine on each and prints what it says: candidates' scores, sds and P(best), the
interviewers it calibrated, the reliability of each job and its warnings.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
import pandas as pd

from bench.common import run_engine
from bench.simulate import EPOCH, write_ratings_csv

SKILLS = ("problem solving", "communication")


class _Builder:
    """Collects scorecards; each new card is an hour after the previous one."""

    def __init__(self, scale: tuple[int, int] = (1, 5), same_time: bool = False):
        self.rows: list[dict] = []
        self.scale = scale
        self.same_time = same_time
        self.hour = 0

    def card(self, job: str, candidate: str, interviewer: str, *ratings: int) -> None:
        at = EPOCH + np.timedelta64(0 if self.same_time else 3600 * self.hour, "s")
        self.hour += 1
        for comp, rating in zip(SKILLS, ratings, strict=True):
            self.rows.append(
                {
                    "job": job,
                    "candidate": candidate,
                    "interviewer": interviewer,
                    "competency": comp,
                    "rating": int(rating),
                    "scale_min": self.scale[0],
                    "scale_max": self.scale[1],
                    "interviewed_at": at,
                }
            )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)


def _team(
    b: _Builder, job: str, interviewers: list[str], lenient: dict[str, int], n: int, seed: int
):
    """A job whose candidates each meet 3 of ``interviewers``; ``lenient`` adds points."""
    rng = np.random.default_rng(seed)
    lo, hi = b.scale
    mid = (lo + hi) / 2
    for k in range(n):
        quality = rng.normal(0.0, (hi - lo) / 6)
        for who in rng.choice(interviewers, 3, replace=False):
            r = mid + quality + lenient.get(who, 0) + rng.normal(0.0, (hi - lo) / 10, 2)
            b.card(job, f"{job}-c{k}", who, *np.clip(np.round(r), lo, hi))


def one_interviewer() -> pd.DataFrame:
    """One interviewer rates all four candidates of a job."""
    b = _Builder()
    for k, r in enumerate([(4, 4), (3, 4), (2, 3), (5, 4)]):
        b.card("job", f"c{k}", "ann", *r)
    return b.frame()


def one_candidate() -> pd.DataFrame:
    """A job with a single candidate, met by three interviewers."""
    b = _Builder()
    for who, r in zip(["ann", "bob", "cy"], [(4, 4), (3, 4), (4, 5)]):
        b.card("job", "only", who, *r)
    return b.frame()


def all_one_value() -> pd.DataFrame:
    """Everyone gives 3 to everything: there is nothing to tell candidates apart."""
    b = _Builder()
    for k in range(5):
        for who in ["ann", "bob", "cy"]:
            b.card("job", f"c{k}", who, 3, 3)
    return b.frame()


def one_value_rater() -> pd.DataFrame:
    """One interviewer gives only 4s; the others use the scale."""
    b = _Builder()
    people = ["ann", "bob", "cy", "dee", "eve"]
    _team(b, "job", people, {}, 12, seed=1)
    df = b.frame()
    df.loc[df["interviewer"] == "ann", "rating"] = 4
    return df


def lenient_solo() -> pd.DataFrame:
    """``solo`` is seen by one interviewer known to be lenient; ``trio`` by three, 4.17."""
    b = _Builder()
    people = ["len", "bob", "cy", "dee", "eve"]
    _team(b, "past", people, {"len": 1}, 4, seed=2)
    b.card("open", "solo", "len", 5, 5)
    for who, r in zip(["bob", "cy", "dee"], [(4, 4), (4, 5), (4, 4)]):
        b.card("open", "trio", who, *r)
    for who, r in zip(["eve", "bob"], [(3, 3), (3, 4)]):
        b.card("open", "third", who, *r)
    return b.frame()


def disconnected_panels() -> pd.DataFrame:
    """One job, two panels that share nobody; the second panel rates a point higher."""
    b = _Builder()
    _team(b, "job", ["ann", "bob", "cy"], {}, 4, seed=12)
    df_a = b.frame()
    b2 = _Builder()
    b2.hour = b.hour
    _team(b2, "job", ["dee", "eve", "fay"], {"dee": 1.5, "eve": 1.5, "fay": 1.5}, 4, seed=4)
    df_b = b2.frame()
    df_b["candidate"] = df_b["candidate"].str.replace("job-c", "job-d")
    return pd.concat([df_a, df_b], ignore_index=True)


def scale_0_100() -> pd.DataFrame:
    """Ratings on a 0-100 scale."""
    b = _Builder(scale=(0, 100))
    _team(b, "job", ["ann", "bob", "cy", "dee"], {"ann": 15}, 8, seed=5)
    return b.frame()


def equal_timestamps() -> pd.DataFrame:
    """Every scorecard has the same time: there is no interview order."""
    b = _Builder(same_time=True)
    _team(b, "job", ["ann", "bob", "cy", "dee"], {"ann": 1}, 8, seed=6)
    return b.frame()


def two_departments() -> pd.DataFrame:
    """Two departments that never share an interviewer; the second one's are lenient."""
    b = _Builder()
    _team(b, "eng-1", ["ann", "bob", "cy", "dee"], {"ann": 1}, 6, seed=7)
    _team(b, "eng-2", ["ann", "bob", "cy", "dee"], {"ann": 1}, 6, seed=8)
    _team(b, "sales-1", ["kim", "lee", "max", "ned"], {"kim": 1, "lee": 1}, 6, seed=9)
    _team(b, "sales-2", ["kim", "lee", "max", "ned"], {"kim": 1, "lee": 1}, 6, seed=10)
    return b.frame()


CASES: dict[str, tuple[Callable[[], pd.DataFrame], str]] = {
    "one interviewer": (one_interviewer, "no calibration possible; say so"),
    "one candidate": (one_candidate, "P(best) 1 trivially; no comparison"),
    "all one value": (all_one_value, "equal scores; reliability not high"),
    "one-value rater": (one_value_rater, "others' scale use not stretched; flag the rater"),
    "lenient solo": (lenient_solo, "solo not confidently best; flag one-interviewer candidate"),
    "disconnected panels": (disconnected_panels, "groups not comparable; no 100% P(best)"),
    "0-100 scale": (scale_0_100, "works on the wide scale"),
    "equal timestamps": (equal_timestamps, "no order: no contrast, a warning"),
    "two departments": (two_departments, "both departments calibrated; groups named"),
}


def describe(name: str, ratings: pd.DataFrame) -> str:
    """What the engine says about one case, as plain text."""
    lines = [f"## {name}: {CASES[name][1]}", f"{len(ratings)} ratings"]
    try:
        res = run_engine(ratings)
    except Exception as exc:  # a refusal is an answer too; show it
        return "\n".join(lines + [f"ENGINE RAISED {type(exc).__name__}: {exc}"])
    lines.append("candidates (job, candidate, raw mean, score, sd, P(best)):")
    for c in sorted(res.candidates, key=lambda c: (c.job, -c.score)):
        lines.append(
            f"  {c.job:8} {c.candidate:10} {c.raw_mean:6.2f} {c.score:+7.2f} {c.sd:6.2f} "
            f"{c.p_best:5.0%}"
        )
    lines.append("interviewers (severity ± sd, scale use ± sd, connected):")
    for i in res.interviewers:
        lines.append(
            f"  {i.interviewer:5} {i.severity:+6.2f} ± {i.severity_sd:.2f}  "
            f"{i.scale_use:5.2f} ± {i.scale_use_sd:.2f}  {i.connected}"
        )
    for job, rel in res.reliability.items():
        lines.append(f"reliability {job}: model {rel.model:.2f} ({rel.design})")
    e = res.effects
    lines.append(f"contrast {e.contrast:+.3f} ± {e.contrast_sd:.3f}")
    lines += [f"warning: {w}" for w in res.warnings] or ["(no warnings)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print what the engine says on each case (or write the cases as CSV files)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", choices=list(CASES), help="only these")
    ap.add_argument("--write", metavar="DIR", help="write each case as DIR/<name>.csv instead")
    args = ap.parse_args(argv)
    for name in args.case or list(CASES):
        ratings = CASES[name][0]()
        if args.write:
            path = f"{args.write}/{name.replace(' ', '_')}.csv"
            write_ratings_csv(ratings, path)
            print(path)
        else:
            print(describe(name, ratings) + "\n")


if __name__ == "__main__":
    main()
