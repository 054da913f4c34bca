"""The rewrites of branch ``speed3`` (issue #11) against the computations they replace."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondround.engine import cli
from secondround.engine.csvio import _factorize
from secondround.engine.design import interviewer_time_order

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 30)), min_size=1, max_size=60, unique=True
    ),
    times=st.lists(st.sampled_from([0.0, -0.0, 1.5, 2.0, -3.25, 1e9]), min_size=60, max_size=60),
    huge_labels=st.booleans(),
)
def test_interviewer_time_order_is_lexsorts(pairs, times, huge_labels):
    # One interview per (interviewer, candidate), as in a design; times tie often.
    rater_g = np.array([r for r, _ in pairs], dtype=np.int64)
    label_g = np.array([c for _, c in pairs], dtype=np.int64)
    if huge_labels:  # the combined key would not fit in 63 bits: lexsort itself
        label_g = label_g * 2**58  # still within int64 (30 * 2**58 < 2**63)
    time_g = np.array(times[: len(pairs)])
    expected = np.lexsort((label_g, time_g, rater_g))
    np.testing.assert_array_equal(interviewer_time_order(rater_g, time_g, label_g), expected)


def test_interviewer_time_order_with_negative_ids_is_lexsorts():
    # The combined key assumes ids from 0; anything else falls back to lexsort itself.
    rater_g = np.array([0, 0, -1, 2])
    label_g = np.array([5, -(2**62), 3, 0])
    time_g = np.array([1.0, 1.0, 0.0, 2.0])
    expected = np.lexsort((label_g, time_g, rater_g))
    np.testing.assert_array_equal(interviewer_time_order(rater_g, time_g, label_g), expected)


@SETTINGS
@given(
    values=st.lists(st.sampled_from(["a", "b", " a", "J10", "", "é", "1", "01"]), max_size=40),
    repeat=st.integers(1, 4),
    runs=st.booleans(),
)
def test_factorize_is_pandas_first_appearance_factorize(values, repeat, runs):
    # Runs of equal values (an interview's rows) and values coming back after others.
    column = np.repeat(np.array(values, dtype=object), repeat)
    expected_codes, expected_labels = pd.factorize(column, sort=False)
    codes, labels = _factorize(column, runs=runs)
    np.testing.assert_array_equal(codes, expected_codes)
    assert labels.dtype == object
    assert labels.tolist() == list(expected_labels)


@pytest.mark.parametrize("preset", [None, "1"])
def test_command_line_turns_numpys_huge_page_advice_off_unless_set(tmp_path, monkeypatch, preset):
    from numpy._core.multiarray import _get_madvise_hugepage, _set_madvise_hugepage

    if preset is None:
        monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    else:
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", preset)
    ratings = tmp_path / "r.csv"
    ratings.write_text(
        "job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at\n"
        "J,C1,I1,x,3,1,5,2025-01-01T10:00:00\n"
        "J,C2,I1,x,4,1,5,2025-01-02T10:00:00\n"
    )
    before = _set_madvise_hugepage(True)
    try:
        assert cli.main([str(ratings), "--json", str(tmp_path / "o.json"), "--quiet"]) == 0
        assert _get_madvise_hugepage() is (preset is not None)
    finally:
        _set_madvise_hugepage(before)


def test_ids_that_look_like_numbers_stay_distinct_strings_in_file_order(tmp_path):
    # Read as a pandas category, "1", "01" and "1.0" became one number (pandas 3 infers
    # numeric categories): every id column must keep them apart, as text.
    from secondround.engine.csvio import read_ratings_csv

    ratings = tmp_path / "r.csv"
    ratings.write_text(
        "job,candidate,interviewer,competency,rating,scale_min,scale_max,interviewed_at\n"
        "01,1.0,1,1.0,3,1,5,2025-01-01T10:00:00\n"
        "01,1.0,1,01,4,1,5,2025-01-01T10:00:00\n"
        "1,01,01,1,2,1,5,2025-01-02T10:00:00\n"
        "1.0,1,1.0,1.0,5,1,5,2025-01-03T10:00:00\n"
    )
    table = read_ratings_csv(ratings)
    assert table.job_ids.tolist() == ["01", "1", "1.0"]
    assert table.candidate_ids.tolist() == ["1.0", "01", "1"]
    assert table.interviewer_ids.tolist() == ["1", "01", "1.0"]
    assert table.competency_ids.tolist() == ["1.0", "01", "1"]
    assert table.competency.tolist() == [0, 1, 2, 0]
