"""Index structures of a ratings table: interviews, cells, contrast, connectivity.

An *interview* is one candidate met by one interviewer (all of that pair's
ratings). A *cell* is one candidate x competency. Everything here is computed
once per run with sorts and bincounts, never with a Python loop over ratings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

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
    connected: np.ndarray  # (I,) interviewer in the main (largest) group
    group: np.ndarray  # (I,) interviewer's connected group, 0 = the largest by ratings
    cand_group: np.ndarray  # (C,) the group of the candidate's interviewers
    one_value: np.ndarray  # (I,) interviewer whose ratings never vary (one value)
    n_tied: int  # interviews whose order within their interviewer is unknown (equal times)
    time_order: np.ndarray  # (G,) interviews sorted by interviewer, then time (ties by label)
    time_g: np.ndarray  # (G,) interview time in seconds (its earliest rating's)
    width: float  # reference scale width in rating points
    point_i: np.ndarray  # (I,) distance between scale points in [0, 1] units, per interviewer
    ref_min: int
    ref_max: int

    @property
    def n_interviews(self) -> int:
        return int(self.n_g.shape[0])

    @cached_property
    def rater_r(self) -> np.ndarray:
        """(n,) interviewer of each rating (formed once: a pass over a million ratings).

        Read-only: the fit's stages share it.
        """
        rater_r = self.rater_g[self.g]
        rater_r.flags.writeable = False
        return rater_r


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
    ukey, g, by_interview, starts = sorted_groups(key)
    n_g = np.bincount(g, minlength=len(ukey))
    cand_g = ukey // n_int
    rater_g = ukey % n_int
    # An interview's time is its earliest rating's time.
    time_g = np.minimum.reduceat(t.time[by_interview], starts)
    label_g = label_rank_of(t)[cand_g]
    time_order = interviewer_time_order(rater_g, time_g, label_g)
    prev_g, n_tied = previous_interviews(rater_g, time_g, label_g, time_order)

    ckey = t.candidate * n_comp + t.competency
    uckey, cell, _, _ = sorted_groups(ckey)

    job_c = np.zeros(n_cand, dtype=np.int64)
    job_c[t.candidate] = t.job

    group, cand_group = interviewer_groups(rater_g, cand_g, n_cand, t)
    # One-value interviewers: no spread around their own mean (bincounts, not
    # ufunc.at, which is ten times slower on a million ratings).
    n_i = np.bincount(t.interviewer, minlength=n_int)
    mean_i = np.bincount(t.interviewer, u, n_int) / np.maximum(n_i, 1)
    spread_i = np.bincount(t.interviewer, (u - mean_i[t.interviewer]) ** 2, n_int)
    point_i = scale_points(t.interviewer, span, n_i)

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
        n_i=n_i,
        connected=group == 0,
        group=group,
        cand_group=cand_group,
        one_value=spread_i < 1e-12,
        n_tied=n_tied,
        time_order=time_order,
        time_g=time_g,
        width=float(ref_max - ref_min),
        point_i=point_i,
        ref_min=ref_min,
        ref_max=ref_max,
    )


def on_an_end(u: np.ndarray) -> np.ndarray:
    """Which ratings (on the [0, 1] scale, ``Design.u``) sit on an end of their scale."""
    return (u <= 1e-9) | (u >= 1 - 1e-9)


def scale_points(interviewer: np.ndarray, span: np.ndarray, n_i: np.ndarray) -> np.ndarray:
    """Each interviewer's distance between scale points in [0, 1] units (I,): ``1 / span``
    of their scale, the mean over their ratings if they rated on several.

    A rating's rounding is on its own scale, not the reference's: a point of a 0-100
    scale is a hundredth, whatever scale most ratings use.
    """
    n_int = len(n_i)
    count = np.maximum(n_i, 1)
    # Spans are small integers: their sums, and so the mean of one span, are exact.
    mean_span = np.bincount(interviewer, span, n_int) / count
    mixed = np.bincount(interviewer, (span - mean_span[interviewer]) ** 2, n_int) > 0
    mean_point = np.bincount(interviewer, 1.0 / span, n_int) / count
    return np.where(mixed, mean_point, 1.0 / np.where(n_i > 0, mean_span, 1.0))


def sorted_groups(key: np.ndarray) -> tuple[np.ndarray, ...]:
    """``np.unique(key, return_inverse=True)``, and the rows sorted by group.

    Returns the unique keys (sorted), each row's group, the rows in group order and
    where each group starts among them: per-group reductions (``ufunc.reduceat``)
    then need no second sort (``np.minimum.at`` took 50 ms on a million ratings).
    """
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first = np.empty(len(key), dtype=bool)
    first[:1] = True
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=first[1:])
    group = np.empty(len(key), dtype=np.int64)
    group[order] = np.cumsum(first) - 1
    return sorted_key[first], group, order, np.flatnonzero(first)


def connected_labels(src: np.ndarray, dst: np.ndarray, n_nodes: int) -> np.ndarray:
    """Connected component of each node of an undirected graph, numbered 0, 1, ...

    Labels are hooked and compressed (Shiloach-Vishkin): every node points to a node
    of lower index in its component, each round hooks every root onto the lowest root
    it shares an edge with and jumps pointers until every node points at its root; it
    stops when every edge joins two nodes of one root. A few rounds of passes over the
    edges (4 on the 1M-rating file), where ``scipy.sparse.csgraph`` cost 0.13 s of
    imports (``scipy.linalg`` with it) in the command line. Components are numbered by
    their lowest node (the caller renumbers them anyway).

    Parameters
    ----------
    src, dst : (m,) int arrays
        The edges' two ends (an edge joins both ways).
    n_nodes : int
        Nodes are 0 .. n_nodes - 1; a node without edges is a component of its own.

    Returns
    -------
    (n_nodes,) int array
        Each node's component, 0 .. (number of components - 1).
    """
    lab = np.arange(n_nodes)
    while True:
        ls, ld = lab[src], lab[dst]
        differ = ls != ld
        if not differ.any():
            break
        lo, hi = np.minimum(ls[differ], ld[differ]), np.maximum(ls[differ], ld[differ])
        # Roots only (lab is compressed): a root moves to a lower index, so there are
        # no cycles. The lowest, not any one of several writes: with an arbitrary one a
        # star whose centre has the highest index took a round per leaf.
        np.minimum.at(lab, hi, lo)
        while True:
            jumped = lab[lab]
            if np.array_equal(jumped, lab):
                break
            lab = jumped
    return np.unique(lab, return_inverse=True)[1]


def label_rank_of(t: RatingsTable) -> np.ndarray:
    """Rank of each candidate's label (C,): a row-order-free tie breaker."""
    rank = np.empty(len(t.candidate_ids), dtype=np.int64)
    rank[np.argsort(t.candidate_ids, kind="stable")] = np.arange(len(t.candidate_ids))
    return rank


def interviewer_time_order(
    rater_g: np.ndarray, time_g: np.ndarray, label_g: np.ndarray
) -> np.ndarray:
    """``np.lexsort((label_g, time_g, rater_g))``: by interviewer, then time, then label.

    One sort of a combined integer key where it fits in 63 bits (at 1M ratings half
    the time of ``lexsort``'s three sorts). The keys are unique (one interview per
    candidate and interviewer, one label per candidate), so the order is the same. The
    key needs ids from 0 (a design's are); others fall back to ``lexsort``.
    """
    if len(rater_g) == 0 or min(rater_g.min(), label_g.min()) < 0:
        return np.lexsort((label_g, time_g, rater_g))
    times, time_rank = np.unique(time_g, return_inverse=True)
    n_raters = int(rater_g.max()) + 1
    n_labels = int(label_g.max()) + 1
    if n_raters * len(times) * n_labels >= 2**63:
        return np.lexsort((label_g, time_g, rater_g))
    return np.argsort((rater_g * len(times) + time_rank) * n_labels + label_g)


def previous_interviews(
    rater_g: np.ndarray,
    time_g: np.ndarray,
    label_g: np.ndarray,
    order: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Each interview's predecessor by the same interviewer (-1 when unknown).

    Interviews are ordered by time within each interviewer. Equal times give no
    order: an interview that shares its time with another of the same
    interviewer has no known predecessor, and neither has the interview after
    such a tie (which of the tied ones came last is unknown). Returns the
    predecessors and the number of interviews in ties. ``order``, if given, is
    ``np.lexsort((label_g, time_g, rater_g))`` (the caller's, not sorted again).
    """
    G = len(rater_g)
    if order is None:
        order = np.lexsort((label_g, time_g, rater_g))
    r, tm = rater_g[order], time_g[order]
    same = np.r_[False, r[1:] == r[:-1]]  # same interviewer as the one before
    tie = same & np.r_[False, tm[1:] == tm[:-1]]  # ... at the same time
    in_tie = tie | np.r_[tie[1:], False]
    # The one before must be a known, single interview at an earlier time.
    ok = same & ~in_tie & ~np.r_[False, in_tie[:-1]]
    prev_g = np.full(G, -1, dtype=np.int64)
    prev_sorted = np.r_[-1, order[:-1]]
    prev_g[order[ok]] = prev_sorted[ok]
    return prev_g, int(in_tie.sum())


def interviewer_groups(
    rater_g: np.ndarray, cand_g: np.ndarray, n_cand: int, t: RatingsTable
) -> tuple[np.ndarray, np.ndarray]:
    """Connected groups of the interviewer-candidate graph.

    Severities are only comparable inside a group (interviewers linked through
    shared candidates); each group is calibrated, up to one offset per group.
    Groups are numbered by ratings, largest first (equal sizes by their first
    interviewer label, so that row order never matters). Returns the group of each
    interviewer (I,) and of each candidate (C,).
    """
    n_int = len(t.interviewer_ids)
    return ranked_groups(connected_labels(rater_g, n_int + cand_g, n_int + n_cand), t)


def ranked_groups(labels: np.ndarray, t: RatingsTable) -> tuple[np.ndarray, np.ndarray]:
    """Components ``labels`` of the graph (interviewers, then candidates) renumbered as
    :func:`interviewer_groups` numbers them; returns the interviewers' and candidates'."""
    n_int = len(t.interviewer_ids)
    size = np.bincount(labels[t.interviewer], minlength=labels.max() + 1)
    label_rank = np.empty(n_int, dtype=np.int64)
    label_rank[np.argsort(t.interviewer_ids, kind="stable")] = np.arange(n_int)
    first = np.full(len(size), n_int)
    np.minimum.at(first, labels[:n_int], label_rank)
    rank = np.empty(len(size), dtype=np.int64)
    rank[np.lexsort((first, -size))] = np.arange(len(size))
    return rank[labels[:n_int]], rank[labels[n_int:]]
