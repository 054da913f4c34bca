"""P(best)'s own-noise normals drawn ahead in a thread (issue #11, branch pbest2).

The thread must change no value (it draws a stream nothing else draws from, and a
generator's normals do not depend on how they are split into calls), it must be joined
or stopped when the model fit raises, and P(best) must still be right.
"""

import math
import threading

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from secondround.engine import api, posterior, prefetched_normals
from secondround.engine.posterior import own_noise_beside, own_noise_size, p_best, streams
from secondround.engine.prefetched_normals import PrefetchedNormals
from secondround.engine.simulate import simulate

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def background_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "prefetched-normals"]


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    cuts=st.lists(st.integers(0, 3001), max_size=6),
)
def test_normals_are_the_same_however_the_fill_is_split(seed, cuts):
    # The design rests on this numpy property: PCG64 keeps its leftover half word.
    whole = np.random.default_rng(seed).standard_normal(3001, dtype=np.float32)
    rng = np.random.default_rng(seed)
    pieces = np.empty(3001, dtype=np.float32)
    bounds = [0, *sorted(cuts), 3001]
    for lo, hi in zip(bounds, bounds[1:]):
        rng.standard_normal(dtype=np.float32, out=pieces[lo:hi])
    assert np.array_equal(whole, pieces)


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 5000),
    ahead=st.integers(0, 6000),
    background=st.booleans(),
    sizes=st.lists(st.integers(1, 900), min_size=1, max_size=12),
)
def test_prefetched_normals_are_the_stream_in_order(seed, n, ahead, background, sizes):
    source = np.random.SeedSequence(seed)
    expected = np.random.default_rng(source).standard_normal(n, dtype=np.float32)
    noise = PrefetchedNormals(source, n, ahead=ahead)
    noise.start() if background else noise.fill()
    got, taken = [], 0
    for size in sizes:
        size = min(size, n - taken)
        got.append(noise.take(np.empty(size, dtype=np.float32)).copy())
        taken += size
    rest = n - taken
    got.append(noise.take(np.empty(rest, dtype=np.float32)).copy())
    assert np.array_equal(np.concatenate(got), expected)
    with pytest.raises(ValueError):
        noise.take(np.empty(1, dtype=np.float32))
    noise.join()
    assert not background_threads()


@st.composite
def posteriors(draw):
    """A random P(best) input: jobs of 1-5 candidates, shared and per-job errors."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=8))
    job_c = np.repeat(np.arange(len(sizes)), sizes)
    C, R = len(job_c), draw(st.integers(1, 6))
    D = sparse.random(C, R, density=0.5, random_state=rng, format="csr")
    return dict(
        job_c=job_c,
        mean=rng.normal(size=C),
        var_own=rng.uniform(0.05, 1.0, C),
        loads=[(D, rng.uniform(0.1, 0.5, R))],
        job_load=rng.uniform(0, 1, C),
        job_sd=rng.uniform(0.1, 0.5, len(sizes)),
    )


@SETTINGS
@given(
    inputs=posteriors(),
    seed=st.integers(0, 2**32 - 1),
    thread_min=st.sampled_from([0, 10**9]),
    ahead_budget=st.sampled_from([0, 1000, 2.5e7]),
)
def test_p_best_beside_the_fit_equals_p_best_alone(inputs, seed, thread_min, ahead_budget):
    alone = p_best(**inputs, seed=seed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(posterior, "THREAD_MIN", thread_min)  # 0: always a thread; 1e9: never
        mp.setattr(posterior, "AHEAD_BUDGET", ahead_budget)  # all, part or none drawn ahead
        with own_noise_beside(inputs["job_c"], seed) as noise:
            beside = p_best(**inputs, seed=seed, own_noise=noise)
        assert noise._taken == noise.n_values  # its normals were the ones used
    assert np.array_equal(alone, beside)
    assert np.array_equal(p_best(**inputs, seed=seed), alone)  # seeded: the same again
    sums = np.bincount(inputs["job_c"], alone)
    assert np.allclose(sums, 1.0)
    assert not background_threads()


def test_own_noise_of_another_seed_or_other_candidates_is_refused():
    job_c = np.array([0, 0, 1, 1, 1])
    inputs = dict(job_c=job_c, mean=np.zeros(5), var_own=np.ones(5), loads=[])
    with own_noise_beside(inputs["job_c"], 1) as noise, pytest.raises(ValueError, match="seed"):
        p_best(**inputs, seed=2, own_noise=noise)
    more = np.append(inputs["job_c"], 0)
    with own_noise_beside(more, 1) as noise, pytest.raises(ValueError, match="candidates"):
        p_best(**inputs, seed=1, own_noise=noise)


def test_the_streams_are_the_seeds_children():
    own, rest = streams(7)
    assert own.entropy == rest.entropy == 7
    assert own.spawn_key != rest.spawn_key
    # One normal per draw for each candidate of a job of two or more.
    job_c = np.array([0, 1, 1, 2, 2, 2])
    assert own_noise_size(job_c) == 5 * posterior.n_draws(6)


def test_two_independent_candidates_get_the_normal_probability():
    # P(a > b) for independent normals is Phi((ma - mb) / sqrt(va + vb)); 4000 draws.
    # A shared error they carry alike cancels; one only a carries widens the difference.
    job_c = np.array([0, 0])
    mean, var_own = np.array([0.3, 0.0]), np.array([0.1, 0.2])
    D = sparse.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.8]]))
    sd = np.array([2.0, 0.5])
    got = np.mean([p_best(job_c, mean, var_own, [(D, sd)], seed=s)[0] for s in range(10)])
    var = var_own.sum() + (0.8 * 0.5) ** 2
    exact = 0.5 * (1 + math.erf(0.3 / math.sqrt(2 * var)))
    assert got == pytest.approx(exact, abs=0.006)  # 40,000 draws: sd 0.0025


@pytest.fixture
def started(monkeypatch):
    """The PrefetchedNormals whose thread was started, in order."""
    noises = []
    start = PrefetchedNormals.start

    def recorded_start(self):
        noises.append(self)
        start(self)

    monkeypatch.setattr(PrefetchedNormals, "start", recorded_start)
    return noises


def test_a_failing_fit_stops_and_joins_the_thread(monkeypatch, started):
    table = simulate(n_jobs=4, team=5, seed=3).table

    def fit_that_fails(*args, **kwargs):
        raise FloatingPointError("the fit failed")

    monkeypatch.setattr(posterior, "THREAD_MIN", 0)
    monkeypatch.setattr(api, "fit_model", fit_that_fails)
    with pytest.raises(FloatingPointError, match="the fit failed"):
        api.compute(table)
    assert len(started) == 1  # a thread ran beside the fit, and it is over
    assert started[0]._stop.is_set() and not started[0]._thread.is_alive()
    assert not background_threads()


def test_a_stopped_fill_ends_after_the_piece_it_is_drawing(monkeypatch):
    monkeypatch.setattr(prefetched_normals, "PIECE", 10)
    noise = PrefetchedNormals(np.random.SeedSequence(0), 1000, ahead=1000)  # 100 pieces
    calls = []

    class FirstPieceUntilStopped:
        def standard_normal(self, dtype, out):
            calls.append(len(out))
            noise._stop.wait(timeout=10)

    noise._rng = FirstPieceUntilStopped()
    noise.start()
    noise.close()
    assert not noise._thread.is_alive()
    assert calls == [10]
    with pytest.raises(RuntimeError, match="closed"):
        noise.take(np.empty(1, dtype=np.float32))


def test_the_calibrated_engine_uses_the_thread_and_gives_the_sequential_result(
    monkeypatch, started
):
    table = simulate(n_jobs=5, team=6, seed=11).table
    monkeypatch.setattr(posterior, "THREAD_MIN", 0)
    with_thread = api.compute(table, seed=5).p_best
    monkeypatch.setattr(posterior, "THREAD_MIN", 10**12)
    without = api.compute(table, seed=5).p_best
    assert len(started) == 1
    assert np.array_equal(with_thread, without, equal_nan=True)


def test_an_error_in_the_thread_reaches_the_caller():
    noise = PrefetchedNormals(np.random.SeedSequence(0), 10, ahead=10)
    noise._rng = None  # the thread's fill fails
    noise.start()
    with pytest.raises(AttributeError):
        noise.take(np.empty(3, dtype=np.float32))
    assert not background_threads()
