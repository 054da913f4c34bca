"""The speed rewrites of issue #11 against the plain computations they replace."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondround.engine import em, em_state
from secondround.engine.design import build_design, sorted_groups
from secondround.engine.posterior import strongest
from secondround.engine.simulate import simulate

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    keys=st.lists(st.integers(-5, 30), min_size=1, max_size=60),
    seed=st.integers(0, 2**16),
)
def test_sorted_groups_is_unique_with_the_rows_in_group_order(keys, seed):
    key = np.array(keys, dtype=np.int64)
    values = np.random.default_rng(seed).normal(size=len(key))
    ukey, group, order, starts = sorted_groups(key)
    ref_key, ref_group = np.unique(key, return_inverse=True)
    assert np.array_equal(ukey, ref_key) and np.array_equal(group, ref_group)
    # The rows in group order, each group starting where ``starts`` says.
    assert np.array_equal(np.sort(order), np.arange(len(key)))
    assert np.all(np.diff(group[order]) >= 0)
    assert np.array_equal(group[order][starts], np.arange(len(ukey)))
    # A per-group minimum by reduceat equals the unsorted ufunc.at one.
    ref_min = np.full(len(ukey), np.inf)
    np.minimum.at(ref_min, group, values)
    assert np.array_equal(np.minimum.reduceat(values[order], starts), ref_min)


def plain_estep(x: em_state.Params, c: em_state.Ctx) -> em_state.EStep:
    """estep as written before the speed rewrite (main at 2026-11-27 11:00 UTC)."""
    ai = x.a[c.rater_g]
    s_g = c.s_g
    r0 = c.ubar - x.level[c.group[c.rater_g]] - x.b[c.rater_g] - x.gamma * c.p
    z0, load, eta = r0 / ai, 1.0 / ai, x.eta_i[c.rater_g]
    it = 1.0 / (eta + s_g / ai**2)
    cand = c.cand_g
    s_p = np.bincount(cand, it, c.n_c)
    s_z = np.bincount(cand, it * z0, c.n_c)
    s_l = np.bincount(cand, it * load, c.n_c)
    s_lz = np.bincount(cand, it * load * z0, c.n_c)
    s_ll = np.bincount(cand, it * load * load, c.n_c)
    prec_own = s_p + 1.0 / x.s2_theta
    prec_j = 1.0 / x.s2_job + np.bincount(c.job_c, s_ll - s_l**2 / prec_own, c.n_j)
    job_mean = np.bincount(c.job_c, s_lz - s_z * s_l / prec_own, c.n_j) / prec_j
    job_var = 1.0 / prec_j
    mu, vmu = job_mean[c.job_c], job_var[c.job_c]
    sdata = s_z - mu * s_l
    own = sdata / prec_own
    var_own = 1.0 / prec_own
    job_load = 1.0 - s_l / prec_own
    var_dev = var_own + (s_l / prec_own) ** 2 * vmu
    z = z0 - load * mu[cand]
    pm = prec_own[cand] - it
    m = (sdata[cand] - it * z) / pm
    q = 1.0 / pm + eta
    precx = 1.0 / q + ai**2 / s_g
    ex = (m / q + ai * z * ai / s_g) / precx
    vx = 1.0 / precx
    theta, var = own + mu, var_own + job_load**2 * vmu
    return em_state.EStep(
        theta, var, var_own, job_load, job_mean, job_var, z, it, m, q, ex, vx, s_g, own, var_dev, z0
    )


def plain_em_map(vec: np.ndarray, c: em_state.Ctx) -> np.ndarray:
    """em_map as written before the speed rewrite: every sum over the interviews,
    nothing taken out of them and nothing cached."""
    x = em_state.Params.unpack(vec, c.n_i)
    e = plain_estep(x, c)
    s_g, cand, eta = e.s_g, c.cand_g, x.eta_i[c.rater_g]
    it, z, own, var_dev, ex, vx = e.it, e.z, e.own, e.var_dev, e.ex, e.vx
    job_mean, job_var = e.job_mean, e.job_var
    rater_g, n_i = c.rater_g, c.n_i
    kk = eta * it
    e_eta = kk * (z - own[cand])
    v_eta = eta - eta * kk + kk**2 * var_dev[cand]
    s2_theta = em.ig_update(float(np.sum(own**2 + var_dev)), c.n_c, em.PRIOR_THETA)
    s2_eta = em.ig_update(float(np.sum(e_eta**2 + v_eta)), len(e_eta), em.PRIOR_ETA)
    n_int = np.bincount(rater_g, minlength=n_i)
    eta_i = np.bincount(rater_g, e_eta**2 + v_eta, n_i) + em.PRIOR_ETA_COUNT * s2_eta
    eta_i = np.maximum(eta_i / (n_int + em.PRIOR_ETA_COUNT), em_state.FLOOR)
    s2_job = em.ig_update(float(np.sum(job_mean**2 + job_var)), c.n_j, em.PRIOR_JOB)
    w = 1.0 / s_g
    jm = job_mean[c.job_c][cand]
    y1 = c.ubar - x.level[c.group[rater_g]] - x.gamma * c.p - jm
    a11 = np.bincount(rater_g, w, n_i) + 1.0 / x.s2_b
    a12 = np.bincount(rater_g, w * ex, n_i)
    a22 = np.bincount(rater_g, w * ex * ex + w * vx, n_i) + 1.0 / x.s2_a
    b1 = np.bincount(rater_g, w * y1, n_i)
    b2 = np.bincount(rater_g, w * ex * y1, n_i) + 1.0 / x.s2_a
    if c.use_prec is not None:
        a22, b2 = a22 + c.use_prec, b2 + c.use_prec * c.use_obs
    det = a11 * a22 - a12**2
    if c.scale_use:
        b = (a22 * b1 - a12 * b2) / det
        a = np.clip((a11 * b2 - a12 * b1) / det, c.a_floor, 5.0)
    else:
        b, a = (b1 - a12) / a11, np.ones(n_i)
    shift = np.bincount(c.group, c.w_level * b, c.n_groups) / c.level_den
    shift[0] = 0.0
    b = b - shift[c.group]
    level = x.level + shift
    resid = c.ubar - level[c.group[rater_g]] - jm - b[rater_g] - a[rater_g] * ex
    wp = w * c.p_in
    gamma = float(np.sum(wp * resid) / (np.sum(wp * c.p) + 1.0 / em.GAMMA_SD**2))
    new = em_state.Params(b, a, gamma, s2_theta, s2_eta, x.s2_b, x.s2_a, s2_job, eta_i, level)
    var_b, var_a = em.rater_variances(new, e, c)
    new.s2_b = em.ig_update(float(np.sum(b**2 + var_b)), n_i, em.PRIOR_B)
    new.s2_a = em.ig_update(float(np.sum((a - 1) ** 2 + var_a)), n_i, em.PRIOR_A)
    log_a = np.clip(np.log(a), -em.LOG_A_CLIP, em.LOG_A_CLIP)
    gm = float(np.exp(np.sum(c.w_conn * log_a) / c.w_conn.sum()))
    new.a = a / gm
    new.s2_theta, new.s2_eta, new.eta_i = s2_theta * gm**2, s2_eta * gm**2, eta_i * gm**2
    return new.pack()


def em_context(
    seed: int, n_groups: int, scale_use: bool = True, noise_reading: bool = True
) -> tuple[em_state.Ctx, np.ndarray]:
    """An interview-level fit's data and a parameter vector away from the fixed point."""
    rng = np.random.default_rng(seed)
    d = build_design(simulate(n_jobs=6, team=9, seed=seed).table)
    G, I_ = d.n_interviews, len(d.n_i)
    group = rng.integers(0, n_groups, I_)
    group[0] = 0
    c = em_state.Ctx(
        rng.normal(0.5, 0.2, G),
        rng.normal(0, 0.1, G),
        rng.uniform(0.005, 0.03, I_),
        d.n_g.astype(np.float64),
        d.cand_g,
        d.rater_g,
        d.job_c,
        len(d.n_c),
        I_,
        int(d.job_c.max()) + 1,
        rng.uniform(1, 20, I_),
        np.unique(group, return_inverse=True)[1],
        rng.uniform(1, 20, I_),
        np.full(I_, em_state.A_FLOOR),
        scale_use,
        p_iv=rng.normal(0, 0.1, G),
        use_obs=rng.uniform(0.8, 1.2, I_) if noise_reading else None,
        use_prec=rng.uniform(0, 30, I_) if noise_reading else None,
    )
    x = em_state.Params(
        b=rng.normal(0, 0.05, I_),
        a=rng.uniform(0.7, 1.4, I_),
        gamma=0.05,
        s2_theta=0.02,
        s2_eta=0.01,
        s2_b=0.003,
        s2_a=0.02,
        s2_job=0.004,
        eta_i=rng.uniform(0.005, 0.02, I_),
        level=np.r_[0.0, rng.normal(0, 0.05, c.n_groups - 1)],
    )
    return c, x.pack()


@SETTINGS
@given(
    seed=st.integers(0, 2**16),
    n_groups=st.integers(1, 3),
    scale_use=st.booleans(),
    noise_reading=st.booleans(),
)
def test_em_map_equals_the_plain_sums(seed, n_groups, scale_use, noise_reading):
    c, vec = em_context(seed, n_groups, scale_use, noise_reading)
    fast, plain = em.em_map(vec, c), plain_em_map(vec, c)
    assert np.allclose(fast, plain, rtol=1e-10, atol=1e-12)


@SETTINGS
@given(seed=st.integers(0, 2**16), n_groups=st.integers(1, 3))
def test_estep_equals_the_plain_sums(seed, n_groups):
    # Every field, including those the EM map does not read (the scores read them).
    c, vec = em_context(seed, n_groups)
    x = em_state.Params.unpack(vec, c.n_i)
    fast, plain = em.estep(x, c), plain_estep(x, c)
    for name, value in vars(plain).items():
        assert np.allclose(getattr(fast, name), value, rtol=1e-10, atol=1e-12), name


def test_the_fixed_sums_follow_a_new_interview_noise():
    c, vec = em_context(0, 2)
    before = em.em_map(vec, c)
    c.s_g = c.s_g * 1.7  # as propagation.py does: the EM's fixed sums must follow
    assert np.allclose(c.fixed().w, 1.0 / c.s_g)
    assert np.allclose(em.em_map(vec, c), plain_em_map(vec, c), rtol=1e-10, atol=1e-12)
    assert not np.allclose(em.em_map(vec, c), before)


@SETTINGS
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 6), st.integers(1, 30)),
    seed=st.integers(0, 2**16),
    levels=st.integers(2, 50),
)
def test_strongest_is_argmax_over_the_candidates(shape, seed, levels):
    # Draws on a coarse grid tie often: ties must go to the first, as argmax's do.
    rng = np.random.default_rng(seed)
    draws = (rng.integers(0, levels, shape) / levels).astype(np.float32)
    assert np.array_equal(strongest(draws), draws.argmax(axis=1))


def test_the_interview_noise_cannot_change_behind_the_fixed_sums():
    c, vec = em_context(0, 2)
    em.em_map(vec, c)
    with pytest.raises(ValueError, match="read-only"):
        c.s_g[:10] *= 1.7  # in place: the setter, and so the cached sums, would miss it


def test_the_fixed_sums_follow_new_interview_means():
    # The contrast's fixed sums read ubar: a new one (model.py shifts it between
    # passes, propagation.py adds the end reading) must reach the M-step.
    c, vec = em_context(0, 2)
    before = em.em_map(vec, c)
    c.ubar = c.ubar + np.random.default_rng(1).normal(0, 0.05, len(c.ubar))
    assert np.allclose(em.em_map(vec, c), plain_em_map(vec, c), rtol=1e-10, atol=1e-12)
    assert not np.allclose(em.em_map(vec, c), before)
    with pytest.raises(ValueError):
        c.ubar[0] += 1.0  # in place, the fixed sums would miss it


@SETTINGS
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([1e-12, 1e-9, 1e-3, 1.0, 1e4]))
def test_smallest_eigenvalue_bounds_decide_the_damping_as_eigvalsh_does(seed, scale):
    from secondround.engine.interval_refit import smallest_eigenvalue_bounds

    rng = np.random.default_rng(seed)
    root = rng.normal(size=(200, 3, 3))
    m = scale * (root @ root.transpose(0, 2, 1))  # positive semi-definite
    m[:50] -= scale * 2.0 * np.eye(3)  # some indefinite
    m[50:80, 2, :] = m[50:80, 1, :]  # some singular
    m[50:80, :, 2] = m[50:80, :, 1]
    low, exact = smallest_eigenvalue_bounds(m), np.linalg.eigvalsh(m)[:, 0]
    assert np.all(low <= exact + 1e-9 * np.abs(exact))  # a lower bound, or the value
    # The damping Newton adds is the same number, where the bound stood in too.
    assert np.array_equal(np.maximum(1e-9 - 2 * low, 0.0), np.maximum(1e-9 - 2 * exact, 0.0))
    assert np.array_equal(low > 0, exact > 0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_squarem_reaches_the_em_fixed_point_in_fewer_evaluations(seed):
    from secondround.engine.squarem import squarem

    c, vec = em_context(seed, 2)
    n = c.n_i
    calls = [0]

    def F(x):
        calls[0] += 1
        return em.em_map(x, c)

    fast = squarem(F, vec, 5000, n, tol=1e-9)
    accelerated = calls[0]
    plain, steps = vec, 0
    while steps < 5000:
        nxt = em.em_map(plain, c)
        steps += 1
        if np.max(np.abs(nxt - plain)[: 2 * n + 1]) < 1e-9:
            break
        plain = nxt
    assert np.max(np.abs(em.em_map(fast, c) - fast)[: 2 * n + 1]) < 1e-8
    np.testing.assert_allclose(fast[: 2 * n + 1], nxt[: 2 * n + 1], atol=1e-6)
    assert accelerated < steps / 2
