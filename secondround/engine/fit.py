"""What a fit returns, and whether it can be believed.

:class:`Fit` holds every fitted quantity that the outputs read
(:func:`secondround.engine.model.fit_model` fills it); :func:`fit_is_sane` tells a fit
that drifted along a direction the design cannot pin down from one the data support.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .em_state import Params


@dataclass
class Fit:
    """Fitted quantities (latent [0, 1]-scale units unless said otherwise)."""

    theta: np.ndarray  # (C,) candidate standing (job mean included)
    var_own: np.ndarray  # (C,) standing's variance shared with no job mean or interviewer
    job_load: np.ndarray  # (C,) loading of the job mean's error on theta
    job_var: np.ndarray  # (J,) posterior variance of each job's mean
    var_total: np.ndarray  # (C,) standing's variance, rater and group-offset errors in
    var_dev: np.ndarray  # (C,) same, of the standing relative to the job's mean
    job_mean_c: np.ndarray  # (C,) posterior mean of each candidate's job's mean
    var_group: np.ndarray  # (C,) variance from the group's unidentified offset
    b: np.ndarray  # (I,) severity as reported (latent scale; params.b is the EM's)
    a: np.ndarray  # (I,) scale use as reported (params.a is the EM's)
    var_b: np.ndarray  # as the scores integrate it
    var_b_reported: np.ndarray  # as reported (reported_sds.reported_severity)
    var_a: np.ndarray  # as the scores integrate it
    var_a_reported: np.ndarray  # as reported (reported_sds.reported_scale_use)
    gamma: float
    var_gamma: float
    s2_i: np.ndarray  # (I,) per-rating noise variance (rating units)
    params: Params
    s2_delta: float
    delta: np.ndarray  # (cells,) candidate x competency profile
    delta_c: np.ndarray  # (C,) its mean over the job's competencies
    var_delta: np.ndarray
    z_g: np.ndarray  # (G,) calibrated interview impressions
    ubar_g: np.ndarray  # (G,) uncalibrated interview means (minus kappa)
    w_g: np.ndarray  # (G,) weight of each interview in its candidate's theta
    p_g: np.ndarray  # (G,) contrast regressor
    d_b: np.ndarray  # (G,) d theta_c / d b_i
    d_a: np.ndarray  # (G,) d theta_c / d a_i
    contrast_identified: bool  # the data say more about contrast than its prior
    # Latent units per face-value unit of the standings: what the end refit's scale uses
    # were divided by to a geometric mean of 1 (``Refit.scale``; 1 without a refit).
    # The outputs give the standings in the latent units the interviewers' report uses.
    unit: float = 1.0

    @property
    def s2_theta(self) -> float:
        return self.params.s2_theta

    @property
    def s2_eta(self) -> float:
        return self.params.s2_eta


# Ratings live in [0, 1]: a variance component or a standing beyond these bounds
# means the fit drifted along a direction the design cannot pin down.
SANE_VARIANCE = 1.0
SANE_STANDING = 2.0


def fit_is_sane(f: Fit) -> bool:
    """Whether a fit stayed within what ratings on [0, 1] can support.

    On tiny designs (a few interviewers with a handful of one-competency
    interviews) scale use is barely identified, and the EM can drift to extreme
    scale uses with variances growing without bound.
    """
    x = f.params
    variances = np.array([x.s2_theta, x.s2_eta, x.s2_job, x.s2_b, *x.eta_i])
    return bool(
        np.all(np.isfinite(f.theta))
        and np.all(np.isfinite(f.var_total))
        and np.all(variances < SANE_VARIANCE)
        and np.all(np.abs(f.theta) < SANE_STANDING)
    )
