"""What the interview-level EM (``em.py``) reads and writes.

Its data (:class:`Ctx`, and :class:`EmFixed`, the sums that stay fixed while it runs),
its parameters (:class:`Params`, packed into one vector for the accelerator) and the
E-step's posterior quantities (:class:`EStep`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLOOR = 1e-6  # smallest variance
N_VAR = 5  # variance components in the parameter vector
# Scale uses stay above A_FLOOR. An interviewer who gives one value carries no
# information on candidates: their scale use may go lower, so that their
# ratings count for (almost) nothing once they are left out of the reference.
A_FLOOR = 0.2
A_FLOOR_ONE_VALUE = 0.05  # reach of one interviewer in the scale-use reference


def within_candidate(p: np.ndarray, w: np.ndarray, cand_g: np.ndarray, n_c: int) -> np.ndarray:
    """The contrast regressor minus its weighted mean over the candidate's interviews.

    What is left differs between the panelists of one candidate (each met a
    different previous candidate, or saw the same one differently). It cannot
    follow the candidate's quality, so an interview order shared by the panel
    and sorted by quality does not enter it.
    """
    sw = np.bincount(cand_g, w, n_c)
    mean = np.bincount(cand_g, w * p, n_c) / np.where(sw > 0, sw, 1.0)
    return p - mean[cand_g]


@dataclass
class Ctx:
    """Data of one interview-level fit (fixed while the EM runs)."""

    ubar: np.ndarray  # (G,) interview mean of (rating - competency offset)
    p: np.ndarray  # (G,) contrast regressor
    s2_i: np.ndarray  # (I,) per-rating noise variance
    n_g: np.ndarray  # (G,) ratings per interview (float)
    cand_g: np.ndarray
    rater_g: np.ndarray
    job_c: np.ndarray  # (C,) job of each candidate
    n_c: int
    n_i: int
    n_j: int
    w_conn: np.ndarray  # (I,) weights of the interviewers who set the scale (norm_weights)
    group: np.ndarray  # (I,) each interviewer's group (0 = the largest)
    w_level: np.ndarray  # (I,) weights of the interviewers who set their group's level
    a_floor: np.ndarray  # (I,) lowest scale use (A_FLOOR; lower for one-value raters)
    scale_use: bool = True  # estimate scale uses (else all held at 1)
    p_iv: np.ndarray | None = None  # (G,) instrument for the contrast (default: p)
    # What each interviewer's rating noise says of their scale use, as a Gaussian
    # observation of a_i: its value and precision (0 where it says nothing; see
    # model.noise_scale_use). None: not used.
    use_obs: np.ndarray | None = None
    use_prec: np.ndarray | None = None
    # A Newton step on the halo variances (halo_newton.py): the ordinal likelihood's
    # halo variance heads for its floor, which plain EM approaches ever more slowly.
    halo_newton: bool = False

    def __setattr__(self, name: str, value: object) -> None:
        # The M-step's fixed sums read ubar (and s_g, see below): setting it anew
        # drops them; read-only, so that a change in place, which they would miss, raises.
        if name == "ubar":
            value.flags.writeable = False
            object.__setattr__(self, "_fixed", None)
        object.__setattr__(self, name, value)

    def __post_init__(self) -> None:
        # Fixed while the EM runs: the noise variance of each interview mean.
        self.s_g = self.s2_i[self.rater_g] / self.n_g
        # The instrument's within-candidate part (see em_map and contrast.py).
        p_iv = self.p if self.p_iv is None else self.p_iv
        self.p_in = within_candidate(p_iv, 1.0 / self.s_g, self.cand_g, self.n_c)
        self.n_groups = int(self.group.max()) + 1
        self.level_den = np.bincount(self.group, self.w_level, self.n_groups)

    @property
    def s_g(self) -> np.ndarray:
        """(G,) noise variance of each interview mean.

        Set anew by model.py and propagation.py; setting it drops :meth:`fixed`'s sums.
        Read-only, so that a change in place, which they would miss, raises.
        """
        return self._s_g

    @s_g.setter
    def s_g(self, value: np.ndarray) -> None:
        value.flags.writeable = False
        self._s_g = value
        self._fixed: EmFixed | None = None  # rebuilt from the new noise when needed

    def fixed(self) -> EmFixed:
        """The M-step's sums that do not change while the EM runs.

        Built once per ``s_g`` and ``ubar``; the other fields they read (``p``,
        ``p_in``, ``rater_g``, ``job_c``, ``cand_g``) are, by convention, never set after
        construction.
        """
        if self._fixed is None:
            self._fixed = EmFixed.of(self)
        return self._fixed


@dataclass
class EmFixed:
    """Sums the M-step reads in every iteration that depend on the data only.

    Interview-length arrays are the costly part of an EM iteration (each numpy
    operation on them is a pass over a few megabytes at a million ratings): what
    does not depend on the parameters is computed once per :class:`Ctx`.
    """

    w: np.ndarray  # (G,) 1 / s_g, each interview mean's precision
    w_i: np.ndarray  # (I,) its sum per interviewer
    n_int: np.ndarray  # (I,) interviews per interviewer
    wp: np.ndarray  # (G,) w times the instrument's within-candidate part
    wp_i: np.ndarray  # (I,) its sum per interviewer
    wp_p: float  # sum of wp * p
    wp_ubar: float  # sum of wp * ubar
    wp_j: np.ndarray  # (J,) sum of wp over each job's interviews

    @classmethod
    def of(cls, c: Ctx) -> EmFixed:
        """The sums of ``c``'s current interview noise and interview means."""
        w = 1.0 / c.s_g
        wp = w * c.p_in
        return cls(
            w,
            np.bincount(c.rater_g, w, c.n_i),
            np.bincount(c.rater_g, minlength=c.n_i),
            wp,
            np.bincount(c.rater_g, wp, c.n_i),
            float(np.sum(wp * c.p)),
            float(np.sum(wp * c.ubar)),
            np.bincount(c.job_c[c.cand_g], wp, c.n_j),
        )


@dataclass
class Params:
    """Parameters of the interview-level model."""

    b: np.ndarray
    a: np.ndarray
    gamma: float
    s2_theta: float
    s2_eta: float
    s2_b: float
    s2_a: float
    s2_job: float
    eta_i: np.ndarray  # (I,) each interviewer's interview-level error variance
    level: np.ndarray  # (groups,) each group's level (0 for the largest; see em_map)

    def pack(self) -> np.ndarray:
        """One vector (variances on the log scale) for the accelerator."""
        var = [self.s2_theta, self.s2_eta, self.s2_b, self.s2_a, self.s2_job]
        return np.concatenate(
            [self.b, self.a, [self.gamma], np.log(var), np.log(self.eta_i), self.level]
        )

    @classmethod
    def unpack(cls, x: np.ndarray, n: int) -> Params:
        end = 2 * n + 1 + N_VAR + n
        s2 = np.exp(np.clip(x[2 * n + 1 : end], np.log(FLOOR), 5.0))
        a = np.clip(x[n : 2 * n], A_FLOOR_ONE_VALUE, 5.0)
        return cls(x[:n], a, float(x[2 * n]), *map(float, s2[:N_VAR]), s2[N_VAR:], x[end:])


@dataclass
class EStep:
    """Posterior quantities given the parameters."""

    theta: np.ndarray  # (C,) posterior mean standing
    var: np.ndarray  # (C,) posterior variance
    var_own: np.ndarray  # (C,) the part not shared with the job's mean
    job_load: np.ndarray  # (C,) loading of the job mean's error on theta
    job_mean: np.ndarray  # (J,) posterior mean of each job's mean standing
    job_var: np.ndarray  # (J,)
    z: np.ndarray  # (G,) calibrated interview impression, the job's mean removed
    it: np.ndarray  # (G,) its precision 1 / tau^2
    m: np.ndarray  # (G,) candidate mean without this interview
    q: np.ndarray  # (G,) prior variance of the interview's impression
    ex: np.ndarray  # (G,) posterior mean of the interview's impression
    vx: np.ndarray  # (G,) and its variance
    s_g: np.ndarray  # (G,) noise variance of the interview mean
    own: np.ndarray  # (C,) standing relative to the job's mean
    var_dev: np.ndarray  # (C,) its posterior variance
    z_raw: np.ndarray  # (G,) calibrated impression with the job's offset
