"""bench.convergence: the fit as it is against the same fit run to 1e-8."""

from bench.convergence import compare
from bench.simulate import simulate_n, write_ratings_csv
from secondround.engine import model


def test_the_loose_stop_is_measured_against_the_tight_fit(tmp_path, monkeypatch):
    path = tmp_path / "ratings.csv"
    write_ratings_csv(simulate_n(20_000, seed=3), path)
    # A small file converges tightly anyway: make it take the large-file stop.
    monkeypatch.setattr(model, "SMALL_G", 0)
    out = compare(str(path))
    loose, tight = out["passes"]
    assert len(loose) == len(tight) == 3
    assert all(evals <= 60 for evals, _ in loose)
    assert sum(e for e, _ in tight) > sum(e for e, _ in loose)
    # The loose stop is near the fixed point, but not on it.
    assert 0 < out["diff"]["score"].max() < 0.05
    assert out["diff"]["p_best"].max() < 0.1
    # The switch is put back: the next fit takes the large-file stop again.
    assert model.SMALL_G == 0
