"""bench.drift_guard: the drift step models drift where interviewers drift, not elsewhere."""

from bench.drift_guard import guard_counts


def test_the_guard_fires_on_drift_and_stays_shut_on_the_reference():
    drift = guard_counts("drift", range(1000, 1002))
    reference = guard_counts("reference (engine's model)", range(1000, 1002))
    # Three fit passes per organisation, each calling the drift step once.
    assert drift["calls"] == reference["calls"] == 6
    assert drift["last_fired"] == 2 and drift["fired"] >= 4
    assert reference["fired"] == 0 and reference["last_fired"] == 0


def test_the_guard_fires_on_the_wandering_drift_control():
    wandering = guard_counts("wandering drift (control for drift)", range(1000, 1002))
    assert wandering["calls"] == 6 and wandering["last_fired"] == 2
