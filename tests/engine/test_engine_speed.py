"""The rewrites of branch ``speed`` (issue #11) against the computations they replace."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from secondround.engine.design import build_design, connected_labels, ranked_groups
from secondround.engine.table import RatingsTable

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labellings put the same nodes together (up to the labels' names)."""
    pairs = np.unique(np.stack([a, b]), axis=1)
    return pairs.shape[1] == len(np.unique(a)) == len(np.unique(b))


@SETTINGS
@given(
    n_nodes=st.integers(1, 40),
    edges=st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=80),
)
def test_connected_labels_are_scipys_components(n_nodes, edges):
    edges = [(s % n_nodes, d % n_nodes) for s, d in edges]
    src = np.array([s for s, _ in edges], dtype=np.int64)
    dst = np.array([d for _, d in edges], dtype=np.int64)
    labels = connected_labels(src, dst, n_nodes)
    adj = sparse.coo_matrix((np.ones(len(src)), (src, dst)), shape=(n_nodes, n_nodes))
    n_ref, ref = connected_components(adj, directed=False)
    assert same_partition(labels, ref)
    # Numbered 0, 1, ... by lowest node.
    assert labels.max() + 1 == n_ref
    firsts = [int(np.flatnonzero(labels == k)[0]) for k in range(n_ref)]
    assert firsts == sorted(firsts)


def test_connected_labels_on_a_long_chain_and_a_star():
    # A path whose nodes are numbered against its order: hooking must still reach one root.
    perm = np.random.default_rng(0).permutation(5000)
    labels = connected_labels(perm[:-1], perm[1:], 5000)
    assert np.all(labels == 0)
    # A star whose centre has the highest index, leaves in increasing order: hooking
    # onto an arbitrary neighbour took one round per leaf, onto the lowest two.
    n = 20_000
    labels = connected_labels(np.full(n - 1, n - 1), np.arange(n - 1), n + 1)
    assert np.all(labels[:n] == 0) and labels[n] == 1


def plain_groups(d, t: RatingsTable) -> tuple[np.ndarray, np.ndarray]:
    """design.interviewer_groups as written before branch ``speed`` (scipy's components)."""
    n_int, n_cand = len(t.interviewer_ids), len(t.candidate_ids)
    adj = sparse.coo_matrix(
        (np.ones(len(d.rater_g)), (d.rater_g, n_int + d.cand_g)),
        shape=(n_int + n_cand, n_int + n_cand),
    )
    _, labels = connected_components(adj, directed=False)
    return ranked_groups(labels, t)


def several_organisations(seed: int, n_tables: int) -> RatingsTable:
    """Simulated organisations side by side (ids prefixed by their number): separate groups."""
    from secondround.engine.simulate import simulate

    cols = {k: [] for k in ("job", "candidate", "interviewer", "competency")}
    ints = {k: [] for k in ("rating", "scale_min", "scale_max", "time")}
    for k in range(n_tables):
        t = simulate(n_jobs=3 + k, team=4 + k, seed=seed + k).table
        for name, ids, codes in (
            ("job", t.job_ids, t.job),
            ("candidate", t.candidate_ids, t.candidate),
            ("interviewer", t.interviewer_ids, t.interviewer),
        ):
            cols[name] += [f"{k}-{v}" for v in ids[codes].tolist()]
        cols["competency"] += t.competency_ids[t.competency].tolist()
        for name in ints:
            ints[name] += getattr(t, name).tolist()
    table = RatingsTable.from_columns(
        *cols.values(), ints["rating"], ints["scale_min"], ints["scale_max"], ints["time"]
    )
    return table


@SETTINGS
@given(seed=st.integers(0, 2**16), n_tables=st.integers(1, 4))
def test_design_groups_are_those_of_scipys_components(seed, n_tables):
    table = several_organisations(seed, n_tables)
    d = build_design(table)
    group, cand_group = plain_groups(d, table)
    assert np.array_equal(d.group, group) and np.array_equal(d.cand_group, cand_group)
    assert d.group.max() + 1 >= n_tables


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16), n_tables=st.integers(1, 3), sparse_table=st.booleans())
def test_competencies_per_candidate_counts_the_pairs_seen(seed, n_tables, sparse_table):
    from secondround.engine import rating_level

    d = build_design(several_organisations(seed, n_tables))
    n_comp = int(d.comp.max()) + 1
    pairs = np.unique(d.job_c[d.cand_g[d.g]] * n_comp + d.comp)
    plain = np.bincount(pairs // n_comp, minlength=int(d.job_c.max()) + 1)[d.job_c]
    if sparse_table:  # as if the table were too large: the np.unique branch
        d.comp = d.comp * (4 * len(d.comp))
    assert np.array_equal(rating_level.competencies_per_candidate(d), plain.astype(float))
