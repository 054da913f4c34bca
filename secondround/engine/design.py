"""Index structures of a ratings table: interviews, cells, contrast, connectivity.

An *interview* is one candidate met by one interviewer (all of that pair's
ratings). A *cell* is one candidate x competency. Everything here is computed
once per run with sorts and bincounts, never with a Python loop over ratings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .table import RatingsTable


@dataclass
class Design:
    """Everything the fit needs about the layout of the data.

    Units: ``u`` is the rating mapped to [0, 1] on its own scale
    (``(rating - scale_min) / (scale_max - scale_min)``); the *reference scale*
    is the most used (scale_min, scale_max) pair, and ``width`` converts the
    [0, 1] units back to its rating points.
    """

    n: int
    u: np.ndarray  # (n,) normalised rating
    comp: np.ndarray  # (n,) competency code
    g: np.ndarray  # (n,) interview index of each rating
    cell: np.ndarray  # (n,) candidate x competency cell of each rating
    n_g: np.ndarray  # (G,) ratings per interview
    cand_g: np.ndarray  # (G,) candidate of each interview
    rater_g: np.ndarray  # (G,) interviewer of each interview
    prev_g: np.ndarray  # (G,) the interviewer's previous interview, -1 for the first
    cell_cand: np.ndarray  # (cells,) candidate of each cell
    cell_comp: np.ndarray  # (cells,) competency of each cell
    job_c: np.ndarray  # (C,) job of each candidate
    n_c: np.ndarray  # (C,) ratings per candidate
    n_i: np.ndarray  # (I,) ratings per interviewer
    connected: np.ndarray  # (I,) interviewer in the main connected component
    width: float  # reference scale width in rating points
    ref_min: int
    ref_max: int

    @property
    def n_interviews(self) -> int:
        return int(self.n_g.shape[0])


def build_design(t: RatingsTable) -> Design:
    """Index a validated table (see :class:`Design`)."""
    n = len(t)
    n_cand = len(t.candidate_ids)
    n_int = len(t.interviewer_ids)
    n_comp = len(t.competency_ids)
    span = (t.scale_max - t.scale_min).astype(np.float64)
    u = (t.rating - t.scale_min) / span
    # Reference scale: the (min, max) pair carrying the most ratings.
    pair = t.scale_min * 1_000_003 + t.scale_max
    vals, counts = np.unique(pair, return_counts=True)
    best = vals[np.argmax(counts)]
    ref_max = int(t.scale_max[np.flatnonzero(pair == best)[0]])
    ref_min = int(t.scale_min[np.flatnonzero(pair == best)[0]])

    key = t.candidate * n_int + t.interviewer
    ukey, g = np.unique(key, return_inverse=True)
    n_g = np.bincount(g, minlength=len(ukey))
    cand_g = ukey // n_int
    rater_g = ukey % n_int
    # An interview's time is its earliest rating's time.
    time_g = np.full(len(ukey), np.inf)
    np.minimum.at(time_g, g, t.time)
    # Contrast: order each interviewer's interviews by time; ties broken by
    # candidate label so that the order never depends on row order.
    label_rank = np.empty(n_cand, dtype=np.int64)
    label_rank[np.argsort(t.candidate_ids, kind="stable")] = np.arange(n_cand)
    order = np.lexsort((label_rank[cand_g], time_g, rater_g))
    prev_g = np.full(len(ukey), -1, dtype=np.int64)
    same = rater_g[order[1:]] == rater_g[order[:-1]]
    prev_g[order[1:][same]] = order[:-1][same]

    ckey = t.candidate * n_comp + t.competency
    uckey, cell = np.unique(ckey, return_inverse=True)

    job_c = np.zeros(n_cand, dtype=np.int64)
    job_c[t.candidate] = t.job

    # Connectivity of the interviewer-candidate graph: severities are only
    # comparable inside one component, so we keep the largest (by ratings) and
    # pull the others' interviewers to the prior.
    adj = sparse.coo_matrix(
        (np.ones(len(ukey)), (rater_g, n_int + cand_g)), shape=(n_int + n_cand, n_int + n_cand)
    )
    _, labels = connected_components(adj, directed=False)
    size = np.bincount(labels[t.interviewer], minlength=labels.max() + 1)
    main = int(np.argmax(size))
    connected = labels[:n_int] == main

    return Design(
        n=n,
        u=u,
        comp=t.competency,
        g=g,
        cell=cell,
        n_g=n_g,
        cand_g=cand_g,
        rater_g=rater_g,
        prev_g=prev_g,
        cell_cand=uckey // n_comp,
        cell_comp=uckey % n_comp,
        job_c=job_c,
        n_c=np.bincount(t.candidate, minlength=n_cand),
        n_i=np.bincount(t.interviewer, minlength=n_int),
        connected=connected,
        width=float(ref_max - ref_min),
        ref_min=ref_min,
        ref_max=ref_max,
    )
