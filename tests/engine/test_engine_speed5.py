"""Branch ``speed5`` (issue #11): P(best)'s normals drawn in a second thread while the
model fits, and the end refit's third Newton run started from the second's terms; both
leave every output bit for bit as it was."""

import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from secondround.engine import api, pbest_draws, tobit
from secondround.engine import interval_refit as ir
from secondround.engine.posterior import n_draws, p_best, strongest
from secondround.engine.simulate import simulate
from secondround.engine.table import RatingsTable

from .test_engine_groups import split_job
from .test_engine_interval_refit import refit_inputs

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def drawn_as_it_goes(job_c, mean, var_own, loads, job_load, job_sd, seed, chunk=4e6):
    """P(best) as main drew it before this branch: one generator, each chunk's normals
    drawn when the chunk is reached (the reference the prefetched draws must match)."""
    C = len(mean)
    out = np.zeros(C)
    S = n_draws(C)
    rng = np.random.default_rng(seed)
    n_jobs = int(job_c.max()) + 1
    counts = np.bincount(job_c, minlength=n_jobs)
    order = np.argsort(counts[job_c] * n_jobs + job_c, kind="stable")
    size_sorted = counts[job_c[order]]
    mats = [D for D, _ in loads]
    sd_all = np.concatenate([sd for _, sd in loads])
    D_all = sparse.hstack(mats).tocsr()[order].astype(np.float32)
    eps = (sd_all[:, None] * rng.standard_normal((len(sd_all), S))).astype(np.float32)
    sd_own = np.sqrt(var_own).astype(np.float32)
    mean32 = mean.astype(np.float32)
    for m in np.unique(size_sorted):
        rows = np.flatnonzero(size_sorted == m)
        if m == 1:
            out[order[rows]] = 1.0
            continue
        per = max(1, int(chunk // (m * S))) * m
        for lo in range(rows[0], rows[-1] + 1, per):
            hi = min(lo + per, rows[-1] + 1)
            cand = order[lo:hi]
            nj = len(cand) // m
            draws = rng.standard_normal((len(cand), S), dtype=np.float32)
            draws *= sd_own[cand, None]
            draws += mean32[cand, None]
            draws += D_all[lo:hi] @ eps
            ej = rng.standard_normal((nj, 1, S), dtype=np.float32)
            ej *= job_sd[job_c[cand[::m]]].astype(np.float32)[:, None, None]
            draws += (job_load[cand].astype(np.float32).reshape(nj, m, 1) * ej).reshape(-1, S)
            best = strongest(draws.reshape(nj, m, S)) + (np.arange(nj) * m)[:, None]
            out[cand] = np.bincount(best.ravel(), minlength=nj * m) / S
    return out


def pbest_inputs(seed, n_jobs, max_size, n_raters):
    """Random candidates in jobs of 1 to ``max_size``, with two shared loadings."""
    rng = np.random.default_rng(seed)
    job_c = np.repeat(np.arange(n_jobs), rng.integers(1, max_size + 1, n_jobs))
    rng.shuffle(job_c)
    C = len(job_c)
    cand = np.repeat(np.arange(C), 2)
    rater = rng.integers(0, n_raters, 2 * C)
    loads = [
        (
            sparse.csr_matrix((rng.normal(0, 0.3, 2 * C), (cand, rater)), shape=(C, n_raters)),
            rng.uniform(0.01, 0.2, n_raters),
        )
        for _ in range(2)
    ]
    return (
        job_c,
        rng.normal(0, 0.5, C),
        rng.uniform(0.01, 0.3, C),
        loads,
        rng.uniform(0.5, 1.0, C),
        rng.uniform(0.05, 0.2, n_jobs),
    )


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    n_jobs=st.integers(1, 40),
    max_size=st.integers(1, 9),
    budget=st.sampled_from([0, 1, 5_000, 50_000, 1e9]),
    chunk=st.sampled_from([1e3, 4e4, 4e6]),
)
def test_draws_ahead_give_p_best_bit_for_bit(seed, n_jobs, max_size, budget, chunk):
    job_c, mean, var_own, loads, job_load, job_sd = pbest_inputs(seed, n_jobs, max_size, 7)
    want = drawn_as_it_goes(job_c, mean, var_own, loads, job_load, job_sd, seed, chunk)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pbest_draws, "CHUNK", chunk)
        # However many calls were drawn ahead (none, some, all).
        draws = pbest_draws.PBestDraws(job_c, 14, seed, jobs=True)
        draws.fill(budget)
        got = p_best(job_c, mean, var_own, loads, job_load, job_sd, seed, draws)
        alone = p_best(job_c, mean, var_own, loads, job_load, job_sd, seed)
    assert got.tobytes() == want.tobytes() and alone.tobytes() == want.tobytes()


@pytest.mark.parametrize("thread_min", [0, np.inf])
def test_draws_beside_in_a_thread_or_not_give_p_best_bit_for_bit(thread_min, monkeypatch):
    monkeypatch.setattr(pbest_draws, "THREAD_MIN", thread_min)
    job_c, mean, var_own, loads, job_load, job_sd = pbest_inputs(3, 60, 8, 11)
    want = drawn_as_it_goes(job_c, mean, var_own, loads, job_load, job_sd, 5)
    with pbest_draws.draws_beside(job_c, [11, 11], seed=5) as draws:
        assert (draws._thread is not None) == (thread_min == 0)
        got = p_best(job_c, mean, var_own, loads, job_load, job_sd, 5, draws)
    assert got.tobytes() == want.tobytes()


def test_draws_made_for_other_arguments_are_refused():
    job_c, mean, var_own, loads, job_load, job_sd = pbest_inputs(1, 10, 4, 5)
    for seed, widths, jobs in ((1, [5, 5], True), (0, [5, 4], True), (0, [5, 5], False)):
        with (
            pytest.raises(ValueError, match="another seed"),
            pbest_draws.draws_beside(job_c, widths, seed=seed, jobs=jobs) as draws,
        ):
            p_best(job_c, mean, var_own, loads, job_load, job_sd, 0, draws)


def test_a_failing_block_stops_and_joins_the_thread(monkeypatch):
    monkeypatch.setattr(pbest_draws, "THREAD_MIN", 0)
    job_c = np.repeat(np.arange(2000), 5)
    with pytest.raises(KeyError), pbest_draws.draws_beside(job_c, [50, 50]) as draws:
        raise KeyError("the fit failed")
    assert not draws._thread.is_alive()


def test_a_loading_too_wide_to_draw_is_not_drawn_ahead():
    # 1,000 candidates take 4,000 draws: a loading of 4,000 parameters is past the budget.
    assert pbest_draws.drawn_widths([3_000, 4_000], 1_000) == [True, False]
    job_c = np.repeat(np.arange(500), 2)
    with pbest_draws.draws_beside(job_c, [3_000, 4_000]) as draws:
        assert draws.n_shared == 3_000


@pytest.mark.parametrize("thread_min", [0, np.inf])
def test_compute_gives_the_same_p_best_with_the_thread_or_without(thread_min, monkeypatch):
    table = simulate(n_jobs=12, team=8, seed=4).table
    want = api.compute(table, seed=9).p_best
    monkeypatch.setattr(pbest_draws, "THREAD_MIN", thread_min)
    assert api.compute(table, seed=9).p_best.tobytes() == want.tobytes()


@SETTINGS
@given(seed=st.integers(0, 10_000), n_raters=st.integers(1, 6), span=st.sampled_from([3, 4]))
def test_the_ratings_terms_of_a_subset_are_the_wholes_bit_for_bit(seed, n_raters, span):
    u, rater, g, o, h, q, b, a, s2 = refit_inputs(seed, n_raters, 60, span, 0.3)
    seen = {}
    newton = ir._newton

    def spy(th, dd, censored, start=None):
        seen.setdefault("dd", dd)
        return newton(th, dd, censored, start)

    ir._newton = spy
    try:
        ir.interval_refit(u, rater, g, o, h, q, b, a, s2, (0.01, 0.05), 0.5 / span)
    finally:
        ir._newton = newton
    if "dd" not in seen:
        return  # nobody piled on an end
    dd = seen["dd"]
    th = np.random.default_rng(seed).normal([0.2, 1.0, -5.0], [0.1, 0.2, 0.3], (dd.k, 3))
    keep = np.random.default_rng(seed + 1).random(dd.k) < 0.5
    for censored in (False, True):
        whole = tobit.data_terms(th, dd, censored)
        part = tobit.data_terms(th[keep], tobit.subset(dd, keep), censored)
        for x, y in zip(whole, part):
            assert x[keep].tobytes() == y.tobytes()
        # The terms with the prior are the log-likelihood evaluated at once.
        at_once = tobit.log_likelihood(th, dd, censored)
        for x, y in zip(tobit.with_prior(th, dd.prior, whole), at_once):
            assert x.tobytes() == y.tobytes()


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_newton_from_a_previous_runs_terms_is_newton_from_scratch(seed):
    u, rater, g, o, h, q, b, a, s2 = refit_inputs(seed, 6, 80, 4, 0.3)
    runs = []
    newton = ir._newton

    def spy(th, dd, censored, start=None):
        out = newton(th, dd, censored, start)
        runs.append((th, dd, censored, start, out))
        return out

    ir._newton = spy
    try:
        ir.interval_refit(u, rater, g, o, h, q, b, a, s2, (0.01, 0.05), 0.5 / 4)
    finally:
        ir._newton = newton
    assert len(runs) == 3 and runs[2][3] is not None
    th, dd, censored, start, (est, info, terms) = runs[2]
    scratch_est, scratch_info, scratch_terms = newton(th, dd, censored)
    assert est.tobytes() == scratch_est.tobytes() and info.tobytes() == scratch_info.tobytes()
    for x, y in zip(terms, scratch_terms):
        assert x.tobytes() == y.tobytes()
    # and the terms the second run handed over are those of its estimate
    for x, y in zip(start, tobit.data_terms(th, dd, censored)):
        assert x.tobytes() == y.tobytes()


def test_p_best_beside_settles_to_the_same_p_best_warnings_and_json(monkeypatch):
    from secondround.engine.jsonout import dumps

    monkeypatch.setattr(pbest_draws, "THREAD_MIN", 0)  # a thread even on a small input

    # A job seen by two separate groups: a warning quoting P(best)'s absence, and NaNs.
    table = RatingsTable.from_records(split_job())
    want = api.compute(table, seed=3)
    assert np.isnan(want.p_best).any() and want.warnings
    for explanations in (True, False):
        later = api.compute(table, seed=3, p_best_beside=True)
        assert later.pending is not None
        assert dumps(later, explanations=explanations) == dumps(want, explanations=explanations)
        assert later.pending is None  # dumps settled it
        assert later.p_best.tobytes() == want.p_best.tobytes() and later.warnings == want.warnings
    # (NaN P(best)s: compared through the JSON, where they are null)
    later = api.build_result(api.compute(table, seed=3, p_best_beside=True))
    assert later.to_json() == api.build_result(want).to_json()


def test_a_failure_of_p_best_beside_is_raised_by_settle(monkeypatch):
    monkeypatch.setattr(pbest_draws, "THREAD_MIN", 0)

    def broken(*args, **kwargs):
        raise FloatingPointError("P(best) failed")

    monkeypatch.setattr(api, "p_best", broken)
    later = api.compute(simulate(n_jobs=4, team=5, seed=1).table, p_best_beside=True)
    assert later.pending is not None
    with pytest.raises(FloatingPointError, match="P\\(best\\) failed"):
        later.settle()


def test_the_command_line_formats_with_quick_thread_switches_and_restores_them(
    tmp_path, monkeypatch
):
    from secondround.engine import cli, jsonout

    seen = []
    dumps = jsonout.dumps

    def spy(k, explanations=None):
        seen.append(sys.getswitchinterval())
        return dumps(k, explanations)

    monkeypatch.setattr(jsonout, "dumps", spy)
    ratings = tmp_path / "r.csv"
    ratings.write_text(
        "job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at\n"
        "J,C1,I1,x,3,1,5,2025-01-01T10:00:00\n"
        "J,C1,I2,x,4,1,5,2025-01-01T11:00:00\n"
        "J,C2,I1,x,4,1,5,2025-01-02T10:00:00\n"
        "J,C2,I2,x,2,1,5,2025-01-02T11:00:00\n"
    )
    before = sys.getswitchinterval()
    assert cli.main([str(ratings), "--json", str(tmp_path / "o.json"), "--quiet"]) == 0
    assert seen == [pytest.approx(min(before, cli.SWITCH_INTERVAL))]
    assert sys.getswitchinterval() == before


def test_a_small_input_computes_p_best_in_the_calling_thread():
    # Job J alone: 2 candidates x 4,000 draws, below THREAD_MIN.
    records = [r for r in split_job() if r["job"] == "J"]
    later = api.compute(RatingsTable.from_records(records), p_best_beside=True)
    assert len(later.score) * n_draws(len(later.score)) < pbest_draws.THREAD_MIN
    assert later.pending is None and later.p_best is not None and later.warnings is not None
