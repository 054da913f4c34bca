"""Interview-level EM: candidates, jobs, severities, scale uses and contrast.

Works on interview means (one per candidate x interviewer), so each iteration is
a handful of bincounts over interviews. The E-step is exact for the Gaussian
model given the parameters; the M-step updates the rater parameters (a 2x2 ridge
regression per interviewer), the contrast coefficient and the variance
components. SQUAREM (Varadhan & Roland 2008, ``squarem.py``) accelerates the fixed point.
"""

from __future__ import annotations

import math

import numpy as np

from .em_state import FLOOR, Ctx, EStep, Params
from .halo_newton import stretched_halo

# Weak priors on the variance components, in [0, 1] scale units: (pseudo-count,
# prior sd). They only matter when the data are tiny (a job of 3 candidates).
PRIOR_THETA = (1.0, 0.10)
PRIOR_ETA = (1.0, 0.05)
PRIOR_JOB = (1.0, 0.05)
PRIOR_B = (2.0, 0.05)
PRIOR_A = (2.0, 0.15)
GAMMA_SD = 0.5  # ridge on the contrast coefficient
TOL = 5e-4  # convergence: rater parameters move less than this ([0, 1] units)
# An interviewer's interview-level error variance is shrunk to the pool with
# the weight of this many interviews.
PRIOR_ETA_COUNT = 10.0
LOG_A_CLIP = math.log(2.0)


def norm_weights(n_i: np.ndarray, one_value: np.ndarray) -> np.ndarray:
    """Weights of the interviewers who set the reference of severity and scale use.

    Rating counts, with interviewers who give a single value left out: their
    scale use goes to the floor (their ratings do not tell candidates apart) and
    would otherwise stretch everyone else. If all give one value, all count.
    """
    w = np.where(one_value, 0.0, n_i).astype(np.float64)
    return w if w.sum() > 0 else n_i.astype(np.float64)


def ig_update(total: float, count: float, prior: tuple[float, float]) -> float:
    """Variance update with a pseudo-count prior (an inverse-gamma posterior mode)."""
    nu, s0 = prior
    return max((total + nu * s0 * s0) / (count + nu), FLOOR)


def estep(x: Params, c: Ctx, base: np.ndarray | None = None) -> EStep:
    """Exact Gaussian E-step (job -> candidate -> interview) given the parameters.

    A job's mean shifts every rating of the job by the same amount: it is not
    stretched by the interviewer's scale use, so it enters the calibrated
    impression ``z_g = (ubar - b - gamma p) / a`` with the loading ``1 / a``.
    ``base`` is ``ubar - gamma p`` if the caller has it (the M-step reads it too).
    """
    # Every operation on interview-length arrays is a pass over memory, the EM's main
    # cost at a million ratings: each factor shared by several sums is formed once,
    # and what is one per interviewer is formed there and gathered.
    rater_g, cand = c.rater_g, c.cand_g
    s_g = c.s_g
    inv_a = 1.0 / x.a
    load = inv_a[rater_g]
    offset = (x.level[c.group] + x.b)[rater_g]  # level and severity: one per interviewer
    if base is None:
        z0 = c.ubar - x.gamma * c.p
        z0 -= offset
    else:
        z0 = base - offset
    del offset
    z0 *= load
    eta = x.eta_i[rater_g]
    sa = s_g * (inv_a * inv_a)[rater_g]  # noise variance of the reading z0 of the impression
    it = eta + sa
    np.divide(1.0, it, out=it)
    itl = it * load
    itz = it * z0
    s_p = np.bincount(cand, it, c.n_c)
    s_z = np.bincount(cand, itz, c.n_c)
    s_l = np.bincount(cand, itl, c.n_c)
    itz *= load
    s_lz = np.bincount(cand, itz, c.n_c)
    itl *= load
    s_ll = np.bincount(cand, itl, c.n_c)
    del itz, itl
    prec_own = s_p + 1.0 / x.s2_theta
    # Job level: the candidates' own standings integrated out.
    prec_j = 1.0 / x.s2_job + np.bincount(c.job_c, s_ll - s_l**2 / prec_own, c.n_j)
    job_mean = np.bincount(c.job_c, s_lz - s_z * s_l / prec_own, c.n_j) / prec_j
    job_var = 1.0 / prec_j
    mu, vmu = job_mean[c.job_c], job_var[c.job_c]
    sdata = s_z - mu * s_l  # sum of it * z over the candidate's interviews
    own = sdata / prec_own
    var_own = 1.0 / prec_own
    shared = s_l / prec_own  # loading of the job mean's error on the own standing
    var_dev = var_own + shared**2 * vmu
    job_load = 1.0 - shared  # and on theta = own + job mean
    theta = own + mu
    var = var_own + job_load**2 * vmu
    # Leave-one-interview-out prior of each impression (the job mean taken as
    # known: a candidate's own interview barely moves it).
    z = load * mu[cand]
    np.subtract(z0, z, out=z)
    pm = prec_own[cand]
    pm -= it
    m = it * z
    np.subtract(sdata[cand], m, out=m)
    m /= pm
    q = np.divide(1.0, pm, out=pm)
    q += eta
    # Posterior of the impression: prior N(m, q), and the reading z with variance sa;
    # the reading's weight k = q / (q + sa).
    k = q + sa
    np.divide(q, k, out=k)
    ex = z - m
    ex *= k
    ex += m
    vx = k
    vx *= sa
    return EStep(
        theta, var, var_own, job_load, job_mean, job_var, z, it, m, q, ex, vx, s_g, own, var_dev, z0
    )


def rater_variances(
    x: Params, e: EStep, c: Ctx, shared_job: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Approximate posterior variances of severity and scale use.

    Each interview informs the interviewer's parameters through the marginal
    variance of its mean rating given the candidate's other interviews. With
    ``shared_job``, an interviewer's interviews in one job also share the error
    of the job's mean (severity and job mean trade off when one interviewer met
    much of a job): their information is ``S / (1 + V S)`` per job instead of
    ``S`` (``S`` the sum of the interviews' precisions, ``V`` the job mean's
    posterior variance), and scale use is informed only by the covariance with the
    candidate's other interviews, and the rating noise's reading of scale use counts
    with its information at the fitted scale use. Used for the reported sds (the EM
    keeps the cheaper sum, the spread term and the reading's own precision).
    """
    # The EM calls this in every iteration: each interview-length array is formed once.
    prec = (x.a * x.a)[c.rater_g]
    prec *= e.q
    prec += e.s_g
    np.divide(1.0, prec, out=prec)  # 1 / vtil, vtil = s_g + a^2 q
    if shared_job:
        ai = x.a[c.rater_g]
        job_g = c.job_c[c.cand_g]
        pair, inv = np.unique(c.rater_g * c.n_j + job_g, return_inverse=True)
        rater_p, job_p = pair // c.n_j, pair % c.n_j
        # The job mean's error reaches an interview's prediction (given the
        # candidate's other interviews) only through the part of it that rests on
        # the prior around the job mean: with loading l_g = 1 - a_g * (the other
        # interviews' weight on the job mean), the interviews of one rater in one
        # job share V l l^T, whose information loss is T^2 / (1 / V + U)
        # (Woodbury; T = sum l / vtil, U = sum l^2 / vtil). Taking l = 1 counted the
        # whole job mean's error against each interview, which made busy and quiet
        # interviewers' severity sds about 12% too large (bench.rater_sds, 20
        # organisations: z SD 0.88-0.92).
        s_l = np.bincount(c.cand_g, e.it / ai, c.n_c)
        pm = 1.0 / np.maximum(e.q - x.eta_i[c.rater_g], FLOOR)
        load = 1.0 - ai * (s_l[c.cand_g] - e.it / ai) / pm
        S = np.bincount(inv, prec, len(pair))
        T = np.bincount(inv, load * prec, len(pair))
        U = np.bincount(inv, load**2 * prec, len(pair))
        info = S - T**2 / (1.0 / np.maximum(e.job_var[job_p], FLOOR) + U)
        var_b = 1.0 / (np.bincount(rater_p, info, c.n_i) + 1.0 / x.s2_b)
    else:
        var_b = 1.0 / (np.bincount(c.rater_g, prec, c.n_i) + 1.0 / x.s2_b)
    # Each interviewer has their own halo variance (s2_eta_i), so the spread of
    # their interview means (a^2 q, q holding s2_eta_i) does not tell the stretch
    # apart from that halo: only the covariance with colleagues' view of the same
    # candidates (the m^2 term) measures scale use. Counting the spread too made
    # the reported sds too small (bench.rater_sds, 3 orgs: SD of z 1.36 / 1.31 on
    # 1-4 / 1-5 -> 1.22 / 1.15), most for busy interviewers, and in the EM's
    # s2_a update it under-estimated the spread of scale uses (over-shrinking them).
    info_a = prec
    info_a *= e.m
    info_a *= e.m  # m^2 / vtil
    extra = 0.0  # the rating noise's reading of scale use, where it is read
    if c.use_prec is not None and c.scale_use:
        # The noise reading is Gaussian in log a (model.noise_scale_use): its
        # information on a at the estimate is its log-scale precision over a^2 there,
        # not at the reading's own value. A reading far below the scale-use floor
        # (ratings that barely vary within an interview) claimed up to 16 times its
        # information at the fitted floor (bench.rater_sds's 100 organisations, by fifths
        # of interview count: the quietest's z SD 1.15 -> 1.08 on 1-4; docs/benchmarks.md
        # section 5). The EM keeps the reading's own precision.
        extra = c.use_prec * (c.use_obs / x.a) ** 2 if shared_job else c.use_prec
    var_a = 1.0 / (np.bincount(c.rater_g, info_a, c.n_i) + 1.0 / x.s2_a + extra)
    return var_b, var_a


def em_map(vec: np.ndarray, c: Ctx) -> np.ndarray:
    """One EM iteration (the map SQUAREM accelerates)."""
    x = Params.unpack(vec, c.n_i)
    base = c.ubar - x.gamma * c.p  # read by both steps
    e = estep(x, c, base)
    fixed = c.fixed()
    cand_g, rater_g, n_i = c.cand_g, c.rater_g, c.n_i
    # Each interview's own error: posterior mean kk (z - own), variance
    # eta (1 - kk) + kk^2 var_dev, with kk = eta it; its second moment in place.
    eta = x.eta_i[rater_g]
    kk = eta * e.it
    sq_eta = e.z - e.own[cand_g]
    sq_eta *= sq_eta
    sq_eta += e.var_dev[cand_g]
    sq_eta *= kk
    sq_eta -= eta
    sq_eta *= kk
    sq_eta += eta
    del eta, kk
    s2_theta = ig_update(float(np.sum(e.own**2 + e.var_dev)), c.n_c, PRIOR_THETA)
    sq_eta_i = np.bincount(rater_g, sq_eta, n_i)
    s2_eta = ig_update(float(np.sum(sq_eta_i)), len(sq_eta), PRIOR_ETA)
    # Each interviewer's own interview-level error, shrunk to the pool: coarse
    # or clipped ratings round all of an interview's competencies the same way,
    # an error that does not average out over competencies.
    eta_i = sq_eta_i + PRIOR_ETA_COUNT * s2_eta
    eta_i = np.maximum(eta_i / (fixed.n_int + PRIOR_ETA_COUNT), FLOOR)
    s2_job = ig_update(float(np.sum(e.job_mean**2 + e.job_var)), c.n_j, PRIOR_JOB)
    # Rater offsets and stretches: a 2x2 ridge regression per interviewer on
    # the posterior moments of the interview impressions, of
    # y1 = ubar - level - gamma p - job mean. The level is one per interviewer,
    # so it is taken out of their sums rather than out of every interview.
    w = fixed.w
    y0 = base
    y0 -= e.job_mean[c.job_c][cand_g]
    level_i = x.level[c.group]
    wex = w * e.ex
    a12 = np.bincount(rater_g, wex, n_i)
    b2 = np.bincount(rater_g, wex * y0, n_i) - level_i * a12 + 1.0 / x.s2_a
    wex *= e.ex
    wex += w * e.vx
    a22 = np.bincount(rater_g, wex, n_i) + 1.0 / x.s2_a
    del wex
    a11 = fixed.w_i + 1.0 / x.s2_b
    b1 = np.bincount(rater_g, w * y0, n_i) - level_i * fixed.w_i
    if c.use_prec is not None:  # the rating noise's reading of the scale use
        a22 = a22 + c.use_prec
        b2 = b2 + c.use_prec * c.use_obs
    det = a11 * a22 - a12**2
    if c.scale_use:
        b = (a22 * b1 - a12 * b2) / det
        a = np.clip((a11 * b2 - a12 * b1) / det, c.a_floor, 5.0)
    else:  # scale uses held at 1: severity alone, a 1-D ridge regression
        b = (b1 - a12) / a11
        a = np.ones(n_i)
    # A group's level and its interviewers' mean severity trade off one to one
    # (groups never met the same candidate): keep severities centred within each
    # group, the level taking the rest. Likelihood-neutral, and it removes a
    # ridge the EM would crawl along. The largest group's level stays 0 here
    # (its severities are centred between passes, into the competency offsets).
    shift = np.bincount(c.group, c.w_level * b, c.n_groups) / c.level_den
    shift[0] = 0.0
    b = b - shift[c.group]
    level = x.level + shift
    # Contrast from the within-candidate part of the regressor only (an
    # instrument): a shared, quality-sorted order moves every panelist's
    # regressor alike and is absorbed by the candidate, not read as contrast.
    # The residual is ubar - job mean - (level + b) - a ex; its per-job and
    # per-interviewer terms come out of the sum over interviews.
    wp_resid = (
        fixed.wp_ubar
        - float(np.sum(e.job_mean * fixed.wp_j))
        - float(np.sum((level[c.group] + b) * fixed.wp_i))
        - float(np.sum(a * np.bincount(rater_g, fixed.wp * e.ex, n_i)))
    )
    gamma = wp_resid / (fixed.wp_p + 1.0 / GAMMA_SD**2)
    new = Params(b, a, gamma, s2_theta, s2_eta, x.s2_b, x.s2_a, s2_job, eta_i, level)
    var_b, var_a = rater_variances(new, e, c)
    new.s2_b = ig_update(float(np.sum(b**2 + var_b)), n_i, PRIOR_B)
    new.s2_a = ig_update(float(np.sum((a - 1) ** 2 + var_a)), n_i, PRIOR_A)
    # Stretching every scale use by g and shrinking the latent sds by g leaves
    # the likelihood unchanged; EM would crawl along that ridge, so fix the
    # (robust) geometric mean of the scale uses at 1 in every iteration. Any g
    # is likelihood-neutral, so the choice only sets the reference: one-value
    # interviewers are left out of it (norm_weights) and log scale uses clipped
    # to +-LOG_A_CLIP inside it, so one degenerate rater cannot stretch everyone
    # else. One-value interviewers may go down to A_FLOOR_ONE_VALUE: left out of
    # the reference but held at the common floor, their uninformative ratings kept
    # too much weight (bench.stress "one-value raters", 4 orgs: gap closed 0.955,
    # ECE 0.025; with the lower floor 1.129 and 0.009; main 1.085 and 0.011).
    if c.w_conn.sum() > 0:
        log_a = np.clip(np.log(a), -LOG_A_CLIP, LOG_A_CLIP)
        gm = float(np.exp(np.sum(c.w_conn * log_a) / c.w_conn.sum()))
        new.a = a / gm
        # The job means are in rating units, outside the stretch: they stay.
        new.s2_theta, new.s2_eta = s2_theta * gm**2, s2_eta * gm**2
        new.eta_i = eta_i * gm**2
    if c.halo_newton:  # the halo variances do not crawl to their floor
        new.eta_i = stretched_halo(x, c, e.it, sq_eta, sq_eta_i, new, PRIOR_ETA_COUNT, PRIOR_ETA)
    return new.pack()
