"""Score 0 is the job's average candidate on the calibrated scale, whatever the
interviewers' scale uses."""

import numpy as np

from secondround.engine import RatingsTable, calibrate

from .cases import wide_and_narrow


def test_zero_is_the_jobs_average_candidate_when_scale_uses_differ():
    recs, truth = wide_and_narrow()
    res = calibrate(RatingsTable.from_records(recs))
    by_job: dict[str, list[tuple[float, float]]] = {}
    for c in res.candidates:
        by_job.setdefault(c.job, []).append((c.score, truth[c.candidate][1]))
    means = np.array([np.mean([s for s, _ in pairs]) for pairs in by_job.values()])
    true_means = np.array([np.mean([t for _, t in pairs]) for pairs in by_job.values()])
    # Each job's scores centre on its own average candidate, not on the pool's
    # level stretched by whoever interviewed it (before: job means up to 1.15
    # points from 0, SD 0.49 where the five candidates' true means have SD 0.27).
    assert np.abs(means).max() < 1e-6
    assert all(c.sd > 0 for c in res.candidates)
    # Within jobs the order still follows the truth.
    dev = np.concatenate([[s - m for s, _ in p] for p, m in zip(by_job.values(), means)])
    tdev = np.concatenate([[t - m for _, t in p] for p, m in zip(by_job.values(), true_means)])
    assert np.corrcoef(dev, tdev)[0, 1] > 0.8
    # A competency's score averages to the overall score, so it is centred alike.
    c = res.candidates[0]
    comp_mean = np.mean([v.score for v in c.competencies.values()])
    assert abs(comp_mean - c.score) < 0.05
