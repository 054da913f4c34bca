"""ICC reference values (pingouin) and the per-job vectorised ICCs."""

import numpy as np
import pytest

from secondround.engine import icc_shrout_fleiss
from secondround.engine.reliability import ICC_NAMES, job_iccs

pg = pytest.importorskip("pingouin")

PINGOUIN_NAMES = {
    "ICC(1,1)": "ICC1",
    "ICC(A,1)": "ICC2",
    "ICC(C,1)": "ICC3",
    "ICC(1,k)": "ICC1k",
    "ICC(A,k)": "ICC2k",
    "ICC(C,k)": "ICC3k",
}


def _pingouin(df, targets, raters, ratings):
    out = pg.intraclass_corr(data=df, targets=targets, raters=raters, ratings=ratings)
    return {PINGOUIN_NAMES.get(t, t): v for t, v in zip(out["Type"], out["ICC"])}


def test_wine_reference_values():
    try:
        df = pg.read_dataset("icc")
    except Exception as exc:  # pragma: no cover - depends on the install
        pytest.skip(f"pingouin cannot load its icc data set: {exc}")
    m = df.pivot(index="Wine", columns="Judge", values="Scores").to_numpy()
    ours = icc_shrout_fleiss(m)
    expected = {
        "ICC1": 0.728,
        "ICC2": 0.728,
        "ICC3": 0.729,
        "ICC1k": 0.914,
        "ICC2k": 0.914,
        "ICC3k": 0.915,
    }
    for name, value in expected.items():
        assert round(ours[name], 3) == value, name
    theirs = _pingouin(df, "Wine", "Judge", "Scores")
    for name in ICC_NAMES:
        assert ours[name] == pytest.approx(theirs[name], abs=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_complete_design_matches_pingouin(seed):
    import pandas as pd

    rng = np.random.default_rng(seed)
    n, k = rng.integers(3, 9), rng.integers(2, 6)
    m = rng.normal(0, 1, (n, 1)) + rng.normal(0, 0.5, (1, k)) + rng.normal(0, 0.7, (n, k))
    df = pd.DataFrame(
        {"t": np.repeat(np.arange(n), k), "r": np.tile(np.arange(k), n), "y": m.ravel()}
    )
    theirs = _pingouin(df, "t", "r", "y")
    ours = icc_shrout_fleiss(m)
    for name in ICC_NAMES:
        assert ours[name] == pytest.approx(theirs[name], abs=1e-9)


def test_job_iccs_vectorised_equals_one_by_one():
    rng = np.random.default_rng(3)
    jobs, cands, raters, vals, expected = [], [], [], [], {}
    cand_id = 0
    for j in range(6):
        n, k = (3, 2) if j % 2 else (4, 3)
        m = rng.normal(size=(n, k))
        rater_ids = rng.choice(20, k, replace=False)
        for i in range(n):
            for r in range(k):
                jobs.append(j)
                cands.append(cand_id + i)
                raters.append(rater_ids[r])
                vals.append(m[i, r])
        cand_id += n
        expected[j] = icc_shrout_fleiss(m)
    # An incomplete job: one interview missing.
    jobs += [6, 6, 6]
    cands += [100, 100, 101]
    raters += [1, 2, 1]
    vals += [1.0, 2.0, 3.0]
    complete, iccs = job_iccs(np.array(jobs), np.array(cands), np.array(raters), np.array(vals), 7)
    assert complete.tolist() == [True] * 6 + [False]
    for j in range(6):
        for name in ICC_NAMES:
            assert iccs[name][j] == pytest.approx(expected[j][name])
    assert np.isnan(iccs["ICC1"][6])
